import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv({ env: { LOCKOUT_THRESHOLD: '3' } });
});
afterAll(() => env.close());

describe('login', () => {
  it('signs in by e-mail and by mobile, and /auth/me answers', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer'], { mobile: '13912345678' });
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: u.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const set = res.cookies.find((c) => c.name === 'kc_session')!;
    expect(set.httpOnly).toBe(true);
    expect(set.sameSite).toBe('Lax');
    const me = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.roles).toEqual(['officer']);
    const byMobile = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: '+86 139 1234 5678', password: TEST_PASSWORD } });
    expect(byMobile.statusCode).toBe(200);
  });

  it('answers the same for a wrong password and an unknown account', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['applicant']);
    const wrong = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: u.email, password: 'wrong-password-1' } });
    const unknown = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: 'nobody@example.cn', password: 'wrong-password-1' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['expert']);
    for (let i = 0; i < 3; i++) {
      await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: u.email, password: 'bad-password-9' } });
    }
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: u.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('logs out and refuses the old cookie', async () => {
    const t = await env.tenant();
    const { cookie } = await env.as(t, ['auditor']);
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(200);
    const me = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});
