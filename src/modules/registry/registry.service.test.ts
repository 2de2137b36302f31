import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import type { CommandContext } from '../../platform/audit/audit.service.ts';
import { creditCodeFrom } from '../../seed/demo.ts';
import type { TenantRow } from '../../platform/auth/auth.service.ts';

let env: TestEnv;
let tenant: TenantRow;
let ctx: CommandContext;
let n = 0;
const code = () => creditCodeFrom(`91110108MA${String(++n).padStart(7, '0')}`);

beforeAll(async () => {
  env = await testEnv();
  tenant = await env.tenant();
  ctx = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
});
afterAll(() => env.close());

describe('organisation search', () => {
  it('finds 生物 and 医药 written apart when searching 生物医药, and English names by prefix', async () => {
    const r = env.services.registry;
    const a = await r.createOrganization(ctx, { creditCode: code(), nameZh: '北京华康生物科技有限公司', type: 'enterprise', description: '专注创新医药研发', keywords: ['抗体'] });
    await r.createOrganization(ctx, { creditCode: code(), nameZh: '北京智算信息技术有限公司', type: 'enterprise', description: '人工智能平台' });
    const b = await r.createOrganization(ctx, { creditCode: code(), nameZh: '昌平生物医药产业园运营公司', nameEn: 'Changping Biopharma Park', type: 'platform' });
    const hits = await r.search(tenant.id, { q: '生物医药', sort: 'relevance', order: 'asc', offset: 0, limit: 10 });
    expect(hits.items.map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
    const en = await r.search(tenant.id, { q: 'biopharm', sort: 'relevance', order: 'asc', offset: 0, limit: 10 });
    expect(en.items.map((o) => o.id)).toEqual([b.id]);
    expect((await r.search(tenant.id, { q: '量子', sort: 'relevance', order: 'asc', offset: 0, limit: 10 })).total).toBe(0);
  });

  it('counts each facet without its own filter and filters by valid qualifications', async () => {
    const t = await env.tenant();
    const c: CommandContext = { ...ctx, tenantId: t.id };
    const r = env.services.registry;
    const city = await r.createZone(c, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing' });
    const hd = await r.createZone(c, { parentId: city.id, level: 'zone', code: 'zgc', nameZh: '中关村科学城', nameEn: 'Zhongguancun Science City' });
    const park = await r.createZone(c, { parentId: hd.id, level: 'park', code: 'zgc-park', nameZh: '某园区', nameEn: 'A park' });
    const cp = await r.createZone(c, { parentId: city.id, level: 'zone', code: 'fsc', nameZh: '未来科学城', nameEn: 'Future Science City' });
    const o1 = await r.createOrganization(c, { creditCode: code(), nameZh: '甲公司', type: 'enterprise', zoneId: park.id, industryCode: 'C2710' });
    const o2 = await r.createOrganization(c, { creditCode: code(), nameZh: '乙公司', type: 'enterprise', zoneId: cp.id, industryCode: 'I6510' });
    await r.createOrganization(c, { creditCode: code(), nameZh: '丙研究所', type: 'institute', zoneId: cp.id });
    const today = r.today();
    await r.addQualification(c, o1.id, { kind: 'high_tech', validFrom: '2024-01-01', validTo: '2099-12-31', certificateNo: 'GR202411000001' });
    await r.addQualification(c, o2.id, { kind: 'high_tech', validFrom: '2020-01-01', validTo: '2022-12-31' });
    const all = await r.search(t.id, { sort: 'name', order: 'asc', offset: 0, limit: 10, type: ['enterprise'] });
    expect(all.total).toBe(2);
    expect(all.facets.type).toEqual(expect.arrayContaining([{ value: 'enterprise', count: 2 }, { value: 'institute', count: 1 }]));
    expect(all.facets.qualification).toEqual([{ value: 'high_tech', count: 1 }]);
    const inHd = await r.search(t.id, { sort: 'name', order: 'asc', offset: 0, limit: 10, zoneId: hd.id });
    expect(inHd.items.map((o) => o.id)).toEqual([o1.id]);
    const ht = await r.search(t.id, { sort: 'name', order: 'asc', offset: 0, limit: 10, qualification: ['high_tech'] });
    expect(ht.items.map((o) => o.id)).toEqual([o1.id]);
    const pharma = await r.search(t.id, { sort: 'name', order: 'asc', offset: 0, limit: 10, industry: 'C27' });
    expect(pharma.items.map((o) => o.id)).toEqual([o1.id]);
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('pages by cursor through every row exactly once', async () => {
    const t = await env.tenant();
    const c: CommandContext = { ...ctx, tenantId: t.id };
    for (let i = 0; i < 7; i++) await env.services.registry.createOrganization(c, { creditCode: code(), nameZh: `测试单位${i % 3}`, type: 'enterprise' });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await env.services.registry.search(t.id, { sort: 'name', order: 'desc', offset: 0, limit: 3, cursor, facets: false });
      seen.push(...r.items.map((o) => o.id));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});

describe('organisation search with a count cap', () => {
  it('counts exactly up to the cap, then reports a lower bound, approximate facets and a ranking window', async () => {
    const t = await env.tenant();
    const c: CommandContext = { ...ctx, tenantId: t.id };
    const r = env.services.registry;
    // 5 enterprises and 2 institutes about 生物医药, one of them with a current high-tech certificate; 1 unrelated.
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const o = await r.createOrganization(c, { creditCode: code(), nameZh: `生物医药单位${i}`, type: i < 5 ? 'enterprise' : 'institute' });
      ids.push(o.id);
    }
    await r.createOrganization(c, { creditCode: code(), nameZh: '智算信息公司', type: 'enterprise' });
    await r.addQualification(c, ids[0]!, { kind: 'high_tech', validFrom: '2024-01-01', validTo: '2099-12-31' });
    const base = { q: '生物医药', sort: 'name' as const, order: 'asc' as const, offset: 0, limit: 2 };

    // At or above the number of matches: exact, as without a cap.
    const exact = await r.search(t.id, { ...base, countCap: 7 });
    expect(exact).toMatchObject({ total: 7, totalIsLowerBound: false, facetsApproximate: false, countCap: 7 });
    expect(exact.facets.type).toEqual([
      { value: 'enterprise', count: 5 },
      { value: 'institute', count: 2 },
    ]);
    expect(exact.facets.qualification).toEqual([{ value: 'high_tech', count: 1 }]);
    expect(await r.search(t.id, { ...base, countCap: 7, facets: false })).toMatchObject({ total: 7, totalIsLowerBound: false });

    // Below: "3+", and the facets are counted over a sample of the matches (each a lower bound).
    const low = await r.search(t.id, { ...base, countCap: 3 });
    expect(low).toMatchObject({ total: 3, totalIsLowerBound: true, facetsApproximate: true, countCap: 3 });
    expect(low.items).toHaveLength(2);
    const sampled = low.facets.type.reduce((n, f) => n + f.count, 0);
    expect(sampled).toBeGreaterThan(3);
    expect(sampled).toBeLessThan(7);
    for (const f of low.facets.type) expect(f.count).toBeLessThanOrEqual(f.value === 'enterprise' ? 5 : 2);
    expect(await r.search(t.id, { ...base, countCap: 3, facets: false })).toMatchObject({ total: 3, totalIsLowerBound: true, facetsApproximate: false });

    // A facet with its own filter is counted without it, capped the same way.
    const ent = await r.search(t.id, { ...base, type: ['enterprise'], countCap: 5 });
    expect(ent).toMatchObject({ total: 5, totalIsLowerBound: false, facetsApproximate: true });
    expect(await r.search(t.id, { ...base, type: ['enterprise'], countCap: 7 })).toMatchObject({ facetsApproximate: false });

    // Relevance ranks within the first countCap matches, and says so.
    const rel = await r.search(t.id, { ...base, sort: 'relevance', countCap: 3 });
    expect(rel).toMatchObject({ relevanceApproximate: true, totalIsLowerBound: true });
    expect(rel.items).toHaveLength(2);
    const relExact = await r.search(t.id, { ...base, sort: 'relevance', countCap: 100 });
    expect(relExact.relevanceApproximate).toBe(false);
    const relAll = await r.search(t.id, { ...base, sort: 'relevance', countCap: Number.POSITIVE_INFINITY });
    expect(relExact.items.map((o) => o.id)).toEqual(relAll.items.map((o) => o.id));

    // Not counted (the next page by cursor): no facets, the total is what the page proves.
    const next = await r.search(t.id, { ...base, cursor: exact.nextCursor!, count: false });
    expect(next).toMatchObject({ total: 3, totalIsLowerBound: true, facetsApproximate: false });
    expect(next.facets.type).toEqual([]);
    expect(next.items).toHaveLength(2);

    // The service's default cap, and Infinity for exact counts.
    expect((await r.search(t.id, base)).countCap).toBe(1000);
    expect(await r.search(t.id, { ...base, countCap: Number.POSITIVE_INFINITY })).toMatchObject({ total: 7, totalIsLowerBound: false, countCap: null });
  });
});

describe('registry commands refuse bad input and change nothing', () => {
  it('refuses a validity that ends before it starts, negative money, rdStaff above employees', async () => {
    const r = env.services.registry;
    const o = await r.createOrganization(ctx, { creditCode: code(), nameZh: '校验测试公司', type: 'enterprise' });
    await expect(r.addQualification(ctx, o.id, { kind: 'high_tech', validFrom: '2025-01-01', validTo: '2024-01-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(r.upsertFigures(ctx, o.id, { year: 2024, revenueFen: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(r.upsertFigures(ctx, o.id, { year: 2024, employees: 10, rdStaff: 11 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await r.qualificationsOf(tenant.id, o.id)).toEqual([]);
    expect(await r.figuresOf(tenant.id, o.id)).toEqual([]);
    await r.upsertFigures(ctx, o.id, { year: 2024, revenueFen: 123_456_00, employees: 10, rdStaff: 3 });
    await r.upsertFigures(ctx, o.id, { year: 2024, patentsGranted: 4 });
    const f = await r.figuresOf(tenant.id, o.id);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ revenueFen: 12345600, employees: 10, rdStaff: 3, patentsGranted: 4 });
  });
  it('refuses an invalid ORCID and a duplicate credit code', async () => {
    const r = env.services.registry;
    await expect(r.createPerson(ctx, { nameZh: '王研究员', orcid: '0000-0002-1825-0098' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const p = await r.createPerson(ctx, { nameZh: '王研究员', orcid: '0000-0002-1825-0097', fields: ['脑科学'] });
    expect((await r.searchPeople(tenant.id, { q: '脑科学', offset: 0, limit: 5 })).items.map((x) => x.p.id)).toEqual([p.id]);
    const c = code();
    await r.createOrganization(ctx, { creditCode: c, nameZh: '重复测试', type: 'enterprise' });
    await expect(r.createOrganization(ctx, { creditCode: c, nameZh: '重复测试二', type: 'enterprise' })).rejects.toMatchObject({ code: 'CREDIT_CODE_TAKEN' });
  });
});
