import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import { searchQuery } from '../../platform/text/segment.ts';
import { organizations, qualifications, type OrganizationType, type PriorityField, type QualificationKind } from './registry.tables.ts';

export interface OrganizationSearch {
  q?: string | undefined;
  zoneId?: string | undefined;
  type?: OrganizationType[] | undefined;
  qualification?: QualificationKind[] | undefined;
  /** GB/T 4754 prefix: a section letter (C) or a longer code (C27). */
  industry?: string | undefined;
  field?: PriorityField[] | undefined;
  sort: 'relevance' | 'name' | 'founded' | 'created';
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
  /** Opaque keyset cursor from a previous page (name and created sorts): fast at any depth. */
  cursor?: string | undefined;
  facets?: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

type Facet = 'type' | 'zone' | 'qualification' | 'industry' | 'field';

function encodeCursor(v: unknown[]): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
function decodeCursor(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'cursor is not valid', [{ path: 'querystring.cursor', message: 'invalid cursor' }]);
}

const validQualification = (kinds: QualificationKind[] | undefined, today: string) => sql`exists (
  select 1 from ${qualifications} q where q.organization_id = ${organizations.id}
  ${kinds?.length ? sql`and q.kind in ${kinds}` : sql``}
  and q.valid_from <= ${today} and (q.valid_to is null or q.valid_to >= ${today}))`;

/**
 * Full-text and faceted search over organisations. Each facet is counted over the result set with
 * every filter applied except its own, so the counts say what choosing that value would give.
 */
export async function searchOrganizations(db: Db, tenantId: string, s: OrganizationSearch & { zoneIds?: string[] | undefined; today: string }) {
  const tsq = s.q?.trim() ? searchQuery(s.q) : null;
  const noMatch = Boolean(s.q?.trim()) && !tsq;

  function conditions(except?: Facet): SQL[] {
    const c: SQL[] = [eq(organizations.tenantId, tenantId)];
    if (tsq) c.push(sql`${organizations.searchVector} @@ to_tsquery('simple', ${tsq})`);
    if (s.zoneIds && except !== 'zone') c.push(s.zoneIds.length ? inArray(organizations.zoneId, s.zoneIds) : sql`false`);
    if (s.type?.length && except !== 'type') c.push(inArray(organizations.type, s.type));
    if (s.field?.length && except !== 'field') c.push(inArray(organizations.priorityField, s.field));
    if (s.industry && except !== 'industry') c.push(sql`${organizations.industryCode} like ${s.industry.replace(/[%_\\]/g, '') + '%'}`);
    if (s.qualification?.length && except !== 'qualification') c.push(validQualification(s.qualification, s.today));
    return c;
  }

  if (noMatch) return { items: [], total: 0, facets: emptyFacets(), nextCursor: null as string | null };

  const where = and(...conditions());
  const dir = s.order === 'desc' ? sql`desc` : sql`asc`;
  let orderBy: SQL;
  const keyset: SQL[] = [];
  let useKeyset = false;
  switch (s.sort) {
    case 'relevance':
      orderBy = tsq ? sql`ts_rank(${organizations.searchVector}, to_tsquery('simple', ${tsq})) desc, ${organizations.nameZh} asc, ${organizations.id} asc` : sql`${organizations.nameZh} asc, ${organizations.id} asc`;
      break;
    case 'founded':
      orderBy = sql`${organizations.foundedOn} ${dir} nulls last, ${organizations.id} ${dir}`;
      break;
    case 'created':
    case 'name': {
      const col = s.sort === 'name' ? organizations.nameZh : organizations.createdAt;
      orderBy = sql`${col} ${dir}, ${organizations.id} ${dir}`;
      if (s.cursor) {
        const [v, id] = decodeCursor(s.cursor);
        const cmp = s.order === 'desc' ? sql`<` : sql`>`;
        keyset.push(s.sort === 'name' ? sql`(${organizations.nameZh}, ${organizations.id}) ${cmp} (${v}, ${id}::uuid)` : sql`(${organizations.createdAt}, ${organizations.id}) ${cmp} (${v}::timestamptz, ${id}::uuid)`);
      }
      useKeyset = true;
      break;
    }
  }
  const pageWhere = keyset.length ? and(where, ...keyset) : where;
  const page = db.select().from(organizations).where(pageWhere).orderBy(orderBy).limit(s.limit).offset(keyset.length ? 0 : s.offset);
  let rows: Awaited<typeof page>;
  let total: number;
  let facets: Record<Facet, FacetCount[]>;
  if (s.facets === false) {
    const [r, n] = await Promise.all([page, db.select({ n: sql<number>`count(*)::int` }).from(organizations).where(where)]);
    [rows, total, facets] = [r, Number(n[0]?.n ?? 0), emptyFacets()];
  } else {
    // The total comes with the facets: one scan of the result set instead of two.
    const [r, f] = await Promise.all([page, facetCounts(db, conditions, activeFacets(s), s.today)]);
    [rows, total, facets] = [r, f.total, f.facets];
  }
  let nextCursor: string | null = null;
  const last = rows.at(-1);
  if (useKeyset && last && rows.length === s.limit) {
    nextCursor = encodeCursor([s.sort === 'name' ? last.nameZh : last.createdAt.toISOString(), last.id]);
  }
  return { items: rows, total, facets, nextCursor };
}

