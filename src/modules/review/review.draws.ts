// 随机抽取: sealed random draws of panel members or of each item's experts, recorded so anyone can re-run them.
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, listAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import { reviewAssignments, reviewDraws, reviewPanel, reviewRounds, type AssignmentRun, type DrawMode, type ReviewDrawRow } from './review.tables.ts';
import { canonicalHash, DRAW_ALGORITHM, drawPanel, drawPerItem, pairKey, type DrawCandidate, type DrawResult, type PanelDrawParams, type PerItemDrawParams } from './review.rules.ts';
import type { PoolExpert, ReviewReader } from './review.reader.ts';
import { stateError } from './review.service.ts';
import './review.events.ts';

export interface DrawInput {
  mode: DrawMode;
  /** Panel mode: how many experts to draw. */
  count?: number | undefined;
  /** Only experts with any of these research fields (empty: any field). */
  fields?: string[] | undefined;
  /** Per-item mode: draw from the panel (default) or from the whole qualified pool. */
  from?: 'panel' | 'pool' | undefined;
  /** Lower-case hex; given only to re-run a draw, otherwise 32 random bytes. */
  seed?: string | undefined;
}

export interface DrawVerification {
  drawId: string;
  algorithm: string;
  seed: string;
  /** Re-running the recorded algorithm on the recorded seed, candidates and parameters gives the recorded result. */
  reproduces: boolean;
  /** The audit event written with the draw carries the same seed and the same hashes of candidates, parameters and result. */
  matchesAudit: boolean;
  auditEventId: number | null;
  recomputed: StoredDrawResult | null;
}

/** A draw with the names of the experts it names (candidates and result), for display. */
export type DrawView = ReviewDrawRow & { experts: { expertId: string; name: string; organizationName: string | null }[] };

/** What a draw row keeps as its result. */
export interface StoredDrawResult {
  experts?: string[];
  assignments?: { itemId: string; expertIds: string[] }[];
}

const stored = (r: DrawResult): StoredDrawResult | null => (r.ok ? ('experts' in r ? { experts: r.experts } : { assignments: r.assignments }) : null);

/** Re-runs a recorded draw from its record alone. */
export function rerun(d: Pick<ReviewDrawRow, 'mode' | 'seed' | 'algorithm' | 'params' | 'candidates'>): DrawResult {
  if (d.algorithm !== DRAW_ALGORITHM) return { ok: false, en: `unknown algorithm ${d.algorithm}`, zh: `未知的抽取算法 ${d.algorithm}` };
  const candidates = d.candidates as DrawCandidate[];
  return d.mode === 'panel' ? drawPanel(d.seed, candidates, d.params as unknown as PanelDrawParams) : drawPerItem(d.seed, candidates, d.params as unknown as PerItemDrawParams);
}

export class ReviewDrawService {
  constructor(private readonly r: ReviewReader) {}

  private get db(): Db {
    return this.r.db;
  }

  /**
   * Panel mode: draws `count` experts from the available pool (any of `fields`), not yet on the panel and without
   * a binding conflict with any item, and adds them to the panel. Per-item mode: draws k experts for each item (by
   * code) from the panel or the qualified pool and makes that the round's assignment. Draft rounds only.
   */
  private async named(tenantId: string, rows: ReviewDrawRow[]): Promise<DrawView[]> {
    if (rows.length === 0) return [];
    const pool = await this.r.pool(tenantId);
    return rows.map((d) => {
      const ids = [...new Set((d.candidates as DrawCandidate[]).map((c) => c.expertId))];
      return { ...d, experts: ids.map((id) => ({ expertId: id, name: pool.get(id)?.name ?? '', organizationName: pool.get(id)?.organizationName ?? (pool.get(id)?.affiliation || null) })) };
    });
  }

