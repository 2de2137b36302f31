import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem, RANDOM_UUID } from './support.ts';

// Reading and verifying the audit trail over HTTP. Tampering and the database's refusal to change
// events are in src/platform/audit/audit.service.test.ts.
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let admin: Signed;
let auditor: Signed;
let officer: Signed;
let applicant: Signed;
let otherAuditor: Signed;
let orgRequestId: string;

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  other = await env.tenant();
  admin = await env.as(t, ['admin']);
  auditor = await env.as(t, ['auditor']);
  officer = await env.as(t, ['officer']);
  applicant = await env.as(t, ['applicant']);
  otherAuditor = await env.as(other, ['auditor']);
  orgRequestId = 'req-org-create-0001';
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/v1/organizations',
    headers: { cookie: officer.cookie, 'x-request-id': orgRequestId },
    payload: { creditCode: creditCodeFrom('91110108MA0100001'), nameZh: '审计测试有限公司', type: 'enterprise' },
  });
  expect(res.statusCode).toBe(201);
});
afterAll(() => env.close());

type Ev = { id: number; chainSeq: number; action: string; actorUserId: string | null; actorLabel: string; targetType: string; targetId: string; occurredAt: string; requestId: string | null; hash: string; prevHash: string; summary: Record<string, unknown> };
const list = async (query: string, cookie = auditor.cookie) => {
  const res = await env.app.inject({ method: 'GET', url: `/api/v1/audit/events${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Ev[]; total: number; page: number; pageSize: number }>();
};

describe('GET /audit/events', () => {
  it('401 without a session; 403 for officer and applicant; auditor and admin may read', async () => {
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/audit/events' }), 401, 'AUTH_REQUIRED');
    for (const who of [officer, applicant]) {
      expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/audit/events', headers: { cookie: who.cookie } }), 403, 'FORBIDDEN');
    }
    expect((await list('', admin.cookie)).total).toBeGreaterThan(0);
  });

  it('lists my tenant’s events newest first with the chain fields, never another tenant’s', async () => {
    const page = await list('?pageSize=200');
    const seqs = page.items.map((e) => e.chainSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs.at(-1)).toBe(1);
    expect(page.items.at(-1)!.action).toBe('tenant.created');
    expect(page.items.at(-1)!.prevHash).toBe('0'.repeat(64));
    for (let i = 0; i < page.items.length - 1; i++) expect(page.items[i]!.prevHash).toBe(page.items[i + 1]!.hash);
    expect(page.items.map((e) => e.targetId)).not.toContain(other.id);
    expect(page.items.map((e) => e.actorUserId)).not.toContain(otherAuditor.user.id);
    const theirs = await list('?pageSize=200', otherAuditor.cookie);
    expect(theirs.items.map((e) => e.actorUserId)).not.toContain(officer.user.id);
  });

  it('records who did it and the request id of the request that did it', async () => {
    const { items } = await list('?action=organization.created');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actorUserId: officer.user.id,
      actorLabel: `${officer.user.displayName} <${officer.user.email}>`,
      targetType: 'organization',
      requestId: orgRequestId,
      summary: { nameZh: '审计测试有限公司', type: 'enterprise' },
    });
  });

  it('filters by action prefix, actor, target and time, and pages', async () => {
    const auth = await list('?action=auth.&pageSize=200');
    expect(auth.total).toBe(4); // four sign-ins
    expect(auth.items.every((e) => e.action === 'auth.login_succeeded')).toBe(true);
    // "%" and "_" in the filter are literal, not wildcards.
    expect((await list('?action=%25')).total).toBe(0);
    expect((await list('?action=auth_')).total).toBe(0);
    const byActor = await list(`?actorUserId=${officer.user.id}`);
    expect(byActor.items.map((e) => e.action).sort()).toEqual(['auth.login_succeeded', 'organization.created']);
    const byTarget = await list(`?targetType=user&targetId=${applicant.user.id}`);
    expect(byTarget.items.map((e) => e.action).sort()).toEqual(['auth.login_succeeded', 'user.created']);
    expect((await list(`?actorUserId=${RANDOM_UUID}`)).total).toBe(0);

    const all = (await list('?order=asc&pageSize=200')).items;
    expect(all.map((e) => e.chainSeq)).toEqual(all.map((_, i) => i + 1));
    const pivot = all[3]!;
    const from = await list(`?order=asc&pageSize=200&from=${encodeURIComponent(pivot.occurredAt)}`);
    expect(from.items.every((e) => e.occurredAt >= pivot.occurredAt)).toBe(true);
    expect(from.items.map((e) => e.id)).toContain(pivot.id);
    const to = await list(`?order=asc&pageSize=200&to=${encodeURIComponent(pivot.occurredAt)}`);
    expect(to.items.every((e) => e.occurredAt <= pivot.occurredAt)).toBe(true);
    expect(to.items.map((e) => e.id)).toContain(pivot.id);
    expect((await list('?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).total).toBe(0);

    const p1 = await list('?order=asc&pageSize=3');
    const p2 = await list('?order=asc&pageSize=3&page=2');
    expect(p1).toMatchObject({ page: 1, pageSize: 3, total: all.length });
    expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual(all.slice(0, 6).map((e) => e.id));
  });

  it('400 for bad filters', async () => {
    for (const q of ['actorUserId=me', 'from=yesterday', 'to=2026-13-01', 'order=random', 'pageSize=0', 'pageSize=201', 'page=-1', 'tenantId=x', `action=${'a'.repeat(101)}`]) {
      expectProblem(await env.app.inject({ method: 'GET', url: `/api/v1/audit/events?${q}`, headers: { cookie: auditor.cookie } }), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('POST /audit/verify', () => {
  it('401 without a session, 403 for an officer', async () => {
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify' }), 401, 'AUTH_REQUIRED');
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: { cookie: officer.cookie } }), 403, 'FORBIDDEN');
  });

  it('walks my tenant’s chain: ok, the number of events and the head hash', async () => {
    const events = (await list('?pageSize=200')).items;
    for (const who of [auditor, admin]) {
      const res = await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: { cookie: who.cookie } });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual({ ok: true, events: events.length, headHash: events[0]!.hash, verifiedAt: expect.any(String) });
      expect(body.broken).toBeUndefined();
    }
    // Verifying is a read: it adds no event.
    expect((await list('')).total).toBe(events.length);
  });
});
