import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { FixedClock } from '../../platform/clock.ts';
import { contractWorld, ctxOf } from '../../../test/helpers/contracts.ts';

// The ledger's invariant: released ≤ total, whatever two officers do at the same moment.
const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
const onPostgres = Boolean(process.env.DATABASE_URL);
let env: TestEnv;
let w: Awaited<ReturnType<typeof contractWorld>>;

beforeAll(async () => {
  env = await testEnv({ clock });
  w = await contractWorld(env);
});
afterAll(() => env.close());

async function ledgerSum(contractId: string) {
  const [r] = await env.services.database.query<{ released: string; total: string; ledger: string }>(
    `select c.released_fen as released, c.total_fen as total,
            coalesce((select sum(case when kind = 'release' then amount_fen else -amount_fen end) from contract_ledger l where l.contract_id = c.id), 0) as ledger
       from contracts c where c.id = $1`,
    [contractId],
  );
  return { released: Number(r!.released), total: Number(r!.total), ledger: Number(r!.ledger) };
}

/** A contract whose whole budget is one signing tranche, so two releases of 60 % each exceed it together. */
async function oneTranche() {
  const c = await w.contract({ confirmed: true, over: { totalFen: 1_000_000, milestones: [], tranches: [{ seq: 1, amountFen: 1_000_000, trigger: 'signing', milestoneIndex: null, dueOn: '2026-05-11' }] } });
  const trancheId = (await w.svc.detail(w.tenant.id, c.id)).tranches[0]!.id;
  return { c, trancheId };
}

describe('disbursement ledger under concurrent approvals', () => {
  it.runIf(onPostgres)('two officers approving at the same moment: exactly one succeeds, the ledger stays within the budget (PostgreSQL)', async () => {
    for (let round = 0; round < 5; round++) {
      const { c, trancheId } = await oneTranche();
      const results = await Promise.allSettled([
        w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, trancheId, { amountFen: 600_000, note: 'A' }),
        w.svc.ledger.release(ctxOf(w.tenant, w.officer2), c.id, trancheId, { amountFen: 600_000, note: 'B' }),
      ]);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toMatchObject({ code: 'TRANCHE_EXCEEDS_REMAINING' });
      expect(await ledgerSum(c.id)).toEqual({ released: 600_000, total: 1_000_000, ledger: 600_000 });
    }
  });

  it.runIf(onPostgres)('many releases racing for the last of the budget never pass it (PostgreSQL)', async () => {
    const { c, trancheId } = await oneTranche();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => w.svc.ledger.release(ctxOf(w.tenant, i % 2 ? w.officer : w.officer2), c.id, trancheId, { amountFen: 300_000 })));
    // 3 × 300,000 fit in 1,000,000; a fourth would not.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'TRANCHE_EXCEEDS_REMAINING' });
    expect(await ledgerSum(c.id)).toEqual({ released: 900_000, total: 1_000_000, ledger: 900_000 });
  });

  it('the second of two approvals that together exceed the budget is refused with nothing written', async () => {
    const { c, trancheId } = await oneTranche();
    // On PGlite (one session) the two run one after the other; on PostgreSQL this is the same refusal without the race.
    const first = await w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, trancheId, { amountFen: 600_000 });
    expect(first.entryNo).toBe(1);
    await expect(w.svc.ledger.release(ctxOf(w.tenant, w.officer2), c.id, trancheId, { amountFen: 600_000 })).rejects.toMatchObject({
      code: 'TRANCHE_EXCEEDS_REMAINING',
      message: 'the release of 600000 fen exceeds the 400000 fen that remain of this tranche',
    });
    expect(await ledgerSum(c.id)).toEqual({ released: 600_000, total: 1_000_000, ledger: 600_000 });
    await w.svc.ledger.release(ctxOf(w.tenant, w.officer2), c.id, trancheId, { amountFen: 400_000 });
    expect(await ledgerSum(c.id)).toEqual({ released: 1_000_000, total: 1_000_000, ledger: 1_000_000 });
    // Every milestone (none) accepted and everything released: the contract is complete.
    expect((await w.svc.get(w.tenant.id, c.id)).status).toBe('completed');
  });
});
