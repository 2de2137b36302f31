/**
 * The pure rules of task contracts: milestone due dates, overdue detection and reminders, a
 * contract's health, what may be released when, what a change may touch, and reconciliation of
 * the ledger. No database, no clock: dates are Beijing calendar dates (YYYY-MM-DD) passed in.
 */
import { isDeepStrictEqual } from 'node:util';
import { addMonths, calendarDaysBetween } from '../../platform/calendar/index.ts';
import type { FieldError } from '../../platform/http/errors.ts';
import type {
  AwardedMilestone,
  ContractStatus,
  ContractTerms,
  EvidenceItem,
  EvidenceRequirement,
  FieldChange,
  MilestoneReminder,
  MilestoneStatus,
  MilestoneTerms,
  TrancheTrigger,
} from './contracts.tables.ts';

/** A milestone due within this many days that has not been submitted puts the contract at risk. */
export const AT_RISK_DAYS = 14;
export const MAX_SUPERVISION_DAYS = 60;

const err = (path: string, en: string, zh: string): FieldError => ({ path, message: en, zh });
const blank = (s: string | null | undefined) => !s || s.trim() === '';

// ---- milestones and due dates -------------------------------------------------------------

/**
 * The contract's milestones from the awarded plan: ordered by month, numbered from 1, each due
 * `month` months after the start; its deliverable is the evidence it needs until someone says more.
 */
export function milestonesFromAward(awarded: AwardedMilestone[], startsOn: string): MilestoneTerms[] {
  return awarded
    .map((m, index) => ({ m, index }))
    .sort((a, b) => a.m.month - b.m.month || a.index - b.index)
    .map(({ m }, k) => ({ seq: k + 1, title: m.title, deliverable: m.deliverable, dueOn: addMonths(startsOn, m.month), evidence: [{ label: m.deliverable || m.title, kind: 'file' as const }], gateId: null }));
}

/** Waiting on the team: not yet submitted, or returned for more. */
const awaitingTeam = (s: MilestoneStatus) => s === 'planned' || s === 'returned' || s === 'overdue';

/** Overdue from the day after its due date (Beijing), while the team still owes it. */
export function isOverdue(m: { status: MilestoneStatus; dueOn: string }, today: string): boolean {
  return awaitingTeam(m.status) && calendarDaysBetween(m.dueOn, today) > 0;
}

/**
 * The reminder a milestone should get today, if any: 7 days before (from 7 down to 2 days ahead),
 * 1 day before (the day before and the day itself), and overdue. Each kind once; a job that first
 * runs late sends only the one that still applies.
 */
export function reminderDue(m: { status: MilestoneStatus; dueOn: string; remindersSent: readonly MilestoneReminder[] }, today: string): MilestoneReminder | null {
  if (!awaitingTeam(m.status)) return null;
  const days = calendarDaysBetween(today, m.dueOn);
  const kind: MilestoneReminder | null = days < 0 ? 'overdue' : days <= 1 ? 'before_1' : days <= 7 ? 'before_7' : null;
  return kind && !m.remindersSent.includes(kind) ? kind : null;
}

export type ContractHealth = 'on_track' | 'at_risk' | 'overdue' | 'completed';

/**
 * How a contract stands today. Completed (or ended) contracts are completed. Overdue: a milestone
 * is overdue or a supervision order is unanswered past its deadline. At risk: an open supervision
 * order, a returned milestone, or one due within AT_RISK_DAYS not yet submitted. Otherwise on track.
 */
export function contractHealth(
  status: ContractStatus,
  milestones: { status: MilestoneStatus; dueOn: string }[],
  orders: { status: 'open' | 'responded' | 'closed'; responseDueOn: string }[],
  today: string,
): ContractHealth {
  if (status === 'completed' || status === 'terminated') return 'completed';
  if (milestones.some((m) => m.status === 'overdue' || isOverdue(m, today))) return 'overdue';
  if (orders.some((o) => o.status === 'open' && calendarDaysBetween(o.responseDueOn, today) > 0)) return 'overdue';
  if (orders.some((o) => o.status !== 'closed')) return 'at_risk';
  if (milestones.some((m) => m.status === 'returned' || (m.status === 'planned' && calendarDaysBetween(today, m.dueOn) <= AT_RISK_DAYS))) return 'at_risk';
  return 'on_track';
}

