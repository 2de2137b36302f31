import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { contractWorld, ctxOf } from '../helpers/contracts.ts';
import { expectProblem } from './support.ts';

// Monday 2026-05-11 10:00 Beijing time. One contract in force whose only milestone and tranche were
// due on 2026-05-01 (10 days overdue), and a key-project list with one red item (45 days late).
const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
let env: TestEnv;
let w: Awaited<ReturnType<typeof contractWorld>>;
const cookies: Record<string, string> = {};
let contractId: string;
let listId: string;
let itemId: string;

const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });

beforeAll(async () => {
  env = await testEnv({ clock });
  w = await contractWorld(env);
  for (const [k, u] of Object.entries({ officer: w.officer, officer2: w.officer2, auditor: w.auditor, member: w.member })) cookies[k] = await env.login(w.tenant, u.email);
  cookies.expert = (await env.as(w.tenant, ['expert'])).cookie;
  cookies.admin = (await env.as(w.tenant, ['admin'])).cookie;
  const other = await env.tenant();
  cookies.otherTenantOfficer = (await env.as(other, ['officer', 'admin', 'auditor'])).cookie;
  const c = await w.contract({ confirmed: true, over: { startsOn: '2026-04-01', milestones: [{ title: '早期里程碑', month: 1, deliverable: '报告' }], tranches: [{ seq: 1, amountFen: 1_000_000, trigger: 'acceptance', milestoneIndex: null, dueOn: '2026-05-01' }] } });
  contractId = c.id;
  const ctx = ctxOf(w.tenant, w.officer);
  listId = (await env.services.projects.createList(ctx, { nameZh: '重点项目清单', nameEn: 'Key projects', ownerOffice: '', year: 2026, description: '' })).id;
  itemId = (
    await env.services.projects.createItem(ctx, listId, {
      code: 'CP-9',
      name: '=危险公式',
      nameEn: '',
      category: 'platform',
      responsibleOrgId: null,
      responsibleUnit: '昌平区科委',
      responsiblePerson: '周红',
      contactPhone: null,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      budgetFen: null,
      description: '',
      milestones: [{ name: '立项', plannedDate: '2026-03-27', actualDate: null }],
      kpis: [],
    })
  ).id;
});
afterAll(() => env.close());

describe('who may read the dashboard', () => {
  it('officers, admins and auditors read; applicants and experts get 403; no session 401', async () => {
    for (const who of ['officer', 'admin', 'auditor']) {
      expect((await get('/delivery/overview', cookies[who])).statusCode, who).toBe(200);
      expect((await get('/delivery/overdue', cookies[who])).statusCode, who).toBe(200);
    }
    for (const who of ['member', 'expert']) {
      expectProblem(await get('/delivery/overview', cookies[who]), 403, 'FORBIDDEN');
      expectProblem(await get('/delivery/overdue', cookies[who]), 403, 'FORBIDDEN');
      expectProblem(await get('/delivery/overdue/export', cookies[who]), 403, 'FORBIDDEN');
    }
    expectProblem(await get('/delivery/overview'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/delivery/overdue/export?format=csv'), 401, 'AUTH_REQUIRED');
    // 403 comes before the query is checked; a bad query from an officer is a 400.
    expectProblem(await get('/delivery/overdue?sort=nonsense', cookies.member), 403, 'FORBIDDEN');
    expectProblem(await get('/delivery/overdue?sort=nonsense', cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/delivery/overview?officer=someone', cookies.officer), 400, 'VALIDATION_FAILED');
  });

  it('another tenant sees nothing of this one, and its list or challenge is 404', async () => {
    const o = (await get('/delivery/overview', cookies.otherTenantOfficer)).json();
    expect(o.contracts.total + o.items.total + o.overdue.total).toBe(0);
    expectProblem(await get(`/delivery/overview?listId=${listId}`, cookies.otherTenantOfficer), 404, 'NOT_FOUND');
    expectProblem(await get(`/delivery/overdue?listId=${listId}`, cookies.otherTenantOfficer), 404, 'NOT_FOUND');
    expectProblem(await get(`/delivery/overdue/export?listId=${listId}`, cookies.otherTenantOfficer), 404, 'NOT_FOUND');
    expectProblem(await get('/delivery/overview?challengeId=00000000-0000-4000-8000-00000000ffff', cookies.officer), 404, 'NOT_FOUND');
  });
});

describe('figures', () => {
  it('the overview and the overdue list with owners, mine and all', async () => {
    const o = (await get('/delivery/overview', cookies.officer)).json();
    expect(o).toMatchObject({ today: '2026-05-11', officer: 'all', contracts: { total: 1 }, items: { total: 1, byStatus: { red: 1 } }, overdue: { milestone: 1, order: 0, tranche: 1, item: 1, total: 3 } });
    expect(o.money).toMatchObject({ totalFen: 1_000_000, plannedToDateFen: 1_000_000, releasedFen: 0, behindPlanFen: 1_000_000 });
    const page = (await get('/delivery/overdue?pageSize=2', cookies.auditor)).json();
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.items.map((r: { kind: string; daysOverdue: number }) => [r.kind, r.daysOverdue])).toEqual([
      ['item', 45],
      ['milestone', 10],
    ]);
    expect(page.items[0]).toMatchObject({ itemId, listId, ownerOrg: '昌平区科委', ownerPerson: '周红' });
    expect(page.items[1]).toMatchObject({ contractId, ownerOrg: w.org.nameZh, ownerPerson: '李明', officerId: w.officer.id, waitingOn: 'team' });
    // The contract is officer's: officer2's "mine" has list items only.
    const mine = (await get('/delivery/overdue?officer=me', cookies.officer2)).json();
    expect(mine.items.map((r: { kind: string }) => r.kind)).toEqual(['item']);
    expect((await get('/delivery/overview?officer=me', cookies.officer2)).json()).toMatchObject({ officer: 'me', contracts: { total: 0 }, money: { totalFen: 0 } });
  });

  it('exports the same rows as CSV and Excel, with the filters applied and formulas defused', async () => {
    const csv = await get('/delivery/overdue/export?format=csv&sort=-days', cookies.auditor);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('逾期天数 / Days overdue');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain("'=危险公式");
    expect(lines[1]).toContain(',45,');
    expect(lines.some((l) => l.includes('拨付款项（tranche）') && l.includes('10000.00') && l.includes('第1笔'))).toBe(true);

    const xlsx = await get('/delivery/overdue/export?kind=milestone', cookies.officer);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(3).value).toBe('早期里程碑');
    expect(ws.getRow(2).getCell(5).value).toBe(w.org.nameZh);
    expect(ws.getRow(2).getCell(9).value).toBe(10);
  });
});
