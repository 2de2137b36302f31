import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { NotificationService } from '../../platform/notify/index.ts';
import { solveAssignment, type AssignmentInput, type Infeasible, type Pair } from './assignment/index.ts';
import { reviewAssignments, reviewRounds, reviewSheets, type AssignmentRun, type ReviewItemRow, type ReviewRoundRow } from './review.tables.ts';
import { checkChange, pairKey, type AssignmentChange, type Violation } from './review.rules.ts';
import { reviewMessages } from './review.messages.ts';
import type { ExplainedTerm } from './review.affinity-adapter.ts';
import type { ConflictReason, PoolExpert, ReviewReader } from './review.reader.ts';
import { stateError } from './review.service.ts';
import './review.events.ts';

export interface AssignedExpert {
  assignmentId: string;
  expertId: string;
  name: string;
  organizationName: string | null;
  affinity: number;
  source: string;
  conflicts: ConflictReason[];
  sheet: { id: string; status: string } | null;
}

export interface AssignmentsView {
  items: { itemId: string; code: string; title: string; total: number; experts: AssignedExpert[] }[];
  experts: { expertId: string; name: string; organizationName: string | null; assigned: number; maxLoad: number; available: boolean }[];
  lastRun: AssignmentRun | null;
}

export interface AffinityCell {
  expertId: string;
  score: number;
  terms: string[];
  conflict: boolean;
  assigned: boolean;
}

export interface SwapInput {
  itemId: string;
  expertId: string;
  withExpertId: string;
  /** Set for a swap: `expertId` moves from `itemId` to `otherItemId`, `withExpertId` the other way. */
  otherItemId?: string | null | undefined;
  reason: string;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The solver's reason in Chinese, from its kind and the items and experts it names. */
function infeasibleZh(res: Infeasible, k: number, items: number, capacity: number, code: (id: string) => string, name: (id: string) => string): string {
  const codes = res.proposals.map(code).join('、');
  const names = res.experts.map(name).join('、');
  switch (res.kind) {
    case 'capacity':
      return `专家组负荷上限合计 ${capacity} 人次，不足 ${items} 项申报 × 每项 ${k} 位 = ${items * k} 人次；请增加专家或提高负荷上限`;
    case 'min-load':
      return `专家最低负荷合计超过所需的 ${items * k} 人次；请降低最低负荷`;
    case 'proposal':
      return `以下申报可分配的专家（无回避、可参加${codes ? '、同单位限一人' : ''}）少于 ${k} 位：${codes}`;
    case 'expert':
      return `以下专家的最低负荷超过其可评审的申报数：${names}`;
    default:
      return `各项约束单独可以满足，但无法同时满足；瓶颈涉及${codes ? `申报 ${codes}` : ''}${codes && names ? '和' : ''}${names ? `专家 ${names}` : ''}`;
  }
}

/** Affinity, the optimal assignment over the panel and manual changes to it. */
export class ReviewAssignmentService {
  constructor(
    private readonly r: ReviewReader,
    private readonly notifications: NotificationService,
  ) {}

  private get db(): Db {
    return this.r.db;
  }

  // ---- views ------------------------------------------------------------------------------

  async assignments(tenantId: string, roundId: string): Promise<AssignmentsView> {
    const round = await this.r.round(tenantId, roundId);
    const [items, panel, assignments, sheets, pool] = [await this.r.items(roundId), await this.r.panel(roundId), await this.r.assignments(roundId), await this.r.sheetStatus(roundId), await this.r.pool(tenantId)];
    const subjects = await this.r.subjects(tenantId, items);
    const conflicts = await this.r.conflicts(tenantId, items.map((i) => i.itemId), [...new Set(assignments.map((a) => a.expertId))]);
    const facts = this.r.panelFacts(panel, pool);
    return {
      items: items.map((i) => {
        const mine = assignments.filter((a) => a.itemId === i.itemId);
        return {
          itemId: i.itemId,
          code: i.code,
          title: subjects.get(i.itemId)?.title ?? '',
          total: round6(mine.reduce((s, a) => s + a.affinity, 0)),
          experts: mine.map((a) => ({
            assignmentId: a.id,
            expertId: a.expertId,
            name: pool.get(a.expertId)?.name ?? '',
            organizationName: pool.get(a.expertId)?.organizationName ?? (pool.get(a.expertId)?.affiliation || null),
            affinity: a.affinity,
            source: a.source,
            conflicts: conflicts.get(pairKey(a.itemId, a.expertId)) ?? [],
            sheet: sheets.get(a.id) ?? null,
          })),
        };
      }),
      experts: panel.map((p) => ({
        expertId: p.expertId,
        name: pool.get(p.expertId)?.name ?? '',
        organizationName: pool.get(p.expertId)?.organizationName ?? (pool.get(p.expertId)?.affiliation || null),
        assigned: assignments.filter((a) => a.expertId === p.expertId).length,
        maxLoad: facts.get(p.expertId)!.maxLoad,
        available: facts.get(p.expertId)!.available,
      })),
      lastRun: round.lastRun ?? null,
    };
  }

