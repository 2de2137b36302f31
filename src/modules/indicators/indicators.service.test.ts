import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import type { CommandContext } from '../../platform/audit/audit.service.ts';
import { FixedClock } from '../../platform/clock.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { creditCodeFrom } from '../../seed/demo.ts';
import type { OrganizationType, ZoneRow } from '../registry/index.ts';
import { ensureStandardIndicators, IndicatorService, recomputeHandler, RECOMPUTE_KIND, scheduleRecompute, STANDARD_INDICATORS } from './index.ts';
import { addFigureSums, COMPUTED_FORMULAS, emptyFigureSums, figureSumsOf, rollUp, WHOLE, type FigureSums } from './indicators.rules.ts';

// Against a real database: definitions, recompute from registry data (zones rolled up with their
// parks), official figures with their audit events, and the recompute job with its de-duplication.
const clock = new FixedClock(new Date('2025-06-15T04:00:00Z'));
let env: TestEnv;
let svc: IndicatorService;
let n = 0;
const code = () => creditCodeFrom(`91110108MB${String(++n).padStart(7, '0')}`);
const ctxOf = (tenantId: string): CommandContext => ({ tenantId, actorUserId: null, actorLabel: 'system:test', requestId: null });

beforeAll(async () => {
  env = await testEnv({ clock });
  svc = new IndicatorService(env.services.database.db, clock, env.services.registry);
});
afterAll(() => env.close());

async function newTenant() {
  const t = await env.tenant();
  const ctx = ctxOf(t.id);
  await ensureStandardIndicators(env.services.database.db, ctx);
  return { t, ctx };
}

/** city → zone A → park A1; city → zone B. */
async function zonesFor(ctx: CommandContext) {
  const r = env.services.registry;
  const city = await r.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing', lng: 116.4, lat: 39.9 });
  const a = await r.createZone(ctx, { parentId: city.id, level: 'zone', code: 'fsc', nameZh: '未来科学城', nameEn: 'Future Science City', lng: 116.43, lat: 40.18 });
  const a1 = await r.createZone(ctx, { parentId: a.id, level: 'park', code: 'life-valley', nameZh: '生命谷', nameEn: 'Life Valley' });
  const b = await r.createZone(ctx, { parentId: city.id, level: 'zone', code: 'hr', nameZh: '怀柔科学城', nameEn: 'Huairou Science City' });
  return { city, a, a1, b };
}

async function org(ctx: CommandContext, zone: ZoneRow | null, type: OrganizationType = 'enterprise', industryCode: string | null = null) {
  return env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: `测试单位${n}号有限公司`, type, zoneId: zone?.id ?? null, industryCode });
}

const value = async (tenantId: string, code: string, zoneId?: string, year = 2024) =>
  (await svc.listValues(tenantId, { code, zoneId, from: year, to: year }, 'staff'))[0] ?? null;

describe('standard definitions', () => {
  it('are added once per tenant, with one audit event', async () => {
    const t = await env.tenant();
    const db = env.services.database.db;
    expect(await ensureStandardIndicators(db, ctxOf(t.id))).toHaveLength(STANDARD_INDICATORS.length);
    expect(await ensureStandardIndicators(db, ctxOf(t.id))).toEqual([]);
    const defs = await svc.listDefinitions(t.id);
    expect(defs.map((d) => d.code)).toEqual(STANDARD_INDICATORS.map((d) => d.code));
    for (const d of defs.filter((x) => x.kind === 'computed')) expect(COMPUTED_FORMULAS[d.code], d.code).toBeDefined();
    const events = await env.services.database.query<{ action: string }>("select action from audit_events where tenant_id = $1 and action like 'indicator.%'", [t.id]);
    expect(events).toEqual([{ action: 'indicator.definitions_seeded' }]);
  });
});

