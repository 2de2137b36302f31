import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import { auditActions, expectProblem, multipart } from './support.ts';

// 2025-06-15 10:00 Beijing time.
const clock = new FixedClock(new Date('2025-06-15T02:00:00Z'));
let env: TestEnv;
let tenant: TenantRow;
let officer: string;
let auditor: string;
let applicant: string;
let listId: string;
let itemId: string;

const item = {
  code: 'CP-001',
  name: '中关村生命科学园三期',
  nameEn: 'Life Science Park phase III',
  category: 'construction',
  responsibleOrgId: null,
  responsibleUnit: '昌平区重点工程建设管理中心',
  responsiblePerson: '王建国',
  contactPhone: '13912345678',
  startDate: '2025-01-01',
  endDate: '2025-12-31',
  budgetFen: 12_500_000_000,
  description: '',
  milestones: [{ name: '主体结构封顶', plannedDate: '2025-05-01', actualDate: null }],
  kpis: [{ name: '建筑面积', unit: '万平方米', startValue: 0, target: 12, actual: 4, dueDate: '2025-12-31' }],
};

beforeAll(async () => {
  env = await testEnv({ clock });
  tenant = await env.tenant();
  officer = (await env.as(tenant, ['officer'])).cookie;
  auditor = (await env.as(tenant, ['auditor'])).cookie;
  applicant = (await env.as(tenant, ['applicant'])).cookie;
});
afterAll(() => env.close());