function emptyFacets(): Record<Facet, FacetCount[]> {
  return { type: [], zone: [], qualification: [], industry: [], field: [] };
}

/** Facets whose own filter is set: each is counted with a query of its own, without that filter. */
function activeFacets(s: OrganizationSearch & { zoneIds?: string[] | undefined }): Set<Facet> {
  const active = new Set<Facet>();
  if (s.type?.length) active.add('type');
  if (s.zoneIds) active.add('zone');
  if (s.industry) active.add('industry');
  if (s.field?.length) active.add('field');
  if (s.qualification?.length) active.add('qualification');
  return active;
}

const FACET_EXPR: Record<Exclude<Facet, 'qualification'>, SQL> = {
  type: sql`${organizations.type}`,
  zone: sql`${organizations.zoneId}::text`,
  industry: sql`left(${organizations.industryCode}, 1)`,
  field: sql`${organizations.priorityField}`,
};
const COLUMN_FACETS = Object.keys(FACET_EXPR) as Exclude<Facet, 'qualification'>[];

const sortCounts = (rows: { value: string | null; count: number }[]): FacetCount[] =>
  rows
    .filter((r) => r.value !== null)
    .map((r) => ({ value: String(r.value), count: Number(r.count) }))
    .sort((a, b) => b.count - a.count);

/**
 * The total and every facet. Facets without a filter of their own share the result set, so they and
 * the total come from ONE scan with grouping sets; a facet with its own filter set needs a query
 * without it, and qualifications a join. All of them run at once (on PostgreSQL, on separate connections).
 */
async function facetCounts(db: Db, conditions: (except?: Facet) => SQL[], active: Set<Facet>, today: string): Promise<{ total: number; facets: Record<Facet, FacetCount[]> }> {
  const shared = COLUMN_FACETS.filter((f) => !active.has(f));
  const sets = sql.join([sql`()`, ...shared.map((f) => sql`(${FACET_EXPR[f]})`)], sql`, `);
  // grouping(e1, …, en) has bit (n-1-i) set when ei is NOT grouped; exactly one expression is grouped per set.
  const cols = shared.map((f) => sql`, ${FACET_EXPR[f]} as ${sql.raw(`"${f}"`)}`);
  const grouping = shared.length ? sql`grouping(${sql.join(shared.map((f) => FACET_EXPR[f]), sql`, `)})` : sql`0`;
  const sharedQuery = db.execute(sql`select ${grouping}::int as g, count(*)::int as n ${sql.join(cols, sql``)} from ${organizations} where ${and(...conditions())} group by grouping sets (${sets})`);
  const own = (f: Exclude<Facet, 'qualification'>) =>
    db
      .select({ value: sql<string | null>`${FACET_EXPR[f]}`, count: sql<number>`count(*)::int` })
      .from(organizations)
      .where(and(...conditions(f)))
      .groupBy(FACET_EXPR[f]);
  const ownQueries = COLUMN_FACETS.filter((f) => active.has(f)).map(async (f) => [f, sortCounts(await own(f))] as const);
  const qualQuery = db
    .select({ value: qualifications.kind, count: sql<number>`count(distinct ${organizations.id})::int` })
    .from(organizations)
    .innerJoin(qualifications, eq(qualifications.organizationId, organizations.id))
    .where(and(...conditions('qualification'), sql`${qualifications.validFrom} <= ${today} and (${qualifications.validTo} is null or ${qualifications.validTo} >= ${today})`))
    .groupBy(qualifications.kind);
  const [sharedRows, owned, qRows] = await Promise.all([sharedQuery, Promise.all(ownQueries), qualQuery]);
  const facets = emptyFacets();
  let total = 0;
  const all = (1 << shared.length) - 1;
  const bySet = new Map<Facet, { value: string | null; count: number }[]>(shared.map((f) => [f, []]));
  for (const r of (sharedRows as { rows: Record<string, string | number | null>[] }).rows) {
    const g = Number(r.g);
    if (g === all) total = Number(r.n);
    const f = shared.find((_, k) => g === all - (1 << (shared.length - 1 - k)));
    if (f) bySet.get(f)!.push({ value: r[f] === null || r[f] === undefined ? null : String(r[f]), count: Number(r.n) });
  }
  for (const f of shared) facets[f] = sortCounts(bySet.get(f)!);
  for (const [f, counts] of owned) facets[f] = counts;
  facets.qualification = qRows.map((r) => ({ value: r.value, count: Number(r.count) })).sort((a, b) => b.count - a.count);
  return { total, facets };
}
