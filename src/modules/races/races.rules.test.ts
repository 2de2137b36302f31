import { describe, expect, it } from 'vitest';
import { afterGate, contractUnfit, currentGate, decisionRefusal, gateErrors, rankScores, reallocate } from './races.rules.ts';

describe('decisions', () => {
  it('an elimination needs a reason, a conditional pass its conditions, any pass the evidence', () => {
    expect(decisionRefusal({ outcome: 'eliminate', reason: '  ' }, true)?.code).toBe('RACE_REASON_REQUIRED');
    expect(decisionRefusal({ outcome: 'eliminate', reason: null }, false)?.code).toBe('RACE_REASON_REQUIRED');
    expect(decisionRefusal({ outcome: 'eliminate', reason: '通量未达标' }, false)).toBeNull();
    expect(decisionRefusal({ outcome: 'pass_with_conditions', conditions: '' }, true)?.code).toBe('RACE_CONDITIONS_REQUIRED');
    expect(decisionRefusal({ outcome: 'pass_with_conditions', conditions: '三个月内补交检测报告' }, true)).toBeNull();
    expect(decisionRefusal({ outcome: 'pass' }, false)?.code).toBe('GATE_EVIDENCE_MISSING');
    expect(decisionRefusal({ outcome: 'pass' }, true)).toBeNull();
  });

  it('ranks by score, best first, equal scores sharing a rank, unscored unranked', () => {
    expect(rankScores([{ id: 'a', scoreCenti: 8000 }, { id: 'b', scoreCenti: 9100 }, { id: 'c', scoreCenti: null }, { id: 'd', scoreCenti: 8000 }]).map((r) => [r.id, r.rank])).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', null],
      ['d', 2],
    ]);
  });
});

describe('money of an eliminated team', () => {
  const receivers = [
    { teamId: 'b', rank: 2, code: 'RW-02', trancheId: 'tb' },
    { teamId: 'a', rank: 1, code: 'RW-01', trancheId: 'ta' },
  ];

  it('return: all of it goes back to the budget', () => {
    expect(reallocate('return', 1_000_001, receivers)).toEqual({ returnedFen: 1_000_001, shares: [] });
  });

  it('reallocate: equal whole-fen shares, the remainder fen to the best-ranked team', () => {
    // 1,000,001 fen over two teams: 500,000 each and 1 fen left, which goes to rank 1 (team a).
    expect(reallocate('reallocate', 1_000_001, receivers)).toEqual({
      returnedFen: 0,
      shares: [
        { teamId: 'b', trancheId: 'tb', fen: 500_000 },
        { teamId: 'a', trancheId: 'ta', fen: 500_001 },
      ],
    });
    // 100 fen over three: 33 each, 1 left for the best; ties on rank go to the lower code, unranked last.
    const three = reallocate('reallocate', 100, [
      { teamId: 'x', rank: null, code: 'A', trancheId: 'tx' },
      { teamId: 'y', rank: 1, code: 'C', trancheId: 'ty' },
      { teamId: 'z', rank: 1, code: 'B', trancheId: 'tz' },
    ]);
    expect(three.shares.map((s) => [s.teamId, s.fen])).toEqual([
      ['x', 33],
      ['y', 33],
      ['z', 34],
    ]);
    expect(three.shares.reduce((s, x) => s + x.fen, 0)).toBe(100);
  });

  it('teams without a next-gate tranche receive nothing; with none able (the last gate) the money is returned', () => {
    expect(reallocate('reallocate', 7, [{ ...receivers[0]!, trancheId: null }, receivers[1]!])).toEqual({ returnedFen: 0, shares: [{ teamId: 'a', trancheId: 'ta', fen: 7 }] });
    expect(reallocate('reallocate', 7, receivers.map((r) => ({ ...r, trancheId: null })))).toEqual({ returnedFen: 7, shares: [] });
    expect(reallocate('reallocate', 0, receivers)).toEqual({ returnedFen: 0, shares: [] });
    // Fewer fen than teams: nobody gets a zero share.
    expect(reallocate('reallocate', 1, receivers).shares).toEqual([{ teamId: 'a', trancheId: 'ta', fen: 1 }]);
    expect(() => reallocate('reallocate', 1.5, receivers)).toThrow(RangeError);
  });
});

describe('the end of a gate and of the race', () => {
  it('mid-race: the eliminated are out, the others race on', () => {
    const r = afterGate(new Map([['a', 'pass'], ['b', 'pass_with_conditions'], ['c', 'eliminate']] as const), false);
    expect(r).toEqual({ statuses: new Map([['a', 'racing'], ['b', 'racing'], ['c', 'eliminated']]), finished: false, outcome: null });
  });

  it('the last gate: those who pass win', () => {
    const r = afterGate(new Map([['a', 'eliminate'], ['b', 'pass']] as const), true);
    expect(r.finished).toBe(true);
    expect(r.outcome).toBe('winners');
    expect(r.statuses.get('b')).toBe('winner');
    expect(r.statuses.get('a')).toBe('eliminated');
  });

  it('no team left, at any gate: the race ends with no winner', () => {
    expect(afterGate(new Map([['a', 'eliminate'], ['b', 'eliminate']] as const), false)).toMatchObject({ finished: true, outcome: 'no_winner' });
    expect(afterGate(new Map([['a', 'eliminate']] as const), true)).toMatchObject({ finished: true, outcome: 'no_winner' });
  });

  it('the current gate is the first not decided', () => {
    expect(currentGate([{ seq: 2, status: 'open' as const }, { seq: 1, status: 'decided' as const }])?.seq).toBe(2);
    expect(currentGate([{ seq: 1, status: 'decided' as const }])).toBeNull();
  });
});

describe('creation', () => {
  it('gates need titles and strictly later dates', () => {
    expect(gateErrors([])).toHaveLength(1);
    expect(gateErrors([{ title: '样机', dueOn: '2026-11-30' }, { title: ' ', dueOn: '2026-11-30' }]).map((e) => e.path)).toEqual(['gates/1/title', 'gates/1/dueOn']);
    expect(gateErrors([{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2027-05-31' }])).toEqual([]);
  });

  it('a contract races only when running or pending, with a planned milestone for every gate', () => {
    const ms = [
      { seq: 1, status: 'planned' },
      { seq: 2, status: 'submitted' },
    ];
    expect(contractUnfit({ code: 'RW-01', status: 'active', milestones: ms }, 2, 0)).toEqual([]);
    expect(contractUnfit({ code: 'RW-01', status: 'active', milestones: ms }, 3, 0)[0]!.message).toContain('fewer than the 3 gates');
    expect(contractUnfit({ code: 'RW-01', status: 'terminated', milestones: ms }, 2, 1)[0]).toMatchObject({ path: 'contracts/1', message: 'RW-01 is terminated' });
    expect(contractUnfit({ code: 'RW-01', status: 'active', milestones: [{ seq: 1, status: 'accepted' }, ms[1]!] }, 2, 0)[0]!.message).toContain('already accepted');
  });
});
