import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { enqueueJob } from '../../src/platform/jobs/jobs.service.ts';
import { jobHandlers } from '../../src/platform/jobs/handlers.ts';
import { JobRunner } from '../../src/platform/jobs/runner.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem } from './support.ts';

let env: TestEnv;
let t: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let admin: Signed;
let otherAdmin: Signed;

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  const other = await env.tenant();
  admin = await env.as(t, ['admin']);
  otherAdmin = await env.as(other, ['admin']);
});
afterAll(() => env.close());

const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });

describe('GET /jobs', () => {
  it('401 without a session; 403 for every role but admin', async () => {
    expectProblem(await get('/jobs'), 401, 'AUTH_REQUIRED');
    for (const role of ['officer', 'auditor', 'applicant', 'expert', 'facility_manager'] as const) {
      const who = await env.as(t, [role]);
      expectProblem(await get('/jobs', who.cookie), 403, 'FORBIDDEN');
    }
  });

  it('lists my tenant’s jobs (the invitation mail), with status and paging; not other tenants’ or system jobs', async () => {
    const inv = await env.app.inject({ method: 'POST', url: '/api/v1/users/invitations', headers: { cookie: admin.cookie }, payload: { email: 'jobs@example.cn', displayName: '任务', roles: ['expert'] } });
    expect(inv.statusCode).toBe(201);
    await enqueueJob(env.services.database.db, { kind: 'system.only', tenantId: null });
    await enqueueJob(env.services.database.db, { kind: 'tenant.other', tenantId: otherAdmin.user.tenantId });
    const res = await get('/jobs', admin.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(body.items[0]).toEqual({
      id: expect.any(String),
      kind: 'mail.send',
      status: 'queued',
      runAt: expect.any(String),
      attempts: 0,
      maxAttempts: 5,
      lastError: null,
      createdAt: expect.any(String),
      finishedAt: null,
    });
    expect(JSON.stringify(body)).not.toContain('mailId'); // payloads stay on the server
    expect((await get('/jobs?status=succeeded', admin.cookie)).json().total).toBe(0);

    const runner = new JobRunner(env.services.database.db, jobHandlers(env.services), { pollMs: 1000, clock: systemClock });
    await runner.runOnce();
    const done = (await get('/jobs?status=succeeded', admin.cookie)).json();
    expect(done.total).toBe(1);
    expect(done.items[0]).toMatchObject({ kind: 'mail.send', status: 'succeeded', attempts: 1, finishedAt: expect.any(String) });
    expect((await get('/jobs?status=queued', admin.cookie)).json().total).toBe(0);
    expect((await get('/jobs?page=2&pageSize=1', admin.cookie)).json()).toMatchObject({ items: [], total: 1, page: 2, pageSize: 1 });
    expect((await get('/jobs', otherAdmin.cookie)).json().items.map((j: { kind: string }) => j.kind)).toEqual(['tenant.other']);
  });

  it('400 for bad query parameters', async () => {
    for (const q of ['status=done', 'page=0', 'pageSize=1000', 'kind=mail.send']) expectProblem(await get(`/jobs?${q}`, admin.cookie), 400, 'VALIDATION_FAILED');
  });
});
