// Spreadsheet import of experts (issue #5): upload → check against the registry and the pool (row
// errors, preview of inserts / updates / unchanged) → all-or-nothing commit. An expert file has at most
// a few thousand rows, so the check runs synchronously; the file is kept (content-addressed) so the
// commit checks exactly the bytes that were previewed, again, inside its transaction.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import type { Clock } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import type { FileService } from '../../platform/files/files.service.ts';
import { expertPolicy } from './experts.policy.ts';
import { experts, expertPublications } from './experts.tables.ts';
import { planImport, type ImportPlan } from './experts.import.plan.ts';
import { isEmptyRow, mapHeader, MAX_IMPORT_ROWS, parseRow, rowError, type Cell, type ParsedExpert, type RowError } from './experts.import.rules.ts';
import './experts.events.ts';

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OWNER_TYPE = 'expert_import';
/** Declared unpacked size refused before an xlsx is opened (a "zip bomb" guard). */
const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;

export interface ImportResult extends Omit<ImportPlan, 'ops'> {
  fileId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  sha256: string;
  ignoredColumns: string[];
  committed: boolean;
}

/** A CSV in another encoding (GBK from Excel on Chinese Windows, UTF-16) is refused with its own code instead of being misread. */
export function assertUtf8Csv(data: Buffer, filename: string): void {
  if (!/\.csv$/i.test(filename)) return;
  const utf16 = (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff);
  if (utf16 || (!data.includes(0) && !isUtf8(data))) throw new AppError('CSV_NOT_UTF8', 'the file is not UTF-8 encoded');
}

/** Sum of the uncompressed sizes the zip directory declares. */
function declaredUnpackedBytes(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    let p = buf.readUInt32LE(i + 16);
    let total = 0;
    for (let n = buf.readUInt16LE(i + 10); n > 0; n--) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error('broken zip directory');
      total += buf.readUInt32LE(p + 24);
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    return total;
  }
  throw new Error('not a zip archive');
}

function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return null;
}

