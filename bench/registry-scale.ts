// The registry at scale: search, filtered lists, facets, import and indicator recomputation over a
// synthetic registry of (by default) 1,000,000 organisations, each next to hand-written SQL doing the
// same work through the same driver, in the same run.
//   npm run bench:registry -- [--organizations 1000000] [--reps 40] [--import-rows 100000] [--json out.json]
//   DATABASE_URL=postgres://postgres@127.0.0.1:54341/postgres npm run bench:registry
// PGlite data goes to --data-dir (default $TMPDIR/kc-scale-pglite); on PostgreSQL to the database
// --pg-database (default kc_scale) on the server of DATABASE_URL. Both are kept and reused when the
// tenant already holds the registry, so a second run skips the load.
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { connect, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createServices, type Services } from '../src/services.ts';
import { isMain, machine, median } from './lib.ts';
import { ensureScaleIndexes, RawSql, type SearchCase } from './registry-scale-sql.ts';
import { importCase } from './registry-scale-import.ts';
import { loadBenchData, benchTenant } from '../src/modules/registry/bench-data.ts';

export interface Figure {
  case: string;
  app: Stats;
  raw: Stats;
  note?: string;
}
export interface Stats {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

const log = (s: string) => process.stderr.write(s + '\n');

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, p50: median(s), p99: rank(0.99), min: s[0]!, max: s.at(-1)! };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** App and raw alternate, app first on even reps, so drift in the machine's load hits both alike. */
async function pair(name: string, reps: number, app: () => Promise<unknown>, raw: () => Promise<unknown>, note?: string): Promise<Figure> {
  for (let i = 0; i < 2; i++) {
    await app();
    await raw();
  }
  const a: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      a.push(await time(app));
      r.push(await time(raw));
    } else {
      r.push(await time(raw));
      a.push(await time(app));
    }
  }
  const f: Figure = { case: name, app: stats(a), raw: stats(r), ...(note ? { note } : {}) };
  log(`  ${name}: app p50 ${f.app.p50.toFixed(1)} p99 ${f.app.p99.toFixed(1)} ms; raw p50 ${f.raw.p50.toFixed(1)} p99 ${f.raw.p99.toFixed(1)} ms`);
  return f;
}

export interface ScaleOptions {
  organizations: number;
  reps: number;
  importRows: number;
  seed: number;
  tenant: string;
  dataDir: string;
  pgDatabase: string;
  skipImport: boolean;
  skipRecompute: boolean;
}

