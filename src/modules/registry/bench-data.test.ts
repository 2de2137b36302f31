import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { normalizeCreditCode } from '../../platform/auth/auth.rules.ts';
import { benchBatch, benchOrganization } from './bench-data.generate.ts';
import { loadBenchData } from './bench-data.ts';
import { isIndustryCode, validateQualification } from './registry.rules.ts';
import { ORGANIZATION_TYPES } from './registry.tables.ts';

const TODAY = '2026-06-15';
const N = 2000;

describe('bench-data generator', () => {
  const batch = benchBatch(42, 0, N, TODAY, 5);

  it('is deterministic from the seed, and organisation i does not depend on the ones before it', () => {
    expect(benchBatch(42, 0, N, TODAY, 5)).toEqual(batch);
    expect(benchOrganization(42, 1234, TODAY, 5).organizations[0]).toEqual(batch.organizations[1234]);
    expect(benchBatch(43, 0, 50, TODAY, 5).organizations.map((o) => o.nameZh)).not.toEqual(batch.organizations.slice(0, 50).map((o) => o.nameZh));
  });

  it('makes valid, unique credit codes and valid qualifications and figures', () => {
    const codes = batch.organizations.map((o) => o.creditCode);
    for (const c of codes) expect(normalizeCreditCode(c)).toBe(c);
    expect(new Set(codes).size).toBe(N);
    for (const o of batch.organizations) {
      if (o.industryCode) expect(isIndustryCode(o.industryCode)).toBe(true);
      expect(o.foundedOn < TODAY).toBe(true);
    }
    for (const q of batch.qualifications) expect(validateQualification(q)).toBeNull();
    for (const f of batch.figures) {
      expect(f.year).toBeGreaterThanOrEqual(2021);
      expect(f.year).toBeLessThanOrEqual(2025);
      expect(f.rdStaff).toBeLessThanOrEqual(f.employees);
      for (const v of [f.revenueFen, f.rdExpenditureFen, f.taxPaidFen, f.employees]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
    }
  });

  it('spreads over the types, zones and fields at plausible rates', () => {
    const big = benchBatch(1, 0, 20_000, TODAY, 5);
    const types = new Set(big.organizations.map((o) => o.type));
    expect([...types].sort()).toEqual([...ORGANIZATION_TYPES].sort());
    const enterprises = big.organizations.filter((o) => o.type === 'enterprise').length;
    expect(enterprises / 20_000).toBeGreaterThan(0.88);
    const highTech = new Set(big.qualifications.filter((q) => q.kind === 'high_tech' && q.validFrom <= TODAY && (q.validTo ?? '9') >= TODAY).map((q) => q.creditCode)).size;
    expect(highTech / enterprises).toBeGreaterThan(0.15);
    expect(highTech / enterprises).toBeLessThan(0.35);
    expect(new Set(big.organizations.map((o) => o.zoneCode)).size).toBeGreaterThanOrEqual(9);
  });
});

describe('loading bench data', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv();
  }, 120_000);
  afterAll(() => env.close());

  it('loads a tenant that search then finds by a Chinese query, and refuses to load it twice', async () => {
    const lines: string[] = [];
    const r = await loadBenchData(env.services, { tenant: 'bench-test', organizations: N, years: 5, seed: 42, today: TODAY, batch: 700, log: (l) => lines.push(l) });
    const expected = benchBatch(42, 0, N, TODAY, 5);
    expect(r).toMatchObject({ organizations: N, qualifications: expected.qualifications.length, figures: expected.figures.length });
    expect(lines.at(-1)).toMatch(/^done in/);

    const [counts] = await env.services.database.query<{ o: number; q: number; f: number }>(
      'select (select count(*) from organizations where tenant_id = $1)::int as o, (select count(*) from qualifications where tenant_id = $1)::int as q, (select count(*) from annual_figures where tenant_id = $1)::int as f',
      [r.tenantId],
    );
    expect(counts).toEqual({ o: N, q: expected.qualifications.length, f: expected.figures.length });

    const withAi = expected.organizations.filter((o) => o.keywords.includes('人工智能'));
    expect(withAi.length).toBeGreaterThan(10);
    const hits = await env.services.registry.search(r.tenantId, { q: '人工智能', sort: 'name', order: 'asc', offset: 0, limit: 20, facets: false });
    expect(hits.total).toBeGreaterThanOrEqual(withAi.length);
    const found = await env.services.registry.search(r.tenantId, { q: withAi[0]!.nameZh, sort: 'relevance', order: 'asc', offset: 0, limit: 5, facets: false });
    expect(found.items.map((o) => o.creditCode)).toContain(withAi[0]!.creditCode);

    const zgc = (await env.services.registry.listZones(r.tenantId)).find((z) => z.code === 'zgc')!;
    const filtered = await env.services.registry.search(r.tenantId, { zoneId: zgc.id, type: ['enterprise'], qualification: ['high_tech'], sort: 'name', order: 'asc', offset: 0, limit: 20 });
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.facets.qualification.find((f) => f.value === 'high_tech')?.count).toBe(filtered.total);

    await expect(loadBenchData(env.services, { tenant: 'bench-test', organizations: 10, years: 5, seed: 42, today: TODAY })).rejects.toThrow(/already has 2,000 organisations/);
  }, 120_000);
});
