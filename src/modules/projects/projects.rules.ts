import type { BaselineItem, ProjectStatus } from './projects.tables.ts';

/**
 * Red / amber / green of a key item, from its milestones and KPIs on a given Shanghai date.
 * The thresholds are documented in docs/projects.md; change them there too.
 */
export const RED_OVERDUE_DAYS = 30;
export const DUE_SOON_DAYS = 14;
/** A KPI past its due date below this share of its target (measured from its start value) makes the item red. */
export const KPI_RED_RATIO = 0.8;

export interface MilestoneFacts {
  name: string;
  plannedDate: string;
  actualDate: string | null;
}

export interface KpiFacts {
  name: string;
  unit: string;
  startValue: number;
  target: number;
  actual: number | null;
  dueDate: string;
}

export interface ItemFacts {
  startDate: string;
  endDate: string;
  milestones: MilestoneFacts[];
  kpis: KpiFacts[];
}

export type MilestoneState = 'done' | 'overdue' | 'due_soon' | 'planned';

export interface StatusReason {
  level: 'red' | 'amber';
  zh: string;
  en: string;
}

export interface Evaluation {
  status: ProjectStatus;
  reasons: StatusReason[];
  /** Days the most overdue open milestone is late; 0 when none is. */
  overdueDays: number;
  /** The planned date of the next open milestone or the due date of the next unmet KPI. */
  nextDueDate: string | null;
}

const DAY_MS = 86_400_000;

/** Whole days from a to b (YYYY-MM-DD calendar dates): positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function milestoneState(m: MilestoneFacts, today: string): { state: MilestoneState; daysLate: number } {
  if (m.actualDate !== null) return { state: 'done', daysLate: 0 };
  const late = daysBetween(m.plannedDate, today);
  if (late > 0) return { state: 'overdue', daysLate: late };
  if (-late <= DUE_SOON_DAYS) return { state: 'due_soon', daysLate: 0 };
  return { state: 'planned', daysLate: 0 };
}

/** Share of the way from start value to target that the actual value has come (1 = met); no actual counts as no progress. */
export function kpiAttainment(k: KpiFacts): number {
  const actual = k.actual ?? k.startValue;
  const span = k.target - k.startValue;
  if (span === 0) return actual === k.target ? 1 : 0;
  return (actual - k.startValue) / span;
}

export function kpiMet(k: KpiFacts): boolean {
  return kpiAttainment(k) >= 1 - 1e-9;
}

