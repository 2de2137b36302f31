import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import {
  emptyFigureSums,
  emptyQualificationCounts,
  INDUSTRY_GROUPS,
  QUALIFICATION_GROUPS,
  type FigureSums,
  type IndustryGroup,
  type QualificationCounts,
  type QualificationGroup,
} from './indicators.rules.ts';

/*
 * Aggregate reads over the registry's tables (zones, organizations, annual_figures, qualifications).
 *
 * The registry owns those tables; this file is the one exception, kept apart so it can move into
 * RegistryService as `indicatorAggregates(tenantId, …, db)`. It exists because the recompute runs
 * inside the job's transaction (RegistryService reads on its own handle, which would deadlock the
 * single PGlite session) and needs GROUP BY sums the service does not offer. Raw SQL by table name,
 * so nothing imports the registry's table objects.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface ZoneNode {
  id: string;
  parentId: string | null;
}

export async function zoneTree(db: Db, tenantId: string): Promise<ZoneNode[]> {
  return rowsOf<ZoneNode>(await db.execute(sql`select id, parent_id as "parentId" from zones where tenant_id = ${tenantId}`));
}

/** Years in which some organisation of the tenant has annual figures. */
export async function figureYears(db: Db, tenantId: string): Promise<number[]> {
  const rows = rowsOf<{ year: number }>(await db.execute(sql`select distinct year from annual_figures where tenant_id = ${tenantId} order by year`));
  return rows.map((r) => Number(r.year));
}

const industryMatch = (prefixes: readonly string[]): SQL =>
  sql`(${sql.join(
    prefixes.map((p) => sql`o.industry_code like ${p + '%'}`),
    sql` or `,
  )})`;

/**
 * Sums of annual figures per (zone of the organisation, year). Must agree with figureSumsOf in
 * indicators.rules.ts, which states the rule per organisation (a test checks the two agree).
 */
export async function figureAggregates(db: Db, tenantId: string, years: number[]): Promise<{ zoneId: string | null; year: number; sums: FigureSums }[]> {
  if (!years.length) return [];
  const groups = Object.entries(INDUSTRY_GROUPS) as [IndustryGroup, readonly string[]][];
  const rd = sql`o.type = 'enterprise' and f.rd_expenditure_fen is not null and f.revenue_fen is not null`;
  const staff = sql`f.rd_staff is not null and f.employees is not null`;
  const industryCols = groups.map(
    ([, prefixes], i) =>
      sql`, count(*) filter (where f.revenue_fen is not null and ${industryMatch(prefixes)})::int as ${sql.raw(`"ind${i}Reporters"`)}, coalesce(sum(f.revenue_fen) filter (where f.revenue_fen is not null and ${industryMatch(prefixes)}), 0)::text as ${sql.raw(`"ind${i}RevenueFen"`)}`,
  );
  const result = await db.execute(sql`
    select o.zone_id as "zoneId", f.year,
      count(*) filter (where ${rd})::int as "rdReporters",
      coalesce(sum(f.rd_expenditure_fen) filter (where ${rd}), 0)::text as "rdExpenditureFen",
      coalesce(sum(f.revenue_fen) filter (where ${rd}), 0)::text as "revenueFen",
      count(*) filter (where ${staff})::int as "staffReporters",
      coalesce(sum(f.rd_staff) filter (where ${staff}), 0)::text as "rdStaff",
      coalesce(sum(f.employees) filter (where ${staff}), 0)::text as "employees",
      count(f.patents_granted)::int as "patentReporters",
      coalesce(sum(f.patents_granted), 0)::text as "patentsGranted"
      ${sql.join(industryCols, sql``)}
    from annual_figures f
    join organizations o on o.id = f.organization_id and o.tenant_id = f.tenant_id
    where f.tenant_id = ${tenantId} and f.year in (${sql.join(
      years.map((y) => sql`${y}`),
      sql`, `,
    )})
    group by o.zone_id, f.year`);
  return rowsOf<Record<string, string | number | null>>(result).map((r) => {
    const sums = emptyFigureSums();
    sums.rdReporters = Number(r.rdReporters);
    sums.rdExpenditureFen = BigInt(String(r.rdExpenditureFen));
    sums.revenueFen = BigInt(String(r.revenueFen));
    sums.staffReporters = Number(r.staffReporters);
    sums.rdStaff = BigInt(String(r.rdStaff));
    sums.employees = BigInt(String(r.employees));
    sums.patentReporters = Number(r.patentReporters);
    sums.patentsGranted = BigInt(String(r.patentsGranted));
    groups.forEach(([g], i) => {
      sums.industry[g] = { reporters: Number(r[`ind${i}Reporters`]), revenueFen: BigInt(String(r[`ind${i}RevenueFen`])) };
    });
    return { zoneId: (r.zoneId as string | null) ?? null, year: Number(r.year), sums };
  });
}

/**
 * Organisations per qualification group, per (zone of the organisation, year), counting a
 * qualification when it is valid on the year's reference date (31 December, or today).
 */
export async function qualificationAggregates(db: Db, tenantId: string, days: { year: number; date: string }[]): Promise<{ zoneId: string | null; year: number; counts: QualificationCounts }[]> {
  if (!days.length) return [];
  const groups = Object.entries(QUALIFICATION_GROUPS) as [QualificationGroup, readonly string[]][];
  const cols = groups.map(
    ([, kinds], i) =>
      sql`, count(distinct q.organization_id) filter (where q.kind in (${sql.join(
        kinds.map((k) => sql`${k}`),
        sql`, `,
      )}))::int as ${sql.raw(`"g${i}"`)}`,
  );
  const result = await db.execute(sql`
    select y.year, o.zone_id as "zoneId" ${sql.join(cols, sql``)}
    from qualifications q
    join organizations o on o.id = q.organization_id and o.tenant_id = q.tenant_id
    join (values ${sql.join(
      days.map((d) => sql`(${d.year}::int, ${d.date}::date)`),
      sql`, `,
    )}) as y(year, d) on q.valid_from <= y.d and (q.valid_to is null or q.valid_to >= y.d)
    where q.tenant_id = ${tenantId}
    group by y.year, o.zone_id`);
  return rowsOf<Record<string, string | number | null>>(result).map((r) => {
    const counts = emptyQualificationCounts();
    groups.forEach(([g], i) => {
      counts[g] = Number(r[`g${i}`]);
    });
    return { zoneId: (r.zoneId as string | null) ?? null, year: Number(r.year), counts };
  });
}
