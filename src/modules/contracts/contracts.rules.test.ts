import { describe, expect, it } from 'vitest';
import { changeErrors, contractHealth, diffTerms, evidenceErrors, isOverdue, milestonesFromAward, reconcile, releaseRefusal, reminderDue, termsErrors, trancheReleasable } from './contracts.rules.ts';
import type { ContractTerms } from './contracts.tables.ts';

const terms = (over: Partial<ContractTerms> = {}): ContractTerms => ({
  totalFen: 1_000_000,
  targets: [{ indicator: '通量', target: '≥ 10000', unit: '细胞', verification: '检测报告' }],
  lead: { name: '李明', title: '研究员', phone: null, email: null },
  team: [],
  milestones: [
    { seq: 1, title: '样机', deliverable: '样机一台', dueOn: '2027-05-11', evidence: [{ label: '检测报告', kind: 'file' }], gateId: null },
    { seq: 2, title: '验证', deliverable: '验证报告', dueOn: '2028-05-11', evidence: [{ label: '报告', kind: 'file' }, { label: '通量', kind: 'figure' }], gateId: null },
  ],
  tranches: [
    { seq: 1, amountFen: 300_000, trigger: 'signing', milestoneSeq: null, dueOn: '2026-05-11' },
    { seq: 2, amountFen: 250_000, trigger: 'milestone', milestoneSeq: 1, dueOn: '2027-05-11' },
    { seq: 3, amountFen: 250_000, trigger: 'milestone', milestoneSeq: 2, dueOn: '2028-05-11' },
    { seq: 4, amountFen: 200_000, trigger: 'acceptance', milestoneSeq: null, dueOn: '2028-05-11' },
  ],
  ...over,
});

describe('milestone due dates', () => {
  it('orders the awarded milestones by month and dates each start + months (month ends clamp)', () => {
    const ms = milestonesFromAward(
      [
        { title: '验证', month: 24, deliverable: '报告' },
        { title: '样机', month: 1, deliverable: '样机' },
        { title: '中试', month: 13, deliverable: '' },
      ],
      '2026-01-31',
    );
    // 31 Jan 2026 + 1 month → 28 Feb 2026; + 13 → 28 Feb 2027; + 24 → 31 Jan 2028.
    expect(ms.map((m) => [m.seq, m.title, m.dueOn])).toEqual([
      [1, '样机', '2026-02-28'],
      [2, '中试', '2027-02-28'],
      [3, '验证', '2028-01-31'],
    ]);
    // A milestone with no deliverable asks for its title as evidence.
    expect(ms[1]!.evidence).toEqual([{ label: '中试', kind: 'file' }]);
  });
});

describe('overdue and reminders (Beijing dates)', () => {
  const m = (status: 'planned' | 'submitted' | 'accepted' | 'returned' | 'overdue', dueOn = '2026-06-30') => ({ status, dueOn, remindersSent: [] as ('before_7' | 'before_1' | 'overdue')[] });
  it('is overdue from the day after its due date while the team owes it', () => {
    expect(isOverdue(m('planned'), '2026-06-30')).toBe(false);
    expect(isOverdue(m('planned'), '2026-07-01')).toBe(true);
    expect(isOverdue(m('returned'), '2026-07-01')).toBe(true);
    // Submitted and waiting for the office, or accepted: not the team's delay.
    expect(isOverdue(m('submitted'), '2026-09-01')).toBe(false);
    expect(isOverdue(m('accepted'), '2026-09-01')).toBe(false);
  });
  it('reminds 7 days ahead, 1 day ahead and on overdue, each once', () => {
    expect(reminderDue(m('planned'), '2026-06-22')).toBeNull(); // 8 days ahead
    expect(reminderDue(m('planned'), '2026-06-23')).toBe('before_7'); // 7 days
    expect(reminderDue(m('planned'), '2026-06-28')).toBe('before_7'); // 2 days
    expect(reminderDue(m('planned'), '2026-06-29')).toBe('before_1');
    expect(reminderDue(m('planned'), '2026-06-30')).toBe('before_1'); // the day itself
    expect(reminderDue(m('planned'), '2026-07-01')).toBe('overdue');
    expect(reminderDue({ ...m('planned'), remindersSent: ['before_7'] }, '2026-06-25')).toBeNull();
    expect(reminderDue({ ...m('overdue'), remindersSent: ['overdue'] }, '2026-07-05')).toBeNull();
    expect(reminderDue(m('submitted'), '2026-06-29')).toBeNull();
  });
});

