import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { registryIoRoutes } from '../../src/modules/registry/registry.io.routes.ts';
import { registryImportJobHandlers } from '../../src/modules/registry/import/index.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import { creditCodeCheckChar } from '../../src/platform/auth/auth.rules.ts';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { JobRunner } from '../../src/platform/jobs/runner.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem, makePdf, multipart, RANDOM_UUID } from './support.ts';

// Imports, templates and exports through HTTP. The app is built here with registryIoRoutes added
// (until src/app.ts registers it); sessions come from the standard test environment.
const MAX = 256 * 1024;
let env: TestEnv;
let app: FastifyInstance;
let t: TenantRow;
let other: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let officer: Signed;
let admin: Signed;
let auditor: Signed;
let applicant: Signed;
let otherOfficer: Signed;
let ctx: CommandContext;
let n = 0;
const code = () => {
  const stem = `91110108MD${String(++n).padStart(7, '0')}`;
  return stem + creditCodeCheckChar(stem)!;
};

beforeAll(async () => {
  env = await testEnv({ env: { UPLOAD_MAX_BYTES: String(MAX), IMPORT_MAX_BYTES: String(MAX) } });
  app = await buildApp(env.services, { logger: false, serveWeb: false });
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/registry/imports' })) await app.register(registryIoRoutes(env.services), { prefix: '/api/v1' });
  await app.ready();
  t = await env.tenant();
  other = await env.tenant();
  [officer, admin, auditor, applicant, otherOfficer] = [await env.as(t, ['officer']), await env.as(t, ['admin']), await env.as(t, ['auditor']), await env.as(t, ['applicant']), await env.as(other, ['officer'])];
  ctx = { tenantId: t.id, actorUserId: officer.user.id, actorLabel: 'officer', requestId: null };
  const city = await env.services.registry.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing' });
  await env.services.registry.createZone(ctx, { parentId: city.id, level: 'zone', code: 'zgc', nameZh: '中关村科学城', nameEn: 'ZGC' });
});
afterAll(async () => {
  await app.close();
  await env.close();
});

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
const post = (url: string, cookie?: string) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
function upload(cookie: string | undefined, kind: string, filename: string, data: Buffer) {
  const m = multipart(filename, data);
  return app.inject({ method: 'POST', url: `/api/v1/registry/imports?kind=${kind}`, payload: m.payload, headers: { ...m.headers, ...(cookie ? { cookie } : {}) } });
}
async function runJobs() {
  const runner = new JobRunner(env.services.database.db, registryImportJobHandlers(env.services), { pollMs: 10, clock: systemClock });
  while ((await runner.runOnce()) > 0);
}
const csv = (rows: (string | number)[][]) => Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\n') + '\n');

