import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { auditActions, expectProblem, makePdf, multipart, RANDOM_UUID } from './support.ts';

// Expert import (issue #5): template, check with row errors in both languages, preview, all-or-nothing
// commit, and a second import of the same file changing nothing.
const clock = new FixedClock(new Date('2026-09-01T02:00:00Z'));
let env: TestEnv;
let tenant: TenantRow;
let officer: string;
let auditor: string;
let expertUser: { id: string; email: string };
let applicantEmail: string;
let nibsCode: string;

const HEADER = '姓名,ORCID,电子邮箱,所属机构统一社会信用代码,所属机构,工作单位,职称,重点领域,关键词,个人简介,可用状态,暂停至,最大评审量,代表性论文';

function upload(filename: string, data: Buffer, cookie = officer) {
  const m = multipart(filename, data);
  return env.app.inject({ method: 'POST', url: '/api/v1/experts/imports', payload: m.payload, headers: { ...m.headers, cookie } });
}
const commit = (fileId: string, cookie = officer) => env.app.inject({ method: 'POST', url: `/api/v1/experts/imports/${fileId}/commit`, headers: { cookie } });
const csv = (...rows: string[]) => Buffer.from('\ufeff' + [HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');
const expertCount = async () => Number((await env.services.database.query<{ n: number }>('select count(*)::int as n from experts where tenant_id = $1', [tenant.id]))[0]!.n);

beforeAll(async () => {
  env = await testEnv({ clock });
  tenant = await env.tenant();
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  nibsCode = creditCodeFrom('12110114MB0000007');
  await env.services.registry.createOrganization(ctx, { creditCode: nibsCode, nameZh: '北京生命科学研究所', shortName: '北生所', type: 'institute' });
  await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('12100000MB0000012'), nameZh: '北京大学', type: 'university' });
  officer = (await env.as(tenant, ['officer'])).cookie;
  auditor = (await env.as(tenant, ['auditor'])).cookie;
  const u = await env.user(tenant, ['expert']);
  expertUser = { id: u.id, email: u.email };
  applicantEmail = (await env.user(tenant, ['applicant'])).email;
});
afterAll(() => env.close());

