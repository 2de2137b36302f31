import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { auditActions, expectProblem, RANDOM_UUID, rowCounts } from './support.ts';

// The registry's platform-level guarantees for organisations: the unified social credit code is
// checked and unique per tenant, refused commands write nothing, tenants and applicants are fenced.
// Search, zones, qualifications and figures are tested with the registry module itself.
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let admin: Signed;
let officer: Signed;
let auditor: Signed;
let expert: Signed;
let otherOfficer: Signed;

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  other = await env.tenant();
  [admin, officer, auditor, expert, otherOfficer] = [
    await env.as(t, ['admin']),
    await env.as(t, ['officer']),
    await env.as(t, ['auditor']),
    await env.as(t, ['expert']),
    await env.as(other, ['officer']),
  ];
});
afterAll(() => env.close());

const create = (cookie: string | undefined, payload: unknown) =>
  env.app.inject({ method: 'POST', url: '/api/v1/organizations', headers: cookie ? { cookie } : {}, payload: payload as object });
const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });

const CODE_A = creditCodeFrom('91110108MA0200001');
const CODE_B = creditCodeFrom('12110000MB0200002');

describe('POST /organizations', () => {
  it('registers an organisation (officer or admin), normalising the code, and audits it', async () => {
    const res = await create(officer.cookie, { creditCode: ` ${CODE_A.toLowerCase()} `.trim(), nameZh: ' 中关村测试科技有限公司 ', nameEn: 'ZGC Test Tech', type: 'enterprise' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ id: expect.any(String), creditCode: CODE_A, nameZh: '中关村测试科技有限公司', nameEn: 'ZGC Test Tech', type: 'enterprise', createdAt: expect.any(String) });
    const byAdmin = await create(admin.cookie, { creditCode: CODE_B, nameZh: '北京测试研究院', type: 'institute' });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json().nameEn).toBeNull();
    const [ev] = await env.services.database.query<{ summary: unknown; target_id: string }>(
      "select summary, target_id from audit_events where tenant_id = $1 and action = 'organization.created' order by chain_seq limit 1",
      [t.id],
    );
    expect(ev).toEqual({ target_id: body.id, summary: { creditCode: CODE_A, nameZh: '中关村测试科技有限公司', type: 'enterprise' } });
  });

  it('400 INVALID_CREDIT_CODE for a wrong check character, and nothing is written', async () => {
    const wrong = CODE_A.slice(0, 17) + (CODE_A[17] === '0' ? '1' : '0');
    const before = await rowCounts(env);
    const beforeAudit = await auditActions(env, t.id);
    for (const code of [wrong, '91110108MA020000IX', 'ABCDEFGHJKLMNPQRTU']) {
      const body = expectProblem(await create(officer.cookie, { creditCode: code, nameZh: '无效代码公司', type: 'enterprise' }), 400, 'INVALID_CREDIT_CODE');
      expect(body.errors).toEqual([{ path: 'body.creditCode', message: expect.any(String) }]);
    }
    expect(await rowCounts(env)).toEqual(before);
    expect(await auditActions(env, t.id)).toEqual(beforeAudit);
  });

  it('409 CREDIT_CODE_TAKEN for a code already registered in my tenant; another tenant may register it', async () => {
    const code = creditCodeFrom('91110108MA0200003');
    expect((await create(officer.cookie, { creditCode: code, nameZh: '第一家公司', type: 'enterprise' })).statusCode).toBe(201);
    const before = await rowCounts(env);
    expectProblem(await create(admin.cookie, { creditCode: code.toLowerCase(), nameZh: '第二家公司', type: 'enterprise' }), 409, 'CREDIT_CODE_TAKEN');
    expect(await rowCounts(env)).toEqual(before);
    expect((await create(otherOfficer.cookie, { creditCode: code, nameZh: '别处的公司', type: 'enterprise' })).statusCode).toBe(201);
  });

  it('concurrent registrations of one code: exactly one succeeds, the others answer 409 (never 500)', async () => {
    const code = creditCodeFrom('91110108MA0200009');
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => create(i % 2 ? admin.cookie : officer.cookie, { creditCode: code, nameZh: `抢注公司${i}`, type: 'enterprise' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expectProblem(r, 409, 'CREDIT_CODE_TAKEN');
    const rows = await env.services.database.query<{ n: number }>('select count(*)::int as n from organizations where credit_code = $1 and tenant_id = $2', [code, t.id]);
    expect(rows[0]!.n).toBe(1);
  });

  it('401 without a session, 403 for auditor and expert, 400 for bad bodies — writing nothing', async () => {
    const good = { creditCode: creditCodeFrom('91110108MA0200004'), nameZh: '好公司', type: 'enterprise' };
    const before = await rowCounts(env);
    expectProblem(await create(undefined, good), 401, 'AUTH_REQUIRED');
    expectProblem(await create(auditor.cookie, good), 403, 'FORBIDDEN');
    expectProblem(await create(expert.cookie, good), 403, 'FORBIDDEN');
    for (const bad of [
      { ...good, type: 'company' },
      { ...good, creditCode: '123' },
      { ...good, creditCode: 911101 },
      { ...good, nameZh: '好' },
      { ...good, tenantId: other.id },
      { creditCode: good.creditCode, nameZh: '好公司' },
    ]) {
      expectProblem(await create(officer.cookie, bad), 400, 'VALIDATION_FAILED');
    }
    expect(await rowCounts(env)).toEqual(before);
  });
});

describe('GET /organizations and /organizations/:id', () => {
  it('lists my tenant’s organisations by name with a type filter and paging; 401 and 403 otherwise', async () => {
    expectProblem(await get('/organizations'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/organizations', expert.cookie), 403, 'FORBIDDEN');
    const all = await get('/organizations?pageSize=200', auditor.cookie);
    expect(all.statusCode).toBe(200);
    const names = (all.json().items as { nameZh: string }[]).map((o) => o.nameZh);
    expect(names).toContain('中关村测试科技有限公司');
    expect(names).not.toContain('别处的公司');
    expect(all.json().total).toBe(names.length);
    const institutes = (await get('/organizations?type=institute', admin.cookie)).json();
    expect(institutes.items.map((o: { creditCode: string }) => o.creditCode)).toEqual([CODE_B]);
    const page = (await get('/organizations?pageSize=1&page=2', admin.cookie)).json();
    expect(page).toMatchObject({ page: 2, pageSize: 1, total: names.length });
    expect(page.items.map((o: { nameZh: string }) => o.nameZh)).toEqual([names[1]]);
    for (const q of ['type=startup', 'pageSize=0', 'sort=popularity', 'tenantId=x']) expectProblem(await get(`/organizations?${q}`, admin.cookie), 400, 'VALIDATION_FAILED');
  });

  it('an applicant sees its own organisation only; others and other tenants’ answer 404', async () => {
    const mine = (await create(officer.cookie, { creditCode: creditCodeFrom('91110108MA0200005'), nameZh: '申请人自己的公司', type: 'enterprise' })).json();
    const theirs = (await create(officer.cookie, { creditCode: creditCodeFrom('91110108MA0200006'), nameZh: '别人的公司', type: 'enterprise' })).json();
    const elsewhere = (await create(otherOfficer.cookie, { creditCode: creditCodeFrom('91110108MA0200007'), nameZh: '外地公司', type: 'enterprise' })).json();
    const member = await env.user(t, ['applicant'], { organizationId: mine.id });
    const cookie = await env.login(t, member.email);
    const own = await get(`/organizations/${mine.id}`, cookie);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: mine.id, nameZh: '申请人自己的公司' });
    const a = expectProblem(await get(`/organizations/${theirs.id}`, cookie), 404, 'NOT_FOUND');
    const b = expectProblem(await get(`/organizations/${RANDOM_UUID}`, cookie), 404, 'NOT_FOUND');
    expect(a.detail).toBe(b.detail);
    expectProblem(await get('/organizations', cookie), 403, 'FORBIDDEN');
    // Officers, admins and auditors see any organisation of their own tenant, none of another's.
    for (const who of [officer, admin, auditor]) expect((await get(`/organizations/${theirs.id}`, who.cookie)).statusCode).toBe(200);
    const cross = expectProblem(await get(`/organizations/${elsewhere.id}`, officer.cookie), 404, 'NOT_FOUND');
    expect(cross.detail).toBe(b.detail);
    expectProblem(await get(`/organizations/${mine.id}`, otherOfficer.cookie), 404, 'NOT_FOUND');
    expectProblem(await get(`/organizations/${mine.id}`), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/organizations/not-a-uuid', officer.cookie), 400, 'VALIDATION_FAILED');
  });
});
