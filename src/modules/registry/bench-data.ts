import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { DEMO_ZONES } from '../../seed/demo-registry.ts';
import { ensureStandardIndicators } from '../indicators/index.ts';
import { benchBatch, type BenchBatch } from './bench-data.generate.ts';
import { shanghaiDate, validateQualification } from './registry.rules.ts';
import { organizationSearchText } from './registry.service.ts';

export interface BenchDataOptions {
  tenant: string;
  organizations: number;
  years: number;
  seed: number;
  /** Organisations per transaction. */
  batch?: number;
  /** YYYY-MM-DD the data is generated as of (default: today in Asia/Shanghai); figures cover the years before it. */
  today?: string;
  log?: (line: string) => void;
}

export interface BenchDataResult {
  tenantId: string;
  organizations: number;
  qualifications: number;
  figures: number;
  ms: number;
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** The tenant (created with the standard indicators when missing) and its zones, the demo tenant's tree. */
export async function benchTenant(services: Services, slug: string): Promise<{ ctx: CommandContext; zoneIds: Map<string, string> }> {
  let tenant = await services.auth.tenantBySlug(slug);
  if (!tenant) tenant = await services.auth.createTenant({ slug, nameZh: `基准测试中心（${slug}）`, nameEn: `Benchmark center (${slug})` }, 'system:bench-data');
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:bench-data', requestId: null };
  await ensureStandardIndicators(services.database.db, ctx);
  const zoneIds = new Map((await services.registry.listZones(tenant.id)).map((z) => [z.code, z.id]));
  for (const [i, z] of DEMO_ZONES.entries()) {
    if (zoneIds.has(z.code)) continue;
    const row = await services.registry.createZone(ctx, { parentId: z.parent ? zoneIds.get(z.parent)! : null, level: z.level, code: z.code, nameZh: z.nameZh, nameEn: z.nameEn, lng: z.lng, lat: z.lat, sortOrder: i });
    zoneIds.set(z.code, row.id);
  }
  return { ctx, zoneIds };
}

interface Prepared {
  orgs: string;
  batch: BenchBatch;
}

/** CPU only: rows as one JSON parameter, with the search text made by the registry's one definition of it. */
function prepare(batch: BenchBatch, zoneIds: Map<string, string>): Prepared {
  for (const q of batch.qualifications) {
    const problem = validateQualification(q);
    if (problem) throw new AppError('VALIDATION_FAILED', `${q.creditCode} ${q.kind}: ${problem}`);
  }
  const orgs = JSON.stringify(
    batch.organizations.map((o) => ({
      ...o,
      zoneId: o.zoneCode ? (zoneIds.get(o.zoneCode) ?? null) : null,
      searchText: organizationSearchText(o),
    })),
  );
  return { orgs, batch };
}

/**
 * One batch in one transaction. All rows of a statement travel as ONE JSON parameter unpacked by
 * jsonb_to_recordset, as the import does (far cheaper than thousands of bound parameters).
 */
async function write(db: Db, tenantId: string, p: Prepared): Promise<void> {
  await inTransaction(db, async (tx) => {
    const ids = rowsOf<{ id: string; credit_code: string }>(
      await tx.execute(sql`
        insert into organizations (tenant_id, credit_code, name_zh, name_en, short_name, type, zone_id, address, industry_code, priority_field, founded_on, description, website, keywords, search_vector)
        select ${tenantId}::uuid, x."creditCode", x."nameZh", x."nameEn", x."shortName", x.type, x."zoneId", x.address, x."industryCode", x."priorityField", x."foundedOn", x.description, x.website, x.keywords, to_tsvector('simple', x."searchText")
        from jsonb_to_recordset(${p.orgs}::jsonb) as x("creditCode" text, "nameZh" text, "nameEn" text, "shortName" text, type text, "zoneId" uuid, address text, "industryCode" text, "priorityField" text, "foundedOn" date, description text, website text, keywords text[], "searchText" text)
        returning id, credit_code`),
    );
    const idOf = new Map(ids.map((r) => [r.credit_code, r.id]));
    const org = (code: string) => idOf.get(code)!;
    if (p.batch.qualifications.length) {
      const json = JSON.stringify(p.batch.qualifications.map(({ creditCode, ...q }) => ({ ...q, organizationId: org(creditCode) })));
      await tx.execute(sql`
        insert into qualifications (tenant_id, organization_id, kind, valid_from, certificate_no, valid_to, exchange, ticker)
        select ${tenantId}::uuid, x."organizationId", x.kind, x."validFrom", x."certificateNo", x."validTo", x.exchange, x.ticker
        from jsonb_to_recordset(${json}::jsonb) as x("organizationId" uuid, kind text, "validFrom" date, "certificateNo" text, "validTo" date, exchange text, ticker text)`);
    }
    if (p.batch.figures.length) {
      const json = JSON.stringify(p.batch.figures.map(({ creditCode, ...f }) => ({ ...f, organizationId: org(creditCode) })));
      await tx.execute(sql`
        insert into annual_figures (tenant_id, organization_id, year, revenue_fen, rd_expenditure_fen, employees, rd_staff, patents_applied, patents_granted, tax_paid_fen)
        select ${tenantId}::uuid, x."organizationId", x.year, x."revenueFen", x."rdExpenditureFen", x.employees, x."rdStaff", x."patentsApplied", x."patentsGranted", x."taxPaidFen"
        from jsonb_to_recordset(${json}::jsonb) as x("organizationId" uuid, year int, "revenueFen" bigint, "rdExpenditureFen" bigint, employees int, "rdStaff" int, "patentsApplied" int, "patentsGranted" int, "taxPaidFen" bigint)`);
    }
  });
}

/**
 * Loads a synthetic registry into a tenant that has no organisations yet: batches of organisations, each
 * with its qualifications and figures, in a transaction of its own (the next batch is generated while
 * the database writes the last one). Ends with one audit event, a queued indicator recompute and VACUUM ANALYZE.
 */
export async function loadBenchData(services: Services, opts: BenchDataOptions): Promise<BenchDataResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => undefined);
  const db = services.database.db;
  const today = opts.today ?? shanghaiDate(services.clock.now());
  const size = opts.batch ?? 5000;
  const { ctx, zoneIds } = await benchTenant(services, opts.tenant);
  const [existing] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from organizations where tenant_id = ${ctx.tenantId}`));
  if (Number(existing?.n ?? 0) > 0) throw new AppError('CONFLICT', `tenant ${opts.tenant} already has ${Number(existing!.n).toLocaleString('en')} organisations; use a new tenant`);

  const counts = { organizations: 0, qualifications: 0, figures: 0, people: 0 };
  let pending: Promise<void> | null = null;
  let lastLog = 0;
  for (let from = 0; from < opts.organizations; from += size) {
    const to = Math.min(opts.organizations, from + size);
    const prepared = prepare(benchBatch(opts.seed, from, to, today, opts.years), zoneIds);
    if (pending) await pending;
    pending = write(db, ctx.tenantId, prepared);
    counts.organizations += prepared.batch.organizations.length;
    counts.qualifications += prepared.batch.qualifications.length;
    counts.figures += prepared.batch.figures.length;
    const now = performance.now();
    if (now - lastLog > 5000 || to === opts.organizations) {
      lastLog = now;
      const s = (now - t0) / 1000;
      log(`${to.toLocaleString('en')} / ${opts.organizations.toLocaleString('en')} organisations, ${counts.qualifications.toLocaleString('en')} qualifications, ${counts.figures.toLocaleString('en')} annual figures — ${s.toFixed(1)} s (${Math.round(to / s).toLocaleString('en')} organisations/s)`);
    }
  }
  if (pending) await pending;
  await inTransaction(db, async (tx) => {
    await appendAudit(tx, ctx, { action: 'registry.bulk_loaded', targetType: 'tenant', targetId: ctx.tenantId, summary: counts });
    await services.registry.notifyChanged(tx, ctx.tenantId);
  });
  // Fresh statistics for the planner, and the visibility map set so index-only scans need not visit the table
  // (autovacuum would get there later; PGlite runs no autovacuum).
  log('VACUUM ANALYZE …');
  await db.execute(sql`vacuum analyze organizations, qualifications, annual_figures`);
  const ms = performance.now() - t0;
  log(`done in ${(ms / 1000).toFixed(1)} s`);
  return { tenantId: ctx.tenantId, organizations: counts.organizations, qualifications: counts.qualifications, figures: counts.figures, ms };
}
