// Pure rules of scoring sheets: what a draft may hold, when a sheet is complete, what an expert may read
// of an application in a blind round, when reminders are due, and how far a round has got.
import type { FieldError } from '../../../platform/http/errors.ts';
import type { Criterion, SheetStatus } from '../review.tables.ts';

export interface SheetInput {
  scores: Record<string, number>;
  comments: Record<string, string>;
  overallComment: string;
}

const fe = (path: string, en: string, zh: string): FieldError => ({ path, message: en, zh });

/** A score is on the criterion's scale in steps of 0.5 (半分制). */
export function scoreError(c: Pick<Criterion, 'key' | 'scaleMax'>, v: number): FieldError | null {
  if (!Number.isFinite(v) || v < 0 || v > c.scaleMax) return fe(`scores.${c.key}`, `must be between 0 and ${c.scaleMax}`, `应在 0–${c.scaleMax} 之间`);
  if (!Number.isInteger(v * 2)) return fe(`scores.${c.key}`, 'must be a whole or half point', `分值的最小单位为 0.5 分`);
  return null;
}

/** What a draft may hold: any subset of the criteria, each on its scale; comments only on known criteria. */
export function draftErrors(criteria: readonly Criterion[], input: SheetInput): FieldError[] {
  const byKey = new Map(criteria.map((c) => [c.key, c]));
  const errors: FieldError[] = [];
  for (const [key, v] of Object.entries(input.scores)) {
    const c = byKey.get(key);
    if (!c) errors.push(fe(`scores.${key}`, 'is not a criterion of this round', '不是本轮评审的评分项'));
    else {
      const e = scoreError(c, v);
      if (e) errors.push(e);
    }
  }
  for (const key of Object.keys(input.comments)) {
    if (!byKey.has(key)) errors.push(fe(`comments.${key}`, 'is not a criterion of this round', '不是本轮评审的评分项'));
  }
  return errors;
}

/** What submitting needs: every criterion scored, and the comments the round requires. */
export function completenessErrors(criteria: readonly Criterion[], overallRequired: boolean, input: SheetInput): FieldError[] {
  const errors = draftErrors(criteria, input);
  for (const c of criteria) {
    if (input.scores[c.key] === undefined) errors.push(fe(`scores.${c.key}`, `score “${c.nameEn}” before submitting`, `请为「${c.nameZh}」打分`));
    if (c.commentRequired && !(input.comments[c.key] ?? '').trim()) errors.push(fe(`comments.${c.key}`, `a comment on “${c.nameEn}” is required`, `「${c.nameZh}」须填写评语`));
  }
  if (overallRequired && !input.overallComment.trim()) errors.push(fe('overallComment', 'an overall comment is required', '须填写总体评价'));
  return errors;
}

/** Drops empty comments and trims the rest, so a cleared field does not linger as whitespace. */
export function normaliseInput(input: SheetInput): SheetInput {
  const comments: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.comments)) if (v.trim()) comments[k] = v.trim();
  return { scores: { ...input.scores }, comments, overallComment: input.overallComment.trim() };
}

export const MASK = '■■';

/**
 * In a double-blind round the applicant's names must not reach the expert, not even inside the text they
 * wrote (a summary that says "our institute, X, …"). Replaces every occurrence of each name (two or more
 * characters, longest first so a full name wins over its part) with a mask.
 */
export function maskNames(text: string, names: readonly string[]): string {
  const list = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const n of list) out = out.split(n).join(MASK);
  return out;
}

export type ReminderStage = 'h48' | 'h24' | 'passed';

/** Which reminder is due at `now` for a round with this deadline: 48 h before, 24 h before, or after it passed. */
export function reminderStage(deadline: Date, now: Date): ReminderStage | null {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return 'passed';
  if (left <= 24 * 3600_000) return 'h24';
  if (left <= 48 * 3600_000) return 'h48';
  return null;
}

/** When a reminder window opened: a reminder sent since then counts, one sent before an extended deadline does not. */
export function reminderWindowStart(deadline: Date, stage: ReminderStage): Date {
  const hours = stage === 'h48' ? 48 : stage === 'h24' ? 24 : 0;
  return new Date(deadline.getTime() - hours * 3600_000);
}

export interface ProgressSheet {
  itemId: string;
  expertId: string;
  status: SheetStatus;
  /** Something has been scored or written (a draft that was never touched is "not started"). */
  started: boolean;
  savedAt: Date;
  submittedAt: Date | null;
}

export interface ExpertProgress {
  expertId: string;
  assigned: number;
  notStarted: number;
  inProgress: number;
  submitted: number;
  lastSavedAt: Date | null;
}

export interface ItemProgress {
  itemId: string;
  assigned: number;
  submitted: number;
}

export interface RoundProgress {
  sheets: number;
  submitted: number;
  /** Submitted sheets in whole percent (rounded down, so 100 means every sheet is in). */
  percent: number;
  overdue: boolean;
  experts: ExpertProgress[];
  items: ItemProgress[];
}

/** How far a round has got, per expert and per item, and whether its deadline passed with sheets missing. */
export function roundProgress(itemIds: readonly string[], sheets: readonly ProgressSheet[], deadline: Date, now: Date): RoundProgress {
  const experts = new Map<string, ExpertProgress>();
  const items = new Map<string, ItemProgress>(itemIds.map((id) => [id, { itemId: id, assigned: 0, submitted: 0 }]));
  for (const s of sheets) {
    const e = experts.get(s.expertId) ?? { expertId: s.expertId, assigned: 0, notStarted: 0, inProgress: 0, submitted: 0, lastSavedAt: null };
    e.assigned++;
    if (s.status === 'submitted') e.submitted++;
    else if (s.started) e.inProgress++;
    else e.notStarted++;
    const touched = s.status === 'submitted' || s.started ? s.savedAt : null;
    if (touched && (!e.lastSavedAt || touched > e.lastSavedAt)) e.lastSavedAt = touched;
    experts.set(s.expertId, e);
    const it = items.get(s.itemId) ?? { itemId: s.itemId, assigned: 0, submitted: 0 };
    it.assigned++;
    if (s.status === 'submitted') it.submitted++;
    items.set(s.itemId, it);
  }
  const submitted = sheets.filter((s) => s.status === 'submitted').length;
  return {
    sheets: sheets.length,
    submitted,
    percent: sheets.length ? Math.floor((submitted * 100) / sheets.length) : 0,
    overdue: now.getTime() >= deadline.getTime() && submitted < sheets.length,
    experts: [...experts.values()],
    items: [...items.values()],
  };
}
