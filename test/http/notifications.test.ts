import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { inTransaction } from '../../src/platform/db/tx.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem, RANDOM_UUID } from './support.ts';

// The notification centre over HTTP: own notifications only, keyset paging, unread count, read marks.
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let me: Signed;
let colleague: Signed;
let stranger: Signed;

type Item = { id: string; kind: string; title: { zh: string; en: string }; body: { zh: string; en: string }; link: string | null; subject: { type: string; id: string } | null; createdAt: string; readAt: string | null };
type ListPage = { items: Item[]; nextCursor: string | null };

async function send(tenant: TenantRow, userIds: string[], i: number) {
  await inTransaction(env.services.database.db, (tx) =>
    env.services.notifications.notify(tx, {
      tenantId: tenant.id,
      userIds,
      kind: 'test.http',
      title: { zh: `通知 ${i}`, en: `Notice ${i}` },
      body: { zh: '正文', en: 'Body' },
      link: `/things/${i}`,
      subject: { type: 'thing', id: String(i) },
      email: false,
    }),
  );
}

const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
const post = (url: string, cookie?: string) => env.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
const list = async (query: string, cookie = me.cookie) => {
  const res = await get(`/notifications${query}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ListPage>();
};
const unread = async (cookie = me.cookie) => {
  const res = await get('/notifications/unread-count', cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ count: number }>().count;
};

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  other = await env.tenant();
  me = await env.as(t, ['applicant']);
  colleague = await env.as(t, ['officer']);
  stranger = await env.as(other, ['admin']);
  for (let i = 1; i <= 5; i++) await send(t, [me.user.id], i);
  await send(t, [colleague.user.id], 100);
  await send(other, [stranger.user.id], 200);
});
afterAll(() => env.close());

describe('authentication', () => {
  it('401 without a session on every endpoint', async () => {
    expectProblem(await get('/notifications'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/notifications/unread-count'), 401, 'AUTH_REQUIRED');
    expectProblem(await post(`/notifications/${RANDOM_UUID}/read`), 401, 'AUTH_REQUIRED');
    expectProblem(await post('/notifications/read-all'), 401, 'AUTH_REQUIRED');
  });
});

describe('GET /notifications', () => {
  it('lists only my notifications, newest first, in both languages', async () => {
    const page = await list('');
    expect(page.items.map((n) => n.title.en)).toEqual(['Notice 5', 'Notice 4', 'Notice 3', 'Notice 2', 'Notice 1']);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({ kind: 'test.http', title: { zh: '通知 5' }, body: { zh: '正文', en: 'Body' }, link: '/things/5', subject: { type: 'thing', id: '5' }, readAt: null });
    expect((await list('', colleague.cookie)).items.map((n) => n.title.en)).toEqual(['Notice 100']);
    expect((await list('', stranger.cookie)).items.map((n) => n.title.en)).toEqual(['Notice 200']);
  });

  it('pages by limit and cursor, each notification once', async () => {
    const first = await list('?limit=2');
    expect(first.items.map((n) => n.title.en)).toEqual(['Notice 5', 'Notice 4']);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.title.en)).toEqual(['Notice 3', 'Notice 2']);
    const third = await list(`?limit=2&cursor=${second.nextCursor}`);
    expect(third.items.map((n) => n.title.en)).toEqual(['Notice 1']);
    expect(third.nextCursor).toBeNull();
  });

  it('400 for a bad cursor or limit', async () => {
    expectProblem(await get('/notifications?cursor=not-a-cursor', me.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/notifications?limit=0', me.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/notifications?limit=101', me.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/notifications?colour=red', me.cookie), 400, 'VALIDATION_FAILED');
  });
});

describe('reading', () => {
  it('counts unread, marks one read (twice is fine), filters unread, and marks all read', async () => {
    expect(await unread()).toBe(5);
    const [newest] = (await list('?limit=1')).items;
    const res = await post(`/notifications/${newest!.id}/read`, me.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const read = res.json<Item>();
    expect(read.id).toBe(newest!.id);
    expect(read.readAt).not.toBeNull();
    const again = await post(`/notifications/${newest!.id}/read`, me.cookie);
    expect(again.statusCode).toBe(200);
    expect(again.json<Item>().readAt).toBe(read.readAt);
    expect(await unread()).toBe(4);
    expect((await list('?unread=true')).items.map((n) => n.title.en)).toEqual(['Notice 4', 'Notice 3', 'Notice 2', 'Notice 1']);

    const all = await post('/notifications/read-all', me.cookie);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ updated: 4 });
    expect(await unread()).toBe(0);
    expect((await list('?unread=true')).items).toEqual([]);
    // Nobody else's were touched.
    expect(await unread(colleague.cookie)).toBe(1);
    expect(await unread(stranger.cookie)).toBe(1);
  });

  it('404 for someone else’s notification, in my tenant or another, and for one that does not exist', async () => {
    const [theirs] = (await list('', colleague.cookie)).items;
    expectProblem(await post(`/notifications/${theirs!.id}/read`, me.cookie), 404, 'NOT_FOUND');
    const [foreign] = (await list('', stranger.cookie)).items;
    expectProblem(await post(`/notifications/${foreign!.id}/read`, me.cookie), 404, 'NOT_FOUND');
    expectProblem(await post(`/notifications/${RANDOM_UUID}/read`, me.cookie), 404, 'NOT_FOUND');
    expectProblem(await post('/notifications/not-a-uuid/read', me.cookie), 400, 'VALIDATION_FAILED');
    expect(await unread(colleague.cookie)).toBe(1);
  });
});
