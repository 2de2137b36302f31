import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';
import { auditActions, expectProblem, RANDOM_UUID, rowCounts } from './support.ts';

// User administration. One tenant with a known set of users serves the read tests; commands that
// change state get their own tenant so that counts and the last-admin rule stay predictable.
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
let admin: { user: UserWithRoles; cookie: string };
let officer: { user: UserWithRoles; cookie: string };
let otherAdmin: { user: UserWithRoles; cookie: string };
let people: UserWithRoles[];

const ctxOf = (tenant: TenantRow) => ({ tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null });

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  other = await env.tenant();
  admin = await env.as(t, ['admin']);
  officer = await env.as(t, ['officer']);
  otherAdmin = await env.as(other, ['admin']);
  const mk = (email: string, displayName: string, roles: UserWithRoles['roles'], mobile: string | null = null) =>
    env.services.auth.createUser(ctxOf(t), { email, displayName, password: TEST_PASSWORD, roles, mobile }, 'admin');
  people = [
    await mk('alice@lab.cn', 'Alice 安', ['applicant'], '13600000001'),
    await mk('bob@lab.cn', 'Bob 博', ['expert']),
    await mk('carol@uni.cn', 'Carol 卡', ['expert', 'applicant']),
    await mk('dave_100%@uni.cn', 'Dave 戴', ['auditor']),
  ];
  await env.services.auth.setDisabled(ctxOf(t), people[1]!.id, true);
});
afterAll(() => env.close());

