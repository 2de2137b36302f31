// Import throughput for bench/registry-scale.ts: a CSV of generated organisations through the real import
// service (upload, the check job in chunks, commit), and the same rows written by hand-written SQL.
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../src/platform/db/tx.ts';
import { connect, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { createServices } from '../src/services.ts';
import { isMain, machine } from './lib.ts';
import { systemClock } from '../src/platform/clock.ts';
import { JobRunner } from '../src/platform/jobs/runner.ts';
import { jobHandlers } from '../src/platform/jobs/handlers.ts';
import { registryImportsOf } from '../src/modules/registry/index.ts';
import { benchBatch } from '../src/modules/registry/bench-data.generate.ts';
import { benchTenant } from '../src/modules/registry/bench-data.ts';
import { organizationSearchText } from '../src/modules/registry/registry.service.ts';
import type { Services } from '../src/services.ts';

const HEADER = ['creditCode', 'nameZh', 'nameEn', 'shortName', 'type', 'zoneCode', 'address', 'industryCode', 'priorityField', 'foundedOn', 'description', 'website', 'keywords'] as const;

export async function importCase(services: Services, database: Database, o: { rows: number; seed: number; log: (s: string) => void }) {
  const today = services.registry.today();
  const orgs = benchBatch(o.seed, 0, o.rows, today, 5).organizations;
  const csv = Buffer.from(
    '\ufeff' +
      stringify([
        [...HEADER],
        ...orgs.map((x) => HEADER.map((h) => (h === 'keywords' ? x.keywords.join(';') : (x[h] ?? '')))),
      ]),
  );
  const stamp = Date.now().toString(36);
  const runner = new JobRunner(database.db, jobHandlers(services), { pollMs: 10, clock: systemClock, batchSize: 1 });
  const drain = async () => {
    while ((await runner.runOnce()) > 0) {
      /* run what is due (e.g. queued recomputes) so the timed part runs only the import's jobs */
    }
  };

  // The import: a new tenant with the demo zones and an officer.
  const { ctx: t } = await benchTenant(services, `bench-import-${stamp}`);
  const officer = await services.auth.createUser(t, { email: `officer-${stamp}@bench.example.cn`, displayName: '基准测试', password: 'Bench-import-2026', roles: ['officer'], mobile: null }, 'cli');
  const ctx = { ...t, actorUserId: officer.id, actorLabel: 'officer' };
  const io = registryImportsOf(services);
  await drain();
  const c0 = performance.now();
  const session = await io.upload(ctx, { kind: 'organizations', filename: `bench-${o.rows}.csv`, data: csv });
  let chunks = 0;
  let longestChunkMs = 0;
  for (;;) {
    const r0 = performance.now();
    if ((await runner.runOnce()) === 0) break;
    longestChunkMs = Math.max(longestChunkMs, performance.now() - r0);
    chunks++;
  }
  const checked = await io.get(ctx.tenantId, session.id);
  const checkMs = performance.now() - c0;
  if (checked.status !== 'ready') throw new Error(`import check ended ${checked.status}: ${JSON.stringify(checked.errors.slice(0, 3))}`);
  o.log(`  checked in ${Math.round(checkMs)} ms (${chunks} job runs)`);
  const m0 = performance.now();
  const committed = await io.commit(ctx, session.id);
  const commitMs = performance.now() - m0;
  o.log(`  committed in ${Math.round(commitMs)} ms: ${JSON.stringify(committed.result)}`);
  await drain();

  // Raw SQL: the same rows into another new tenant, search text from the same function, in one transaction
  // (hand-written SQL; drizzle only passes it to the driver).
  const { ctx: rt, zoneIds } = await benchTenant(services, `bench-raw-${stamp}`);
  const r0 = performance.now();
  await inTransaction(database.db, async (tx) => {
    for (let i = 0; i < orgs.length; i += 2000) {
      const json = JSON.stringify(orgs.slice(i, i + 2000).map((x) => ({ ...x, zoneId: x.zoneCode ? (zoneIds.get(x.zoneCode) ?? null) : null, searchText: organizationSearchText(x) })));
      await tx.execute(sql`
        insert into organizations (tenant_id, credit_code, name_zh, name_en, short_name, type, zone_id, address, industry_code, priority_field, founded_on, description, website, keywords, search_vector)
        select ${rt.tenantId}::uuid, x."creditCode", x."nameZh", x."nameEn", x."shortName", x.type, x."zoneId", x.address, x."industryCode", x."priorityField", x."foundedOn", x.description, x.website, x.keywords, to_tsvector('simple', x."searchText")
        from jsonb_to_recordset(${json}::jsonb) as x("creditCode" text, "nameZh" text, "nameEn" text, "shortName" text, type text, "zoneId" uuid, address text, "industryCode" text, "priorityField" text, "foundedOn" date, description text, website text, keywords text[], "searchText" text)`);
    }
  });
  const rawMs = performance.now() - r0;
  o.log(`  raw SQL insert in ${Math.round(rawMs)} ms`);
  return { rows: o.rows, bytes: csv.length, chunks, longestChunkMs, checkMs, commitMs, rawMs };
}

/**
 * The import case alone, on a fresh database (no 1,000,000-organisation tenant needed):
 *   DATABASE_URL=postgres://… npx tsx bench/registry-scale-import.ts [--rows 100000] [--seed 1001] [--json out.json]
 *   DATA_DIR=/tmp/kc-import-pglite npx tsx bench/registry-scale-import.ts …   (PGlite)
 */
async function main() {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1001' }, json: { type: 'string' } } });
  const dataDir = process.env.DATA_DIR ?? join(tmpdir(), 'kc-import-pglite');
  const url = process.env.DATABASE_URL;
  const database = url ? await connect({ databaseUrl: url, poolSize: 10 }) : await connect({ dataDir });
  const log = (s: string) => process.stderr.write(s + '\n');
  const loads: number[][] = [loadavg()];
  try {
    await migrate(database);
    const config = loadConfig({ DATA_DIR: join(dataDir, 'app'), LOG_LEVEL: 'silent', DEMO: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00' });
    const services = createServices(database, config);
    log(`import of ${values.rows} organisations on ${database.kind} …`);
    const r = await importCase(services, database, { rows: Number(values.rows.replace(/[_,]/g, '')), seed: Number(values.seed), log });
    loads.push(loadavg());
    const total = r.checkMs + r.commitMs;
    const out = { engine: database.kind, machine: machine(), date: new Date().toISOString(), loadAvg: loads, ...r, totalMs: total, ratio: total / r.rawMs };
    process.stdout.write(
      `${out.engine} ${out.date} ${out.machine}\nload average (1/5/15 min) before/after: ${loads.map((l) => l.map((x) => x.toFixed(1)).join('/')).join(', ')}\n` +
        `rows ${r.rows}, CSV ${(r.bytes / 1e6).toFixed(1)} MB; check ${Math.round(r.checkMs)} ms (${r.chunks} job runs, longest ${Math.round(r.longestChunkMs)} ms); commit ${Math.round(r.commitMs)} ms; total ${Math.round(total)} ms; raw SQL ${Math.round(r.rawMs)} ms; ratio ${out.ratio.toFixed(2)}\n`,
    );
    if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
  } finally {
    await database.close();
  }
}

if (isMain(import.meta.url)) await main();
