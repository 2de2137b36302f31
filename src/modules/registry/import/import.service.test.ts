import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../../test/helpers/app.ts';
import type { CommandContext } from '../../../platform/audit/audit.service.ts';
import { creditCodeCheckChar } from '../../../platform/auth/auth.rules.ts';
import type { TenantRow } from '../../../platform/auth/auth.service.ts';
import { systemClock } from '../../../platform/clock.ts';
import { LocalBlobStore } from '../../../platform/files/files.service.ts';
import { JobRunner } from '../../../platform/jobs/runner.ts';
import { organizations } from '../registry.tables.ts';
import { importJobHandlers } from './import.job.ts';
import { RegistryImportService, type ImportSessionRow } from './import.service.ts';
import type { ImportKind } from './import.tables.ts';

let env: TestEnv;
let tenant: TenantRow;
let ctx: CommandContext;
let n = 0;
const code = () => {
  const stem = `91110108MB${String(++n).padStart(7, '0')}`;
  return stem + creditCodeCheckChar(stem)!;
};

function service(chunkRecords = 3) {
  return new RegistryImportService(env.services.database.db, env.clock, env.services.files, new LocalBlobStore(env.config.dataDir), { chunkRecords });
}

/** Runs the check jobs until none is left; returns how many job runs it took. */
async function drain(io: RegistryImportService): Promise<number> {
  const runner = new JobRunner(env.services.database.db, importJobHandlers(io), { pollMs: 10, clock: systemClock });
  let runs = 0;
  for (let k; (k = await runner.runOnce()) > 0; ) runs += k;
  return runs;
}

const csv = (rows: (string | number)[][]) => Buffer.from('\ufeff' + rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n');

async function check(kind: ImportKind, data: Buffer, io = service(), filename = `${kind}.csv`): Promise<ImportSessionRow> {
  const s = await io.upload(ctx, { kind, filename, data });
  expect(s.status).toBe('parsing');
  await drain(io);
  return io.get(tenant.id, s.id);
}

const count = async (table: string) => Number((await env.services.database.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [tenant.id]))[0]!.n);
const auditOf = async (action: string) => env.services.database.query<{ summary: Record<string, unknown> }>('select summary from audit_events where tenant_id = $1 and action = $2 order by chain_seq', [tenant.id, action]);

let zoneId: string;

beforeAll(async () => {
  env = await testEnv();
  tenant = await env.tenant();
  const officer = await env.user(tenant, ['officer']);
  ctx = { tenantId: tenant.id, actorUserId: officer.id, actorLabel: 'officer', requestId: null };
  const city = await env.services.registry.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing' });
  zoneId = (await env.services.registry.createZone(ctx, { parentId: city.id, level: 'zone', code: 'zgc', nameZh: '中关村科学城', nameEn: 'ZGC' })).id;
});
afterAll(() => env.close());

