import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { NotificationContent, NotificationService } from '../../platform/notify/index.ts';
import { reviewAssignments, reviewItems, reviewPanel, reviewRounds, reviewSheets, type BlindMode, type Criterion, type RankBy, type ReviewRoundRow, type RoundStatus, type SubjectType } from './review.tables.ts';
import { canonicalHash, coverageProblems, deadlineProblem, DEFAULT_CRITERIA, normaliseCriteria, pairKey, validateCriteria } from './review.rules.ts';
import { reviewMessages } from './review.messages.ts';
import type { PoolExpert, ReviewReader } from './review.reader.ts';
import type { SubjectHeader } from './review.subjects.ts';
import './review.events.ts';

export interface RoundSettings {
  name: string;
  criteria: Criterion[];
  blind: BlindMode;
  commentRequired: boolean;
  expertsPerItem: number;
  minLoad: number;
  onePerOrganization: boolean;
  rankBy: RankBy;
  disagreementCenti: number;
  /** ISO date-time. */
  deadline: string;
}
/** A round for a subject: `{ subjectType, subjectId }`, or the older `{ challengeId }` (a challenge's applications). */
export type RoundInput = Partial<RoundSettings> & { challengeId?: string | undefined; subjectType?: SubjectType | undefined; subjectId?: string | undefined; name: string; deadline: string };
export type RoundPatch = Partial<RoundSettings>;

export interface RoundView extends ReviewRoundRow {
  challenge: { id: string; code: string; title: string; status: string };
  subject: SubjectHeader;
  counts: { items: number; panel: number; assignments: number; sheetsSubmitted: number };
}

export interface PanelMember extends PoolExpert {
  maxLoadOverride: number | null;
  effectiveMaxLoad: number;
  assigned: number;
  source: string;
  drawId: string | null;
  addedAt: Date;
}

const SETTINGS = ['name', 'criteria', 'blind', 'commentRequired', 'expertsPerItem', 'minLoad', 'onePerOrganization', 'rankBy', 'disagreementCenti', 'deadline'] as const;

export const stateError = (what: string, status: string) => new AppError('INVALID_STATE', `${what} is not possible while the round is ${status}`);

function settingsErrors(p: RoundPatch, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (p.name !== undefined && !p.name.trim()) errors.push({ path: 'name', message: 'is required', zh: '请填写名称' });
  if (p.criteria !== undefined) errors.push(...validateCriteria(p.criteria));
  if (p.deadline !== undefined) {
    const d = deadlineProblem(new Date(p.deadline), now);
    if (d) errors.push(d);
  }
  return errors;
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const c = e.cause ?? e;
  return c.code === '23505' && (c.constraint ?? '').includes(constraint);
}

/**
 * Review rounds (评审轮次): settings, items, the panel and opening. Draws, affinity, assignment and swaps live
 * in ReviewAssignmentService; sheets, progress and results in the sheets service.
 */
export class ReviewService {
  constructor(
    private readonly r: ReviewReader,
    private readonly notifications: NotificationService,
  ) {}

  private get db(): Db {
    return this.r.db;
  }
  private now(): Date {
    return this.r.clock.now();
  }

  // ---- rounds -------------------------------------------------------------------------------