// ---- evidence -----------------------------------------------------------------------------

/** Every requirement answered by an item of its kind: a file for a file, a non-empty figure for a figure. */
export function evidenceErrors(required: EvidenceRequirement[], items: EvidenceItem[]): FieldError[] {
  const e: FieldError[] = [];
  if (items.length === 0) e.push(err('items', 'needs at least one file or figure', '至少提交一份文件或一项数据'));
  items.forEach((it, i) => {
    const r = required[it.requirement];
    if (!r) e.push(err(`items/${i}/requirement`, 'names no requirement of this milestone', '不是该里程碑要求的佐证材料'));
    else if (r.kind === 'file' && !it.attachmentId) e.push(err(`items/${i}/attachmentId`, `"${r.label}" needs a file`, `「${r.label}」需上传文件`));
    else if (r.kind === 'figure' && blank(it.value)) e.push(err(`items/${i}/value`, `"${r.label}" needs a figure`, `「${r.label}」需填写数据`));
  });
  required.forEach((r, k) => {
    if (!items.some((it) => it.requirement === k)) e.push(err(`evidence/${k}`, `"${r.label}" is missing`, `缺少「${r.label}」`));
  });
  return e;
}

// ---- tranches and the ledger ----------------------------------------------------------------

/**
 * Whether a tranche's condition is met: signing once both sides confirmed (the contract runs), a
 * milestone tranche once its milestone is accepted, the acceptance tranche once every milestone is.
 */
export function trancheReleasable(t: { trigger: TrancheTrigger; milestoneId: string | null }, contractStatus: ContractStatus, milestones: { id: string; status: MilestoneStatus }[]): boolean {
  if (contractStatus !== 'active') return false;
  if (t.trigger === 'signing') return true;
  if (t.trigger === 'milestone') return milestones.some((m) => m.id === t.milestoneId && m.status === 'accepted');
  return milestones.every((m) => m.status === 'accepted');
}

/** A release must be a positive whole number of fen within what remains of the tranche and of the contract. */
export function releaseRefusal(amountFen: number, tranche: { amountFen: number; releasedFen: number }, contract: { totalFen: number; releasedFen: number }): string | null {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return 'the amount must be a positive whole number of fen';
  const trancheLeft = tranche.amountFen - tranche.releasedFen;
  const contractLeft = contract.totalFen - contract.releasedFen;
  if (amountFen > trancheLeft) return `the release of ${amountFen} fen exceeds the ${trancheLeft} fen that remain of this tranche`;
  if (amountFen > contractLeft) return `the release of ${amountFen} fen exceeds the ${contractLeft} fen that remain of the contract`;
  return null;
}

export interface Reconciliation {
  tranches: { seq: number; plannedFen: number; releasedFen: number; remainingFen: number; ledgerFen: number; matches: boolean }[];
  plannedFen: number;
  releasedFen: number;
  remainingFen: number;
  ledgerFen: number;
  /** The contract total equals the planned tranches, the running totals equal the ledger, nothing exceeds its plan. */
  reconciled: boolean;
}

