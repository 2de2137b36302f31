import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../test/helpers/app.ts';
import { verifyTenantChain } from '../platform/audit/audit.service.ts';
import { CHANGPING_HEALTH } from './demo-registry.ts';
import { seedDemo } from './demo.ts';

let env: TestEnv;
let tenantId: string;
let fsc: string;
beforeAll(async () => {
  env = await testEnv();
  const t0 = performance.now();
  expect(await seedDemo(env.services)).toBe(true);
  console.log(`demo seed: ${Math.round(performance.now() - t0)} ms`);
  tenantId = (await env.services.auth.tenantBySlug('beijing'))!.id;
  fsc = (await env.services.registry.listZones(tenantId)).find((z) => z.code === 'fsc')!.id;
}, 180_000);
afterAll(() => env.close());

const changpingHealth = { zoneId: '', type: ['enterprise' as const], field: ['pharma_health' as const], sort: 'name' as const, order: 'asc' as const, offset: 0, limit: 1 };

describe('demo data agrees with the public facts', () => {
  it('has 900+ Changping health enterprises with 269 high-tech, 133 专精特新, 19 unicorns, 18 listed', async () => {
    const r = await env.services.registry.search(tenantId, { ...changpingHealth, zoneId: fsc });
    expect(r.total).toBe(CHANGPING_HEALTH.enterprises);
    const count = (kind: string) => r.facets.qualification.find((f) => f.value === kind)?.count ?? 0;
    expect(count('high_tech')).toBe(269);
    const srdi = await env.services.registry.search(tenantId, { ...changpingHealth, zoneId: fsc, qualification: ['srdi_municipal', 'srdi_little_giant'] });
    expect(srdi.total).toBe(133);
    const unicorns = await env.services.registry.search(tenantId, { ...changpingHealth, zoneId: fsc, qualification: ['unicorn', 'potential_unicorn'] });
    expect(unicorns.total).toBe(19);
    expect(count('listed')).toBe(18);
  });

  it('includes the named institutions and companies, findable by Chinese search', async () => {
    for (const q of ['百济神州', '博奥生物', '北京脑科学与类脑研究所', '国家蛋白质科学中心', '同仁堂']) {
      const r = await env.services.registry.search(tenantId, { q, sort: 'relevance', order: 'asc', offset: 0, limit: 5, facets: false });
      expect(r.items[0]?.nameZh, q).toContain(q.slice(0, 2));
    }
  });

  it('sums the Changping health industry 2022 revenue to 80 billion yuan and keeps an intact audit chain', async () => {
    const rows = await env.services.database.query<{ total: string | number }>(
      `select sum(f.revenue_fen) as total from annual_figures f join organizations o on o.id = f.organization_id
       join zones z on z.id = o.zone_id left join zones p on p.id = z.parent_id
       where f.tenant_id = $1 and f.year = 2022 and o.type = 'enterprise' and o.priority_field = 'pharma_health'
         and (z.code = 'fsc' or p.code = 'fsc')`,
      [tenantId],
    );
    expect(BigInt(rows[0]!.total)).toBe(8_000_000_000_000n);
    expect((await verifyTenantChain(env.services.database.db, tenantId, 'beijing')).ok).toBe(true);
    expect(await seedDemo(env.services)).toBe(false);
  });

  it('has task contracts in progress: confirmed, paid, reported, one overdue under supervision, one awaiting the team', async () => {
    const { items } = await env.services.contracts.list(tenantId, {}, { offset: 0, limit: 50 });
    // Two running single-winner contracts, the 2026 award awaiting the team, and the horse race's three (one terminated at gate 1).
    expect(items.map((i) => i.c.status).sort()).toEqual(['active', 'active', 'active', 'active', 'pending', 'terminated']);
    const late = items.find((i) => i.health === 'overdue')!;
    const v = await env.services.contracts.detail(tenantId, late.c.id);
    expect(v.milestones.map((m) => m.status).slice(0, 2)).toEqual(['accepted', 'overdue']);
    expect(v.orders).toHaveLength(1);
    expect(v.reports[0]!.status).toBe('accepted');
    expect(v.c.releasedFen).toBe(v.tranches.filter((t) => t.status === 'released').reduce((s, t) => s + t.amountFen, 0));
    const pending = items.find((i) => i.c.status === 'pending')!;
    expect((await env.services.contracts.detail(tenantId, pending.c.id)).confirmations.map((c) => c.side)).toEqual(['office']);
  });
});