describe('contract health', () => {
  const today = '2026-06-01';
  it('hand-computed cases', () => {
    // Next milestone 30 days out: on track. 14 days out: at risk. Yesterday: overdue.
    expect(contractHealth('active', [{ status: 'planned', dueOn: '2026-07-01' }], [], today)).toBe('on_track');
    expect(contractHealth('active', [{ status: 'planned', dueOn: '2026-06-15' }], [], today)).toBe('at_risk');
    expect(contractHealth('active', [{ status: 'planned', dueOn: '2026-05-31' }], [], today)).toBe('overdue');
    expect(contractHealth('active', [{ status: 'submitted', dueOn: '2026-05-31' }], [], today)).toBe('on_track');
    expect(contractHealth('active', [{ status: 'returned', dueOn: '2026-12-31' }], [], today)).toBe('at_risk');
    // An open supervision order puts it at risk; unanswered past its deadline, overdue; closed, nothing.
    expect(contractHealth('active', [], [{ status: 'open', responseDueOn: '2026-06-10' }], today)).toBe('at_risk');
    expect(contractHealth('active', [], [{ status: 'open', responseDueOn: '2026-05-30' }], today)).toBe('overdue');
    expect(contractHealth('active', [], [{ status: 'closed', responseDueOn: '2026-05-30' }], today)).toBe('on_track');
    expect(contractHealth('completed', [{ status: 'planned', dueOn: '2026-01-01' }], [], today)).toBe('completed');
  });
});

describe('evidence', () => {
  const req = [
    { label: '检测报告', kind: 'file' as const },
    { label: '单次通量', kind: 'figure' as const },
  ];
  it('needs every requirement answered by an item of its kind', () => {
    expect(evidenceErrors(req, [{ requirement: 0, attachmentId: 'f', value: null }, { requirement: 1, attachmentId: null, value: '12000' }])).toEqual([]);
    const e = evidenceErrors(req, [{ requirement: 0, attachmentId: null, value: 'x' }, { requirement: 5, attachmentId: 'f', value: null }]);
    expect(e.map((x) => x.path)).toEqual(['items/0/attachmentId', 'items/1/requirement', 'evidence/1']);
    expect(e[2]!.zh).toBe('缺少「单次通量」');
  });
});

describe('tranches, releases and reconciliation', () => {
  const ms = [
    { id: 'm1', status: 'accepted' as const },
    { id: 'm2', status: 'submitted' as const },
  ];
  it('releases signing once in force, a milestone tranche once accepted, acceptance once all are', () => {
    expect(trancheReleasable({ trigger: 'signing', milestoneId: null }, 'pending', ms)).toBe(false);
    expect(trancheReleasable({ trigger: 'signing', milestoneId: null }, 'active', ms)).toBe(true);
    expect(trancheReleasable({ trigger: 'milestone', milestoneId: 'm1' }, 'active', ms)).toBe(true);
    expect(trancheReleasable({ trigger: 'milestone', milestoneId: 'm2' }, 'active', ms)).toBe(false);
    expect(trancheReleasable({ trigger: 'acceptance', milestoneId: null }, 'active', ms)).toBe(false);
    expect(trancheReleasable({ trigger: 'acceptance', milestoneId: null }, 'active', [ms[0]!])).toBe(true);
  });
  it('refuses a release larger than what remains of the tranche or of the contract', () => {
    // Tranche 250,000 with 100,000 out: 150,000 remain. Contract 1,000,000 with 900,000 out: 100,000 remain.
    expect(releaseRefusal(150_000, { amountFen: 250_000, releasedFen: 100_000 }, { totalFen: 1_000_000, releasedFen: 500_000 })).toBeNull();
    expect(releaseRefusal(150_001, { amountFen: 250_000, releasedFen: 100_000 }, { totalFen: 1_000_000, releasedFen: 500_000 })).toMatch(/150000 fen that remain of this tranche/);
    expect(releaseRefusal(150_000, { amountFen: 250_000, releasedFen: 100_000 }, { totalFen: 1_000_000, releasedFen: 900_000 })).toMatch(/100000 fen that remain of the contract/);
    expect(releaseRefusal(0, { amountFen: 1, releasedFen: 0 }, { totalFen: 1, releasedFen: 0 })).toMatch(/positive/);
    expect(releaseRefusal(1.5, { amountFen: 9, releasedFen: 0 }, { totalFen: 9, releasedFen: 0 })).toMatch(/whole/);
  });
  it('reconciles planned, released and remaining per tranche against the ledger', () => {
    const tranches = [
      { id: 't1', seq: 1, amountFen: 300_000, releasedFen: 300_000 },
      { id: 't2', seq: 2, amountFen: 700_000, releasedFen: 100_000 },
    ];
    const ledger = [
      { trancheId: 't1', kind: 'release' as const, amountFen: 300_000 },
      { trancheId: 't2', kind: 'release' as const, amountFen: 150_000 },
      { trancheId: 't2', kind: 'reversal' as const, amountFen: 150_000 },
      { trancheId: 't2', kind: 'release' as const, amountFen: 100_000 },
    ];
    const r = reconcile({ totalFen: 1_000_000, releasedFen: 400_000 }, tranches, ledger);
    expect(r).toMatchObject({ plannedFen: 1_000_000, releasedFen: 400_000, remainingFen: 600_000, ledgerFen: 400_000, reconciled: true });
    expect(r.tranches.map((t) => [t.seq, t.remainingFen, t.ledgerFen, t.matches])).toEqual([
      [1, 0, 300_000, true],
      [2, 600_000, 100_000, true],
    ]);
    // A running total that disagrees with the ledger does not reconcile.
    expect(reconcile({ totalFen: 1_000_000, releasedFen: 450_000 }, tranches, ledger).reconciled).toBe(false);
  });
});

