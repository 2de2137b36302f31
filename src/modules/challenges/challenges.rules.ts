/**
 * The pure rules of the challenge workflow (揭榜挂帅): what a complete challenge and application
 * are, who is eligible, how a budget is checked, how applications rank and how the award money
 * is split into tranches. No database, no clock: everything is passed in.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from '../../platform/http/errors.ts';
import { addMonths } from '../../platform/calendar/index.ts';
import {
  BUDGET_CATEGORIES,
  FUNDING_MODES,
  type ApplicationContent,
  type BudgetLine,
  type ChallengeStatus,
  type ChallengeTerms,
  type FundingMode,
  type Milestone,
} from './challenges.tables.ts';

export { addMonths };

export const MAX_BUDGET_FEN = 100_000_000_000_00; // 100 billion yuan: anything above is a typo
export const MAX_AWARDS = 10;
export const NOTICE_MIN_WORKING_DAYS = 5;
export const NOTICE_MAX_WORKING_DAYS = 15;
export const CORRECTION_MIN_HOURS = 24;
export const CORRECTION_MAX_DAYS = 30;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+\-() ]{5,20}$/;

function blank(s: string | null | undefined): boolean {
  return !s || s.trim() === '';
}

/** The Chinese of each rule's message, so every field error reads in both languages. */
const ZH: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^is required$/, () => '必填'],
  [/^is longer than (\d+) characters$/, (m) => `不能超过 ${m[1]} 个字`],
  [/^needs at least one quantified target$/, () => '至少填写一项可量化指标'],
  [/^must be a positive whole number of fen$/, () => '须为正数（以分为单位的整数）'],
  [/^is implausibly large$/, () => '金额过大，请核对'],
  [/^must be one of (.+)$/, (m) => `须为以下之一：${m[1]}`],
  [/^must be 1–120 months$/, () => '须为 1–120 个月'],
  [/^must be 1–(\d+)$/, (m) => `须为 1–${m[1]}`],
  [/^is not a date-time$/, () => '不是有效的日期时间'],
  [/^is not a phone number$/, () => '不是有效的电话号码'],
  [/^is not an e-mail address$/, () => '不是有效的电子邮箱'],
  [/^is not a budget category$/, () => '不是有效的预算科目'],
  [/^appears twice$/, () => '科目重复'],
  [/^must be a whole non-negative number of fen$/, () => '须为非负整数（分）'],
  [/^total (\d+) fen exceeds the cap of (\d+) fen$/, (m) => `预算合计 ${yuanText(Number(m[1]))} 元，超过经费上限 ${yuanText(Number(m[2]))} 元`],
  [/^the principal investigator is required$/, () => '须填写项目负责人'],
  [/^needs at least one line$/, () => '至少填写一项预算'],
  [/^the total must be more than zero$/, () => '预算合计须大于零'],
  [/^needs at least one milestone$/, () => '至少填写一个里程碑'],
  [/^must be within the (\d+)-month duration$/, (m) => `须在 ${m[1]} 个月的实施期内`],
  [/^the integrity pledge must be signed$/, () => '须签署诚信承诺书'],
  [/^must be in the future$/, () => '须晚于当前时间'],
  [/^may be extended but not brought forward$/, () => '只能延后，不能提前'],
  [/^a reason is required when nothing is awarded \(流榜\)$/, () => '流榜须说明理由'],
  [/^choose at least one application$/, () => '至少选择一份申请'],
  [/^at most (\d+) may be awarded$/, (m) => `最多可立项 ${m[1]} 项`],
];

function yuanText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
}

/** Adds the Chinese message where the rule has one. */
export function withZh(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    if (e.zh) return e;
    for (const [re, zh] of ZH) {
      const m = e.message.match(re);
      if (m) return { ...e, zh: zh(m) };
    }
    return e;
  });
}

