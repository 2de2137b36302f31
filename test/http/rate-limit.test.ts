import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';
import { expectProblem } from './support.ts';

// Its own environment: LOGIN_RATE_LIMIT is small here and the limiter's counters are per app.
let env: TestEnv;
beforeAll(async () => {
  env = await testEnv({ env: { LOGIN_RATE_LIMIT: '3' } });
});
afterAll(() => env.close());

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED after LOGIN_RATE_LIMIT sign-in attempts a minute from one address, even with the right password', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer']);
    const attempt = (password: string, remoteAddress = '203.0.113.7') =>
      env.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { tenant: t.slug, identifier: u.email, password } });
    for (let i = 0; i < 3; i++) expectProblem(await attempt('wrong-pass-123'), 401, 'AUTH_INVALID_CREDENTIALS');
    const limited = await attempt(TEST_PASSWORD);
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.cookies.find((c) => c.name === 'kc_session')).toBeUndefined();
    // Another address is counted separately.
    expect((await attempt(TEST_PASSWORD, '203.0.113.8')).statusCode).toBe(200);
  });

  it('limits password-reset requests to 5 a minute per address', async () => {
    const t = await env.tenant();
    const ask = () => env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', remoteAddress: '198.51.100.9', payload: { tenant: t.slug, email: 'nobody@example.cn' } });
    for (let i = 0; i < 5; i++) expect((await ask()).statusCode).toBe(202);
    expectProblem(await ask(), 429, 'RATE_LIMITED');
  });
});