  /** Items × panel experts: affinity, the three strongest shared terms, conflicts and the current assignment. */
  async affinityMatrix(tenantId: string, roundId: string) {
    await this.r.round(tenantId, roundId);
    const [items, panel, assignments, pool] = [await this.r.items(roundId), await this.r.panel(roundId), await this.r.assignments(roundId), await this.r.pool(tenantId)];
    const subjects = await this.r.subjects(tenantId, items);
    const experts = panel.map((p) => p.expertId).filter((e) => pool.has(e));
    const conflicts = await this.r.conflicts(tenantId, items.map((i) => i.itemId), experts);
    const aff = await this.r.affinity(tenantId, subjects.values(), pool);
    const assigned = new Set(assignments.map((a) => pairKey(a.itemId, a.expertId)));
    return {
      experts: experts.map((e) => ({ expertId: e, name: pool.get(e)!.name, organizationName: pool.get(e)!.organizationName ?? (pool.get(e)!.affiliation || null) })),
      items: items.map((i) => ({
        itemId: i.itemId,
        code: i.code,
        title: subjects.get(i.itemId)?.title ?? '',
        cells: experts.map(
          (e): AffinityCell => ({
            expertId: e,
            score: round6(aff.score(i.itemId, e)),
            terms: aff.explain(i.itemId, e, 3).map((t) => t.term),
            conflict: conflicts.has(pairKey(i.itemId, e)),
            assigned: assigned.has(pairKey(i.itemId, e)),
          }),
        ),
      })),
    };
  }

  /** Why an item and an expert match: the shared terms with their contributions and sources, and any conflict. */
  async explainPair(tenantId: string, roundId: string, itemId: string, expertId: string): Promise<{ item: ReviewItemRow; expert: PoolExpert; score: number; terms: ExplainedTerm[]; conflicts: ConflictReason[] }> {
    await this.r.round(tenantId, roundId);
    const [item] = await this.r.itemIn(roundId, [itemId]);
    if (!item) throw new AppError('NOT_FOUND', 'item not found in this round');
    const pool = await this.r.pool(tenantId);
    const expert = pool.get(expertId);
    if (!expert) throw new AppError('NOT_FOUND', 'expert not found');
    const subjects = await this.r.subjects(tenantId, [item]);
    const aff = await this.r.affinity(tenantId, subjects.values(), pool);
    const conflicts = await this.r.conflicts(tenantId, [itemId], [expertId]);
    return { item, expert, score: round6(aff.score(itemId, expertId)), terms: aff.explain(itemId, expertId, 20), conflicts: conflicts.get(pairKey(itemId, expertId)) ?? [] };
  }

  // ---- optimal assignment -----------------------------------------------------------------

