import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents, auditHeads } from './audit.tables.ts';
import { tenants } from '../auth/auth.tables.ts';
import { eventHash, verifyRun, type BrokenLink } from './chain.ts';
import { GENESIS_HASH, type AuditAction, type AuditEventMap } from './events.ts';

/** Who is acting and on whose behalf; passed to every command. */
export interface CommandContext {
  tenantId: string;
  actorUserId: string | null;
  /** Human-readable actor for the record, e.g. "王芳 <officer@...>" or "system:seed". */
  actorLabel: string;
  requestId: string | null;
}

export interface AuditInput<A extends AuditAction> {
  action: A;
  targetType: string;
  targetId: string;
  summary: AuditEventMap[A];
}

/**
 * Append one event to the tenant's chain inside the caller's transaction. Locking the chain head
 * serialises appends per tenant, so concurrent commands still produce one unbroken chain.
 */
export async function appendAudit<A extends AuditAction>(tx: Db, ctx: CommandContext, input: AuditInput<A>) {
  await tx.insert(auditHeads).values({ tenantId: ctx.tenantId, chainSeq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, ctx.tenantId)).for('update');
  if (!head) throw new Error('audit head missing');
  const event = {
    tenantId: ctx.tenantId,
    chainSeq: head.chainSeq + 1,
    actorUserId: ctx.actorUserId,
    actorLabel: ctx.actorLabel,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    summary: input.summary as Record<string, unknown>,
    requestId: ctx.requestId,
    // Millisecond precision, so the stored time hashes the same when read back.
    occurredAt: new Date(Math.floor(Date.now())),
    prevHash: head.hash,
  };
  const hash = eventHash(event);
  const [row] = await tx.insert(auditEvents).values({ ...event, hash }).returning({ id: auditEvents.id });
  await tx.update(auditHeads).set({ chainSeq: event.chainSeq, hash }).where(eq(auditHeads.tenantId, ctx.tenantId));
  return { id: row!.id, chainSeq: event.chainSeq, hash };
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

export interface AuditFilter {
  action?: string | undefined;
  actorUserId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

function auditConditions(tenantId: string, filter: AuditFilter): SQL[] {
  const conds: SQL[] = [eq(auditEvents.tenantId, tenantId)];
  if (filter.action) conds.push(sql`${auditEvents.action} like ${filter.action.replace(/[%_\\]/g, '\\$&') + '%'}`);
  if (filter.actorUserId) conds.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.targetType) conds.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) conds.push(eq(auditEvents.targetId, filter.targetId));
  if (filter.from) conds.push(gte(auditEvents.occurredAt, filter.from));
  if (filter.to) conds.push(lte(auditEvents.occurredAt, filter.to));
  return conds;
}

export async function countAudit(db: Db, tenantId: string, filter: AuditFilter): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(and(...auditConditions(tenantId, filter)));
  return Number(r?.n ?? 0);
}

/**
 * Every event matching the filters, in chain order or newest first, page by page on the chain sequence
 * (keyset: each page is one short indexed query however far in, and nothing is held but the page).
 */
export async function* auditEventsMatching(db: Db, tenantId: string, filter: AuditFilter, order: 'asc' | 'desc', pageSize = 2000): AsyncGenerator<AuditEventRow[]> {
  const conds = auditConditions(tenantId, filter);
  let after: number | null = null;
  for (;;) {
    const rows: AuditEventRow[] = await db
      .select()
      .from(auditEvents)
      .where(and(...conds, after === null ? undefined : order === 'asc' ? gt(auditEvents.chainSeq, after) : lt(auditEvents.chainSeq, after)))
      .orderBy(order === 'asc' ? asc(auditEvents.chainSeq) : desc(auditEvents.chainSeq))
      .limit(pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.chainSeq;
  }
}

export async function listAudit(db: Db, tenantId: string, filter: AuditFilter, page: { offset: number; limit: number; order: 'asc' | 'desc' }) {
  const where = and(...auditConditions(tenantId, filter));
  const [items, total] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(page.order === 'asc' ? asc(auditEvents.chainSeq) : desc(auditEvents.chainSeq))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where),
  ]);
  return { items, total: Number(total[0]?.n ?? 0) };
}

export interface VerifyResult {
  tenantId: string;
  tenantSlug: string;
  events: number;
  ok: boolean;
  headHash: string;
  broken?: BrokenLink;
}

/** Walk a tenant's chain from the start, page by page, and name the first broken link. */
export async function verifyTenantChain(db: Db, tenantId: string, tenantSlug: string, pageSize = 2000): Promise<VerifyResult> {
  let prev = { chainSeq: 0, hash: GENESIS_HASH };
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenantId), gt(auditEvents.chainSeq, prev.chainSeq)))
      .orderBy(asc(auditEvents.chainSeq))
      .limit(pageSize);
    if (rows.length === 0) break;
    const r = verifyRun(rows, prev);
    if (!r.ok) {
      // The events of this page before the broken one did verify: count them and end on the last good link.
      const good = rows.findIndex((e) => e.id === r.broken.id);
      return { tenantId, tenantSlug, events: count + good, ok: false, headHash: good > 0 ? rows[good - 1]!.hash : prev.hash, broken: r.broken };
    }
    count += rows.length;
    prev = r.last;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.tenantId, tenantId));
  if (head && (head.chainSeq !== prev.chainSeq || head.hash !== prev.hash)) {
    return {
      tenantId,
      tenantSlug,
      events: count,
      ok: false,
      headHash: prev.hash,
      broken: { chainSeq: head.chainSeq, id: 0, reason: 'head_mismatch' },
    };
  }
  return { tenantId, tenantSlug, events: count, ok: true, headHash: prev.hash };
}

/** The chain in order, page by page, as plain records: what an auditor exports to verify elsewhere. */
export async function* exportChain(db: Db, tenantId: string, pageSize = 2000): AsyncGenerator<Record<string, unknown>> {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenantId), gt(auditEvents.chainSeq, after)))
      .orderBy(asc(auditEvents.chainSeq))
      .limit(pageSize);
    if (rows.length === 0) return;
    for (const e of rows) {
      yield {
        id: e.id,
        tenantId: e.tenantId,
        chainSeq: e.chainSeq,
        actorUserId: e.actorUserId,
        actorLabel: e.actorLabel,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        summary: e.summary,
        requestId: e.requestId,
        occurredAt: e.occurredAt.toISOString(),
        prevHash: e.prevHash,
        hash: e.hash,
      };
    }
    after = rows.at(-1)!.chainSeq;
  }
}

export async function verifyAllChains(db: Db, onlyTenantSlug?: string): Promise<VerifyResult[]> {
  const list = await db.select({ id: tenants.id, slug: tenants.slug }).from(tenants).orderBy(asc(tenants.slug));
  const results: VerifyResult[] = [];
  for (const t of list) {
    if (onlyTenantSlug && t.slug !== onlyTenantSlug) continue;
    results.push(await verifyTenantChain(db, t.id, t.slug));
  }
  return results;
}
