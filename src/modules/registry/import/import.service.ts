import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import { inTransaction } from '../../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../../platform/audit/audit.service.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { BlobStore, FileService } from '../../../platform/files/files.service.ts';
import { enqueueJob } from '../../../platform/jobs/jobs.service.ts';
import { shanghaiDate } from '../registry.rules.ts';
import { applyWrites } from './apply.ts';
import { importErrors } from './import.errors.ts';
import { registryImports, type ImportChange, type ImportFormat, type ImportKind, type ImportRowError, type ImportStatus } from './import.tables.ts';
import { estimateRecords, readRecords, UnreadableFileError, type SourceRecord } from './parse.ts';
import { loadZones, planBatch, type BatchPlan } from './plan.ts';
import { DuplicateTracker, isEmptyRow, mapHeader, parseRow, rowError, type HeaderMap, type ParsedRow } from './rules.ts';

declare module '../../../platform/audit/events.ts' {
  interface AuditEventMap {
    'registry.import_uploaded': { kind: string; fileName: string; fileSha256: string; attachmentId: string };
    'registry.import_committed': { kind: string; fileName: string; fileSha256: string; attachmentId: string; rows: number; inserted: number; updated: number; unchanged: number };
  }
}

export type ImportSessionRow = typeof registryImports.$inferSelect;

/** A session as a check chunk reads it: without the stored errors and changes, with their lengths. */
type CheckState = Omit<ImportSessionRow, 'errors' | 'changes'> & { errorsStored: number; changesStored: number };

export const IMPORT_CHECK_JOB = 'registry.import.check';
export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportOptions {
  /** Records checked per job run: each run is one short transaction, so the progress shows and PGlite is not held for long. */
  chunkRecords?: number;
  maxDataRows?: number;
  /** Rows planned per lookup query. */
  planBatch?: number;
  /** Called inside the commit's transaction when it changed the registry (other modules' derived data). */
  onApplied?: (tx: Db, tenantId: string) => Promise<unknown>;
}

/** Only the first errors and changes are kept for the preview; the counts cover every row. */
export const MAX_STORED_ERRORS = 1000;
export const MAX_STORED_CHANGES = 5000;

interface Cursor {
  position: number;
  records: AsyncGenerator<SourceRecord>;
  header: HeaderMap | null;
  headerRow: number;
  dups: DuplicateTracker;
  lastUsed: number;
  /**
   * Every row parsed so far, with the day they were parsed for, kept so the commit need not parse the file
   * again (see Checked); null once that is impossible (errors, too many rows held, another day).
   */
  rows: ParsedRow[] | null;
  today: string;
}

/**
 * The parsed rows of a check that found no errors, for its commit. Parsing depends only on the stored file
 * (immutable, by its hash), the header and the day, so the commit reuses them when it runs on the same day
 * in the same process, and reads the file again otherwise. Everything that depends on the registry is
 * checked again at commit either way.
 */
interface Checked {
  fileSha256: string;
  today: string;
  header: HeaderMap;
  rows: ParsedRow[];
  at: number;
}

const CURSOR_IDLE_MS = 10 * 60_000;
/** How long parsed rows wait for their commit, and how many rows are held in all (about 1 KB each). */
const CHECKED_IDLE_MS = 30 * 60_000;
const MAX_HELD_ROWS = 250_000;