/** The share of the target expected by today: straight-line from the item's start to the KPI's due date. */
export function kpiExpectedShare(k: KpiFacts, itemStart: string, today: string): number {
  const total = daysBetween(itemStart, k.dueDate);
  if (total <= 0) return today >= k.dueDate ? 1 : 0;
  return Math.min(1, Math.max(0, daysBetween(itemStart, today) / total));
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The rules, in order of severity:
 * red   — an open milestone more than RED_OVERDUE_DAYS late, or a KPI past its due date below KPI_RED_RATIO of its target;
 * amber — an open milestone late or due within DUE_SOON_DAYS, a KPI past its due date below its target, or a KPI
 *         behind its pro-rated target;
 * done  — at least one milestone or KPI, every milestone done and every KPI met;
 * green — otherwise.
 */
export function evaluateItem(item: ItemFacts, today: string): Evaluation {
  const reasons: StatusReason[] = [];
  let overdueDays = 0;
  const upcoming: string[] = [];
  for (const m of item.milestones) {
    const { state, daysLate } = milestoneState(m, today);
    if (state !== 'done') upcoming.push(m.plannedDate);
    if (state === 'overdue') {
      overdueDays = Math.max(overdueDays, daysLate);
      const level = daysLate > RED_OVERDUE_DAYS ? 'red' : 'amber';
      reasons.push({ level, zh: `里程碑「${m.name}」逾期 ${daysLate} 天`, en: `Milestone “${m.name}” is ${daysLate} days overdue` });
    } else if (state === 'due_soon') {
      const left = daysBetween(today, m.plannedDate);
      reasons.push({ level: 'amber', zh: `里程碑「${m.name}」将于 ${left} 天内到期，尚未完成`, en: `Milestone “${m.name}” is due in ${left} days and not done` });
    }
  }
  for (const k of item.kpis) {
    const got = kpiAttainment(k);
    if (kpiMet(k)) continue;
    upcoming.push(k.dueDate);
    if (today > k.dueDate) {
      const level = got < KPI_RED_RATIO ? 'red' : 'amber';
      reasons.push({ level, zh: `指标「${k.name}」已到期，仅完成目标的 ${pct(got)}`, en: `KPI “${k.name}” is past due at ${pct(got)} of target` });
    } else {
      const expected = kpiExpectedShare(k, item.startDate, today);
      if (got + 1e-9 < expected) reasons.push({ level: 'amber', zh: `指标「${k.name}」完成 ${pct(got)}，低于进度要求 ${pct(expected)}`, en: `KPI “${k.name}” at ${pct(got)}, behind the pro-rated ${pct(expected)}` });
    }
  }
  upcoming.sort();
  const nextDueDate = upcoming[0] ?? null;
  const judged = item.milestones.length + item.kpis.length > 0;
  const allDone = judged && item.milestones.every((m) => m.actualDate !== null) && item.kpis.every(kpiMet);
  const status: ProjectStatus = reasons.some((r) => r.level === 'red') ? 'red' : reasons.length ? 'amber' : allDone ? 'done' : 'green';
  return { status, reasons, overdueDays, nextDueDate };
}

export function effectiveStatus(computed: ProjectStatus, override: ProjectStatus | null): ProjectStatus {
  return override ?? computed;
}

/** A public address part: lower-case letters, digits and hyphens, 3–64 characters, not starting or ending with a hyphen. */
export function isSlug(s: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$/.test(s);
}

// ---- baselines --------------------------------------------------------------------------

export interface SlipRow {
  name: string;
  baseline: string | null;
  current: string | null;
  /** Current minus baseline in days; null when one side is missing. */
  slipDays: number | null;
}

export interface TargetRow {
  name: string;
  unit: string;
  baselineTarget: number | null;
  currentTarget: number | null;
  baselineDue: string | null;
  currentDue: string | null;
  changed: boolean;
}

export interface ItemComparison {
  code: string;
  name: string;
  change: 'same' | 'changed' | 'added' | 'removed';
  endSlipDays: number | null;
  milestones: SlipRow[];
  kpis: TargetRow[];
}

function slip(a: string | null, b: string | null): number | null {
  return a !== null && b !== null ? daysBetween(a, b) : null;
}

/** Plan then (baseline) against plan now, item by item (matched by code) and milestone / KPI by name. */
export function compareToBaseline(baseline: BaselineItem[], current: BaselineItem[]): ItemComparison[] {
  const then = new Map(baseline.map((i) => [i.code, i]));
  const now = new Map(current.map((i) => [i.code, i]));
  const codes = [...new Set([...baseline.map((i) => i.code), ...current.map((i) => i.code)])];
  return codes.map((code) => {
    const b = then.get(code);
    const c = now.get(code);
    const names = (f: (i: BaselineItem) => string[]) => [...new Set([...(b ? f(b) : []), ...(c ? f(c) : [])])];
    const milestones = names((i) => i.milestones.map((m) => m.name)).map((name): SlipRow => {
      const bm = b?.milestones.find((m) => m.name === name)?.plannedDate ?? null;
      const cm = c?.milestones.find((m) => m.name === name)?.plannedDate ?? null;
      return { name, baseline: bm, current: cm, slipDays: slip(bm, cm) };
    });
    const kpis = names((i) => i.kpis.map((k) => k.name)).map((name): TargetRow => {
      const bk = b?.kpis.find((k) => k.name === name);
      const ck = c?.kpis.find((k) => k.name === name);
      return {
        name,
        unit: (ck ?? bk)!.unit,
        baselineTarget: bk?.target ?? null,
        currentTarget: ck?.target ?? null,
        baselineDue: bk?.dueDate ?? null,
        currentDue: ck?.dueDate ?? null,
        changed: bk?.target !== ck?.target || bk?.dueDate !== ck?.dueDate,
      };
    });
    const endSlipDays = slip(b?.endDate ?? null, c?.endDate ?? null);
    const changed = endSlipDays !== 0 || b?.startDate !== c?.startDate || milestones.some((m) => m.slipDays !== 0) || kpis.some((k) => k.changed);
    return { code, name: (c ?? b)!.name, change: !b ? 'added' : !c ? 'removed' : changed ? 'changed' : 'same', endSlipDays, milestones, kpis };
  });
}
