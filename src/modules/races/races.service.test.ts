import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { raceWorld } from '../../../test/helpers/races.ts';
import { FixedClock } from '../../platform/clock.ts';

// 11 May 2026, the day of the award, 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
let env: TestEnv;

beforeAll(async () => {
  env = await testEnv({ clock });
});
afterAll(() => env.close());

const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => env.services.database.query<T>(sql, params);
const count = async (sql: string, params: unknown[] = []) => Number((await q<{ n: number }>(sql, params))[0]!.n);
const actions = async (since: number) => (await q<{ action: string }>('select action from audit_events where id > $1 order by id', [since])).map((r) => r.action);
const lastSeq = async () => Number((await q<{ n: number }>('select coalesce(max(id), 0)::int as n from audit_events'))[0]!.n);

describe('a race with reallocation: elimination, conditions, late evidence, the last gate', () => {
  it('runs two gates with hand-computed money', async () => {
    const w = await raceWorld(env, clock, { teams: 3 });
    const [a, b, c] = w.teams as [(typeof w.teams)[0], (typeof w.teams)[0], (typeof w.teams)[0]];
    const svc = env.services.races;
    const ctx = w.ctxOf(w.officer);
    clock.set(new Date('2026-05-20T02:00:00Z'));

    // Bad creation input first: one contract is too few, and nothing is written.
    await expect(svc.create(ctx, { challengeId: w.challengeId, title: '赛马', fundsRule: 'reallocate', contractIds: [a.contract.id], gates: [{ title: '样机', dueOn: '2026-11-30' }] })).rejects.toMatchObject({ code: 'RACE_TOO_FEW_TEAMS' });
    await expect(svc.create(ctx, { challengeId: w.challengeId, title: '赛马', fundsRule: 'reallocate', gates: [{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2027-05-31' }, { title: '推广', dueOn: '2027-12-31' }] })).rejects.toMatchObject({ code: 'RACE_CONTRACT_UNFIT' });
    expect(await count('select count(*)::int as n from races')).toBe(0);

    const race = await svc.create(ctx, { challengeId: w.challengeId, title: '单细胞测序关键部件赛马', fundsRule: 'reallocate', gates: [{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2027-05-31' }] });
    expect(race).toMatchObject({ code: 'SM-2026-001', status: 'running', fundsRule: 'reallocate', outcome: null });
    await expect(svc.create(ctx, { challengeId: w.challengeId, title: '再来一次', fundsRule: 'return', gates: [{ title: '样机', dueOn: '2026-11-30' }] })).rejects.toMatchObject({ code: 'RACE_ALREADY_RACING' });

    let v = await svc.view(w.tenant.id, race.id);
    const [g1, g2] = v.gates as [(typeof v.gates)[0], (typeof v.gates)[0]];
    // Each team's milestone i is bound to gate i with the gate's date, as a new contract version with a reason.
    const ca = await env.services.contracts.detail(w.tenant.id, a.contract.id);
    expect(ca.milestones.map((m) => [m.seq, m.gateId, m.dueOn])).toEqual([
      [1, g1.id, '2026-11-30'],
      [2, g2.id, '2027-05-31'],
    ]);
    expect(ca.versions.at(-1)).toMatchObject({ version: 2, reason: expect.stringContaining('纳入赛马 SM-2026-001') });

    // Gate 1: all three submit evidence; the officer closes it; later evidence is refused.
    for (const t of [a, b, c]) await w.submitEvidence(t, g1.id);
    await expect(env.services.review.createRound(ctx, { subjectType: 'race_gate', subjectId: g1.id, name: 'x', deadline: '2026-06-30T09:00:00Z' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await svc.closeEvidence(ctx, race.id, g1.id);
    await expect(w.submitEvidence(a, g1.id)).rejects.toMatchObject({ code: 'EVIDENCE_GATE_CLOSED' });
    expect(await count('select count(*)::int as n from contract_evidence where contract_id = $1', [a.contract.id])).toBe(1);

    // What experts read is the gate evidence, not the application.
    const subjects = await env.services.reviewSubjects.contents(w.tenant.id, { subjectType: 'race_gate', subjectId: g1.id }, [a.applicationId]);
    expect(subjects.get(a.applicationId)).toMatchObject({ code: a.contract.code, summary: expect.stringContaining('佐证材料：样机检测报告') });
    expect(subjects.get(a.applicationId)!.attachmentIds).toHaveLength(1);

    // Decisions wait for the adopted review.
    await expect(svc.recordDecision(ctx, race.id, g1.id, v.teams[0]!.t.id, { outcome: 'pass' })).rejects.toMatchObject({ code: 'GATE_REVIEW_NOT_ADOPTED' });
    const teamOf = (contractId: string) => v.teams.find((t) => t.t.contractId === contractId)!.t.id;
    await w.reviewGate(
      g1.id,
      new Map([
        [a.applicationId, 9100],
        [b.applicationId, 8400],
        [c.applicationId, 6000],
      ]),
    );
    v = await svc.view(w.tenant.id, race.id);
    expect(v.decisions.map((d) => [d.teamId, d.scoreCenti, d.rank]).sort((x, y) => Number(x[2]) - Number(y[2]))).toEqual([
      [teamOf(a.contract.id), 9100, 1],
      [teamOf(b.contract.id), 8400, 2],
      [teamOf(c.contract.id), 6000, 3],
    ]);

    // An elimination without a reason is refused and writes nothing.
    const before = await lastSeq();
    await expect(svc.recordDecision(ctx, race.id, g1.id, teamOf(c.contract.id), { outcome: 'eliminate', reason: '  ' })).rejects.toMatchObject({ code: 'RACE_REASON_REQUIRED' });
    await expect(svc.recordDecision(ctx, race.id, g1.id, teamOf(b.contract.id), { outcome: 'pass_with_conditions' })).rejects.toMatchObject({ code: 'RACE_CONDITIONS_REQUIRED' });
    expect(await lastSeq()).toBe(before);
    expect(await count('select count(*)::int as n from race_decisions where outcome is not null')).toBe(0);

    await svc.recordDecision(ctx, race.id, g1.id, teamOf(a.contract.id), { outcome: 'pass' });
    await expect(svc.decide(ctx, race.id, g1.id)).rejects.toMatchObject({ code: 'GATE_DECISIONS_MISSING' });
    await svc.recordDecision(ctx, race.id, g1.id, teamOf(b.contract.id), { outcome: 'pass_with_conditions', conditions: '三个月内补交第三方通量检测报告' });
    await svc.recordDecision(ctx, race.id, g1.id, teamOf(c.contract.id), { outcome: 'eliminate', reason: '单次通量仅 3,200 细胞，远低于 ≥ 10000 的目标' });
    const s1 = await lastSeq();
    await svc.decide(ctx, race.id, g1.id);

    // Money, by hand: a and b are paid their 300,000-fen gate-1 tranche. c released nothing, so all of its
    // 1,000,001 fen are freed: 500,000 each to a and b's gate-2 tranches, the 1 fen left to a (rank 1).
    const contract = async (id: string) => env.services.contracts.detail(w.tenant.id, id);
    const [da, db, dc] = [await contract(a.contract.id), await contract(b.contract.id), await contract(c.contract.id)];
    expect([da.c.releasedFen, db.c.releasedFen, dc.c.releasedFen]).toEqual([300_000, 300_000, 0]);
    expect(da.tranches.map((t) => [t.seq, t.amountFen, t.releasedFen, t.status])).toEqual([
      [1, 100_000, 0, 'planned'],
      [2, 300_000, 300_000, 'released'],
      [3, 800_001, 0, 'planned'],
      [4, 300_001, 0, 'planned'],
    ]);
    expect(da.c.totalFen).toBe(1_500_002);
    expect(db.tranches.find((t) => t.seq === 3)!.amountFen).toBe(800_000);
    expect(db.c.totalFen).toBe(1_500_001);
    expect(dc.c).toMatchObject({ status: 'terminated', totalFen: 0, releasedFen: 0 });
    expect(dc.tranches.every((t) => t.status === 'cancelled' && t.amountFen === 0)).toBe(true);
    expect(dc.versions.at(-1)!.reason).toContain('淘汰：单次通量仅 3,200 细胞');
    expect(da.versions.at(-1)!.reason).toContain('重新分配');
    expect(da.milestones[0]!.status).toBe('accepted');
    expect(db.milestones[0]!.decisionNote).toContain('有条件通过：三个月内补交');
    expect(da.ledger.map((e) => [e.kind, e.amountFen])).toEqual([['release', 300_000]]);

    v = await svc.view(w.tenant.id, race.id);
    const dec = (contractId: string, gateId: string) => v.decisions.find((d) => d.teamId === teamOf(contractId) && d.gateId === gateId)!;
    expect(dec(a.contract.id, g1.id)).toMatchObject({ outcome: 'pass', releasedFen: 300_000, reallocatedInFen: 500_001, cancelledFen: 0, ledgerEntryIds: [da.ledger[0]!.id] });
    expect(dec(b.contract.id, g1.id)).toMatchObject({ outcome: 'pass_with_conditions', releasedFen: 300_000, reallocatedInFen: 500_000 });
    expect(dec(c.contract.id, g1.id)).toMatchObject({ outcome: 'eliminate', cancelledFen: 1_000_001, reallocatedOutFen: 1_000_001 });
    expect(v.teams.find((t) => t.t.contractId === c.contract.id)!.t).toMatchObject({ status: 'eliminated', eliminatedAtGate: 1, reason: expect.stringContaining('3,200') });
    expect(v.gates[0]!.status).toBe('decided');
    expect(v.race.status).toBe('running');
    const audit = await actions(s1);
    expect(audit).toEqual(expect.arrayContaining(['milestone.decided', 'tranche.released', 'contract.amended', 'contract.terminated', 'race_team.eliminated', 'race_gate.decided']));
    expect(audit.filter((x) => x === 'tranche.released')).toHaveLength(2);

    // Gate 2: b submits; the gate closes before a does; a cannot pass without evidence and is eliminated.
    await w.submitEvidence(b, g2.id);
    await svc.closeEvidence(ctx, race.id, g2.id);
    await expect(w.submitEvidence(a, g2.id)).rejects.toMatchObject({ code: 'EVIDENCE_GATE_CLOSED' });
    await w.reviewGate(
      g2.id,
      new Map([
        [a.applicationId, 5000],
        [b.applicationId, 8800],
      ]),
    );
    await expect(svc.recordDecision(ctx, race.id, g2.id, teamOf(a.contract.id), { outcome: 'pass' })).rejects.toMatchObject({ code: 'GATE_EVIDENCE_MISSING' });
    await svc.recordDecision(ctx, race.id, g2.id, teamOf(a.contract.id), { outcome: 'eliminate', reason: '未按期提交验证报告' });
    await svc.recordDecision(ctx, race.id, g2.id, teamOf(b.contract.id), { outcome: 'pass' });
    const s2 = await lastSeq();
    const done = await svc.decide(ctx, race.id, g2.id);
    // The last gate: b wins and is paid its raised tranche; a's 1,200,002 unreleased fen have nowhere to go and are returned.
    expect(done).toMatchObject({ status: 'finished', outcome: 'winners' });
    v = await svc.view(w.tenant.id, race.id);
    expect(v.teams.map((t) => [t.code, t.t.status])).toEqual([
      [a.contract.code, 'eliminated'],
      [b.contract.code, 'winner'],
      [c.contract.code, 'eliminated'],
    ]);
    expect(dec(b.contract.id, g2.id)).toMatchObject({ releasedFen: 800_000, reallocatedInFen: 0 });
    expect(dec(a.contract.id, g2.id)).toMatchObject({ cancelledFen: 1_200_002, reallocatedOutFen: 0 });
    expect((await contract(b.contract.id)).c.releasedFen).toBe(1_100_000);
    expect(await actions(s2)).toEqual(expect.arrayContaining(['race_team.eliminated', 'race_gate.decided', 'race.finished']));
    await expect(svc.closeEvidence(ctx, race.id, g2.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  }, 240_000);
});

describe('a race with the return rule', () => {
  it('ends with no winner when every team is eliminated; the money goes back', async () => {
    const w = await raceWorld(env, clock, { teams: 2 });
    const svc = env.services.races;
    const ctx = w.ctxOf(w.officer);
    const race = await svc.create(ctx, { challengeId: w.challengeId, title: '退回规则赛马', fundsRule: 'return', gates: [{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2027-05-31' }] });
    const v = await svc.view(w.tenant.id, race.id);
    const g1 = v.gates[0]!;
    await svc.closeEvidence(ctx, race.id, g1.id);
    await w.reviewGate(g1.id, new Map(w.teams.map((t, i) => [t.applicationId, 4000 + i])));
    for (const t of v.teams) await svc.recordDecision(ctx, race.id, g1.id, t.t.id, { outcome: 'eliminate', reason: '未提交样机检测报告' });
    const done = await svc.decide(ctx, race.id, g1.id);
    expect(done).toMatchObject({ status: 'finished', outcome: 'no_winner' });
    const after = await svc.view(w.tenant.id, race.id);
    expect(after.teams.every((t) => t.t.status === 'eliminated')).toBe(true);
    expect(after.decisions.map((d) => [d.cancelledFen, d.reallocatedOutFen, d.reallocatedInFen])).toEqual([
      [1_000_001, 0, 0],
      [1_000_001, 0, 0],
    ]);
    for (const t of w.teams) expect((await env.services.contracts.get(w.tenant.id, t.contract.id)).status).toBe('terminated');
  }, 240_000);
});

describe('a tranche larger than what remains', () => {
  it('refuses the gate decision and writes nothing', async () => {
    const w = await raceWorld(env, clock, { teams: 2 });
    const [a, b] = w.teams as [(typeof w.teams)[0], (typeof w.teams)[0]];
    const svc = env.services.races;
    const ctx = w.ctxOf(w.officer);
    const race = await svc.create(ctx, { challengeId: w.challengeId, title: '超额赛马', fundsRule: 'reallocate', gates: [{ title: '样机', dueOn: '2026-11-30' }] });
    const v = await svc.view(w.tenant.id, race.id);
    const g1 = v.gates[0]!;
    for (const t of w.teams) await w.submitEvidence(t, g1.id);
    await svc.closeEvidence(ctx, race.id, g1.id);
    await w.reviewGate(g1.id, new Map(w.teams.map((t, i) => [t.applicationId, 8000 + i])));
    for (const t of v.teams) await svc.recordDecision(ctx, race.id, g1.id, t.t.id, { outcome: 'pass' });
    // b's budget was cut below its gate tranche behind the service's back: 300,000 fen cannot come out of 200,000.
    await q('update contracts set total_fen = 200000 where id = $1', [b.contract.id]);
    const before = await lastSeq();
    await expect(svc.decide(ctx, race.id, g1.id)).rejects.toMatchObject({ code: 'TRANCHE_EXCEEDS_REMAINING' });
    expect(await lastSeq()).toBe(before);
    expect(await count('select count(*)::int as n from contract_ledger where contract_id = any($1)', [[a.contract.id, b.contract.id]])).toBe(0);
    expect(await count("select count(*)::int as n from contract_milestones where contract_id = $1 and status = 'accepted'", [a.contract.id])).toBe(0);
    const after = await svc.view(w.tenant.id, race.id);
    expect(after.gates[0]!.status).toBe('review');
    expect(after.race.status).toBe('running');
  }, 240_000);
});
