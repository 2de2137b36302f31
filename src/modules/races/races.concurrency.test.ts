import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { raceWorld } from '../../../test/helpers/races.ts';
import { FixedClock } from '../../platform/clock.ts';

// Two officers decide the same gate at the same moment: the race row's lock lets one through; the other
// finds the gate decided and is refused. No tranche is paid twice, no second set of audit events.
const clock = new FixedClock(new Date('2026-05-20T02:00:00Z'));
const onPostgres = Boolean(process.env.DATABASE_URL);
let env: TestEnv;

beforeAll(async () => {
  env = await testEnv({ clock });
});
afterAll(() => env.close());

describe('a gate decided twice at once', () => {
  it.runIf(onPostgres)('exactly one decision goes through; each passing team is paid once (PostgreSQL)', async () => {
    const w = await raceWorld(env, clock, { teams: 2 });
    const svc = env.services.races;
    const officer2 = await env.user(w.tenant, ['officer']);
    const race = await svc.create(w.ctxOf(w.officer), { challengeId: w.challengeId, title: '并发裁决赛马', fundsRule: 'reallocate', gates: [{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2027-05-31' }] });
    const v = await svc.view(w.tenant.id, race.id);
    const g1 = v.gates[0]!;
    for (const t of w.teams) await w.submitEvidence(t, g1.id);
    await svc.closeEvidence(w.ctxOf(w.officer), race.id, g1.id);
    await w.reviewGate(g1.id, new Map(w.teams.map((t, i) => [t.applicationId, 8000 + i])));
    for (const t of v.teams) await svc.recordDecision(w.ctxOf(w.officer), race.id, g1.id, t.t.id, { outcome: 'pass' });

    const results = await Promise.allSettled([svc.decide(w.ctxOf(w.officer), race.id, g1.id), svc.decide(w.ctxOf(officer2), race.id, g1.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ status: 409 });

    const ids = w.teams.map((t) => t.contract.id);
    const ledger = await env.services.database.query<{ contract_id: string; n: number; fen: string }>(
      "select contract_id, count(*)::int as n, sum(amount_fen) as fen from contract_ledger where contract_id = any($1) and kind = 'release' group by contract_id order by contract_id",
      [ids],
    );
    // Each team: the gate-1 tranche of 300,000 fen, once (the signing tranche is not released by the race).
    expect(ledger.map((r) => [r.n, Number(r.fen)])).toEqual([
      [1, 300_000],
      [1, 300_000],
    ]);
    const decided = await env.services.database.query<{ n: number }>("select count(*)::int as n from audit_events where action = 'race_gate.decided' and target_id = $1", [g1.id]);
    expect(decided).toEqual([{ n: 1 }]);
    expect((await svc.view(w.tenant.id, race.id)).gates[0]!.status).toBe('decided');
  }, 240_000);
});