describe('the template', () => {
  it('is an xlsx with the columns and a bilingual instructions sheet, or a CSV header', async () => {
    const x = await env.app.inject({ method: 'GET', url: '/api/v1/experts/import/template?format=xlsx', headers: { cookie: officer } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toContain(encodeURIComponent('专家导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['专家', '说明 Instructions']);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER.split(','));
    const help = wb.worksheets[1]!;
    const pubs = help.getColumn(1).values.findIndex((v) => v === '代表性论文');
    expect(help.getRow(pubs).getCell(5).text).toContain('year|title|co-author');
    const c = await env.app.inject({ method: 'GET', url: '/api/v1/experts/import/template?format=csv', headers: { cookie: officer } });
    expect(c.body.replace(/^\ufeff/, '').trim()).toBe(HEADER);
  });

  it('is for officers only', async () => {
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/experts/import/template', headers: { cookie: auditor } }), 403, 'FORBIDDEN');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/experts/import/template' }), 401, 'AUTH_REQUIRED');
  });
});

describe('checking a file', () => {
  it('lists every bad row with its row, column and a message in Chinese and English, and nothing can be committed', async () => {
    const bad = csv(
      '王磊,0000-0002-1825-0098,,,,,研究员,医药健康,,,,,6,',
      `刘洋,,,${nibsCode.slice(0, 17)}0,,,,,,,,,5,`,
      '陈晨,,,,不存在研究院,,,,,,,,5,',
      '赵敏,,,,北京大学,,教授,炼金术,,,,,5,',
      '钱坤,,,,北京大学,,教授,人工智能,,,,,5.5,',
      `孙悦,,${expertUser.email},,北京大学,,,,,,,,3,`,
      `孙悦乙,,${expertUser.email},,北京大学,,,,,,,,3,`,
      '周晓,0000-0002-1825-0097,,,,,,,,,,,3,',
      '吴磊,0000-0002-1825-0097,,,,,,,,,,,3,',
      `郑涛,,${applicantEmail},,,,,,,,,,3,`,
      '冯雪,,,,,,,,,,,,3,2024|题目缺合作者格式|a|b',
    );
    const before = await expertCount();
    const res = await upload('experts.csv', bad);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ committed: false, format: 'csv', actions: [] });
    const codes = r.errors.map((e: { row: number; column: string; code: string }) => `${e.row} ${e.column} ${e.code}`);
    expect(codes).toEqual([
      '2 ORCID invalid_orcid',
      '3 所属机构统一社会信用代码 invalid_credit_code',
      '4 所属机构 unknown_organization',
      '5 重点领域 unknown_field',
      '6 最大评审量 not_integer',
      '8 电子邮箱 duplicate_in_file',
      '10 ORCID duplicate_in_file',
      '11 电子邮箱 not_expert_account',
      '12 代表性论文 invalid_publication',
    ]);
    const dup = r.errors.find((e: { row: number }) => e.row === 8);
    expect(dup).toMatchObject({ zh: '与第 7 行重复', en: 'duplicates row 7' });
    expect(r.errors.find((e: { row: number }) => e.row === 5).zh).toContain('炼金术');
    expect(r.counts).toMatchObject({ rows: 11, errors: 9 });
    const refused = expectProblem(await commit(r.fileId), 409, 'IMPORT_HAS_ERRORS');
    expect(refused.errors?.[0]).toMatchObject({ path: 'row 2 ORCID', zh: expect.stringContaining('ORCID') });
    expect(await expertCount()).toBe(before);
  });

  it('refuses a CSV that is not UTF-8, and a file that is not a spreadsheet', async () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a, 0xcd, 0xf5, 0xc0, 0xda]);
    expectProblem(await upload('experts.csv', gbk), 415, 'CSV_NOT_UTF8');
    expectProblem(await upload('experts.pdf', makePdf()), 415, 'FILE_TYPE_NOT_ALLOWED');
  });

  it('names a missing name column, and an empty file', async () => {
    const r1 = (await upload('x.csv', Buffer.from('ORCID,职称\r\n0000-0002-1825-0097,教授\r\n'))).json();
    expect(r1.errors).toEqual([expect.objectContaining({ row: 1, column: '姓名', code: 'missing_column' })]);
    const r2 = (await upload('x.csv', Buffer.from(HEADER + '\r\n'))).json();
    expect(r2.errors).toEqual([expect.objectContaining({ code: 'empty_file' })]);
  });

  it('is for officers and admins', async () => {
    expectProblem(await upload('experts.csv', csv('王磊,,,,,,,,,,,,3,'), auditor), 403, 'FORBIDDEN');
    expectProblem(await commit(RANDOM_UUID, auditor), 403, 'FORBIDDEN');
  });
});