/** Everything wrong with a set of terms, as field errors (empty when complete). */
export function termsErrors(t: ChallengeTerms): FieldError[] {
  const e: FieldError[] = [];
  if (blank(t.title)) e.push({ path: 'title', message: 'is required' });
  else if (t.title.length > 200) e.push({ path: 'title', message: 'is longer than 200 characters' });
  if (blank(t.field)) e.push({ path: 'field', message: 'is required' });
  if (blank(t.problem)) e.push({ path: 'problem', message: 'is required' });
  if (t.targets.length === 0) e.push({ path: 'targets', message: 'needs at least one quantified target' });
  t.targets.forEach((x, i) => {
    for (const k of ['indicator', 'target', 'unit', 'verification'] as const) if (blank(x[k])) e.push({ path: `targets/${i}/${k}`, message: 'is required' });
  });
  if (!Number.isSafeInteger(t.budgetCapFen) || t.budgetCapFen <= 0) e.push({ path: 'budgetCapFen', message: 'must be a positive whole number of fen' });
  else if (t.budgetCapFen > MAX_BUDGET_FEN) e.push({ path: 'budgetCapFen', message: 'is implausibly large' });
  if (!FUNDING_MODES.includes(t.fundingMode)) e.push({ path: 'fundingMode', message: `must be one of ${FUNDING_MODES.join(', ')}` });
  if (!Number.isInteger(t.durationMonths) || t.durationMonths < 1 || t.durationMonths > 120) e.push({ path: 'durationMonths', message: 'must be 1–120 months' });
  if (!Number.isInteger(t.maxAwards) || t.maxAwards < 1 || t.maxAwards > MAX_AWARDS) e.push({ path: 'maxAwards', message: `must be 1–${MAX_AWARDS}` });
  if (Number.isNaN(Date.parse(t.deadline))) e.push({ path: 'deadline', message: 'is not a date-time' });
  if (blank(t.contact.name)) e.push({ path: 'contact/name', message: 'is required' });
  if (!PHONE.test(t.contact.phone)) e.push({ path: 'contact/phone', message: 'is not a phone number' });
  if (!EMAIL.test(t.contact.email)) e.push({ path: 'contact/email', message: 'is not an e-mail address' });
  return withZh(e);
}

/** Which top-level fields differ between two versions (jsonb reorders keys, so compare by value). */
export function changedFields<T extends object>(a: T, b: T): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof T)[];
  return keys.filter((k) => !isDeepStrictEqual(a[k] ?? null, b[k] ?? null)) as string[];
}

export const changedTerms = (a: ChallengeTerms, b: ChallengeTerms) => changedFields(a, b);

export function budgetTotal(lines: BudgetLine[]): number {
  return lines.reduce((s, l) => s + l.amountFen, 0);
}

/** Budget lines: whole non-negative fen, known categories, no category twice, total within the cap. */
export function budgetErrors(lines: BudgetLine[], capFen: number): FieldError[] {
  const e: FieldError[] = [];
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (!BUDGET_CATEGORIES.includes(l.category)) e.push({ path: `budget/${i}/category`, message: 'is not a budget category' });
    if (seen.has(l.category)) e.push({ path: `budget/${i}/category`, message: 'appears twice' });
    seen.add(l.category);
    if (!Number.isSafeInteger(l.amountFen) || l.amountFen < 0) e.push({ path: `budget/${i}/amountFen`, message: 'must be a whole non-negative number of fen' });
  });
  const total = budgetTotal(lines);
  if (e.length === 0 && total > capFen) e.push({ path: 'budget', message: `total ${total} fen exceeds the cap of ${capFen} fen` });
  return withZh(e);
}