describe('organisations import', () => {
  it('previews row-level errors with row and column in Chinese and English; commit is refused and nothing is written', async () => {
    const a = code();
    const data = csv([
      ['统一社会信用代码', '名称', '类型', '所在园区代码', '成立日期', '备注'],
      [a, '北京甲科技有限公司', '企业', 'zgc', '2015-03-01', 'x'],
      ['91110108MA0000001Z', '北京乙科技有限公司', '企业', '', '', ''],
      [a, '北京甲科技有限公司（重复）', '企业', '', '', ''],
      [code(), '北京丙科技有限公司', '公司集团', 'nowhere', '2015-02-30', ''],
      [code(), '北京丁科技有限公司', '高校', 'nowhere', '', ''],
    ]);
    const before = await count('organizations');
    const io = service(2);
    const s = await check('organizations', data, io);
    expect(s.status).toBe('has_errors');
    expect(s.ignoredColumns).toEqual(['备注']);
    expect(s.recordsRead).toBe(5);
    expect(s.recordsTotal).toBe(5);
    expect(s.dataRows).toBe(5);
    expect(s.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, '统一社会信用代码', 'invalid_credit_code'],
      [4, '统一社会信用代码', 'duplicate_in_file'],
      [5, '类型', 'unknown_org_type'],
      [5, '成立日期', 'invalid_date'],
      [6, '所在园区代码', 'unknown_zone'],
    ]);
    expect(s.errors[1]).toMatchObject({ zh: '与第 2 行重复', en: 'duplicates row 2', value: a });
    expect({ insert: s.insertCount, errors: s.errorCount }).toEqual({ insert: 1, errors: 5 });
    await expect(io.commit(ctx, s.id)).rejects.toMatchObject({ code: 'IMPORT_HAS_ERRORS', errors: expect.arrayContaining([{ path: 'row 3 统一社会信用代码', message: expect.stringContaining('unified social credit code') }]) });
    expect(await count('organizations')).toBe(before);
    expect(await auditOf('registry.import_committed')).toEqual([]);
  });

  it('inserts, updates only what changed, commits once; the same file again changes nothing', async () => {
    const r = env.services.registry;
    const [a, b, c] = [code(), code(), code()];
    await r.createOrganization(ctx, { creditCode: b, nameZh: '北京乙科技有限公司', type: 'enterprise', keywords: ['芯片'] });
    await r.createOrganization(ctx, { creditCode: c, nameZh: '北京丙研究院', type: 'institute', industryCode: 'M7310' });
    const data = csv([
      ['creditCode', 'nameZh', 'type', 'zoneCode', 'industryCode', 'keywords', 'website'],
      [a, '北京甲科技有限公司', '企业', 'zgc', 'C2710', '人工智能;算力', 'https://a.example.cn'],
      [b, '北京乙科技有限公司', 'enterprise', 'ZGC', '', '芯片、存储', ''],
      [c, '北京丙研究院', '科研院所', '', 'M7310', '', ''],
    ]);
    const io = service(2);
    const s = await check('organizations', data, io);
    expect(s.status).toBe('ready');
    expect({ rows: s.dataRows, insert: s.insertCount, update: s.updateCount, unchanged: s.unchangedCount, errors: s.errorCount }).toEqual({ rows: 3, insert: 1, update: 1, unchanged: 1, errors: 0 });
    expect(s.changes).toEqual([
      expect.objectContaining({ row: 2, action: 'insert', key: a, label: '北京甲科技有限公司' }),
      {
        row: 3,
        action: 'update',
        key: b,
        label: '北京乙科技有限公司',
        fields: [
          { field: 'zoneCode', column: 'zoneCode', from: null, to: 'zgc' },
          { field: 'keywords', column: 'keywords', from: '芯片', to: '芯片、存储' },
        ],
      },
    ]);
    const committed = await io.commit(ctx, s.id);
    expect(committed).toMatchObject({ status: 'committed', committedBy: ctx.actorUserId, result: { inserted: 1, updated: 1, unchanged: 1 } });
    const ins = await r.organizationByCreditCode(tenant.id, a);
    expect(ins).toMatchObject({ nameZh: '北京甲科技有限公司', type: 'enterprise', zoneId, industryCode: 'C2710', keywords: ['人工智能', '算力'], website: 'https://a.example.cn' });
    expect(await r.organizationByCreditCode(tenant.id, b)).toMatchObject({ zoneId, keywords: ['芯片', '存储'] });
    // Imported organisations are found by full-text search like hand-entered ones.
    expect((await r.search(tenant.id, { q: '算力', sort: 'relevance', order: 'asc', offset: 0, limit: 10 })).items.map((o) => o.creditCode)).toEqual([a]);
    expect((await auditOf('registry.import_committed')).at(-1)!.summary).toEqual({ kind: 'organizations', fileName: 'organizations.csv', fileSha256: s.fileSha256, attachmentId: s.attachmentId, rows: 3, inserted: 1, updated: 1, unchanged: 1 });
    await expect(io.commit(ctx, s.id)).rejects.toMatchObject({ code: 'IMPORT_ALREADY_COMMITTED', detail: 'this import has already been committed' });

    const orgsBefore = await env.services.database.query('select * from organizations where tenant_id = $1 order by id', [tenant.id]);
    const again = await check('organizations', data, io);
    expect({ status: again.status, insert: again.insertCount, update: again.updateCount, unchanged: again.unchangedCount, changes: again.changes }).toEqual({ status: 'ready', insert: 0, update: 0, unchanged: 3, changes: [] });
    await io.commit(ctx, again.id);
    expect(await env.services.database.query('select * from organizations where tenant_id = $1 order by id', [tenant.id])).toEqual(orgsBefore);
  });

  it('commits the same with the rows its check parsed (same process) as after reading the file again (another process)', async () => {
    const rows = (k: string) => [
      ['creditCode', 'nameZh', 'type', 'zoneCode', 'keywords'],
      [code(), `北京${k}甲有限公司`, '企业', 'zgc', '脑机接口;芯片'],
      [code(), `北京${k}乙有限公司`, '企业', '', ''],
    ];
    const io = service(1);
    const held = await check('organizations', csv(rows('留存')), io);
    const reread = await check('organizations', csv(rows('重读')), io);
    expect([held.status, reread.status]).toEqual(['ready', 'ready']);
    const a = await io.commit(ctx, held.id);
    // A fresh service holds no parsed rows, as when the commit reaches another process or a restarted one.
    const b = await service(1).commit(ctx, reread.id);
    expect([a.result, b.result]).toEqual([expect.objectContaining({ inserted: 2, updated: 0, unchanged: 0 }), expect.objectContaining({ inserted: 2, updated: 0, unchanged: 0 })]);
    expect([a.changes.length, b.changes.length, a.dataRows, b.dataRows]).toEqual([2, 2, 2, 2]);
    const found = await env.services.registry.search(tenant.id, { q: '脑机接口', sort: 'relevance', order: 'asc', offset: 0, limit: 10 });
    expect(found.items.map((o) => o.nameZh).sort()).toEqual(['北京重读甲有限公司', '北京留存甲有限公司'].sort());
  });

  it('tells the registry’s listeners (indicators) about a commit that changed something, inside its transaction', async () => {
    const calls: string[] = [];
    const io = new RegistryImportService(env.services.database.db, env.clock, env.services.files, new LocalBlobStore(env.config.dataDir), {
      onApplied: async (tx, tenantId) => {
        // Inside the commit's transaction: the new organisation is already visible here.
        const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(organizations).where(eq(organizations.creditCode, data.code));
        calls.push(`${tenantId}:${Number(row!.n)}`);
      },
    });
    const data = { code: code() };
    const file = csv([['creditCode', 'nameZh', 'type'], [data.code, '监听测试公司', '企业']]);
    await io.commit(ctx, (await check('organizations', file, io)).id);
    await io.commit(ctx, (await check('organizations', file, io)).id);
    expect(calls).toEqual([`${tenant.id}:1`]);
  });

  it('refuses a commit while the file is still being checked', async () => {
    const io = service();
    const s = await io.upload(ctx, { kind: 'organizations', filename: 'x.csv', data: csv([['creditCode', 'nameZh', 'type'], [code(), '某公司', '企业']]) });
    await expect(io.commit(ctx, s.id)).rejects.toMatchObject({ code: 'IMPORT_NOT_READY', detail: expect.stringContaining('still being checked') });
    await drain(io);
    expect((await io.get(tenant.id, s.id)).status).toBe('ready');
    await expect(io.get('00000000-0000-4000-8000-000000000000', s.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is all-or-nothing: a failure in the middle of the commit leaves nothing behind', async () => {
    const db = env.services.database;
    await db.query(`create function kc_test_fail() returns trigger language plpgsql as $$ begin if new.name_zh = '触发失败公司' then raise exception 'forced failure'; end if; return new; end $$`);
    await db.query('create trigger kc_test_fail before insert on organizations for each row execute function kc_test_fail()');
    try {
      const rows: (string | number)[][] = [['creditCode', 'nameZh', 'type']];
      for (let i = 0; i < 5000; i++) rows.push([code(), i === 4500 ? '触发失败公司' : `批量公司${i}`, '企业']);
      const io = service(2500);
      const s = await check('organizations', csv(rows), io);
      expect(s).toMatchObject({ status: 'ready', insertCount: 5000 });
      const before = { orgs: await count('organizations'), audit: await count('audit_events') };
      // The failing row is in the third statement of 2,000 rows: two were written before it.
      const err = (await io.commit(ctx, s.id).catch((e: unknown) => e)) as Error & { cause?: Error };
      expect(err.cause?.message ?? err.message).toMatch(/forced failure/);
      expect({ orgs: await count('organizations'), audit: await count('audit_events') }).toEqual(before);
      expect((await io.get(tenant.id, s.id)).status).toBe('ready');
    } finally {
      await db.query('drop trigger kc_test_fail on organizations');
      await db.query('drop function kc_test_fail()');
    }
  });

  it('continues a check whose reader was lost (another process, a restart) and still finds duplicates across chunks', async () => {
    const a = code();
    const data = csv([['creditCode', 'nameZh', 'type'], [a, '甲', '企业'], [code(), '乙公司', '企业'], [code(), '丙公司', '企业'], [a, '甲公司', '企业']]);
    const first = service(2);
    // Earlier tests leave jobs this runner has no handler for (an indicator recompute retried after
    // its backoff); on a slow machine one comes due mid-test and would be claimed with the check.
    await env.services.database.query("update jobs set status = 'succeeded' where status in ('queued', 'running')");
    const s = await first.upload(ctx, { kind: 'organizations', filename: 'x.csv', data });
    const runner = new JobRunner(env.services.database.db, importJobHandlers(first), { pollMs: 10, clock: systemClock });
    expect(await runner.runOnce()).toBe(1);
    const mid = await first.get(tenant.id, s.id);
    expect({ status: mid.status, processed: mid.recordsRead, total: mid.recordsTotal }).toEqual({ status: 'parsing', processed: 2, total: 4 });
    await drain(service(2)); // a fresh service: no cached reader
    const done = await first.get(tenant.id, s.id);
    expect(done.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'too_short'],
      [5, 'duplicate_in_file'],
    ]);
  });
});

