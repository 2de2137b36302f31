import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import { normalizeCreditCode } from '../../platform/auth/auth.rules.ts';
import { indexText, searchQuery } from '../../platform/text/segment.ts';
import type { Clock } from '../../platform/clock.ts';
import {
  annualFigures,
  organizations,
  people,
  qualifications,
  zones,
  type OrganizationType,
  type PriorityField,
  type QualificationKind,
  type ZoneLevel,
} from './registry.tables.ts';
import { isIndustryCode, isIsoDate, isOrcid, qualificationStatus, shanghaiDate, validateQualification, addDays, EXPIRY_WARNING_DAYS } from './registry.rules.ts';
import { searchOrganizations, type OrganizationSearch } from './registry.search.ts';

export type OrganizationRow = typeof organizations.$inferSelect;
export type ZoneRow = typeof zones.$inferSelect;
export type QualificationRow = typeof qualifications.$inferSelect;
export type AnnualFigureRow = typeof annualFigures.$inferSelect;
export type PersonRow = typeof people.$inferSelect;

export interface OrganizationInput {
  creditCode: string;
  nameZh: string;
  nameEn?: string | null | undefined;
  shortName?: string | null | undefined;
  type: OrganizationType;
  zoneId?: string | null | undefined;
  address?: string | null | undefined;
  industryCode?: string | null | undefined;
  priorityField?: PriorityField | null | undefined;
  foundedOn?: string | null | undefined;
  description?: string | null | undefined;
  website?: string | null | undefined;
  rorId?: string | null | undefined;
  keywords?: string[] | undefined;
}
export type OrganizationPatch = Partial<Omit<OrganizationInput, 'creditCode'>>;

export interface QualificationInput {
  kind: QualificationKind;
  certificateNo?: string | null | undefined;
  validFrom: string;
  validTo?: string | null | undefined;
  exchange?: string | null | undefined;
  ticker?: string | null | undefined;
}

export interface FiguresInput {
  year: number;
  revenueFen?: number | null | undefined;
  rdExpenditureFen?: number | null | undefined;
  employees?: number | null | undefined;
  rdStaff?: number | null | undefined;
  patentsApplied?: number | null | undefined;
  patentsGranted?: number | null | undefined;
  taxPaidFen?: number | null | undefined;
}

export interface PersonInput {
  nameZh: string;
  nameEn?: string | null | undefined;
  organizationId?: string | null | undefined;
  title?: string | null | undefined;
  fields?: string[] | undefined;
  orcid?: string | null | undefined;
  bio?: string | null | undefined;
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, [{ path, message }]);
}

/** What an organisation is found by: the one definition for commands, bulk loads and imports. */
export function organizationSearchText(o: { nameZh: string; nameEn?: string | null; shortName?: string | null; keywords?: string[]; description?: string | null; creditCode?: string }): string {
  return indexText(o.nameZh, o.nameEn, o.shortName, (o.keywords ?? []).join(' '), o.description, o.creditCode);
}

function orgSearchText(o: Parameters<typeof organizationSearchText>[0]) {
  return sql`to_tsvector('simple', ${organizationSearchText(o)})`;
}

function personSearchVector(p: { nameZh: string; nameEn?: string | null | undefined; title?: string | null | undefined; fields?: string[] | undefined; bio?: string | null | undefined }) {
  return sql`to_tsvector('simple', ${indexText(p.nameZh, p.nameEn, p.title, (p.fields ?? []).join(' '), p.bio)})`;
}

export interface RegistryOptions {
  /** Called inside the transaction of every change that can move an indicator (the indicators module queues a recompute). */
  onChange?: (tx: Db, tenantId: string) => Promise<unknown>;
  /** Searches count at most this many matches (default DEFAULT_COUNT_CAP, 1,000); see searchOrganizations. */
  countCap?: number;
}