  async createRound(ctx: CommandContext, input: RoundInput): Promise<RoundView> {
    const subjectType: SubjectType = input.subjectType ?? 'challenge';
    const subjectId = input.subjectId ?? input.challengeId;
    if (!subjectId) throw new AppError('VALIDATION_FAILED', 'subjectId (or challengeId) is required', [{ path: 'subjectId', message: 'is required', zh: '请指定评审对象' }]);
    if (input.challengeId && input.subjectId && (subjectType !== 'challenge' || input.challengeId !== input.subjectId)) {
      throw new AppError('VALIDATION_FAILED', 'give either challengeId or subjectType and subjectId', [{ path: 'challengeId', message: 'contradicts subjectType/subjectId', zh: 'challengeId 与评审对象不一致' }]);
    }
    const provider = this.r.subjectsOf.provider(subjectType);
    await provider.header(ctx.tenantId, subjectId);
    const subjects = await provider.roundItems(ctx.tenantId, subjectId);
    const criteria = normaliseCriteria(input.criteria ?? DEFAULT_CRITERIA);
    const errors = settingsErrors({ ...input, criteria }, this.now());
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    try {
      const id = await inTransaction(this.db, async (tx) => {
        const now = this.now();
        const [row] = await tx
          .insert(reviewRounds)
          .values({
            tenantId: ctx.tenantId,
            subjectType,
            subjectId,
            name: input.name.trim(),
            criteria,
            deadline: new Date(input.deadline),
            ...(input.blind !== undefined ? { blind: input.blind } : {}),
            ...(input.commentRequired !== undefined ? { commentRequired: input.commentRequired } : {}),
            ...(input.expertsPerItem !== undefined ? { expertsPerItem: input.expertsPerItem } : {}),
            ...(input.minLoad !== undefined ? { minLoad: input.minLoad } : {}),
            ...(input.onePerOrganization !== undefined ? { onePerOrganization: input.onePerOrganization } : {}),
            ...(input.rankBy !== undefined ? { rankBy: input.rankBy } : {}),
            ...(input.disagreementCenti !== undefined ? { disagreementCenti: input.disagreementCenti } : {}),
            createdBy: ctx.actorUserId,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await tx.insert(reviewItems).values(subjects.map((s, position) => ({ tenantId: ctx.tenantId, roundId: row!.id, itemId: s.applicationId, code: s.code, position })));
        await appendAudit(tx, ctx, { action: 'review_round.created', targetType: 'review_round', targetId: row!.id, summary: { subjectType, subjectId, name: row!.name, items: subjects.length } });
        return row!.id;
      });
      return this.getRound(ctx.tenantId, id);
    } catch (err) {
      if (isUniqueViolation(err, 'review_rounds_live_uq')) throw new AppError('CONFLICT', `this ${subjectType === 'challenge' ? 'challenge' : 'gate'} already has a draft or open review round`);
      throw err;
    }
  }

  async getRound(tenantId: string, id: string): Promise<RoundView> {
    const row = await this.r.round(tenantId, id);
    const [view] = await this.views([row]);
    return view!;
  }

  async listRounds(tenantId: string, f: { challengeId?: string | undefined; subjectType?: SubjectType | undefined; subjectId?: string | undefined; status?: RoundStatus[] | undefined }, page: { offset: number; limit: number }) {
    const conds: SQL[] = [eq(reviewRounds.tenantId, tenantId)];
    if (f.challengeId) conds.push(eq(reviewRounds.subjectType, 'challenge'), eq(reviewRounds.subjectId, f.challengeId));
    if (f.subjectType) conds.push(eq(reviewRounds.subjectType, f.subjectType));
    if (f.subjectId) conds.push(eq(reviewRounds.subjectId, f.subjectId));
    if (f.status?.length) conds.push(inArray(reviewRounds.status, f.status));
    const where = and(...conds);
    const [rows, total] = await Promise.all([
      this.db.select().from(reviewRounds).where(where).orderBy(desc(reviewRounds.createdAt), desc(reviewRounds.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(reviewRounds).where(where),
    ]);
    return { items: await this.views(rows), total: Number(total[0]?.n ?? 0) };
  }

  private async views(rows: ReviewRoundRow[]): Promise<RoundView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const count = async (table: typeof reviewItems | typeof reviewPanel | typeof reviewAssignments, extra?: SQL) => {
      const out = await this.db
        .select({ roundId: table.roundId, n: sql<number>`count(*)::int` })
        .from(table)
        .where(and(inArray(table.roundId, ids), extra))
        .groupBy(table.roundId);
      return new Map(out.map((o) => [o.roundId, Number(o.n)]));
    };
    const submitted = await this.db
      .select({ roundId: reviewSheets.roundId, n: sql<number>`count(*)::int` })
      .from(reviewSheets)
      .where(and(inArray(reviewSheets.roundId, ids), eq(reviewSheets.status, 'submitted')))
      .groupBy(reviewSheets.roundId);
    const [items, panel, assignments] = [await count(reviewItems), await count(reviewPanel), await count(reviewAssignments)];
    const sub = new Map(submitted.map((o) => [o.roundId, Number(o.n)]));
    const headers = new Map<string, SubjectHeader>();
    for (const r of rows) {
      const key = `${r.subjectType}:${r.subjectId}`;
      if (!headers.has(key)) headers.set(key, await this.r.subjectsOf.header(r.tenantId, r));
    }
    return rows.map((r) => ({
      ...r,
      challenge: headers.get(`${r.subjectType}:${r.subjectId}`)!.challenge,
      subject: headers.get(`${r.subjectType}:${r.subjectId}`)!,
      counts: { items: items.get(r.id) ?? 0, panel: panel.get(r.id) ?? 0, assignments: assignments.get(r.id) ?? 0, sheetsSubmitted: sub.get(r.id) ?? 0 },
    }));
  }

  /** Draft: every setting. Open: only the deadline, and only later. */
  async updateRound(ctx: CommandContext, id: string, patch: RoundPatch): Promise<RoundView> {
    const before = await this.r.round(ctx.tenantId, id);
    const p: RoundPatch = { ...patch, ...(patch.criteria ? { criteria: normaliseCriteria(patch.criteria) } : {}) };
    // Canonical comparison: jsonb hands criteria back with its own key order.
    const changed = SETTINGS.filter((k) => p[k] !== undefined && canonicalHash(k === 'deadline' ? new Date(p.deadline!).toISOString() : p[k]) !== canonicalHash(k === 'deadline' ? before.deadline.toISOString() : before[k]));
    if (before.status === 'open') {
      const others = changed.filter((k) => k !== 'deadline');
      if (others.length) throw new AppError('INVALID_STATE', `only the deadline can change while the round is open (not ${others.join(', ')})`);
      if (p.deadline !== undefined && new Date(p.deadline).getTime() < before.deadline.getTime()) {
        throw new AppError('VALIDATION_FAILED', 'an open round’s deadline can only move later', [{ path: 'deadline', message: 'can only move later while the round is open', zh: '评审开始后截止时间只能延后' }]);
      }
    } else if (before.status !== 'draft') throw stateError('changing the round', before.status);
    const errors = settingsErrors(Object.fromEntries(changed.map((k) => [k, p[k]])), this.now());
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    if (changed.length === 0) return this.getRound(ctx.tenantId, id);
    const pool = before.status === 'open' ? await this.r.pool(ctx.tenantId) : new Map<string, PoolExpert>();
    await inTransaction(this.db, async (tx) => {
      const round = await this.r.lockRound(tx, ctx.tenantId, id);
      if (round.status !== before.status) throw stateError('changing the round', round.status);
      const values: Partial<typeof reviewRounds.$inferInsert> = { updatedAt: this.now() };
      for (const k of changed) (values as Record<string, unknown>)[k] = k === 'deadline' ? new Date(p.deadline!) : k === 'name' ? p.name!.trim() : p[k];
      const [row] = await tx.update(reviewRounds).set(values).where(eq(reviewRounds.id, id)).returning();
      const deadline = changed.includes('deadline') ? { from: round.deadline.toISOString(), to: row!.deadline.toISOString() } : undefined;
      await appendAudit(tx, ctx, { action: 'review_round.updated', targetType: 'review_round', targetId: id, summary: { fields: [...changed], ...(deadline ? { deadline } : {}) } });
      if (round.status === 'open' && deadline) await this.notifyAssigned(tx, ctx.tenantId, row!, pool, (r) => reviewMessages.extended(r));
    });
    return this.getRound(ctx.tenantId, id);
  }

  async cancelRound(ctx: CommandContext, id: string, reason: string): Promise<RoundView> {
    if (!reason.trim()) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'is required', zh: '请填写取消原因' }]);
    const before = await this.r.round(ctx.tenantId, id);
    if (before.status !== 'draft' && before.status !== 'open') throw stateError('cancelling', before.status);
    const pool = before.status === 'open' ? await this.r.pool(ctx.tenantId) : new Map<string, PoolExpert>();
    await inTransaction(this.db, async (tx) => {
      const round = await this.r.lockRound(tx, ctx.tenantId, id);
      if (round.status !== before.status) throw stateError('cancelling', round.status);
      const [row] = await tx.update(reviewRounds).set({ status: 'cancelled', updatedAt: this.now() }).where(eq(reviewRounds.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'review_round.cancelled', targetType: 'review_round', targetId: id, summary: { reason: reason.trim(), from: round.status } });
      if (round.status === 'open') await this.notifyAssigned(tx, ctx.tenantId, row!, pool, (r) => reviewMessages.cancelled(r));
    });
    return this.getRound(ctx.tenantId, id);
  }