  async draw(ctx: CommandContext, roundId: string, input: DrawInput): Promise<DrawView> {
    const round = await this.r.round(ctx.tenantId, roundId);
    if (round.status !== 'draft') throw stateError('drawing experts', round.status);
    if (input.mode === 'panel' && !input.count) throw new AppError('VALIDATION_FAILED', 'count is required for a panel draw', [{ path: 'count', message: 'is required for a panel draw', zh: '请填写抽取人数' }]);
    const [items, panel, pool] = [await this.r.items(roundId), await this.r.panel(roundId), await this.r.pool(ctx.tenantId)];
    const fields = [...new Set(input.fields ?? [])].sort();
    const fit = (e: PoolExpert) => e.available && (fields.length === 0 || e.fields.some((f) => fields.includes(f)));
    const onPanel = new Map(panel.map((p) => [p.expertId, p]));
    const from = input.from ?? 'panel';
    const pick: PoolExpert[] =
      input.mode === 'panel' ? [...pool.values()].filter((e) => fit(e) && !onPanel.has(e.id)) : from === 'panel' ? panel.flatMap((p) => (pool.get(p.expertId) && fit(pool.get(p.expertId)!) ? [pool.get(p.expertId)!] : [])) : [...pool.values()].filter(fit);
    const itemIds = items.map((i) => i.itemId);
    const conflicts = await this.r.conflicts(ctx.tenantId, itemIds, pick.map((e) => e.id));
    const conflictsOf = (e: string) => itemIds.filter((i) => conflicts.has(pairKey(i, e)));
    const maxLoad = (e: PoolExpert) => onPanel.get(e.id)?.maxLoad ?? e.maxLoad;
    let candidates: DrawCandidate[] = pick.map((e) => ({ expertId: e.id, organization: e.organizationKey, maxLoad: maxLoad(e), conflicts: conflictsOf(e.id) }));
    if (input.mode === 'panel') candidates = candidates.filter((c) => c.conflicts.length === 0);
    candidates.sort((a, b) => (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0));
    const params: PanelDrawParams | PerItemDrawParams =
      input.mode === 'panel'
        ? { count: input.count!, fields }
        : { k: round.expertsPerItem, onePerOrganization: round.onePerOrganization, from, fields, items: [...items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.itemId < b.itemId ? -1 : 1)).map((i) => ({ itemId: i.itemId, code: i.code })) };
    const seed = input.seed ?? randomBytes(32).toString('hex');
    const t0 = performance.now();
    const result = input.mode === 'panel' ? drawPanel(seed, candidates, params as PanelDrawParams) : drawPerItem(seed, candidates, params as PerItemDrawParams);
    const ms = performance.now() - t0;
    if (!result.ok) throw new AppError('DRAW_INSUFFICIENT', result.en, [{ path: input.mode === 'panel' ? 'count' : 'items', message: result.en, zh: result.zh }]);
    const out = stored(result)!;
    const perItem = out.assignments ?? null;
    const drawn = perItem ? [...new Set(perItem.flatMap((a) => a.expertIds))] : (out.experts ?? []);
    const aff = perItem ? await this.r.affinity(ctx.tenantId, (await this.r.subjects(ctx.tenantId, items)).values(), pool) : null;

