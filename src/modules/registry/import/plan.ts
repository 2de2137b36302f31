import { and, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import { annualFigures, organizations, qualifications, zones, type OrganizationType, type PriorityField, type QualificationKind } from '../registry.tables.ts';
import { COLUMNS } from './columns.ts';
import type { ImportChange, ImportFieldChange, ImportKind, ImportRowError } from './import.tables.ts';
import { ORG_TYPE_LABELS, PRIORITY_FIELD_LABELS, QUALIFICATION_KIND_LABELS } from './labels.ts';
import { formatFen, rowError, type HeaderMap, type ParsedRow, type RowValues } from './rules.ts';
import type { RowErrorCode } from './messages.ts';

export interface OrganizationWrite {
  creditCode: string;
  nameZh: string;
  nameEn: string | null;
  shortName: string | null;
  type: OrganizationType;
  zoneId: string | null;
  address: string | null;
  industryCode: string | null;
  priorityField: PriorityField | null;
  foundedOn: string | null;
  description: string | null;
  website: string | null;
  keywords: string[];
}

export interface QualificationWrite {
  organizationId: string;
  kind: QualificationKind;
  validFrom: string;
  certificateNo: string | null;
  validTo: string | null;
  exchange: string | null;
  ticker: string | null;
}

export interface FigureWrite {
  organizationId: string;
  year: number;
  revenueFen: number | null;
  rdExpenditureFen: number | null;
  employees: number | null;
  rdStaff: number | null;
  patentsApplied: number | null;
  patentsGranted: number | null;
  taxPaidFen: number | null;
}

export type Writes = { kind: 'organizations'; rows: OrganizationWrite[] } | { kind: 'qualifications'; rows: QualificationWrite[] } | { kind: 'figures'; rows: FigureWrite[] };

export interface BatchPlan {
  writes: Writes;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  changes: ImportChange[];
}

/**
 * `column in (the given values)`, with the values as one JSON parameter: a thousand separate bind
 * parameters cost far more to build and send than the index lookups themselves.
 */
function inJson(column: AnyColumn, values: (string | number)[], type: 'text' | 'uuid' | 'int') {
  const elems = type === 'int' ? sql.raw('(jsonb_array_elements_text(v))::int') : type === 'uuid' ? sql.raw('(jsonb_array_elements_text(v))::uuid') : sql.raw('jsonb_array_elements_text(v)');
  return sql`${column} in (select ${elems} from (select ${JSON.stringify(values)}::jsonb as v) j)`;
}

export interface ZoneIndex {
  idByCode: Map<string, string>;
  codeById: Map<string, string>;
}

export async function loadZones(db: Db, tenantId: string): Promise<ZoneIndex> {
  const rows = await db.select({ id: zones.id, code: zones.code }).from(zones).where(eq(zones.tenantId, tenantId));
  return { idByCode: new Map(rows.map((z) => [z.code, z.id])), codeById: new Map(rows.map((z) => [z.id, z.code])) };
}

export interface PlanInput {
  db: Db;
  tenantId: string;
  kind: ImportKind;
  header: HeaderMap;
  zones: ZoneIndex;
  /** Lock the rows about to be changed (at commit, inside its transaction). */
  lock: boolean;
}

type Display = (v: unknown) => string | null;
const asText: Display = (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join('、') : null);
const asFen: Display = (v) => (typeof v === 'number' ? formatFen(v) : null);

function column(header: HeaderMap, kind: ImportKind, field: string) {
  const c = header.columns.find((x) => x.spec.field === field);
  return { header: c?.header ?? COLUMNS[kind].find((s) => s.field === field)?.zh ?? field, field };
}

/** Field-by-field difference between the stored record and the one the row describes. */
function diff<T extends object>(kind: ImportKind, header: HeaderMap, before: T | null, after: T, fields: (keyof T & string)[], display: (f: string) => Display): ImportFieldChange[] {
  const out: ImportFieldChange[] = [];
  for (const f of fields) {
    const a = before ? before[f] : null;
    const b = after[f];
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    if (!before && (b === null || (Array.isArray(b) && b.length === 0))) continue;
    const col = column(header, kind, f === 'zoneId' ? 'zoneCode' : f);
    out.push({ field: col.field, column: col.header, from: display(f)(a), to: display(f)(b) });
  }
  return out;
}

function pick<T>(values: RowValues, field: string, current: T): T {
  return field in values ? (values[field] as T) : current;
}

/**
 * Checks a batch of parsed rows against the registry as it is now and works out what each row does:
 * insert, update (with the changed fields) or nothing. Rows that still fail become errors.
 */
export async function planBatch(input: PlanInput, rows: ParsedRow[]): Promise<BatchPlan> {
  if (input.kind === 'organizations') return planOrganizations(input, rows);
  if (input.kind === 'qualifications') return planQualifications(input, rows);
  return planFigures(input, rows);
}

const ORG_FIELDS = ['nameZh', 'nameEn', 'shortName', 'type', 'zoneId', 'address', 'industryCode', 'priorityField', 'foundedOn', 'description', 'website', 'keywords'] as const;

async function planOrganizations(input: PlanInput, rows: ParsedRow[]): Promise<BatchPlan> {
  const { db, tenantId, header } = input;
  const plan: BatchPlan = { writes: { kind: 'organizations', rows: [] }, inserted: 0, updated: 0, unchanged: 0, errors: [], changes: [] };
  const out = plan.writes.rows as OrganizationWrite[];
  const codes = rows.map((r) => r.values.creditCode as string);
  const existing = new Map<string, OrganizationWrite>();
  if (codes.length) {
    const q = db
      .select({
        creditCode: organizations.creditCode,
        nameZh: organizations.nameZh,
        nameEn: organizations.nameEn,
        shortName: organizations.shortName,
        type: organizations.type,
        zoneId: organizations.zoneId,
        address: organizations.address,
        industryCode: organizations.industryCode,
        priorityField: organizations.priorityField,
        foundedOn: organizations.foundedOn,
        description: organizations.description,
        website: organizations.website,
        keywords: organizations.keywords,
      })
      .from(organizations)
      .where(and(eq(organizations.tenantId, tenantId), inJson(organizations.creditCode, codes, 'text')));
    for (const o of await (input.lock ? q.for('update') : q)) existing.set(o.creditCode, o);
  }
  const display = (f: string): Display => (f === 'type' ? (v) => (v ? ORG_TYPE_LABELS[v as OrganizationType] : null) : f === 'priorityField' ? (v) => (v ? PRIORITY_FIELD_LABELS[v as PriorityField] : null) : f === 'zoneId' ? (v) => (typeof v === 'string' ? (input.zones.codeById.get(v) ?? v) : null) : asText);
  for (const r of rows) {
    const v = r.values;
    let zoneId: string | null | undefined;
    if (typeof v.zoneCode === 'string') {
      zoneId = input.zones.idByCode.get(v.zoneCode);
      if (!zoneId) {
        plan.errors.push(rowError(r.row, column(header, 'organizations', 'zoneCode'), 'unknown_zone', v.zoneCode));
        continue;
      }
    }
    const cur = existing.get(v.creditCode as string) ?? null;
    const base: OrganizationWrite = cur ?? { creditCode: v.creditCode as string, nameZh: '', nameEn: null, shortName: null, type: 'enterprise', zoneId: null, address: null, industryCode: null, priorityField: null, foundedOn: null, description: null, website: null, keywords: [] };
    const next: OrganizationWrite = {
      creditCode: base.creditCode,
      nameZh: pick(v, 'nameZh', base.nameZh),
      nameEn: pick(v, 'nameEn', base.nameEn),
      shortName: pick(v, 'shortName', base.shortName),
      type: pick(v, 'type', base.type),
      zoneId: zoneId ?? base.zoneId,
      address: pick(v, 'address', base.address),
      industryCode: pick(v, 'industryCode', base.industryCode),
      priorityField: pick(v, 'priorityField', base.priorityField),
      foundedOn: pick(v, 'foundedOn', base.foundedOn),
      description: pick(v, 'description', base.description),
      website: pick(v, 'website', base.website),
      keywords: pick(v, 'keywords', base.keywords),
    };
    const fields = diff('organizations', header, cur, next, [...ORG_FIELDS], display);
    record(plan, out, r.row, next, cur !== null, fields, next.creditCode, next.nameZh);
  }
  return plan;
}

function record<W>(plan: BatchPlan, out: W[], row: number, write: W, exists: boolean, fields: ImportFieldChange[], key: string, label: string) {
  if (exists && fields.length === 0) {
    plan.unchanged++;
    return;
  }
  out.push(write);
  if (exists) plan.updated++;
  else plan.inserted++;
  plan.changes.push({ row, action: exists ? 'update' : 'insert', key, label, fields });
}

async function orgIds(input: PlanInput, rows: ParsedRow[]) {
  const codes = [...new Set(rows.map((r) => r.values.creditCode as string))];
  const found = codes.length
    ? await input.db
        .select({ id: organizations.id, creditCode: organizations.creditCode, nameZh: organizations.nameZh })
        .from(organizations)
        .where(and(eq(organizations.tenantId, input.tenantId), inJson(organizations.creditCode, codes, 'text')))
    : [];
  return new Map(found.map((o) => [o.creditCode, o]));
}

function unknownOrg(plan: BatchPlan, input: PlanInput, r: ParsedRow) {
  plan.errors.push(rowError(r.row, column(input.header, input.kind, 'creditCode'), 'unknown_organization', r.values.creditCode));
}

const QUAL_FIELDS = ['certificateNo', 'validTo', 'exchange', 'ticker'] as const;

async function planQualifications(input: PlanInput, rows: ParsedRow[]): Promise<BatchPlan> {
  const plan: BatchPlan = { writes: { kind: 'qualifications', rows: [] }, inserted: 0, updated: 0, unchanged: 0, errors: [], changes: [] };
  const out = plan.writes.rows as QualificationWrite[];
  const orgs = await orgIds(input, rows);
  const ids = [...new Set([...orgs.values()].map((o) => o.id))];
  const existing = new Map<string, QualificationWrite>();
  if (ids.length) {
    const q = input.db.select().from(qualifications).where(and(eq(qualifications.tenantId, input.tenantId), inJson(qualifications.organizationId, ids, 'uuid')));
    for (const x of await (input.lock ? q.for('update') : q)) existing.set(`${x.organizationId}|${x.kind}|${x.validFrom}`, x);
  }
  for (const r of rows) {
    const v = r.values;
    const org = orgs.get(v.creditCode as string);
    if (!org) {
      unknownOrg(plan, input, r);
      continue;
    }
    const kind = v.kind as QualificationKind;
    const validFrom = v.validFrom as string;
    const cur = existing.get(`${org.id}|${kind}|${validFrom}`) ?? null;
    const next: QualificationWrite = {
      organizationId: org.id,
      kind,
      validFrom,
      certificateNo: pick(v, 'certificateNo', cur?.certificateNo ?? null),
      validTo: pick(v, 'validTo', cur?.validTo ?? null),
      exchange: pick(v, 'exchange', cur?.exchange ?? null),
      ticker: pick(v, 'ticker', cur?.ticker ?? null),
    };
    // The same rules as validateQualification, reported against the column to fix.
    const problems: [string, RowErrorCode, unknown][] = [];
    if (next.validTo !== null && next.validTo < next.validFrom) problems.push(['validTo', 'validity_order', next.validTo]);
    if (kind === 'listed' && (!next.exchange || !next.ticker)) problems.push([next.exchange ? 'ticker' : 'exchange', 'listing_needs_ticker', null]);
    if (problems.length) {
      for (const [f, code, value] of problems) plan.errors.push(rowError(r.row, column(input.header, 'qualifications', f), code, value));
      continue;
    }
    const fields = diff('qualifications', input.header, cur, next, [...QUAL_FIELDS], () => asText);
    record(plan, out, r.row, next, cur !== null, fields, `${v.creditCode as string} ${QUALIFICATION_KIND_LABELS[kind]} ${validFrom}`, org.nameZh);
  }
  return plan;
}

const FIGURE_FIELDS = ['revenueFen', 'rdExpenditureFen', 'employees', 'rdStaff', 'patentsApplied', 'patentsGranted', 'taxPaidFen'] as const;

async function planFigures(input: PlanInput, rows: ParsedRow[]): Promise<BatchPlan> {
  const plan: BatchPlan = { writes: { kind: 'figures', rows: [] }, inserted: 0, updated: 0, unchanged: 0, errors: [], changes: [] };
  const out = plan.writes.rows as FigureWrite[];
  const orgs = await orgIds(input, rows);
  const ids = [...new Set([...orgs.values()].map((o) => o.id))];
  const years = [...new Set(rows.map((r) => r.values.year as number))];
  const existing = new Map<string, FigureWrite>();
  if (ids.length) {
    const q = input.db
      .select()
      .from(annualFigures)
      .where(and(eq(annualFigures.tenantId, input.tenantId), inJson(annualFigures.organizationId, ids, 'uuid'), inJson(annualFigures.year, years, 'int')));
    for (const x of await (input.lock ? q.for('update') : q)) existing.set(`${x.organizationId}|${x.year}`, x);
  }
  for (const r of rows) {
    const v = r.values;
    const org = orgs.get(v.creditCode as string);
    if (!org) {
      unknownOrg(plan, input, r);
      continue;
    }
    const year = v.year as number;
    const cur = existing.get(`${org.id}|${year}`) ?? null;
    const next: FigureWrite = { organizationId: org.id, year, revenueFen: null, rdExpenditureFen: null, employees: null, rdStaff: null, patentsApplied: null, patentsGranted: null, taxPaidFen: null };
    for (const f of FIGURE_FIELDS) next[f] = pick(v, f, cur?.[f] ?? null);
    if (next.rdStaff !== null && next.employees !== null && next.rdStaff > next.employees) {
      plan.errors.push(rowError(r.row, column(input.header, 'figures', 'rdStaff'), 'rd_staff_exceeds_employees', next.rdStaff));
      continue;
    }
    const fields = diff('figures', input.header, cur, next, [...FIGURE_FIELDS], (f) => (f.endsWith('Fen') ? asFen : asText));
    record(plan, out, r.row, next, cur !== null, fields, `${v.creditCode as string} ${year}`, org.nameZh);
  }
  return plan;
}
