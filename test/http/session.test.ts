import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/platform/clock.ts';
import { cookieOf, testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';
import { auditActions, expectProblem, rowCounts } from './support.ts';

// Sessions, /auth/me, sign-out and password change. Time is a FixedClock so idle and absolute
// expiry and the lock-out period can be crossed without waiting.
const clock = new FixedClock(new Date());
let env: TestEnv;
beforeAll(async () => {
  env = await testEnv({ clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12', LOCKOUT_THRESHOLD: '3', LOCKOUT_MINUTES: '15' } });
});
afterAll(() => env.close());

const MIN = 60_000;
const login = (tenant: string, identifier: string, password = TEST_PASSWORD) =>
  env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant, identifier, password } });
const me = (cookie?: string) => env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: cookie ? { cookie } : {} });

describe('POST /auth/login', () => {
  it('refuses the right password in the wrong tenant, and an unknown tenant, like a wrong password', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const u = await env.user(a, ['officer']);
    expectProblem(await login(b.slug, u.email), 401, 'AUTH_INVALID_CREDENTIALS');
    expectProblem(await login('no-such-center', u.email), 401, 'AUTH_INVALID_CREDENTIALS');
    expectProblem(await login(a.slug, 'not-an-identifier'), 401, 'AUTH_INVALID_CREDENTIALS');
    expect((await login(a.slug, u.email)).statusCode).toBe(200);
  });

  it('returns the user, tenant and expiry and records the sign-in', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['applicant'], { mobile: '13700001111' });
    const res = await login(t.slug, '137-0000-1111');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: u.id, email: u.email, roles: ['applicant'], status: 'active', locked: false, actions: [] });
    expect(body.user.passwordHash).toBeUndefined();
    expect(body.tenant).toEqual({ id: t.id, slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, isDemo: false });
    expect(new Date(body.expiresAt).getTime()).toBe(clock.now().getTime() + 12 * 3600_000);
    const actions = await auditActions(env, t.id);
    expect(actions.at(-1)).toBe('auth.login_succeeded');
  });

  it('locks after LOCKOUT_THRESHOLD failures and unlocks after LOCKOUT_MINUTES', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['expert']);
    for (let i = 0; i < 3; i++) expectProblem(await login(t.slug, u.email, 'wrong-password-1'), 401, 'AUTH_INVALID_CREDENTIALS');
    expectProblem(await login(t.slug, u.email), 401, 'AUTH_INVALID_CREDENTIALS');
    const [row] = await env.services.database.query<{ locked_until: Date | string | null }>('select locked_until from users where id = $1', [u.id]);
    expect(row!.locked_until).not.toBeNull();
    clock.advance(14 * MIN);
    expectProblem(await login(t.slug, u.email), 401, 'AUTH_INVALID_CREDENTIALS');
    clock.advance(1 * MIN);
    expect((await login(t.slug, u.email)).statusCode).toBe(200);
    const actions = await auditActions(env, t.id);
    const failed = await env.services.database.query<{ summary: { reason: string; lockedNow: boolean } }>(
      "select summary from audit_events where tenant_id = $1 and action = 'auth.login_failed' order by chain_seq",
      [t.id],
    );
    expect(failed.map((f) => f.summary)).toEqual([
      { reason: 'bad_password', lockedNow: false },
      { reason: 'bad_password', lockedNow: false },
      { reason: 'bad_password', lockedNow: true },
      { reason: 'locked', lockedNow: false },
      { reason: 'locked', lockedNow: false },
    ]);
    expect(actions.at(-1)).toBe('auth.login_succeeded');
  });
});

describe('GET /auth/me', () => {
  it('401 AUTH_REQUIRED without a cookie', async () => {
    expectProblem(await me(), 401, 'AUTH_REQUIRED');
  });

  it('answers the user, tenant, permissions, home page and session settings', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    const res = await me(admin.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: admin.user.id, roles: ['admin'] });
    expect(body.tenant.slug).toBe(t.slug);
    expect(body.home).toBe('/admin/users');
    expect(body.permissions).toEqual(expect.arrayContaining(['user.list', 'user.invite', 'audit.read', 'job.list']));
    expect(body.session).toEqual({ id: expect.any(String), idleMinutes: 30, absoluteHours: 12 });
    // An admin looking at themself may not disable themself.
    expect(body.user.actions).not.toContain('disable');

    const auditor = await env.as(t, ['auditor']);
    const a = (await me(auditor.cookie)).json();
    expect(a.home).toBe('/audit');
    expect(a.permissions.sort()).toEqual(['audit.read', 'audit.verify', 'file.readAny', 'organization.list']);
  });

  it('answers SESSION_EXPIRED after the idle timeout, and other routes AUTH_REQUIRED', async () => {
    const t = await env.tenant();
    const { cookie } = await env.as(t, ['officer']);
    clock.advance(29 * MIN);
    expect((await me(cookie)).statusCode).toBe(200); // activity moves the idle window
    clock.advance(29 * MIN);
    expect((await me(cookie)).statusCode).toBe(200);
    clock.advance(30 * MIN);
    expectProblem(await me(cookie), 401, 'SESSION_EXPIRED');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie } }), 401, 'AUTH_REQUIRED');
  });

  it('answers SESSION_EXPIRED after the absolute lifetime even when in use', async () => {
    const t = await env.tenant();
    const { cookie } = await env.as(t, ['officer']);
    for (let elapsed = 0; elapsed < 12 * 60 - 25; elapsed += 25) {
      clock.advance(25 * MIN);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    clock.advance(25 * MIN);
    expectProblem(await me(cookie), 401, 'SESSION_EXPIRED');
  });
});

