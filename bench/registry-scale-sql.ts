// Hand-written SQL for bench/registry-scale.ts: the statements behind the registry search and the
// indicator recompute, written out by hand and sent through the same driver (Database.query), with no
// query builder and no row mapping, so the ratio app / raw shows what the layers above the SQL cost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/platform/db/client.ts';
import { migrationsFolder } from '../src/platform/db/migrate.ts';
import { searchQuery } from '../src/platform/text/segment.ts';
import type { OrganizationType, QualificationKind } from '../src/modules/registry/index.ts';
import { INDUSTRY_GROUPS, QUALIFICATION_GROUPS, recomputeYears, referenceDate } from '../src/modules/indicators/indicators.rules.ts';

export interface SearchCase {
  q?: string;
  zoneId?: string;
  type?: OrganizationType[];
  qualification?: QualificationKind[];
  sort: 'relevance' | 'name';
  order: 'asc';
  offset?: number;
  cursor?: string;
  facets: boolean;
  /** false: the page only (a next page whose counts the client has). */
  count?: boolean;
}

/** The cap the app counts to (DEFAULT_COUNT_CAP); the raw SQL does the same capped work. */
export const RAW_CAP = 1000;

/**
 * The statements of the registry-scale migration, run again (they are CREATE … IF NOT EXISTS), so a
 * database loaded before they were written gets them too.
 */
export async function ensureScaleIndexes(database: Database): Promise<{ ms: number }> {
  const t0 = performance.now();
  const text = readFileSync(join(migrationsFolder, '0005_registry_scale.sql'), 'utf8');
  for (const stmt of text.split('--> statement-breakpoint')) {
    const body = stmt
      .split('\n')
      .filter((l) => !l.trim().startsWith('--'))
      .join('\n')
      .trim();
    if (body) await database.query(body);
  }
  return { ms: performance.now() - t0 };
}

const COLS = `id, tenant_id, credit_code, name_zh, name_en, short_name, type, zone_id, address, industry_code, priority_field, founded_on, description, website, ror_id, keywords, search_vector, created_at, updated_at`;

export class RawSql {
  constructor(
    private readonly database: Database,
    private readonly tenantId: string,
    private readonly today: string,
  ) {}

  private where(c: SearchCase & { zoneIds?: string[] | undefined }, tsq: string | null, params: unknown[], except?: string): string {
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const w = [`o.tenant_id = ${p(this.tenantId)}`];
    if (tsq) w.push(`o.search_vector @@ to_tsquery('simple', ${p(tsq)})`);
    if (c.zoneIds && except !== 'zone') w.push(`o.zone_id = any(${p(c.zoneIds)}::uuid[])`);
    if (c.type?.length && except !== 'type') w.push(`o.type = any(${p(c.type)}::text[])`);
    if (c.qualification?.length && except !== 'qualification') {
      const today = p(this.today);
      w.push(`exists (select 1 from qualifications q where q.organization_id = o.id and q.kind = any(${p(c.qualification)}::text[]) and q.valid_from <= ${today} and (q.valid_to is null or q.valid_to >= ${today}))`);
    }
    return w.join(' and ');
  }

