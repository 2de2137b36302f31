import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, systemClock } from '../../src/platform/clock.ts';
import { jobHandlers } from '../../src/platform/jobs/handlers.ts';
import { JobRunner } from '../../src/platform/jobs/runner.ts';
import { testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';
import { auditActions, expectProblem, rowCounts, tokenFromMail } from './support.ts';

// Password reset and invitations: one-time tokens that exist in clear only in the mail.
const clock = new FixedClock(new Date());
let env: TestEnv;
let ip = 0;
beforeAll(async () => {
  env = await testEnv({ clock });
});
afterAll(() => env.close());

// Each call from its own address, so the per-address limits of these routes stay out of the way.
function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  ip++;
  return env.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers, remoteAddress: `10.1.${ip >> 8}.${ip & 255}` });
}
const login = (tenant: string, identifier: string, password = TEST_PASSWORD) => post('/auth/login', { tenant, identifier, password });
const NEW_PASSWORD = 'Reset-pass-2026';

describe('password reset', () => {
  it('mails a link; the token sets a new password once, ends all sessions and is audited', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['applicant']);
    const session = await env.login(t, u.email);
    const req = await post('/auth/password-reset/request', { tenant: t.slug, email: u.email.toUpperCase() });
    expect(req.statusCode).toBe(202);
    expect(req.json()).toEqual({ ok: true });
    expect(req.body).not.toMatch(/token/i);

    // The mail job writes the .eml under DATA_DIR/mail (no SMTP configured).
    const runner = new JobRunner(env.services.database.db, jobHandlers(env.services), { pollMs: 1000, clock: systemClock });
    expect(await runner.runOnce()).toBeGreaterThanOrEqual(1);
    const dir = join(env.config.dataDir, 'mail');
    const emls = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const eml = emls.find((e) => e.includes(`To: ${u.email}`));
    expect(eml).toBeDefined();
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(eml!)![1]!;
    expect(token).toBe(await tokenFromMail(env, u.email, 'reset-password'));
    const [mail] = await env.services.database.query<{ status: string }>('select status from mail_outbox where to_address = $1', [u.email]);
    expect(mail!.status).toBe('stored');
    // Only the HMAC of the token is stored.
    const stored = await env.services.database.query<{ token_hash: string }>('select token_hash from one_time_tokens where user_id = $1', [u.id]);
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    const ok = await post('/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session } }), 401, 'AUTH_REQUIRED');
    expectProblem(await login(t.slug, u.email), 401, 'AUTH_INVALID_CREDENTIALS');
    expect((await login(t.slug, u.email, NEW_PASSWORD)).statusCode).toBe(200);

    // Single use.
    const before = await rowCounts(env);
    expectProblem(await post('/auth/password-reset/confirm', { token, password: 'Another-pass-3' }), 400, 'TOKEN_INVALID');
    expect(await rowCounts(env)).toEqual(before);
    expect((await login(t.slug, u.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(env, t.id)).toEqual(expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset_completed', 'auth.sessions_revoked']));
  });

  it('a token used twice at the same time sets the password once', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer']);
    expect((await post('/auth/password-reset/request', { tenant: t.slug, email: u.email })).statusCode).toBe(202);
    const token = await tokenFromMail(env, u.email, 'reset-password');
    const results = await Promise.all([post('/auth/password-reset/confirm', { token, password: 'First-pass-111' }), post('/auth/password-reset/confirm', { token, password: 'Second-pass-222' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
    const winner = results[0].statusCode === 200 ? 'First-pass-111' : 'Second-pass-222';
    const loser = winner === 'First-pass-111' ? 'Second-pass-222' : 'First-pass-111';
    expect((await login(t.slug, u.email, winner)).statusCode).toBe(200);
    expectProblem(await login(t.slug, u.email, loser), 401, 'AUTH_INVALID_CREDENTIALS');
    const done = await env.services.database.query<{ n: number }>("select count(*)::int as n from audit_events where action = 'auth.password_reset_completed' and target_id = $1", [u.id]);
    expect(done[0]!.n).toBe(1);
  });

  it('the token expires after 30 minutes', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['expert']);
    expect((await post('/auth/password-reset/request', { tenant: t.slug, email: u.email })).statusCode).toBe(202);
    const token = await tokenFromMail(env, u.email, 'reset-password');
    clock.advance(30 * 60_000 + 1);
    expectProblem(await post('/auth/password-reset/confirm', { token, password: NEW_PASSWORD }), 400, 'TOKEN_INVALID');
    expect((await login(t.slug, u.email)).statusCode).toBe(200);
  });

  it('answers 202 alike for unknown accounts, unknown tenants and disabled users, and sends nothing', async () => {
    const t = await env.tenant();
    const gone = await env.user(t, ['applicant']);
    await env.services.auth.setDisabled({ tenantId: t.id, actorUserId: null, actorLabel: 'system:test', requestId: null }, gone.id, true);
    const before = await rowCounts(env);
    for (const body of [
      { tenant: t.slug, email: 'nobody@example.cn' },
      { tenant: 'no-such-tenant', email: 'nobody@example.cn' },
      { tenant: t.slug, email: gone.email },
    ]) {
      const res = await post('/auth/password-reset/request', body);
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ ok: true });
    }
    expect(await rowCounts(env)).toEqual(before);
  });

  it('refuses bad input: 400 for a malformed e-mail, unknown fields, short tokens, weak passwords, garbage tokens', async () => {
    const t = await env.tenant();
    const before = await rowCounts(env);
    expectProblem(await post('/auth/password-reset/request', { tenant: t.slug, email: 'not-an-email' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post('/auth/password-reset/request', { tenant: t.slug, email: 'a@b.cn', extra: 1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await post('/auth/password-reset/confirm', { token: 'short', password: NEW_PASSWORD }), 400, 'VALIDATION_FAILED');
    expectProblem(await post('/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'weakpassword' }), 400, 'PASSWORD_TOO_WEAK');
    expectProblem(await post('/auth/password-reset/confirm', { token: 'x'.repeat(43), password: NEW_PASSWORD }), 400, 'TOKEN_INVALID');
    expectProblem(await post('/auth/password-reset/confirm', { token: 'x'.repeat(43) }), 400, 'VALIDATION_FAILED');
    expect(await rowCounts(env)).toEqual(before);
  });
});

describe('invitations', () => {
  it('admin invites → the mail carries the link → accept sets the password → the user signs in', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    const res = await post('/users/invitations', { email: 'New.Expert@Example.cn', displayName: '新专家', roles: ['expert'], mobile: '+8613811112222' }, { cookie: admin.cookie });
    expect(res.statusCode).toBe(201);
    const invited = res.json();
    expect(invited).toMatchObject({ email: 'new.expert@example.cn', status: 'invited', roles: ['expert'], mobile: '13811112222', lastLoginAt: null });
    // Not active yet: no password, so sign-in fails.
    expectProblem(await login(t.slug, 'new.expert@example.cn', 'anything-123'), 401, 'AUTH_INVALID_CREDENTIALS');
    const mail = await env.services.database.query<{ subject: string; body_text: string }>('select subject, body_text from mail_outbox where to_address = $1', ['new.expert@example.cn']);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(t.nameZh);
    const token = await tokenFromMail(env, 'new.expert@example.cn', 'accept-invite');
    // An invitation token is not a reset token.
    expectProblem(await post('/auth/password-reset/confirm', { token, password: NEW_PASSWORD }), 400, 'TOKEN_INVALID');

    const ok = await post('/auth/invitations/accept', { token, password: NEW_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true });
    const signed = await login(t.slug, '13811112222', NEW_PASSWORD);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().user).toMatchObject({ id: invited.id, status: 'active', roles: ['expert'] });
    expectProblem(await post('/auth/invitations/accept', { token, password: 'Another-pass-3' }), 400, 'TOKEN_INVALID');
    expect(await auditActions(env, t.id)).toEqual(expect.arrayContaining(['user.invited', 'user.invitation_accepted']));
  });

  it('an invitation expires after 7 days; a reset token cannot accept an invitation', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    expect((await post('/users/invitations', { email: 'late@example.cn', displayName: '迟到', roles: ['applicant'] }, { cookie: admin.cookie })).statusCode).toBe(201);
    const token = await tokenFromMail(env, 'late@example.cn', 'accept-invite');
    clock.advance(7 * 86400_000 + 1000);
    expectProblem(await post('/auth/invitations/accept', { token, password: NEW_PASSWORD }), 400, 'TOKEN_INVALID');

    expect((await post('/auth/password-reset/request', { tenant: t.slug, email: admin.user.email })).statusCode).toBe(202);
    const reset = await tokenFromMail(env, admin.user.email, 'reset-password');
    expectProblem(await post('/auth/invitations/accept', { token: reset, password: NEW_PASSWORD }), 400, 'TOKEN_INVALID');
    expect((await login(t.slug, admin.user.email)).statusCode).toBe(200);
  });

  it('invite: 401 without a session, 403 for a non-admin, 400 for bad input, 409 for a taken e-mail — writing nothing', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    const officer = await env.as(t, ['officer']);
    const good = { email: 'fresh@example.cn', displayName: '新人', roles: ['applicant'] };
    const before = await rowCounts(env);
    expectProblem(await post('/users/invitations', good), 401, 'AUTH_REQUIRED');
    expectProblem(await post('/users/invitations', good, { cookie: officer.cookie }), 403, 'FORBIDDEN');
    for (const bad of [
      { ...good, roles: [] },
      { ...good, roles: ['superuser'] },
      { ...good, roles: ['admin', 'admin'] },
      { ...good, email: 'nope' },
      { ...good, displayName: '' },
      { ...good, mobile: '12345' },
      { ...good, organizationId: 'not-a-uuid' },
      { ...good, isAdmin: true },
    ]) {
      expectProblem(await post('/users/invitations', bad, { cookie: admin.cookie }), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await post('/users/invitations', { ...good, email: officer.user.email.toUpperCase() }, { cookie: admin.cookie }), 409, 'EMAIL_TAKEN');
    expect(await rowCounts(env)).toEqual(before);
  });

  it('a taken mobile number answers 409 MOBILE_TAKEN', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    await env.user(t, ['applicant'], { mobile: '13900001234' });
    const before = await rowCounts(env);
    const res = await post('/users/invitations', { email: 'm@example.cn', displayName: '手机', roles: ['applicant'], mobile: '13900001234' }, { cookie: admin.cookie });
    expectProblem(res, 409, 'MOBILE_TAKEN');
    expect(await rowCounts(env)).toEqual(before);
  });

  it('accept: 400 for weak passwords, unknown fields and unknown tokens', async () => {
    expectProblem(await post('/auth/invitations/accept', { token: 'y'.repeat(43), password: NEW_PASSWORD }), 400, 'TOKEN_INVALID');
    expectProblem(await post('/auth/invitations/accept', { token: 'y'.repeat(43), password: 'lettersonlyxx' }), 400, 'PASSWORD_TOO_WEAK');
    expectProblem(await post('/auth/invitations/accept', { token: 'y'.repeat(43), password: NEW_PASSWORD, email: 'x@y.cn' }), 400, 'VALIDATION_FAILED');
  });
});