  /**
   * Solves the assignment over the panel to proven optimality and replaces the round's assignment (draft only).
   * Infeasible: ASSIGNMENT_INFEASIBLE with the reason in English and Chinese, and nothing written.
   */
  async assign(ctx: CommandContext, roundId: string): Promise<AssignmentsView> {
    const round = await this.r.round(ctx.tenantId, roundId);
    if (round.status !== 'draft') throw stateError('running the assignment', round.status);
    const [items, panel, pool] = [await this.r.items(roundId), await this.r.panel(roundId), await this.r.pool(ctx.tenantId)];
    const experts = panel.map((p) => p.expertId).filter((e) => pool.has(e));
    const k = round.expertsPerItem;
    if (experts.length === 0) {
      throw new AppError('ASSIGNMENT_INFEASIBLE', 'the panel is empty', [{ path: 'panel', message: 'the panel is empty; add or draw experts first', zh: '专家组为空，请先添加或抽取专家' }]);
    }
    const subjects = await this.r.subjects(ctx.tenantId, items);
    const itemIds = items.map((i) => i.itemId);
    const conflicts = await this.r.conflicts(ctx.tenantId, itemIds, experts);
    const aff = await this.r.affinity(ctx.tenantId, subjects.values(), pool);
    const facts = this.r.panelFacts(panel, pool);
    const forbidden: Pair[] = [];
    for (const i of itemIds) for (const e of experts) if (conflicts.has(pairKey(i, e)) || !facts.get(e)!.available) forbidden.push({ proposal: i, expert: e });
    const maxLoad = new Map(experts.map((e) => [e, facts.get(e)!.available ? facts.get(e)!.maxLoad : 0]));
    const input: AssignmentInput = {
      proposals: itemIds,
      experts,
      affinity: { matrix: aff.rows(itemIds, experts) },
      coverage: k,
      maxLoad,
      forbidden,
      ...(round.minLoad > 0 ? { minLoad: new Map(experts.map((e) => [e, facts.get(e)!.available ? round.minLoad : 0])) } : {}),
      ...(round.onePerOrganization ? { organisationOf: new Map(experts.flatMap((e) => (facts.get(e)!.organization ? [[e, facts.get(e)!.organization!] as [string, string]] : []))) } : {}),
    };
    const res = solveAssignment(input);
    const code = (id: string) => items.find((i) => i.itemId === id)?.code ?? id;
    const name = (id: string) => pool.get(id)?.name ?? id;
    if (!res.feasible) {
      let en = res.reason;
      for (const i of items) en = en.replaceAll(i.itemId, i.code);
      for (const e of experts) en = en.replaceAll(e, name(e));
      const capacity = [...maxLoad.values()].reduce((s, x) => s + x, 0);
      throw new AppError('ASSIGNMENT_INFEASIBLE', en, [{ path: `assignment/${res.kind}`, message: en, zh: infeasibleZh(res, k, items.length, capacity, code, name) }]);
    }
    const run: AssignmentRun = {
      method: 'optimal',
      objective: round6(res.objective),
      minItemTotal: res.minProposalTotal ? round6(res.minProposalTotal.total) : null,
      pairs: res.assignments.length,
      ms: Math.round(res.stats.ms),
      ranAt: this.r.clock.now().toISOString(),
      certificate: { optimal: res.certificate.optimal, minReducedCost: res.certificate.minReducedCost },
    };
    await inTransaction(this.db, async (tx) => {
      const locked = await this.r.lockRound(tx, ctx.tenantId, roundId);
      if (locked.status !== 'draft') throw stateError('running the assignment', locked.status);
      const replaced = await tx.delete(reviewAssignments).where(eq(reviewAssignments.roundId, roundId)).returning({ id: reviewAssignments.id });
      const now = this.r.clock.now();
      if (res.assignments.length) {
        await tx.insert(reviewAssignments).values(res.assignments.map((a) => ({ tenantId: ctx.tenantId, roundId, itemId: a.proposal, expertId: a.expert, affinity: a.score, source: 'solver' as const, createdBy: ctx.actorUserId, createdAt: now })));
      }
      await tx.update(reviewRounds).set({ lastRun: run, updatedAt: now }).where(eq(reviewRounds.id, roundId));
      await appendAudit(tx, ctx, { action: 'review_assignment.solved', targetType: 'review_round', targetId: roundId, summary: { pairs: run.pairs, objective: run.objective, minItemTotal: run.minItemTotal, optimal: res.certificate.optimal, replaced: replaced.length, ms: run.ms } });
    });
    return this.assignments(ctx.tenantId, roundId);
  }

  // ---- manual changes ---------------------------------------------------------------------