async function open(o: ScaleOptions): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return connect({ dataDir: o.dataDir });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [o.pgDatabase]);
  if (!exists.rowCount) await admin.query(`create database ${o.pgDatabase}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + o.pgDatabase;
  return connect({ databaseUrl: u.toString(), poolSize: 10 });
}

export async function runScale(o: ScaleOptions) {
  const database = await open(o);
  const loadAvg: number[][] = [];
  try {
    const t0 = performance.now();
    await migrate(database);
    log(`database ${database.kind}: migrated (${Math.round(performance.now() - t0)} ms)`);
    const config = loadConfig({ DATA_DIR: join(o.dataDir, 'app'), LOG_LEVEL: 'silent', DEMO: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
    const services: Services = createServices(database, config);
    let load: { ms: number; organizations: number; qualifications: number; figures: number } | null = null;
    const tenant = await services.auth.tenantBySlug(o.tenant);
    const [have] = tenant ? await database.query<{ n: number }>('select count(*)::int as n from organizations where tenant_id = $1', [tenant.id]) : [{ n: 0 }];
    if (Number(have?.n ?? 0) === 0) {
      log(`loading ${o.organizations.toLocaleString('en')} organisations into tenant ${o.tenant} …`);
      load = await loadBenchData(services, { tenant: o.tenant, organizations: o.organizations, years: 5, seed: o.seed, log: (l) => log('  ' + l) });
    } else if (Number(have!.n) !== o.organizations) {
      throw new Error(`tenant ${o.tenant} holds ${Number(have!.n)} organisations, not ${o.organizations}; give --tenant another slug`);
    } else log(`reusing tenant ${o.tenant} with ${o.organizations.toLocaleString('en')} organisations`);
    const idx = await ensureScaleIndexes(database);
    if (idx.ms > 200) {
      // Something was built: fresh statistics and visibility map, as bench-data leaves them after a load.
      const v0 = performance.now();
      await database.query('vacuum analyze organizations, qualifications, annual_figures');
      log(`scale indexes built in ${Math.round(idx.ms)} ms, VACUUM ANALYZE ${Math.round(performance.now() - v0)} ms`);
    }
    const { ctx, zoneIds } = await benchTenant(services, o.tenant);
    const tenantId = ctx.tenantId;
    const [counts] = await database.query<{ o: number; q: number; f: number }>(
      'select (select count(*) from organizations where tenant_id = $1)::int as o, (select count(*) from qualifications where tenant_id = $1)::int as q, (select count(*) from annual_figures where tenant_id = $1)::int as f',
      [tenantId],
    );
    const raw = new RawSql(database, tenantId, services.registry.today());
    const reg = services.registry;
    const figures: Figure[] = [];
    const R = o.reps;
    const sample = () => loadAvg.push(loadavg());

    const zone = zoneIds.get('zgc')!;
    const zoneIdsOfZgc = await reg.zoneWithDescendants(tenantId, zone);
    const cases: (SearchCase & { name: string; depth: 1 | 1000 })[] = [];
    const q = '生物医药';
    const filtered = { zoneId: zone, type: ['enterprise' as const], qualification: ['high_tech' as const] };

    // Cursors for page 1,000, built as the API builds nextCursor: [name_zh, id] of the last row of page 999
    // (found here with one OFFSET query; walking 999 pages would count the result set 999 times).
    const cursorAt = async (s: Omit<SearchCase, 'cursor' | 'facets'>) => {
      const r = await raw.search({ ...s, zoneIds: s.zoneId ? zoneIdsOfZgc : undefined, offset: 19_979, limit: 1, facets: false });
      const last = r.rows[0] as { name_zh: string; id: string } | undefined;
      if (!last) throw new Error('fewer than 19,980 results');
      return Buffer.from(JSON.stringify([last.name_zh, last.id])).toString('base64url');
    };
    const searchName: Omit<SearchCase, 'cursor' | 'facets'> = { q, sort: 'name', order: 'asc' };
    const listName: Omit<SearchCase, 'cursor' | 'facets'> = { ...filtered, sort: 'name', order: 'asc' };
    const searchCursor = await cursorAt(searchName);
    const listCursor = await cursorAt(listName);
    const check = await reg.search(tenantId, { ...searchName, offset: 19_980, limit: 20, facets: false });
    const viaCursor = await reg.search(tenantId, { ...searchName, offset: 0, limit: 20, cursor: searchCursor, facets: false });
    if (check.items[0]?.id !== viaCursor.items[0]?.id) throw new Error('page 1,000 by cursor differs from page 1,000 by offset');
    cases.push(
      { name: `search "${q}", relevance, page 1`, depth: 1, q, sort: 'relevance', order: 'asc', facets: false },
      { name: `search "${q}", by name, page 1`, depth: 1, ...searchName, facets: false },
      { name: `search "${q}", by name, page 1,000 (cursor)`, depth: 1000, ...searchName, cursor: searchCursor, facets: false },
      { name: `search "${q}", by name, page 1,000 (cursor, count=false)`, depth: 1000, ...searchName, cursor: searchCursor, facets: false, count: false },
      { name: `search "${q}", relevance, page 50 (offset 980: the last page of the ranking window)`, depth: 1000, q, sort: 'relevance', order: 'asc', offset: 980, facets: false },
      { name: 'list zgc + enterprise + high_tech, by name, page 1', depth: 1, ...listName, facets: false },
      { name: 'list zgc + enterprise + high_tech, by name, page 1,000 (cursor)', depth: 1000, ...listName, cursor: listCursor, facets: false },
      { name: 'list zgc + enterprise + high_tech, by name, page 1,000 (cursor, count=false)', depth: 1000, ...listName, cursor: listCursor, facets: false, count: false },
      { name: 'list zgc + enterprise + high_tech, by name, page 1,000 (offset)', depth: 1000, ...listName, offset: 19_980, facets: false },
      { name: `search "${q}" with facets (API default), page 1`, depth: 1, q, sort: 'relevance', order: 'asc', facets: true },
      { name: 'list zgc + enterprise + high_tech with facets (API default), page 1', depth: 1, ...listName, facets: true },
      { name: 'list zgc + enterprise + high_tech with facets (API default), page 1,000 (cursor)', depth: 1000, ...listName, cursor: listCursor, facets: true },
      { name: 'all organisations with facets (API default, no filter), page 1', depth: 1, sort: 'name', order: 'asc', facets: true },
    );
    log(`measuring (${R} reps each, app and raw SQL alternating) …`);
    for (const c of cases) {
      sample();
      const s = { ...c, offset: c.offset ?? 0, limit: 20 };
      const zoneIdsFor = c.zoneId ? zoneIdsOfZgc : undefined;
      figures.push(
        await pair(
          c.name,
          R,
          () => reg.search(tenantId, s),
          () => raw.search({ ...s, zoneIds: zoneIdsFor }),
        ),
      );
    }
    if (!o.skipRecompute) {
      sample();
      log('indicator recompute …');
      figures.push(await pair('indicator dashboard recompute (all years)', Math.max(3, Math.min(R, 5)), () => services.indicators.recomputeNow(tenantId), () => raw.recompute(), 'raw: the two aggregate queries (figures, qualifications) only'));
    }
    let imp: Awaited<ReturnType<typeof importCase>> | null = null;
    if (!o.skipImport) {
      sample();
      log(`import of ${o.importRows.toLocaleString('en')} organisations …`);
      imp = await importCase(services, database, { rows: o.importRows, seed: o.seed + 1000, log });
    }
    sample();
    return { engine: database.kind, machine: machine(), date: new Date().toISOString(), counts, load, figures, import: imp, loadAvg };
  } finally {
    await database.close();
  }
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));

export function formatScale(r: Awaited<ReturnType<typeof runScale>>): string {
  const lines = [
    `Registry at scale — ${r.engine} — ${r.date} — ${r.machine}`,
    `tenant: ${r.counts!.o.toLocaleString('en')} organisations, ${r.counts!.q.toLocaleString('en')} qualifications, ${r.counts!.f.toLocaleString('en')} annual figures` +
      (r.load ? `; loaded in ${(r.load.ms / 1000).toFixed(0)} s` : '; reused'),
    `load average during the run (1/5/15 min): ${r.loadAvg.map((l) => l.map((x) => x.toFixed(1)).join('/')).join(', ')}`,
    '',
    '| case | app p50 ms | app p99 ms | raw SQL p50 ms | raw SQL p99 ms | ratio p50 | ratio p99 | reps |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.figures.map((f) => `| ${f.case} | ${fmt(f.app.p50)} | ${fmt(f.app.p99)} | ${fmt(f.raw.p50)} | ${fmt(f.raw.p99)} | ${(f.app.p50 / f.raw.p50).toFixed(2)} | ${(f.app.p99 / f.raw.p99).toFixed(2)} | ${f.app.n} |`),
  ];
  if (r.import) {
    const i = r.import;
    lines.push(
      '',
      `| import of ${i.rows.toLocaleString('en')} organisations (${(i.bytes / 1e6).toFixed(1)} MB CSV) | ms |`,
      '| --- | ---: |',
      `| upload + check (${i.chunks} job runs, longest ${fmt(i.longestChunkMs)} ms) | ${fmt(i.checkMs)} |`,
      `| commit (re-check + write, one transaction) | ${fmt(i.commitMs)} |`,
      `| total | ${fmt(i.checkMs + i.commitMs)} (${Math.round(i.rows / ((i.checkMs + i.commitMs) / 1000)).toLocaleString('en')} rows/s) |`,
      `| raw SQL: same rows, search text by the same function, jsonb_to_recordset batches of 2,000, one transaction | ${fmt(i.rawMs)} |`,
      `| ratio import total / raw | ${((i.checkMs + i.commitMs) / i.rawMs).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      organizations: { type: 'string', default: '1000000' },
      reps: { type: 'string', default: '40' },
      'import-rows': { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      tenant: { type: 'string' },
      'data-dir': { type: 'string', default: join(tmpdir(), 'kc-scale-pglite') },
      'pg-database': { type: 'string', default: 'kc_scale' },
      'skip-import': { type: 'boolean', default: false },
      'skip-recompute': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const organizations = Number(values.organizations.replace(/[_,]/g, ''));
  const r = await runScale({
    organizations,
    reps: Number(values.reps),
    importRows: Number(values['import-rows'].replace(/[_,]/g, '')),
    seed: Number(values.seed),
    tenant: values.tenant ?? (organizations === 1_000_000 ? 'bench' : `bench-${organizations}`),
    dataDir: values['data-dir'],
    pgDatabase: values['pg-database'],
    skipImport: values['skip-import'],
    skipRecompute: values['skip-recompute'],
  });
  process.stdout.write(formatScale(r) + '\n');
  if (values.json) writeFileSync(values.json, JSON.stringify(r, null, 2) + '\n');
}
