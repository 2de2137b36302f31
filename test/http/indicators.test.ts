import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { ensureStandardIndicators, IndicatorService } from '../../src/modules/indicators/index.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import type { Role } from '../../src/platform/auth/auth.tables.ts';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { createServices, type Services } from '../../src/services.ts';
import { cookieOf, TEST_PASSWORD } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';
import { expectProblem, RANDOM_UUID } from './support.ts';

// This file builds its app the way test/helpers/app.ts does, with a fixed clock for the dashboard's years.
const clock = new FixedClock(new Date('2025-06-15T04:00:00Z'));
let database: Awaited<ReturnType<typeof freshDatabase>>;
let dataDir: string;
let services: Services;
let indicators: IndicatorService;
let app: FastifyInstance;

let counter = 0;
async function tenant(): Promise<TenantRow> {
  counter++;
  return services.auth.createTenant({ slug: `ind${process.pid}-${counter}`, nameZh: `指标测试中心${counter}`, nameEn: `Indicator test ${counter}` });
}
async function as(t: TenantRow, roles: Role[]): Promise<string> {
  counter++;
  const user = await services.auth.createUser(
    { tenantId: t.id, actorUserId: null, actorLabel: 'system:test', requestId: null },
    { email: `ind${counter}@example.cn`, displayName: `用户${counter}`, password: TEST_PASSWORD, roles, mobile: null, organizationId: null },
    'admin',
  );
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: user.email, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return cookieOf(res);
}

let t: TenantRow;
let other: TenantRow;
const cookies = {} as Record<'admin' | 'officer' | 'auditor' | 'applicant' | 'expert' | 'otherOfficer', string>;
const zone = {} as Record<'city' | 'fsc' | 'park' | 'hr', string>;
let otherZone: string;
const ORG_NAMES: string[] = [];
let n = 0;

async function populate(tt: TenantRow, scale: number) {
  const ctx: CommandContext = { tenantId: tt.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const r = services.registry;
  const city = await r.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing', lng: 116.4, lat: 39.9 });
  const fsc = await r.createZone(ctx, { parentId: city.id, level: 'zone', code: 'fsc', nameZh: '未来科学城', nameEn: 'Future Science City', lng: 116.43, lat: 40.18, sortOrder: 1 });
  const park = await r.createZone(ctx, { parentId: fsc.id, level: 'park', code: 'life-valley', nameZh: '生命谷', nameEn: 'Life Valley', lng: 116.29, lat: 40.09, sortOrder: 2 });
  const hr = await r.createZone(ctx, { parentId: city.id, level: 'zone', code: 'hr', nameZh: '怀柔科学城', nameEn: 'Huairou Science City', sortOrder: 3 });
  const orgs = [];
  // three enterprises in the park (enough to publish), one in Huairou (too few: withheld)
  for (const [z, industry] of [
    [park, 'C2761'],
    [park, 'C3589'],
    [fsc, 'C2720'],
    [hr, 'C3985'],
  ] as const) {
    const nameZh = `北京指标测试${++n}生物科技有限公司`;
    ORG_NAMES.push(nameZh);
    orgs.push(await r.createOrganization(ctx, { creditCode: creditCodeFrom(`91110114MC${String(n).padStart(7, '0')}`), nameZh, type: 'enterprise', zoneId: z.id, industryCode: industry }));
  }
  for (const [i, o] of orgs.entries()) {
    await r.upsertFigures(ctx, o.id, { year: 2023, revenueFen: scale * 1_000_000_000 * (i + 1), rdExpenditureFen: scale * 50_000_000 * (i + 1), employees: 100 * (i + 1), rdStaff: 20 * (i + 1), patentsGranted: 2 });
    await r.upsertFigures(ctx, o.id, { year: 2024, revenueFen: scale * 1_000_000_000 * (i + 1), rdExpenditureFen: scale * 80_000_000 * (i + 1), employees: 100 * (i + 1), rdStaff: 25 * (i + 1), patentsGranted: 3 });
    await r.addQualification(ctx, o.id, { kind: 'high_tech', validFrom: '2022-01-01', validTo: '2027-12-31' });
  }
  await r.addQualification(ctx, orgs[0]!.id, { kind: 'srdi_little_giant', validFrom: '2024-01-01', validTo: '2026-12-31' });
  await ensureStandardIndicators(database.db, ctx);
  await indicators.recomputeNow(tt.id);
  return { city: city.id, fsc: fsc.id, park: park.id, hr: hr.id };
}

beforeAll(async () => {
  database = await freshDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'kc-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent', DEMO: 'false', LOGIN_RATE_LIMIT: '1000' });
  services = createServices(database, config, { clock });
  indicators = services.indicators;
  app = await buildApp(services, { logger: false, serveWeb: false });
  await app.ready();
  t = await tenant();
  other = await tenant();
  Object.assign(zone, await populate(t, 1));
  otherZone = (await populate(other, 7)).fsc;
  cookies.admin = await as(t, ['admin']);
  cookies.officer = await as(t, ['officer']);
  cookies.auditor = await as(t, ['auditor']);
  cookies.applicant = await as(t, ['applicant']);
  cookies.expert = await as(t, ['expert']);
  cookies.otherOfficer = await as(other, ['officer']);
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.dropAfter();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
const put = (url: string, payload: unknown, cookie?: string) => app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, payload: payload as object });
const post = (url: string, payload: unknown, cookie?: string) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, payload: payload as object });

