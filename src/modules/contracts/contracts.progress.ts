import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import { contractEvidence, contractMilestones, contractReports, contracts, supervisionOrders, type EvidenceItem, type TargetFigure } from './contracts.tables.ts';
import { evidenceErrors, isOverdue, reminderDue, responseDueErrors } from './contracts.rules.ts';
import { fieldErrors, stateError, type ContractCore, type ContractRow } from './contracts.core.ts';
import { messages } from './contracts.messages.ts';
import { requireContractTeam } from './contracts.policy.ts';

type Decision = { decision: 'accept' | 'return'; note?: string | null | undefined };

function running(c: ContractRow) {
  if (c.status === 'pending') throw new AppError('CONTRACT_NOT_CONFIRMED');
  if (c.status !== 'active') throw stateError('this', c.status);
}

function noteFor(d: Decision): string | null {
  const note = d.note?.trim() || null;
  if (d.decision === 'return' && !note) throw fieldErrors('VALIDATION_FAILED', [{ path: 'note', message: 'say what is missing when returning', zh: '退回时须说明原因' }]);
  return note;
}

/** Progress: milestone evidence and acceptance, periodic reports, supervision orders (督办), and the deadline job. */
export class ContractProgress {
  constructor(private readonly core: ContractCore) {}

  private get db() {
    return this.core.db;
  }

  // ---- milestones -------------------------------------------------------------------------