describe('key-project lists over HTTP', () => {
  it('lets officers create lists and items, auditors read, and nobody else', async () => {
    const created = await env.app.inject({ method: 'POST', url: '/api/v1/project-lists', headers: { cookie: officer }, payload: { nameZh: '2025年重点项目', nameEn: 'Key projects 2025', ownerOffice: '科委', year: 2025, description: '' } });
    expect(created.statusCode).toBe(201);
    listId = created.json().id;
    expect(created.json().actions).toContain('publish');
    const added = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/items`, headers: { cookie: officer }, payload: item });
    expect(added.statusCode, added.body).toBe(201);
    itemId = added.json().id;
    // 45 days past the milestone: red, with the reason in both languages.
    expect(added.json()).toMatchObject({ status: 'red', overdueDays: 45, reasons: [{ level: 'red', zh: '里程碑「主体结构封顶」逾期 45 天' }, expect.objectContaining({ level: 'amber' })] });

    const read = await env.app.inject({ method: 'GET', url: `/api/v1/project-lists/${listId}/items?status=red&sort=-overdue`, headers: { cookie: auditor } });
    expect(read.json()).toMatchObject({ total: 1, items: [{ code: 'CP-001', contactPhone: '13912345678' }] });
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/v1/project-items/${itemId}/status-override`, headers: { cookie: auditor }, payload: { status: 'green', reason: 'x' } }), 403, 'FORBIDDEN');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/project-lists', headers: { cookie: applicant } }), 403, 'FORBIDDEN');
    const other = await env.as(await env.tenant(), ['officer']);
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/project-items/${itemId}`, headers: { cookie: other.cookie } }), 404, 'NOT_FOUND');
  });

  it('refuses a status override without a reason with a clear bilingual message, and changes nothing', async () => {
    const before = await auditActions(env, tenant.id);
    const res = await env.app.inject({ method: 'POST', url: `/api/v1/project-items/${itemId}/status-override`, headers: { cookie: officer }, payload: { status: 'amber', reason: ' ' } });
    const p = expectProblem(res, 400, 'STATUS_REASON_REQUIRED');
    expect(p.message.zh).toContain('必须填写理由');
    expect(p.errors).toEqual([expect.objectContaining({ path: 'reason', zh: expect.stringContaining('调整理由') })]);
    expect(await auditActions(env, tenant.id)).toEqual(before);
    const d = await env.app.inject({ method: 'GET', url: `/api/v1/project-items/${itemId}`, headers: { cookie: officer } });
    expect(d.json()).toMatchObject({ status: 'red', override: null });
    expect(d.json().history).toHaveLength(1);
  });

  it('shows an override with its reason beside the status and in the history', async () => {
    const res = await env.app.inject({ method: 'POST', url: `/api/v1/project-items/${itemId}/status-override`, headers: { cookie: officer }, payload: { status: 'amber', reason: '已完成封顶，待监理确认' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'amber', computedStatus: 'red', override: { status: 'amber', reason: '已完成封顶，待监理确认' }, actions: ['edit', 'override', 'clearOverride'] });
    expect(res.json().history[0]).toMatchObject({ source: 'override', fromStatus: 'red', toStatus: 'amber', reason: '已完成封顶，待监理确认' });
    expect((await auditActions(env, tenant.id)).at(-1)).toBe('project_item.status_overridden');
  });

  it('imports a CSV: a dry run lists row errors, a commit with errors is refused, a good file is written', async () => {
    const rows = [
      ['项目编号', '项目名称', '类别', '责任单位', '责任人', '开始日期', '完成日期', '里程碑'],
      ['CP-002', '脑科学平台', '平台建设', '北京脑科学与类脑研究所', '孙悦', '2025-01-01', '2025-12-31', '平台启用 | 2025-10-01 |'],
      ['CP-003', '坏行', '建设工程', '某单位', '张三', '2025-01-01', '2025-12-31', '启用 | 明天 |'],
    ];
    const file = (r: string[][]) => multipart('list.csv', Buffer.from(stringify(r, { bom: true })), 'text/csv');
    const d = file(rows);
    const dry = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/import?dryRun=true`, headers: { cookie: officer, ...d.headers }, payload: d.payload });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors).toEqual([{ row: 3, column: '里程碑', zh: '第 1 个里程碑的计划日期不是有效日期（YYYY-MM-DD）', en: 'Milestone 1: the planned date is not a valid date (YYYY-MM-DD)', value: '启用 | 明天 |' }]);
    const f = file(rows);
    const refused = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/import`, headers: { cookie: officer, ...f.headers }, payload: f.payload });
    expect(expectProblem(refused, 409, 'IMPORT_HAS_ERRORS').errors![0]).toMatchObject({ path: 'row 3 里程碑' });
    const g = file(rows.slice(0, 2));
    const ok = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/import`, headers: { cookie: officer, ...g.headers }, payload: g.payload });
    expect(ok.json()).toMatchObject({ dryRun: false, inserted: 1, errors: [] });
    const gbk = multipart('list.csv', Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x2c, 0x0a]), 'text/csv');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/import`, headers: { cookie: officer, ...gbk.headers }, payload: gbk.payload }), 415, 'CSV_NOT_UTF8');
  });

  it('publishes a public progress page without persons, phone numbers or budgets', async () => {
    const anon = () => env.app.inject({ method: 'GET', url: `/api/v1/public/project-lists/changping-2025?tenant=${tenant.slug}` });
    expectProblem(await anon(), 404, 'NOT_FOUND');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/publish`, headers: { cookie: officer }, payload: { slug: 'Bad Slug' } }), 400, 'VALIDATION_FAILED');
    const pub = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/publish`, headers: { cookie: officer }, payload: { slug: 'changping-2025' } });
    expect(pub.json()).toMatchObject({ published: true, publicSlug: 'changping-2025' });
    const page = await anon();
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ nameZh: '2025年重点项目', total: 2, counts: { amber: 1 } });
    expect(page.json().items[0]).toMatchObject({ code: 'CP-001', status: 'amber', statusNote: '已完成封顶，待监理确认', responsibleUnit: '昌平区重点工程建设管理中心' });
    expect(page.body).not.toContain('13912345678');
    expect(page.body).not.toContain('王建国');
    expect(page.body).not.toContain('budget');
    const lists = await env.app.inject({ method: 'GET', url: `/api/v1/public/project-lists?tenant=${tenant.slug}` });
    expect(lists.json().items.map((l: { slug: string }) => l.slug)).toEqual(['changping-2025']);
    await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/unpublish`, headers: { cookie: officer } });
    expectProblem(await anon(), 404, 'NOT_FOUND');
  });

  it('keeps baselines, compares them, draws the timeline and exports the list', async () => {
    const b = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/baselines`, headers: { cookie: officer }, payload: { name: '年初计划', note: '' } });
    expect(b.statusCode).toBe(201);
    await env.app.inject({ method: 'PUT', url: `/api/v1/project-items/${itemId}`, headers: { cookie: officer }, payload: { ...item, milestones: [{ name: '主体结构封顶', plannedDate: '2025-07-01', actualDate: null }] } });
    const cmp = await env.app.inject({ method: 'GET', url: `/api/v1/project-baselines/${b.json().id}/compare`, headers: { cookie: auditor } });
    expect(cmp.json().rows[0]).toMatchObject({ code: 'CP-001', change: 'changed', milestones: [{ slipDays: 61 }] });
    const g = await env.app.inject({ method: 'GET', url: `/api/v1/project-lists/${listId}/gantt?baselineId=${b.json().id}`, headers: { cookie: officer } });
    expect(g.json()).toMatchObject({ today: '2025-06-15', baseline: { name: '年初计划' } });
    expect(g.json().items[0]).toMatchObject({ code: 'CP-001', milestones: [{ plannedDate: '2025-07-01', state: 'planned' }], baseline: { milestones: [{ plannedDate: '2025-05-01' }] } });
    const x = await env.app.inject({ method: 'GET', url: `/api/v1/project-lists/${listId}/items/export?format=csv`, headers: { cookie: officer } });
    expect(x.headers['content-type']).toMatch(/text\/csv/);
    expect(x.body).toContain('CP-002');
    const t = await env.app.inject({ method: 'GET', url: '/api/v1/projects/import-template', headers: { cookie: officer } });
    expect(t.headers['content-type']).toMatch(/spreadsheetml/);
    const o = await env.app.inject({ method: 'GET', url: '/api/v1/projects/overview', headers: { cookie: auditor } });
    expect(o.json()).toMatchObject({ today: '2025-06-15', counts: { green: 1 } });
  });
});