export class RegistryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly opts: RegistryOptions = {},
  ) {}

  private async changed(tx: Db, tenantId: string) {
    await this.opts.onChange?.(tx, tenantId);
  }

  /** For bulk loaders and imports that write the registry's tables in their own transaction. */
  async notifyChanged(tx: Db, tenantId: string) {
    await this.changed(tx, tenantId);
  }

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  // ---- zones ------------------------------------------------------------------------------

  async listZones(tenantId: string): Promise<ZoneRow[]> {
    return this.db.select().from(zones).where(eq(zones.tenantId, tenantId)).orderBy(asc(zones.sortOrder), asc(zones.nameZh));
  }

  async createZone(
    ctx: CommandContext,
    input: { parentId?: string | null | undefined; level: ZoneLevel; code: string; nameZh: string; nameEn: string; lng?: number | null | undefined; lat?: number | null | undefined; sortOrder?: number | undefined },
    db: Db = this.db,
  ): Promise<ZoneRow> {
    return inTransaction(db, async (tx) => {
      if (input.parentId) {
        const [parent] = await tx.select().from(zones).where(and(eq(zones.tenantId, ctx.tenantId), eq(zones.id, input.parentId)));
        if (!parent) throw invalid('body.parentId', 'no such zone');
        const order = ['city', 'zone', 'park'];
        if (order.indexOf(parent.level) >= order.indexOf(input.level)) throw invalid('body.level', `a ${input.level} cannot sit under a ${parent.level}`);
      } else if (input.level !== 'city') {
        throw invalid('body.parentId', 'only a city has no parent');
      }
      const [dup] = await tx.select({ id: zones.id }).from(zones).where(and(eq(zones.tenantId, ctx.tenantId), eq(zones.code, input.code)));
      if (dup) throw new AppError('CONFLICT', `zone code ${input.code} exists`);
      const [row] = await tx
        .insert(zones)
        .values({ tenantId: ctx.tenantId, parentId: input.parentId ?? null, level: input.level, code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, lng: input.lng ?? null, lat: input.lat ?? null, sortOrder: input.sortOrder ?? 0 })
        .returning();
      await appendAudit(tx, ctx, { action: 'zone.created', targetType: 'zone', targetId: row!.id, summary: { code: row!.code, nameZh: row!.nameZh, level: row!.level } });
      await this.changed(tx, ctx.tenantId);
      return row!;
    });
  }

  /** A zone and every zone below it. */
  async zoneWithDescendants(tenantId: string, zoneId: string): Promise<string[]> {
    const result = await this.db.execute<{ id: string }>(sql`
      with recursive t(id) as (
        select id from zones where tenant_id = ${tenantId} and id = ${zoneId}
        union all
        select z.id from zones z join t on z.parent_id = t.id where z.tenant_id = ${tenantId}
      ) select id from t`);
    return (result as { rows: { id: string }[] }).rows.map((r) => r.id);
  }

  // ---- organisations ---------------------------------------------------------------------

  private checkOrg(input: OrganizationPatch, errors: FieldError[]) {
    if (input.industryCode && !isIndustryCode(input.industryCode)) errors.push({ path: 'body.industryCode', message: 'not a GB/T 4754 industry code' });
    if (input.foundedOn && !isIsoDate(input.foundedOn)) errors.push({ path: 'body.foundedOn', message: 'must be a date YYYY-MM-DD' });
    if (input.foundedOn && input.foundedOn > this.today()) errors.push({ path: 'body.foundedOn', message: 'is in the future' });
    if (input.website && !/^https?:\/\/[^\s]+$/i.test(input.website)) errors.push({ path: 'body.website', message: 'must be an http(s) address' });
  }

  private async checkZone(tx: Db, tenantId: string, zoneId: string | null | undefined) {
    if (!zoneId) return;
    const [z] = await tx.select({ id: zones.id }).from(zones).where(and(eq(zones.tenantId, tenantId), eq(zones.id, zoneId)));
    if (!z) throw invalid('body.zoneId', 'no such zone');
  }

  async createOrganization(ctx: CommandContext, input: OrganizationInput, db: Db = this.db): Promise<OrganizationRow> {
    const creditCode = normalizeCreditCode(input.creditCode);
    if (!creditCode) {
      throw new AppError('INVALID_CREDIT_CODE', `"${input.creditCode}" is not a valid unified social credit code`, [
        { path: 'body.creditCode', message: 'invalid check character or format' },
      ]);
    }
    const errors: FieldError[] = [];
    this.checkOrg(input, errors);
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    return inTransaction(db, async (tx) => {
      await this.checkZone(tx, ctx.tenantId, input.zoneId);
      // Serialise registrations of one code, so that a concurrent duplicate answers 409, not a unique-index 500.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`organization:${ctx.tenantId}:${creditCode}`}))`);
      const [dup] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.creditCode, creditCode)));
      if (dup) throw new AppError('CREDIT_CODE_TAKEN');
      const values = {
        tenantId: ctx.tenantId,
        creditCode,
        nameZh: input.nameZh.trim(),
        nameEn: input.nameEn?.trim() || null,
        shortName: input.shortName?.trim() || null,
        type: input.type,
        zoneId: input.zoneId ?? null,
        address: input.address ?? null,
        industryCode: input.industryCode ?? null,
        priorityField: input.priorityField ?? null,
        foundedOn: input.foundedOn ?? null,
        description: input.description ?? null,
        website: input.website ?? null,
        rorId: input.rorId ?? null,
        keywords: input.keywords ?? [],
      };
      const [row] = await tx
        .insert(organizations)
        .values({ ...values, searchVector: orgSearchText(values) })
        .returning();
      await appendAudit(tx, ctx, {
        action: 'organization.created',
        targetType: 'organization',
        targetId: row!.id,
        summary: { creditCode, nameZh: row!.nameZh, type: row!.type },
      });
      await this.changed(tx, ctx.tenantId);
      return row!;
    });
  }

  async updateOrganization(ctx: CommandContext, id: string, patch: OrganizationPatch): Promise<OrganizationRow> {
    const errors: FieldError[] = [];
    this.checkOrg(patch, errors);
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    return inTransaction(this.db, async (tx) => {
      const [cur] = await tx.select().from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.id, id))).for('update');
      if (!cur) throw new AppError('NOT_FOUND', 'organization not found');
      await this.checkZone(tx, ctx.tenantId, patch.zoneId);
      const changed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) continue;
        const before = (cur as Record<string, unknown>)[k];
        if (JSON.stringify(before) !== JSON.stringify(v)) changed[k] = v;
      }
      if (Object.keys(changed).length === 0) return cur;
      const next = { ...cur, ...changed };
      const [row] = await tx
        .update(organizations)
        .set({ ...changed, searchVector: orgSearchText(next), updatedAt: this.clock.now() })
        .where(eq(organizations.id, id))
        .returning();
      await appendAudit(tx, ctx, { action: 'organization.updated', targetType: 'organization', targetId: id, summary: { fields: Object.keys(changed) } });
      await this.changed(tx, ctx.tenantId);
      return row!;
    });
  }

  async getOrganization(tenantId: string, id: string): Promise<OrganizationRow> {
    const [row] = await this.db.select().from(organizations).where(and(eq(organizations.tenantId, tenantId), eq(organizations.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'organization not found');
    return row;
  }

  async organizationExists(tenantId: string, id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, tenantId), eq(organizations.id, id)));
    return Boolean(row);
  }

  async organizationByCreditCode(tenantId: string, creditCode: string): Promise<OrganizationRow | undefined> {
    const [row] = await this.db.select().from(organizations).where(and(eq(organizations.tenantId, tenantId), eq(organizations.creditCode, creditCode)));
    return row;
  }

  async listOrganizations(tenantId: string, q: { q?: string | undefined; type?: OrganizationType | undefined; offset: number; limit: number }) {
    const r = await this.search(tenantId, { q: q.q, type: q.type ? [q.type] : undefined, sort: q.q ? 'relevance' : 'name', order: 'asc', offset: q.offset, limit: q.limit, facets: false, countCap: Number.POSITIVE_INFINITY });
    return { items: r.items, total: r.total };
  }

  async search(tenantId: string, s: OrganizationSearch) {
    let zoneIds: string[] | undefined;
    if (s.zoneId) zoneIds = await this.zoneWithDescendants(tenantId, s.zoneId);
    return searchOrganizations(this.db, tenantId, { ...s, countCap: s.countCap ?? this.opts.countCap, zoneIds, today: this.today() });
  }

  // ---- qualifications --------------------------------------------------------------------

  async addQualification(ctx: CommandContext, organizationId: string, input: QualificationInput, db: Db = this.db): Promise<QualificationRow> {
    const q = { ...input, validTo: input.validTo ?? null };
    const problem = validateQualification(q);
    if (problem) throw invalid(problem.includes('ticker') ? 'body.ticker' : problem.includes('validTo') ? 'body.validTo' : 'body.validFrom', problem);
    return inTransaction(db, async (tx) => {
      const [org] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.id, organizationId)));
      if (!org) throw new AppError('NOT_FOUND', 'organization not found');
      const [dup] = await tx
        .select({ id: qualifications.id })
        .from(qualifications)
        .where(and(eq(qualifications.organizationId, organizationId), eq(qualifications.kind, q.kind), eq(qualifications.validFrom, q.validFrom)));
      if (dup) throw new AppError('CONFLICT', 'this qualification is already recorded');
      const [row] = await tx
        .insert(qualifications)
        .values({ tenantId: ctx.tenantId, organizationId, kind: q.kind, certificateNo: q.certificateNo ?? null, validFrom: q.validFrom, validTo: q.validTo, exchange: q.exchange ?? null, ticker: q.ticker ?? null })
        .returning();
      await appendAudit(tx, ctx, { action: 'qualification.added', targetType: 'organization', targetId: organizationId, summary: { kind: q.kind, validFrom: q.validFrom, validTo: q.validTo, certificateNo: q.certificateNo ?? null } });
      await this.changed(tx, ctx.tenantId);
      return row!;
    });
  }

  async removeQualification(ctx: CommandContext, organizationId: string, qualificationId: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const rows = await tx
        .delete(qualifications)
        .where(and(eq(qualifications.tenantId, ctx.tenantId), eq(qualifications.organizationId, organizationId), eq(qualifications.id, qualificationId)))
        .returning();
      if (!rows.length) throw new AppError('NOT_FOUND', 'qualification not found');
      await appendAudit(tx, ctx, { action: 'qualification.removed', targetType: 'organization', targetId: organizationId, summary: { kind: rows[0]!.kind, validFrom: rows[0]!.validFrom } });
      await this.changed(tx, ctx.tenantId);
    });
  }

  async qualificationsOf(tenantId: string, organizationId: string) {
    const rows = await this.db
      .select()
      .from(qualifications)
      .where(and(eq(qualifications.tenantId, tenantId), eq(qualifications.organizationId, organizationId)))
      .orderBy(desc(qualifications.validFrom));
    const today = this.today();
    return rows.map((r) => ({ ...r, status: qualificationStatus(r, today) }));
  }

  /**
   * What another module needs to judge an organisation's eligibility on a given day: its type, its
   * zone and every zone above it, and the qualification kinds valid that day. Takes the caller's
   * transaction (on PGlite a second handle inside a transaction would wait for itself).
   */
  async eligibilityFacts(tenantId: string, organizationId: string, day: string, db: Db = this.db) {
    const [org] = await db.select({ type: organizations.type, zoneId: organizations.zoneId }).from(organizations).where(and(eq(organizations.tenantId, tenantId), eq(organizations.id, organizationId)));
    if (!org) return null;
    const allZones = await db.select({ id: zones.id, parentId: zones.parentId, nameZh: zones.nameZh, nameEn: zones.nameEn }).from(zones).where(eq(zones.tenantId, tenantId));
    const byId = new Map(allZones.map((z) => [z.id, z]));
    const zoneAncestry: string[] = [];
    for (let z = org.zoneId ? byId.get(org.zoneId) : undefined; z && zoneAncestry.length < 20; z = z.parentId ? byId.get(z.parentId) : undefined) zoneAncestry.push(z.id);
    const valid = await db
      .selectDistinct({ kind: qualifications.kind })
      .from(qualifications)
      .where(and(eq(qualifications.tenantId, tenantId), eq(qualifications.organizationId, organizationId), sql`${qualifications.validFrom} <= ${day}`, sql`(${qualifications.validTo} is null or ${qualifications.validTo} >= ${day})`));
    return { organizationType: org.type as string, zoneAncestry, validQualifications: valid.map((q) => q.kind as string), zoneNames: new Map(allZones.map((z) => [z.id, { zh: z.nameZh, en: z.nameEn }])) };
  }

  /** Which of these zones exist in the tenant. */
  async existingZoneIds(tenantId: string, ids: string[], db: Db = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.select({ id: zones.id }).from(zones).where(and(eq(zones.tenantId, tenantId), inArray(zones.id, ids)));
    return new Set(rows.map((r) => r.id));
  }

  /** Qualifications ending within the next 90 days, soonest first. */
  async expiringQualifications(tenantId: string, limit = 100) {
    const today = this.today();
    const until = addDays(today, EXPIRY_WARNING_DAYS);
    return this.db
      .select({ q: qualifications, orgName: organizations.nameZh, orgId: organizations.id })
      .from(qualifications)
      .innerJoin(organizations, eq(organizations.id, qualifications.organizationId))
      .where(and(eq(qualifications.tenantId, tenantId), sql`${qualifications.validTo} between ${today} and ${until}`))
      .orderBy(asc(qualifications.validTo))
      .limit(limit);
  }

  // ---- annual figures --------------------------------------------------------------------

  async upsertFigures(ctx: CommandContext, organizationId: string, input: FiguresInput, db: Db = this.db): Promise<AnnualFigureRow> {
    const thisYear = Number(this.today().slice(0, 4));
    if (!Number.isInteger(input.year) || input.year < 1949 || input.year > thisYear) throw invalid('body.year', `must be a year between 1949 and ${thisYear}`);
    for (const [k, v] of Object.entries(input)) {
      if (k !== 'year' && v !== null && v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw invalid(`body.${k}`, 'must be a non-negative integer');
    }
    if (input.rdStaff != null && input.employees != null && input.rdStaff > input.employees) throw invalid('body.rdStaff', 'cannot exceed employees');
    return inTransaction(db, async (tx) => {
      const [org] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.id, organizationId)));
      if (!org) throw new AppError('NOT_FOUND', 'organization not found');
      const values = { ...input, tenantId: ctx.tenantId, organizationId, updatedAt: this.clock.now() };
      const [row] = await tx
        .insert(annualFigures)
        .values(values)
        .onConflictDoUpdate({ target: [annualFigures.organizationId, annualFigures.year], set: { ...input, updatedAt: this.clock.now() } })
        .returning();
      await appendAudit(tx, ctx, { action: 'figures.recorded', targetType: 'organization', targetId: organizationId, summary: { year: input.year, fields: Object.keys(input).filter((k) => k !== 'year') } });
      await this.changed(tx, ctx.tenantId);
      return row!;
    });
  }

  async figuresOf(tenantId: string, organizationId: string): Promise<AnnualFigureRow[]> {
    return this.db
      .select()
      .from(annualFigures)
      .where(and(eq(annualFigures.tenantId, tenantId), eq(annualFigures.organizationId, organizationId)))
      .orderBy(desc(annualFigures.year));
  }

  // ---- people ----------------------------------------------------------------------------

  async createPerson(ctx: CommandContext, input: PersonInput, db: Db = this.db): Promise<PersonRow> {
    if (input.orcid && !isOrcid(input.orcid)) throw invalid('body.orcid', 'not a valid ORCID iD (check digit)');
    return inTransaction(db, async (tx) => {
      if (input.organizationId) {
        const [org] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.id, input.organizationId)));
        if (!org) throw invalid('body.organizationId', 'no such organization');
      }
      if (input.orcid) {
        const [dup] = await tx.select({ id: people.id }).from(people).where(and(eq(people.tenantId, ctx.tenantId), eq(people.orcid, input.orcid)));
        if (dup) throw new AppError('CONFLICT', 'a person with this ORCID iD exists');
      }
      const [row] = await tx
        .insert(people)
        .values({
          tenantId: ctx.tenantId,
          organizationId: input.organizationId ?? null,
          nameZh: input.nameZh.trim(),
          nameEn: input.nameEn ?? null,
          title: input.title ?? null,
          fields: input.fields ?? [],
          orcid: input.orcid ?? null,
          bio: input.bio ?? null,
          searchVector: personSearchVector(input),
        })
        .returning();
      await appendAudit(tx, ctx, { action: 'person.created', targetType: 'person', targetId: row!.id, summary: { nameZh: row!.nameZh, organizationId: row!.organizationId } });
      return row!;
    });
  }

  async searchPeople(tenantId: string, q: { q?: string | undefined; organizationId?: string | undefined; offset: number; limit: number }) {
    const conds: SQL[] = [eq(people.tenantId, tenantId)];
    if (q.organizationId) conds.push(eq(people.organizationId, q.organizationId));
    const tsq = q.q ? searchQuery(q.q) : null;
    if (q.q && !tsq) return { items: [], total: 0 };
    if (tsq) conds.push(sql`${people.searchVector} @@ to_tsquery('simple', ${tsq})`);
    const where = and(...conds);
    const [items, total] = await Promise.all([
      this.db
        .select({ p: people, orgName: organizations.nameZh })
        .from(people)
        .leftJoin(organizations, eq(organizations.id, people.organizationId))
        .where(where)
        .orderBy(asc(people.nameZh), asc(people.id))
        .limit(q.limit)
        .offset(q.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(people).where(where),
    ]);
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  async organizationsByIds(tenantId: string, ids: string[]) {
    if (!ids.length) return [];
    return this.db.select().from(organizations).where(and(eq(organizations.tenantId, tenantId), inArray(organizations.id, ids)));
  }
}

export interface BulkLoad {
  organizations: (OrganizationInput & { zoneCode?: string })[];
  qualifications: (QualificationInput & { creditCode: string })[];
  figures: (FiguresInput & { creditCode: string })[];
  people: (PersonInput & { creditCode?: string })[];
}

/**
 * Loads many registry rows in one transaction with batched inserts (seeding, large imports).
 * Rows are validated like single commands; the trail gets one summary event with the counts.
 */
export async function bulkLoadRegistry(db: Db, ctx: CommandContext, data: BulkLoad, zoneIdByCode: Map<string, string>): Promise<{ organizations: number; qualifications: number; figures: number; people: number }> {
  const chunk = <T>(xs: T[], n = 500) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  return inTransaction(db, async (tx) => {
    const idByCode = new Map<string, string>();
    for (const part of chunk(data.organizations)) {
      const values = part.map((o) => {
        const creditCode = normalizeCreditCode(o.creditCode);
        if (!creditCode) throw new AppError('INVALID_CREDIT_CODE', `"${o.creditCode}" is not a valid unified social credit code`);
        const v = {
          tenantId: ctx.tenantId,
          creditCode,
          nameZh: o.nameZh,
          nameEn: o.nameEn ?? null,
          shortName: o.shortName ?? null,
          type: o.type,
          zoneId: o.zoneId ?? (o.zoneCode ? (zoneIdByCode.get(o.zoneCode) ?? null) : null),
          address: o.address ?? null,
          industryCode: o.industryCode ?? null,
          priorityField: o.priorityField ?? null,
          foundedOn: o.foundedOn ?? null,
          description: o.description ?? null,
          website: o.website ?? null,
          rorId: o.rorId ?? null,
          keywords: o.keywords ?? [],
        };
        return { ...v, searchVector: orgSearchText(v) };
      });
      const rows = await tx.insert(organizations).values(values).returning({ id: organizations.id, creditCode: organizations.creditCode });
      for (const r of rows) idByCode.set(r.creditCode, r.id);
    }
    const referenced = [...new Set([...data.qualifications, ...data.figures, ...data.people].map((r) => ('creditCode' in r ? r.creditCode : undefined)).filter((c): c is string => Boolean(c) && !idByCode.has(c!)))];
    for (const part of chunk(referenced)) {
      const rows = await tx
        .select({ id: organizations.id, creditCode: organizations.creditCode })
        .from(organizations)
        .where(and(eq(organizations.tenantId, ctx.tenantId), inArray(organizations.creditCode, part)));
      for (const r of rows) idByCode.set(r.creditCode, r.id);
    }
    const orgId = (code: string) => {
      const id = idByCode.get(code);
      if (!id) throw new AppError('VALIDATION_FAILED', `unknown credit code ${code}`);
      return id;
    };
    for (const part of chunk(data.qualifications)) {
      await tx.insert(qualifications).values(
        part.map((q) => {
          const problem = validateQualification({ ...q, validTo: q.validTo ?? null });
          if (problem) throw new AppError('VALIDATION_FAILED', problem);
          return { tenantId: ctx.tenantId, organizationId: orgId(q.creditCode), kind: q.kind, certificateNo: q.certificateNo ?? null, validFrom: q.validFrom, validTo: q.validTo ?? null, exchange: q.exchange ?? null, ticker: q.ticker ?? null };
        }),
      );
    }
    for (const part of chunk(data.figures)) {
      await tx.insert(annualFigures).values(part.map(({ creditCode, ...f }) => ({ ...f, tenantId: ctx.tenantId, organizationId: orgId(creditCode) })));
    }
    for (const part of chunk(data.people)) {
      await tx.insert(people).values(
        part.map((p) => ({
          tenantId: ctx.tenantId,
          organizationId: p.creditCode ? orgId(p.creditCode) : (p.organizationId ?? null),
          nameZh: p.nameZh,
          nameEn: p.nameEn ?? null,
          title: p.title ?? null,
          fields: p.fields ?? [],
          orcid: p.orcid ?? null,
          bio: p.bio ?? null,
          searchVector: personSearchVector(p),
        })),
      );
    }
    const counts = { organizations: data.organizations.length, qualifications: data.qualifications.length, figures: data.figures.length, people: data.people.length };
    await appendAudit(tx, ctx, { action: 'registry.bulk_loaded', targetType: 'tenant', targetId: ctx.tenantId, summary: counts });
    return counts;
  });
}
