import { describe, expect, it } from 'vitest';
import { compareToBaseline, daysBetween, evaluateItem, isSlug, kpiAttainment, kpiExpectedShare, milestoneState, type ItemFacts, type KpiFacts } from './projects.rules.ts';
import { fenToWan, parseKpis, parseMilestones, parseSheet, wanToFen } from './projects.import.ts';

const TODAY = '2025-06-15';
const item = (over: Partial<ItemFacts> = {}): ItemFacts => ({ startDate: '2025-01-01', endDate: '2025-12-31', milestones: [], kpis: [], ...over });
const kpi = (over: Partial<KpiFacts> = {}): KpiFacts => ({ name: '面积', unit: '万㎡', startValue: 0, target: 10, actual: null, dueDate: '2025-12-31', ...over });

describe('milestones', () => {
  it('are done, overdue, due soon or planned relative to today', () => {
    expect(milestoneState({ name: 'a', plannedDate: '2025-05-01', actualDate: '2025-05-20' }, TODAY)).toEqual({ state: 'done', daysLate: 0 });
    // 2025-06-14 → 2025-06-15 is one day late.
    expect(milestoneState({ name: 'a', plannedDate: '2025-06-14', actualDate: null }, TODAY)).toEqual({ state: 'overdue', daysLate: 1 });
    expect(milestoneState({ name: 'a', plannedDate: '2025-06-15', actualDate: null }, TODAY)).toEqual({ state: 'due_soon', daysLate: 0 });
    // 14 days ahead is still "due soon"; 15 is not.
    expect(milestoneState({ name: 'a', plannedDate: '2025-06-29', actualDate: null }, TODAY).state).toBe('due_soon');
    expect(milestoneState({ name: 'a', plannedDate: '2025-06-30', actualDate: null }, TODAY).state).toBe('planned');
  });

  it('count days across month and leap-year ends', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2025-06-15', '2025-05-16')).toBe(-30);
  });
});

describe('KPIs', () => {
  it('measure attainment from the start value, in either direction', () => {
    expect(kpiAttainment(kpi({ actual: 5 }))).toBe(0.5);
    // Lower is better: energy use from 1.2 to 0.8; at 1.0 half the way is done.
    expect(kpiAttainment(kpi({ startValue: 1.2, target: 0.8, actual: 1.0 }))).toBeCloseTo(0.5, 10);
    expect(kpiAttainment(kpi({ actual: null }))).toBe(0);
    expect(kpiAttainment(kpi({ startValue: 3, target: 3, actual: 3 }))).toBe(1);
  });

  it('pro-rate the expectation from the item start to the due date', () => {
    // 2025-01-01 → 2025-12-31 is 364 days; 2025-01-01 → 2025-06-15 is 165 days.
    expect(kpiExpectedShare(kpi(), '2025-01-01', TODAY)).toBeCloseTo(165 / 364, 10);
    expect(kpiExpectedShare(kpi({ dueDate: '2025-03-01' }), '2025-01-01', TODAY)).toBe(1);
    expect(kpiExpectedShare(kpi(), '2025-07-01', TODAY)).toBe(0);
  });
});

describe('red / amber / green / done', () => {
  it('is green with nothing to judge, and green when milestones are far and KPIs on track', () => {
    expect(evaluateItem(item(), TODAY).status).toBe('green');
    // 165/364 ≈ 45.3 % expected; 4.6 of 10 is 46 %.
    const e = evaluateItem(item({ milestones: [{ name: '竣工', plannedDate: '2025-12-01', actualDate: null }], kpis: [kpi({ actual: 4.6 })] }), TODAY);
    expect(e).toEqual({ status: 'green', reasons: [], overdueDays: 0, nextDueDate: '2025-12-01' });
  });

  it('is amber when a milestone is due within 14 days', () => {
    const e = evaluateItem(item({ milestones: [{ name: '封顶', plannedDate: '2025-06-25', actualDate: null }] }), TODAY);
    expect(e.status).toBe('amber');
    expect(e.reasons[0]!.zh).toBe('里程碑「封顶」将于 10 天内到期，尚未完成');
  });

  it('is amber up to 30 days overdue and red from 31', () => {
    const at30 = evaluateItem(item({ milestones: [{ name: '封顶', plannedDate: '2025-05-16', actualDate: null }] }), TODAY);
    expect(at30).toMatchObject({ status: 'amber', overdueDays: 30 });
    const at31 = evaluateItem(item({ milestones: [{ name: '封顶', plannedDate: '2025-05-15', actualDate: null }] }), TODAY);
    expect(at31).toMatchObject({ status: 'red', overdueDays: 31 });
    expect(at31.reasons[0]).toEqual({ level: 'red', zh: '里程碑「封顶」逾期 31 天', en: 'Milestone “封顶” is 31 days overdue' });
  });

  it('is amber when a KPI is behind its pro-rated target', () => {
    // 45.3 % expected, 4.5 of 10 = 45 % reached.
    const e = evaluateItem(item({ kpis: [kpi({ actual: 4.5 })] }), TODAY);
    expect(e.status).toBe('amber');
    expect(e.reasons[0]!.en).toBe('KPI “面积” at 45%, behind the pro-rated 45%');
  });

  it('judges a KPI past its due date: below 80 % red, 80–99 % amber', () => {
    const due = { dueDate: '2025-06-01' };
    expect(evaluateItem(item({ kpis: [kpi({ ...due, actual: 7.9 })] }), TODAY).status).toBe('red');
    expect(evaluateItem(item({ kpis: [kpi({ ...due, actual: 8 })] }), TODAY).status).toBe('amber');
    // Met, and nothing else to judge: done.
    expect(evaluateItem(item({ kpis: [kpi({ ...due, actual: 10 })] }), TODAY).status).toBe('done');
  });

  it('is done when every milestone is done and every KPI met, but red wins over done-ness elsewhere', () => {
    const done = item({ milestones: [{ name: '竣工', plannedDate: '2025-06-01', actualDate: '2025-06-10' }], kpis: [kpi({ actual: 10 })] });
    expect(evaluateItem(done, TODAY)).toEqual({ status: 'done', reasons: [], overdueDays: 0, nextDueDate: null });
    const mixed = item({ milestones: [{ name: '竣工', plannedDate: '2025-06-01', actualDate: '2025-06-10' }, { name: '验收', plannedDate: '2025-04-01', actualDate: null }], kpis: [kpi({ actual: 10 })] });
    expect(evaluateItem(mixed, TODAY)).toMatchObject({ status: 'red', overdueDays: 75 });
  });
});