    const made = await inTransaction(this.db, async (tx) => {
      const locked = await this.r.lockRound(tx, ctx.tenantId, roundId);
      if (locked.status !== 'draft') throw stateError('drawing experts', locked.status);
      const panelNow = new Set((await this.r.panel(roundId, tx)).map((p) => p.expertId));
      if (panelNow.size !== onPanel.size || [...onPanel.keys()].some((e) => !panelNow.has(e))) throw new AppError('CONFLICT', 'the panel changed meanwhile; draw again');
      const now = this.r.clock.now();
      const [row] = await tx
        .insert(reviewDraws)
        .values({ tenantId: ctx.tenantId, roundId, mode: input.mode, seed, algorithm: DRAW_ALGORITHM, params: params as unknown as Record<string, unknown>, candidates, result: out, drawnBy: ctx.actorUserId, drawnAt: now })
        .returning();
      const joining = drawn.filter((e) => !panelNow.has(e));
      if (joining.length) await tx.insert(reviewPanel).values(joining.map((expertId) => ({ tenantId: ctx.tenantId, roundId, expertId, source: 'draw' as const, drawId: row!.id, addedBy: ctx.actorUserId, addedAt: now })));
      if (perItem) {
        await tx.delete(reviewAssignments).where(eq(reviewAssignments.roundId, roundId));
        const pairs = perItem.flatMap((a) => a.expertIds.map((expertId) => ({ itemId: a.itemId, expertId, affinity: aff!.score(a.itemId, expertId) })));
        await tx.insert(reviewAssignments).values(pairs.map((p) => ({ tenantId: ctx.tenantId, roundId, ...p, source: 'draw' as const, createdBy: ctx.actorUserId, createdAt: now })));
        const totals = perItem.map((a) => pairs.filter((p) => p.itemId === a.itemId).reduce((s, p) => s + p.affinity, 0));
        const run: AssignmentRun = { method: 'draw', objective: Math.round(totals.reduce((s, x) => s + x, 0) * 1e6) / 1e6, minItemTotal: totals.length ? Math.round(Math.min(...totals) * 1e6) / 1e6 : null, pairs: pairs.length, ms: Math.round(ms), ranAt: now.toISOString(), drawId: row!.id };
        await tx.update(reviewRounds).set({ lastRun: run, updatedAt: now }).where(eq(reviewRounds.id, roundId));
      }
      await appendAudit(tx, ctx, {
        action: 'review_draw.made',
        targetType: 'review_draw',
        targetId: row!.id,
        summary: { drawId: row!.id, mode: input.mode, seed, algorithm: DRAW_ALGORITHM, candidatesHash: canonicalHash(candidates), paramsHash: canonicalHash(params), resultHash: canonicalHash(out), drawn: drawn.length },
      });
      return row!;
    });
    return (await this.named(ctx.tenantId, [made]))[0]!;
  }

  async list(tenantId: string, roundId: string): Promise<DrawView[]> {
    await this.r.round(tenantId, roundId);
    return this.named(tenantId, await this.db.select().from(reviewDraws).where(and(eq(reviewDraws.tenantId, tenantId), eq(reviewDraws.roundId, roundId))).orderBy(desc(reviewDraws.drawnAt), asc(reviewDraws.id)));
  }

  async view(tenantId: string, roundId: string, drawId: string): Promise<DrawView> {
    return (await this.named(tenantId, [await this.get(tenantId, roundId, drawId)]))[0]!;
  }

  async get(tenantId: string, roundId: string, drawId: string): Promise<ReviewDrawRow> {
    await this.r.round(tenantId, roundId);
    const [row] = await this.db.select().from(reviewDraws).where(and(eq(reviewDraws.tenantId, tenantId), eq(reviewDraws.roundId, roundId), eq(reviewDraws.id, drawId)));
    if (!row) throw new AppError('NOT_FOUND', 'draw not found');
    return row;
  }

  /** Re-runs the draw from its record and compares it with the record and with its audit event. */
  async verify(tenantId: string, roundId: string, drawId: string): Promise<DrawVerification> {
    const d = await this.get(tenantId, roundId, drawId);
    const again = rerun(d);
    const recomputed = stored(again);
    const reproduces = recomputed !== null && canonicalHash(recomputed) === canonicalHash(d.result);
    const { items } = await listAudit(this.db, tenantId, { action: 'review_draw.made', targetType: 'review_draw', targetId: drawId }, { offset: 0, limit: 1, order: 'asc' });
    const ev = items[0];
    const s = ev?.summary;
    const matchesAudit = !!s && s.seed === d.seed && s.algorithm === d.algorithm && s.candidatesHash === canonicalHash(d.candidates) && s.paramsHash === canonicalHash(d.params) && s.resultHash === canonicalHash(d.result);
    return { drawId, algorithm: d.algorithm, seed: d.seed, reproduces, matchesAudit, auditEventId: ev?.id ?? null, recomputed };
  }
}