describe('qualifications and annual figures', () => {
  it('qualifications: unknown organisation, validity ending before it starts, a listing without ticker; then upsert by organisation, kind and start', async () => {
    const org = await env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: '北京资质测试公司', type: 'enterprise' });
    const bad = await check(
      'qualifications',
      csv([
        ['统一社会信用代码', '资质类型', '证书编号', '有效期起', '有效期止', '上市交易所', '股票代码'],
        [code(), '国家高新技术企业', 'GR1', '2024-01-01', '2026-12-31', '', ''],
        [org.creditCode, '高新技术企业', 'GR2', '2024-01-01', '2023-12-31', '', ''],
        [org.creditCode, '上市企业', '', '2020-05-01', '', '上交所', ''],
      ]),
    );
    expect(bad.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '统一社会信用代码', 'unknown_organization'],
      [3, '有效期止', 'validity_order'],
      [4, '股票代码', 'listing_needs_ticker'],
    ]);
    expect(bad.errors[1]).toMatchObject({ zh: '有效期止早于有效期起', en: 'the validity ends before it starts' });

    const io = service();
    const good = await check('qualifications', csv([['creditCode', 'kind', 'certificateNo', 'validFrom', 'validTo'], [org.creditCode, '国家高新技术企业', 'GR2024', '2024-01-01', '2026-12-31'], [org.creditCode, '科技型中小企业', '', '2025-01-01', '2025-12-31']]), io);
    expect(good).toMatchObject({ status: 'ready', insertCount: 2 });
    await io.commit(ctx, good.id);
    const update = await check('qualifications', csv([['creditCode', 'kind', 'validFrom', 'validTo'], [org.creditCode, 'high_tech', '2024/1/1', '2027-12-31'], [org.creditCode, 'tech_sme', '2025-01-01', '2025-12-31']]), io);
    expect(update).toMatchObject({ status: 'ready', insertCount: 0, updateCount: 1, unchangedCount: 1 });
    expect(update.changes[0]!.fields).toEqual([{ field: 'validTo', column: 'validTo', from: '2026-12-31', to: '2027-12-31' }]);
    await io.commit(ctx, update.id);
    const qs = await env.services.registry.qualificationsOf(tenant.id, org.id);
    expect(qs.map((q) => [q.kind, q.certificateNo, q.validFrom, q.validTo])).toEqual([
      ['tech_sme', null, '2025-01-01', '2025-12-31'],
      ['high_tech', 'GR2024', '2024-01-01', '2027-12-31'],
    ]);
  });

  it('figures: yuan to exact fen, negative money refused, R&D staff checked against the stored employees; upsert by year', async () => {
    const org = await env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: '北京数据测试公司', type: 'enterprise' });
    await env.services.registry.upsertFigures(ctx, org.id, { year: 2023, employees: 10 });
    const bad = await check(
      'figures',
      csv([
        ['统一社会信用代码', '年度', '营业收入（元）', '纳税额（元）', '研发人员数'],
        [org.creditCode, 2023, '-5', '1e3', 50],
        [org.creditCode, 2024, '100.123', '0', ''],
        [org.creditCode, 2099, '1', '1', ''],
        [org.creditCode, 2022, '1', '1', 2],
        [org.creditCode, 2022, '1', '1', 2],
      ]),
    );
    expect(bad.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '营业收入（元）', 'negative'],
      [2, '纳税额（元）', 'not_a_number'],
      [3, '营业收入（元）', 'too_many_decimals'],
      [4, '年度', 'invalid_year'],
      [6, '统一社会信用代码', 'duplicate_in_file'],
    ]);
    const rd = await check('figures', csv([['creditCode', 'year', 'rdStaff'], [org.creditCode, 2023, 50]]));
    expect(rd.errors).toEqual([expect.objectContaining({ row: 2, column: 'rdStaff', code: 'rd_staff_exceeds_employees', zh: '研发人员数不能超过从业人员数' })]);

    const io = service();
    const good = await check('figures', csv([['creditCode', 'year', 'revenue', 'rdExpenditure', 'employees', 'rdStaff', 'taxPaid'], [org.creditCode, 2023, '12345678.9', '0.29', 12, 5, '1,000.05'], [org.creditCode, 2024, '100', '', '', '', '']]), io);
    expect(good).toMatchObject({ status: 'ready', insertCount: 1, updateCount: 1 });
    expect(good.changes[0]!.fields).toEqual(expect.arrayContaining([{ field: 'revenueFen', column: 'revenue', from: null, to: '12345678.90' }, { field: 'employees', column: 'employees', from: '10', to: '12' }]));
    await io.commit(ctx, good.id);
    const figs = await env.services.registry.figuresOf(tenant.id, org.id);
    expect(figs.map((f) => [f.year, f.revenueFen, f.rdExpenditureFen, f.employees, f.rdStaff, f.taxPaidFen])).toEqual([
      [2024, 10000, null, null, null, null],
      [2023, 1234567890, 29, 12, 5, 100005],
    ]);
  });

  it('checks again at commit: a change in the registry since the preview makes the commit refuse, and nothing is written', async () => {
    const org = await env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: '北京复核测试公司', type: 'enterprise' });
    const io = service();
    const s = await check('figures', csv([['creditCode', 'year', 'rdStaff'], [org.creditCode, 2024, 50]]), io);
    expect(s.status).toBe('ready');
    await env.services.registry.upsertFigures(ctx, org.id, { year: 2024, employees: 20 });
    await expect(io.commit(ctx, s.id)).rejects.toMatchObject({ code: 'IMPORT_HAS_ERRORS', errors: [{ path: 'row 2 rdStaff', message: expect.stringContaining('R&D staff cannot exceed employees') }] });
    const after = await io.get(tenant.id, s.id);
    expect(after).toMatchObject({ status: 'has_errors', errorCount: 1 });
    expect((await env.services.registry.figuresOf(tenant.id, org.id))[0]).toMatchObject({ employees: 20, rdStaff: null });
  });
});

