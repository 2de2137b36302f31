import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import type { TenantRow, UserWithRoles } from '../auth/auth.service.ts';
import { FixedClock } from '../clock.ts';
import { inTransaction } from '../db/tx.ts';
import type { NotificationContent } from './index.ts';

// The notification centre against a real database: rows and mails in the caller's transaction,
// recipients by role, reminder de-duplication and keyset paging.
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
let officer: UserWithRoles;
let officer2: UserWithRoles;
let disabledOfficer: UserWithRoles;
let invitedOfficer: UserWithRoles;
let englishOfficer: UserWithRoles;
let applicant: UserWithRoles;
let otherOfficer: UserWithRoles;
const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));

const q = <T = Record<string, unknown>>(text: string, params?: unknown[]) => env.services.database.query<T>(text, params);
const count = async (table: string) => Number((await q<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n);
const sys = (tenant: TenantRow) => ({ tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null });

const content: NotificationContent = {
  kind: 'challenge.approval_requested',
  title: { zh: '榜单“脑机接口电极”待您审批', en: 'Challenge “BCI electrodes” awaits your approval' },
  body: { zh: '请在 5 个工作日内处理。', en: 'Please decide within 5 working days.' },
  link: '/challenges/123',
  subject: { type: 'challenge', id: '00000000-0000-4000-8000-000000000123' },
};

beforeAll(async () => {
  env = await testEnv({ clock, env: { PUBLIC_URL: 'https://kc.example.cn/' } });
  t = await env.tenant();
  other = await env.tenant();
  officer = await env.user(t, ['officer']);
  officer2 = await env.user(t, ['officer', 'admin']);
  disabledOfficer = await env.user(t, ['officer']);
  invitedOfficer = await env.user(t, ['officer']);
  englishOfficer = await env.user(t, ['officer']);
  applicant = await env.user(t, ['applicant']);
  otherOfficer = await env.user(other, ['officer']);
  await env.services.auth.setDisabled(sys(t), disabledOfficer.id, true);
  await q(`update users set status = 'invited' where id = $1`, [invitedOfficer.id]);
  await q(`update users set locale = 'en' where id = $1`, [englishOfficer.id]);
});
afterAll(() => env.close());

describe('notify', () => {
  it('writes one row per recipient and one mail (with its send job) in the caller’s transaction', async () => {
    const n = env.services.notifications;
    const before = { jobs: await count(`jobs where kind = 'mail.send'`) };
    const r = await inTransaction(env.services.database.db, (tx) => n.notify(tx, { ...content, tenantId: t.id, userIds: [officer.id, applicant.id, officer.id] }));
    expect(r.notificationIds).toHaveLength(2);
    expect(r.mailIds).toHaveLength(2);
    const rows = await q<{ user_id: string; title_zh: string; link: string; subject: unknown; created_at: Date }>(
      'select user_id, title_zh, link, subject, created_at from notifications where id = any($1::uuid[])',
      [r.notificationIds],
    );
    expect(rows.map((x) => x.user_id).sort()).toEqual([officer.id, applicant.id].sort());
    expect(rows[0]).toMatchObject({ title_zh: content.title.zh, link: '/challenges/123', subject: content.subject });
    expect(new Date(rows[0]!.created_at).toISOString()).toBe(clock.now().toISOString());
    const mails = await q<{ to_address: string; subject: string; body_text: string }>('select to_address, subject, body_text from mail_outbox where id = any($1::uuid[])', [r.mailIds]);
    const toOfficer = mails.find((m) => m.to_address === officer.email)!;
    expect(toOfficer.subject).toBe(`【科创平台】${content.title.zh} / ${content.title.en}`);
    // Chinese first, English below, the link absolute under PUBLIC_URL (its trailing slash dropped).
    expect(toOfficer.body_text.indexOf('请在 5 个工作日内处理')).toBeLessThan(toOfficer.body_text.indexOf('Please decide'));
    expect(toOfficer.body_text).toContain('https://kc.example.cn/challenges/123');
    expect(toOfficer.body_text).toContain(`${officer.displayName}，您好`);
    expect(await count(`jobs where kind = 'mail.send'`)).toBe(before.jobs + 2);
  });

  it('writes English-only mail for a user whose locale is en', async () => {
    const r = await inTransaction(env.services.database.db, (tx) => env.services.notifications.notify(tx, { ...content, tenantId: t.id, userIds: [englishOfficer.id] }));
    const [mail] = await q<{ subject: string; body_text: string }>('select subject, body_text from mail_outbox where id = $1', [r.mailIds[0]]);
    expect(mail!.subject).toBe(`[Kechuang] ${content.title.en}`);
    expect(mail!.body_text).not.toContain('请在');
    expect(mail!.body_text).toContain('Open: https://kc.example.cn/challenges/123');
  });

  it('sends no mail with email: false, and no link line without a link', async () => {
    const mailsBefore = await count('mail_outbox');
    const r = await inTransaction(env.services.database.db, (tx) =>
      env.services.notifications.notify(tx, { ...content, link: null, email: false, tenantId: t.id, userIds: [officer.id] }),
    );
    expect(r).toMatchObject({ mailIds: [] });
    expect(r.notificationIds).toHaveLength(1);
    expect(await count('mail_outbox')).toBe(mailsBefore);
  });

  it('leaves nothing behind when the caller’s transaction rolls back', async () => {
    const before = [await count('notifications'), await count('mail_outbox'), await count('jobs')];
    await expect(
      inTransaction(env.services.database.db, async (tx) => {
        await env.services.notifications.notify(tx, { ...content, tenantId: t.id, userIds: [officer.id, officer2.id] });
        await env.services.notifications.notifyRole(tx, t.id, 'officer', content);
        throw new Error('the command failed after notifying');
      }),
    ).rejects.toThrow('the command failed');
    expect([await count('notifications'), await count('mail_outbox'), await count('jobs')]).toEqual(before);
  });

  it('refuses recipients of another tenant, and links that are not in-app paths', async () => {
    const db = env.services.database.db;
    await expect(inTransaction(db, (tx) => env.services.notifications.notify(tx, { ...content, tenantId: t.id, userIds: [otherOfficer.id] }))).rejects.toThrow(/not in tenant/);
    await expect(inTransaction(db, (tx) => env.services.notifications.notify(tx, { ...content, link: 'https://evil.example/x', tenantId: t.id, userIds: [officer.id] }))).rejects.toThrow(/in-app path/);
    await expect(inTransaction(db, (tx) => env.services.notifications.notify(tx, { ...content, link: '//evil.example/x', tenantId: t.id, userIds: [officer.id] }))).rejects.toThrow(/in-app path/);
  });

  it('with no recipients does nothing', async () => {
    const r = await inTransaction(env.services.database.db, (tx) => env.services.notifications.notify(tx, { ...content, tenantId: t.id, userIds: [] }));
    expect(r).toEqual({ notificationIds: [], mailIds: [] });
  });
});

describe('notifyRole', () => {
  it('reaches every officer of the tenant once, skips disabled users and other tenants; invited users get no mail yet', async () => {
    const r = await inTransaction(env.services.database.db, (tx) =>
      env.services.notifications.notifyRole(tx, t.id, ['officer', 'admin'], { ...content, kind: 'test.role' }),
    );
    const rows = await q<{ user_id: string }>(`select user_id from notifications where kind = 'test.role'`);
    const recipients = rows.map((x) => x.user_id).sort();
    expect(recipients).toEqual([officer.id, officer2.id, invitedOfficer.id, englishOfficer.id].sort());
    expect(recipients).not.toContain(disabledOfficer.id);
    expect(recipients).not.toContain(otherOfficer.id);
    expect(r.mailIds).toHaveLength(3);
    const to = await q<{ to_address: string }>('select to_address from mail_outbox where id = any($1::uuid[])', [r.mailIds]);
    expect(to.map((m) => m.to_address)).not.toContain(invitedOfficer.email);
  });
});

describe('hasRecentNotification', () => {
  it('finds a notification of the same kind and subject since a given time', async () => {
    const n = env.services.notifications;
    const db = env.services.database.db;
    const subject = { type: 'challenge', id: '00000000-0000-4000-8000-00000000beef' };
    await inTransaction(db, (tx) => n.notify(tx, { ...content, kind: 'challenge.reminder', subject, email: false, tenantId: t.id, userIds: [applicant.id] }));
    const at = clock.now();
    expect(await n.hasRecentNotification(db, applicant.id, 'challenge.reminder', subject, new Date(at.getTime() - 3_600_000))).toBe(true);
    expect(await n.hasRecentNotification(db, applicant.id, 'challenge.reminder', subject, at)).toBe(true);
    expect(await n.hasRecentNotification(db, applicant.id, 'challenge.reminder', subject, new Date(at.getTime() + 1))).toBe(false);
    expect(await n.hasRecentNotification(db, applicant.id, 'challenge.other', subject, new Date(0))).toBe(false);
    expect(await n.hasRecentNotification(db, applicant.id, 'challenge.reminder', { ...subject, id: 'x' }, new Date(0))).toBe(false);
    expect(await n.hasRecentNotification(db, officer.id, 'challenge.reminder', subject, new Date(0))).toBe(false);
  });
});

describe('list', () => {
  it('pages newest first by keyset, each row exactly once, also among rows written at the same instant', async () => {
    const n = env.services.notifications;
    const u = await env.user(t, ['expert']);
    for (let i = 0; i < 7; i++) {
      if (i % 3 === 0) clock.advance(1000);
      await inTransaction(env.services.database.db, (tx) =>
        n.notify(tx, { ...content, kind: 'test.page', title: { zh: `第 ${i} 条`, en: `No. ${i}` }, email: false, tenantId: t.id, userIds: [u.id] }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await n.list(t.id, u.id, { limit: 3, cursor });
      seen.push(...p.items.map((x) => x.titleEn));
      cursor = p.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    const times = (await n.list(t.id, u.id, { limit: 10 })).items.map((x) => x.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await n.unreadCount(t.id, u.id)).toBe(7);
  });
});
