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
  const [rows, total] = await Promise.all([
    db.select().from(organizations).where(pageWhere).orderBy(orderBy).limit(s.limit).offset(keyset.length ? 0 : s.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(organizations).where(where),
  ]);
  let nextCursor: string | null = null;
  const last = rows.at(-1);
  if (useKeyset && last && rows.length === s.limit) {
    nextCursor = encodeCursor([s.sort === 'name' ? last.nameZh : last.createdAt.toISOString(), last.id]);
  }
  const facets = s.facets === false ? emptyFacets() : await facetCounts(db, conditions, s.today);
  return { items: rows, total: Number(total[0]?.n ?? 0), facets, nextCursor };
}

function emptyFacets(): Record<Facet, FacetCount[]> {
  return { type: [], zone: [], qualification: [], industry: [], field: [] };
}

async function facetCounts(db: Db, conditions: (except?: Facet) => SQL[], today: string): Promise<Record<Facet, FacetCount[]>> {
  const group = async (expr: SQL, except: Facet) => {
    const rows = await db
      .select({ value: sql<string | null>`${expr}`, count: sql<number>`count(*)::int` })
      .from(organizations)
      .where(and(...conditions(except)))
      .groupBy(expr);
    return rows.filter((r) => r.value !== null).map((r) => ({ value: String(r.value), count: Number(r.count) })).sort((a, b) => b.count - a.count);
  };
  const [type, zone, industry, field] = await Promise.all([
    group(sql`${organizations.type}`, 'type'),
    group(sql`${organizations.zoneId}::text`, 'zone'),
    group(sql`left(${organizations.industryCode}, 1)`, 'industry'),
    group(sql`${organizations.priorityField}`, 'field'),
  ]);
  const qRows = await db
    .select({ value: qualifications.kind, count: sql<number>`count(distinct ${organizations.id})::int` })
    .from(organizations)
    .innerJoin(qualifications, eq(qualifications.organizationId, organizations.id))
    .where(and(...conditions('qualification'), sql`${qualifications.validFrom} <= ${today} and (${qualifications.validTo} is null or ${qualifications.validTo} >= ${today})`))
    .groupBy(qualifications.kind);
  const qualification = qRows.map((r) => ({ value: r.value, count: Number(r.count) })).sort((a, b) => b.count - a.count);
  return { type, zone, qualification, industry, field };
}
