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
  /**
   * false: neither total nor facets are counted (a client paging on by cursor already has them from page 1);
   * the answer's total is then only what this page proves, flagged as a lower bound.
   */
  count?: boolean | undefined;
  /**
   * Count at most this many matches (the total, each facet, and the relevance ranking window); above it the
   * total is a lower bound and the facets are counted over the first countCap matches. Default: the
   * service's countCap (DEFAULT_COUNT_CAP). Infinity counts and ranks every match exactly.
   */
  countCap?: number | undefined;
}

/**
 * Above this many matches the total is reported as "1,000+" and the facets as approximate: counting a
 * result set means visiting every matching row, which at 1,000,000 organisations took 0.4–2 s for a search
 * matching 90,000 (docs/benchmarks.md, "Registry at scale"); 1,000 matches take 20–40 ms.
 */
export const DEFAULT_COUNT_CAP = 1000;

export interface FacetCount {
  value: string;
  count: number;
}

type Facet = 'type' | 'zone' | 'qualification' | 'industry' | 'field';

export interface SearchResult {
  items: (typeof organizations.$inferSelect)[];
  /** Exact, unless totalIsLowerBound: then at least this many match (countCap, or what the page proves when not counted). */
  total: number;
  totalIsLowerBound: boolean;
  facets: Record<Facet, FacetCount[]>;
  /** The facet counts were taken over the first countCap matches only: each is a lower bound of the true count. */
  facetsApproximate: boolean;
  /** Relevance order ranks the first countCap matches only (more matched, or they were not counted). */
  relevanceApproximate: boolean;
  /** The cap in force; null when every match is counted. */
  countCap: number | null;
  nextCursor: string | null;
}

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
export async function searchOrganizations(db: Db, tenantId: string, s: OrganizationSearch & { zoneIds?: string[] | undefined; today: string }): Promise<SearchResult> {
  const tsq = s.q?.trim() ? searchQuery(s.q) : null;
  const noMatch = Boolean(s.q?.trim()) && !tsq;
  const cap = s.countCap ?? DEFAULT_COUNT_CAP;
  if (!(cap === Number.POSITIVE_INFINITY || (Number.isInteger(cap) && cap > 0))) throw new Error(`countCap must be a positive integer or Infinity, not ${cap}`);
  const capped = Number.isFinite(cap);
  const countCap = capped ? cap : null;

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

  if (noMatch) return { items: [], total: 0, totalIsLowerBound: false, facets: emptyFacets(), facetsApproximate: false, relevanceApproximate: false, countCap, nextCursor: null };

  const where = and(...conditions());
  const dir = s.order === 'desc' ? sql`desc` : sql`asc`;
  let orderBy: SQL;
  const keyset: SQL[] = [];
  let useKeyset = false;
  let rankWindow = false;
  switch (s.sort) {
    case 'relevance':
      rankWindow = Boolean(tsq) && capped;
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
  let page: Promise<SearchResult['items']>;
  if (rankWindow) {
    // Ranking every match reads the tsvector of every match (1 s for 90,000): rank the first `cap` matches
    // the scan finds instead, and say so (relevanceApproximate). Pages beyond the window are empty.
    const w = db.select().from(organizations).where(pageWhere).limit(cap).as('organizations');
    page = db
      .select()
      .from(w)
      .orderBy(sql`ts_rank(${w.searchVector}, to_tsquery('simple', ${tsq})) desc, ${w.nameZh} asc, ${w.id} asc`)
      .limit(s.limit)
      .offset(s.offset);
  } else page = db.select().from(organizations).where(pageWhere).orderBy(orderBy).limit(s.limit).offset(keyset.length ? 0 : s.offset);
  let rows: SearchResult['items'];
  let total: number;
  let totalIsLowerBound = false;
  let facets = emptyFacets();
  let facetsApproximate = false;
  if (s.count === false) {
    rows = await page;
    // Not counted: the total is what this page proves (rows before it, its rows, one more if it is full).
    total = (keyset.length ? 0 : s.offset) + rows.length + (rows.length === s.limit ? 1 : 0);
    totalIsLowerBound = true;
  } else if (s.facets === false) {
    const [r, n] = await Promise.all([page, db.execute(sql`select count(*)::int as n from (select 1 from ${organizations} where ${where} ${limitSql(cap)}) s`)]);
    rows = r;
    ({ total, totalIsLowerBound } = bounded(Number((n as { rows: { n: number }[] }).rows[0]?.n ?? 0), cap));
  } else {
    // The total comes with the facets: one scan of the (capped) result set instead of two.
    const [r, f] = await Promise.all([page, facetCounts(db, conditions, activeFacets(s), s.today, cap)]);
    rows = r;
    ({ total, totalIsLowerBound } = bounded(f.total, cap));
    facets = f.facets;
    facetsApproximate = f.approximate;
  }
  let nextCursor: string | null = null;
  const last = rows.at(-1);
  if (useKeyset && last && rows.length === s.limit) {
    nextCursor = encodeCursor([s.sort === 'name' ? last.nameZh : last.createdAt.toISOString(), last.id]);
  }
  return { items: rows, total, totalIsLowerBound, facets, facetsApproximate, relevanceApproximate: rankWindow && totalIsLowerBound, countCap, nextCursor };
}

/** `limit cap + 1`: one row more than the cap says whether there are more. */
const limitSql = (cap: number) => (Number.isFinite(cap) ? sql`limit ${cap + 1}` : sql``);
const bounded = (n: number, cap: number) => (n > cap ? { total: cap, totalIsLowerBound: true } : { total: n, totalIsLowerBound: false });

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
/** What the facets read of a match (the capped subqueries select these only). */
const FACET_COLUMNS = sql.join([organizations.id, organizations.type, organizations.zoneId, organizations.industryCode, organizations.priorityField].map((c) => sql`${c}`), sql`, `);

const sortCounts = (rows: { value: string | null; count: number }[]): FacetCount[] =>
  rows
    .filter((r) => r.value !== null)
    .map((r) => ({ value: String(r.value), count: Number(r.count) }))
    .sort((a, b) => b.count - a.count);

/**
 * The total and every facet. Facets without a filter of their own share the result set, so they and
 * the total come from ONE scan with grouping sets; a facet with its own filter set needs a query
 * without it, and qualifications a join. All of them run at once (on PostgreSQL, on separate connections).
 * Each query reads at most cap + 1 matches (`limit` in a subquery named like the table, so the facet
 * expressions apply to it unchanged); when one reads more than cap, its counts are over that sample only.
 */
async function facetCounts(
  db: Db,
  conditions: (except?: Facet) => SQL[],
  active: Set<Facet>,
  today: string,
  cap: number,
): Promise<{ total: number; facets: Record<Facet, FacetCount[]>; approximate: boolean }> {
  const from = (except?: Facet) => sql`(select ${FACET_COLUMNS} from ${organizations} where ${and(...conditions(except))} ${limitSql(cap)}) as ${organizations}`;
  const shared = COLUMN_FACETS.filter((f) => !active.has(f));
  const sets = sql.join([sql`()`, ...shared.map((f) => sql`(${FACET_EXPR[f]})`)], sql`, `);
  // grouping(e1, …, en) has bit (n-1-i) set when ei is NOT grouped; exactly one expression is grouped per set.
  const cols = shared.map((f) => sql`, ${FACET_EXPR[f]} as ${sql.raw(`"${f}"`)}`);
  const grouping = shared.length ? sql`grouping(${sql.join(shared.map((f) => FACET_EXPR[f]), sql`, `)})` : sql`0`;
  const sharedQuery = db.execute(sql`select ${grouping}::int as g, count(*)::int as n ${sql.join(cols, sql``)} from ${from()} group by grouping sets (${sets})`);
  type Row = { g: number | string; n: number | string; value: string | null };
  const rowsOf = (r: unknown) => (r as { rows: Row[] }).rows;
  // grouping sets ((), (expr)): the () row is the size of the (capped) set the counts were taken over.
  const own = async (f: Exclude<Facet, 'qualification'>) =>
    rowsOf(await db.execute(sql`select grouping(${FACET_EXPR[f]})::int as g, count(*)::int as n, ${FACET_EXPR[f]} as value from ${from(f)} group by grouping sets ((), (${FACET_EXPR[f]}))`));
  const ownQueries = COLUMN_FACETS.filter((f) => active.has(f)).map(async (f) => [f, await own(f)] as const);
  const qualQuery = db.execute(
    sql`select grouping(${qualifications.kind})::int as g, count(distinct ${organizations.id})::int as n, ${qualifications.kind} as value
        from ${from('qualification')} left join ${qualifications} on ${qualifications.organizationId} = ${organizations.id}
          and ${qualifications.validFrom} <= ${today} and (${qualifications.validTo} is null or ${qualifications.validTo} >= ${today})
        group by grouping sets ((), (${qualifications.kind}))`,
  );
  const [sharedRows, owned, qRows] = await Promise.all([sharedQuery, Promise.all(ownQueries), qualQuery]);
  const facets = emptyFacets();
  let total = 0;
  let approximate = false;
  const all = (1 << shared.length) - 1;
  const bySet = new Map<Facet, { value: string | null; count: number }[]>(shared.map((f) => [f, []]));
  for (const r of (sharedRows as { rows: Record<string, string | number | null>[] }).rows) {
    const g = Number(r.g);
    if (g === all) total = Number(r.n);
    const f = shared.find((_, k) => g === all - (1 << (shared.length - 1 - k)));
    if (f) bySet.get(f)!.push({ value: r[f] === null || r[f] === undefined ? null : String(r[f]), count: Number(r.n) });
  }
  if (total > cap) approximate = true;
  for (const f of shared) facets[f] = sortCounts(bySet.get(f)!);
  const split = (rows: Row[]) => {
    // g = 1: the () set, its n the size of the sample; g = 0: one value (null = without a current qualification).
    if (rows.some((r) => Number(r.g) === 1 && Number(r.n) > cap)) approximate = true;
    return sortCounts(rows.filter((r) => Number(r.g) === 0).map((r) => ({ value: r.value, count: Number(r.n) })));
  };
  for (const [f, rows] of owned) facets[f] = split(rows);
  facets.qualification = split(rowsOf(qRows));
  return { total, facets, approximate };
}