  /**
   * Replaces one expert of an item by another, or swaps two experts between two items, after re-checking every
   * constraint; audited with the reason. While open, only pairs whose sheet is not submitted move; their draft
   * sheets are discarded and the new pairs get fresh ones.
   */
  async change(ctx: CommandContext, roundId: string, input: SwapInput): Promise<AssignmentsView> {
    const reason = input.reason.trim();
    if (!reason) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'is required', zh: '请填写调整原因' }]);
    const round = await this.r.round(ctx.tenantId, roundId);
    if (round.status !== 'draft' && round.status !== 'open') throw stateError('changing the assignment', round.status);
    const c: AssignmentChange = input.otherItemId
      ? { kind: 'swap', itemId: input.itemId, expertId: input.expertId, otherItemId: input.otherItemId, otherExpertId: input.withExpertId }
      : { kind: 'replace', itemId: input.itemId, expertId: input.expertId, withExpertId: input.withExpertId };
    const itemIds = [...new Set([input.itemId, input.otherItemId].filter((x): x is string => !!x))];
    const items = await this.r.itemIn(roundId, itemIds);
    if (items.length !== itemIds.length) throw new AppError('NOT_FOUND', 'item not found in this round');
    const pool = await this.r.pool(ctx.tenantId);
    const conflicts = await this.r.conflicts(ctx.tenantId, itemIds, [input.expertId, input.withExpertId]);
    const subjects = await this.r.subjects(ctx.tenantId, items);
    const aff = await this.r.affinity(ctx.tenantId, subjects.values(), pool);
    const labels = { item: (id: string) => items.find((i) => i.itemId === id)?.code ?? id, expert: (id: string) => pool.get(id)?.name ?? id };
    const refuse = (v: Violation[]) => new AppError('ASSIGNMENT_CONSTRAINT', v.map((x) => x.en).join('; '), v.map((x) => ({ path: x.constraint, message: x.en, zh: x.zh })));

    await inTransaction(this.db, async (tx) => {
      const locked = await this.r.lockRound(tx, ctx.tenantId, roundId);
      if (locked.status !== 'draft' && locked.status !== 'open') throw stateError('changing the assignment', locked.status);
      const assignments = await this.r.assignments(roundId, tx);
      const panel = await this.r.panel(roundId, tx);
      const state = { onePerOrganization: locked.onePerOrganization, minLoad: locked.minLoad, pairs: assignments, panel: this.r.panelFacts(panel, pool), conflicts: new Set(conflicts.keys()) };
      const { violations } = checkChange(state, c, labels);
      if (violations.length) throw refuse(violations);
      const leaving = c.kind === 'replace' ? [{ itemId: c.itemId, expertId: c.expertId }] : [{ itemId: c.itemId, expertId: c.expertId }, { itemId: c.otherItemId, expertId: c.otherExpertId }];
      const entering = c.kind === 'replace' ? [{ itemId: c.itemId, expertId: c.withExpertId }] : [{ itemId: c.otherItemId, expertId: c.expertId }, { itemId: c.itemId, expertId: c.otherExpertId }];
      const gone = leaving.map((p) => assignments.find((a) => a.itemId === p.itemId && a.expertId === p.expertId)!);
      let discarded = 0;
      if (locked.status === 'open') {
        const noAccount = entering.filter((p) => !pool.get(p.expertId)?.userId);
        if (noAccount.length) throw new AppError('INCOMPLETE', 'the new expert needs an account to score online', noAccount.map((p) => ({ path: 'withExpertId', message: `${labels.expert(p.expertId)} has no linked expert account`, zh: `${labels.expert(p.expertId)} 尚未关联专家账号，无法在线评分` })));
        const sheets = await tx.select().from(reviewSheets).where(inArray(reviewSheets.assignmentId, gone.map((g) => g.id)));
        const submitted = sheets.filter((s) => s.status === 'submitted');
        if (submitted.length) {
          throw refuse(submitted.map((s) => ({ constraint: 'submitted', en: `${labels.expert(s.expertId)} has already submitted the sheet for ${labels.item(s.itemId)}`, zh: `${labels.expert(s.expertId)} 已提交 ${labels.item(s.itemId)} 的评分表，不能调整` })));
        }
        if (sheets.length) discarded = (await tx.delete(reviewSheets).where(inArray(reviewSheets.id, sheets.map((s) => s.id))).returning({ id: reviewSheets.id })).length;
      }
      await tx.delete(reviewAssignments).where(and(eq(reviewAssignments.roundId, roundId), inArray(reviewAssignments.id, gone.map((g) => g.id))));
      const now = this.r.clock.now();
      const inserted = await tx
        .insert(reviewAssignments)
        .values(entering.map((p) => ({ tenantId: ctx.tenantId, roundId, itemId: p.itemId, expertId: p.expertId, affinity: aff.score(p.itemId, p.expertId), source: 'manual' as const, createdBy: ctx.actorUserId, createdAt: now })))
        .returning();
      if (locked.status === 'open') {
        await tx.insert(reviewSheets).values(inserted.map((a) => ({ tenantId: ctx.tenantId, roundId, assignmentId: a.id, itemId: a.itemId, expertId: a.expertId, savedAt: now })));
        await this.tell(tx, ctx.tenantId, locked, pool, entering, leaving);
      }
      await tx.update(reviewRounds).set({ updatedAt: now }).where(eq(reviewRounds.id, roundId));
      await appendAudit(tx, ctx, {
        action: 'review_assignment.changed',
        targetType: 'review_round',
        targetId: roundId,
        summary: { kind: c.kind, itemId: input.itemId, expertId: input.expertId, withExpertId: input.withExpertId, otherItemId: input.otherItemId ?? null, reason, sheetsDiscarded: discarded },
      });
    });
    return this.assignments(ctx.tenantId, roundId);
  }

  /** While open: the experts who gain an item are invited, one who only loses an item is told. */
  private async tell(tx: Db, tenantId: string, round: ReviewRoundRow, pool: ReadonlyMap<string, PoolExpert>, entering: { expertId: string }[], leaving: { expertId: string }[]) {
    const user = (e: string) => pool.get(e)?.userId ?? null;
    for (const e of new Set(entering.map((p) => p.expertId))) {
      const u = user(e);
      if (u) await this.notifications.notify(tx, { tenantId, userIds: [u], ...reviewMessages.assigned(round, entering.filter((p) => p.expertId === e).length) });
    }
    for (const e of new Set(leaving.map((p) => p.expertId))) {
      const u = user(e);
      if (u && !entering.some((p) => p.expertId === e)) await this.notifications.notify(tx, { tenantId, userIds: [u], ...reviewMessages.withdrawn(round) });
    }
  }
}