describe('demo expert review', () => {
  it('has an open double-blind round where the panel has scored and the demo expert still has work', async () => {
    const rounds = await env.services.review.listRounds(tenantId, { subjectType: 'challenge', status: ['open'] }, { offset: 0, limit: 10 });
    expect(rounds.items).toHaveLength(1);
    const round = rounds.items[0]!;
    expect(round).toMatchObject({ blind: 'double', expertsPerItem: 3 });
    const { progress, names } = await env.services.reviewSheets.progress(tenantId, round.id);
    expect([...names.values()].map((n) => n.name)).toContain('陈静');
    expect(JSON.stringify(progress)).toMatch(/submitted/i);
    const expert = (await env.services.auth.listUsers(tenantId, { q: 'expert@demo.kechuang.cn', sort: 'email', order: 'asc', offset: 0, limit: 5 })).items[0]!;
    const mine = await env.services.reviewSheets.myAssignments({ userId: expert.id, tenantId, sessionId: 't', roles: ['expert'], organizationId: null, email: expert.email, displayName: expert.displayName });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((a) => a.sheet.status === 'draft')).toBe(true);
    const results = await env.services.reviewSheets.results(tenantId, round.id);
    expect(JSON.stringify(results)).toMatch(/"n":[123]/);
  });
});

describe('demo horse race', () => {
  it('has three teams at the second gate: one eliminated at the first with reasons, gate 2 in review with the demo expert still to score', async () => {
    const list = await env.services.races.list(tenantId, {}, { offset: 0, limit: 10 });
    expect(list.total).toBe(1);
    const v = await env.services.races.view(tenantId, list.items[0]!.race.id);
    expect(v.race).toMatchObject({ status: 'running', fundsRule: 'reallocate' });
    expect(v.teams).toHaveLength(3);
    expect(v.teams.map((t) => t.t.status).sort()).toEqual(['eliminated', 'racing', 'racing']);
    expect(v.teams.find((t) => t.t.status === 'eliminated')!.t).toMatchObject({ eliminatedAtGate: 1, reason: expect.stringContaining('3,200') });
    expect(v.gates.map((g) => g.status)).toEqual(['decided', 'review', 'open']);
    // The eliminated team's money went to the two others; the passing teams were paid gate 1.
    const g1 = v.decisions.filter((d) => d.gateId === v.gates[0]!.id);
    expect(g1.filter((d) => d.outcome !== 'eliminate').every((d) => d.releasedFen > 0 && d.reallocatedInFen > 0)).toBe(true);
    expect(g1.reduce((s, d) => s + d.reallocatedInFen, 0)).toBe(g1.find((d) => d.outcome === 'eliminate')!.reallocatedOutFen);
    const round = v.rounds.get(v.gates[1]!.id)!;
    expect(round.status).toBe('open');
    const expert = (await env.services.auth.listUsers(tenantId, { q: 'expert@demo.kechuang.cn', sort: 'email', order: 'asc', offset: 0, limit: 5 })).items[0]!;
    const mine = await env.services.reviewSheets.myAssignments({ userId: expert.id, tenantId, sessionId: 't', roles: ['expert'], organizationId: null, email: expert.email, displayName: expert.displayName });
    const gateSheets = mine.filter((a) => a.round.id === round.id);
    expect(gateSheets).toHaveLength(2);
    expect(gateSheets.every((a) => a.sheet.status === 'draft')).toBe(true);
    const { progress } = await env.services.reviewSheets.progress(tenantId, round.id);
    expect(JSON.stringify(progress)).toMatch(/submitted/i);
  });
});
