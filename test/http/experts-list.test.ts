import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import type { ExpertInput } from '../../src/modules/experts/index.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { expectProblem, multipart } from './support.ts';

// The expert list: server-side sort, filters and paging, and its export with the same filters, whose
// file imports back without changing anything.
const clock = new FixedClock(new Date('2026-09-01T02:00:00Z'));
let env: TestEnv;
let tenant: TenantRow;
let officer: string;
let auditor: string;
let expertCookie: string;
let pku: string;
let nibs: string;

const get = (url: string, cookie = officer) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
const names = async (query: string) => {
  const res = await get(`/experts?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { name: string }[]).map((e) => e.name);
};

function expert(over: Partial<ExpertInput>): ExpertInput {
  return { name: '', organizationId: null, affiliation: '', title: '研究员', fields: [], keywords: [], biography: '', orcid: null, availability: 'available', unavailableUntil: null, maxLoad: 5, affiliations: [], publications: [], declarations: [], ...over };
}

beforeAll(async () => {
  env = await testEnv({ clock });
  tenant = await env.tenant();
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  pku = (await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('12100000MB0000012'), nameZh: '北京大学', type: 'university' })).id;
  nibs = (await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('12110114MB0000007'), nameZh: '北京生命科学研究所', shortName: '北生所', type: 'institute' })).id;
  const svc = env.services.experts;
  // Created a minute apart, so "updated" has an order.
  const add = async (input: ExpertInput) => {
    clock.advance(60_000);
    return svc.create(ctx, input);
  };
  await add(expert({ name: 'A 安然', organizationId: pku, affiliation: '北京大学', fields: ['pharma_health'], keywords: ['单细胞测序'], maxLoad: 3 }));
  await add(expert({ name: 'B 白雪', organizationId: nibs, affiliation: '北京生命科学研究所', fields: ['brain_science'], keywords: ['神经环路'], maxLoad: 8, orcid: '0000-0002-1825-0097', publications: [{ title: '神经环路成像', year: 2024, coauthors: [{ name: '孙悦', expertId: null }] }] }));
  await add(expert({ name: 'C 常青', affiliation: '北京协和医院', fields: ['pharma_health', 'ai'], keywords: ['临床试验'], maxLoad: 6, availability: 'unavailable', unavailableUntil: '2026-12-31' }));
  await add(expert({ name: 'D 丁一', organizationId: pku, affiliation: '北京大学 化学学院', fields: ['new_materials'], keywords: ['高分子'], maxLoad: 4 }));
  officer = (await env.as(tenant, ['officer'])).cookie;
  auditor = (await env.as(tenant, ['auditor'])).cookie;
  expertCookie = (await env.as(tenant, ['expert'])).cookie;
});
afterAll(() => env.close());

describe('GET /experts', () => {
  it('sorts on the server by name, organisation, maximum load and last update, either way', async () => {
    expect(await names('')).toEqual(['A 安然', 'B 白雪', 'C 常青', 'D 丁一']);
    expect(await names('sort=-name')).toEqual(['D 丁一', 'C 常青', 'B 白雪', 'A 安然']);
    expect(await names('sort=-maxLoad')).toEqual(['B 白雪', 'C 常青', 'D 丁一', 'A 安然']);
    expect(await names('sort=maxLoad')).toEqual(['A 安然', 'D 丁一', 'C 常青', 'B 白雪']);
    expect(await names('sort=-updated')).toEqual(['D 丁一', 'C 常青', 'B 白雪', 'A 安然']);
    // Registry name, else the free-text affiliation; ties by name.
    const byOrg = await get('/experts?sort=organization');
    // 北京协和医院 (free text) < 北京大学 < 北京生命科学研究所, by character code as PostgreSQL orders Chinese.
    expect(byOrg.json().items.map((e: { name: string; organizationName: string | null }) => [e.name, e.organizationName])).toEqual([
      ['C 常青', null],
      ['A 安然', '北京大学'],
      ['D 丁一', '北京大学'],
      ['B 白雪', '北京生命科学研究所'],
    ]);
  });

  it('filters by text (name, affiliation, keyword, organisation), field, availability and organisation', async () => {
    expect(await names('q=神经')).toEqual(['B 白雪']);
    expect(await names('q=协和')).toEqual(['C 常青']);
    expect(await names('q=北生所')).toEqual(['B 白雪']);
    expect(await names('q=100%')).toEqual([]);
    expect(await names('field=pharma_health')).toEqual(['A 安然', 'C 常青']);
    expect(await names('availability=unavailable')).toEqual(['C 常青']);
    expect(await names(`organizationId=${pku}&sort=-name`)).toEqual(['D 丁一', 'A 安然']);
    expect(await names(`organizationId=${pku}&field=new_materials`)).toEqual(['D 丁一']);
  });

  it('pages, with the total of all matches', async () => {
    const p2 = (await get('/experts?pageSize=3&page=2')).json();
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(p2.items.map((e: { name: string }) => e.name)).toEqual(['D 丁一']);
  });

  it('is for officers, admins and auditors', async () => {
    expect((await get('/experts', auditor)).statusCode).toBe(200);
    expectProblem(await get('/experts', expertCookie), 403, 'FORBIDDEN');
    expectProblem(await get('/experts?sort=bogus'), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /experts/export', () => {
  it('exports the filtered list in its order as CSV, with the import’s columns', async () => {
    const res = await get('/experts/export?format=csv&field=pharma_health&sort=-name', auditor);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\ufeff/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^姓名 \/ Name,ORCID \/ ORCID,电子邮箱 \/ E-mail,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['C 常青', 'A 安然']);
    expect(lines[1]).toContain('医药健康、人工智能');
    expect(lines[1]).toContain('暂停,2026-12-31,6');
  });

  it('exports xlsx, and the exported file imports back without any change', async () => {
    const res = await get('/experts/export?format=xlsx');
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(5);
    const m = multipart('专家库.xlsx', res.rawPayload);
    const checked = await env.app.inject({ method: 'POST', url: '/api/v1/experts/imports', payload: m.payload, headers: { ...m.headers, cookie: officer } });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ errors: [], counts: { rows: 4, insert: 0, update: 0, unchanged: 4 }, actions: [] });
  });
});
