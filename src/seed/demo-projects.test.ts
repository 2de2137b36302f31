import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../test/helpers/app.ts';
import { FixedClock } from '../platform/clock.ts';
import { seedDemoProjects } from './demo-projects.ts';

// Whatever day the demo is seeded on, the list shows every status; two days are tried.
describe.each(['2026-03-02T02:00:00Z', '2027-12-31T15:00:00Z'])('the demo key-project list seeded at %s', (at) => {
  let env: TestEnv;
  let tenantId: string;
  beforeAll(async () => {
    env = await testEnv({ clock: new FixedClock(new Date(at)) });
    const t = await env.tenant();
    tenantId = t.id;
    const officer = await env.user(t, ['officer']);
    await seedDemoProjects(env.services, { tenantId, actorUserId: officer.id, actorLabel: officer.email, requestId: null }, new Map());
  }, 120_000);
  afterAll(() => env.close());

  it('has forty items in every status, one overridden with its reason, and is published', async () => {
    const [list] = await env.services.projects.listLists(tenantId);
    expect(list).toMatchObject({ published: true, publicSlug: 'changping-key-projects' });
    const facts = (await env.services.projects.listFacts(tenantId, [list!.id])).get(list!.id)!;
    expect(facts.total).toBe(40);
    for (const s of ['red', 'amber', 'green', 'done'] as const) expect(facts.counts[s], s).toBeGreaterThanOrEqual(4);
    const overridden = await env.services.database.query<{ override_reason: string }>('select override_reason from project_items where tenant_id = $1 and override_status is not null', [tenantId]);
    expect(overridden).toHaveLength(1);
    const o = await env.services.projectPlans.overview(tenantId);
    expect(o.overdueTotal).toBeGreaterThanOrEqual(8);
  });

  it('has a baseline that shows the re-planned items slipping', async () => {
    const [list] = await env.services.projects.listLists(tenantId);
    const [b] = await env.services.projectPlans.listBaselines(tenantId, list!.id);
    const c = await env.services.projectPlans.compare(tenantId, b!.id);
    const changed = c.rows.filter((r) => r.change === 'changed');
    expect(changed).toHaveLength(5);
    for (const r of changed) expect(r.endSlipDays).toBeGreaterThan(0);
  });
});