describe('files', () => {
  it('reads a filled-in xlsx template (Excel dates, numbers, a formula) the same as CSV', async () => {
    const org = await env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: '北京表格测试公司', type: 'enterprise' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年度经营数据');
    ws.addRow(['统一社会信用代码', '年度', '营业收入（元）', '从业人员数', '研发人员数']);
    ws.addRow([org.creditCode, 2024, 1234.5, 30, { formula: 'D2/2', result: 15 }]);
    wb.addWorksheet('说明 Instructions').addRow(['x']);
    const io = service();
    const s = await check('figures', Buffer.from(await wb.xlsx.writeBuffer()), io, '数据.xlsx');
    expect(s).toMatchObject({ format: 'xlsx', status: 'ready', insertCount: 1, recordsTotal: 1 });
    await io.commit(ctx, s.id);
    expect((await env.services.registry.figuresOf(tenant.id, org.id))[0]).toMatchObject({ year: 2024, revenueFen: 123450, employees: 30, rdStaff: 15 });
  });

  it('an unreadable CSV, a header without required columns, and a file without data rows each end the check with one clear error', async () => {
    const broken = await check('organizations', Buffer.from('creditCode,nameZh,type\n"x,y\n'));
    expect(broken.errors).toEqual([expect.objectContaining({ row: 2, code: 'unreadable', column: null })]);
    const header = await check('organizations', csv([['名称', '地址'], ['某公司', '北京']]));
    expect(header.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, '统一社会信用代码', 'missing_column'],
      [1, '类型', 'missing_column'],
    ]);
    const empty = await check('organizations', csv([['creditCode', 'nameZh', 'type'], ['', '', '']]));
    expect(empty.errors.map((e) => e.code)).toEqual(['empty_file']);
    for (const s of [broken, header, empty]) expect(s.status).toBe('has_errors');
  });

  it('refuses a file that is not CSV or xlsx, and one over the size limit, before any session exists', async () => {
    const io = service();
    const before = await count('registry_imports');
    await expect(io.upload(ctx, { kind: 'organizations', filename: 'a.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') })).rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
    await expect(io.upload(ctx, { kind: 'organizations', filename: 'a.xlsx', data: Buffer.from('creditCode,nameZh\n') })).rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
    const gbk = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x0a]); // "名称" in GBK: not UTF-8
    await expect(io.upload(ctx, { kind: 'organizations', filename: 'a.csv', data: gbk })).rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
    await expect(io.upload(ctx, { kind: 'organizations', filename: 'a.csv', data: Buffer.alloc(env.config.uploadMaxBytes + 1, 0x41) })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(await count('registry_imports')).toBe(before);
  });
});
