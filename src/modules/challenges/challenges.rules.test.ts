import { describe, expect, it } from 'vitest';
import {
  addMonths,
  budgetErrors,
  changedFields,
  decisionErrors,
  eligibilityRefusals,
  planTranches,
  rankByScore,
  splitFen,
  stageOf,
  submissionErrors,
  termsErrors,
} from './challenges.rules.ts';
import type { ChallengeTerms } from './challenges.tables.ts';
import { emptyContent } from './challenges.service.ts';

const terms: ChallengeTerms = {
  title: '脑机接口柔性电极',
  titleEn: null,
  field: 'brain_science',
  problem: '研制高通道柔性电极',
  targets: [{ indicator: '通道数', target: '≥ 1024', unit: '通道', verification: '第三方测试' }],
  budgetCapFen: 1_000_000_00,
  fundingMode: 'before_delivery',
  durationMonths: 24,
  maxAwards: 1,
  eligibility: { zoneIds: ['z-fsc'], organizationTypes: ['enterprise'], qualifications: ['high_tech', 'srdi_little_giant'], consortiumAllowed: false },
  deadline: '2026-06-30T09:00:00.000Z',
  contact: { name: '王芳', phone: '010-69700000', email: 'a@b.cn' },
  attachmentIds: [],
};

describe('terms', () => {
  it('accepts complete terms and names each missing or wrong field', () => {
    expect(termsErrors(terms)).toEqual([]);
    const bad = termsErrors({ ...terms, title: ' ', targets: [{ indicator: '', target: '1', unit: '个', verification: '' }], budgetCapFen: 0, maxAwards: 11, contact: { name: '', phone: 'x', email: 'no' } });
    expect(bad.map((e) => e.path)).toEqual(['title', 'targets/0/indicator', 'targets/0/verification', 'budgetCapFen', 'maxAwards', 'contact/name', 'contact/phone', 'contact/email']);
  });

  it('compares versions by value, whatever the key order jsonb gives back', () => {
    const reordered = JSON.parse(JSON.stringify({ ...terms, contact: { email: 'a@b.cn', phone: '010-69700000', name: '王芳' } })) as ChallengeTerms;
    expect(changedFields(terms, reordered)).toEqual([]);
    expect(changedFields(terms, { ...terms, budgetCapFen: 5 }).sort()).toEqual(['budgetCapFen']);
  });
});

describe('budget and submission', () => {
  it('refuses negative or fractional fen, repeated categories and a total over the cap', () => {
    expect(budgetErrors([{ category: 'equipment', amountFen: 1_000_000_00, note: null }], 1_000_000_00)).toEqual([]);
    expect(budgetErrors([{ category: 'equipment', amountFen: 1_000_000_01, note: null }], 1_000_000_00)[0]).toMatchObject({ path: 'budget' });
    expect(budgetErrors([{ category: 'equipment', amountFen: -1, note: null }], 10)[0]).toMatchObject({ path: 'budget/0/amountFen' });
    expect(budgetErrors([{ category: 'equipment', amountFen: 1.5, note: null }], 10)[0]).toMatchObject({ path: 'budget/0/amountFen' });
    expect(budgetErrors([{ category: 'labour', amountFen: 1, note: null }, { category: 'labour', amountFen: 1, note: null }], 10)[0]).toMatchObject({ path: 'budget/1/category' });
  });

  it('lists everything an empty application lacks, including the signed pledge', () => {
    const paths = submissionErrors(emptyContent(), terms).map((e) => e.path);
    expect(paths).toEqual(['title', 'summary', 'pi/name', 'technicalRoute', 'budget', 'milestones', 'pledge']);
    const late = submissionErrors({ ...emptyContent(), milestones: [{ title: 'x', month: 25, deliverable: 'y' }] }, terms);
    expect(late.find((e) => e.path === 'milestones/0/month')).toBeTruthy();
  });
});

