import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import { userRoles, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations, type RegistryService } from '../registry/index.ts';
import type { ChallengeService } from '../challenges/index.ts';
import { experts, expertAffiliations, expertConflicts, expertDeclarations, expertPublications, type Availability, type Coauthor, type ConflictKind, type ConflictStatus, type DeclarationKind, type ExpertSort } from './experts.tables.ts';
import { detectConflicts, isBinding, isIsoDate, isOrcid, type ApplicationFacts, type ExpertFacts } from './experts.rules.ts';
import './experts.events.ts';

export type ExpertRow = typeof experts.$inferSelect;
export type ExpertListRow = ExpertRow & { organizationName: string | null };

export interface ExpertListFilter {
  q?: string | undefined;
  field?: string | undefined;
  availability?: Availability | undefined;
  organizationId?: string | undefined;
  sort?: ExpertSort | undefined;
}

function listConditions(tenantId: string, f: ExpertListFilter): SQL[] {
  const conds: SQL[] = [eq(experts.tenantId, tenantId)];
  const q = f.q?.trim();
  if (q) {
    // Literal search: % and _ typed by a user are not wildcards.
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      sql`(${experts.name} ilike ${like} or ${experts.affiliation} ilike ${like} or ${experts.title} ilike ${like} or exists (select 1 from unnest(${experts.keywords}) k where k ilike ${like})
        or exists (select 1 from ${organizations} o where o.id = ${experts.organizationId} and (o.name_zh ilike ${like} or o.short_name ilike ${like})))`,
    );
  }
  if (f.field) conds.push(sql`${f.field} = any(${experts.fields})`);
  if (f.availability) conds.push(eq(experts.availability, f.availability));
  if (f.organizationId) conds.push(eq(experts.organizationId, f.organizationId));
  return conds;
}

/**
 * The sort, then the name and id so pages never overlap. Organisation is the registry name, else the
 * free-text affiliation (the query joins the organisations table).
 */
function listOrder(sort: ExpertSort): SQL[] {
  const dir = sort.startsWith('-') ? desc : asc;
  const key = sort.replace(/^-/, '');
  const primary =
    key === 'organization'
      ? dir(sql`coalesce(${organizations.nameZh}, nullif(${experts.affiliation}, ''), '')`)
      : key === 'maxLoad'
        ? dir(experts.maxLoad)
        : key === 'updated'
          ? dir(experts.updatedAt)
          : dir(experts.name);
  return [primary, asc(experts.name), asc(experts.id)];
}
export type ConflictRow = typeof expertConflicts.$inferSelect;

export interface ExpertInput {
  name: string;
  userId?: string | null | undefined;
  organizationId: string | null;
  affiliation: string;
  title: string;
  fields: string[];
  keywords: string[];
  biography: string;
  orcid: string | null;
  availability: Availability;
  unavailableUntil: string | null;
  maxLoad: number;
  affiliations: { organizationId: string | null; organizationName: string; fromDate: string; toDate: string | null }[];
  publications: { title: string; year: number; coauthors: Coauthor[] }[];
  declarations: { kind: DeclarationKind; personName: string | null; organizationId: string | null; organizationName: string | null; note: string }[];
}

export interface ExpertView extends ExpertListRow {
  /** E-mail of the linked account, if any. */
  accountEmail: string | null;
  affiliations: (typeof expertAffiliations.$inferSelect)[];
  publications: (typeof expertPublications.$inferSelect)[];
  declarations: (typeof expertDeclarations.$inferSelect)[];
}

/** A conflict as shown: a recorded one has an id; one the rules find but nobody recorded yet has none. */
export interface ConflictView {
  id: string | null;
  expertId: string;
  applicationId: string;
  kind: ConflictKind;
  key: string;
  reasonZh: string;
  reasonEn: string;
  evidence: Record<string, unknown>;
  status: ConflictStatus;
  recorded: boolean;
  disputeReason: string | null;
  resolutionReason: string | null;
  resolvedAt: Date | null;
}