  /**
   * What searchOrganizations sends for this case: the page and the capped count, or the page and the
   * capped facets (with the capped total); relevance ranks the first RAW_CAP matches.
   */
  async search(c: SearchCase & { zoneIds?: string[] | undefined; offset: number; limit: number }) {
    const tsq = c.q ? searchQuery(c.q) : null;
    const pp: unknown[] = [];
    let where = this.where(c, tsq, pp);
    if (c.cursor) {
      const [v, id] = JSON.parse(Buffer.from(c.cursor, 'base64url').toString('utf8')) as [string, string];
      pp.push(v, id);
      where += ` and (o.name_zh, o.id) > ($${pp.length - 1}, $${pp.length}::uuid)`;
    }
    let pageSql: string;
    if (c.sort === 'relevance' && tsq) {
      pp.push(tsq);
      pageSql = `select * from (select ${COLS} from organizations o where ${where} limit ${RAW_CAP}) o
        order by ts_rank(o.search_vector, to_tsquery('simple', $${pp.length})) desc, o.name_zh asc, o.id asc limit ${c.limit} offset ${c.offset}`;
    } else pageSql = `select ${COLS} from organizations o where ${where} order by o.name_zh asc, o.id asc limit ${c.limit} offset ${c.cursor ? 0 : c.offset}`;
    const page = this.database.query(pageSql, pp);
    const lim = `limit ${RAW_CAP + 1}`;
    if (c.count === false) return { rows: await page };
    if (!c.facets) {
      const cp: unknown[] = [];
      const [rows, n] = await Promise.all([page, this.database.query<{ n: number }>(`select count(*)::int as n from (select 1 from organizations o where ${this.where(c, tsq, cp)} ${lim}) s`, cp)]);
      return { rows, total: Number(n[0]?.n) };
    }
    const active = new Set<string>();
    if (c.type?.length) active.add('type');
    if (c.zoneIds) active.add('zone');
    const exprs: Record<string, string> = { type: 'o.type', zone: 'o.zone_id::text', industry: 'left(o.industry_code, 1)', field: 'o.priority_field' };
    const from = (w: string) => `(select o.id, o.type, o.zone_id, o.industry_code, o.priority_field from organizations o where ${w} ${lim}) o`;
    const shared = Object.keys(exprs).filter((f) => !active.has(f));
    const sp: unknown[] = [];
    const sharedQ = this.database.query(
      `select ${shared.length ? `grouping(${shared.map((f) => exprs[f]).join(', ')})` : '0'}::int as g, count(*)::int as n${shared.map((f) => `, ${exprs[f]} as "${f}"`).join('')}
       from ${from(this.where(c, tsq, sp))} group by grouping sets ((), ${shared.map((f) => `(${exprs[f]})`).join(', ')})`,
      sp,
    );
    const own = [...active].map((f) => {
      const op: unknown[] = [];
      return this.database.query(`select grouping(${exprs[f]})::int as g, count(*)::int as n, ${exprs[f]} as value from ${from(this.where(c, tsq, op, f))} group by grouping sets ((), (${exprs[f]}))`, op);
    });
    const qp: unknown[] = [];
    const qw = this.where(c, tsq, qp, 'qualification');
    qp.push(this.today);
    const qualQ = this.database.query(
      `select grouping(q.kind)::int as g, count(distinct o.id)::int as n, q.kind as value from ${from(qw)}
       left join qualifications q on q.organization_id = o.id and q.valid_from <= $${qp.length} and (q.valid_to is null or q.valid_to >= $${qp.length})
       group by grouping sets ((), (q.kind))`,
      qp,
    );
    const [rows, s, o, q] = await Promise.all([page, sharedQ, Promise.all(own), qualQ]);
    return { rows, s, o, q };
  }

  /** The two aggregate reads of the recompute (annual figures and qualifications per zone and year), one after the other as the recompute runs them. */
  async recompute() {
    const years = recomputeYears(
      (await this.database.query<{ year: number }>('select distinct year from annual_figures where tenant_id = $1 order by year', [this.tenantId])).map((r) => Number(r.year)),
      this.today,
    );
    const ind = Object.values(INDUSTRY_GROUPS)
      .map((prefixes, i) => {
        const m = `(${prefixes.map((p) => `o.industry_code like '${p}%'`).join(' or ')})`;
        return `, count(*) filter (where f.revenue_fen is not null and ${m})::int as "ind${i}Reporters", coalesce(sum(f.revenue_fen) filter (where f.revenue_fen is not null and ${m}), 0)::text as "ind${i}RevenueFen"`;
      })
      .join('');
    const rd = `o.type = 'enterprise' and f.rd_expenditure_fen is not null and f.revenue_fen is not null`;
    const staff = `f.rd_staff is not null and f.employees is not null`;
    const figures = await this.database.query(
      `select o.zone_id as "zoneId", f.year,
         count(*) filter (where ${rd})::int as "rdReporters", coalesce(sum(f.rd_expenditure_fen) filter (where ${rd}), 0)::text as "rdExpenditureFen",
         coalesce(sum(f.revenue_fen) filter (where ${rd}), 0)::text as "revenueFen",
         count(*) filter (where ${staff})::int as "staffReporters", coalesce(sum(f.rd_staff) filter (where ${staff}), 0)::text as "rdStaff",
         coalesce(sum(f.employees) filter (where ${staff}), 0)::text as "employees",
         count(f.patents_granted)::int as "patentReporters", coalesce(sum(f.patents_granted), 0)::text as "patentsGranted" ${ind}
       from annual_figures f join organizations o on o.id = f.organization_id and o.tenant_id = f.tenant_id
       where f.tenant_id = $1 and f.year = any($2::int[]) group by o.zone_id, f.year`,
      [this.tenantId, years],
    );
    const groups = Object.values(QUALIFICATION_GROUPS)
      .map((kinds, i) => `, count(distinct q.organization_id) filter (where q.kind in (${kinds.map((k) => `'${k}'`).join(', ')}))::int as "g${i}"`)
      .join('');
    const quals = await this.database.query(
      `select y.year, o.zone_id as "zoneId" ${groups}
       from qualifications q join organizations o on o.id = q.organization_id and o.tenant_id = q.tenant_id
       join unnest($2::int[], $3::date[]) as y(year, d) on q.valid_from <= y.d and (q.valid_to is null or q.valid_to >= y.d)
       where q.tenant_id = $1 group by y.year, o.zone_id`,
      [this.tenantId, years, years.map((y) => referenceDate(y, this.today))],
    );
    return [figures, quals];
  }
}