/** Planned vs released vs remaining per tranche and for the contract, checked against the ledger's entries. */
export function reconcile(
  contract: { totalFen: number; releasedFen: number },
  tranches: { id: string; seq: number; amountFen: number; releasedFen: number }[],
  ledger: { trancheId: string; kind: 'release' | 'reversal'; amountFen: number }[],
): Reconciliation {
  const signed = (e: { kind: 'release' | 'reversal'; amountFen: number }) => (e.kind === 'release' ? e.amountFen : -e.amountFen);
  const rows = [...tranches]
    .sort((a, b) => a.seq - b.seq)
    .map((t) => {
      const ledgerFen = ledger.filter((e) => e.trancheId === t.id).reduce((s, e) => s + signed(e), 0);
      return { seq: t.seq, plannedFen: t.amountFen, releasedFen: t.releasedFen, remainingFen: t.amountFen - t.releasedFen, ledgerFen, matches: ledgerFen === t.releasedFen && t.releasedFen <= t.amountFen };
    });
  const plannedFen = rows.reduce((s, r) => s + r.plannedFen, 0);
  const ledgerFen = ledger.reduce((s, e) => s + signed(e), 0);
  return {
    tranches: rows,
    plannedFen,
    releasedFen: contract.releasedFen,
    remainingFen: contract.totalFen - contract.releasedFen,
    ledgerFen,
    reconciled: plannedFen === contract.totalFen && ledgerFen === contract.releasedFen && contract.releasedFen <= contract.totalFen && rows.every((r) => r.matches),
  };
}

// ---- terms and changes --------------------------------------------------------------------

/** Everything wrong with a set of terms on its own (empty when sound). */
export function termsErrors(t: ContractTerms): FieldError[] {
  const e: FieldError[] = [];
  if (!Number.isSafeInteger(t.totalFen) || t.totalFen < 0) e.push(err('totalFen', 'must be a whole non-negative number of fen', '须为非负整数（分）'));
  if (blank(t.lead.name)) e.push(err('lead/name', 'the lead (挂帅) is required', '须填写项目负责人（挂帅）'));
  if (t.targets.length === 0) e.push(err('targets', 'needs at least one target', '至少一项考核指标'));
  const seqs = new Set<number>();
  t.milestones.forEach((m, i) => {
    if (seqs.has(m.seq)) e.push(err(`milestones/${i}/seq`, 'appears twice', '序号重复'));
    seqs.add(m.seq);
    if (blank(m.title)) e.push(err(`milestones/${i}/title`, 'is required', '必填'));
    if (blank(m.deliverable)) e.push(err(`milestones/${i}/deliverable`, 'is required', '必填'));
    if (m.evidence.length === 0) e.push(err(`milestones/${i}/evidence`, 'name at least one piece of evidence', '至少列出一项佐证材料'));
    m.evidence.forEach((r, k) => blank(r.label) && e.push(err(`milestones/${i}/evidence/${k}/label`, 'is required', '必填')));
  });
  const trancheSeqs = new Set<number>();
  let sum = 0;
  t.tranches.forEach((x, i) => {
    if (trancheSeqs.has(x.seq)) e.push(err(`tranches/${i}/seq`, 'appears twice', '序号重复'));
    trancheSeqs.add(x.seq);
    if (!Number.isSafeInteger(x.amountFen) || x.amountFen < 0) e.push(err(`tranches/${i}/amountFen`, 'must be a whole non-negative number of fen', '须为非负整数（分）'));
    else sum += x.amountFen;
    if (x.trigger === 'milestone' && !t.milestones.some((m) => m.seq === x.milestoneSeq)) e.push(err(`tranches/${i}/milestoneSeq`, 'names no milestone of the contract', '对应的里程碑不存在'));
    if (x.trigger !== 'milestone' && x.milestoneSeq !== null) e.push(err(`tranches/${i}/milestoneSeq`, 'only a milestone tranche names a milestone', '仅里程碑款项可关联里程碑'));
  });
  if (t.tranches.length === 0) e.push(err('tranches', 'needs at least one tranche', '至少一笔拨款'));
  else if (sum !== t.totalFen) e.push(err('tranches', `the tranches sum to ${sum} fen, not the total of ${t.totalFen} fen`, `各笔拨款合计 ${sum} 分，与合同总额 ${t.totalFen} 分不一致`));
  return e;
}