  private async notifyAssigned(tx: Db, tenantId: string, round: ReviewRoundRow, pool: ReadonlyMap<string, PoolExpert>, message: (r: ReviewRoundRow) => NotificationContent) {
    const rows = await tx.selectDistinct({ expertId: reviewAssignments.expertId }).from(reviewAssignments).where(eq(reviewAssignments.roundId, round.id));
    const userIds = rows.map((r) => pool.get(r.expertId)?.userId).filter((u): u is string => !!u);
    if (userIds.length) await this.notifications.notify(tx, { tenantId, userIds, ...message(round) });
  }

  /**
   * Opens scoring: every item has exactly k experts, none conflicted or unavailable, each with an account to
   * sign in with, and the deadline is ahead. Creates one draft sheet per assignment and tells each expert.
   */
  async openRound(ctx: CommandContext, id: string): Promise<RoundView> {
    const round = await this.r.round(ctx.tenantId, id);
    if (round.status !== 'draft') throw stateError('opening', round.status);
    const d = deadlineProblem(round.deadline, this.now());
    if (d) throw new AppError('VALIDATION_FAILED', 'the deadline has passed; set a later one before opening', [d]);
    const [items, assignments, pool] = [await this.r.items(id), await this.r.assignments(id), await this.r.pool(ctx.tenantId)];
    const gaps = coverageProblems(items, assignments, round.expertsPerItem);
    if (gaps.length) {
      throw new AppError(
        'INCOMPLETE',
        `every item needs exactly ${round.expertsPerItem} experts`,
        gaps.map((g) => ({ path: `items/${g.code}`, message: `${g.code} has ${g.count} of ${round.expertsPerItem} experts`, zh: `${g.code} 已分配 ${g.count} 位专家，应为 ${round.expertsPerItem} 位` })),
      );
    }
    const code = new Map(items.map((i) => [i.itemId, i.code]));
    const name = (e: string) => pool.get(e)?.name ?? e;
    const expertIds = [...new Set(assignments.map((a) => a.expertId))];
    const conflicts = await this.r.conflicts(ctx.tenantId, items.map((i) => i.itemId), expertIds);
    const conflicted = assignments.filter((a) => conflicts.has(pairKey(a.itemId, a.expertId)));
    if (conflicted.length) {
      throw new AppError('ASSIGNMENT_CONSTRAINT', 'some assigned experts have a conflict of interest', conflicted.map((a) => ({ path: `assignments/${a.id}`, message: `${name(a.expertId)} has a conflict of interest with ${code.get(a.itemId)}`, zh: `${name(a.expertId)} 与 ${code.get(a.itemId)} 存在回避关系` })));
    }
    const away = expertIds.filter((e) => !pool.get(e)?.available);
    if (away.length) throw new AppError('EXPERT_UNAVAILABLE', `not available: ${away.map(name).join(', ')}`, away.map((e) => ({ path: `experts/${e}`, message: `${name(e)} is not available`, zh: `${name(e)} 当前不可参加评审` })));
    const noAccount = expertIds.filter((e) => !pool.get(e)?.userId);
    if (noAccount.length) {
      throw new AppError('INCOMPLETE', 'every assigned expert needs an account to score online', noAccount.map((e) => ({ path: `experts/${e}`, message: `${name(e)} has no linked expert account`, zh: `${name(e)} 尚未关联专家账号，无法在线评分` })));
    }
    await inTransaction(this.db, async (tx) => {
      const locked = await this.r.lockRound(tx, ctx.tenantId, id);
      if (locked.status !== 'draft') throw stateError('opening', locked.status);
      const now = this.now();
      const current = await this.r.assignments(id, tx);
      if (current.map((a) => a.id).sort().join() !== assignments.map((a) => a.id).sort().join()) throw new AppError('CONFLICT', 'the assignment changed meanwhile; check it and open again');
      await tx.insert(reviewSheets).values(current.map((a) => ({ tenantId: ctx.tenantId, roundId: id, assignmentId: a.id, itemId: a.itemId, expertId: a.expertId, savedAt: now })));
      const [row] = await tx.update(reviewRounds).set({ status: 'open', openedAt: now, updatedAt: now }).where(eq(reviewRounds.id, id)).returning();
      for (const e of expertIds) {
        await this.notifications.notify(tx, { tenantId: ctx.tenantId, userIds: [pool.get(e)!.userId!], ...reviewMessages.assigned(row!, current.filter((a) => a.expertId === e).length) });
      }
      await appendAudit(tx, ctx, { action: 'review_round.opened', targetType: 'review_round', targetId: id, summary: { items: items.length, assignments: current.length, experts: expertIds.length, deadline: row!.deadline.toISOString() } });
    });
    return this.getRound(ctx.tenantId, id);
  }