describe('terms and changes', () => {
  const none = { releasedFen: 0, milestones: [], tranches: [] };
  it('needs tranches that sum to the total and name existing milestones', () => {
    expect(termsErrors(terms())).toEqual([]);
    const bad = terms({ tranches: [{ seq: 1, amountFen: 999_999, trigger: 'milestone', milestoneSeq: 7, dueOn: '2026-05-11' }] });
    expect(termsErrors(bad).map((e) => e.path)).toEqual(['tranches/0/milestoneSeq', 'tranches']);
    expect(termsErrors(bad)[1]!.message).toBe('the tranches sum to 999999 fen, not the total of 1000000 fen');
  });
  it('keeps accepted milestones and released money as they are', () => {
    const before = terms();
    const state = {
      releasedFen: 550_000,
      milestones: [
        { seq: 1, status: 'accepted' as const, hasEvidence: true },
        { seq: 2, status: 'planned' as const, hasEvidence: false },
      ],
      tranches: [
        { seq: 1, releasedFen: 300_000, hasEntries: true },
        { seq: 2, releasedFen: 250_000, hasEntries: true },
        { seq: 3, releasedFen: 0, hasEntries: false },
        { seq: 4, releasedFen: 0, hasEntries: false },
      ],
    };
    // Moving milestone 2 by three months is fine.
    const later = terms({ milestones: [before.milestones[0]!, { ...before.milestones[1]!, dueOn: '2028-08-11' }] });
    expect(changeErrors(before, later, state)).toEqual([]);
    // Moving the accepted milestone 1, shrinking a released tranche, or a total below what is out: refused.
    const moved = terms({ milestones: [{ ...before.milestones[0]!, dueOn: '2027-06-11' }, before.milestones[1]!] });
    expect(changeErrors(before, moved, state).map((e) => e.path)).toEqual(['milestones/1']);
    const shrunk = terms({ totalFen: 500_000, tranches: [{ ...before.tranches[0]!, amountFen: 200_000 }, { ...before.tranches[1]!, amountFen: 300_000 }] });
    // Total 500,000 < 550,000 released; tranche 1 at 200,000 < its 300,000 released. Dropping 3 and 4 (nothing paid) is fine.
    expect(changeErrors(before, shrunk, state).map((e) => e.path)).toEqual(['totalFen', 'tranches/1/amountFen']);
    expect(changeErrors(before, terms({ tranches: before.tranches.slice(2).concat([{ ...before.tranches[0]!, seq: 9, amountFen: 550_000 }]) }), state).map((e) => e.path)).toEqual(['tranches/1', 'tranches/2']);
    expect(changeErrors(before, before, none)).toEqual([]);
  });
  it('lists what changed by path, milestones and tranches by seq', () => {
    const before = terms();
    const after = terms({ totalFen: 1_200_000, milestones: [before.milestones[0]!, { ...before.milestones[1]!, dueOn: '2028-08-11' }], tranches: [...before.tranches.slice(0, 3), { ...before.tranches[3]!, amountFen: 400_000 }] });
    expect(diffTerms(before, after)).toEqual([
      { path: 'totalFen', before: 1_000_000, after: 1_200_000 },
      { path: 'milestones/2/dueOn', before: '2028-05-11', after: '2028-08-11' },
      { path: 'tranches/4/amountFen', before: 200_000, after: 400_000 },
    ]);
  });
});