function* chunks<T>(xs: T[], n: number) {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

const byRow = (a: { row: number }, b: { row: number }) => a.row - b.row;

/**
 * Spreadsheet imports into the registry: upload (a session and a check job), a chunked check against
 * the registry that reports row-level errors and the changes it would make, and an all-or-nothing commit
 * that checks everything again against the registry as it is at that moment.
 */
export class RegistryImportService {
  /** Open readers of files being checked, so each chunk continues where the last stopped instead of re-reading. */
  private readonly cursors = new Map<string, Cursor>();
  /** Parsed rows of finished checks without errors, by session, oldest first. */
  private readonly checked = new Map<string, Checked>();
  readonly chunkRecords: number;
  readonly maxDataRows: number;
  private readonly planBatchSize: number;
  private readonly onApplied: ImportOptions['onApplied'];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly files: FileService,
    private readonly blobs: BlobStore,
    opts: ImportOptions = {},
  ) {
    this.chunkRecords = opts.chunkRecords ?? 10_000;
    this.maxDataRows = opts.maxDataRows ?? 200_000;
    this.planBatchSize = opts.planBatch ?? 5_000;
    this.onApplied = opts.onApplied;
  }

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  // ---- upload ----------------------------------------------------------------------------

  /** Stores the file (type checked from its bytes, size limited), opens a session and queues its check. */
  async upload(ctx: CommandContext, input: { kind: ImportKind; filename: string; data: Buffer }): Promise<ImportSessionRow> {
    const file = await this.files.upload(ctx, { filename: input.filename, data: input.data, ownerType: 'registry_import', allowed: [CSV_MIME, XLSX_MIME] });
    const format: ImportFormat = file.mimeType === XLSX_MIME ? 'xlsx' : 'csv';
    const total = estimateRecords(input.data, format);
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx
        .insert(registryImports)
        .values({ tenantId: ctx.tenantId, kind: input.kind, format, attachmentId: file.id, fileName: file.originalName, fileSha256: file.sha256, recordsTotal: total, createdBy: ctx.actorUserId! })
        .returning();
      await enqueueJob(tx, { kind: IMPORT_CHECK_JOB, tenantId: ctx.tenantId, payload: { sessionId: row!.id }, maxAttempts: 3 });
      await appendAudit(tx, ctx, { action: 'registry.import_uploaded', targetType: 'registry_import', targetId: row!.id, summary: { kind: input.kind, fileName: file.originalName, fileSha256: file.sha256, attachmentId: file.id } });
      return row!;
    });
  }

  async get(tenantId: string, id: string): Promise<ImportSessionRow> {
    const [row] = await this.db.select().from(registryImports).where(and(eq(registryImports.tenantId, tenantId), eq(registryImports.id, id)));
    if (!row) throw importErrors.notFound();
    return row;
  }

  async list(tenantId: string, page: { offset: number; limit: number }) {
    const where = eq(registryImports.tenantId, tenantId);
    const [items, total] = await Promise.all([
      this.db.select().from(registryImports).where(where).orderBy(desc(registryImports.createdAt), desc(registryImports.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(registryImports).where(where),
    ]);
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  // ---- check (a job, in chunks) ----------------------------------------------------------

  private async fileBytes(sha256: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of await this.blobs.open(sha256)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  private dropCursor(id: string) {
    const c = this.cursors.get(id);
    this.cursors.delete(id);
    if (c) void c.records.return(undefined).catch(() => undefined);
  }

  /** The reader for this session at the record where the last committed chunk stopped: cached, or re-read up to there. */
  private async cursorFor(s: CheckState): Promise<Cursor> {
    const now = Date.now();
    for (const [id, c] of this.cursors) if (now - c.lastUsed > CURSOR_IDLE_MS) this.dropCursor(id);
    const cached = this.cursors.get(s.id);
    if (cached && cached.position === s.recordsRead) {
      cached.lastUsed = now;
      return cached;
    }
    this.dropCursor(s.id);
    const records = readRecords(await this.fileBytes(s.fileSha256), s.format);
    const ctx = { today: this.today() };
    const cursor: Cursor = { position: 0, records, header: null, headerRow: 1, dups: new DuplicateTracker(), lastUsed: now, rows: [], today: ctx.today };
    for (;;) {
      const n = await records.next();
      if (n.done) break;
      if (isEmptyRow(n.value.cells)) continue;
      cursor.header = mapHeader(s.kind, n.value.cells, n.value.row);
      cursor.headerRow = n.value.row;
      break;
    }
    // Rebuild what earlier chunks knew (keys seen, for duplicates; the rows) while skipping to where they stopped.
    while (cursor.header && cursor.position < s.recordsRead) {
      const n = await records.next();
      if (n.done) break;
      cursor.position++;
      if (isEmptyRow(n.value.cells)) continue;
      const p = parseRow(s.kind, cursor.header, n.value.row, n.value.cells, ctx);
      cursor.dups.check(cursor.header, p);
      this.hold(cursor, p);
    }
    this.cursors.set(s.id, cursor);
    return cursor;
  }

  /**
   * One job run: check the next chunk of records, add its findings to the session and queue the next run.
   * Runs in the job's transaction, so a chunk's findings and the progress are written once or not at all.
   */
  async checkChunk(tx: Db, tenantId: string | null, sessionId: string): Promise<{ records: number; done: boolean }> {
    const cond = tenantId ? and(eq(registryImports.id, sessionId), eq(registryImports.tenantId, tenantId)) : eq(registryImports.id, sessionId);
    // Everything but the stored errors and changes (up to a few MB of JSON once the preview is full):
    // only their lengths, since a chunk appends to them in SQL.
    const { errors: _e, changes: _c, ...cols } = getTableColumns(registryImports);
    const [s] = await tx
      .select({ ...cols, errorsStored: sql<number>`jsonb_array_length(${registryImports.errors})`, changesStored: sql<number>`jsonb_array_length(${registryImports.changes})` })
      .from(registryImports)
      .where(cond)
      .for('update');
    if (!s || s.status !== 'parsing') return { records: 0, done: true };
    try {
      return await this.checkChunkOf(tx, s);
    } catch (err) {
      this.dropCursor(s.id);
      throw err;
    }
  }

  private async checkChunkOf(tx: Db, s: CheckState) {
    let cursor: Cursor;
    const fatal: ImportRowError[] = [];
    try {
      cursor = await this.cursorFor(s);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      this.dropCursor(s.id);
      await this.finish(tx, s, { fatal: [rowError(err.row ?? 1, null, 'unreadable')] });
      return { records: 0, done: true };
    }
    const header = cursor.header;
    if (!header || header.errors.length) this.dropCursor(s.id);
    if (!header) {
      await this.finish(tx, s, { fatal: [rowError(1, null, 'no_header')] });
      return { records: 0, done: true };
    }
    if (header.errors.length) {
      await this.finish(tx, s, { fatal: header.errors, ignored: header.ignored });
      return { records: 0, done: true };
    }
    const ctx = { today: this.today() };
    const parsed: ParsedRow[] = [];
    let read = 0;
    let ended = false;
    while (read < this.chunkRecords) {
      let n: IteratorResult<SourceRecord>;
      try {
        n = await cursor.records.next();
      } catch (err) {
        if (!(err instanceof UnreadableFileError)) throw err;
        fatal.push(rowError(err.row ?? cursor.headerRow + cursor.position + 1, null, 'unreadable'));
        ended = true;
        break;
      }
      if (n.done) {
        ended = true;
        break;
      }
      read++;
      cursor.position++;
      if (isEmptyRow(n.value.cells)) continue;
      if (s.dataRows + parsed.length >= this.maxDataRows) {
        fatal.push(rowError(n.value.row, null, 'too_many_rows', null, this.maxDataRows));
        ended = true;
        break;
      }
      const p = parseRow(s.kind, header, n.value.row, n.value.cells, ctx);
      cursor.dups.check(header, p);
      parsed.push(p);
    }
    if (cursor.today !== ctx.today) cursor.rows = null;
    for (const p of parsed) this.hold(cursor, p);
    cursor.lastUsed = Date.now();
    const plan = await this.plan(tx, s.tenantId, s.kind, header, parsed, false);
    const dataRows = s.dataRows + parsed.length;
    if (ended && dataRows === 0 && fatal.length === 0) fatal.push(rowError(cursor.headerRow + 1, null, 'empty_file'));
    const next = {
      recordsRead: s.recordsRead + read,
      dataRows,
      insertCount: s.insertCount + plan.inserted,
      updateCount: s.updateCount + plan.updated,
      unchangedCount: s.unchangedCount + plan.unchanged,
    };
    if (ended) {
      this.dropCursor(s.id);
      const status = await this.finish(tx, s, { fatal, plan, next, ignored: header.ignored });
      // Kept only once the chunk's transaction has committed (the job runner commits after this returns;
      // a failed commit leaves the session parsing, and the rows are replaced when it is checked again).
      if (status === 'ready' && cursor.rows) this.keepChecked(s, { fileSha256: s.fileSha256, today: cursor.today, header, rows: cursor.rows, at: Date.now() });
      return { records: read, done: true };
    }
    await this.save(tx, s, { plan, next, ignored: header.ignored, status: 'parsing' });
    await enqueueJob(tx, { kind: IMPORT_CHECK_JOB, tenantId: s.tenantId, payload: { sessionId: s.id }, maxAttempts: 3, dedupeKey: `${IMPORT_CHECK_JOB}:${s.id}:${next.recordsRead}` });
    return { records: read, done: false };
  }

  private async finish(tx: Db, s: CheckState, o: { fatal: ImportRowError[]; plan?: BatchPlan; next?: Partial<ImportSessionRow>; ignored?: string[] }) {
    const errors = (o.plan?.errors.length ?? 0) + o.fatal.length + s.errorCount;
    const status: ImportStatus = errors > 0 ? 'has_errors' : 'ready';
    await this.save(tx, s, { ...o, status, done: true });
    return status;
  }

  /** Holds a parsed row for the commit while that can still help: no row errors, not too many rows. */
  private hold(cursor: Cursor, p: ParsedRow) {
    if (!cursor.rows) return;
    if (p.errors.length || cursor.rows.length >= MAX_HELD_ROWS) cursor.rows = null;
    else cursor.rows.push(p);
  }

  private keepChecked(s: CheckState, c: Checked) {
    this.checked.delete(s.id);
    this.checked.set(s.id, c);
    let held = 0;
    for (const x of this.checked.values()) held += x.rows.length;
    // Oldest first out, within the bound on rows held.
    for (const [id, x] of this.checked) {
      if (held <= MAX_HELD_ROWS && Date.now() - x.at <= CHECKED_IDLE_MS) continue;
      this.checked.delete(id);
      held -= x.rows.length;
    }
  }

  /** The parsed rows the check left for this commit, when they still describe the file for today. */
  private takeChecked(s: ImportSessionRow): { header: HeaderMap; rows: ParsedRow[]; fatal: ImportRowError[] } | null {
    const c = this.checked.get(s.id);
    this.checked.delete(s.id);
    if (!c || c.fileSha256 !== s.fileSha256 || c.today !== this.today() || Date.now() - c.at > CHECKED_IDLE_MS) return null;
    return { header: c.header, rows: c.rows, fatal: [] };
  }

  private async save(tx: Db, s: CheckState, o: { fatal?: ImportRowError[]; plan?: BatchPlan; next?: Partial<ImportSessionRow>; ignored?: string[] | undefined; status: ImportStatus; done?: boolean }) {
    const newErrors = [...(o.plan?.errors ?? []), ...(o.fatal ?? [])].sort(byRow);
    // The stored preview grows by appending in SQL until its cap; once full it is left as it is.
    const addErrors = newErrors.slice(0, Math.max(0, MAX_STORED_ERRORS - Number(s.errorsStored)));
    const addChanges: ImportChange[] = (o.plan?.changes ?? []).slice(0, Math.max(0, MAX_STORED_CHANGES - Number(s.changesStored)));
    const recordsRead = o.next?.recordsRead ?? s.recordsRead;
    await tx
      .update(registryImports)
      .set({
        ...o.next,
        status: o.status,
        errorCount: s.errorCount + newErrors.length,
        ...(addErrors.length ? { errors: sql`${registryImports.errors} || ${JSON.stringify(addErrors)}::jsonb` } : {}),
        ...(addChanges.length ? { changes: sql`${registryImports.changes} || ${JSON.stringify(addChanges)}::jsonb` } : {}),
        ignoredColumns: o.ignored ?? s.ignoredColumns,
        recordsTotal: o.done ? recordsRead : Math.max(s.recordsTotal ?? 0, recordsRead),
        updatedAt: this.clock.now(),
      })
      .where(eq(registryImports.id, s.id));
  }

  /** Row errors found while reading, plus what the registry says about the rows that read well. */
  private async plan(db: Db, tenantId: string, kind: ImportKind, header: HeaderMap, rows: ParsedRow[], lock: boolean): Promise<BatchPlan> {
    const total: BatchPlan = { writes: { kind, rows: [] }, inserted: 0, updated: 0, unchanged: 0, errors: rows.flatMap((r) => r.errors), changes: [] };
    const valid = rows.filter((r) => r.errors.length === 0);
    if (!valid.length) return total;
    const zones = kind === 'organizations' ? await loadZones(db, tenantId) : { idByCode: new Map<string, string>(), codeById: new Map<string, string>() };
    for (const part of chunks(valid, this.planBatchSize)) {
      const p = await planBatch({ db, tenantId, kind, header, zones, lock }, part);
      (total.writes.rows as unknown[]).push(...p.writes.rows);
      total.inserted += p.inserted;
      total.updated += p.updated;
      total.unchanged += p.unchanged;
      total.errors.push(...p.errors);
      total.changes.push(...p.changes);
    }
    total.errors.sort(byRow);
    return total;
  }

  // ---- commit ----------------------------------------------------------------------------

  /** Reads the whole file again (outside any transaction: it is only CPU). */
  private async readAll(s: ImportSessionRow): Promise<{ header: HeaderMap | null; rows: ParsedRow[]; fatal: ImportRowError[] }> {
    const ctx = { today: this.today() };
    const rows: ParsedRow[] = [];
    const fatal: ImportRowError[] = [];
    let header: HeaderMap | null = null;
    const dups = new DuplicateTracker();
    try {
      for await (const rec of readRecords(await this.fileBytes(s.fileSha256), s.format)) {
        if (isEmptyRow(rec.cells)) continue;
        if (!header) {
          header = mapHeader(s.kind, rec.cells, rec.row);
          fatal.push(...header.errors);
          if (header.errors.length) break;
          continue;
        }
        if (rows.length >= this.maxDataRows) {
          fatal.push(rowError(rec.row, null, 'too_many_rows', null, this.maxDataRows));
          break;
        }
        const p = parseRow(s.kind, header, rec.row, rec.cells, ctx);
        dups.check(header, p);
        rows.push(p);
      }
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      fatal.push(rowError(err.row ?? 1, null, 'unreadable'));
    }
    if (!header) fatal.push(rowError(1, null, 'no_header'));
    else if (!rows.length && !fatal.length) fatal.push(rowError(2, null, 'empty_file'));
    return { header, rows, fatal };
  }

  /**
   * Applies the whole file in one transaction, after checking every row again against the registry as it
   * is now (it may have changed since the preview). Any error → nothing is written, the session shows the
   * new errors and the commit is refused. One audit event summarises the commit; the file it came from
   * stays retrievable by its hash.
   */
  async commit(ctx: CommandContext, id: string): Promise<ImportSessionRow> {
    const started = Date.now();
    const s = await this.get(ctx.tenantId, id);
    this.assertCommittable(s);
    const { header, rows, fatal } = this.takeChecked(s) ?? (await this.readAll(s));
    const outcome = await inTransaction(this.db, async (tx): Promise<{ refused: ImportRowError[] } | { row: ImportSessionRow }> => {
      const [locked] = await tx.select().from(registryImports).where(eq(registryImports.id, s.id)).for('update');
      if (!locked || locked.tenantId !== ctx.tenantId) throw importErrors.notFound();
      this.assertCommittable(locked);
      const plan = header && !fatal.length ? await this.plan(tx, ctx.tenantId, s.kind, header, rows, true) : null;
      const errors = [...fatal, ...(plan?.errors ?? [])];
      if (!plan || errors.length) {
        await tx
          .update(registryImports)
          .set({ status: 'has_errors', errorCount: errors.length, errors: errors.slice(0, MAX_STORED_ERRORS), updatedAt: this.clock.now() })
          .where(eq(registryImports.id, s.id));
        return { refused: errors };
      }
      const now = this.clock.now();
      await applyWrites(tx, ctx.tenantId, plan.writes, now);
      if (plan.inserted + plan.updated > 0) await this.onApplied?.(tx, ctx.tenantId);
      const counts = { rows: rows.length, inserted: plan.inserted, updated: plan.updated, unchanged: plan.unchanged };
      await appendAudit(tx, ctx, {
        action: 'registry.import_committed',
        targetType: 'registry_import',
        targetId: s.id,
        summary: { kind: s.kind, fileName: s.fileName, fileSha256: s.fileSha256, attachmentId: s.attachmentId, ...counts },
      });
      const [row] = await tx
        .update(registryImports)
        .set({
          status: 'committed',
          dataRows: rows.length,
          insertCount: plan.inserted,
          updateCount: plan.updated,
          unchangedCount: plan.unchanged,
          changes: plan.changes.slice(0, MAX_STORED_CHANGES),
          result: { inserted: plan.inserted, updated: plan.updated, unchanged: plan.unchanged, durationMs: Date.now() - started },
          committedAt: now,
          committedBy: ctx.actorUserId,
          updatedAt: now,
        })
        .where(eq(registryImports.id, s.id))
        .returning();
      return { row: row! };
    });
    if ('refused' in outcome) throw importErrors.hasErrors(outcome.refused);
    return outcome.row;
  }

  private assertCommittable(s: ImportSessionRow) {
    if (s.status === 'parsing') throw importErrors.notReady();
    if (s.status === 'committed') throw importErrors.alreadyCommitted();
    if (s.status === 'has_errors') throw importErrors.hasErrors(s.errors);
  }
}
