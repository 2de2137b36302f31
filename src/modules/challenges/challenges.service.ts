import { and, asc, desc, eq, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import { users, type Role } from '../../platform/auth/auth.tables.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import { addCalendarDays, addWorkingDays, endOfShanghaiDay, isWorkingDay, shanghaiDate } from '../../platform/calendar/index.ts';
import type { ContractRow, ContractService } from '../contracts/index.ts';
import { ORG_TYPE_LABELS, ORG_TYPE_LABELS_EN, organizationsTable as organizations, QUALIFICATION_KIND_LABELS, QUALIFICATION_KIND_LABELS_EN, type RegistryService } from '../registry/index.ts';
import {
  applications,
  applicationVersions,
  challengeBatches,
  challenges,
  challengeVersions,
  defenceSessions,
  demands,
  notices,
  objections,
  type ApplicationContent,
  type ApplicationStatus,
  type ChallengeStatus,
  type ChallengeTerms,
  type Decision,
  type DemandStatus,
} from './challenges.tables.ts';
import {
  acceptingApplications,
  budgetErrors,
  budgetTotal,
  changedFields,
  changedTerms,
  CORRECTION_MAX_DAYS,
  decisionErrors,
  eligibilityRefusals,
  NOTICE_MAX_WORKING_DAYS,
  NOTICE_MIN_WORKING_DAYS,
  planTranches,
  rankByScore,
  submissionErrors,
  termsErrors,
  withZh,
  type Refusal,
} from './challenges.rules.ts';
import { messages, type Message } from './challenges.messages.ts';
import './challenges.events.ts';

export type ChallengeRow = typeof challenges.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type DemandRow = typeof demands.$inferSelect;
export type NoticeRow = typeof notices.$inferSelect;
export type ObjectionRow = typeof objections.$inferSelect;
export type BatchRow = typeof challengeBatches.$inferSelect;

/** How the workflow reaches people: in-app and by e-mail, inside the command's transaction. */
export interface Notifier {
  toUsers(tx: Db, tenantId: string, userIds: string[], msg: Message): Promise<void>;
  toRole(tx: Db, tenantId: string, roles: Role[], msg: Message, exceptUserIds?: string[]): Promise<void>;
}

export const APPLICATION_ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'];

export function emptyTerms(): ChallengeTerms {
  return {
    title: '',
    titleEn: null,
    field: '',
    problem: '',
    targets: [],
    budgetCapFen: 0,
    fundingMode: 'before_delivery',
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: new Date(0).toISOString(),
    contact: { name: '', phone: '', email: '' },
    attachmentIds: [],
  };
}

export function emptyContent(): ApplicationContent {
  return {
    title: '',
    summary: '',
    keywords: [],
    pi: { name: '', title: null, phone: null, email: null, personId: null },
    team: [],
    partners: [],
    technicalRoute: '',
    budget: [],
    milestones: [],
    attachmentIds: [],
    pledge: null,
  };
}

function stateError(what: string, status: string): AppError {
  return new AppError('INVALID_STATE', `${what} is not possible while the status is ${status}`);
}

function incomplete(errors: FieldError[]): AppError {
  const both = withZh(errors);
  return new AppError('INCOMPLETE', both.map((e) => `${e.path} ${e.message}`).join('; '), both);
}

const ACTIVE_APPLICATION: ApplicationStatus[] = ['draft', 'submitted', 'returned', 'accepted'];

export interface ChallengeListFilter {
  q?: string | undefined;
  status?: ChallengeStatus[] | undefined;
  field?: string | undefined;
  zoneId?: string | undefined;
  batchId?: string | undefined;
  deadlineFrom?: Date | undefined;
  deadlineTo?: Date | undefined;
  sort?: 'deadline' | '-deadline' | 'created' | '-created' | 'budget' | '-budget' | undefined;
}

export class ChallengeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly registry: RegistryService,
    private readonly contracts: ContractService,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private async lockChallenge(tx: Db, tenantId: string, id: string): Promise<ChallengeRow> {
    const [row] = await tx.select().from(challenges).where(and(eq(challenges.tenantId, tenantId), eq(challenges.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'challenge not found');
    return row;
  }

  private async lockApplication(tx: Db, tenantId: string, id: string): Promise<ApplicationRow> {
    const [row] = await tx.select().from(applications).where(and(eq(applications.tenantId, tenantId), eq(applications.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'application not found');
    return row;
  }

  private async nextCode(tx: Db, tenantId: string, prefix: string, table: typeof challenges | typeof challengeBatches | typeof applications, width: number): Promise<string> {
    const [r] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(and(eq(table.tenantId, tenantId), sql`${table.code} like ${prefix + '%'}`));
    return `${prefix}${String(Number(r?.n ?? 0) + 1).padStart(width, '0')}`;
  }

  private async organizationUsers(tx: Db, tenantId: string, organizationId: string): Promise<string[]> {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.organizationId, organizationId), eq(users.status, 'active')));
    return rows.map((r) => r.id);
  }

  private async notifyOrganization(tx: Db, tenantId: string, organizationId: string, msg: Message) {
    const ids = await this.organizationUsers(tx, tenantId, organizationId);
    if (ids.length) await this.notifier.toUsers(tx, tenantId, ids, msg);
  }

  private async checkZones(tx: Db, tenantId: string, ids: string[]) {
    if (ids.length === 0) return;
    const found = await this.registry.existingZoneIds(tenantId, ids, tx);
    if (found.size !== new Set(ids).size) throw new AppError('VALIDATION_FAILED', 'unknown zone in eligibility', [{ path: 'eligibility/zoneIds', message: 'names a zone that does not exist' }]);
  }

  private async checkAttachments(tx: Db, tenantId: string, ids: string[], path: string, allowedBy?: { userIds: string[] }) {
    if (ids.length === 0) return;
    const rows = await tx.select().from(attachments).where(and(eq(attachments.tenantId, tenantId), inArray(attachments.id, ids)));
    const errors: FieldError[] = [];
    ids.forEach((id, i) => {
      const row = rows.find((r) => r.id === id);
      if (!row || (allowedBy && !allowedBy.userIds.includes(row.createdBy))) errors.push({ path: `${path}/${i}`, message: 'is not a file you uploaded' });
      else if (!APPLICATION_ATTACHMENT_TYPES.includes(row.mimeType)) errors.push({ path: `${path}/${i}`, message: `must be a PDF or an image, not ${row.mimeType}` });
    });
    if (errors.length) throw new AppError('FILE_TYPE_NOT_ALLOWED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
  }

  // ---- demands (需求征集) ------------------------------------------------------------------

  async submitDemand(ctx: CommandContext, organizationId: string, input: { title: string; field: string; description: string; expectedTargets?: string | undefined; budgetExpectationFen?: number | null | undefined }): Promise<DemandRow> {
    return inTransaction(this.db, async (tx) => {
      const [org] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.id, organizationId)));
      if (!org) throw new AppError('VALIDATION_FAILED', 'organization not found', [{ path: 'organizationId', message: 'does not exist' }]);
      const [row] = await tx
        .insert(demands)
        .values({
          tenantId: ctx.tenantId,
          organizationId,
          submittedBy: ctx.actorUserId!,
          title: input.title.trim(),
          field: input.field,
          description: input.description.trim(),
          expectedTargets: input.expectedTargets?.trim() ?? '',
          budgetExpectationFen: input.budgetExpectationFen ?? null,
          createdAt: this.now(),
          updatedAt: this.now(),
        })
        .returning();
      await appendAudit(tx, ctx, { action: 'demand.submitted', targetType: 'demand', targetId: row!.id, summary: { title: row!.title, organizationId } });
      return row!;
    });
  }

  async listDemands(tenantId: string, f: { status?: DemandStatus | undefined; organizationId?: string | undefined; q?: string | undefined }, page: { offset: number; limit: number }) {
    const conds: SQL[] = [eq(demands.tenantId, tenantId)];
    if (f.status) conds.push(eq(demands.status, f.status));
    if (f.organizationId) conds.push(eq(demands.organizationId, f.organizationId));
    if (f.q?.trim()) {
      // Literal search: % and _ typed by a user are not wildcards.
      const like = `%${f.q.trim().replace(/[%_\\]/g, '\\$&')}%`;
      conds.push(sql`(${demands.title} ilike ${like} or ${demands.description} ilike ${like})`);
    }
    const where = and(...conds);
    const [items, total] = await Promise.all([
      this.db
        .select({ d: demands, orgName: organizations.nameZh })
        .from(demands)
        .innerJoin(organizations, eq(organizations.id, demands.organizationId))
        .where(where)
        .orderBy(desc(demands.createdAt), desc(demands.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(demands).where(where),
    ]);
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  async getDemand(tenantId: string, id: string): Promise<DemandRow> {
    const [row] = await this.db.select().from(demands).where(and(eq(demands.tenantId, tenantId), eq(demands.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'demand not found');
    return row;
  }

  async reviewDemand(ctx: CommandContext, id: string, decision: 'accepted' | 'rejected', note: string | null): Promise<DemandRow> {
    return inTransaction(this.db, async (tx) => {
      const [d] = await tx.select().from(demands).where(and(eq(demands.tenantId, ctx.tenantId), eq(demands.id, id))).for('update');
      if (!d) throw new AppError('NOT_FOUND', 'demand not found');
      if (d.status !== 'submitted' && !(d.status === 'accepted' && decision === 'rejected')) throw stateError('reviewing this demand', d.status);
      if (decision === 'rejected' && !note?.trim()) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'note', message: 'a reason is required when rejecting' }]);
      const [row] = await tx
        .update(demands)
        .set({ status: decision, reviewNote: note, reviewedBy: ctx.actorUserId, reviewedAt: this.now(), updatedAt: this.now() })
        .where(eq(demands.id, id))
        .returning();
      await appendAudit(tx, ctx, { action: 'demand.reviewed', targetType: 'demand', targetId: id, summary: { decision, note } });
      return row!;
    });
  }

  /** Duplicates are merged into one demand that stays; the others point to it. */
  async mergeDemands(ctx: CommandContext, intoId: string, sourceIds: string[]): Promise<DemandRow> {
    const sources = [...new Set(sourceIds)].filter((s) => s !== intoId);
    if (sources.length === 0) throw new AppError('VALIDATION_FAILED', 'nothing to merge', [{ path: 'sourceIds', message: 'name at least one other demand' }]);
    return inTransaction(this.db, async (tx) => {
      const rows = await tx
        .select()
        .from(demands)
        .where(and(eq(demands.tenantId, ctx.tenantId), inArray(demands.id, [intoId, ...sources])))
        .for('update');
      const into = rows.find((r) => r.id === intoId);
      if (!into || rows.length !== sources.length + 1) throw new AppError('NOT_FOUND', 'demand not found');
      for (const r of rows) if (!['submitted', 'accepted'].includes(r.status)) throw stateError(`merging demand ${r.id}`, r.status);
      await tx.update(demands).set({ status: 'merged', mergedIntoId: intoId, reviewedBy: ctx.actorUserId, reviewedAt: this.now(), updatedAt: this.now() }).where(inArray(demands.id, sources));
      const [row] = await tx.update(demands).set({ status: 'accepted', updatedAt: this.now() }).where(eq(demands.id, intoId)).returning();
      await appendAudit(tx, ctx, { action: 'demand.merged', targetType: 'demand', targetId: intoId, summary: { into: intoId, sources } });
      return row!;
    });
  }

  /** An accepted demand (with those merged into it) becomes a draft challenge that links back. */
  async convertDemand(ctx: CommandContext, id: string): Promise<ChallengeRow> {
    return inTransaction(this.db, async (tx) => {
      const [d] = await tx.select().from(demands).where(and(eq(demands.tenantId, ctx.tenantId), eq(demands.id, id))).for('update');
      if (!d) throw new AppError('NOT_FOUND', 'demand not found');
      if (d.status !== 'accepted') throw stateError('turning this demand into a challenge', d.status);
      const merged = await tx.select({ id: demands.id }).from(demands).where(eq(demands.mergedIntoId, id));
      const terms: ChallengeTerms = {
        ...emptyTerms(),
        title: d.title,
        field: d.field,
        problem: [d.description, d.expectedTargets].filter(Boolean).join('\n\n'),
        budgetCapFen: d.budgetExpectationFen ?? 0,
      };
      const challenge = await this.insertDraft(tx, ctx, terms, [id, ...merged.map((m) => m.id)]);
      await tx.update(demands).set({ status: 'converted', challengeId: challenge.id, updatedAt: this.now() }).where(eq(demands.id, id));
      await appendAudit(tx, ctx, { action: 'demand.converted', targetType: 'demand', targetId: id, summary: { challengeId: challenge.id, code: challenge.code } });
      return challenge;
    });
  }

  // ---- challenges ------------------------------------------------------------------------

  private async insertDraft(tx: Db, ctx: CommandContext, terms: ChallengeTerms, fromDemands: string[]): Promise<ChallengeRow> {
    const year = shanghaiDate(this.now()).slice(0, 4);
    const code = await this.nextCode(tx, ctx.tenantId, `JB-${year}-`, challenges, 3);
    const [row] = await tx
      .insert(challenges)
      .values({
        tenantId: ctx.tenantId,
        code,
        terms,
        title: terms.title,
        field: terms.field,
        budgetCapFen: terms.budgetCapFen,
        deadline: new Date(terms.deadline),
        zoneIds: terms.eligibility.zoneIds,
        createdBy: ctx.actorUserId!,
        createdAt: this.now(),
        updatedAt: this.now(),
      })
      .returning();
    await appendAudit(tx, ctx, { action: 'challenge.drafted', targetType: 'challenge', targetId: row!.id, summary: { code, title: terms.title, fromDemands } });
    return row!;
  }

  async createChallenge(ctx: CommandContext, terms: ChallengeTerms): Promise<ChallengeRow> {
    return inTransaction(this.db, async (tx) => {
      await this.checkZones(tx, ctx.tenantId, terms.eligibility.zoneIds);
      await this.checkAttachments(tx, ctx.tenantId, terms.attachmentIds, 'attachmentIds');
      return this.insertDraft(tx, ctx, terms, []);
    });
  }

  /** A draft's terms may change freely; once submitted for approval they are fixed until refused. */
  async updateDraft(ctx: CommandContext, id: string, terms: ChallengeTerms): Promise<ChallengeRow> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      if (c.status !== 'draft') throw stateError('editing the terms directly', c.status);
      await this.checkZones(tx, ctx.tenantId, terms.eligibility.zoneIds);
      await this.checkAttachments(tx, ctx.tenantId, terms.attachmentIds, 'attachmentIds');
      const changed = changedTerms(c.terms, terms);
      const [row] = await tx
        .update(challenges)
        .set({ terms, title: terms.title, field: terms.field, budgetCapFen: terms.budgetCapFen, deadline: new Date(terms.deadline), zoneIds: terms.eligibility.zoneIds, updatedAt: this.now() })
        .where(eq(challenges.id, id))
        .returning();
      if (changed.length) await appendAudit(tx, ctx, { action: 'challenge.draft_updated', targetType: 'challenge', targetId: id, summary: { fields: changed } });
      return row!;
    });
  }

  private completeTermsOrThrow(terms: ChallengeTerms) {
    const errors = termsErrors(terms);
    if (new Date(terms.deadline).getTime() <= this.now().getTime()) errors.push({ path: 'deadline', message: 'must be in the future' });
    if (errors.length) throw incomplete(errors);
  }

  async submitForApproval(ctx: CommandContext, id: string): Promise<ChallengeRow> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      if (c.status !== 'draft') throw stateError('submitting for approval', c.status);
      this.completeTermsOrThrow(c.terms);
      const [row] = await tx.update(challenges).set({ status: 'pending_approval', submittedBy: ctx.actorUserId, updatedAt: this.now() }).where(eq(challenges.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'challenge.submitted_for_approval', targetType: 'challenge', targetId: id, summary: { version: c.version } });
      await this.notifier.toRole(tx, ctx.tenantId, ['officer'], messages.approvalRequested(c, ctx.actorLabel), [ctx.actorUserId!, c.createdBy]);
      return row!;
    });
  }

  /** Four eyes: neither the drafter nor the one who submitted it may approve. */
  async approve(ctx: CommandContext, id: string): Promise<ChallengeRow> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      if (c.status !== 'pending_approval') throw stateError('approving', c.status);
      if (ctx.actorUserId === c.createdBy || ctx.actorUserId === c.submittedBy) throw new AppError('FOUR_EYES_REQUIRED');
      this.completeTermsOrThrow(c.terms);
      const [row] = await tx.update(challenges).set({ status: 'approved', approvedBy: ctx.actorUserId, approvedAt: this.now(), updatedAt: this.now() }).where(eq(challenges.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'challenge.approved', targetType: 'challenge', targetId: id, summary: { version: c.version, submittedBy: c.submittedBy } });
      await this.notifier.toUsers(tx, ctx.tenantId, [...new Set([c.createdBy, c.submittedBy!].filter(Boolean))], messages.approved(c));
      return row!;
    });
  }

  async refuseApproval(ctx: CommandContext, id: string, reason: string): Promise<ChallengeRow> {
    if (!reason.trim()) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'is required' }]);
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      if (c.status !== 'pending_approval' && c.status !== 'approved') throw stateError('sending back', c.status);
      if (ctx.actorUserId === c.createdBy || ctx.actorUserId === c.submittedBy) throw new AppError('FOUR_EYES_REQUIRED');
      const [row] = await tx.update(challenges).set({ status: 'draft', approvedBy: null, approvedAt: null, updatedAt: this.now() }).where(eq(challenges.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'challenge.approval_refused', targetType: 'challenge', targetId: id, summary: { reason } });
      await this.notifier.toUsers(tx, ctx.tenantId, [...new Set([c.createdBy, c.submittedBy!].filter(Boolean))], messages.approvalRefused(c, reason));
      return row!;
    });
  }

  /** A batch (榜单) publishes approved challenges together; their terms freeze as version 1. */
  async publishBatch(ctx: CommandContext, input: { title: string; titleEn?: string | null | undefined; description?: string | undefined; challengeIds: string[] }): Promise<{ batch: BatchRow; challenges: ChallengeRow[] }> {
    const ids = [...new Set(input.challengeIds)];
    if (ids.length === 0) throw new AppError('VALIDATION_FAILED', 'a batch needs challenges', [{ path: 'challengeIds', message: 'name at least one approved challenge' }]);
    return inTransaction(this.db, async (tx) => {
      const rows = await tx.select().from(challenges).where(and(eq(challenges.tenantId, ctx.tenantId), inArray(challenges.id, ids))).for('update');
      if (rows.length !== ids.length) throw new AppError('NOT_FOUND', 'challenge not found');
      const now = this.now();
      for (const c of rows) {
        if (c.status !== 'approved') throw stateError(`publishing ${c.code}`, c.status);
        if (c.deadline.getTime() <= now.getTime()) throw new AppError('DEADLINE_PASSED', `the deadline of ${c.code} has passed; send it back and set a new one`);
      }
      const year = shanghaiDate(now).slice(0, 4);
      const code = await this.nextCode(tx, ctx.tenantId, `BD-${year}-`, challengeBatches, 2);
      const [batch] = await tx
        .insert(challengeBatches)
        .values({ tenantId: ctx.tenantId, code, title: input.title.trim(), titleEn: input.titleEn ?? null, description: input.description ?? '', status: 'published', createdBy: ctx.actorUserId!, publishedBy: ctx.actorUserId, publishedAt: now, createdAt: now })
        .returning();
      const out: ChallengeRow[] = [];
      for (const c of rows) {
        const [row] = await tx.update(challenges).set({ status: 'published', batchId: batch!.id, publishedAt: now, updatedAt: now }).where(eq(challenges.id, c.id)).returning();
        await tx.insert(challengeVersions).values({ challengeId: c.id, version: 1, terms: c.terms, reason: null, changedFields: [], createdBy: ctx.actorUserId!, createdAt: now });
        await appendAudit(tx, ctx, { action: 'challenge.published', targetType: 'challenge', targetId: c.id, summary: { batchId: batch!.id, batchCode: code, version: 1, deadline: c.deadline.toISOString() } });
        out.push(row!);
      }
      await appendAudit(tx, ctx, { action: 'batch.published', targetType: 'challenge_batch', targetId: batch!.id, summary: { code, title: batch!.title, challenges: rows.map((r) => r.code) } });
      return { batch: batch!, challenges: out };
    });
  }

  /**
   * Published terms are frozen: a correction is a new version with its reason, visible to all, and
   * everyone with an application is told. The deadline may move later, never earlier.
   */
  async correct(ctx: CommandContext, id: string, terms: ChallengeTerms, reason: string): Promise<ChallengeRow> {
    if (!reason.trim()) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'is required' }]);
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      if (c.status !== 'published') throw stateError('correcting the terms', c.status);
      const errors = termsErrors(terms);
      if (new Date(terms.deadline).getTime() < c.deadline.getTime()) errors.push({ path: 'deadline', message: 'may be extended but not brought forward' });
      if (errors.length) throw incomplete(errors);
      await this.checkZones(tx, ctx.tenantId, terms.eligibility.zoneIds);
      await this.checkAttachments(tx, ctx.tenantId, terms.attachmentIds, 'attachmentIds');
      const changed = changedTerms(c.terms, terms);
      if (changed.length === 0) throw new AppError('VALIDATION_FAILED', 'nothing changed', [{ path: 'terms', message: 'is the same as the current version' }]);
      const version = c.version + 1;
      const now = this.now();
      await tx.insert(challengeVersions).values({ challengeId: id, version, terms, reason: reason.trim(), changedFields: changed, createdBy: ctx.actorUserId!, createdAt: now });
      const [row] = await tx
        .update(challenges)
        .set({ terms, version, title: terms.title, field: terms.field, budgetCapFen: terms.budgetCapFen, deadline: new Date(terms.deadline), zoneIds: terms.eligibility.zoneIds, updatedAt: now })
        .where(eq(challenges.id, id))
        .returning();
      const orgs = await tx
        .selectDistinct({ org: applications.organizationId })
        .from(applications)
        .where(and(eq(applications.challengeId, id), inArray(applications.status, ACTIVE_APPLICATION)));
      for (const o of orgs) await this.notifyOrganization(tx, ctx.tenantId, o.org, messages.corrected(row!, version, reason.trim(), changed));
      await appendAudit(tx, ctx, { action: 'challenge.corrected', targetType: 'challenge', targetId: id, summary: { version, reason: reason.trim(), changed, notified: orgs.length } });
      return row!;
    });
  }

  async cancel(ctx: CommandContext, id: string, reason: string): Promise<ChallengeRow> {
    if (!reason.trim()) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'is required' }]);
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      if (!['draft', 'pending_approval', 'approved', 'published'].includes(c.status)) throw stateError('cancelling', c.status);
      const [row] = await tx.update(challenges).set({ status: 'cancelled', cancelReason: reason.trim(), updatedAt: this.now() }).where(eq(challenges.id, id)).returning();
      const orgs = await tx
        .selectDistinct({ org: applications.organizationId })
        .from(applications)
        .where(and(eq(applications.challengeId, id), inArray(applications.status, ACTIVE_APPLICATION)));
      for (const o of orgs) await this.notifyOrganization(tx, ctx.tenantId, o.org, messages.cancelled(c, reason.trim()));
      await appendAudit(tx, ctx, { action: 'challenge.cancelled', targetType: 'challenge', targetId: id, summary: { reason: reason.trim(), notified: orgs.length } });
      return row!;
    });
  }

  async getChallenge(tenantId: string, id: string): Promise<ChallengeRow> {
    const [row] = await this.db.select().from(challenges).where(and(eq(challenges.tenantId, tenantId), eq(challenges.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'challenge not found');
    return row;
  }

  async versions(challengeId: string) {
    return this.db.select().from(challengeVersions).where(eq(challengeVersions.challengeId, challengeId)).orderBy(asc(challengeVersions.version));
  }

  async batchOf(id: string | null): Promise<BatchRow | null> {
    if (!id) return null;
    const [row] = await this.db.select().from(challengeBatches).where(eq(challengeBatches.id, id));
    return row ?? null;
  }

  async listBatches(tenantId: string) {
    return this.db.select().from(challengeBatches).where(eq(challengeBatches.tenantId, tenantId)).orderBy(desc(challengeBatches.publishedAt));
  }

  private challengeWhere(tenantId: string, f: ChallengeListFilter): SQL | undefined {
    const conds: SQL[] = [eq(challenges.tenantId, tenantId)];
    if (f.status?.length) conds.push(inArray(challenges.status, f.status));
    if (f.field) conds.push(eq(challenges.field, f.field));
    if (f.batchId) conds.push(eq(challenges.batchId, f.batchId));
    if (f.zoneId) conds.push(sql`(${challenges.zoneIds} = '{}'::uuid[] or ${f.zoneId}::uuid = any(${challenges.zoneIds}))`);
    if (f.deadlineFrom) conds.push(gte(challenges.deadline, f.deadlineFrom));
    if (f.deadlineTo) conds.push(lte(challenges.deadline, f.deadlineTo));
    if (f.q?.trim()) {
      const like = `%${f.q.trim().replace(/[%_\\]/g, '\\$&')}%`;
      conds.push(sql`(${challenges.title} ilike ${like} or ${challenges.code} ilike ${like} or ${challenges.terms}->>'problem' ilike ${like})`);
    }
    return and(...conds);
  }

  async listChallenges(tenantId: string, f: ChallengeListFilter, page: { offset: number; limit: number }) {
    const where = this.challengeWhere(tenantId, f);
    const order = {
      deadline: [asc(challenges.deadline)],
      '-deadline': [desc(challenges.deadline)],
      created: [asc(challenges.createdAt)],
      '-created': [desc(challenges.createdAt)],
      budget: [asc(challenges.budgetCapFen)],
      '-budget': [desc(challenges.budgetCapFen)],
    }[f.sort ?? '-created'];
    const [items, total] = await Promise.all([
      this.db
        .select()
        .from(challenges)
        .where(where)
        .orderBy(...order, asc(challenges.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(challenges).where(where),
    ]);
    const counts = await this.applicationCounts(items.map((i) => i.id));
    return { items: items.map((c) => ({ challenge: c, counts: counts.get(c.id)! })), total: Number(total[0]?.n ?? 0) };
  }

  /** Applications per status for each of these challenges; every id is in the map (zeros when none). */
  async applicationCounts(challengeIds: string[]): Promise<Map<string, Record<ApplicationStatus, number>>> {
    const out = new Map(challengeIds.map((id) => [id, emptyCounts()]));
    if (challengeIds.length === 0) return out;
    const rows = await this.db
      .select({ id: applications.challengeId, status: applications.status, n: sql<number>`count(*)::int` })
      .from(applications)
      .where(inArray(applications.challengeId, challengeIds))
      .groupBy(applications.challengeId, applications.status);
    for (const r of rows) out.get(r.id)![r.status] = Number(r.n);
    return out;
  }

  // ---- applications (揭榜) -----------------------------------------------------------------

  async createApplication(ctx: CommandContext, actor: Actor & { organizationId: string }, challengeId: string, content: ApplicationContent): Promise<ApplicationRow> {
    return inTransaction(this.db, async (tx) => {
      const [c] = await tx.select().from(challenges).where(and(eq(challenges.tenantId, ctx.tenantId), eq(challenges.id, challengeId)));
      if (!c || ['draft', 'pending_approval', 'approved'].includes(c.status)) throw new AppError('NOT_FOUND', 'challenge not found');
      if (!acceptingApplications(c.status, c.deadline, this.now())) {
        if (c.status === 'published') throw new AppError('DEADLINE_PASSED');
        throw stateError('applying', c.status);
      }
      const [existing] = await tx
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.challengeId, challengeId), eq(applications.organizationId, actor.organizationId), ne(applications.status, 'withdrawn')));
      if (existing) throw new AppError('APPLICATION_EXISTS', `application ${existing.id}`);
      const errs = budgetErrors(content.budget, Number.MAX_SAFE_INTEGER);
      if (errs.length) throw new AppError('VALIDATION_FAILED', errs.map((e) => `${e.path} ${e.message}`).join('; '), errs);
      const code = await this.nextCode(tx, ctx.tenantId, `${c.code}-`, applications, 3);
      const [row] = await tx
        .insert(applications)
        .values({ tenantId: ctx.tenantId, challengeId, organizationId: actor.organizationId, code, content, budgetTotalFen: budgetTotal(content.budget), createdBy: ctx.actorUserId!, createdAt: this.now(), updatedAt: this.now() })
        .returning();
      await this.claimAttachments(tx, ctx.tenantId, row!.id, actor.organizationId, content.attachmentIds);
      await appendAudit(tx, ctx, { action: 'application.created', targetType: 'application', targetId: row!.id, summary: { challengeId, organizationId: actor.organizationId, code } });
      return row!;
    });
  }

  private assertOwn(actor: Actor, a: ApplicationRow) {
    if (actor.organizationId !== a.organizationId) throw new AppError('NOT_FOUND', 'application not found');
  }

  /** Drafts save at any time before the deadline; a returned application is edited within its correction window. */
  async updateApplication(ctx: CommandContext, actor: Actor, id: string, content: ApplicationContent): Promise<ApplicationRow> {
    return inTransaction(this.db, async (tx) => {
      const a = await this.lockApplication(tx, ctx.tenantId, id);
      this.assertOwn(actor, a);
      const [c] = await tx.select().from(challenges).where(eq(challenges.id, a.challengeId));
      this.assertEditable(a, c!);
      const errs = budgetErrors(content.budget, Number.MAX_SAFE_INTEGER);
      if (errs.length) throw new AppError('VALIDATION_FAILED', errs.map((e) => `${e.path} ${e.message}`).join('; '), errs);
      const fields = changedFields(a.content, content);
      await this.claimAttachments(tx, ctx.tenantId, id, a.organizationId, content.attachmentIds.filter((f) => !a.content.attachmentIds.includes(f)));
      const [row] = await tx.update(applications).set({ content, budgetTotalFen: budgetTotal(content.budget), updatedAt: this.now() }).where(eq(applications.id, id)).returning();
      if (fields.length) await appendAudit(tx, ctx, { action: 'application.updated', targetType: 'application', targetId: id, summary: { fields } });
      return row!;
    });
  }

  private assertEditable(a: ApplicationRow, c: ChallengeRow) {
    const now = this.now();
    if (a.status === 'draft') {
      if (c.status !== 'published') throw stateError('editing', `${a.status} (challenge ${c.status})`);
      if (now.getTime() >= c.deadline.getTime()) throw new AppError('DEADLINE_PASSED');
      return;
    }
    if (a.status === 'returned') {
      if (!a.correctionDueAt || now.getTime() >= a.correctionDueAt.getTime()) throw new AppError('DEADLINE_PASSED', 'the correction window has closed');
      return;
    }
    throw stateError('editing', a.status);
  }

  /** Why this organisation may not take this challenge, from the registry as it is today. */
  async eligibility(tx: Db, tenantId: string, organizationId: string, terms: ChallengeTerms, hasPartners: boolean): Promise<Refusal[]> {
    const facts = await this.registry.eligibilityFacts(tenantId, organizationId, shanghaiDate(this.now()), tx);
    if (!facts) throw new AppError('NOT_FOUND', 'organization not found');
    return eligibilityRefusals(
      terms,
      { organizationType: facts.organizationType, zoneAncestry: facts.zoneAncestry, validQualifications: facts.validQualifications, hasPartners },
      {
        zones: new Map([...facts.zoneNames].map(([id, n]) => [id, n.zh])),
        types: new Map(Object.entries(ORG_TYPE_LABELS).map(([k, zh]) => [k, { zh, en: ORG_TYPE_LABELS_EN[k as keyof typeof ORG_TYPE_LABELS_EN] }])),
        qualifications: new Map(Object.entries(QUALIFICATION_KIND_LABELS).map(([k, zh]) => [k, { zh, en: QUALIFICATION_KIND_LABELS_EN[k as keyof typeof QUALIFICATION_KIND_LABELS_EN] }])),
      },
    );
  }

  async checkEligibility(tenantId: string, organizationId: string, challengeId: string): Promise<Refusal[]> {
    const c = await this.getChallenge(tenantId, challengeId);
    return this.eligibility(this.db, tenantId, organizationId, c.terms, false);
  }

  /**
   * Submission: before the deadline (Beijing time, the server's clock), complete, within the budget
   * cap, eligible by the registry today, with PDF or image attachments the organisation uploaded.
   * Every submission is kept as a version.
   */
  async submitApplication(ctx: CommandContext, actor: Actor, id: string): Promise<ApplicationRow> {
    return inTransaction(this.db, async (tx) => {
      const a = await this.lockApplication(tx, ctx.tenantId, id);
      this.assertOwn(actor, a);
      const [c] = await tx.select().from(challenges).where(eq(challenges.id, a.challengeId));
      this.assertEditable(a, c!);
      const errors = submissionErrors(a.content, c!.terms);
      const over = errors.find((e) => e.path === 'budget' && e.message.includes('exceeds'));
      if (over) throw new AppError('BUDGET_OVER_CAP', over.message, [over]);
      if (errors.length) throw incomplete(errors);
      const refusals = await this.eligibility(tx, ctx.tenantId, a.organizationId, c!.terms, a.content.partners.length > 0);
      if (refusals.length) throw new AppError('NOT_ELIGIBLE', refusals.map((r) => r.en).join('; '), refusals.map((r) => ({ path: `eligibility/${r.code}`, message: r.en, zh: r.zh })));
      const orgUsers = await this.organizationUsers(tx, ctx.tenantId, a.organizationId);
      await this.checkAttachments(tx, ctx.tenantId, a.content.attachmentIds, 'attachmentIds', { userIds: orgUsers });
      const now = this.now();
      const version = a.version + 1;
      await tx.insert(applicationVersions).values({ applicationId: id, version, content: a.content, challengeVersion: c!.version, submittedBy: ctx.actorUserId!, submittedAt: now });
      const [row] = await tx
        .update(applications)
        .set({ status: 'submitted', version, challengeVersion: c!.version, submittedAt: now, correctionDueAt: null, updatedAt: now })
        .where(eq(applications.id, id))
        .returning();
      await appendAudit(tx, ctx, { action: 'application.submitted', targetType: 'application', targetId: id, summary: { version, challengeVersion: c!.version, budgetTotalFen: a.budgetTotalFen } });
      const [org] = await tx.select({ name: organizations.nameZh }).from(organizations).where(eq(organizations.id, a.organizationId));
      await this.notifier.toRole(tx, ctx.tenantId, ['officer'], messages.applicationSubmitted(c!, { id, code: a.code, title: a.content.title }, org?.name ?? ''));
      return row!;
    });
  }

  async withdraw(ctx: CommandContext, actor: Actor, id: string): Promise<ApplicationRow> {
    return inTransaction(this.db, async (tx) => {
      const a = await this.lockApplication(tx, ctx.tenantId, id);
      this.assertOwn(actor, a);
      const [c] = await tx.select().from(challenges).where(eq(challenges.id, a.challengeId));
      if (!['draft', 'submitted', 'returned'].includes(a.status)) throw stateError('withdrawing', a.status);
      if (this.now().getTime() >= c!.deadline.getTime()) throw new AppError('DEADLINE_PASSED', 'applications can be withdrawn only before the deadline');
      const [row] = await tx.update(applications).set({ status: 'withdrawn', withdrawnAt: this.now(), updatedAt: this.now() }).where(eq(applications.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'application.withdrawn', targetType: 'application', targetId: id, summary: { status: a.status } });
      return row!;
    });
  }

  /**
   * Files named by an application become the application's, so the organisation's other members can
   * read them (FileService asks `mayReadApplicationFile`); only files uploaded by the organisation's
   * members can be claimed.
   */
  private async claimAttachments(tx: Db, tenantId: string, applicationId: string, organizationId: string, ids: string[]) {
    if (ids.length === 0) return;
    const members = await this.organizationUsers(tx, tenantId, organizationId);
    await this.checkAttachments(tx, tenantId, ids, 'attachmentIds', { userIds: members });
    await tx
      .update(attachments)
      .set({ ownerType: 'application', ownerId: applicationId })
      .where(and(eq(attachments.tenantId, tenantId), inArray(attachments.id, ids)));
  }

  /** Whether the actor may read a file an application owns: a member of the applying organisation. */
  async mayReadApplicationFile(actor: Actor, applicationId: string | null): Promise<boolean> {
    if (!applicationId || !actor.organizationId) return false;
    const [a] = await this.db.select({ org: applications.organizationId }).from(applications).where(and(eq(applications.tenantId, actor.tenantId), eq(applications.id, applicationId)));
    return a?.org === actor.organizationId;
  }

  async getApplication(tenantId: string, id: string): Promise<ApplicationRow> {
    const [row] = await this.db.select().from(applications).where(and(eq(applications.tenantId, tenantId), eq(applications.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'application not found');
    return row;
  }

  async applicationVersions(id: string) {
    return this.db.select().from(applicationVersions).where(eq(applicationVersions.applicationId, id)).orderBy(asc(applicationVersions.version));
  }

  async listApplications(tenantId: string, f: { challengeId?: string | undefined; organizationId?: string | undefined; status?: ApplicationStatus[] | undefined }, page: { offset: number; limit: number }) {
    const conds: SQL[] = [eq(applications.tenantId, tenantId)];
    if (f.challengeId) conds.push(eq(applications.challengeId, f.challengeId));
    if (f.organizationId) conds.push(eq(applications.organizationId, f.organizationId));
    if (f.status?.length) conds.push(inArray(applications.status, f.status));
    const where = and(...conds);
    const [items, total] = await Promise.all([
      this.db
        .select({ a: applications, orgName: organizations.nameZh, orgNameEn: organizations.nameEn, challengeCode: challenges.code, challengeTitle: challenges.title, challengeStatus: challenges.status, deadline: challenges.deadline })
        .from(applications)
        .innerJoin(organizations, eq(organizations.id, applications.organizationId))
        .innerJoin(challenges, eq(challenges.id, applications.challengeId))
        .where(where)
        .orderBy(desc(applications.updatedAt), asc(applications.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(applications).where(where),
    ]);
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  // ---- formal check (形式审查) --------------------------------------------------------------

  async formalCheck(ctx: CommandContext, id: string, input: { decision: 'accept' | 'reject' | 'return'; reason?: string | null | undefined; correctionDays?: number | undefined }): Promise<ApplicationRow> {
    const reason = input.reason?.trim() || null;
    if (input.decision !== 'accept' && !reason) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'tell the applicant why' }]);
    return inTransaction(this.db, async (tx) => {
      const a = await this.lockApplication(tx, ctx.tenantId, id);
      const c = await this.lockChallenge(tx, ctx.tenantId, a.challengeId);
      if (a.status !== 'submitted') throw stateError('the formal check', a.status);
      if (c.status !== 'published') throw stateError('the formal check', `challenge ${c.status}`);
      const now = this.now();
      let due: Date | null = null;
      if (input.decision === 'return') {
        const days = input.correctionDays ?? 5;
        if (!Number.isInteger(days) || days < 1 || days > CORRECTION_MAX_DAYS) throw new AppError('VALIDATION_FAILED', 'correction window', [{ path: 'correctionDays', message: `must be 1–${CORRECTION_MAX_DAYS} days` }]);
        // The window ends at the end of the last day, Beijing time.
        due = endOfShanghaiDay(addCalendarDays(shanghaiDate(now), days));
      }
      const status: ApplicationStatus = input.decision === 'accept' ? 'accepted' : input.decision === 'reject' ? 'rejected' : 'returned';
      const [row] = await tx
        .update(applications)
        .set({ status, checkReason: reason, correctionDueAt: due, checkedBy: ctx.actorUserId, checkedAt: now, updatedAt: now })
        .where(eq(applications.id, id))
        .returning();
      await appendAudit(tx, ctx, { action: 'application.checked', targetType: 'application', targetId: id, summary: { decision: input.decision, reason, correctionDueAt: due?.toISOString() ?? null } });
      await this.notifyOrganization(tx, ctx.tenantId, a.organizationId, messages.checked(c, { id, code: a.code, title: a.content.title }, input.decision, reason, due));
      return row!;
    });
  }

  // ---- review stage -----------------------------------------------------------------------

  /**
   * After the deadline, when every submitted application has been checked. Returned applications
   * whose correction window has closed lapse (treated as rejected) on the record.
   */
  async openReview(ctx: CommandContext, id: string): Promise<ChallengeRow> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, id);
      const now = this.now();
      if (c.status !== 'published') throw stateError('opening the review', c.status);
      if (now.getTime() < c.deadline.getTime()) throw new AppError('INVALID_STATE', 'the review opens after the application deadline');
      const apps = await tx.select().from(applications).where(eq(applications.challengeId, id)).for('update');
      const pending = apps.filter((a) => a.status === 'submitted' || (a.status === 'returned' && a.correctionDueAt && a.correctionDueAt.getTime() > now.getTime()));
      if (pending.length) throw new AppError('INVALID_STATE', `${pending.length} application(s) still await the formal check or their correction: ${pending.map((p) => p.code).join(', ')}`);
      let lapsed = 0;
      for (const a of apps.filter((x) => x.status === 'returned')) {
        await tx.update(applications).set({ status: 'rejected', updatedAt: now }).where(eq(applications.id, a.id));
        await appendAudit(tx, ctx, { action: 'application.lapsed', targetType: 'application', targetId: a.id, summary: { correctionDueAt: a.correctionDueAt?.toISOString() ?? '' } });
        await this.notifyOrganization(tx, ctx.tenantId, a.organizationId, messages.lapsed(c, { id: a.id, code: a.code, title: a.content.title }));
        lapsed++;
      }
      const accepted = apps.filter((a) => a.status === 'accepted').length;
      const [row] = await tx.update(challenges).set({ status: 'review', reviewOpenedAt: now, updatedAt: now }).where(eq(challenges.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'challenge.review_opened', targetType: 'challenge', targetId: id, summary: { accepted, lapsed } });
      return row!;
    });
  }

  async recordDefence(ctx: CommandContext, challengeId: string, input: { heldAt: string; location: string; panel: string[]; applicationIds: string[]; notes?: string | undefined }) {
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, challengeId);
      if (c.status !== 'review') throw stateError('recording a defence session', c.status);
      const ids = [...new Set(input.applicationIds)];
      if (ids.length) {
        const ok = await tx.select({ id: applications.id }).from(applications).where(and(eq(applications.challengeId, challengeId), eq(applications.status, 'accepted'), inArray(applications.id, ids)));
        if (ok.length !== ids.length) throw new AppError('VALIDATION_FAILED', 'unknown application', [{ path: 'applicationIds', message: 'must be accepted applications of this challenge' }]);
      }
      const [row] = await tx
        .insert(defenceSessions)
        .values({ tenantId: ctx.tenantId, challengeId, heldAt: new Date(input.heldAt), location: input.location.trim(), panel: input.panel.map((p) => p.trim()).filter(Boolean), applicationIds: ids, notes: input.notes ?? '', recordedBy: ctx.actorUserId!, createdAt: this.now() })
        .returning();
      await appendAudit(tx, ctx, { action: 'challenge.defence_recorded', targetType: 'challenge', targetId: challengeId, summary: { heldAt: input.heldAt, location: input.location, applications: ids.length } });
      return row!;
    });
  }

  async defences(challengeId: string) {
    return this.db.select().from(defenceSessions).where(eq(defenceSessions.challengeId, challengeId)).orderBy(asc(defenceSessions.heldAt));
  }

  /**
   * Expert review's results become the committee scores (issue #5): a review round, once closed, writes the
   * score of each application by its ranking metric, in the caller's transaction (the round's adoption is
   * one command). Only while the challenge is in review, only its accepted applications; `null` clears a
   * score (an application no expert scored). The ranking and the decision then use these scores.
   */
  async adoptReviewScores(
    tx: Db,
    ctx: CommandContext,
    challengeId: string,
    scores: readonly { applicationId: string; scoreCenti: number | null }[],
    /** The round adopted; null only for the demo seed's history, which predates review rounds. */
    source: { roundId: string | null; comment: string },
  ): Promise<void> {
    const c = await this.lockChallenge(tx, ctx.tenantId, challengeId);
    if (c.status !== 'review') throw stateError('adopting review scores', c.status);
    const apps = await tx.select().from(applications).where(and(eq(applications.challengeId, challengeId), eq(applications.status, 'accepted'))).for('update');
    const byId = new Map(apps.map((a) => [a.id, a]));
    const now = this.now();
    const written: { applicationId: string; scoreCenti: number | null; previous: number | null }[] = [];
    for (const s of scores) {
      const a = byId.get(s.applicationId);
      if (!a) throw new AppError('INVALID_STATE', `application ${s.applicationId} is no longer an accepted application of this challenge`);
      if (s.scoreCenti !== null && (!Number.isInteger(s.scoreCenti) || s.scoreCenti < 0 || s.scoreCenti > 10000)) throw new RangeError(`score ${s.scoreCenti} outside 0–10000`);
      await tx.update(applications).set({ scoreCenti: s.scoreCenti, scoreComment: s.scoreCenti === null ? null : source.comment, updatedAt: now }).where(eq(applications.id, a.id));
      written.push({ applicationId: a.id, scoreCenti: s.scoreCenti, previous: a.scoreCenti });
    }
    await appendAudit(tx, ctx, { action: 'challenge.review_scores_adopted', targetType: 'challenge', targetId: challengeId, summary: { roundId: source.roundId, scores: written } });
  }

  async ranking(tenantId: string, challengeId: string) {
    const rows = await this.db
      .select({ a: applications, orgName: organizations.nameZh, orgNameEn: organizations.nameEn })
      .from(applications)
      .innerJoin(organizations, eq(organizations.id, applications.organizationId))
      .where(and(eq(applications.tenantId, tenantId), eq(applications.challengeId, challengeId), eq(applications.status, 'accepted')))
      .orderBy(asc(applications.code));
    return rankByScore(rows, (r) => r.a.scoreCenti);
  }

  /**
   * The decision follows the ranking: award one, several (a horse race, up to the challenge's
   * maximum) or none (流榜, with a reason). An award is published for a notice period counted in
   * Chinese working days; no award ends the challenge at once.
   */
  async decide(ctx: CommandContext, challengeId: string, input: { kind: 'award' | 'no_award'; applicationIds: string[]; reason: string; noticeWorkingDays?: number | undefined }): Promise<{ challenge: ChallengeRow; notice: NoticeRow | null }> {
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockChallenge(tx, ctx.tenantId, challengeId);
      if (c.status !== 'review') throw stateError('deciding', c.status);
      const ids = input.kind === 'award' ? [...new Set(input.applicationIds)] : [];
      const errors = decisionErrors(input.kind, ids.length, c.terms.maxAwards, input.reason);
      if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), errors);
      const apps = await tx.select().from(applications).where(and(eq(applications.challengeId, challengeId), eq(applications.status, 'accepted')));
      for (const id of ids) {
        const a = apps.find((x) => x.id === id);
        if (!a) throw new AppError('VALIDATION_FAILED', 'not an accepted application', [{ path: 'applicationIds', message: `${id} is not an accepted application of this challenge` }]);
        if (a.scoreCenti === null) throw new AppError('VALIDATION_FAILED', 'unscored application', [{ path: 'applicationIds', message: `${a.code} has no committee score yet` }]);
      }
      const now = this.now();
      const decision: Decision = { kind: input.kind, applicationIds: ids, reason: input.reason.trim(), decidedBy: ctx.actorLabel, decidedAt: now.toISOString() };
      await appendAudit(tx, ctx, { action: 'challenge.decided', targetType: 'challenge', targetId: challengeId, summary: { kind: input.kind, applicationIds: ids, reason: decision.reason } });
      if (input.kind === 'no_award') {
        await tx.update(applications).set({ outcome: 'not_awarded', updatedAt: now }).where(and(eq(applications.challengeId, challengeId), eq(applications.status, 'accepted')));
        const [row] = await tx.update(challenges).set({ status: 'not_awarded', decision, reviewClosedAt: now, updatedAt: now }).where(eq(challenges.id, challengeId)).returning();
        for (const a of apps) await this.notifyOrganization(tx, ctx.tenantId, a.organizationId, messages.outcome(c, { id: a.id, code: a.code, title: a.content.title }, false, null));
        return { challenge: row!, notice: null };
      }
      const days = input.noticeWorkingDays ?? 5;
      if (!Number.isInteger(days) || days < NOTICE_MIN_WORKING_DAYS || days > NOTICE_MAX_WORKING_DAYS)
        throw new AppError('VALIDATION_FAILED', 'notice period', [{ path: 'noticeWorkingDays', message: `must be ${NOTICE_MIN_WORKING_DAYS}–${NOTICE_MAX_WORKING_DAYS} working days` }]);
      // The period begins on the day of publication when that is a working day, else on the next one.
      const today = shanghaiDate(now);
      const startsOn = isWorkingDay(today) ? today : addWorkingDays(addCalendarDays(today, 1), 1);
      const endsOn = addWorkingDays(startsOn, days);
      const endsAt = endOfShanghaiDay(endsOn);
      const [notice] = await tx
        .insert(notices)
        .values({ tenantId: ctx.tenantId, challengeId, decision, workingDays: days, startsOn, endsOn, endsAt, publishedBy: ctx.actorUserId!, publishedAt: now })
        .returning();
      const [row] = await tx.update(challenges).set({ status: 'notice', decision, reviewClosedAt: now, updatedAt: now }).where(eq(challenges.id, challengeId)).returning();
      await appendAudit(tx, ctx, { action: 'notice.published', targetType: 'notice', targetId: notice!.id, summary: { challengeId, workingDays: days, startsOn, endsOn, applicationIds: ids } });
      for (const a of apps) await this.notifyOrganization(tx, ctx.tenantId, a.organizationId, messages.noticePublished(c, endsAt, ids.includes(a.id)));
      return { challenge: row!, notice: notice! };
    });
  }

  /** The notice the public sees for each challenge (the latest that was not revoked), by challenge id. */
  async shownNoticeIds(challengeIds: string[]): Promise<Map<string, string>> {
    if (challengeIds.length === 0) return new Map();
    const rows = await this.db
      .select({ id: notices.id, challengeId: notices.challengeId })
      .from(notices)
      .where(and(inArray(notices.challengeId, challengeIds), ne(notices.status, 'revoked')))
      .orderBy(asc(notices.publishedAt));
    return new Map(rows.map((r) => [r.challengeId, r.id]));
  }

  async noticesOf(challengeId: string) {
    return this.db.select().from(notices).where(eq(notices.challengeId, challengeId)).orderBy(desc(notices.publishedAt));
  }

  async getNotice(tenantId: string, id: string): Promise<NoticeRow> {
    const [row] = await this.db.select().from(notices).where(and(eq(notices.tenantId, tenantId), eq(notices.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'notice not found');
    return row;
  }

  async objectionsOf(noticeId: string) {
    return this.db.select().from(objections).where(eq(objections.noticeId, noticeId)).orderBy(asc(objections.createdAt));
  }

  /** Anyone may object while the notice runs; contact details are required so an officer can answer. */
  async lodgeObjection(tenantId: string, noticeId: string, input: { name: string; organization?: string | null | undefined; phone?: string | null | undefined; email?: string | null | undefined; content: string }, requestId: string | null): Promise<ObjectionRow> {
    if (!input.phone?.trim() && !input.email?.trim()) throw new AppError('VALIDATION_FAILED', 'contact required', [{ path: 'phone', message: 'give a phone number or an e-mail address' }]);
    return inTransaction(this.db, async (tx) => {
      const [n] = await tx.select().from(notices).where(and(eq(notices.tenantId, tenantId), eq(notices.id, noticeId))).for('update');
      if (!n) throw new AppError('NOT_FOUND', 'notice not found');
      if (n.status !== 'open' || this.now().getTime() >= n.endsAt.getTime()) throw new AppError('NOTICE_CLOSED');
      const [row] = await tx
        .insert(objections)
        .values({ tenantId, noticeId, name: input.name.trim(), organization: input.organization?.trim() || null, phone: input.phone?.trim() || null, email: input.email?.trim() || null, content: input.content.trim(), createdAt: this.now() })
        .returning();
      await appendAudit(tx, { tenantId, actorUserId: null, actorLabel: `public:${input.name.trim()}`, requestId }, { action: 'objection.lodged', targetType: 'objection', targetId: row!.id, summary: { noticeId, name: input.name.trim() } });
      const [c] = await tx.select().from(challenges).where(eq(challenges.id, n.challengeId));
      await this.notifier.toRole(tx, tenantId, ['officer'], messages.objectionLodged(c!, noticeId));
      return row!;
    });
  }

  async answerObjection(ctx: CommandContext, id: string, input: { outcome: 'dismissed' | 'upheld'; answer: string }): Promise<ObjectionRow> {
    if (!input.answer.trim()) throw new AppError('VALIDATION_FAILED', 'an answer is required', [{ path: 'answer', message: 'is required' }]);
    return inTransaction(this.db, async (tx) => {
      const [o] = await tx.select().from(objections).where(and(eq(objections.tenantId, ctx.tenantId), eq(objections.id, id))).for('update');
      if (!o) throw new AppError('NOT_FOUND', 'objection not found');
      if (o.status !== 'open') throw stateError('answering', o.status);
      const [row] = await tx.update(objections).set({ status: 'answered', outcome: input.outcome, answer: input.answer.trim(), answeredBy: ctx.actorUserId, answeredAt: this.now() }).where(eq(objections.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'objection.answered', targetType: 'objection', targetId: id, summary: { outcome: input.outcome } });
      return row!;
    });
  }

  /**
   * After the period, with every objection answered. An upheld objection revokes the result and
   * the challenge returns to review; otherwise the award stands and each winner's task contract is
   * created with its targets, milestones and budget tranches (挂帅).
   */
  async closeNotice(ctx: CommandContext, noticeId: string): Promise<{ challenge: ChallengeRow; contracts: ContractRow[] }> {
    return inTransaction(this.db, async (tx) => {
      const [n] = await tx.select().from(notices).where(and(eq(notices.tenantId, ctx.tenantId), eq(notices.id, noticeId))).for('update');
      if (!n) throw new AppError('NOT_FOUND', 'notice not found');
      if (n.status !== 'open') throw stateError('closing the notice', n.status);
      const now = this.now();
      if (now.getTime() < n.endsAt.getTime()) throw new AppError('NOTICE_PERIOD_RUNNING', `the notice runs until ${n.endsAt.toISOString()}`);
      const objs = await tx.select().from(objections).where(eq(objections.noticeId, noticeId));
      if (objs.some((o) => o.status === 'open')) throw new AppError('OBJECTIONS_OPEN');
      const upheld = objs.filter((o) => o.outcome === 'upheld').length;
      const c = await this.lockChallenge(tx, ctx.tenantId, n.challengeId);
      if (upheld > 0) {
        await tx.update(notices).set({ status: 'revoked', closedBy: ctx.actorUserId, closedAt: now }).where(eq(notices.id, noticeId));
        const [row] = await tx.update(challenges).set({ status: 'review', decision: null, reviewClosedAt: null, updatedAt: now }).where(eq(challenges.id, c.id)).returning();
        await appendAudit(tx, ctx, { action: 'notice.closed', targetType: 'notice', targetId: noticeId, summary: { outcome: 'revoked', objections: objs.length, upheld } });
        return { challenge: row!, contracts: [] };
      }
      await tx.update(notices).set({ status: 'closed', closedBy: ctx.actorUserId, closedAt: now }).where(eq(notices.id, noticeId));
      await appendAudit(tx, ctx, { action: 'notice.closed', targetType: 'notice', targetId: noticeId, summary: { outcome: 'confirmed', objections: objs.length, upheld: 0 } });
      const apps = await tx.select().from(applications).where(and(eq(applications.challengeId, c.id), eq(applications.status, 'accepted')));
      const startsOn = shanghaiDate(now);
      const made: ContractRow[] = [];
      for (const a of apps) {
        const won = n.decision.applicationIds.includes(a.id);
        await tx.update(applications).set({ outcome: won ? 'awarded' : 'not_awarded', updatedAt: now }).where(eq(applications.id, a.id));
        let contractCode: string | null = null;
        if (won) {
          const contract = await this.createContract(tx, ctx, c, a, startsOn);
          contractCode = contract.code;
          made.push(contract);
        }
        await this.notifyOrganization(tx, ctx.tenantId, a.organizationId, messages.outcome(c, { id: a.id, code: a.code, title: a.content.title }, won, contractCode));
      }
      const [row] = await tx.update(challenges).set({ status: 'awarded', updatedAt: now }).where(eq(challenges.id, c.id)).returning();
      await appendAudit(tx, ctx, { action: 'challenge.awarded', targetType: 'challenge', targetId: c.id, summary: { contracts: made.map((m) => m.code) } });
      return { challenge: row!, contracts: made };
    });
  }

  /** The winner's task contract: what the contracts module needs of the challenge and the application. */
  private async createContract(tx: Db, ctx: CommandContext, c: ChallengeRow, a: ApplicationRow, startsOn: string): Promise<ContractRow> {
    const total = Math.min(a.budgetTotalFen, c.budgetCapFen);
    const plan = planTranches(total, a.content.milestones, c.terms.fundingMode, startsOn, c.terms.durationMonths);
    const pi = a.content.pi;
    return this.contracts.createFromAward(tx, ctx, {
      challengeId: c.id,
      applicationId: a.id,
      organizationId: a.organizationId,
      codePrefix: `RW-${c.code.slice(3)}-`,
      title: a.content.title,
      totalFen: total,
      fundingMode: c.terms.fundingMode,
      startsOn,
      endsOn: plan[plan.length - 1]!.dueOn,
      targets: c.terms.targets,
      milestones: a.content.milestones,
      tranches: plan,
      lead: { name: pi.name, title: pi.title, phone: pi.phone, email: pi.email },
      team: a.content.team,
    });
  }

  // ---- views ------------------------------------------------------------------------------

  /** An application with what its presentation needs from its challenge and organisation. */
  async applicationViews(tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    const rows = await this.db
      .select({ a: applications, orgName: organizations.nameZh, challengeCode: challenges.code, challengeTitle: challenges.title, challengeStatus: challenges.status, challengeVersion: challenges.version, deadline: challenges.deadline })
      .from(applications)
      .innerJoin(organizations, eq(organizations.id, applications.organizationId))
      .innerJoin(challenges, eq(challenges.id, applications.challengeId))
      .where(and(eq(applications.tenantId, tenantId), inArray(applications.id, ids)));
    return ids.map((id) => rows.find((r) => r.a.id === id)).filter((r): r is (typeof rows)[number] => r !== undefined);
  }

  /**
   * What expert review needs of a challenge's applications: the challenge's stage, and per application
   * accepted at the formal check its text (for affinity and for the expert's reading) and who is behind it
   * (which the review module hides from experts in a double-blind round). By challenge, or by ids.
   */
  async reviewSubjects(tenantId: string, by: { challengeId?: string | undefined; applicationIds?: string[] | undefined }, db: Db = this.db) {
    const conds: SQL[] = [eq(applications.tenantId, tenantId), eq(applications.status, 'accepted')];
    if (by.challengeId) conds.push(eq(applications.challengeId, by.challengeId));
    if (by.applicationIds) {
      if (by.applicationIds.length === 0) return [];
      conds.push(inArray(applications.id, by.applicationIds));
    }
    const rows = await db
      .select({ a: applications, orgName: organizations.nameZh, orgNameEn: organizations.nameEn, challengeTitle: challenges.title, challengeCode: challenges.code, challengeStatus: challenges.status })
      .from(applications)
      .innerJoin(organizations, eq(organizations.id, applications.organizationId))
      .innerJoin(challenges, eq(challenges.id, applications.challengeId))
      .where(and(...conds))
      .orderBy(asc(applications.code));
    return rows.map(({ a, ...r }) => ({
      applicationId: a.id,
      challengeId: a.challengeId,
      challengeCode: r.challengeCode,
      challengeTitle: r.challengeTitle,
      challengeStatus: r.challengeStatus,
      code: a.code,
      title: a.content.title,
      summary: a.content.summary,
      keywords: a.content.keywords,
      technicalRoute: a.content.technicalRoute,
      budgetTotalFen: a.budgetTotalFen,
      budget: a.content.budget,
      milestones: a.content.milestones,
      attachmentIds: a.content.attachmentIds,
      // Identity: hidden from experts in a double-blind round.
      organizationId: a.organizationId,
      organizationName: r.orgName,
      organizationNameEn: r.orgNameEn,
      pi: a.content.pi,
      team: a.content.team,
      partners: a.content.partners,
      scoreCenti: a.scoreCenti,
    }));
  }

  /**
   * Who is behind applications, for conflict-of-interest checks (回避): the applicant organisation, the PI,
   * the team's names and the consortium partners. By ids, or every non-withdrawn submitted application
   * of a challenge; ids of another tenant are left out.
   */
  async conflictSubjects(tenantId: string, by: { applicationIds?: string[] | undefined; challengeId?: string | undefined }) {
    const conds: SQL[] = [eq(applications.tenantId, tenantId)];
    if (by.applicationIds) {
      if (by.applicationIds.length === 0) return [];
      conds.push(inArray(applications.id, by.applicationIds));
    }
    if (by.challengeId) conds.push(eq(applications.challengeId, by.challengeId), ne(applications.status, 'withdrawn'), ne(applications.status, 'draft'));
    const rows = await this.db
      .select({ id: applications.id, challengeId: applications.challengeId, code: applications.code, organizationId: applications.organizationId, organizationName: organizations.nameZh, content: applications.content })
      .from(applications)
      .innerJoin(organizations, eq(organizations.id, applications.organizationId))
      .where(and(...conds))
      .orderBy(asc(applications.code));
    return rows.map((r) => ({
      applicationId: r.id,
      challengeId: r.challengeId,
      code: r.code,
      organizationId: r.organizationId,
      organizationName: r.organizationName,
      piName: r.content.pi.name,
      teamNames: r.content.team.map((m) => m.name),
      partners: r.content.partners.map((p) => ({ organizationId: p.organizationId, name: p.name })),
    }));
  }

  async activeApplicationOf(challengeId: string, organizationId: string): Promise<ApplicationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(applications)
      .where(and(eq(applications.challengeId, challengeId), eq(applications.organizationId, organizationId), ne(applications.status, 'withdrawn')));
    return row;
  }

  /** The awardees of a notice and how many objections it has (open ones too). */
  async noticeDetails(n: NoticeRow) {
    const ids = n.decision.applicationIds;
    const rows = ids.length
      ? await this.db
          .select({ a: applications, orgName: organizations.nameZh, orgNameEn: organizations.nameEn })
          .from(applications)
          .innerJoin(organizations, eq(organizations.id, applications.organizationId))
          .where(inArray(applications.id, ids))
      : [];
    const [counts] = await this.db
      .select({ total: sql<number>`count(*)::int`, open: sql<number>`count(*) filter (where ${objections.status} = 'open')::int` })
      .from(objections)
      .where(eq(objections.noticeId, n.id));
    const [c] = await this.db.select({ code: challenges.code, title: challenges.title }).from(challenges).where(eq(challenges.id, n.challengeId));
    return {
      challenge: c!,
      awardees: ids
        .map((id) => rows.find((r) => r.a.id === id))
        .filter((r): r is (typeof rows)[number] => r !== undefined)
        .map((r) => ({ applicationId: r.a.id, code: r.a.code, title: r.a.content.title, organizationName: r.orgName, organizationNameEn: r.orgNameEn, budgetTotalFen: r.a.budgetTotalFen, score: r.a.scoreCenti === null ? null : r.a.scoreCenti / 100 })),
      objections: { total: Number(counts?.total ?? 0), open: Number(counts?.open ?? 0) },
    };
  }

  async listNotices(tenantId: string, f: { status?: ('open' | 'closed' | 'revoked')[] | undefined }, page: { offset: number; limit: number }) {
    const conds: SQL[] = [eq(notices.tenantId, tenantId)];
    if (f.status?.length) conds.push(inArray(notices.status, f.status));
    const where = and(...conds);
    const [items, total] = await Promise.all([
      this.db.select().from(notices).where(where).orderBy(desc(notices.publishedAt)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(notices).where(where),
    ]);
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  /** The pipeline board: every challenge of the tenant by stage, newest first within a stage. */
  async board(tenantId: string) {
    const rows = await this.db
      .select()
      .from(challenges)
      .where(and(eq(challenges.tenantId, tenantId), ne(challenges.status, 'cancelled')))
      .orderBy(asc(challenges.deadline));
    return { rows, counts: await this.applicationCounts(rows.map((r) => r.id)) };
  }

  // ---- reminders --------------------------------------------------------------------------

  /**
   * Deadline reminders: drafts of challenges closing within 3 days, returned applications whose
   * correction window ends within a day, and notices whose period is over. Each is sent once per
   * subject and kind within the window, so the job may run as often as it likes.
   */
  async sendReminders(tx: Db, hasRecent: (tx: Db, userId: string, kind: string, subject: { type: string; id: string }, since: Date) => Promise<boolean>) {
    const now = this.now();
    const soon = new Date(now.getTime() + 3 * 86400_000);
    let sent = 0;
    const drafts = await tx
      .select({ a: applications, c: challenges })
      .from(applications)
      .innerJoin(challenges, eq(challenges.id, applications.challengeId))
      .where(and(eq(applications.status, 'draft'), eq(challenges.status, 'published'), sql`${challenges.deadline} > ${now}`, sql`${challenges.deadline} <= ${soon}`));
    for (const { a, c } of drafts) sent += await this.remindOrg(tx, a.tenantId, a.organizationId, messages.deadlineReminder(c, a.content.title ? { ...a, title: a.content.title } : { ...a, title: a.code }, c.deadline), new Date(now.getTime() - 3 * 86400_000), hasRecent);
    const dayAhead = new Date(now.getTime() + 86400_000);
    const returned = await tx
      .select({ a: applications, c: challenges })
      .from(applications)
      .innerJoin(challenges, eq(challenges.id, applications.challengeId))
      .where(and(eq(applications.status, 'returned'), sql`${applications.correctionDueAt} > ${now}`, sql`${applications.correctionDueAt} <= ${dayAhead}`));
    for (const { a, c } of returned) sent += await this.remindOrg(tx, a.tenantId, a.organizationId, messages.correctionReminder(c, { ...a, title: a.content.title }, a.correctionDueAt!), new Date(now.getTime() - 86400_000), hasRecent);
    const ended = await tx
      .select({ n: notices, c: challenges })
      .from(notices)
      .innerJoin(challenges, eq(challenges.id, notices.challengeId))
      .where(and(eq(notices.status, 'open'), sql`${notices.endsAt} <= ${now}`));
    for (const { n, c } of ended) {
      const officers = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, n.tenantId), eq(users.id, n.publishedBy), eq(users.status, 'active')));
      const msg = messages.noticeEnded(c, n.id);
      for (const o of officers) {
        if (await hasRecent(tx, o.id, msg.kind, msg.subject, new Date(now.getTime() - 7 * 86400_000))) continue;
        await this.notifier.toUsers(tx, n.tenantId, [o.id], msg);
        sent++;
      }
    }
    return { sent };
  }

  private async remindOrg(tx: Db, tenantId: string, organizationId: string, msg: Message, since: Date, hasRecent: (tx: Db, userId: string, kind: string, subject: { type: string; id: string }, since: Date) => Promise<boolean>) {
    let sent = 0;
    for (const u of await this.organizationUsers(tx, tenantId, organizationId)) {
      if (await hasRecent(tx, u, msg.kind, msg.subject, since)) continue;
      await this.notifier.toUsers(tx, tenantId, [u], msg);
      sent++;
    }
    return sent;
  }
}

function emptyCounts(): Record<ApplicationStatus, number> {
  return { draft: 0, submitted: 0, returned: 0, accepted: 0, rejected: 0, withdrawn: 0 };
}
