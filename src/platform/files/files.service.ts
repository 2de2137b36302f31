import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/tx.ts';
import { appendAudit, type CommandContext } from '../audit/audit.service.ts';
import { AppError } from '../http/errors.ts';
import { can, type Actor } from '../auth/policy.ts';
import { attachments } from './files.tables.ts';

/** Where file bytes live. Local disk by default; an S3-compatible store implements the same three calls. */
export interface BlobStore {
  put(sha256: string, data: Buffer): Promise<void>;
  has(sha256: string): Promise<boolean>;
  open(sha256: string): Promise<Readable>;
}

/** Content-addressed files under DATA_DIR/files/ab/cd/<sha256>; identical uploads are stored once. */
export class LocalBlobStore implements BlobStore {
  private readonly root: string;
  constructor(dataDir: string) {
    this.root = join(dataDir, 'files');
  }
  private path(sha: string) {
    return join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }
  async put(sha: string, data: Buffer) {
    const p = this.path(sha);
    if (existsSync(p)) return;
    await mkdir(dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    await writeFile(tmp, data, { mode: 0o600 });
    await rename(tmp, p);
  }
  async has(sha: string) {
    return existsSync(this.path(sha));
  }
  async open(sha: string) {
    return createReadStream(this.path(sha));
  }
}

export const ALLOWED_TYPES: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/csv': ['csv'],
};

/**
 * The type comes from the bytes, never from the name or the browser's claim. Text has no magic
 * number, so a CSV is accepted only as valid UTF-8 without NUL bytes under a .csv name.
 */
export async function detectType(data: Buffer, filename: string): Promise<string | null> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) return ALLOWED_TYPES[detected.mime] ? detected.mime : null;
  if (/\.csv$/i.test(filename) && !data.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(data);
      return 'text/csv';
    } catch {
      return null;
    }
  }
  return null;
}

export type AttachmentRow = typeof attachments.$inferSelect;

/** Decides whether someone other than the uploader may read a file a module has claimed (owner type → rule). */
export type OwnerAccess = (actor: Actor, ownerId: string | null) => Promise<boolean>;

export class FileService {
  private readonly ownerAccess = new Map<string, OwnerAccess>();

  constructor(
    private readonly db: Db,
    private readonly store: BlobStore,
    readonly maxBytes: number,
  ) {}

  /** A module says who may read the files it owns, e.g. the challenges module: an application's organisation. */
  registerOwnerAccess(ownerType: string, rule: OwnerAccess): void {
    this.ownerAccess.set(ownerType, rule);
  }

  async upload(ctx: CommandContext, input: { filename: string; data: Buffer; ownerType?: string; ownerId?: string | null; allowed?: string[] }): Promise<AttachmentRow> {
    if (input.data.length > this.maxBytes) throw new AppError('FILE_TOO_LARGE', `at most ${this.maxBytes} bytes`);
    if (input.data.length === 0) throw new AppError('VALIDATION_FAILED', 'the file is empty');
    const mime = await detectType(input.data, input.filename);
    if (!mime || (input.allowed && !input.allowed.includes(mime))) throw new AppError('FILE_TYPE_NOT_ALLOWED');
    const sha256 = createHash('sha256').update(input.data).digest('hex');
    await this.store.put(sha256, input.data);
    const name = input.filename.replace(/[\\/\p{Cc}]/gu, '_').slice(0, 200) || 'file';
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx
        .insert(attachments)
        .values({
          tenantId: ctx.tenantId,
          sha256,
          sizeBytes: input.data.length,
          mimeType: mime,
          originalName: name,
          ownerType: input.ownerType ?? 'user',
          ownerId: input.ownerId ?? ctx.actorUserId,
          createdBy: ctx.actorUserId!,
        })
        .returning();
      await appendAudit(tx, ctx, {
        action: 'file.uploaded',
        targetType: 'attachment',
        targetId: row!.id,
        summary: { sha256, sizeBytes: input.data.length, mimeType: mime, name },
      });
      return row!;
    });
  }

  /** Another tenant's file, or one the caller may not read, is "not found". */
  async get(actor: Actor, id: string): Promise<AttachmentRow> {
    const [row] = await this.db.select().from(attachments).where(and(eq(attachments.tenantId, actor.tenantId), eq(attachments.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'file not found');
    if (row.createdBy === actor.userId || can(actor, 'file.readAny')) return row;
    const rule = this.ownerAccess.get(row.ownerType);
    if (rule && (await rule(actor, row.ownerId))) return row;
    throw new AppError('NOT_FOUND', 'file not found');
  }

  /** Name, type and size of files of a tenant, for a module that lists the files it owns. */
  async describe(tenantId: string, ids: string[]): Promise<Map<string, { id: string; name: string; mimeType: string; sizeBytes: number }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(attachments).where(and(eq(attachments.tenantId, tenantId), inArray(attachments.id, ids)));
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.originalName, mimeType: r.mimeType, sizeBytes: r.sizeBytes }]));
  }

  /** A file a module has decided is public (e.g. an attachment of a published challenge); the caller checks that. */
  async openPublished(tenantId: string, id: string): Promise<{ row: AttachmentRow; stream: Readable }> {
    const [row] = await this.db.select().from(attachments).where(and(eq(attachments.tenantId, tenantId), eq(attachments.id, id)));
    if (!row || !(await this.store.has(row.sha256))) throw new AppError('NOT_FOUND', 'file not found');
    return { row, stream: await this.store.open(row.sha256) };
  }

  async open(actor: Actor, id: string): Promise<{ row: AttachmentRow; stream: Readable }> {
    const row = await this.get(actor, id);
    if (!(await this.store.has(row.sha256))) throw new AppError('NOT_FOUND', 'file content missing');
    return { row, stream: await this.store.open(row.sha256) };
  }
}