describe('baselines', () => {
  it('give slippage in days per milestone and KPI target changes, matched by code and name', () => {
    const then = [
      { code: 'A', name: '三期', startDate: '2025-01-01', endDate: '2025-12-31', milestones: [{ name: '封顶', plannedDate: '2025-06-30' }], kpis: [{ name: '面积', unit: '万㎡', target: 12, dueDate: '2025-12-31' }] },
      { code: 'B', name: '平台', startDate: '2025-01-01', endDate: '2025-12-31', milestones: [], kpis: [] },
    ];
    const now = [
      { code: 'A', name: '三期', startDate: '2025-01-01', endDate: '2026-03-31', milestones: [{ name: '封顶', plannedDate: '2025-08-15' }], kpis: [{ name: '面积', unit: '万㎡', target: 10, dueDate: '2025-12-31' }] },
      { code: 'C', name: '新增', startDate: '2025-03-01', endDate: '2025-09-30', milestones: [], kpis: [] },
    ];
    const rows = compareToBaseline(then, now);
    expect(rows.find((r) => r.code === 'A')).toMatchObject({ change: 'changed', endSlipDays: 90, milestones: [{ name: '封顶', slipDays: 46 }], kpis: [{ baselineTarget: 12, currentTarget: 10, changed: true }] });
    expect(rows.find((r) => r.code === 'B')!.change).toBe('removed');
    expect(rows.find((r) => r.code === 'C')!.change).toBe('added');
  });
});

describe('import cells', () => {
  it('read milestones and KPIs one per line, and refuse malformed ones with the line number', () => {
    expect(parseMilestones('封顶 | 2025-06-30 | 2025-07-10\n竣工验收 | 2026-10-31 |')).toEqual({
      value: [
        { name: '封顶', plannedDate: '2025-06-30', actualDate: '2025-07-10' },
        { name: '竣工验收', plannedDate: '2026-10-31', actualDate: null },
      ],
      errors: [],
    });
    expect(parseMilestones('封顶 | 2025-02-30').errors[0]!.zh).toBe('第 1 个里程碑的计划日期不是有效日期（YYYY-MM-DD）');
    expect(parseKpis('建筑面积 | 万平方米 | 0 | 12 | 8.5 | 2026-10-31').value).toEqual([{ name: '建筑面积', unit: '万平方米', startValue: 0, target: 12, actual: 8.5, dueDate: '2026-10-31' }]);
    expect(parseKpis('a | b | 0 | x | | 2026-10-31').errors[0]!.en).toBe('KPI 1: the start value, target or actual value is not a number');
  });

  it('convert 万元 to fen exactly and back', () => {
    expect(wanToFen('125000')).toBe(125_000_000_000n);
    expect(wanToFen('0.000001')).toBe(1n);
    expect(wanToFen('1.5e3')).toBeNull();
    expect(fenToWan(125_500_000_000n)).toBe('125500');
    expect(fenToWan(1_234_500n)).toBe('1.2345');
  });

  it('report every bad row with its row number and column, and keep the good ones apart', () => {
    const header = ['项目编号', '项目名称', '类别', '责任单位', '责任人', '开始日期', '完成日期', '里程碑', 'Extra'];
    const r = parseSheet([
      { row: 1, cells: header },
      { row: 2, cells: ['A-1', '三期', '建设工程', '昌平实验室', '王', '2025-01-01', '2025-12-31', '封顶 | 2025-06-30 |', 'x'] },
      { row: 3, cells: ['A-1', '重复', '火箭', '单位', '', '2025-01-01', '2024-12-31', '', ''] },
    ]);
    expect(r.ignoredColumns).toEqual(['Extra']);
    expect(r.rows.map((x) => x.row)).toEqual([2]);
    expect(r.errors.map((e) => [e.row, e.column, e.zh])).toEqual([
      [3, '责任人', '必填'],
      [3, '项目编号', '编号与第 2 行重复'],
      [3, '类别', '不是有效的类别（建设工程、平台建设、科研攻关、产业项目、人才引育、公共服务）'],
      [3, '完成日期', '早于开始日期'],
    ]);
    expect(parseSheet([{ row: 1, cells: ['项目名称'] }]).errors.map((e) => e.column)).toContain('项目编号');
  });

  it('accepts only tidy public addresses', () => {
    expect(isSlug('changping-2025')).toBe(true);
    expect(isSlug('-bad')).toBe(false);
    expect(isSlug('Upper')).toBe(false);
    expect(isSlug('ab')).toBe(false);
  });
});