describe('sessions and sign-out', () => {
  it('lists my active sessions, marks the current one, and never shows others’', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer']);
    const other = await env.as(t, ['officer']);
    const c1 = await env.login(t, u.email);
    const c2 = await env.login(t, u.email);
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/auth/sessions' }), 401, 'AUTH_REQUIRED');
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie: c2, 'user-agent': 'vitest-agent' } });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ id: string; current: boolean; ip: string | null }[]>();
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const mine = (await me(c2)).json().session.id;
    expect(list.find((s) => s.current)!.id).toBe(mine);
    expect(list.map((s) => s.id)).not.toContain((await me(other.cookie)).json().session.id);
    // After signing out of one, only the other is listed.
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c1 } })).statusCode).toBe(200);
    const after = (await env.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: { cookie: c2 } })).json();
    expect(after).toHaveLength(1);
  });

  it('logout: 401 without a session; ends only this session, clears the cookie and is audited', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['expert']);
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout' }), 401, 'AUTH_REQUIRED');
    const c1 = await env.login(t, u.email);
    const c2 = await env.login(t, u.email);
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const cleared = res.cookies.find((c) => c.name === 'kc_session');
    expect(cleared?.value).toBe('');
    expectProblem(await me(c1), 401, 'AUTH_REQUIRED');
    expect((await me(c2)).statusCode).toBe(200);
    expect(await auditActions(env, t.id)).toContain('auth.logged_out');
  });

  it('revoke-all signs me out everywhere, this session included', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['applicant']);
    const bystander = await env.as(t, ['applicant']);
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all' }), 401, 'AUTH_REQUIRED');
    const c1 = await env.login(t, u.email);
    const c2 = await env.login(t, u.email);
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/sessions/revoke-all', headers: { cookie: c1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revoked: 2 });
    expectProblem(await me(c1), 401, 'AUTH_REQUIRED');
    expectProblem(await me(c2), 401, 'AUTH_REQUIRED');
    expect((await me(bystander.cookie)).statusCode).toBe(200);
    const [ev] = await env.services.database.query<{ summary: unknown }>(
      "select summary from audit_events where tenant_id = $1 and action = 'auth.sessions_revoked' and target_id = $2",
      [t.id, u.id],
    );
    expect(ev!.summary).toEqual({ count: 2, by: 'self' });
  });
});

describe('POST /auth/password', () => {
  it('changes the password, keeps this session and signs out the others', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer']);
    const keep = await env.login(t, u.email);
    const other = await env.login(t, u.email);
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: keep }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-pass-2' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await me(keep)).statusCode).toBe(200);
    expectProblem(await me(other), 401, 'AUTH_REQUIRED');
    expectProblem(await login(t.slug, u.email), 401, 'AUTH_INVALID_CREDENTIALS');
    const fresh = await login(t.slug, u.email, 'Brand-new-pass-2');
    expect(fresh.statusCode).toBe(200);
    expect(cookieOf(fresh)).toMatch(/^kc_session=/);
    const actions = await auditActions(env, t.id);
    expect(actions).toEqual(expect.arrayContaining(['auth.password_changed', 'auth.sessions_revoked']));
  });

  it('refuses a wrong current password, a weak or malformed new one, and no session — changing nothing', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer']);
    const cookie = await env.login(t, u.email);
    const other = await env.login(t, u.email);
    const post = (payload: unknown, headers: Record<string, string> = { cookie }) => env.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: payload as object });
    const before = await rowCounts(env);
    expectProblem(await post({ currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-pass-2' }, {}), 401, 'AUTH_REQUIRED');
    expectProblem(await post({ currentPassword: 'wrong-pass-1', newPassword: 'Brand-new-pass-2' }), 400, 'PASSWORD_WRONG');
    expectProblem(await post({ currentPassword: TEST_PASSWORD, newPassword: 'onlyletters' }), 400, 'PASSWORD_TOO_WEAK');
    expectProblem(await post({ currentPassword: TEST_PASSWORD, newPassword: 'short1' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ currentPassword: TEST_PASSWORD, newPassword: 1234567890123 }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ currentPassword: TEST_PASSWORD, newPassword: 'Brand-new-pass-2', confirm: 'x' }), 400, 'VALIDATION_FAILED');
    expect(await rowCounts(env)).toEqual(before);
    expect((await me(other)).statusCode).toBe(200);
    expect((await login(t.slug, u.email)).statusCode).toBe(200);
  });
});