function fromRow(r: ConflictRow): ConflictView {
  return {
    id: r.id,
    expertId: r.expertId,
    applicationId: r.applicationId,
    kind: r.kind,
    key: r.key,
    reasonZh: r.reasonZh,
    reasonEn: r.reasonEn,
    evidence: r.evidence,
    status: r.status,
    recorded: true,
    disputeReason: r.disputeReason,
    resolutionReason: r.resolutionReason,
    resolvedAt: r.resolvedAt,
  };
}

const PROFILE_FIELDS = ['name', 'userId', 'organizationId', 'affiliation', 'title', 'fields', 'keywords', 'biography', 'orcid', 'availability', 'unavailableUntil', 'maxLoad'] as const;

export class ExpertService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly challenges: ChallengeService,
    private readonly registry: RegistryService,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  // ---- profile ----------------------------------------------------------------------------

  /** Checks that need the database run before the transaction (PGlite is one session). */
  private async validate(tenantId: string, input: ExpertInput, expertId: string | null) {
    const errors: FieldError[] = [];
    if (!input.name.trim()) errors.push({ path: 'name', message: 'is required' });
    if (input.orcid !== null && !isOrcid(input.orcid)) errors.push({ path: 'orcid', message: 'is not a valid ORCID iD (check digit)' });
    if (input.availability === 'available' && input.unavailableUntil !== null) errors.push({ path: 'unavailableUntil', message: 'only an unavailable expert has an until-date' });
    if (input.unavailableUntil !== null && !isIsoDate(input.unavailableUntil)) errors.push({ path: 'unavailableUntil', message: 'must be a date YYYY-MM-DD' });
    input.affiliations.forEach((a, i) => {
      if (!isIsoDate(a.fromDate)) errors.push({ path: `affiliations/${i}/fromDate`, message: 'must be a date YYYY-MM-DD' });
      if (a.toDate !== null && !isIsoDate(a.toDate)) errors.push({ path: `affiliations/${i}/toDate`, message: 'must be a date YYYY-MM-DD' });
      else if (a.toDate !== null && a.toDate < a.fromDate) errors.push({ path: `affiliations/${i}/toDate`, message: 'is before fromDate' });
    });
    input.declarations.forEach((d, i) => {
      if (!d.personName?.trim() && !d.organizationId && !d.organizationName?.trim()) errors.push({ path: `declarations/${i}`, message: 'names a person or an organisation' });
    });
    const orgIds = new Map<string, string>();
    if (input.organizationId) orgIds.set(input.organizationId, 'organizationId');
    input.affiliations.forEach((a, i) => a.organizationId && orgIds.set(a.organizationId, `affiliations/${i}/organizationId`));
    input.declarations.forEach((d, i) => d.organizationId && orgIds.set(d.organizationId, `declarations/${i}/organizationId`));
    for (const [id, path] of orgIds) if (!(await this.registry.organizationExists(tenantId, id))) errors.push({ path, message: 'names an organisation that does not exist' });
    const coauthorIds = [...new Set(input.publications.flatMap((p) => p.coauthors.map((c) => c.expertId)).filter((x): x is string => x !== null))];
    if (coauthorIds.length) {
      const found = await this.db.select({ id: experts.id }).from(experts).where(and(eq(experts.tenantId, tenantId), inArray(experts.id, coauthorIds)));
      if (found.length !== coauthorIds.length) errors.push({ path: 'publications', message: 'a co-author names an expert that does not exist' });
    }
    if (input.userId) {
      const [u] = await this.db
        .select({ id: users.id })
        .from(users)
        .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'expert')))
        .where(and(eq(users.tenantId, tenantId), eq(users.id, input.userId)));
      if (!u) errors.push({ path: 'userId', message: 'is not an account with the expert role' });
      else {
        const [other] = await this.db.select({ id: experts.id }).from(experts).where(and(eq(experts.tenantId, tenantId), eq(experts.userId, input.userId)));
        if (other && other.id !== expertId) throw new AppError('CONFLICT', 'this account is already linked to another expert');
      }
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
  }

  private profileValues(input: ExpertInput) {
    return {
      name: input.name.trim(),
      organizationId: input.organizationId,
      affiliation: input.affiliation.trim(),
      title: input.title.trim(),
      fields: [...new Set(input.fields)],
      keywords: [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))],
      biography: input.biography,
      orcid: input.orcid,
      availability: input.availability,
      unavailableUntil: input.unavailableUntil,
      maxLoad: input.maxLoad,
    };
  }

  private async writeChildren(tx: Db, expertId: string, input: ExpertInput) {
    await tx.delete(expertAffiliations).where(eq(expertAffiliations.expertId, expertId));
    await tx.delete(expertPublications).where(eq(expertPublications.expertId, expertId));
    await tx.delete(expertDeclarations).where(eq(expertDeclarations.expertId, expertId));
    if (input.affiliations.length) await tx.insert(expertAffiliations).values(input.affiliations.map((a) => ({ expertId, ...a, organizationName: a.organizationName.trim() })));
    if (input.publications.length) await tx.insert(expertPublications).values(input.publications.map((p) => ({ expertId, title: p.title.trim(), year: p.year, coauthors: p.coauthors.map((c) => ({ name: c.name.trim(), expertId: c.expertId })) })));
    if (input.declarations.length) await tx.insert(expertDeclarations).values(input.declarations.map((d) => ({ expertId, ...d, personName: d.personName?.trim() || null, organizationName: d.organizationName?.trim() || null })));
  }

  async create(ctx: CommandContext, input: ExpertInput): Promise<ExpertView> {
    await this.validate(ctx.tenantId, input, null);
    const id = await inTransaction(this.db, async (tx) => {
      const [row] = await tx
        .insert(experts)
        .values({ tenantId: ctx.tenantId, userId: input.userId ?? null, ...this.profileValues(input), createdAt: this.clock.now(), updatedAt: this.clock.now() })
        .returning();
      await this.writeChildren(tx, row!.id, input);
      await appendAudit(tx, ctx, { action: 'expert.created', targetType: 'expert', targetId: row!.id, summary: { name: row!.name, userId: row!.userId, organizationId: row!.organizationId } });
      return row!.id;
    });
    return this.get(ctx.tenantId, id);
  }

  /** Replaces the profile with its history, publications and declarations. `userId` undefined keeps the link. */
  async update(ctx: CommandContext, id: string, input: ExpertInput, bySelf: boolean): Promise<ExpertView> {
    const before = await this.get(ctx.tenantId, id);
    await this.validate(ctx.tenantId, input, id);
    await inTransaction(this.db, async (tx) => {
      const [locked] = await tx.select().from(experts).where(and(eq(experts.tenantId, ctx.tenantId), eq(experts.id, id))).for('update');
      if (!locked) throw new AppError('NOT_FOUND', 'expert not found');
      const values = { ...this.profileValues(input), ...(input.userId !== undefined ? { userId: input.userId } : {}) };
      const fields: string[] = PROFILE_FIELDS.filter((f) => f in values && JSON.stringify((values as Record<string, unknown>)[f]) !== JSON.stringify(locked[f]));
      const children = (rows: object[]) => JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id' && k !== 'expertId'))));
      if (children(before.affiliations) !== children(input.affiliations)) fields.push('affiliations');
      if (children(before.publications) !== children(input.publications)) fields.push('publications');
      if (children(before.declarations) !== children(input.declarations)) fields.push('declarations');
      await tx.update(experts).set({ ...values, updatedAt: this.clock.now() }).where(eq(experts.id, id));
      await this.writeChildren(tx, id, input);
      await appendAudit(tx, ctx, { action: 'expert.updated', targetType: 'expert', targetId: id, summary: { fields, bySelf } });
    });
    return this.get(ctx.tenantId, id);
  }

  async get(tenantId: string, id: string, db: Db = this.db): Promise<ExpertView> {
    const [found] = await db
      .select({ e: experts, organizationName: organizations.nameZh, accountEmail: users.email })
      .from(experts)
      .leftJoin(organizations, eq(organizations.id, experts.organizationId))
      .leftJoin(users, eq(users.id, experts.userId))
      .where(and(eq(experts.tenantId, tenantId), eq(experts.id, id)));
    if (!found) throw new AppError('NOT_FOUND', 'expert not found');
    const row = { ...found.e, organizationName: found.organizationName, accountEmail: found.accountEmail };
    const [affiliations, publications, declarations] = await Promise.all([
      db.select().from(expertAffiliations).where(eq(expertAffiliations.expertId, id)).orderBy(asc(expertAffiliations.fromDate), asc(expertAffiliations.id)),
      db.select().from(expertPublications).where(eq(expertPublications.expertId, id)).orderBy(asc(expertPublications.year), asc(expertPublications.id)),
      db.select().from(expertDeclarations).where(eq(expertDeclarations.expertId, id)).orderBy(asc(expertDeclarations.id)),
    ]);
    return { ...row, affiliations, publications, declarations };
  }

  async byUser(tenantId: string, userId: string): Promise<ExpertView> {
    const [row] = await this.db.select({ id: experts.id }).from(experts).where(and(eq(experts.tenantId, tenantId), eq(experts.userId, userId)));
    if (!row) throw new AppError('NOT_FOUND', 'no expert profile is linked to this account');
    return this.get(tenantId, row.id);
  }

  /** The pool, filtered and sorted on the server; each row with its registry organisation's name. */
  async list(tenantId: string, f: ExpertListFilter, page: { offset: number; limit: number }) {
    const where = and(...listConditions(tenantId, f));
    const [items, total] = await Promise.all([
      this.db
        .select({ e: experts, organizationName: organizations.nameZh })
        .from(experts)
        .leftJoin(organizations, eq(organizations.id, experts.organizationId))
        .where(where)
        .orderBy(...listOrder(f.sort ?? 'name'))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(experts).where(where),
    ]);
    return { items: items.map((r) => ({ ...r.e, organizationName: r.organizationName })), total: Number(total[0]?.n ?? 0) };
  }

  /** E-mail addresses of the accounts linked to these experts (for exports and the profile). */
  async accountEmails(tenantId: string, userIds: string[], db: Db = this.db): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await db.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds)));
    return new Map(rows.flatMap((r) => (r.email ? [[r.id, r.email] as [string, string]] : [])));
  }

  // ---- conflicts of interest (回避) -------------------------------------------------------

  async facts(tenantId: string, expertIds: string[]): Promise<ExpertFacts[]> {
    if (expertIds.length === 0) return [];
    const rows = await this.db.select().from(experts).where(and(eq(experts.tenantId, tenantId), inArray(experts.id, expertIds)));
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    const [affs, pubs, decls] = await Promise.all([
      this.db.select().from(expertAffiliations).where(inArray(expertAffiliations.expertId, ids)),
      this.db.select().from(expertPublications).where(inArray(expertPublications.expertId, ids)),
      this.db.select().from(expertDeclarations).where(inArray(expertDeclarations.expertId, ids)),
    ]);
    return rows.map((e) => ({
      id: e.id,
      name: e.name,
      organizationId: e.organizationId,
      affiliation: e.affiliation,
      affiliations: affs.filter((a) => a.expertId === e.id),
      publications: pubs.filter((p) => p.expertId === e.id),
      declarations: decls.filter((d) => d.expertId === e.id),
    }));
  }

  /** Detected and recorded conflicts of the given experts and applications, merged (a recorded finding wins). */
  private async evaluate(tenantId: string, expertIds: string[], subjects: ApplicationFacts[]): Promise<ConflictView[]> {
    const applicationIds = subjects.map((s) => s.applicationId);
    if (expertIds.length === 0 || applicationIds.length === 0) return [];
    const [facts, recorded] = await Promise.all([
      this.facts(tenantId, expertIds),
      this.db.select().from(expertConflicts).where(and(eq(expertConflicts.tenantId, tenantId), inArray(expertConflicts.expertId, expertIds), inArray(expertConflicts.applicationId, applicationIds))).orderBy(asc(expertConflicts.createdAt), asc(expertConflicts.id)),
    ]);
    const today = this.today();
    const out: ConflictView[] = recorded.map(fromRow);
    for (const e of facts) {
      for (const s of subjects) {
        for (const c of detectConflicts(e, s, today)) {
          if (recorded.some((r) => r.expertId === e.id && r.applicationId === s.applicationId && r.key === c.key)) continue;
          out.push({ id: null, expertId: e.id, applicationId: s.applicationId, ...c, status: 'active', recorded: false, disputeReason: null, resolutionReason: null, resolvedAt: null });
        }
      }
    }
    return out;
  }

  /** An expert's conflicts with the applications of one challenge (or with the given applications). */
  async conflictsOf(tenantId: string, expertId: string, by: { challengeId?: string | undefined; applicationIds?: string[] | undefined }): Promise<ConflictView[]> {
    await this.get(tenantId, expertId);
    if (!by.challengeId && !by.applicationIds) {
      // Without a challenge: the recorded ones only.
      const rows = await this.db.select().from(expertConflicts).where(and(eq(expertConflicts.tenantId, tenantId), eq(expertConflicts.expertId, expertId))).orderBy(asc(expertConflicts.createdAt), asc(expertConflicts.id));
      return rows.map(fromRow);
    }
    if (by.challengeId) await this.challenges.getChallenge(tenantId, by.challengeId);
    const subjects = await this.challenges.conflictSubjects(tenantId, by);
    return this.evaluate(tenantId, [expertId], subjects);
  }

  /**
   * The matrix for assignment: for each (application, expert) pair with a binding conflict (anything an
   * officer has not overturned), the conflicts. Ids of another tenant are ignored.
   */
  async conflictsFor(tenantId: string, applicationIds: string[], expertIds: string[]): Promise<{ applicationId: string; expertId: string; conflicts: ConflictView[] }[]> {
    const subjects = await this.challenges.conflictSubjects(tenantId, { applicationIds });
    const all = (await this.evaluate(tenantId, expertIds, subjects)).filter((c) => isBinding(c.status));
    const out: { applicationId: string; expertId: string; conflicts: ConflictView[] }[] = [];
    for (const a of applicationIds) {
      for (const e of expertIds) {
        const conflicts = all.filter((c) => c.applicationId === a && c.expertId === e);
        if (conflicts.length) out.push({ applicationId: a, expertId: e, conflicts });
      }
    }
    return out;
  }

  /** Records what the rules find for an expert and a challenge's applications, so each finding can be disputed. */
  async recordDetected(ctx: CommandContext, expertId: string, challengeId: string): Promise<ConflictView[]> {
    const found = (await this.conflictsOf(ctx.tenantId, expertId, { challengeId })).filter((c) => !c.recorded);
    if (found.length) {
      await inTransaction(this.db, async (tx) => {
        for (const c of found) {
          const [row] = await tx
            .insert(expertConflicts)
            .values({ tenantId: ctx.tenantId, expertId, applicationId: c.applicationId, kind: c.kind, key: c.key, reasonZh: c.reasonZh, reasonEn: c.reasonEn, evidence: c.evidence, createdBy: ctx.actorUserId, createdAt: this.clock.now() })
            .onConflictDoNothing()
            .returning();
          if (row) await appendAudit(tx, ctx, { action: 'conflict.recorded', targetType: 'expert_conflict', targetId: row.id, summary: { expertId, applicationId: c.applicationId, kind: c.kind, key: c.key } });
        }
      });
    }
    return this.conflictsOf(ctx.tenantId, expertId, { challengeId });
  }

  /** An officer records a conflict the rules do not see (e.g. a competitor, a known dispute). */
  async addConflict(ctx: CommandContext, input: { expertId: string; applicationId: string; reasonZh: string; reasonEn: string; evidence?: Record<string, unknown> | undefined }): Promise<ConflictRow> {
    await this.get(ctx.tenantId, input.expertId);
    const [subject] = await this.challenges.conflictSubjects(ctx.tenantId, { applicationIds: [input.applicationId] });
    if (!subject) throw new AppError('NOT_FOUND', 'application not found');
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx
        .insert(expertConflicts)
        .values({
          tenantId: ctx.tenantId,
          expertId: input.expertId,
          applicationId: input.applicationId,
          kind: 'officer',
          key: `officer:${crypto.randomUUID()}`,
          reasonZh: input.reasonZh.trim(),
          reasonEn: input.reasonEn.trim(),
          evidence: input.evidence ?? {},
          createdBy: ctx.actorUserId,
          createdAt: this.clock.now(),
        })
        .returning();
      await appendAudit(tx, ctx, { action: 'conflict.added', targetType: 'expert_conflict', targetId: row!.id, summary: { expertId: input.expertId, applicationId: input.applicationId, reasonZh: row!.reasonZh } });
      return row!;
    });
  }

  async getConflict(tenantId: string, id: string): Promise<ConflictRow> {
    const [row] = await this.db.select().from(expertConflicts).where(and(eq(expertConflicts.tenantId, tenantId), eq(expertConflicts.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'conflict not found');
    return row;
  }

  async dispute(ctx: CommandContext, id: string, reason: string): Promise<ConflictRow> {
    return inTransaction(this.db, async (tx) => {
      const [c] = await tx.select().from(expertConflicts).where(and(eq(expertConflicts.tenantId, ctx.tenantId), eq(expertConflicts.id, id))).for('update');
      if (!c) throw new AppError('NOT_FOUND', 'conflict not found');
      if (c.status !== 'active') throw new AppError('INVALID_STATE', `disputing is not possible while the status is ${c.status}`);
      const [row] = await tx.update(expertConflicts).set({ status: 'disputed', disputeReason: reason.trim(), disputedBy: ctx.actorUserId }).where(eq(expertConflicts.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'conflict.disputed', targetType: 'expert_conflict', targetId: id, summary: { reason: reason.trim() } });
      return row!;
    });
  }

  async resolve(ctx: CommandContext, id: string, outcome: 'upheld' | 'overturned', reason: string): Promise<ConflictRow> {
    if (!reason.trim()) throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: 'reason', message: 'is required' }]);
    return inTransaction(this.db, async (tx) => {
      const [c] = await tx.select().from(expertConflicts).where(and(eq(expertConflicts.tenantId, ctx.tenantId), eq(expertConflicts.id, id))).for('update');
      if (!c) throw new AppError('NOT_FOUND', 'conflict not found');
      if (c.status !== 'active' && c.status !== 'disputed') throw new AppError('INVALID_STATE', `resolving is not possible while the status is ${c.status}`);
      const [row] = await tx
        .update(expertConflicts)
        .set({ status: outcome, resolutionReason: reason.trim(), resolvedBy: ctx.actorUserId, resolvedAt: this.clock.now() })
        .where(eq(expertConflicts.id, id))
        .returning();
      await appendAudit(tx, ctx, { action: 'conflict.resolved', targetType: 'expert_conflict', targetId: id, summary: { outcome, reason: reason.trim(), from: c.status } });
      return row!;
    });
  }
}
