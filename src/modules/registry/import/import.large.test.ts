import { afterAll, beforeAll, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../../test/helpers/app.ts';
import type { CommandContext } from '../../../platform/audit/audit.service.ts';
import { creditCodeCheckChar } from '../../../platform/auth/auth.rules.ts';
import { systemClock } from '../../../platform/clock.ts';
import { LocalBlobStore } from '../../../platform/files/files.service.ts';
import { JobRunner } from '../../../platform/jobs/runner.ts';
import { importJobHandlers } from './import.job.ts';
import { RegistryImportService } from './import.service.ts';

// 100,000 organisations in one CSV: the check runs in chunks (each its own short transaction), the
// commit in one. No timing assertions; the durations are printed for docs/benchmarks.md.
// 25,000 rows (three check runs) by default; KECHUANG_LARGE_IMPORT=100000 for the full-size run.
const ROWS = Number(process.env.KECHUANG_LARGE_IMPORT ?? 25_000);
let env: TestEnv;
let ctx: CommandContext;

beforeAll(async () => {
  env = await testEnv();
  const tenant = await env.tenant();
  const officer = await env.user(tenant, ['officer']);
  ctx = { tenantId: tenant.id, actorUserId: officer.id, actorLabel: 'officer', requestId: null };
  const city = await env.services.registry.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing' });
  await env.services.registry.createZone(ctx, { parentId: city.id, level: 'zone', code: 'zgc', nameZh: '中关村科学城', nameEn: 'ZGC' });
}, 120_000);
afterAll(() => env.close());

function file(): Buffer {
  const lines = ['统一社会信用代码,名称,类型,所在园区代码,行业代码,成立日期,关键词'];
  for (let i = 0; i < ROWS; i++) {
    const stem = `91110108MC${String(i).padStart(7, '0')}`;
    lines.push(`${stem}${creditCodeCheckChar(stem)},北京测试${i}科技有限公司,企业,zgc,C${2710 + (i % 50)},2015-03-${String(1 + (i % 28)).padStart(2, '0')},人工智能;芯片`);
  }
  return Buffer.from('\ufeff' + lines.join('\n') + '\n');
}

async function check(io: RegistryImportService, data: Buffer) {
  const t0 = Date.now();
  const s = await io.upload(ctx, { kind: 'organizations', filename: 'orgs-100k.csv', data });
  const runner = new JobRunner(env.services.database.db, importJobHandlers(io), { pollMs: 10, clock: systemClock });
  const progress: number[] = [];
  let longest = 0;
  for (;;) {
    const r0 = Date.now();
    if ((await runner.runOnce()) === 0) break;
    longest = Math.max(longest, Date.now() - r0);
    progress.push((await io.get(ctx.tenantId, s.id)).recordsRead);
  }
  return { session: await io.get(ctx.tenantId, s.id), ms: Date.now() - t0, longestChunkMs: longest, progress };
}

it(`imports ${ROWS.toLocaleString('en')} organisations from CSV, then the same file again changes nothing`, async () => {
  const io = new RegistryImportService(env.services.database.db, env.clock, env.services.files, new LocalBlobStore(env.config.dataDir));
  const data = file();
  const first = await check(io, data);
  expect(first.session).toMatchObject({ status: 'ready', dataRows: ROWS, insertCount: ROWS, errorCount: 0, recordsTotal: ROWS });
  expect(first.progress.length).toBeGreaterThanOrEqual(Math.ceil(ROWS / 10_000));
  expect(first.progress.at(-1)).toBe(ROWS);

  const c0 = Date.now();
  const committed = await io.commit(ctx, first.session.id);
  const commitMs = Date.now() - c0;
  expect(committed.result).toMatchObject({ inserted: ROWS, updated: 0, unchanged: 0 });
  const [n] = await env.services.database.query<{ n: number }>('select count(*)::int as n from organizations where tenant_id = $1', [ctx.tenantId]);
  expect(Number(n!.n)).toBe(ROWS);

  const again = await check(io, data);
  expect(again.session).toMatchObject({ status: 'ready', insertCount: 0, updateCount: 0, unchangedCount: ROWS });
  const r0 = Date.now();
  await io.commit(ctx, again.session.id);
  const recommitMs = Date.now() - r0;

  console.log(
    `[registry import, ${env.services.database.kind}] ${ROWS} rows, ${(data.length / 1e6).toFixed(1)} MB CSV: ` +
      `upload+check ${first.ms} ms (${first.progress.length} chunks, longest ${first.longestChunkMs} ms); commit ${commitMs} ms; ` +
      `re-import check ${again.ms} ms; re-import commit (nothing to write) ${recommitMs} ms`,
  );
}, 900_000);