const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
const send = (method: 'POST' | 'PATCH', url: string, cookie: string | undefined, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
const emails = (res: { json(): unknown }) => (res.json() as { items: { email: string }[] }).items.map((u) => u.email);

describe('GET /users', () => {
  it('401 without a session, 403 for a non-admin', async () => {
    expectProblem(await get('/users'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/users', officer.cookie), 403, 'FORBIDDEN');
  });

  it('lists only my tenant, newest first by default, with paging metadata and allowed actions', async () => {
    const res = await get('/users', admin.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(6);
    expect(body).toMatchObject({ page: 1, pageSize: 20 });
    expect(body.items.map((u: { email: string }) => u.email)).not.toContain(otherAdmin.user.email);
    expect(body.items[0].email).toBe('dave_100%@uni.cn');
    const bob = body.items.find((u: { email: string }) => u.email === 'bob@lab.cn');
    expect(bob).toMatchObject({ status: 'disabled', actions: ['update', 'enable'] });
    const alice = body.items.find((u: { email: string }) => u.email === 'alice@lab.cn');
    expect(alice.actions).toEqual(['update', 'disable', 'revokeSessions']);
    const self = body.items.find((u: { id: string }) => u.id === admin.user.id);
    expect(self.actions).not.toContain('disable');
    for (const u of body.items) expect(u.passwordHash).toBeUndefined();
  });

  it('sorts, filters and pages', async () => {
    expect(emails(await get('/users?sort=email&order=asc', admin.cookie)).slice(0, 4)).toEqual(['alice@lab.cn', 'bob@lab.cn', 'carol@uni.cn', 'dave_100%@uni.cn']);
    const byName = emails(await get('/users?sort=displayName&order=desc&pageSize=2', admin.cookie));
    const all = emails(await get('/users?sort=displayName&order=desc&pageSize=200', admin.cookie));
    expect(byName).toEqual(all.slice(0, 2));
    const page2 = await get('/users?sort=displayName&order=desc&pageSize=2&page=2', admin.cookie);
    expect(page2.json()).toMatchObject({ page: 2, pageSize: 2, total: 6 });
    expect(emails(page2)).toEqual(all.slice(2, 4));
    expect(emails(await get('/users?page=99', admin.cookie))).toEqual([]);
    // Never signed in sorts last either way.
    const byLogin = (await get('/users?sort=lastLoginAt&order=desc', admin.cookie)).json().items as { lastLoginAt: string | null }[];
    expect(byLogin[0]!.lastLoginAt).not.toBeNull();
    expect(byLogin.at(-1)!.lastLoginAt).toBeNull();

    expect(emails(await get('/users?role=expert&sort=email&order=asc', admin.cookie))).toEqual(['bob@lab.cn', 'carol@uni.cn']);
    expect(emails(await get('/users?status=disabled', admin.cookie))).toEqual(['bob@lab.cn']);
    expect(emails(await get('/users?role=expert&status=active', admin.cookie))).toEqual(['carol@uni.cn']);
    expect(emails(await get(`/users?q=${encodeURIComponent('卡')}`, admin.cookie))).toEqual(['carol@uni.cn']);
    expect(emails(await get('/users?q=UNI.CN&sort=email&order=asc', admin.cookie))).toEqual(['carol@uni.cn', 'dave_100%@uni.cn']);
    expect(emails(await get('/users?q=13600000001', admin.cookie))).toEqual(['alice@lab.cn']);
    // LIKE wildcards in the search are literal.
    expect(emails(await get(`/users?q=${encodeURIComponent('100%')}`, admin.cookie))).toEqual(['dave_100%@uni.cn']);
    expect(emails(await get(`/users?q=${encodeURIComponent('%')}`, admin.cookie))).toEqual(['dave_100%@uni.cn']);
    expect(emails(await get('/users?q=_', admin.cookie))).toEqual(['dave_100%@uni.cn']);
  });

  it('400 for bad query parameters', async () => {
    for (const q of ['page=0', 'pageSize=201', 'page=abc', 'sort=password', 'order=up', 'role=root', 'status=gone', 'limit=5', `q=${'x'.repeat(101)}`]) {
      expectProblem(await get(`/users?${q}`, admin.cookie), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('GET /users/:id', () => {
  it('answers a user of my tenant; 404 for another tenant’s user and for none; 400 for a malformed id', async () => {
    const res = await get(`/users/${people[0]!.id}`, admin.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: people[0]!.id, email: 'alice@lab.cn', mobile: '13600000001', roles: ['applicant'] });
    const cross = expectProblem(await get(`/users/${otherAdmin.user.id}`, admin.cookie), 404, 'NOT_FOUND');
    const none = expectProblem(await get(`/users/${RANDOM_UUID}`, admin.cookie), 404, 'NOT_FOUND');
    expect({ ...cross, requestId: 0, instance: 0 }).toEqual({ ...none, requestId: 0, instance: 0 });
    expectProblem(await get('/users/not-a-uuid', admin.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get(`/users/${people[0]!.id}`, officer.cookie), 403, 'FORBIDDEN');
    expectProblem(await get(`/users/${people[0]!.id}`), 401, 'AUTH_REQUIRED');
  });
});

describe('PATCH /users/:id', () => {
  it('changes name, mobile and roles, audits each, and the new roles apply on the next request', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const u = await env.as(tt, ['applicant']);
    expectProblem(await get('/organizations', u.cookie), 403, 'FORBIDDEN');
    const res = await send('PATCH', `/users/${u.user.id}`, a.cookie, { displayName: ' 新名字 ', mobile: '+86 13512345678'.replace(/\s/g, ''), roles: ['officer', 'applicant'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '新名字', mobile: '13512345678', roles: ['officer', 'applicant'] });
    expect((await get('/organizations', u.cookie)).statusCode).toBe(200);
    const events = await env.services.database.query<{ action: string; summary: unknown }>(
      "select action, summary from audit_events where tenant_id = $1 and target_id = $2 and action like 'user.%' and action <> 'user.created' order by chain_seq",
      [tt.id, u.user.id],
    );
    expect(events).toEqual([
      { action: 'user.profile_updated', summary: { fields: ['displayName', 'mobile'] } },
      { action: 'user.roles_changed', summary: { from: ['applicant'], to: ['officer', 'applicant'] } },
    ]);
    // The same values again change and audit nothing.
    const before = await rowCounts(env);
    expect((await send('PATCH', `/users/${u.user.id}`, a.cookie, { displayName: '新名字', roles: ['applicant', 'officer'] })).statusCode).toBe(200);
    expect(await rowCounts(env)).toEqual(before);
    // Clearing the mobile number.
    expect((await send('PATCH', `/users/${u.user.id}`, a.cookie, { mobile: null })).json().mobile).toBeNull();
  });

  it('refuses: 401, 403, 400 (bad body), 404 (other tenant, none), 409 (mobile taken) — changing nothing', async () => {
    const target = people[2]!;
    const before = await rowCounts(env);
    expectProblem(await send('PATCH', `/users/${target.id}`, undefined, { displayName: 'x' }), 401, 'AUTH_REQUIRED');
    expectProblem(await send('PATCH', `/users/${target.id}`, officer.cookie, { displayName: 'x' }), 403, 'FORBIDDEN');
    for (const bad of [{ displayName: '' }, { displayName: 42 }, { roles: ['god'] }, { roles: 'admin' }, { mobile: '999' }, { status: 'active' }, { organizationId: 'nope' }]) {
      expectProblem(await send('PATCH', `/users/${target.id}`, admin.cookie, bad), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await send('PATCH', `/users/${otherAdmin.user.id}`, admin.cookie, { roles: ['applicant'] }), 404, 'NOT_FOUND');
    expectProblem(await send('PATCH', `/users/${RANDOM_UUID}`, admin.cookie, { displayName: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await send('PATCH', `/users/${target.id}`, admin.cookie, { mobile: '13600000001' }), 409, 'MOBILE_TAKEN');
    expect(await rowCounts(env)).toEqual(before);
    expect((await get(`/users/${otherAdmin.user.id}`, otherAdmin.cookie)).json().roles).toEqual(['admin']);
    expect((await get(`/users/${target.id}`, admin.cookie)).json()).toMatchObject({ displayName: 'Carol 卡', mobile: null });
  });

  it('LAST_ADMIN: the only active admin cannot drop the admin role; with a second admin it works', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const before = await rowCounts(env);
    expectProblem(await send('PATCH', `/users/${a.user.id}`, a.cookie, { roles: ['officer'] }), 409, 'LAST_ADMIN');
    expect(await rowCounts(env)).toEqual(before);
    expect((await get(`/users/${a.user.id}`, a.cookie)).json().roles).toEqual(['admin']);
    // A disabled admin does not count.
    const b = await env.user(tt, ['admin']);
    await env.services.auth.setDisabled(ctxOf(tt), b.id, true);
    expectProblem(await send('PATCH', `/users/${a.user.id}`, a.cookie, { roles: [] }), 409, 'LAST_ADMIN');
    await env.services.auth.setDisabled(ctxOf(tt), b.id, false);
    const res = await send('PATCH', `/users/${a.user.id}`, a.cookie, { roles: ['officer'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['officer']);
    // No longer an admin: the next admin request is forbidden.
    expectProblem(await get('/users', a.cookie), 403, 'FORBIDDEN');
  });
});

describe('disable, enable and revoke sessions', () => {
  it('disable ends the sessions and refuses sign-in; enable lets the user back in', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const u = await env.as(tt, ['applicant']);
    const res = await send('POST', `/users/${u.user.id}/disable`, a.cookie, { reason: '离职' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'disabled', actions: ['update', 'enable'] });
    expectProblem(await get('/auth/me', u.cookie), 401, 'AUTH_REQUIRED');
    const login = () => env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: tt.slug, identifier: u.user.email, password: TEST_PASSWORD } });
    expectProblem(await login(), 401, 'AUTH_INVALID_CREDENTIALS');
    const [ev] = await env.services.database.query<{ summary: unknown }>("select summary from audit_events where action = 'user.disabled' and target_id = $1", [u.user.id]);
    expect(ev!.summary).toEqual({ reason: '离职' });
    const [failed] = await env.services.database.query<{ summary: unknown }>("select summary from audit_events where action = 'auth.login_failed' and target_id = $1", [u.user.id]);
    expect(failed!.summary).toEqual({ reason: 'disabled', lockedNow: false });
    // Disabling again changes nothing.
    const before = await rowCounts(env);
    expect((await send('POST', `/users/${u.user.id}/disable`, a.cookie, {})).statusCode).toBe(200);
    expect(await rowCounts(env)).toEqual(before);

    const en = await send('POST', `/users/${u.user.id}/enable`, a.cookie);
    expect(en.statusCode).toBe(200);
    expect(en.json()).toMatchObject({ status: 'active', locked: false });
    expect((await login()).statusCode).toBe(200);
    expect(await auditActions(env, tt.id)).toEqual(expect.arrayContaining(['user.disabled', 'auth.sessions_revoked', 'user.enabled']));
  });

  it('enabling a disabled invitee returns it to "invited", not "active"', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const inv = await send('POST', '/users/invitations', a.cookie, { email: 'pending@example.cn', displayName: '待定', roles: ['expert'] });
    const id = inv.json().id as string;
    expect((await send('POST', `/users/${id}/disable`, a.cookie, {})).json().status).toBe('disabled');
    expect((await send('POST', `/users/${id}/enable`, a.cookie)).json().status).toBe('invited');
  });

  it('LAST_ADMIN holds when two admins disable each other at the same time', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const b = await env.as(tt, ['admin']);
    // Through HTTP the second request may already find its session ended (401) or meet the rule (409).
    const results = await Promise.all([send('POST', `/users/${b.user.id}/disable`, a.cookie, {}), send('POST', `/users/${a.user.id}/disable`, b.cookie, {})]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const refused = results.find((r) => r.statusCode !== 200)!;
    if (refused.statusCode === 409) expectProblem(refused, 409, 'LAST_ADMIN');
    else expectProblem(refused, 401, 'AUTH_REQUIRED');
    // Through the service both commands are sure to race inside their transactions.
    const c = await env.user(tt, ['admin']);
    const ctx = (u: UserWithRoles) => ({ tenantId: tt.id, actorUserId: u.id, actorLabel: 'test', requestId: null });
    const winner = results[0].statusCode === 200 ? a.user : b.user;
    const settled = await Promise.allSettled([env.services.auth.setDisabled(ctx(winner), c.id, true), env.services.auth.setDisabled(ctx(c), winner.id, true)]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const rejected = settled.find((s) => s.status === 'rejected')!;
    expect(rejected.reason).toMatchObject({ code: 'LAST_ADMIN' });
    const active = await env.services.database.query<{ n: number }>(
      "select count(*)::int as n from users u join user_roles r on r.user_id = u.id where u.tenant_id = $1 and r.role = 'admin' and u.status = 'active'",
      [tt.id],
    );
    expect(active[0]!.n).toBe(1);
  });

  it('concurrent invitations of one e-mail address: exactly one succeeds, the others answer 409 (never 500)', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => send('POST', '/users/invitations', a.cookie, { email: i % 2 ? 'Twice@Example.cn' : 'twice@example.cn', displayName: `两次${i}`, roles: ['expert'] })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expectProblem(r, 409, 'EMAIL_TAKEN');
  });

  it('LAST_ADMIN: the only admin cannot be disabled', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const before = await rowCounts(env);
    expectProblem(await send('POST', `/users/${a.user.id}/disable`, a.cookie, {}), 409, 'LAST_ADMIN');
    expect(await rowCounts(env)).toEqual(before);
    expect((await get('/auth/me', a.cookie)).statusCode).toBe(200);
  });

  it('revoke-sessions signs a user out everywhere', async () => {
    const tt = await env.tenant();
    const a = await env.as(tt, ['admin']);
    const u = await env.as(tt, ['expert']);
    const second = await env.login(tt, u.user.email);
    const res = await send('POST', `/users/${u.user.id}/revoke-sessions`, a.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 2 });
    expectProblem(await get('/auth/me', u.cookie), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/auth/me', second), 401, 'AUTH_REQUIRED');
    expect((await get('/auth/me', a.cookie)).statusCode).toBe(200);
    const [ev] = await env.services.database.query<{ summary: unknown; actor_user_id: string }>(
      "select summary, actor_user_id from audit_events where action = 'auth.sessions_revoked' and target_id = $1",
      [u.user.id],
    );
    expect(ev).toEqual({ summary: { count: 2, by: 'admin' }, actor_user_id: a.user.id });
  });

  it('refuses 401, 403, 400 and 404 (other tenant, none) on disable, enable and revoke-sessions — changing nothing', async () => {
    const target = people[0]!;
    const before = await rowCounts(env);
    for (const op of ['disable', 'enable', 'revoke-sessions']) {
      // The disable body is declared as required by the API (an empty object will do).
      const body = op === 'disable' ? {} : undefined;
      expectProblem(await send('POST', `/users/${target.id}/${op}`, undefined, body), 401, 'AUTH_REQUIRED');
      expectProblem(await send('POST', `/users/${target.id}/${op}`, officer.cookie, body), 403, 'FORBIDDEN');
      expectProblem(await send('POST', `/users/${otherAdmin.user.id}/${op}`, admin.cookie, body), 404, 'NOT_FOUND');
      expectProblem(await send('POST', `/users/${RANDOM_UUID}/${op}`, admin.cookie, body), 404, 'NOT_FOUND');
      expectProblem(await send('POST', `/users/12/${op}`, admin.cookie, body), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await send('POST', `/users/${target.id}/disable`, admin.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await send('POST', `/users/${target.id}/disable`, admin.cookie, { reason: 'x', notify: true }), 400, 'VALIDATION_FAILED');
    expectProblem(await send('POST', `/users/${target.id}/disable`, admin.cookie, { reason: 'x'.repeat(501) }), 400, 'VALIDATION_FAILED');
    expect(await rowCounts(env)).toEqual(before);
    expect((await get('/auth/me', otherAdmin.cookie)).statusCode).toBe(200);
  });
});

describe('organisation links are checked against the tenant', () => {
  it('refuses to attach a user to another tenant’s organisation, and changes nothing', async () => {
    const local = await testEnv();
    try {
      const a = await local.tenant();
      const b = await local.tenant();
      const admin = await local.as(a, ['admin']);
      const user = await local.user(a, ['applicant']);
      const ctxB = { tenantId: b.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
      const foreign = await local.services.registry.createOrganization(ctxB, { creditCode: '91110000100017643K', nameZh: '别的中心的单位', type: 'enterprise' });
      const res = await local.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { cookie: admin.cookie }, payload: { organizationId: foreign.id } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ path: 'body.organizationId', message: 'no such organization' }]);
      expect((await local.services.auth.getUser(a.id, user.id)).organizationId).toBeNull();
      const invite = await local.app.inject({ method: 'POST', url: '/api/v1/users/invitations', headers: { cookie: admin.cookie }, payload: { email: 'x-foreign@example.cn', displayName: '外单位', roles: ['applicant'], organizationId: foreign.id } });
      expect(invite.statusCode).toBe(400);
    } finally {
      await local.close();
    }
  });
});