describe('GET /indicators', () => {
  it('lists the registry with what the caller may do; 401 without a session', async () => {
    expectProblem(await get('/indicators'), 401, 'AUTH_REQUIRED');
    const res = await get('/indicators', cookies.officer);
    expect(res.statusCode).toBe(200);
    const list = res.json<{ code: string; kind: string; unit: string; frequency: string; actions: string[] }[]>();
    expect(list.map((d) => d.code)).toContain('rd_intensity');
    expect(list.find((d) => d.code === 'rd_intensity')).toMatchObject({ kind: 'computed', unit: '%', frequency: 'annual', actions: [] });
    expect(list.find((d) => d.code === 'funds_disbursed')).toMatchObject({ kind: 'official', unit: '万元', actions: ['enterValue'] });
    const mine = (await get('/indicators', cookies.applicant)).json<{ code: string; actions: string[] }[]>();
    expect(mine.find((d) => d.code === 'funds_disbursed')!.actions).toEqual([]);
  });
});

describe('GET /indicators/values', () => {
  it('answers values per year for the tenant or a zone (parks included)', async () => {
    const res = await get('/indicators/values?code=rd_intensity', cookies.officer);
    expect(res.statusCode).toBe(200);
    // tenant 2024: R&D 80·(1+2+3+4) million fen over revenue 1000·10 million fen = 8.00 %
    expect(res.json()).toEqual([
      expect.objectContaining({ code: 'rd_intensity', zoneId: null, year: 2023, value: '5.00', origin: 'computed', withheld: false, contributors: 4 }),
      expect.objectContaining({ code: 'rd_intensity', zoneId: null, year: 2024, value: '8.00', inputs: { rdExpenditureFen: '800000000', revenueFen: '10000000000' } }),
    ]);
    const fsc = (await get(`/indicators/values?code=enterprises_high_tech&zoneId=${zone.fsc}&from=2025&to=2025`, cookies.auditor)).json();
    expect(fsc).toEqual([expect.objectContaining({ year: 2025, value: '3', zoneId: zone.fsc })]);
    const all = (await get(`/indicators/values?zoneId=${zone.park}&from=2024&to=2024`, cookies.officer)).json<{ code: string }[]>();
    expect(all.map((v) => v.code)).toEqual(expect.arrayContaining(['rd_intensity', 'rd_staff_per_10k', 'patents_granted', 'enterprises_high_tech', 'industry_output_pharma']));
  });

  it('withholds values from fewer than three organisations from those who are not staff', async () => {
    const staff = (await get(`/indicators/values?code=rd_intensity&zoneId=${zone.hr}&from=2024`, cookies.officer)).json();
    expect(staff).toEqual([expect.objectContaining({ value: '8.00', withheld: false, contributors: 1 })]);
    const applicant = (await get(`/indicators/values?code=rd_intensity&zoneId=${zone.hr}&from=2024`, cookies.applicant)).json();
    expect(applicant).toEqual([expect.objectContaining({ value: null, withheld: true, contributors: null, inputs: null })]);
  });

  it('401 without a session, 400 for bad queries, 404 for an unknown code or another tenant’s zone', async () => {
    expectProblem(await get('/indicators/values?code=rd_intensity'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/indicators/values?from=2024&to=2023', cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/indicators/values?from=abc', cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/indicators/values?zoneId=not-a-uuid', cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/indicators/values?colour=red', cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/indicators/values?code=no_such', cookies.officer), 404, 'NOT_FOUND');
    expectProblem(await get(`/indicators/values?zoneId=${RANDOM_UUID}`, cookies.officer), 404, 'NOT_FOUND');
    expectProblem(await get(`/indicators/values?zoneId=${otherZone}`, cookies.officer), 404, 'NOT_FOUND');
  });
});

describe('PUT /indicators/:code/values', () => {
  const good = { year: 2024, value: '8373.00', source: '昌平区政策兑现台账', note: '年度合计' };

  it('records an official figure with its source and audits it (officer, admin)', async () => {
    const res = await put('/indicators/funds_disbursed/values', { ...good, zoneId: zone.fsc }, cookies.officer);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: 'funds_disbursed', zoneId: zone.fsc, year: 2024, value: '8373.00', amountFen: 8_373_000_000, origin: 'official', source: '昌平区政策兑现台账', note: '年度合计', enteredAt: expect.any(String) });
    expect((await put('/indicators/funds_disbursed/values', { ...good, value: '9000.5' }, cookies.admin)).json()).toMatchObject({ zoneId: null, value: '9000.50' });
    const events = await database.query<{ summary: Record<string, unknown> }>("select summary from audit_events where tenant_id = $1 and action = 'indicator.value_entered' order by chain_seq", [t.id]);
    expect(events.map((e) => e.summary.value)).toEqual(['8373.00', '9000.50']);
  });

  it('401, 403 for auditor, applicant and expert, 400 for bad bodies, 404 unknown code, 409 for a computed indicator', async () => {
    expectProblem(await put('/indicators/funds_disbursed/values', good), 401, 'AUTH_REQUIRED');
    for (const c of [cookies.auditor, cookies.applicant, cookies.expert]) expectProblem(await put('/indicators/funds_disbursed/values', good, c), 403, 'FORBIDDEN');
    for (const bad of [
      { ...good, value: 'abc' },
      { ...good, value: 83.73 },
      { ...good, value: '83.735' },
      { ...good, source: undefined },
      { ...good, year: 2026 },
      { ...good, year: 1800 },
      { ...good, colour: 'red' },
      { ...good, zoneId: RANDOM_UUID },
    ]) {
      expectProblem(await put('/indicators/funds_disbursed/values', bad, cookies.officer), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await put('/indicators/NO-SUCH/values', good, cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await put('/indicators/no_such/values', good, cookies.officer), 404, 'NOT_FOUND');
    const body = expectProblem(await put('/indicators/rd_intensity/values', { ...good, value: '6.5' }, cookies.officer), 409, 'CONFLICT');
    expect(body.detail).toMatch(/computed/);
  });

  it('keeps tenants apart: another tenant’s officer cannot use my zone, and never sees my figures', async () => {
    expectProblem(await put('/indicators/gdp_share/values', { year: 2024, value: '30', source: '统计局', zoneId: zone.fsc }, cookies.otherOfficer), 400, 'VALIDATION_FAILED');
    const theirs = (await get('/indicators/values?code=funds_disbursed', cookies.otherOfficer)).json();
    expect(theirs).toEqual([]);
    const rd = (await get('/indicators/values?code=rd_intensity&from=2024', cookies.otherOfficer)).json();
    // their figures are 7 times ours, so the ratio is the same but the inputs are not
    expect(rd).toEqual([expect.objectContaining({ value: '8.00', inputs: { rdExpenditureFen: '5600000000', revenueFen: '70000000000' } })]);
  });
});

describe('POST /indicators/recompute', () => {
  it('queues one job (officer, admin); 401, 403, 400', async () => {
    expectProblem(await post('/indicators/recompute', {}), 401, 'AUTH_REQUIRED');
    expectProblem(await post('/indicators/recompute', {}, cookies.auditor), 403, 'FORBIDDEN');
    expectProblem(await post('/indicators/recompute', { year: 'last' }, cookies.officer), 400, 'VALIDATION_FAILED');
    expectProblem(await post('/indicators/recompute', { year: 2099 }, cookies.officer), 400, 'VALIDATION_FAILED');
    const a = await post('/indicators/recompute', {}, cookies.officer);
    expect(a.statusCode).toBe(202);
    const b = await post('/indicators/recompute', {}, cookies.admin);
    expect(b.json().jobId).toBe(a.json().jobId);
    const y = await post('/indicators/recompute', { year: 2024 }, cookies.admin);
    expect(y.json().jobId).not.toBe(a.json().jobId);
    const jobs = await database.query<{ tenant_id: string; payload: unknown }>("select tenant_id, payload from jobs where kind = 'indicators.recompute' and tenant_id = $1 and status = 'queued' order by created_at", [t.id]);
    expect(jobs).toEqual([
      { tenant_id: t.id, payload: { tenantId: t.id } },
      { tenant_id: t.id, payload: { tenantId: t.id, year: 2024 } },
    ]);
  });
});

interface DashboardBody {
  tenant: { slug: string; isDemo: boolean };
  indicators: { code: string }[];
  cards: { code: string; year: number | null; value: string | null; withheld: boolean; previousYear: number | null; previousValue: string | null; change: string | null; changePercent: string | null }[];
  trends: { code: string; points: { year: number; value: string | null }[] }[];
  zones: { columns: { code: string; year: number | null }[]; rows: { code: string; cells: { code: string; value: string | null; withheld: boolean }[] }[] };
  qualificationMix: { year: number | null; items: { code: string; value: string | null }[] };
  map: { code: string; lng: number; lat: number; cells: { code: string; value: string | null }[] }[];
}

describe('GET /dashboard', () => {
  it('headline cards with the change on last year, trends, zone comparison, qualification mix and the map', async () => {
    expectProblem(await get('/dashboard'), 401, 'AUTH_REQUIRED');
    const res = await get('/dashboard', cookies.officer);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const d = res.json<DashboardBody>();
    expect(d.tenant).toMatchObject({ slug: t.slug, isDemo: false });
    expect(d.cards.find((c) => c.code === 'rd_intensity')).toMatchObject({ year: 2024, value: '8.00', previousYear: 2023, previousValue: '5.00', change: '3.00', changePercent: '60.0' });
    expect(d.cards.find((c) => c.code === 'enterprises_high_tech')).toMatchObject({ year: 2025, value: '4', previousYear: 2024, previousValue: '4', change: '0', changePercent: '0.0' });
    expect(d.cards.find((c) => c.code === 'funds_disbursed')).toMatchObject({ year: 2024, value: '9000.50', previousYear: null, change: null });
    expect(d.trends.find((x) => x.code === 'patents_granted')!.points).toEqual([
      { year: 2023, value: '8', withheld: false },
      { year: 2024, value: '12', withheld: false },
    ]);
    // compared: the zones (not the city, not the parks); the staff see Huairou's single enterprise
    expect(d.zones.rows.map((r) => r.code)).toEqual(['fsc', 'hr']);
    const hr = d.zones.rows.find((r) => r.code === 'hr')!;
    expect(hr.cells.find((c) => c.code === 'rd_intensity')).toEqual({ code: 'rd_intensity', year: 2024, value: '8.00', withheld: false });
    expect(d.zones.rows.find((r) => r.code === 'fsc')!.cells.find((c) => c.code === 'enterprises_high_tech')).toMatchObject({ year: 2025, value: '3' });
    expect(d.qualificationMix).toEqual({
      year: 2025,
      items: [
        { code: 'enterprises_high_tech', value: '4', withheld: false },
        { code: 'enterprises_srdi', value: '1', withheld: false },
        { code: 'enterprises_unicorn', value: '0', withheld: false },
        { code: 'enterprises_listed', value: '0', withheld: false },
      ],
    });
    // the map: zones with a point (Huairou has none here)
    expect(d.map.map((m) => m.code)).toEqual(['bj', 'fsc', 'life-valley']);
    expect(d.map[1]).toMatchObject({ lng: 116.43, lat: 40.18 });
  });

  it('withholds small cells from signed-in non-staff', async () => {
    const d = (await get('/dashboard', cookies.applicant)).json<DashboardBody>();
    const hr = d.zones.rows.find((r) => r.code === 'hr')!;
    expect(hr.cells.find((c) => c.code === 'rd_intensity')).toMatchObject({ value: null, withheld: true });
    expect(hr.cells.find((c) => c.code === 'enterprises_high_tech')).toMatchObject({ value: '1', withheld: false });
  });
});

describe('CSV downloads', () => {
  it('gives each chart as UTF-8 CSV with a BOM and Chinese and English headers', async () => {
    for (const chart of ['cards', 'trends', 'zones', 'qualifications', 'map']) {
      const res = await get(`/dashboard/data/${chart}.csv`, cookies.officer);
      expect(res.statusCode, chart).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="indicators-${chart}.csv"; filename\\*=UTF-8''`));
      expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toMatch(/\p{Script=Han}.* \/ [A-Z]/u);
      expect(lines.length).toBeGreaterThan(2);
    }
    const cards = (await get('/dashboard/data/cards.csv', cookies.officer)).body;
    expect(cards).toContain('rd_intensity,研发投入强度,R&D intensity,%,2024,8.00,2023,5.00,3.00,60.0,');
    const zones = (await get('/dashboard/data/zones.csv', cookies.applicant)).body;
    expect(zones).toContain('研发投入强度（%，2024） / R&D intensity (%, 2024)');
    expect(zones).toMatch(/hr,怀柔科学城,Huairou Science City,—/);
  });

  it('401 without a session, 400 for an unknown chart', async () => {
    expectProblem(await get('/dashboard/data/cards.csv'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/dashboard/data/secrets.csv', cookies.officer), 400, 'VALIDATION_FAILED');
  });
});

describe('the public dashboard', () => {
  it('needs no sign-in, shows only public indicators and aggregates, and withholds small cells', async () => {
    const res = await get(`/public/dashboard?tenant=${t.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const d = res.json<DashboardBody>();
    expect(d.indicators.map((i) => i.code)).not.toContain('industry_output_pharma');
    expect(d.cards.map((c) => c.code)).not.toContain('industry_output_pharma');
    expect(d.cards.find((c) => c.code === 'rd_intensity')).toMatchObject({ value: '8.00', withheld: false });
    expect(d.zones.rows.find((r) => r.code === 'hr')!.cells.find((c) => c.code === 'rd_intensity')).toMatchObject({ value: null, withheld: true });
    expect(d.zones.rows.find((r) => r.code === 'fsc')!.cells.find((c) => c.code === 'rd_intensity')).toMatchObject({ value: '8.00', withheld: false });
    for (const name of ORG_NAMES) expect(res.body).not.toContain(name);
    expect(res.body).not.toMatch(/inputs|contributors|creditCode|organizationId/);
    // the same with a session of any tenant: the public view does not depend on it
    expect((await get(`/public/dashboard?tenant=${t.slug}`, cookies.otherOfficer)).json()).toEqual(d);
  });

  it('shows each tenant its own figures', async () => {
    const mine = (await get(`/public/dashboard?tenant=${t.slug}`)).json<DashboardBody>();
    const theirs = (await get(`/public/dashboard?tenant=${other.slug}`)).json<DashboardBody>();
    expect(theirs.tenant.slug).toBe(other.slug);
    expect(theirs.cards.find((c) => c.code === 'funds_disbursed')!.value).toBeNull();
    expect(mine.cards.find((c) => c.code === 'funds_disbursed')!.value).toBe('9000.50');
  });

  it('CSV without sign-in; 400 without a tenant, 404 for an unknown one', async () => {
    const res = await get(`/public/dashboard/data/cards.csv?tenant=${t.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(res.body).not.toContain('industry_output_pharma');
    expectProblem(await get('/public/dashboard'), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/public/dashboard?tenant=nowhere-at-all'), 404, 'NOT_FOUND');
    expectProblem(await get('/public/dashboard/data/cards.csv?tenant=nowhere-at-all'), 404, 'NOT_FOUND');
    expectProblem(await get(`/public/dashboard/data/bogus.csv?tenant=${t.slug}`), 400, 'VALIDATION_FAILED');
  });

  it('is rate-limited per address: 120 a minute', async () => {
    const ask = (remoteAddress: string) => app.inject({ method: 'GET', url: `/api/v1/public/dashboard/data/qualifications.csv?tenant=${t.slug}`, remoteAddress });
    for (let i = 0; i < 120; i++) expect((await ask('198.51.100.77')).statusCode).toBe(200);
    expectProblem(await ask('198.51.100.77'), 429, 'RATE_LIMITED');
    expect((await ask('198.51.100.78')).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents every indicators endpoint; the public ones need no session', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>();
    for (const path of ['/api/v1/indicators', '/api/v1/indicators/values', '/api/v1/indicators/{code}/values', '/api/v1/indicators/recompute', '/api/v1/dashboard', '/api/v1/dashboard/data/{chart}.csv']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/public/dashboard']!.get!.security).toEqual([]);
    expect(doc.paths['/api/v1/public/dashboard/data/{chart}.csv']!.get!.security).toEqual([]);
  });
});