/** The records of a CSV (UTF-8, comma or tab) or of the first data sheet of an xlsx (an instructions sheet is skipped). */
export async function readTable(data: Buffer, format: 'csv' | 'xlsx'): Promise<{ row: number; cells: Cell[] }[]> {
  if (format === 'csv') {
    const text = data.toString('utf8');
    const first = text.split('\n', 1)[0] ?? '';
    const delimiter = (first.match(/\t/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? '\t' : ',';
    const records: string[][] = parseCsv(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
    return records.map((cells, i) => ({ row: i + 1, cells }));
  }
  if (declaredUnpackedBytes(data) > MAX_XLSX_UNPACKED_BYTES) throw new Error('the workbook unpacks to too many bytes');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(Readable.from([data]));
  const sheet = wb.worksheets.find((ws) => !/^(说明|instructions)/i.test(ws.name));
  const out: { row: number; cells: Cell[] }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (r, n) => {
    const values = r.values as unknown[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
    out.push({ row: n, cells });
  });
  return out;
}

/** Header and rows of a file, each row read on its own; file-level problems come back as errors of row 0 or 1. */
export async function parseFile(data: Buffer, format: 'csv' | 'xlsx', today: string): Promise<{ dataRows: number; rows: ParsedExpert[]; errors: RowError[]; ignored: string[] }> {
  let records: { row: number; cells: Cell[] }[];
  try {
    records = await readTable(data, format);
  } catch {
    return { dataRows: 0, rows: [], errors: [rowError(0, null, 'unreadable')], ignored: [] };
  }
  const headerAt = records.findIndex((r) => !isEmptyRow(r.cells));
  if (headerAt < 0) return { dataRows: 0, rows: [], errors: [rowError(1, null, 'no_header')], ignored: [] };
  const head = records[headerAt]!;
  const { header, ignored, errors } = mapHeader(head.cells, head.row);
  const body = records.slice(headerAt + 1).filter((r) => !isEmptyRow(r.cells));
  if (errors.length) return { dataRows: body.length, rows: [], errors, ignored };
  if (body.length === 0) return { dataRows: 0, rows: [], errors: [rowError(head.row + 1, null, 'empty_file')], ignored };
  if (body.length > MAX_IMPORT_ROWS) return { dataRows: body.length, rows: [], errors: [rowError(body[MAX_IMPORT_ROWS]!.row, null, 'too_many_rows', MAX_IMPORT_ROWS)], ignored };
  const rows: ParsedExpert[] = [];
  const rowErrors: RowError[] = [];
  for (const r of body) {
    const p = parseRow(r.cells, header, r.row, today);
    rowErrors.push(...p.errors);
    if (p.errors.length === 0) rows.push(p.value);
  }
  return { dataRows: body.length, rows, errors: rowErrors, ignored };
}

export class ExpertImportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly files: FileService,
  ) {
    // Any officer may commit a file another officer checked.
    files.registerOwnerAccess(OWNER_TYPE, async (actor) => expertPolicy.manage(actor));
  }

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  private async evaluate(db: Db, tenantId: string, data: Buffer, format: 'csv' | 'xlsx') {
    const parsed = await parseFile(data, format, this.today());
    const plan = await planImport(db, tenantId, parsed.rows);
    const errors = [...parsed.errors, ...plan.errors].sort((a, b) => a.row - b.row);
    const rowsWithErrors = new Set(errors.map((e) => e.row)).size;
    return { plan: { ...plan, errors, counts: { ...plan.counts, rows: parsed.dataRows, errors: rowsWithErrors } }, ignored: parsed.ignored };
  }

  /** Stores the file (type from its bytes), reads and checks it against the registry and the pool; writes no expert. */
  async check(ctx: CommandContext, input: { filename: string; data: Buffer }): Promise<ImportResult> {
    const file = await this.files.upload(ctx, { filename: input.filename, data: input.data, ownerType: OWNER_TYPE, allowed: [CSV_MIME, XLSX_MIME] });
    const format = file.mimeType === XLSX_MIME ? 'xlsx' : 'csv';
    const { plan, ignored } = await this.evaluate(this.db, ctx.tenantId, input.data, format);
    const { ops: _ops, ...rest } = plan;
    return { ...rest, fileId: file.id, fileName: file.originalName, format, sha256: file.sha256, ignoredColumns: ignored, committed: false };
  }

  /**
   * Applies a checked file: checked again against the pool as it is now, inside the transaction, and
   * written completely or not at all, with an audit event per expert and one for the import.
   */
  async commit(ctx: CommandContext, actor: Actor, fileId: string): Promise<ImportResult> {
    const { row: file, stream } = await this.files.open(actor, fileId);
    if (file.ownerType !== OWNER_TYPE) throw new AppError('NOT_FOUND', 'import not found');
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const data = Buffer.concat(chunks);
    const format = file.mimeType === XLSX_MIME ? 'xlsx' : 'csv';
    const now = this.clock.now();
    const { plan, ignored } = await inTransaction(this.db, async (tx) => {
      const r = await this.evaluate(tx, ctx.tenantId, data, format);
      if (r.plan.errors.length) {
        throw new AppError(
          'IMPORT_HAS_ERRORS',
          'the file has errors; nothing was written',
          r.plan.errors.slice(0, 20).map((e): FieldError => ({ path: `row ${e.row}${e.column ? ` ${e.column}` : ''}`, message: e.en, zh: e.zh })),
        );
      }
      await this.apply(tx, ctx, r.plan, now);
      if (r.plan.counts.insert + r.plan.counts.update > 0) {
        await appendAudit(tx, ctx, {
          action: 'expert.import_committed',
          targetType: 'attachment',
          targetId: file.id,
          summary: { fileName: file.originalName, fileSha256: file.sha256, rows: r.plan.counts.rows, inserted: r.plan.counts.insert, updated: r.plan.counts.update, unchanged: r.plan.counts.unchanged },
        });
      }
      return r;
    });
    const { ops: _ops, ...rest } = plan;
    return { ...rest, fileId: file.id, fileName: file.originalName, format, sha256: file.sha256, ignoredColumns: ignored, committed: true };
  }

  private async apply(tx: Db, ctx: CommandContext, plan: ImportPlan, now: Date) {
    for (const op of plan.ops) {
      if (op.kind === 'insert') {
        const [row] = await tx.insert(experts).values({ tenantId: ctx.tenantId, ...op.values, createdAt: now, updatedAt: now }).returning();
        if (op.publications?.length) await tx.insert(expertPublications).values(op.publications.map((p) => ({ expertId: row!.id, ...p })));
        await appendAudit(tx, ctx, { action: 'expert.created', targetType: 'expert', targetId: row!.id, summary: { name: row!.name, userId: row!.userId, organizationId: row!.organizationId } });
      } else {
        await tx.update(experts).set({ ...op.values, updatedAt: now }).where(and(eq(experts.tenantId, ctx.tenantId), eq(experts.id, op.expertId)));
        if (op.publications) {
          await tx.delete(expertPublications).where(eq(expertPublications.expertId, op.expertId));
          if (op.publications.length) await tx.insert(expertPublications).values(op.publications.map((p) => ({ expertId: op.expertId, ...p })));
        }
        await appendAudit(tx, ctx, { action: 'expert.updated', targetType: 'expert', targetId: op.expertId, summary: { fields: op.fields, bySelf: false } });
      }
    }
  }
}
