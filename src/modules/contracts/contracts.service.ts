import { and, asc, desc, eq, exists, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import type { NotificationService } from '../../platform/notify/index.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';
import {
  contractChangeRequests,
  contractConfirmations,
  contractEvidence,
  contractLedger,
  contractMilestones,
  contractReports,
  contracts,
  contractTranches,
  contractVersions,
  supervisionOrders,
  type AwardedMilestone,
  type ConfirmationSide,
  type ContractPerson,
  type ContractStatus,
  type ContractTarget,
  type ContractTeamMember,
  type ContractTerms,
  type ContractFundingMode,
  type TrancheTrigger,
} from './contracts.tables.ts';
import { changeErrors, contractHealth, diffTerms, milestonesFromAward, termsErrors, type ChangeState } from './contracts.rules.ts';
import { ContractCore, currentTerms, fieldErrors, stateError, type ContractRow, type MilestoneRow, type TrancheRow } from './contracts.core.ts';
import { ContractProgress } from './contracts.progress.ts';
import { ContractLedger } from './contracts.ledger.ts';
import { messages } from './contracts.messages.ts';
import { contractPolicy } from './contracts.policy.ts';
import './contracts.events.ts';

export type { ContractRow, MilestoneRow, TrancheRow };
export type ContractView = Awaited<ReturnType<ContractService['detail']>>;

/** What an award hands over: the challenges module passes it, so this module never reads challenges. */
export interface AwardInput {
  challengeId: string;
  applicationId: string;
  organizationId: string;
  /** Contract codes are this prefix plus a two-digit number, e.g. `RW-2026-003-`. */
  codePrefix: string;
  title: string;
  totalFen: number;
  fundingMode: ContractFundingMode;
  startsOn: string;
  endsOn: string;
  targets: ContractTarget[];
  milestones: AwardedMilestone[];
  /** The tranche plan, its milestones by index into `milestones`. */
  tranches: { seq: number; amountFen: number; trigger: TrancheTrigger; milestoneIndex: number | null; dueOn: string }[];
  lead: ContractPerson;
  team: ContractTeamMember[];
}

export interface ContractListFilter {
  q?: string | undefined;
  status?: ContractStatus[] | undefined;
  challengeId?: string | undefined;
  organizationId?: string | undefined;
  overdue?: boolean | undefined;
  sort?: 'code' | '-code' | 'starts' | '-starts' | 'total' | '-total' | 'released' | '-released' | undefined;
}

const AWAITING = ['planned', 'returned', 'overdue'] as const;

export class ContractService {
  readonly core: ContractCore;
  readonly progress: ContractProgress;
  readonly ledger: ContractLedger;
  private readonly db: Db;

  constructor(db: Db, clock: Clock, centre: NotificationService) {
    this.db = db;
    this.core = new ContractCore(db, clock, centre);
    this.progress = new ContractProgress(this.core);
    this.ledger = new ContractLedger(this.core);
  }

  // ---- award ------------------------------------------------------------------------------

  /** The contract of one winning team, written in the award's transaction: version 1, awaiting both confirmations. */
  async createFromAward(tx: Db, ctx: CommandContext, a: AwardInput): Promise<ContractRow> {
    const code = await this.core.nextCode(tx, ctx.tenantId, a.codePrefix, contracts, 2);
    const [row] = await tx
      .insert(contracts)
      .values({
        tenantId: ctx.tenantId,
        code,
        challengeId: a.challengeId,
        applicationId: a.applicationId,
        organizationId: a.organizationId,
        title: a.title,
        totalFen: a.totalFen,
        targets: a.targets,
        milestones: a.milestones,
        lead: a.lead,
        team: a.team,
        fundingMode: a.fundingMode,
        startsOn: a.startsOn,
        endsOn: a.endsOn,
        status: 'pending',
        officerId: ctx.actorUserId,
        createdAt: this.core.now(),
        updatedAt: this.core.now(),
      })
      .returning();
    const c = row!;
    const planned = milestonesFromAward(a.milestones, a.startsOn);
    const ms = planned.length ? await tx.insert(contractMilestones).values(planned.map((m) => ({ tenantId: c.tenantId, contractId: c.id, seq: m.seq, title: m.title, deliverable: m.deliverable, evidence: m.evidence, dueOn: m.dueOn }))).returning() : [];
    // The award's milestone indexes point into the application's list; the rows are numbered by due date.
    const order = a.milestones.map((m, i) => ({ m, i })).sort((x, y) => x.m.month - y.m.month || x.i - y.i);
    const idOfIndex = new Map(order.map(({ i }, k) => [i, ms.find((r) => r.seq === k + 1)!.id]));
    const tranches = await tx
      .insert(contractTranches)
      .values(a.tranches.map((t) => ({ contractId: c.id, seq: t.seq, amountFen: t.amountFen, trigger: t.trigger, milestoneIndex: t.milestoneIndex, milestoneId: t.milestoneIndex === null ? null : (idOfIndex.get(t.milestoneIndex) ?? null), dueOn: t.dueOn })))
      .returning();
    await tx.insert(contractVersions).values({ tenantId: c.tenantId, contractId: c.id, version: 1, terms: currentTerms(c, ms, tranches), reason: null, createdBy: ctx.actorUserId, createdAt: this.core.now() });
    await appendAudit(tx, ctx, { action: 'contract.created', targetType: 'contract', targetId: c.id, summary: { code, applicationId: a.applicationId, totalFen: a.totalFen, tranches: tranches.length } });
    await this.core.notifyOrganization(tx, c, messages.pleaseConfirm(c, 1));
    return c;
  }

  // ---- reads ------------------------------------------------------------------------------

  async get(tenantId: string, id: string): Promise<ContractRow> {
    const [row] = await this.db.select().from(contracts).where(and(eq(contracts.tenantId, tenantId), eq(contracts.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'contract not found');
    return row;
  }

  /** The contract if the actor may see it (office and auditors, or its own organisation); 404 otherwise. */
  async visible(actor: Actor, id: string): Promise<ContractRow> {
    const c = await this.get(actor.tenantId, id);
    if (!contractPolicy.read(actor) && !contractPolicy.own(actor, c)) throw new AppError('NOT_FOUND', 'contract not found');
    return c;
  }

  /** Whether the actor may read a file a contract owns: a member of its organisation (the office reads any file). */
  async mayReadFile(actor: Actor, contractId: string | null): Promise<boolean> {
    if (!contractId || !actor.organizationId) return false;
    const [c] = await this.db.select({ org: contracts.organizationId }).from(contracts).where(and(eq(contracts.tenantId, actor.tenantId), eq(contracts.id, contractId)));
    return c?.org === actor.organizationId;
  }

  /** Everything the contract page shows, read in one go. */
  async detail(tenantId: string, id: string) {
    const c = await this.get(tenantId, id);
    const db = this.db;
    const [org, milestones, tranches, versions, confirmations, changes, reports, evidence, orders, ledger] = await Promise.all([
      db.select({ name: organizations.nameZh, nameEn: organizations.nameEn }).from(organizations).where(eq(organizations.id, c.organizationId)),
      this.core.milestones(db, id),
      this.core.tranches(db, id),
      db.select().from(contractVersions).where(eq(contractVersions.contractId, id)).orderBy(asc(contractVersions.version)),
      db.select().from(contractConfirmations).where(eq(contractConfirmations.contractId, id)).orderBy(asc(contractConfirmations.confirmedAt)),
      db.select().from(contractChangeRequests).where(eq(contractChangeRequests.contractId, id)).orderBy(desc(contractChangeRequests.proposedAt)),
      db.select().from(contractReports).where(eq(contractReports.contractId, id)).orderBy(desc(contractReports.periodTo)),
      db.select().from(contractEvidence).where(eq(contractEvidence.contractId, id)).orderBy(asc(contractEvidence.submittedAt)),
      db.select().from(supervisionOrders).where(eq(supervisionOrders.contractId, id)).orderBy(desc(supervisionOrders.issuedAt)),
      db.select().from(contractLedger).where(eq(contractLedger.contractId, id)).orderBy(asc(contractLedger.entryNo)),
    ]);
    const today = this.core.today();
    return { c, orgName: org[0]?.name ?? '', orgNameEn: org[0]?.nameEn ?? null, milestones, tranches, versions, confirmations, changes, reports, evidence, orders, ledger, today, health: contractHealth(c.status, milestones, orders, today) };
  }

  /** Display names of the users a contract names (same tenant only). */
  async names(tenantId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return [];
    return this.db.select({ id: users.id, name: users.displayName }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  }

  async list(tenantId: string, f: ContractListFilter, page: { offset: number; limit: number }) {
    const today = this.core.today();
    const conds: SQL[] = [eq(contracts.tenantId, tenantId)];
    if (f.status?.length) conds.push(inArray(contracts.status, f.status));
    if (f.challengeId) conds.push(eq(contracts.challengeId, f.challengeId));
    if (f.organizationId) conds.push(eq(contracts.organizationId, f.organizationId));
    if (f.q?.trim()) {
      // Literal search: % and _ typed into the box are not wildcards.
      const like = `%${f.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      conds.push(or(ilike(contracts.code, like), ilike(contracts.title, like), ilike(organizations.nameZh, like))!);
    }
    if (f.overdue !== undefined) {
      const late = exists(
        this.db
          .select({ one: sql`1` })
          .from(contractMilestones)
          .where(and(eq(contractMilestones.contractId, contracts.id), inArray(contractMilestones.status, [...AWAITING]), sql`${contractMilestones.dueOn} < ${today}`)),
      );
      conds.push(f.overdue ? and(late, eq(contracts.status, 'active'))! : or(sql`not ${late}`, notInArray(contracts.status, ['active']))!);
    }
    const order = {
      code: asc(contracts.code),
      '-code': desc(contracts.code),
      starts: asc(contracts.startsOn),
      '-starts': desc(contracts.startsOn),
      total: asc(contracts.totalFen),
      '-total': desc(contracts.totalFen),
      released: asc(contracts.releasedFen),
      '-released': desc(contracts.releasedFen),
    }[f.sort ?? 'code'];
    const where = and(...conds);
    const [rows, total] = await Promise.all([
      this.db.select({ c: contracts, orgName: organizations.nameZh }).from(contracts).innerJoin(organizations, eq(organizations.id, contracts.organizationId)).where(where).orderBy(order, asc(contracts.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(contracts).innerJoin(organizations, eq(organizations.id, contracts.organizationId)).where(where),
    ]);
    const ids = rows.map((r) => r.c.id);
    const [ms, os] = ids.length
      ? await Promise.all([
          this.db.select().from(contractMilestones).where(inArray(contractMilestones.contractId, ids)),
          this.db.select({ contractId: supervisionOrders.contractId, status: supervisionOrders.status, responseDueOn: supervisionOrders.responseDueOn }).from(supervisionOrders).where(inArray(supervisionOrders.contractId, ids)),
        ])
      : [[], []];
    const items = rows.map((r) => {
      const mine = ms.filter((m) => m.contractId === r.c.id);
      const next = mine.filter((m) => m.status !== 'accepted').sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
      return {
        ...r,
        health: contractHealth(r.c.status, mine, os.filter((o) => o.contractId === r.c.id), today),
        nextDueOn: next?.dueOn ?? null,
        milestonesAccepted: mine.filter((m) => m.status === 'accepted').length,
        milestonesTotal: mine.length,
      };
    });
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  /** The contracts of a challenge with their tranches, as the challenge page lists them. */
  async ofChallenge(tenantId: string, challengeId: string, organizationId?: string) {
    const conds: SQL[] = [eq(contracts.tenantId, tenantId), eq(contracts.challengeId, challengeId)];
    if (organizationId) conds.push(eq(contracts.organizationId, organizationId));
    const rows = await this.db.select({ c: contracts, orgName: organizations.nameZh }).from(contracts).innerJoin(organizations, eq(organizations.id, contracts.organizationId)).where(and(...conds)).orderBy(asc(contracts.code));
    const tranches = rows.length ? await this.db.select().from(contractTranches).where(inArray(contractTranches.contractId, rows.map((r) => r.c.id))).orderBy(asc(contractTranches.seq)) : [];
    return rows.map((r) => ({ ...r, tranches: tranches.filter((t) => t.contractId === r.c.id) }));
  }

  // ---- confirmation -----------------------------------------------------------------------

  /** Which side the actor confirms or proposes for: the office, or the contract's own organisation. */
  sideOf(actor: Actor, c: ContractRow): ConfirmationSide {
    if (contractPolicy.manage(actor)) return 'office';
    if (contractPolicy.own(actor, c)) return 'organization';
    throw new AppError('FORBIDDEN', 'only the office or the contract’s organisation can do this');
  }

  /** One side confirms the current version; once both have, the contract is in force. */
  async confirm(ctx: CommandContext, actor: Actor, id: string): Promise<ContractRow> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, id);
      const side = this.sideOf(actor, c);
      if (c.status !== 'pending') throw stateError('confirming', c.status);
      const done = await tx.select().from(contractConfirmations).where(and(eq(contractConfirmations.contractId, id), eq(contractConfirmations.version, c.version)));
      if (done.some((d) => d.side === side)) throw new AppError('INVALID_STATE', `the ${side} side already confirmed version ${c.version}`);
      await tx.insert(contractConfirmations).values({ tenantId: c.tenantId, contractId: id, version: c.version, side, userId: actor.userId, confirmedAt: this.core.now() });
      const active = done.length + 1 === 2;
      const [row] = active ? await tx.update(contracts).set({ status: 'active', updatedAt: this.core.now() }).where(eq(contracts.id, id)).returning() : [c];
      await appendAudit(tx, ctx, { action: 'contract.confirmed', targetType: 'contract', targetId: id, summary: { version: c.version, side, active } });
      if (active) {
        await this.core.notifyOrganization(tx, c, messages.active(c));
        await this.core.notifyOffice(tx, c, messages.active(c));
      } else if (side === 'office') await this.core.notifyOrganization(tx, c, messages.pleaseConfirm(c, c.version));
      else await this.core.notifyOffice(tx, c, messages.pleaseConfirm(c, c.version));
      return row!;
    });
  }

  // ---- terms: draft amendments and change requests ----------------------------------------

  private async changeState(tx: Db, c: ContractRow, ms: MilestoneRow[], ts: TrancheRow[]): Promise<ChangeState> {
    const [ev, os, entries] = await Promise.all([
      tx.select({ id: contractEvidence.milestoneId }).from(contractEvidence).where(eq(contractEvidence.contractId, c.id)),
      tx.select({ id: supervisionOrders.milestoneId }).from(supervisionOrders).where(eq(supervisionOrders.contractId, c.id)),
      tx.select({ id: contractLedger.trancheId }).from(contractLedger).where(eq(contractLedger.contractId, c.id)),
    ]);
    const referenced = new Set([...ev.map((e) => e.id), ...os.map((o) => o.id)]);
    const paid = new Set(entries.map((e) => e.id));
    return {
      releasedFen: c.releasedFen,
      milestones: ms.map((m) => ({ seq: m.seq, status: m.status, hasEvidence: referenced.has(m.id) })),
      tranches: ts.map((t) => ({ seq: t.seq, releasedFen: t.releasedFen, hasEntries: paid.has(t.id) })),
    };
  }

  /** Rewrites the milestone and tranche rows to the new terms and records the next version. */
  private async applyTerms(tx: Db, ctx: CommandContext, c: ContractRow, ms: MilestoneRow[], ts: TrancheRow[], after: ContractTerms, reason: string, changeRequestId: string | null): Promise<ContractRow> {
    const now = this.core.now();
    const today = this.core.today();
    const before = currentTerms(c, ms, ts);
    const ids = new Map<number, string>();
    for (const m of after.milestones) {
      const old = ms.find((x) => x.seq === m.seq);
      if (!old) {
        const [row] = await tx.insert(contractMilestones).values({ tenantId: c.tenantId, contractId: c.id, seq: m.seq, title: m.title, deliverable: m.deliverable, evidence: m.evidence, dueOn: m.dueOn, gateId: m.gateId }).returning();
        ids.set(m.seq, row!.id);
        continue;
      }
      ids.set(m.seq, old.id);
      const moved = old.dueOn !== m.dueOn;
      // A new due date starts the reminders again; an overdue milestone given time is no longer overdue.
      const relieved = moved && old.status === 'overdue' && m.dueOn >= today;
      await tx
        .update(contractMilestones)
        .set({ title: m.title, deliverable: m.deliverable, evidence: m.evidence, dueOn: m.dueOn, gateId: m.gateId, ...(moved ? { remindersSent: [] } : {}), ...(relieved ? { status: old.decidedAt ? 'returned' : 'planned', overdueSince: null } : {}), updatedAt: now })
        .where(eq(contractMilestones.id, old.id));
    }
    for (const t of after.tranches) {
      const old = ts.find((x) => x.seq === t.seq);
      const values = { amountFen: t.amountFen, trigger: t.trigger, milestoneId: t.milestoneSeq === null ? null : ids.get(t.milestoneSeq)!, dueOn: t.dueOn };
      if (old) await tx.update(contractTranches).set({ ...values, status: old.releasedFen > 0 && old.releasedFen >= t.amountFen ? 'released' : 'planned' }).where(eq(contractTranches.id, old.id));
      else await tx.insert(contractTranches).values({ contractId: c.id, seq: t.seq, ...values });
    }
    const goneT = ts.filter((x) => !after.tranches.some((t) => t.seq === x.seq)).map((x) => x.id);
    if (goneT.length) await tx.delete(contractTranches).where(inArray(contractTranches.id, goneT));
    const goneM = ms.filter((x) => !after.milestones.some((m) => m.seq === x.seq)).map((x) => x.id);
    if (goneM.length) await tx.delete(contractMilestones).where(inArray(contractMilestones.id, goneM));
    const dates = [...after.milestones.map((m) => m.dueOn), ...after.tranches.map((t) => t.dueOn), c.startsOn].sort();
    const version = c.version + 1;
    const [row] = await tx
      .update(contracts)
      .set({ totalFen: after.totalFen, targets: after.targets, lead: after.lead, team: after.team, endsOn: dates[dates.length - 1]!, version, updatedAt: now })
      .where(eq(contracts.id, c.id))
      .returning();
    await tx.insert(contractVersions).values({ tenantId: c.tenantId, contractId: c.id, version, terms: after, changes: diffTerms(before, after), reason, changeRequestId, createdBy: ctx.actorUserId, createdAt: now });
    return row!;
  }

  private async checkedChange(tx: Db, c: ContractRow, after: ContractTerms) {
    const [ms, ts] = await Promise.all([this.core.milestones(tx, c.id), this.core.tranches(tx, c.id)]);
    const before = currentTerms(c, ms, ts);
    const errors = changeErrors(before, after, await this.changeState(tx, c, ms, ts));
    if (errors.length) throw fieldErrors('VALIDATION_FAILED', errors);
    const changes = diffTerms(before, after);
    if (changes.length === 0) throw fieldErrors('VALIDATION_FAILED', [{ path: 'terms', message: 'changes nothing', zh: '未作任何变更' }]);
    return { ms, ts, changes };
  }

  /** Before both sides confirmed, the office edits the draft directly; each edit is a version both must confirm afresh. */
  async amendDraft(ctx: CommandContext, id: string, input: { terms: ContractTerms; reason: string }): Promise<ContractRow> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, id);
      if (c.status !== 'pending') throw stateError('amending the draft (use a change request)', c.status);
      const { ms, ts, changes } = await this.checkedChange(tx, c, input.terms);
      const row = await this.applyTerms(tx, ctx, c, ms, ts, input.terms, input.reason.trim(), null);
      await appendAudit(tx, ctx, { action: 'contract.amended', targetType: 'contract', targetId: id, summary: { version: row.version, reason: input.reason.trim(), changed: changes.map((x) => x.path) } });
      await this.core.notifyOrganization(tx, row, messages.pleaseConfirm(row, row.version));
      return row;
    });
  }

  /** Once in force, either side proposes a change; an officer decides it. One open request at a time. */
  async proposeChange(ctx: CommandContext, actor: Actor, id: string, input: { terms: ContractTerms; reason: string }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, id);
      const side = this.sideOf(actor, c);
      if (c.status !== 'active') throw c.status === 'pending' ? new AppError('CONTRACT_NOT_CONFIRMED') : stateError('proposing a change', c.status);
      const [open] = await tx.select({ id: contractChangeRequests.id }).from(contractChangeRequests).where(and(eq(contractChangeRequests.contractId, id), eq(contractChangeRequests.status, 'open')));
      if (open) throw new AppError('CHANGE_REQUEST_OPEN');
      const { changes } = await this.checkedChange(tx, c, input.terms);
      const [row] = await tx
        .insert(contractChangeRequests)
        .values({ tenantId: c.tenantId, contractId: id, baseVersion: c.version, terms: input.terms, changes, reason: input.reason.trim(), proposedBy: actor.userId, proposedSide: side, proposedAt: this.core.now() })
        .returning();
      await appendAudit(tx, ctx, { action: 'contract.change_proposed', targetType: 'contract_change_request', targetId: row!.id, summary: { baseVersion: c.version, side, changed: changes.map((x) => x.path) } });
      await this.core.notifyOffice(tx, c, messages.changeProposed(c));
      if (side === 'office') await this.core.notifyOrganization(tx, c, messages.changeProposed(c));
      return row!;
    });
  }

  /**
   * An officer approves (the terms become the next version, checked again against what happened since)
   * or refuses, with a reason either way. A request made against an older version cannot be approved.
   */
  async decideChange(ctx: CommandContext, id: string, requestId: string, input: { decision: 'approve' | 'refuse'; reason: string }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, id);
      const [r] = await tx.select().from(contractChangeRequests).where(and(eq(contractChangeRequests.contractId, id), eq(contractChangeRequests.id, requestId))).for('update');
      if (!r) throw new AppError('NOT_FOUND', 'change request not found');
      if (r.status !== 'open') throw stateError('deciding the change request', r.status);
      let version: number | null = null;
      if (input.decision === 'approve') {
        if (c.status !== 'active') throw stateError('approving a change', c.status);
        if (r.baseVersion !== c.version) throw new AppError('CHANGE_CONFLICT', `the request was made against version ${r.baseVersion}; the contract is at version ${c.version}`);
        const { ms, ts } = await this.checkedChange(tx, c, r.terms);
        version = (await this.applyTerms(tx, ctx, c, ms, ts, r.terms, r.reason, r.id)).version;
      }
      const [row] = await tx
        .update(contractChangeRequests)
        .set({ status: input.decision === 'approve' ? 'approved' : 'refused', decidedBy: ctx.actorUserId, decidedAt: this.core.now(), decisionReason: input.reason.trim(), appliedVersion: version })
        .where(eq(contractChangeRequests.id, r.id))
        .returning();
      await appendAudit(tx, ctx, { action: 'contract.change_decided', targetType: 'contract_change_request', targetId: r.id, summary: { decision: input.decision, reason: input.reason.trim(), version } });
      await this.core.notifyOrganization(tx, c, messages.changeDecided(c, version !== null, input.reason.trim()));
      return row!;
    });
  }

  // ---- the horse race (called by the races module inside its own transaction) ---------------

  /**
   * Rewrites the terms of a contract as `change` says, as a new version with the reason: how a race aligns
   * milestones to its gates, terminates an eliminated team and raises a tranche by reallocated money. The
   * terms must stay sound (tranches summing to the total); the caller holds its own checks.
   */
  async reviseIn(tx: Db, ctx: CommandContext, id: string, change: (terms: ContractTerms, rows: { milestones: MilestoneRow[]; tranches: TrancheRow[] }) => ContractTerms, reason: string): Promise<ContractRow> {
    const c = await this.core.lock(tx, ctx.tenantId, id);
    const [ms, ts] = await Promise.all([this.core.milestones(tx, c.id), this.core.tranches(tx, c.id)]);
    const before = currentTerms(c, ms, ts);
    const after = change(structuredClone(before), { milestones: ms, tranches: ts });
    const errors = termsErrors(after);
    if (errors.length) throw fieldErrors('VALIDATION_FAILED', errors.map((e) => ({ ...e, path: `${c.code}/${e.path}` })));
    const row = await this.applyTerms(tx, ctx, c, ms, ts, after, reason, null);
    await appendAudit(tx, ctx, { action: 'contract.amended', targetType: 'contract', targetId: c.id, summary: { version: row.version, reason, changed: diffTerms(before, after).map((x) => x.path) } });
    return row;
  }

  /** A race gate stopped taking evidence: its milestones refuse evidence from now on. */
  async closeGateIn(tx: Db, tenantId: string, gateId: string, milestoneIds: string[]): Promise<void> {
    if (milestoneIds.length === 0) return;
    const now = this.core.now();
    await tx
      .update(contractMilestones)
      .set({ gateClosedAt: now, updatedAt: now })
      .where(and(eq(contractMilestones.tenantId, tenantId), eq(contractMilestones.gateId, gateId), inArray(contractMilestones.id, milestoneIds)));
  }

  /** The latest evidence of each milestone (none: not in the map). */
  async latestEvidence(db: Db, milestoneIds: string[]) {
    if (milestoneIds.length === 0) return new Map<string, typeof contractEvidence.$inferSelect>();
    const rows = await db.select().from(contractEvidence).where(inArray(contractEvidence.milestoneId, milestoneIds)).orderBy(asc(contractEvidence.submittedAt));
    return new Map(rows.map((r) => [r.milestoneId, r]));
  }

  /**
   * A team passed a race gate: its gate milestone is accepted and every tranche tied to it is released in
   * full through the ledger, in the caller's transaction. Returns the ledger entries.
   */
  async passGateIn(tx: Db, ctx: CommandContext, id: string, milestoneId: string, note: string) {
    const c = await this.core.lock(tx, ctx.tenantId, id);
    if (c.status === 'pending') throw new AppError('CONTRACT_NOT_CONFIRMED', `${c.code} is not confirmed by both sides yet`);
    if (c.status !== 'active') throw stateError(`passing a gate (${c.code})`, c.status);
    const m = await this.core.milestone(tx, id, milestoneId, true);
    const now = this.core.now();
    if (m.status !== 'accepted') {
      await tx.update(contractMilestones).set({ status: 'accepted', decidedBy: ctx.actorUserId, decidedAt: now, decisionNote: note, overdueSince: null, updatedAt: now }).where(eq(contractMilestones.id, m.id));
      await appendAudit(tx, ctx, { action: 'milestone.decided', targetType: 'contract_milestone', targetId: m.id, summary: { milestoneSeq: m.seq, decision: 'accept', note } });
      await this.core.notifyOrganization(tx, c, messages.milestoneDecided(c, m, true, note));
    }
    const due = (await this.core.tranches(tx, id)).filter((t) => t.milestoneId === m.id && t.trigger === 'milestone' && t.amountFen > t.releasedFen);
    const entries = [];
    for (const t of due) entries.push(await this.ledger.releaseIn(tx, ctx, id, t.id, { note }));
    return entries;
  }

  /**
   * A team eliminated from a race: every fen not yet released leaves the contract (its tranches are cut to
   * what they released and cancelled, the total to what was released), as a new version with the reason,
   * and the contract is terminated. Returns the fen taken out.
   */
  async terminateIn(tx: Db, ctx: CommandContext, id: string, reason: string): Promise<{ contract: ContractRow; cancelledFen: number }> {
    const c = await this.core.lock(tx, ctx.tenantId, id);
    if (c.status === 'terminated' || c.status === 'completed') throw stateError(`terminating ${c.code}`, c.status);
    const cancelledFen = c.totalFen - c.releasedFen;
    const cut = new Set<string>();
    const row = await this.reviseIn(
      tx,
      ctx,
      id,
      (terms, rows) => {
        for (const t of terms.tranches) {
          const r = rows.tranches.find((x) => x.seq === t.seq)!;
          if (r.releasedFen < t.amountFen) cut.add(r.id);
          t.amountFen = r.releasedFen;
        }
        terms.totalFen = c.releasedFen;
        return terms;
      },
      reason,
    );
    const now = this.core.now();
    if (cut.size) await tx.update(contractTranches).set({ status: 'cancelled' }).where(inArray(contractTranches.id, [...cut]));
    const [done] = await tx.update(contracts).set({ status: 'terminated', updatedAt: now }).where(eq(contracts.id, id)).returning();
    await appendAudit(tx, ctx, { action: 'contract.terminated', targetType: 'contract', targetId: id, summary: { version: row.version, reason, cancelledFen, tranchesCancelled: cut.size } });
    await this.core.notifyOrganization(tx, c, messages.terminated(c, reason));
    return { contract: done!, cancelledFen };
  }

  /** Reallocated race money raises a planned tranche and the total, as a new version with the reason. */
  async raiseTrancheIn(tx: Db, ctx: CommandContext, id: string, trancheId: string, addFen: number, reason: string): Promise<ContractRow> {
    if (!Number.isSafeInteger(addFen) || addFen <= 0) throw new RangeError(`cannot raise a tranche by ${addFen} fen`);
    return this.reviseIn(
      tx,
      ctx,
      id,
      (terms, rows) => {
        const r = rows.tranches.find((x) => x.id === trancheId);
        if (!r) throw new AppError('NOT_FOUND', 'tranche not found');
        terms.tranches.find((t) => t.seq === r.seq)!.amountFen += addFen;
        terms.totalFen += addFen;
        return terms;
      },
      reason,
    );
  }
}