  /** The team submits evidence for a milestone; refused once the milestone is accepted (its gate has closed). */
  async submitEvidence(ctx: CommandContext, actor: Actor, contractId: string, milestoneId: string, input: { items: EvidenceItem[]; note?: string | undefined }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      requireContractTeam(actor, c);
      running(c);
      const m = await this.core.milestone(tx, contractId, milestoneId, true);
      if (m.status === 'accepted') throw new AppError('MILESTONE_CLOSED', `milestone ${m.seq} was accepted on ${m.decidedAt?.toISOString()}`);
      if (m.gateClosedAt) throw new AppError('EVIDENCE_GATE_CLOSED', `the race gate of milestone ${m.seq} stopped taking evidence on ${m.gateClosedAt.toISOString()}`);
      const errors = evidenceErrors(m.evidence, input.items);
      if (errors.length) throw fieldErrors('INCOMPLETE', errors);
      const files = input.items.map((i) => i.attachmentId).filter((x): x is string => x !== null);
      await this.core.claimFiles(tx, c, files, 'items');
      const items = input.items.map((i) => ({ requirement: i.requirement, attachmentId: i.attachmentId, value: i.value?.trim() || null }));
      const [row] = await tx.insert(contractEvidence).values({ tenantId: c.tenantId, contractId, milestoneId, items, note: input.note?.trim() ?? '', submittedBy: actor.userId, submittedAt: this.core.now() }).returning();
      await tx.update(contractMilestones).set({ status: 'submitted', submittedAt: this.core.now(), updatedAt: this.core.now() }).where(eq(contractMilestones.id, m.id));
      await appendAudit(tx, ctx, { action: 'milestone.evidence_submitted', targetType: 'contract_milestone', targetId: m.id, summary: { milestoneSeq: m.seq, items: items.length, files } });
      await this.core.notifyOffice(tx, c, messages.evidenceSubmitted(c, m));
      return row!;
    });
  }

  /** An officer accepts the submitted evidence (which may release its tranche) or returns it with a note. */
  async decideMilestone(ctx: CommandContext, contractId: string, milestoneId: string, d: Decision) {
    const note = noteFor(d);
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      running(c);
      const m = await this.core.milestone(tx, contractId, milestoneId, true);
      if (m.status !== 'submitted') throw stateError('deciding the milestone', m.status);
      const accepted = d.decision === 'accept';
      // Returned after its due date, it is overdue again at once.
      const status = accepted ? 'accepted' : isOverdue({ status: 'returned', dueOn: m.dueOn }, this.core.today()) ? 'overdue' : 'returned';
      const [row] = await tx.update(contractMilestones).set({ status, decidedBy: ctx.actorUserId, decidedAt: this.core.now(), decisionNote: note, updatedAt: this.core.now() }).where(eq(contractMilestones.id, m.id)).returning();
      await appendAudit(tx, ctx, { action: 'milestone.decided', targetType: 'contract_milestone', targetId: m.id, summary: { milestoneSeq: m.seq, decision: d.decision, note } });
      await this.core.notifyOrganization(tx, c, messages.milestoneDecided(c, m, accepted, note));
      return row!;
    });
  }

  // ---- progress reports -------------------------------------------------------------------

  async submitReport(ctx: CommandContext, actor: Actor, contractId: string, input: { periodFrom: string; periodTo: string; narrative: string; figures: TargetFigure[]; attachmentIds: string[] }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      requireContractTeam(actor, c);
      running(c);
      const errors = [
        ...(input.periodFrom > input.periodTo ? [{ path: 'periodTo', message: 'must not be before the start of the period', zh: '不得早于报告期开始日期' }] : []),
        ...(input.periodTo > this.core.today() ? [{ path: 'periodTo', message: 'must not be in the future', zh: '不得晚于今天' }] : []),
        ...(input.narrative.trim() ? [] : [{ path: 'narrative', message: 'is required', zh: '必填' }]),
        ...input.figures.flatMap((f, i) => (c.targets[f.target] ? [] : [{ path: `figures/${i}/target`, message: 'names no target of the contract', zh: '不是本任务书的考核指标' }])),
      ];
      if (errors.length) throw fieldErrors('VALIDATION_FAILED', errors);
      await this.core.claimFiles(tx, c, input.attachmentIds, 'attachmentIds');
      const [row] = await tx
        .insert(contractReports)
        .values({ tenantId: c.tenantId, contractId, periodFrom: input.periodFrom, periodTo: input.periodTo, narrative: input.narrative.trim(), figures: input.figures.map((f) => ({ target: f.target, value: f.value.trim(), note: f.note?.trim() || null })), attachmentIds: input.attachmentIds, submittedBy: actor.userId, submittedAt: this.core.now() })
        .returning();
      await appendAudit(tx, ctx, { action: 'progress.submitted', targetType: 'contract_report', targetId: row!.id, summary: { periodFrom: input.periodFrom, periodTo: input.periodTo, figures: input.figures.length } });
      await this.core.notifyOffice(tx, c, messages.reportSubmitted(c));
      return row!;
    });
  }

  async decideReport(ctx: CommandContext, contractId: string, reportId: string, d: Decision) {
    const note = noteFor(d);
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      const [r] = await tx.select().from(contractReports).where(and(eq(contractReports.contractId, contractId), eq(contractReports.id, reportId))).for('update');
      if (!r) throw new AppError('NOT_FOUND', 'report not found');
      if (r.status !== 'submitted') throw stateError('deciding the report', r.status);
      const [row] = await tx.update(contractReports).set({ status: d.decision === 'accept' ? 'accepted' : 'returned', decidedBy: ctx.actorUserId, decidedAt: this.core.now(), decisionNote: note }).where(eq(contractReports.id, r.id)).returning();
      await appendAudit(tx, ctx, { action: 'progress.decided', targetType: 'contract_report', targetId: r.id, summary: { decision: d.decision, note } });
      await this.core.notifyOrganization(tx, c, messages.reportDecided(c, d.decision === 'accept', note));
      return row!;
    });
  }

  // ---- supervision orders (督办) -----------------------------------------------------------

  async issueOrder(ctx: CommandContext, contractId: string, input: { milestoneId?: string | null | undefined; reason: string; responseDueOn: string }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      running(c);
      const errors = [...responseDueErrors(input.responseDueOn, this.core.today()), ...(input.reason.trim() ? [] : [{ path: 'reason', message: 'is required', zh: '必填' }])];
      if (errors.length) throw fieldErrors('VALIDATION_FAILED', errors);
      if (input.milestoneId) await this.core.milestone(tx, contractId, input.milestoneId);
      const code = await this.core.nextCode(tx, c.tenantId, `DB-${this.core.today().slice(0, 4)}-`, supervisionOrders, 3);
      const [row] = await tx
        .insert(supervisionOrders)
        .values({ tenantId: c.tenantId, contractId, milestoneId: input.milestoneId ?? null, code, reason: input.reason.trim(), responseDueOn: input.responseDueOn, issuedBy: ctx.actorUserId!, issuedAt: this.core.now() })
        .returning();
      await appendAudit(tx, ctx, { action: 'supervision.issued', targetType: 'supervision_order', targetId: row!.id, summary: { code, milestoneId: input.milestoneId ?? null, responseDueOn: input.responseDueOn } });
      await this.core.notifyOrganization(tx, c, messages.orderIssued(c, code, input.responseDueOn));
      return row!;
    });
  }

  private async lockOrder(tx: Db, contractId: string, orderId: string) {
    const [o] = await tx.select().from(supervisionOrders).where(and(eq(supervisionOrders.contractId, contractId), eq(supervisionOrders.id, orderId))).for('update');
    if (!o) throw new AppError('NOT_FOUND', 'supervision order not found');
    return o;
  }

  /** The team answers; a late answer is still taken (its time shows it was late). */
  async respondOrder(ctx: CommandContext, actor: Actor, contractId: string, orderId: string, input: { response: string; attachmentIds: string[] }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      requireContractTeam(actor, c);
      const o = await this.lockOrder(tx, contractId, orderId);
      if (o.status !== 'open') throw stateError('responding', o.status);
      if (!input.response.trim()) throw fieldErrors('VALIDATION_FAILED', [{ path: 'response', message: 'is required', zh: '必填' }]);
      await this.core.claimFiles(tx, c, input.attachmentIds, 'attachmentIds');
      const [row] = await tx.update(supervisionOrders).set({ status: 'responded', response: input.response.trim(), responseAttachmentIds: input.attachmentIds, respondedBy: actor.userId, respondedAt: this.core.now() }).where(eq(supervisionOrders.id, o.id)).returning();
      await appendAudit(tx, ctx, { action: 'supervision.responded', targetType: 'supervision_order', targetId: o.id, summary: { code: o.code } });
      await this.core.centre.notify(tx, { tenantId: c.tenantId, userIds: [o.issuedBy], ...messages.orderResponded(c, o.code) });
      return row!;
    });
  }

  async closeOrder(ctx: CommandContext, contractId: string, orderId: string, input: { note?: string | null | undefined }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      const o = await this.lockOrder(tx, contractId, orderId);
      if (o.status !== 'responded') throw stateError('closing the order', o.status);
      const [row] = await tx.update(supervisionOrders).set({ status: 'closed', closedBy: ctx.actorUserId, closedAt: this.core.now(), closeNote: input.note?.trim() || null }).where(eq(supervisionOrders.id, o.id)).returning();
      await appendAudit(tx, ctx, { action: 'supervision.closed', targetType: 'supervision_order', targetId: o.id, summary: { code: o.code } });
      await this.core.notifyOrganization(tx, c, messages.orderClosed(c, o.code));
      return row!;
    });
  }

  // ---- the deadline job -------------------------------------------------------------------

  /**
   * For every running contract of every tenant: marks milestones overdue the day after their due
   * date, reminds the team 7 days and 1 day ahead and on overdue (each once, recorded on the
   * milestone), tells the responsible officer of each new overdue milestone and of supervision
   * orders left unanswered past their deadline. Runs in the job's transaction.
   */
  async runDeadlines(tx: Db) {
    const today = this.core.today();
    const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + 8 * 86400_000).toISOString().slice(0, 10);
    const rows = await tx
      .select({ m: contractMilestones, c: contracts })
      .from(contractMilestones)
      .innerJoin(contracts, eq(contracts.id, contractMilestones.contractId))
      .where(and(eq(contracts.status, 'active'), inArray(contractMilestones.status, ['planned', 'returned', 'overdue']), sql`${contractMilestones.dueOn} < ${horizon}`));
    let overdue = 0;
    let reminded = 0;
    for (const { m, c } of rows) {
      const sys: CommandContext = { tenantId: c.tenantId, actorUserId: null, actorLabel: 'system:contracts.deadlines', requestId: null };
      const late = isOverdue(m, today) && m.status !== 'overdue';
      if (late) {
        overdue++;
        await appendAudit(tx, sys, { action: 'milestone.overdue', targetType: 'contract_milestone', targetId: m.id, summary: { contractId: c.id, seq: m.seq, dueOn: m.dueOn } });
      }
      const kind = reminderDue(m, today);
      if (kind) {
        reminded += await this.core.notifyOrganization(tx, c, messages.reminder(c, m, kind));
        if (kind === 'overdue') await this.core.notifyOffice(tx, c, messages.reminder(c, m, kind));
      }
      if (late || kind) {
        await tx
          .update(contractMilestones)
          .set({ ...(late ? { status: 'overdue' as const, overdueSince: today } : {}), ...(kind ? { remindersSent: [...m.remindersSent, kind] } : {}), updatedAt: this.core.now() })
          .where(eq(contractMilestones.id, m.id));
      }
    }
    const orders = await tx
      .select({ o: supervisionOrders, c: contracts })
      .from(supervisionOrders)
      .innerJoin(contracts, eq(contracts.id, supervisionOrders.contractId))
      .where(and(eq(supervisionOrders.status, 'open'), eq(supervisionOrders.overdueNotified, false), sql`${supervisionOrders.responseDueOn} < ${today}`));
    for (const { o, c } of orders) {
      await this.core.centre.notify(tx, { tenantId: c.tenantId, userIds: [o.issuedBy], ...messages.orderOverdue(c, o.code, o.responseDueOn) });
      await this.core.notifyOrganization(tx, c, messages.orderOverdue(c, o.code, o.responseDueOn));
      await tx.update(supervisionOrders).set({ overdueNotified: true }).where(eq(supervisionOrders.id, o.id));
    }
    return { overdue, reminded, ordersOverdue: orders.length };
  }
}
