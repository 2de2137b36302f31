import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { inTransaction } from '../../src/platform/db/tx.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem } from './support.ts';

// The demo mailbox: tenant admins see the tenant's outgoing mail, but only where mail is not really
// sent (no SMTP) or the server runs in demo mode; one-time tokens never show.
type Mail = { id: string; to: string; subject: string; body: string; status: string; error: string | null; createdAt: string; sentAt: string | null };
type MailPage = { items: Mail[]; total: number; page: number; pageSize: number; delivery: 'smtp' | 'file' };

describe('GET /mailbox without SMTP', () => {
  let env: TestEnv;
  let t: TenantRow;
  let other: TenantRow;
  let admin: { user: UserWithRoles; cookie: string };
  let officer: { user: UserWithRoles; cookie: string };
  let otherAdmin: { user: UserWithRoles; cookie: string };

  beforeAll(async () => {
    env = await testEnv();
    t = await env.tenant();
    other = await env.tenant();
    admin = await env.as(t, ['admin']);
    officer = await env.as(t, ['officer', 'auditor']);
    otherAdmin = await env.as(other, ['admin']);
    await inTransaction(env.services.database.db, (tx) =>
      env.services.notifications.notifyRole(tx, t.id, 'officer', {
        kind: 'test.mailbox',
        title: { zh: '请审批', en: 'Please approve' },
        body: { zh: '详见链接', en: 'See the link' },
        link: '/challenges/1',
      }),
    );
    const reset = await env.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { tenant: t.slug, email: officer.user.email } });
    expect(reset.statusCode).toBe(202);
  });
  afterAll(() => env.close());

  it('401 without a session; 403 for anyone but an admin', async () => {
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/mailbox' }), 401, 'AUTH_REQUIRED');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: { cookie: officer.cookie } }), 403, 'FORBIDDEN');
  });

  it('shows the admin the tenant’s mails, newest first, with one-time tokens redacted', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/mailbox?pageSize=10', headers: { cookie: admin.cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<MailPage>();
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 10, delivery: 'file' });
    expect(page.items.map((m) => m.to)).toEqual([officer.user.email, officer.user.email]);
    const [resetMail, notice] = page.items;
    expect(resetMail!.subject).toContain('重置密码');
    expect(resetMail!.body).toContain('/reset-password?token=[redacted]');
    expect(resetMail!.body).not.toMatch(/token=[A-Za-z0-9_-]{20,}/);
    expect(notice).toMatchObject({ subject: '【科创平台】请审批 / Please approve', status: 'queued', sentAt: null });
    expect(notice!.body).toContain('/challenges/1');
  });

  it('never shows another tenant’s mail', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: { cookie: otherAdmin.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json<MailPage>()).toMatchObject({ items: [], total: 0 });
  });
});

describe('GET /mailbox with SMTP outside demo mode', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv({ env: { SMTP_URL: 'smtp://mail.example.cn:25', DEMO: 'false' } });
  });
  afterAll(() => env.close());

  it('answers 404 MAILBOX_UNAVAILABLE even for an admin (403 still comes first for others)', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    const officer = await env.as(t, ['officer']);
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: { cookie: admin.cookie } }), 404, 'MAILBOX_UNAVAILABLE');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/mailbox', headers: { cookie: officer.cookie } }), 403, 'FORBIDDEN');
  });
});