describe('eligibility', () => {
  const names = { zones: new Map([['z-fsc', '未来科学城']]) };
  it('passes an enterprise in a descendant zone holding one of the qualifications', () => {
    expect(eligibilityRefusals(terms, { organizationType: 'enterprise', zoneAncestry: ['z-park', 'z-fsc', 'z-bj'], validQualifications: ['srdi_little_giant'], hasPartners: false })).toEqual([]);
  });
  it('gives every reason, in Chinese and English', () => {
    const r = eligibilityRefusals(terms, { organizationType: 'university', zoneAncestry: ['z-hr'], validQualifications: [], hasPartners: true }, names);
    expect(r.map((x) => x.code)).toEqual(['zone', 'organization_type', 'qualification', 'consortium']);
    expect(r[0]!.zh).toContain('未来科学城');
    expect(r[0]!.en).toContain('未来科学城');
  });
  it('lets anyone apply when eligibility is open', () => {
    const open = { ...terms, eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true } };
    expect(eligibilityRefusals(open, { organizationType: 'hospital', zoneAncestry: [], validQualifications: [], hasPartners: true })).toEqual([]);
  });
});

describe('ranking', () => {
  it('uses competition ranking with ties shown and unscored items last', () => {
    const r = rankByScore([{ id: 'a', s: 80 }, { id: 'b', s: 95 }, { id: 'c', s: null }, { id: 'd', s: 80 }, { id: 'e', s: 70 }], (x) => x.s);
    expect(r.map((x) => [x.item.id, x.rank, x.tied])).toEqual([
      ['b', 1, false],
      ['a', 2, true],
      ['d', 2, true],
      ['e', 4, false],
      ['c', null, false],
    ]);
  });
});

describe('stages and decisions', () => {
  it('splits published challenges at the deadline', () => {
    const d = new Date('2026-06-30T09:00:00Z');
    expect(stageOf('published', d, new Date('2026-06-30T08:59:59Z'))).toBe('open');
    expect(stageOf('published', d, d)).toBe('formal_check');
    expect(stageOf('review', d, d)).toBe('review');
  });
  it('needs a reason for no award and respects the horse-race maximum', () => {
    expect(decisionErrors('no_award', 0, 1, '')).toHaveLength(1);
    expect(decisionErrors('no_award', 0, 1, '无合格方案')).toEqual([]);
    expect(decisionErrors('award', 3, 2, '')).toHaveLength(1);
    expect(decisionErrors('award', 2, 2, '')).toEqual([]);
    expect(decisionErrors('award', 0, 2, '')).toHaveLength(1);
  });
});

describe('money and tranches', () => {
  it('splits whole fen so the parts always add up', () => {
    expect(splitFen(100, [1, 1, 1])).toEqual([33, 33, 34]);
    expect(splitFen(1, [30, 50, 20])).toEqual([0, 0, 1]);
    for (const total of [0, 1, 7, 99_999_999_99, 123_456_789]) expect(splitFen(total, [30000, 16667, 16667, 16666, 20000]).reduce((a, b) => a + b, 0)).toBe(total);
  });
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
  it('plans 30% on signing, the milestones, 20% on acceptance when funded before delivery; all on acceptance after', () => {
    const ms = [
      { title: '终验', month: 24, deliverable: '报告' },
      { title: '样机', month: 12, deliverable: '样机' },
    ];
    const before = planTranches(1_000_000_00, ms, 'before_delivery', '2026-05-11', 24);
    expect(before.map((t) => [t.trigger, t.amountFen, t.dueOn, t.milestoneIndex])).toEqual([
      ['signing', 300_000_00, '2026-05-11', null],
      ['milestone', 250_000_00, '2027-05-11', 1],
      ['milestone', 250_000_00, '2028-05-11', 0],
      ['acceptance', 200_000_00, '2028-05-11', null],
    ]);
    // Three milestones: 30 % exactly on signing, the 50 % in thirds (the odd fen goes to the last tranche).
    const three = planTranches(6_000_000_00, [...ms, { title: '中试', month: 18, deliverable: '中试报告' }], 'before_delivery', '2026-05-11', 24);
    expect(three.map((t) => t.amountFen)).toEqual([180_000_000, 100_000_000, 100_000_000, 100_000_000, 120_000_000]);
    expect(planTranches(100_00, [...ms, { title: '中试', month: 18, deliverable: '中试报告' }], 'before_delivery', '2026-05-11', 24).map((t) => t.amountFen)).toEqual([3000, 1666, 1666, 1666, 2002]);
    const after = planTranches(1_000_000_00, ms, 'after_delivery', '2026-05-11', 24);
    expect(after).toEqual([{ seq: 1, amountFen: 1_000_000_00, trigger: 'acceptance', milestoneIndex: null, dueOn: '2028-05-11' }]);
  });
});