describe('recompute from the registry', () => {
  it('aggregates per zone including its parks, and for the whole tenant; zero revenue gives null', async () => {
    const { t, ctx } = await newTenant();
    const z = await zonesFor(ctx);
    const r = env.services.registry;
    const e1 = await org(ctx, z.a1, 'enterprise', 'C2761'); // in the park
    const e2 = await org(ctx, z.a, 'enterprise', 'I6510'); // in the zone itself
    const e3 = await org(ctx, z.b, 'enterprise', 'C3589');
    const inst = await org(ctx, z.a1, 'institute', 'M7340');
    const loose = await org(ctx, null, 'enterprise', 'C2720'); // no zone: whole tenant only
    // revenue in fen: 100 million yuan = 10^10 fen
    await r.upsertFigures(ctx, e1.id, { year: 2024, revenueFen: 10_000_000_000, rdExpenditureFen: 1_500_000_000, employees: 400, rdStaff: 120, patentsGranted: 12 });
    await r.upsertFigures(ctx, e2.id, { year: 2024, revenueFen: 30_000_000_000, rdExpenditureFen: 900_000_000, employees: 1600, rdStaff: 80, patentsGranted: 3 });
    await r.upsertFigures(ctx, e3.id, { year: 2024, revenueFen: 0, rdExpenditureFen: 50_000_000, employees: 0, rdStaff: 0 });
    await r.upsertFigures(ctx, inst.id, { year: 2024, revenueFen: 2_000_000_000, rdExpenditureFen: 1_000_000_000, employees: 300, rdStaff: 250, patentsGranted: 20 });
    await r.upsertFigures(ctx, loose.id, { year: 2024, revenueFen: 5_000_000_000, employees: 100, rdStaff: 10 });
    await r.upsertFigures(ctx, e1.id, { year: 2023, revenueFen: 8_000_000_000, rdExpenditureFen: 800_000_000 });
    // e1 high-tech through 2025; e2's expired during 2024, so it counts for 2023 only; e2 holds two 专精特新 titles (counted once)
    await r.addQualification(ctx, e1.id, { kind: 'high_tech', validFrom: '2023-01-01', validTo: '2025-12-31', certificateNo: 'GR202311000001' });
    await r.addQualification(ctx, e2.id, { kind: 'high_tech', validFrom: '2021-12-01', validTo: '2024-11-30', certificateNo: 'GR202111000002' });
    await r.addQualification(ctx, e2.id, { kind: 'srdi_municipal', validFrom: '2023-03-01', validTo: '2026-02-28' });
    await r.addQualification(ctx, e2.id, { kind: 'srdi_little_giant', validFrom: '2024-07-01', validTo: '2027-06-30' });
    await r.addQualification(ctx, e3.id, { kind: 'listed', validFrom: '2020-08-01', exchange: '上交所科创板', ticker: '688999' });
    await r.addQualification(ctx, loose.id, { kind: 'high_tech', validFrom: '2025-03-01', validTo: '2028-02-29' });

    const result = await svc.recomputeNow(t.id);
    expect(result.years).toEqual([2021, 2022, 2023, 2024, 2025]);

    // R&D intensity, enterprises only: zone A = (15 + 9) / (100 + 300) million·100 = 6.00 %; the park alone 15.00 %
    expect(await value(t.id, 'rd_intensity', z.a.id)).toMatchObject({ value: '6.00', contributors: 2, inputs: { rdExpenditureFen: '2400000000', revenueFen: '40000000000' }, origin: 'computed' });
    expect(await value(t.id, 'rd_intensity', z.a1.id)).toMatchObject({ value: '15.00', contributors: 1 });
    // zone B: revenue 0 → null, stored as "cannot be computed"
    expect(await value(t.id, 'rd_intensity', z.b.id)).toMatchObject({ value: null, contributors: 1 });
    // the city holds A and B; the tenant also the loose one (which reported no R&D, so it is not in the ratio)
    expect(await value(t.id, 'rd_intensity', z.city.id)).toMatchObject({ value: '6.13', contributors: 3 }); // 24.5 / 400
    expect(await value(t.id, 'rd_intensity')).toMatchObject({ value: '6.13', contributors: 3 });
    // R&D staff per 10,000 employees, all organisation types: zone A = (120 + 80 + 250) / (400 + 1600 + 300) = 1956.5
    expect(await value(t.id, 'rd_staff_per_10k', z.a.id)).toMatchObject({ value: '1956.5' });
    expect(await value(t.id, 'rd_staff_per_10k')).toMatchObject({ value: '1916.7' }); // 460 / 2400 × 10,000 = 1916.67
    expect(await value(t.id, 'patents_granted', z.a.id)).toMatchObject({ value: '35' });
    expect(await value(t.id, 'patents_granted', z.b.id)).toBeNull(); // nobody reported patents there
    // pharma industry revenue: e1 (C2761), inst (M7340), e3 (C3589: 0), loose (C2720) = 100 + 20 + 0 + 50 million = 1.70 亿元
    expect(await value(t.id, 'industry_output_pharma')).toMatchObject({ value: '1.70', amountFen: 17_000_000_000 });
    expect(await value(t.id, 'industry_output_pharma', z.a.id)).toMatchObject({ value: '1.20', amountFen: 12_000_000_000 });

    // qualifications on 31 Dec 2024: e1 only (e2's expired 30 Nov); 2023: e1 and e2; 2025 (today, 15 June): e1 and loose
    expect(await value(t.id, 'enterprises_high_tech', z.a.id, 2024)).toMatchObject({ value: '1' });
    expect(await value(t.id, 'enterprises_high_tech', z.a.id, 2023)).toMatchObject({ value: '2' });
    expect(await value(t.id, 'enterprises_high_tech', undefined, 2025)).toMatchObject({ value: '2' });
    expect(await value(t.id, 'enterprises_high_tech', z.a.id, 2025)).toMatchObject({ value: '1' });
    expect(await value(t.id, 'enterprises_high_tech', z.b.id, 2024)).toMatchObject({ value: '0' });
    expect(await value(t.id, 'enterprises_srdi', z.a.id, 2024)).toMatchObject({ value: '1' });
    expect(await value(t.id, 'enterprises_listed', z.city.id, 2021)).toMatchObject({ value: '1' });
    expect(await value(t.id, 'enterprises_listed', z.b.id, 2021)).toMatchObject({ value: '1' });
    // the 2023 figures of e1 alone
    expect(await value(t.id, 'rd_intensity', z.a.id, 2023)).toMatchObject({ value: '10.00', contributors: 1 });

    // others than staff see figures from fewer than three organisations withheld
    const member = await svc.listValues(t.id, { code: 'rd_intensity', zoneId: z.a.id, from: 2024, to: 2024 }, 'member');
    expect(member).toEqual([expect.objectContaining({ value: null, withheld: true, contributors: null, inputs: null })]);
    expect((await svc.listValues(t.id, { code: 'rd_intensity', from: 2024, to: 2024 }, 'member'))[0]).toMatchObject({ value: '6.13', withheld: false });
  });

  it('replaces the computed values when inputs change; a one-year recompute leaves other years alone', async () => {
    const { t, ctx } = await newTenant();
    const z = await zonesFor(ctx);
    const e = await org(ctx, z.a1);
    await env.services.registry.upsertFigures(ctx, e.id, { year: 2024, revenueFen: 1000, rdExpenditureFen: 50, patentsGranted: 1 });
    await env.services.registry.upsertFigures(ctx, e.id, { year: 2023, revenueFen: 1000, rdExpenditureFen: 40 });
    await svc.recomputeNow(t.id);
    const first2023 = await value(t.id, 'rd_intensity', undefined, 2023);
    expect(await value(t.id, 'rd_intensity')).toMatchObject({ value: '5.00' });
    await env.services.registry.upsertFigures(ctx, e.id, { year: 2024, rdExpenditureFen: 70, patentsGranted: null });
    clock.advance(60_000);
    await svc.recomputeNow(t.id, 2024);
    const after = await value(t.id, 'rd_intensity');
    expect(after).toMatchObject({ value: '7.00' });
    expect(after!.computedAt!.getTime()).toBeGreaterThan(first2023!.computedAt!.getTime());
    expect(await value(t.id, 'patents_granted')).toBeNull();
    expect(await value(t.id, 'rd_intensity', undefined, 2023)).toEqual(first2023);
    const [{ n: count }] = (await env.services.database.query<{ n: number }>('select count(*)::int as n from indicator_values where tenant_id = $1', [t.id])) as [{ n: number }];
    await svc.recomputeNow(t.id);
    const [{ n: again }] = (await env.services.database.query<{ n: number }>('select count(*)::int as n from indicator_values where tenant_id = $1', [t.id])) as [{ n: number }];
    expect(again).toBe(count);
  });

  it('the SQL sums agree with the per-organisation rule on varied data', async () => {
    const { t, ctx } = await newTenant();
    const z = await zonesFor(ctx);
    const places = [z.city, z.a, z.a1, z.b, null];
    const types: OrganizationType[] = ['enterprise', 'enterprise', 'institute', 'university'];
    const industries = ['C2761', 'C3589', 'I6510', 'M7340', null];
    let seed = 7;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const maybe = <T>(v: T) => (rnd(5) === 0 ? null : v);
    const own = new Map<string | null, FigureSums>();
    for (let i = 0; i < 30; i++) {
      const place = places[rnd(places.length)]!;
      const o = await org(ctx, place, types[rnd(types.length)], industries[rnd(industries.length)]);
      const employees = maybe(50 + rnd(5000));
      const f = {
        revenueFen: maybe(rnd(1_000_000) * 1_000_000),
        rdExpenditureFen: maybe(rnd(100_000) * 1_000_000),
        employees,
        rdStaff: employees === null ? maybe(rnd(40)) : maybe(rnd(employees)),
        patentsGranted: maybe(rnd(30)),
      };
      if (f.rdStaff !== null && f.employees === null && rnd(2) === 0) f.rdStaff = null;
      await env.services.registry.upsertFigures(ctx, o.id, { year: 2024, ...f });
      const key = place?.id ?? null;
      own.set(key, addFigureSums(own.get(key) ?? emptyFigureSums(), figureSumsOf({ type: o.type, industryCode: o.industryCode, ...f })));
    }
    await svc.recomputeNow(t.id, 2024);
    const expected = rollUp([z.city, z.a, z.a1, z.b], own, emptyFigureSums, addFigureSums);
    const defs = await svc.listDefinitions(t.id);
    for (const def of defs.filter((d) => COMPUTED_FORMULAS[d.code]?.basis === 'figures')) {
      for (const [key, sums] of expected) {
        const want = COMPUTED_FORMULAS[def.code]!.compute({ figures: sums }, def);
        const got = await value(t.id, def.code, key === WHOLE ? undefined : key);
        expect(got === null ? undefined : { value: got.value, contributors: got.contributors }, `${def.code} ${key}`).toEqual(want && { value: want.value, contributors: want.contributors });
      }
    }
  });
});