/** The state a change must respect: what is already accepted, released or evidenced. */
export interface ChangeState {
  releasedFen: number;
  milestones: { seq: number; status: MilestoneStatus; hasEvidence: boolean }[];
  tranches: { seq: number; releasedFen: number; hasEntries: boolean }[];
}

const milestoneFields = (m: MilestoneTerms) => ({ title: m.title, deliverable: m.deliverable, dueOn: m.dueOn, evidence: m.evidence, gateId: m.gateId });

/**
 * What a change (or a draft amendment) may not do: change or drop an accepted milestone, drop one
 * that has evidence, drop a tranche that has releases or shrink it below them, or set the total
 * below what is already released. Added on top of `termsErrors`.
 */
export function changeErrors(before: ContractTerms, after: ContractTerms, state: ChangeState): FieldError[] {
  const e = termsErrors(after);
  if (after.totalFen < state.releasedFen) e.push(err('totalFen', `cannot be below the ${state.releasedFen} fen already released`, `不得低于已拨付的 ${state.releasedFen} 分`));
  for (const s of state.milestones) {
    const old = before.milestones.find((m) => m.seq === s.seq);
    const now = after.milestones.find((m) => m.seq === s.seq);
    if (!now && (s.status !== 'planned' || s.hasEvidence)) e.push(err(`milestones/${s.seq}`, 'has evidence or a decision and cannot be removed', '已有佐证材料或验收结论，不能删除'));
    else if (now && old && s.status === 'accepted' && !isDeepStrictEqual(milestoneFields(old), milestoneFields(now))) e.push(err(`milestones/${s.seq}`, 'is accepted and cannot change', '已验收，不能变更'));
  }
  for (const s of state.tranches) {
    const now = after.tranches.find((x) => x.seq === s.seq);
    if (!now && s.hasEntries) e.push(err(`tranches/${s.seq}`, 'has ledger entries and cannot be removed', '已有拨付记录，不能删除'));
    else if (!now) continue;
    else if (now.amountFen < s.releasedFen) e.push(err(`tranches/${s.seq}/amountFen`, `cannot be below the ${s.releasedFen} fen already released`, `不得低于已拨付的 ${s.releasedFen} 分`));
  }
  return e;
}

/** The field-level difference between two sets of terms, by path (milestones and tranches by seq). */
export function diffTerms(before: ContractTerms, after: ContractTerms): FieldChange[] {
  const out: FieldChange[] = [];
  const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null);
  for (const k of ['totalFen', 'targets', 'lead', 'team'] as const) if (!same(before[k], after[k])) out.push({ path: k, before: before[k], after: after[k] });
  const bySeq = <T extends { seq: number }>(list: 'milestones' | 'tranches', a: T[], b: T[]) => {
    const seqs = [...new Set([...a.map((x) => x.seq), ...b.map((x) => x.seq)])].sort((x, y) => x - y);
    for (const seq of seqs) {
      const x = a.find((i) => i.seq === seq);
      const y = b.find((i) => i.seq === seq);
      if (!x || !y) out.push({ path: `${list}/${seq}`, before: x ?? null, after: y ?? null });
      else for (const f of Object.keys({ ...x, ...y }) as (keyof T)[]) if (!same(x[f], y[f])) out.push({ path: `${list}/${seq}/${String(f)}`, before: x[f], after: y[f] });
    }
  };
  bySeq('milestones', before.milestones, after.milestones);
  bySeq('tranches', before.tranches, after.tranches);
  return out;
}

/** A supervision order's response deadline: after today, within MAX_SUPERVISION_DAYS. */
export function responseDueErrors(responseDueOn: string, today: string): FieldError[] {
  const days = calendarDaysBetween(today, responseDueOn);
  if (days < 1) return [err('responseDueOn', 'must be after today', '须晚于今天')];
  if (days > MAX_SUPERVISION_DAYS) return [err('responseDueOn', `must be within ${MAX_SUPERVISION_DAYS} days`, `须在 ${MAX_SUPERVISION_DAYS} 天以内`)];
  return [];
}