describe('committing', () => {
  const good = () =>
    csv(
      `王磊,0000-0002-1825-0097,,${nibsCode},,北京生命科学研究所 结构生物学中心,研究员,医药健康、脑科学,冷冻电镜、膜蛋白,长期从事膜蛋白结构研究。,可用,,6,2024|人源转运蛋白的冷冻电镜结构|孙悦、周晓; 2022|膜蛋白动力学|`,
      `陈静,,${expertUser.email.toUpperCase()},,北生所,,副研究员,医药健康,单细胞测序,,暂停,2026-12-31,4,`,
      '李娜,,,,,北京协和医院,主任医师,医药健康,临床试验,,,,,',
    );

  it('previews inserts, writes all rows in one go with audit events, and a second import of the same file changes nothing', async () => {
    const before = await expertCount();
    const checked = (await upload('good.csv', good())).json();
    expect(checked.errors).toEqual([]);
    expect(checked.counts).toEqual({ rows: 3, insert: 3, update: 0, unchanged: 0, errors: 0 });
    expect(checked.actions).toEqual(['commit']);
    expect(await expertCount()).toBe(before);

    const done = await commit(checked.fileId);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ committed: true, counts: { insert: 3, update: 0 }, actions: [] });
    expect(await expertCount()).toBe(before + 3);
    const actions = await auditActions(env, tenant.id);
    expect(actions.slice(-4)).toEqual(['expert.created', 'expert.created', 'expert.created', 'expert.import_committed']);

    const list = (await env.app.inject({ method: 'GET', url: '/api/v1/experts?q=王磊', headers: { cookie: officer } })).json();
    const wang = (await env.app.inject({ method: 'GET', url: `/api/v1/experts/${list.items[0].id}`, headers: { cookie: officer } })).json();
    expect(wang).toMatchObject({ organizationName: '北京生命科学研究所', affiliation: '北京生命科学研究所 结构生物学中心', fields: ['pharma_health', 'brain_science'], maxLoad: 6, orcid: '0000-0002-1825-0097' });
    expect(wang.publications.map((p: { year: number; coauthors: { name: string }[] }) => [p.year, p.coauthors.map((c) => c.name)])).toEqual([
      [2022, []],
      [2024, ['孙悦', '周晓']],
    ]);
    const chen = (await env.app.inject({ method: 'GET', url: `/api/v1/experts?q=陈静`, headers: { cookie: officer } })).json().items[0];
    expect(chen).toMatchObject({ userId: expertUser.id, availability: 'unavailable', unavailableUntil: '2026-12-31', affiliation: '北京生命科学研究所' });

    // The same file again: every row matched (ORCID, e-mail, name and organisation) and unchanged.
    const again = (await upload('good.csv', good())).json();
    expect(again.counts).toEqual({ rows: 3, insert: 0, update: 0, unchanged: 3, errors: 0 });
    expect(again.changes.map((c: { matchedBy: string }) => c.matchedBy)).toEqual(['orcid', 'email', 'name']);
    expect(again.actions).toEqual([]);
    const eventsBefore = (await auditActions(env, tenant.id)).length;
    expect((await commit(again.fileId)).json().counts).toMatchObject({ insert: 0, update: 0, unchanged: 3 });
    expect(await expertCount()).toBe(before + 3);
    // Nothing changed, so nothing was recorded by the commit.
    expect((await auditActions(env, tenant.id)).slice(eventsBefore)).toEqual([]);
  });

  it('updates only what changed, matched by ORCID, from an xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('专家');
    ws.addRow(['Name', 'ORCID', 'Title', 'Maximum load']);
    ws.addRow(['王磊', '0000-0002-1825-0097', '研究员、博士生导师', 8]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const checked = (await upload('update.xlsx', data)).json();
    expect(checked.format).toBe('xlsx');
    expect(checked.changes).toEqual([expect.objectContaining({ row: 2, action: 'update', matchedBy: 'orcid', fields: ['title', 'maxLoad'] })]);
    const done = (await commit(checked.fileId)).json();
    expect(done.counts.update).toBe(1);
    const wang = (await env.app.inject({ method: 'GET', url: '/api/v1/experts?q=王磊', headers: { cookie: officer } })).json().items[0];
    // Columns left out keep their values.
    expect(wang).toMatchObject({ title: '研究员、博士生导师', maxLoad: 8, fields: ['pharma_health', 'brain_science'] });
  });

  it('checks again at commit: a file that became wrong since its check writes nothing', async () => {
    const second = await env.user(tenant, ['expert']);
    const checked = (await upload('late.csv', csv(`韩梅,0000-0001-5109-3700,${second.email},,,,,,,,,,3,`))).json();
    expect(checked.changes[0]).toMatchObject({ action: 'insert' });
    // Meanwhile another officer adds the ORCID to one expert and links the account to another.
    const body = { organizationId: null, affiliation: '', title: '', fields: [], keywords: [], biography: '', orcid: null, availability: 'available', unavailableUntil: null, maxLoad: 3, affiliations: [], publications: [], declarations: [] };
    const post = (payload: object) => env.app.inject({ method: 'POST', url: '/api/v1/experts', headers: { cookie: officer }, payload });
    expect((await post({ ...body, name: '韩梅梅', orcid: '0000-0001-5109-3700' })).statusCode).toBe(201);
    expect((await post({ ...body, name: '韩梅', userId: second.id })).statusCode).toBe(201);
    const before = await expertCount();
    const refused = expectProblem(await commit(checked.fileId), 409, 'IMPORT_HAS_ERRORS');
    expect(refused.errors?.[0]?.message).toContain('韩梅梅');
    expect(await expertCount()).toBe(before);
  });

  it('answers 404 for a file id that is not an expert import of my tenant', async () => {
    expectProblem(await commit(RANDOM_UUID), 404, 'NOT_FOUND');
    const pdf = await env.app.inject({ method: 'POST', url: '/api/v1/files', ...(() => { const m = multipart('a.pdf', makePdf(), 'application/pdf'); return { payload: m.payload, headers: { ...m.headers, cookie: officer } }; })() });
    expect(pdf.statusCode, pdf.body).toBe(201);
    expectProblem(await commit(pdf.json().id), 404, 'NOT_FOUND');
    const t2 = await env.tenant();
    const o2 = await env.as(t2, ['officer']);
    const mine = (await upload('x.csv', csv('某某,,,,,,,,,,,,3,'))).json();
    expectProblem(await commit(mine.fileId, o2.cookie), 404, 'NOT_FOUND');
  });
});