  // ---- panel --------------------------------------------------------------------------------

  async panel(tenantId: string, roundId: string): Promise<PanelMember[]> {
    await this.r.round(tenantId, roundId);
    const [panel, assignments, pool] = [await this.r.panel(roundId), await this.r.assignments(roundId), await this.r.pool(tenantId)];
    // In the order they joined; those added together by name.
    return panel
      .flatMap((p) => {
        const e = pool.get(p.expertId);
        if (!e) return [];
        return [{ ...e, maxLoadOverride: p.maxLoad, effectiveMaxLoad: p.maxLoad ?? e.maxLoad, assigned: assignments.filter((a) => a.expertId === p.expertId).length, source: p.source, drawId: p.drawId, addedAt: p.addedAt }];
      })
      .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.name.localeCompare(b.name, 'zh-CN'));
  }

  /**
   * Adds experts of the pool (available ones) or changes a member's per-round max load (null: the profile's).
   * Allowed while draft, and while open so that a replacement can come from outside the first panel.
   */
  async addToPanel(ctx: CommandContext, roundId: string, entries: { expertId: string; maxLoad?: number | null | undefined }[]): Promise<PanelMember[]> {
    const round = await this.r.round(ctx.tenantId, roundId);
    if (round.status !== 'draft' && round.status !== 'open') throw stateError('changing the panel', round.status);
    const pool = await this.r.pool(ctx.tenantId);
    const errors: FieldError[] = [];
    entries.forEach((x, i) => {
      if (!pool.has(x.expertId)) errors.push({ path: `experts/${i}/expertId`, message: 'names an expert that is not in the pool', zh: '专家库中没有该专家' });
    });
    if (new Set(entries.map((x) => x.expertId)).size !== entries.length) errors.push({ path: 'experts', message: 'names an expert twice', zh: '同一专家出现了两次' });
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    await inTransaction(this.db, async (tx) => {
      const locked = await this.r.lockRound(tx, ctx.tenantId, roundId);
      if (locked.status !== 'draft' && locked.status !== 'open') throw stateError('changing the panel', locked.status);
      const panel = new Map((await this.r.panel(roundId, tx)).map((p) => [p.expertId, p]));
      const assignments = await this.r.assignments(roundId, tx);
      const fresh = entries.filter((x) => !panel.has(x.expertId));
      const away = fresh.filter((x) => !pool.get(x.expertId)!.available);
      if (away.length) {
        const n = (x: { expertId: string }) => pool.get(x.expertId)!.name;
        throw new AppError('EXPERT_UNAVAILABLE', `not available: ${away.map(n).join(', ')}`, away.map((x) => ({ path: `experts/${entries.indexOf(x)}/expertId`, message: `${n(x)} is not available`, zh: `${n(x)} 当前不可参加评审` })));
      }
      const updated = entries.filter((x) => panel.has(x.expertId) && x.maxLoad !== undefined && x.maxLoad !== panel.get(x.expertId)!.maxLoad);
      for (const x of updated) {
        const load = assignments.filter((a) => a.expertId === x.expertId).length;
        const max = x.maxLoad ?? pool.get(x.expertId)!.maxLoad;
        if (max < load) {
          const n = pool.get(x.expertId)!.name;
          throw new AppError('ASSIGNMENT_CONSTRAINT', `${n} already reviews ${load} items`, [{ path: `experts/${entries.indexOf(x)}/maxLoad`, message: `${n} already reviews ${load} items, more than ${max}`, zh: `${n} 已分配 ${load} 项，超过 ${max}` }]);
        }
        await tx.update(reviewPanel).set({ maxLoad: x.maxLoad ?? null }).where(eq(reviewPanel.id, panel.get(x.expertId)!.id));
      }
      if (fresh.length) {
        await tx.insert(reviewPanel).values(fresh.map((x) => ({ tenantId: ctx.tenantId, roundId, expertId: x.expertId, maxLoad: x.maxLoad ?? null, source: 'manual' as const, addedBy: ctx.actorUserId, addedAt: this.now() })));
      }
      if (fresh.length || updated.length) {
        await appendAudit(tx, ctx, { action: 'review_panel.changed', targetType: 'review_round', targetId: roundId, summary: { added: fresh.map((x) => x.expertId), updated: updated.map((x) => x.expertId) } });
      }
    });
    return this.panel(ctx.tenantId, roundId);
  }

  /** Removes a member while the round is a draft, with their assignments. */
  async removeFromPanel(ctx: CommandContext, roundId: string, expertId: string): Promise<PanelMember[]> {
    await inTransaction(this.db, async (tx) => {
      const round = await this.r.lockRound(tx, ctx.tenantId, roundId);
      const [member] = await tx.select().from(reviewPanel).where(and(eq(reviewPanel.roundId, roundId), eq(reviewPanel.expertId, expertId)));
      if (!member) throw new AppError('NOT_FOUND', 'this expert is not on the panel');
      if (round.status !== 'draft') throw stateError('removing a panel member', round.status);
      const removed = await tx.delete(reviewAssignments).where(and(eq(reviewAssignments.roundId, roundId), eq(reviewAssignments.expertId, expertId))).returning({ id: reviewAssignments.id });
      await tx.delete(reviewPanel).where(eq(reviewPanel.id, member.id));
      await appendAudit(tx, ctx, { action: 'review_panel.removed', targetType: 'review_round', targetId: roundId, summary: { expertId, assignmentsRemoved: removed.length } });
    });
    return this.panel(ctx.tenantId, roundId);
  }
}