describe('official figures', () => {
  it('are entered with their source, audited with the previous value; computed indicators refuse them and nothing is written', async () => {
    const { t, ctx } = await newTenant();
    const z = await zonesFor(ctx);
    const officer = { ...ctx, actorLabel: '王芳 <officer@example.cn>' };
    const before = await env.services.database.query<{ n: number }>('select count(*)::int as n from indicator_values where tenant_id = $1', [t.id]);
    await expect(svc.enterOfficialValue(officer, 'rd_intensity', { year: 2024, value: '6.5', source: '统计公报' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.enterOfficialValue(officer, 'no_such_code', { year: 2024, value: '1', source: '统计公报' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.enterOfficialValue(officer, 'funds_disbursed', { year: 2026, value: '1', source: '台账' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.enterOfficialValue(officer, 'funds_disbursed', { year: 2024, value: '1.005', source: '台账' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.enterOfficialValue(officer, 'gdp_share', { year: 2024, value: '101', source: '统计公报' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const other = await newTenant();
    const foreignZone = (await zonesFor(other.ctx)).a;
    await expect(svc.enterOfficialValue(officer, 'funds_disbursed', { year: 2024, zoneId: foreignZone.id, value: '1', source: '台账' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await env.services.database.query('select count(*)::int as n from indicator_values where tenant_id = $1', [t.id])).toEqual(before);

    const v = await svc.enterOfficialValue(officer, 'funds_disbursed', { year: 2023, zoneId: z.a.id, value: '8373', source: '昌平区政策兑现台账', note: '全年合计' });
    expect(v).toMatchObject({ code: 'funds_disbursed', zoneId: z.a.id, year: 2023, value: '8373.00', amountFen: 8_373_000_000, origin: 'official', source: '昌平区政策兑现台账', note: '全年合计' });
    const v2 = await svc.enterOfficialValue(officer, 'funds_disbursed', { year: 2023, zoneId: z.a.id, value: '8373.5', source: '昌平区政策兑现台账（更正）' });
    expect(v2).toMatchObject({ value: '8373.50', amountFen: 8_373_500_000, note: null });
    await svc.enterOfficialValue(officer, 'gdp_share', { year: 2024, value: '33.3', source: '北京市统计局' });
    expect(await value(t.id, 'gdp_share')).toMatchObject({ value: '33.3', amountFen: null });
    const events = await env.services.database.query<{ summary: Record<string, unknown>; actor_label: string }>(
      "select summary, actor_label from audit_events where tenant_id = $1 and action = 'indicator.value_entered' order by chain_seq",
      [t.id],
    );
    expect(events.map((e) => e.summary)).toEqual([
      { code: 'funds_disbursed', zoneId: z.a.id, year: 2023, value: '8373.00', previous: null, source: '昌平区政策兑现台账', note: '全年合计' },
      { code: 'funds_disbursed', zoneId: z.a.id, year: 2023, value: '8373.50', previous: '8373.00', source: '昌平区政策兑现台账（更正）', note: null },
      { code: 'gdp_share', zoneId: null, year: 2024, value: '33.3', previous: null, source: '北京市统计局', note: null },
    ]);
    expect(events[0]!.actor_label).toBe('王芳 <officer@example.cn>');
    // a recompute leaves official figures alone
    await svc.recomputeNow(t.id);
    expect(await value(t.id, 'funds_disbursed', z.a.id, 2023)).toMatchObject({ value: '8373.50' });
  });
});

describe('the recompute job', () => {
  const runnerClock = { now: () => new Date(Date.now() + 60_000) };
  const jobsOf = (tenantId: string) =>
    env.services.database.query<{ id: string; status: string; dedupe_key: string }>("select id, status, dedupe_key from jobs where tenant_id = $1 and kind = 'indicators.recompute' order by created_at, id", [tenantId]);

  it('many input changes queue one job; the handler recomputes; a change during a run queues one follow-up', async () => {
    const { t, ctx } = await newTenant();
    const db = env.services.database.db;
    const e = await org(ctx, null);
    await env.services.registry.upsertFigures(ctx, e.id, { year: 2024, revenueFen: 100, rdExpenditureFen: 3 });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await inTransaction(db, (tx) => scheduleRecompute(tx, t.id)));
    expect(new Set(ids).size).toBe(1);
    expect(await jobsOf(t.id)).toHaveLength(1);

    // Registry changes of other tests queued their own recomputes; finish them so the runner sees only ours.
    await env.services.database.query("update jobs set status = 'succeeded', finished_at = now() where status = 'queued' and (tenant_id is null or tenant_id <> $1)", [t.id]);
    const runner = new JobRunner(db, { [RECOMPUTE_KIND]: recomputeHandler(clock) }, { pollMs: 1000, clock: runnerClock });
    // claimed: now it is running, and a change may already be missed by it
    const [claimed] = await runner.claim();
    expect(claimed!.id).toBe(ids[0]);
    const follow = await inTransaction(db, (tx) => scheduleRecompute(tx, t.id));
    expect(follow).not.toBe(ids[0]);
    expect(await inTransaction(db, (tx) => scheduleRecompute(tx, t.id))).toBe(follow);
    expect((await jobsOf(t.id)).map((j) => j.dedupe_key)).toEqual([`indicators.recompute:${t.id}`, `indicators.recompute:${t.id}:after:${ids[0]}`]);
    // the first is done (its lease runs out and it is taken again), then the follow-up
    await runner.runOnce();
    const later = new JobRunner(db, { [RECOMPUTE_KIND]: recomputeHandler(clock) }, { pollMs: 1000, clock: { now: () => new Date(Date.now() + 3600_000) } });
    await later.runOnce();
    expect((await jobsOf(t.id)).map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    expect(await value(t.id, 'rd_intensity')).toMatchObject({ value: '3.00' });
    // with nothing queued, the next change queues a fresh job under the plain key
    const fresh = await inTransaction(db, (tx) => scheduleRecompute(tx, t.id));
    expect((await jobsOf(t.id)).find((j) => j.id === fresh)).toMatchObject({ status: 'queued', dedupe_key: `indicators.recompute:${t.id}` });
  });

  // PGlite is one session, so only PostgreSQL can hold a transaction open beside the runner.
  it.skipIf(!process.env.DATABASE_URL)('a queued job that a change joined cannot start before that change commits', async () => {
    const { t } = await newTenant();
    const db = env.services.database.db;
    const id = await inTransaction(db, (tx) => scheduleRecompute(tx, t.id));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let joined: string | undefined;
    const held = inTransaction(db, async (tx) => {
      joined = await scheduleRecompute(tx, t.id);
      await gate;
    });
    while (!joined) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(joined).toBe(id);
    const runner = new JobRunner(db, { [RECOMPUTE_KIND]: recomputeHandler(clock) }, { pollMs: 1000, clock: runnerClock, batchSize: 50 });
    expect((await runner.claim()).map((j) => j.id)).not.toContain(id);
    release();
    await held;
    expect((await runner.claim()).map((j) => j.id)).toContain(id);
  });

  it('gives a tenant its definitions if it has none, and refuses a payload without a tenant', async () => {
    const t = await env.tenant();
    const db = env.services.database.db;
    await inTransaction(db, (tx) => scheduleRecompute(tx, t.id, { year: 2024 }));
    await new JobRunner(db, { [RECOMPUTE_KIND]: recomputeHandler(clock) }, { pollMs: 1000, clock: runnerClock }).runOnce();
    expect((await jobsOf(t.id))[0]).toMatchObject({ status: 'succeeded', dedupe_key: `indicators.recompute:${t.id}:2024` });
    expect((await svc.listDefinitions(t.id)).length).toBe(STANDARD_INDICATORS.length);
    const handler = recomputeHandler(clock);
    await expect(inTransaction(db, (tx) => handler(tx, { payload: {}, tenantId: null } as never))).rejects.toThrow(/tenantId/);
  });

  it('an officer request is audited and shares the queued job', async () => {
    const { t, ctx } = await newTenant();
    const a = await svc.requestRecompute(ctx);
    const b = await svc.requestRecompute(ctx);
    expect(a).toBe(b);
    await expect(svc.requestRecompute(ctx, 2026)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const events = await env.services.database.query<{ summary: unknown }>("select summary from audit_events where tenant_id = $1 and action = 'indicator.recompute_requested'", [t.id]);
    expect(events).toEqual([{ summary: { year: null, jobId: a } }, { summary: { year: null, jobId: a } }]);
  });
});