async function readXlsx(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('access', () => {
  it('401 without a session, 403 for roles that may not import (auditor, applicant) or export (applicant)', async () => {
    expectProblem(await upload(undefined, 'organizations', 'a.csv', csv([['creditCode']])), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/registry/imports/template'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/figures/export'), 401, 'AUTH_REQUIRED');
    expectProblem(await get(`/registry/imports/${RANDOM_UUID}`), 401, 'AUTH_REQUIRED');
    expectProblem(await post(`/registry/imports/${RANDOM_UUID}/commit`), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/organizations/export'), 401, 'AUTH_REQUIRED');
    for (const who of [auditor, applicant]) {
      expectProblem(await upload(who.cookie, 'organizations', 'a.csv', csv([['creditCode']])), 403, 'FORBIDDEN');
      expectProblem(await get('/registry/imports', who.cookie), 403, 'FORBIDDEN');
      expectProblem(await post(`/registry/imports/${RANDOM_UUID}/commit`, who.cookie), 403, 'FORBIDDEN');
    }
    expect((await get('/organizations/export?format=csv', auditor.cookie)).statusCode).toBe(200);
    expectProblem(await get('/organizations/export', applicant.cookie), 403, 'FORBIDDEN');
    expectProblem(await get('/figures/export?year=2024', applicant.cookie), 403, 'FORBIDDEN');
  });

  it('holds to the sweep of test/http/routes.test.ts: 401 before any validation, 404 for an id not in my tenant', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const mine = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/v1/registry/imports') || ['organizations', 'qualifications', 'people', 'figures'].some((x) => path === `/api/v1/${x}/export`))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })));
    expect(mine.length).toBe(11);
    const { cookie } = await env.as(t, ['admin', 'officer', 'auditor', 'applicant', 'expert', 'facility_manager']);
    for (const op of mine) {
      const url = op.path.replace(/\{\w+\}/g, RANDOM_UUID);
      expectProblem(await app.inject({ method: op.method as 'GET' | 'POST', url, ...(op.method === 'POST' ? { payload: {} } : {}) }), 401, 'AUTH_REQUIRED');
      if (op.method === 'GET' && op.path.includes('{')) expectProblem(await app.inject({ method: 'GET', url, headers: { cookie } }), 404, 'NOT_FOUND');
    }
  });

  it('400 for an unknown kind or format, a missing year, no file; 415 without multipart', async () => {
    expectProblem(await upload(officer.cookie, 'people', 'a.csv', csv([['x']])), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/registry/imports/template?kind=organizations&format=pdf', officer.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/registry/imports/template?kind=zones', officer.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/figures/export', officer.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/organizations/export?type=spaceship', officer.cookie), 400, 'VALIDATION_FAILED');
    const json = await app.inject({ method: 'POST', url: '/api/v1/registry/imports?kind=organizations', headers: { cookie: officer.cookie }, payload: { file: 'x' } });
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const boundary = '----kcnofile';
    const noFile = await app.inject({
      method: 'POST',
      url: '/api/v1/registry/imports?kind=organizations',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: officer.cookie },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nno file here\r\n--${boundary}--\r\n`,
    });
    expect(expectProblem(noFile, 400, 'VALIDATION_FAILED').errors).toEqual([{ path: 'body.file', message: 'is required', zh: '请选择文件' }]);
  });

  it('415 for a file that is not CSV or xlsx (by content), 413 over the size limit — no session, no job', async () => {
    const before = await env.services.database.query<{ n: number }>('select count(*)::int as n from registry_imports');
    expectProblem(await upload(officer.cookie, 'organizations', 'orgs.csv', makePdf()), 415, 'FILE_TYPE_NOT_ALLOWED');
    expectProblem(await upload(officer.cookie, 'organizations', 'orgs.xlsx', Buffer.from('creditCode,nameZh\n')), 415, 'FILE_TYPE_NOT_ALLOWED');
    expectProblem(await upload(officer.cookie, 'organizations', 'orgs.csv', Buffer.alloc(MAX + 10, 0x41)), 413, 'FILE_TOO_LARGE');
    expect(await env.services.database.query('select count(*)::int as n from registry_imports')).toEqual(before);
  });

  it('404 for another tenant’s import, exactly like one that does not exist', async () => {
    const res = await upload(otherOfficer.cookie, 'organizations', 'o.csv', csv([['creditCode', 'nameZh', 'type'], [code(), '他方公司', '企业']]));
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    await runJobs();
    expect((await get(`/registry/imports/${id}`, otherOfficer.cookie)).json().status).toBe('ready');
    for (const url of [`/registry/imports/${id}`, `/registry/imports/${id}/errors`, `/registry/imports/${id}/changes`, `/registry/imports/${RANDOM_UUID}`]) expectProblem(await get(url, officer.cookie), 404, 'NOT_FOUND');
    expectProblem(await post(`/registry/imports/${id}/commit`, admin.cookie), 404, 'NOT_FOUND');
    expect((await get('/registry/imports', officer.cookie)).json().items.map((s: { id: string }) => s.id)).not.toContain(id);
  });
});

describe('import flow', () => {
  it('template → filled xlsx → preview with progress and changes → commit → second commit 409 → same file again changes nothing', async () => {
    const tpl = await get('/registry/imports/template?kind=organizations', officer.cookie);
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(tpl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('机构名录导入模板.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['统一社会信用代码', '名称', '英文名称', '简称', '类型']);
    const [a, b] = [code(), code()];
    sheet.addRow([a, '北京模板甲公司', 'Template A', '', '企业', 'zgc', '', 'C2710', '人工智能', new Date(Date.UTC(2016, 4, 1)), '', '', '芯片;算力']);
    sheet.addRow([b, '北京模板乙研究院', '', '', '科研院所']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const up = await upload(officer.cookie, 'organizations', '机构.xlsx', filled);
    expect(up.statusCode).toBe(202);
    expect(up.json()).toMatchObject({ kind: 'organizations', format: 'xlsx', fileName: '机构.xlsx', status: 'parsing', progress: { processed: 0, total: 2, percent: 0 }, actions: [] });
    const id = up.json().id as string;
    await runJobs();
    const s = (await get(`/registry/imports/${id}`, officer.cookie)).json();
    expect(s).toMatchObject({ status: 'ready', progress: { processed: 2, total: 2, percent: 100 }, counts: { rows: 2, insert: 2, update: 0, unchanged: 0, errors: 0 }, errors: [], actions: ['commit'] });
    expect(s.changes[0]).toMatchObject({ row: 2, action: 'insert', key: a, label: '北京模板甲公司' });
    expect(s.changes[0].fields).toEqual(expect.arrayContaining([{ field: 'foundedOn', column: '成立日期', from: null, to: '2016-05-01' }, { field: 'priorityField', column: '重点领域', from: null, to: '人工智能' }]));
    const page = (await get(`/registry/imports/${id}/changes?page=2&pageSize=1`, officer.cookie)).json();
    expect(page).toMatchObject({ total: 2, available: 2, page: 2, pageSize: 1, items: [{ row: 3, key: b }] });

    const done = await post(`/registry/imports/${id}/commit`, officer.cookie);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'committed', result: { inserted: 2, updated: 0, unchanged: 0 }, committedAt: expect.any(String), actions: [] });
    expect(await env.services.registry.organizationByCreditCode(t.id, a)).toMatchObject({ nameZh: '北京模板甲公司', foundedOn: '2016-05-01', priorityField: 'ai', keywords: ['芯片', '算力'] });
    const again = await post(`/registry/imports/${id}/commit`, admin.cookie);
    expect(expectProblem(again, 409, 'IMPORT_ALREADY_COMMITTED').detail).toBe('this import has already been committed');
    const trail = await env.services.database.query<{ action: string }>('select action from audit_events where target_id = $1 order by chain_seq', [id]);
    expect(trail.map((e) => e.action)).toEqual(['registry.import_uploaded', 'registry.import_committed']);

    const re = await upload(officer.cookie, 'organizations', '机构.xlsx', filled);
    await runJobs();
    expect((await get(`/registry/imports/${re.json().id}`, officer.cookie)).json()).toMatchObject({ status: 'ready', counts: { insert: 0, update: 0, unchanged: 2 }, changes: [] });
  });

  it('a bad file: every error with row, column and both languages; commit refused with 409 and nothing written', async () => {
    const before = await env.services.database.query<{ n: number }>('select count(*)::int as n from organizations');
    const dup = code();
    const res = await upload(
      officer.cookie,
      'organizations',
      'bad.csv',
      csv([
        ['统一社会信用代码', '名称', '类型'],
        ['91110108MA0000001Z', '错误代码公司', '企业'],
        [dup, '重复甲公司', '企业'],
        [dup, '重复乙公司', '企业'],
      ]),
    );
    const id = res.json().id as string;
    await runJobs();
    const s = (await get(`/registry/imports/${id}`, officer.cookie)).json();
    expect(s).toMatchObject({ status: 'has_errors', counts: { errors: 2 }, actions: [] });
    expect(s.errors).toEqual([
      { row: 2, column: '统一社会信用代码', field: 'creditCode', code: 'invalid_credit_code', zh: '统一社会信用代码无效（18 位，末位校验码须正确）', en: 'not a valid unified social credit code (18 characters with a correct check character)', value: '91110108MA0000001Z' },
      { row: 4, column: '统一社会信用代码', field: 'creditCode', code: 'duplicate_in_file', zh: '与第 3 行重复', en: 'duplicates row 3', value: dup },
    ]);
    expect((await get(`/registry/imports/${id}/errors?pageSize=1&page=2`, officer.cookie)).json()).toMatchObject({ total: 2, available: 2, items: [{ row: 4 }] });
    const refused = expectProblem(await post(`/registry/imports/${id}/commit`, officer.cookie), 409, 'IMPORT_HAS_ERRORS');
    expect(refused.errors).toEqual([
      { path: 'row 2 统一社会信用代码', message: expect.stringContaining('not a valid unified social credit code') },
      { path: 'row 4 统一社会信用代码', message: 'duplicates row 3 (与第 3 行重复)' },
    ]);
    expect(await env.services.database.query('select count(*)::int as n from organizations')).toEqual(before);
  });

  it('lists my tenant’s imports, newest first', async () => {
    const r = (await get('/registry/imports?pageSize=2', admin.cookie)).json();
    expect(r.total).toBeGreaterThanOrEqual(3);
    expect(r.items).toHaveLength(2);
    expect(r.items[0].errors).toEqual([]);
    expect(Date.parse(r.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(r.items[1].createdAt));
  });
});

describe('exports', () => {
  it('organisations as CSV (BOM, Chinese headers) with the list’s filters and current qualifications; no page limit', async () => {
    const r = env.services.registry;
    const uni = await r.createOrganization(ctx, { creditCode: code(), nameZh: '北京导出大学', type: 'university', keywords: ['=cmd|x'] });
    await r.addQualification(ctx, uni.id, { kind: 'high_tech', validFrom: '2024-01-01', validTo: '2099-12-31' });
    await r.addQualification(ctx, uni.id, { kind: 'tech_sme', validFrom: '2020-01-01', validTo: '2020-12-31' });
    for (let i = 0; i < 25; i++) await r.createOrganization(ctx, { creditCode: code(), nameZh: `导出高校${String(i).padStart(2, '0')}`, type: 'university' });
    const res = await get('/organizations/export?format=csv&type=university&pageSize=5&page=3', auditor.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('统一社会信用代码,名称,英文名称,简称,类型,所在园区代码,地址,行业代码,重点领域,成立日期,简介,网址,关键词,当前资质,园区名称');
    expect(lines).toHaveLength(27);
    const row = lines.find((l) => l.includes('北京导出大学'))!;
    expect(row).toContain(`${uni.creditCode},北京导出大学,,,高等院校,`);
    expect(row).toContain(",'=cmd|x,国家高新技术企业,"); // formula-looking text is defused; only the valid qualification
    expect(lines.some((l) => l.includes(',企业,'))).toBe(false);
  });

  it('organisations as xlsx import back unchanged (export → import round trip)', async () => {
    const res = await get('/organizations/export?type=university', officer.cookie);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toContain('当前资质');
    expect(rows).toHaveLength(27);
    const up = await upload(officer.cookie, 'organizations', 'export.xlsx', res.rawPayload);
    await runJobs();
    const s = (await get(`/registry/imports/${up.json().id}`, officer.cookie)).json();
    expect(s).toMatchObject({ status: 'ready', counts: { rows: 26, insert: 0, update: 0, unchanged: 26, errors: 0 }, ignoredColumns: ['当前资质', '园区名称'] });
  });

  it('qualifications by status, and the figures of a year with money in yuan', async () => {
    const org = await env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: '北京导出数据公司', type: 'enterprise' });
    await env.services.registry.upsertFigures(ctx, org.id, { year: 2024, revenueFen: 123456789, employees: 12, taxPaidFen: 5 });
    await env.services.registry.upsertFigures(ctx, org.id, { year: 2023, revenueFen: 1 });
    const figs = await get('/figures/export?year=2024&format=csv', officer.cookie);
    const lines = figs.rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines).toEqual(['统一社会信用代码,年度,营业收入（元）,研发投入（元）,从业人员数,研发人员数,专利申请数,专利授权数,纳税额（元）,机构名称', `${org.creditCode},2024,1234567.89,,12,,,,0.05,北京导出数据公司`]);
    const x = await readXlsx((await get('/figures/export?year=2024', officer.cookie)).rawPayload);
    expect(x[1]!.slice(0, 3)).toEqual([org.creditCode, 2024, 1234567.89]);

    const q = await get('/qualifications/export?format=csv&status=expired', officer.cookie);
    const ql = q.rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(ql[0]).toBe('统一社会信用代码,资质类型,证书编号,有效期起,有效期止,上市交易所,股票代码,机构名称,状态');
    expect(ql.slice(1)).toEqual([expect.stringMatching(/,科技型中小企业,,2020-01-01,2020-12-31,,,北京导出大学,已过期$/)]);
    await env.services.registry.createPerson(ctx, { nameZh: '李导出', organizationId: org.id, title: '研究员', fields: ['材料', '能源'] });
    const people = (await get('/people/export?format=csv&q=李导出', auditor.cookie)).rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(people).toEqual(['姓名,英文名,所属机构,职称,研究领域,ORCID,简介', '李导出,,北京导出数据公司,研究员,材料;能源,,']);
    // Another tenant sees none of it.
    const theirs = await get('/qualifications/export?format=csv', otherOfficer.cookie);
    expect(theirs.rawPayload.subarray(3).toString('utf8').trim().split(/\r?\n/)).toHaveLength(1);
  });
});