/** What a submission needs beyond a draft: everything filled in, pledge signed, budget within the cap. */
export function submissionErrors(c: ApplicationContent, terms: ChallengeTerms): FieldError[] {
  const e: FieldError[] = [];
  if (blank(c.title)) e.push({ path: 'title', message: 'is required' });
  if (blank(c.summary)) e.push({ path: 'summary', message: 'is required' });
  if (blank(c.pi.name)) e.push({ path: 'pi/name', message: 'the principal investigator is required' });
  if (blank(c.technicalRoute)) e.push({ path: 'technicalRoute', message: 'is required' });
  c.team.forEach((m, i) => {
    if (blank(m.name)) e.push({ path: `team/${i}/name`, message: 'is required' });
    if (blank(m.role)) e.push({ path: `team/${i}/role`, message: 'is required' });
  });
  c.partners.forEach((p, i) => {
    if (blank(p.name)) e.push({ path: `partners/${i}/name`, message: 'is required' });
    if (blank(p.role)) e.push({ path: `partners/${i}/role`, message: 'is required' });
  });
  if (c.budget.length === 0) e.push({ path: 'budget', message: 'needs at least one line' });
  e.push(...budgetErrors(c.budget, terms.budgetCapFen));
  if (budgetTotal(c.budget) === 0 && c.budget.length > 0) e.push({ path: 'budget', message: 'the total must be more than zero' });
  if (c.milestones.length === 0) e.push({ path: 'milestones', message: 'needs at least one milestone' });
  c.milestones.forEach((m, i) => {
    if (blank(m.title)) e.push({ path: `milestones/${i}/title`, message: 'is required' });
    if (blank(m.deliverable)) e.push({ path: `milestones/${i}/deliverable`, message: 'is required' });
    if (!Number.isInteger(m.month) || m.month < 1 || m.month > terms.durationMonths) e.push({ path: `milestones/${i}/month`, message: `must be within the ${terms.durationMonths}-month duration` });
  });
  if (!c.pledge || blank(c.pledge.signatory)) e.push({ path: 'pledge', message: 'the integrity pledge must be signed' });
  return withZh(e);
}

// ---- eligibility --------------------------------------------------------------------------

export interface EligibilityFacts {
  organizationType: string;
  /** The organisation's zone and every ancestor of it. */
  zoneAncestry: string[];
  /** Qualification kinds valid on the day of submission. */
  validQualifications: string[];
  hasPartners: boolean;
}

export interface Refusal {
  code: 'zone' | 'organization_type' | 'qualification' | 'consortium';
  zh: string;
  en: string;
}

/** Why an organisation may not apply; empty when it may. */
export function eligibilityRefusals(terms: ChallengeTerms, f: EligibilityFacts, names: { zones?: Map<string, string>; types?: Map<string, { zh: string; en: string }>; qualifications?: Map<string, { zh: string; en: string }> } = {}): Refusal[] {
  const out: Refusal[] = [];
  const el = terms.eligibility;
  if (el.zoneIds.length > 0 && !el.zoneIds.some((z) => f.zoneAncestry.includes(z))) {
    const zs = el.zoneIds.map((z) => names.zones?.get(z) ?? z).join('、');
    out.push({ code: 'zone', zh: `须注册在以下区域：${zs}`, en: `The organisation must be registered in: ${zs}` });
  }
  if (el.organizationTypes.length > 0 && !el.organizationTypes.includes(f.organizationType)) {
    const zh = el.organizationTypes.map((t) => names.types?.get(t)?.zh ?? t).join('、');
    const en = el.organizationTypes.map((t) => names.types?.get(t)?.en ?? t).join(', ');
    out.push({ code: 'organization_type', zh: `本榜单仅限以下单位类型：${zh}`, en: `Open only to these organisation types: ${en}` });
  }
  if (el.qualifications.length > 0 && !el.qualifications.some((q) => f.validQualifications.includes(q))) {
    const zh = el.qualifications.map((q) => names.qualifications?.get(q)?.zh ?? q).join('、');
    const en = el.qualifications.map((q) => names.qualifications?.get(q)?.en ?? q).join(', ');
    out.push({ code: 'qualification', zh: `须在提交之日持有有效资质之一：${zh}`, en: `Needs one of these qualifications valid on the day of submission: ${en}` });
  }
  if (!el.consortiumAllowed && f.hasPartners) {
    out.push({ code: 'consortium', zh: '本榜单不允许联合体揭榜，请删除合作单位', en: 'This challenge does not accept consortia; remove the partners' });
  }
  return out;
}

// ---- status -------------------------------------------------------------------------------

/** Published and the deadline not yet passed: applications may be submitted. */
export function acceptingApplications(status: ChallengeStatus, deadline: Date, now: Date): boolean {
  return status === 'published' && now.getTime() < deadline.getTime();
}

/** The stage shown on the pipeline board: published challenges split at their deadline. */
export type Stage = Exclude<ChallengeStatus, 'published'> | 'open' | 'formal_check';
export function stageOf(status: ChallengeStatus, deadline: Date, now: Date): Stage {
  if (status !== 'published') return status;
  return now.getTime() < deadline.getTime() ? 'open' : 'formal_check';
}

// ---- ranking ------------------------------------------------------------------------------

export interface Ranked<T> {
  item: T;
  /** Competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4). */
  rank: number | null;
  tied: boolean;
}

/** Rank by score, highest first; unscored items come last without a rank. Stable on input order. */
export function rankByScore<T>(items: T[], score: (t: T) => number | null): Ranked<T>[] {
  const scored = items.filter((i) => score(i) !== null).sort((a, b) => score(b)! - score(a)!);
  const counts = new Map<number, number>();
  for (const i of scored) counts.set(score(i)!, (counts.get(score(i)!) ?? 0) + 1);
  const out: Ranked<T>[] = [];
  let prev: number | null = null;
  let rank = 0;
  scored.forEach((item, idx) => {
    const s = score(item)!;
    if (s !== prev) rank = idx + 1;
    prev = s;
    out.push({ item, rank, tied: (counts.get(s) ?? 0) > 1 });
  });
  for (const item of items) if (score(item) === null) out.push({ item, rank: null, tied: false });
  return out;
}

// ---- award --------------------------------------------------------------------------------

export interface TranchePlan {
  seq: number;
  amountFen: number;
  trigger: 'signing' | 'milestone' | 'acceptance';
  milestoneIndex: number | null;
  dueOn: string;
}

/** Whole-fen split by weights; the remainder goes to the last share, so the parts always sum to the total. */
export function splitFen(totalFen: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => Math.floor((totalFen * w) / sum));
  parts[parts.length - 1]! += totalFen - parts.reduce((s, p) => s + p, 0);
  return parts;
}

/**
 * The tranches of a task contract. Funding before delivery (先拨后验): 30% on signing, the rest
 * spread over the milestones, the last 20% held for final acceptance. Funding after delivery
 * (后补助): everything on final acceptance.
 */
export function planTranches(totalFen: number, milestones: Milestone[], mode: FundingMode, startsOn: string, durationMonths: number): TranchePlan[] {
  const end = addMonths(startsOn, durationMonths);
  if (mode === 'after_delivery' || totalFen === 0) return [{ seq: 1, amountFen: totalFen, trigger: 'acceptance', milestoneIndex: null, dueOn: end }];
  const sorted = milestones.map((m, i) => ({ m, i })).sort((a, b) => a.m.month - b.m.month);
  // Integer weights that sum to exactly 100 × n: 30 % on signing, 50 % in n equal parts, 20 % held back
  // (rounded weights such as 16.667 % would shave fen off every tranche).
  const n = Math.max(sorted.length, 1);
  const amounts = splitFen(totalFen, [30 * n, ...sorted.map(() => 50), 20 * n]);
  const plan: TranchePlan[] = [{ seq: 1, amountFen: amounts[0]!, trigger: 'signing', milestoneIndex: null, dueOn: startsOn }];
  sorted.forEach(({ m, i }, k) => plan.push({ seq: k + 2, amountFen: amounts[k + 1]!, trigger: 'milestone', milestoneIndex: i, dueOn: addMonths(startsOn, m.month) }));
  plan.push({ seq: plan.length + 1, amountFen: amounts[amounts.length - 1]!, trigger: 'acceptance', milestoneIndex: null, dueOn: end });
  return plan;
}

/** What an award may be: between 1 and maxAwards accepted applications; none with a reason. */
function decisionErrorsEn(kind: 'award' | 'no_award', chosen: number, maxAwards: number, reason: string): FieldError[] {
  if (kind === 'no_award') return blank(reason) ? [{ path: 'reason', message: 'a reason is required when nothing is awarded (流榜)' }] : [];
  if (chosen < 1) return [{ path: 'applicationIds', message: 'choose at least one application' }];
  if (chosen > maxAwards) return [{ path: 'applicationIds', message: `at most ${maxAwards} may be awarded` }];
  return [];
}

export function decisionErrors(kind: 'award' | 'no_award', chosen: number, maxAwards: number, reason: string): FieldError[] {
  return withZh(decisionErrorsEn(kind, chosen, maxAwards, reason));
}
