import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.ts';
import { inTransaction } from '../../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../../platform/audit/audit.service.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Clock } from '../../../platform/clock.ts';
import { hasRole, type Actor } from '../../../platform/auth/policy.ts';
import { attachments } from '../../../platform/files/files.tables.ts';
import type { NotificationService } from '../../../platform/notify/index.ts';
import type { ExpertService } from '../../experts/index.ts';
import { reviewItems, reviewRounds, reviewSheets, type ReviewRoundRow, type ReviewSheetRow } from '../review.tables.ts';
import type { ReviewSubject, ReviewSubjects } from '../review.subjects.ts';
import { roundResults, weightedTotalCenti, type RoundResults } from '../scoring/index.ts';
import { completenessErrors, draftErrors, normaliseInput, reminderStage, reminderWindowStart, roundProgress, type SheetInput } from './sheets.rules.ts';
import { expertItemView, expertTitle, sheetStarted } from './sheets.present.ts';
import { sheetMessages } from './sheets.messages.ts';
import './sheets.events.ts';

/** Rounds an expert sees: scoring is open, or was (results stay readable to them as their own sheets). */
const EXPERT_VISIBLE = ['open', 'closed', 'adopted'] as const;

const METRIC_ZH = { mean: '平均分', trimmed: '去掉最高分和最低分后的平均分', calibrated: '校准分（修正评分宽严）' } as const;

function invalid(errors: { path: string; message: string; zh?: string }[]): AppError {
  return new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

/**
 * Expert scoring of a review round (issue #5, parts 3 and 5): an expert's assignments and sheets, draft
 * saves, submit-and-lock; for officers return-for-revision, progress, reminders, closing, the results with
 * calibration, and adoption of the results as the challenge's committee scores. Rounds, panels and the
 * assignment are ReviewService's; it creates one draft sheet per assignment when a round opens.
 */
export class ReviewSheetService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly subjectsOf: ReviewSubjects,
    private readonly experts: ExpertService,
    private readonly notifications: NotificationService,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The caller's expert profile, or null when the account has none (it then has no assignments). */
  async expertIdOf(actor: Actor): Promise<string | null> {
    if (!hasRole(actor, 'expert')) return null;
    try {
      return (await this.experts.byUser(actor.tenantId, actor.userId)).id;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async getRound(tenantId: string, id: string, db: Db = this.db): Promise<ReviewRoundRow> {
    const [row] = await db.select().from(reviewRounds).where(and(eq(reviewRounds.tenantId, tenantId), eq(reviewRounds.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'review round not found');
    return row;
  }

  private async lockRound(tx: Db, tenantId: string, id: string): Promise<ReviewRoundRow> {
    const [row] = await tx.select().from(reviewRounds).where(and(eq(reviewRounds.tenantId, tenantId), eq(reviewRounds.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'review round not found');
    return row;
  }

  private async items(roundId: string, db: Db = this.db) {
    return db.select().from(reviewItems).where(eq(reviewItems.roundId, roundId)).orderBy(asc(reviewItems.position));
  }

  /** What the round's items are about, by item id, from the round's subject provider. */
  private async subjects(tenantId: string, round: ReviewRoundRow, ids: string[], db: Db = this.db): Promise<Map<string, ReviewSubject>> {
    return this.subjectsOf.contents(tenantId, round, ids, db);
  }

  private async expertNames(tenantId: string, ids: string[], db: Db = this.db): Promise<Map<string, { name: string; userId: string | null; organizationName: string | null }>> {
    const out = new Map<string, { name: string; userId: string | null; organizationName: string | null }>();
    for (const id of new Set(ids)) {
      const e = await this.experts.get(tenantId, id, db).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
        throw err;
      });
      out.set(id, { name: e?.name ?? id, userId: e?.userId ?? null, organizationName: e?.organizationName ?? e?.affiliation ?? null });
    }
    return out;
  }

  /** A sheet of the caller's, with its round and item code; another expert's sheet answers 404 like a missing one. */
  private async ownSheet(actor: Actor, sheetId: string) {
    const expertId = await this.expertIdOf(actor);
    const [row] = await this.db
      .select({ s: reviewSheets, r: reviewRounds, code: reviewItems.code })
      .from(reviewSheets)
      .innerJoin(reviewRounds, eq(reviewRounds.id, reviewSheets.roundId))
      .innerJoin(reviewItems, and(eq(reviewItems.roundId, reviewSheets.roundId), eq(reviewItems.itemId, reviewSheets.itemId)))
      .where(and(eq(reviewSheets.tenantId, actor.tenantId), eq(reviewSheets.id, sheetId)));
    if (!row || expertId === null || row.s.expertId !== expertId || !(EXPERT_VISIBLE as readonly string[]).includes(row.r.status)) throw new AppError('NOT_FOUND', 'sheet not found');
    return { ...row, expertId };
  }

  /** What the expert may do with the sheet now. */
  sheetActions(r: ReviewRoundRow, s: ReviewSheetRow): ('save' | 'submit')[] {
    return r.status === 'open' && s.status === 'draft' && this.now().getTime() < r.deadline.getTime() ? ['save', 'submit'] : [];
  }

  // ---- the expert's side ------------------------------------------------------------------

  /** The caller's assignments across rounds, newest deadline first; the title is masked in a double-blind round. */
  async myAssignments(actor: Actor) {
    const expertId = await this.expertIdOf(actor);
    if (!expertId) return [];
    const rows = await this.db
      .select({ s: reviewSheets, r: reviewRounds, code: reviewItems.code, position: reviewItems.position })
      .from(reviewSheets)
      .innerJoin(reviewRounds, eq(reviewRounds.id, reviewSheets.roundId))
      .innerJoin(reviewItems, and(eq(reviewItems.roundId, reviewSheets.roundId), eq(reviewItems.itemId, reviewSheets.itemId)))
      .where(and(eq(reviewSheets.tenantId, actor.tenantId), eq(reviewSheets.expertId, expertId), inArray(reviewRounds.status, [...EXPERT_VISIBLE])))
      .orderBy(desc(reviewRounds.deadline), asc(reviewItems.position));
    // Per round: the same item id (an application) can be about different things in different rounds.
    const byRound = new Map<string, Map<string, ReviewSubject>>();
    for (const { r } of rows) {
      if (!byRound.has(r.id)) byRound.set(r.id, await this.subjects(actor.tenantId, r, [...new Set(rows.filter((x) => x.r.id === r.id).map((x) => x.s.itemId))]));
    }
    return rows.map(({ s, r, code }) => {
      const subject = byRound.get(r.id)!.get(s.itemId);
      return { sheet: s, round: r, code, title: subject ? expertTitle(subject, r.blind) : code, actions: this.sheetActions(r, s) };
    });
  }

  /** One sheet with the application as the expert may read it and the round's criteria. */
  async sheetForExpert(actor: Actor, sheetId: string) {
    const { s, r, code } = await this.ownSheet(actor, sheetId);
    const subject = (await this.subjects(actor.tenantId, r, [s.itemId])).get(s.itemId);
    if (!subject) throw new AppError('NOT_FOUND', 'sheet not found');
    const files =
      r.blind === 'single' && subject.attachmentIds.length
        ? (await this.db.select({ id: attachments.id, name: attachments.originalName }).from(attachments).where(and(eq(attachments.tenantId, actor.tenantId), inArray(attachments.id, subject.attachmentIds)))).map((a) => ({ id: a.id, name: a.name }))
        : [];
    return { sheet: s, round: r, item: expertItemView(subject, code, r.blind, files), actions: this.sheetActions(r, s) };
  }

  /** Checks shared by saving and submitting, inside the transaction on the locked sheet. */
  private async lockForWriting(tx: Db, tenantId: string, sheetId: string, expertId: string) {
    const [s] = await tx.select().from(reviewSheets).where(and(eq(reviewSheets.tenantId, tenantId), eq(reviewSheets.id, sheetId))).for('update');
    if (!s || s.expertId !== expertId) throw new AppError('NOT_FOUND', 'sheet not found');
    const [r] = await tx.select().from(reviewRounds).where(eq(reviewRounds.id, s.roundId));
    if (r!.status !== 'open') throw new AppError('INVALID_STATE', `scoring is not possible while the round is ${r!.status}`);
    if (s.status === 'submitted') throw new AppError('SHEET_LOCKED');
    if (this.now().getTime() >= r!.deadline.getTime()) throw new AppError('DEADLINE_PASSED', `the round closed for scoring at ${r!.deadline.toISOString()}`);
    return { s, r: r! };
  }

  /** Saves the whole form as the draft: any subset of criteria scored, comments as typed. */
  async saveDraft(ctx: CommandContext, actor: Actor, sheetId: string, input: SheetInput): Promise<ReviewSheetRow> {
    const { r: round, expertId } = await this.ownSheet(actor, sheetId);
    const clean = normaliseInput(input);
    const errors = draftErrors(round.criteria, clean);
    if (errors.length) throw invalid(errors);
    return inTransaction(this.db, async (tx) => {
      const { s } = await this.lockForWriting(tx, ctx.tenantId, sheetId, expertId);
      const [row] = await tx.update(reviewSheets).set({ scores: clean.scores, comments: clean.comments, overallComment: clean.overallComment, savedAt: this.now() }).where(eq(reviewSheets.id, sheetId)).returning();
      await appendAudit(tx, ctx, { action: 'review_sheet.saved', targetType: 'review_sheet', targetId: sheetId, summary: { roundId: s.roundId, scored: Object.keys(clean.scores), commented: Object.keys(clean.comments) } });
      return row!;
    });
  }

  /** Submits the sheet (with the form's last state, when given): complete or refused field by field; then locked. */
  async submit(ctx: CommandContext, actor: Actor, sheetId: string, input?: SheetInput): Promise<ReviewSheetRow> {
    const { r: round, expertId } = await this.ownSheet(actor, sheetId);
    if (input) {
      const errors = draftErrors(round.criteria, normaliseInput(input));
      if (errors.length) throw invalid(errors);
    }
    return inTransaction(this.db, async (tx) => {
      const { s } = await this.lockForWriting(tx, ctx.tenantId, sheetId, expertId);
      const sheet = normaliseInput(input ?? { scores: s.scores, comments: s.comments, overallComment: s.overallComment });
      const errors = completenessErrors(round.criteria, round.commentRequired, sheet);
      if (errors.length) throw new AppError('INCOMPLETE', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
      const totalCenti = weightedTotalCenti(round.criteria, sheet.scores);
      const now = this.now();
      const [row] = await tx
        .update(reviewSheets)
        .set({ scores: sheet.scores, comments: sheet.comments, overallComment: sheet.overallComment, status: 'submitted', totalCenti, savedAt: now, submittedAt: now, returnedReason: null })
        .where(eq(reviewSheets.id, sheetId))
        .returning();
      await appendAudit(tx, ctx, { action: 'review_sheet.submitted', targetType: 'review_sheet', targetId: sheetId, summary: { roundId: s.roundId, itemId: s.itemId, expertId: s.expertId, totalCenti, scores: sheet.scores } });
      return row!;
    });
  }

  /** Whether an expert may download an application's attachment: assigned to it in a single-blind round. */
  mayReadApplicationFile(actor: Actor, applicationId: string | null): Promise<boolean> {
    return this.assignedTo(actor, applicationId, and(eq(reviewRounds.subjectType, 'challenge'), eq(reviewRounds.blind, 'single'))!);
  }

  /**
   * Whether the actor is an expert assigned to a race team (by its contract's application) in a race-gate round
   * they can see: they review the team's gate evidence, so they may open its files, in either blind mode.
   */
  mayReadRaceEvidence(actor: Actor, applicationId: string | null): Promise<boolean> {
    return this.assignedTo(actor, applicationId, eq(reviewRounds.subjectType, 'race_gate'));
  }

  /** Whether the actor is an expert with a sheet for the item in a round they can see that meets `round`. */
  private async assignedTo(actor: Actor, itemId: string | null, round: SQL): Promise<boolean> {
    if (!itemId) return false;
    const expertId = await this.expertIdOf(actor);
    if (!expertId) return false;
    const rows = await this.db
      .select({ id: reviewSheets.id })
      .from(reviewSheets)
      .innerJoin(reviewRounds, eq(reviewRounds.id, reviewSheets.roundId))
      .where(and(eq(reviewSheets.tenantId, actor.tenantId), eq(reviewSheets.expertId, expertId), eq(reviewSheets.itemId, itemId), round, inArray(reviewRounds.status, [...EXPERT_VISIBLE])))
      .limit(1);
    return rows.length > 0;
  }

  // ---- the officer's side -----------------------------------------------------------------

  /** Sends a submitted sheet back to its expert for revision, with a reason, while the round is open. */
  async returnSheet(ctx: CommandContext, sheetId: string, reason: string): Promise<ReviewSheetRow> {
    const why = reason.trim();
    if (!why) throw invalid([{ path: 'reason', message: 'a reason is required', zh: '请填写退回理由' }]);
    return inTransaction(this.db, async (tx) => {
      const [s] = await tx.select().from(reviewSheets).where(and(eq(reviewSheets.tenantId, ctx.tenantId), eq(reviewSheets.id, sheetId))).for('update');
      if (!s) throw new AppError('NOT_FOUND', 'sheet not found');
      const r = await this.lockRound(tx, ctx.tenantId, s.roundId);
      if (r.status !== 'open') throw new AppError('INVALID_STATE', `returning a sheet is not possible while the round is ${r.status}`);
      if (s.status !== 'submitted') throw new AppError('INVALID_STATE', 'only a submitted sheet can be returned');
      if (this.now().getTime() >= r.deadline.getTime()) throw new AppError('DEADLINE_PASSED', 'extend the deadline first, so the expert can revise the sheet');
      const [row] = await tx.update(reviewSheets).set({ status: 'draft', totalCenti: null, submittedAt: null, returnedReason: why, savedAt: this.now() }).where(eq(reviewSheets.id, sheetId)).returning();
      await appendAudit(tx, ctx, { action: 'review_sheet.returned', targetType: 'review_sheet', targetId: sheetId, summary: { roundId: r.id, itemId: s.itemId, expertId: s.expertId, reason: why, previousTotalCenti: s.totalCenti } });
      const expert = (await this.expertNames(ctx.tenantId, [s.expertId], tx)).get(s.expertId)!;
      const [item] = await tx.select({ code: reviewItems.code }).from(reviewItems).where(and(eq(reviewItems.roundId, r.id), eq(reviewItems.itemId, s.itemId)));
      if (expert.userId) await this.notifications.notify(tx, { tenantId: ctx.tenantId, userIds: [expert.userId], ...sheetMessages.returned(r, sheetId, item?.code ?? '', why) });
      return row!;
    });
  }

  /** How far a round has got: per expert, per item, overall, and whether it is overdue. */
  async progress(tenantId: string, roundId: string) {
    const round = await this.getRound(tenantId, roundId);
    const [items, sheets] = await Promise.all([this.items(roundId), this.db.select().from(reviewSheets).where(eq(reviewSheets.roundId, roundId))]);
    const p = roundProgress(
      items.map((i) => i.itemId),
      sheets.map((s) => ({ itemId: s.itemId, expertId: s.expertId, status: s.status, started: sheetStarted(s), savedAt: s.savedAt, submittedAt: s.submittedAt })),
      round.deadline,
      this.now(),
    );
    const [subjects, names] = [await this.subjects(tenantId, round, items.map((i) => i.itemId)), await this.expertNames(tenantId, p.experts.map((e) => e.expertId))];
    return { round, progress: p, items, sheets, subjects, names };
  }

  /** open → closed: no more scoring. Refused while sheets are missing, unless forced with a reason. */
  async close(ctx: CommandContext, roundId: string, input: { force?: boolean | undefined; reason?: string | null | undefined }): Promise<ReviewRoundRow> {
    const reason = input.reason?.trim() || null;
    if (input.force && !reason) throw invalid([{ path: 'reason', message: 'a reason is required to close with sheets missing', zh: '强制结束评审须说明理由' }]);
    return inTransaction(this.db, async (tx) => {
      const r = await this.lockRound(tx, ctx.tenantId, roundId);
      if (r.status !== 'open') throw new AppError('INVALID_STATE', `closing is not possible while the round is ${r.status}`);
      const [m] = await tx.select({ n: sql<number>`count(*)::int` }).from(reviewSheets).where(and(eq(reviewSheets.roundId, roundId), eq(reviewSheets.status, 'draft')));
      const missing = Number(m?.n ?? 0);
      if (missing > 0 && !input.force) throw new AppError('SHEETS_MISSING', `${missing} sheet(s) are not submitted yet`);
      const now = this.now();
      const [row] = await tx.update(reviewRounds).set({ status: 'closed', closedAt: now, updatedAt: now }).where(eq(reviewRounds.id, roundId)).returning();
      await appendAudit(tx, ctx, { action: 'review_round.closed', targetType: 'review_round', targetId: roundId, summary: { force: Boolean(input.force) && missing > 0, missing, reason } });
      return row!;
    });
  }

  /** The results from the submitted sheets: totals side by side, means, calibration, spread, flags, ranking. */
  async results(tenantId: string, roundId: string, db: Db = this.db) {
    const round = await this.getRound(tenantId, roundId, db);
    const items = await this.items(roundId, db);
    const sheets = await db.select().from(reviewSheets).where(and(eq(reviewSheets.roundId, roundId), eq(reviewSheets.status, 'submitted')));
    const scored: RoundResults = roundResults(
      items.map((i) => i.itemId),
      sheets.map((s) => ({ itemId: s.itemId, expertId: s.expertId, totalCenti: s.totalCenti! })),
      { rankBy: round.rankBy, disagreementCenti: round.disagreementCenti },
    );
    const assigned = await db.select({ itemId: reviewSheets.itemId, n: sql<number>`count(*)::int` }).from(reviewSheets).where(eq(reviewSheets.roundId, roundId)).groupBy(reviewSheets.itemId);
    const subjects = await this.subjects(tenantId, round, items.map((i) => i.itemId), db);
    const names = await this.expertNames(tenantId, [...new Set(sheets.map((s) => s.expertId))], db);
    return { round, items, sheets, scored, assigned: new Map(assigned.map((a) => [a.itemId, Number(a.n)])), subjects, names };
  }

  /** closed → adopted: each item's score by the round's ranking metric becomes the challenge's committee score. */
  async adopt(ctx: CommandContext, roundId: string): Promise<ReviewRoundRow> {
    const before = await this.getRound(ctx.tenantId, roundId);
    if (before.status !== 'closed') throw new AppError('INVALID_STATE', `adopting is not possible while the round is ${before.status}`);
    // Sheets cannot change once the round is closed, so the results read before the transaction stay valid.
    const { scored } = await this.results(ctx.tenantId, roundId);
    const metric = (i: RoundResults['items'][number]) => (before.rankBy === 'mean' ? i.meanCenti : before.rankBy === 'trimmed' ? i.trimmedCenti : i.calibratedCenti);
    const scores = scored.items.map((i) => ({ applicationId: i.itemId, scoreCenti: metric(i) }));
    return inTransaction(this.db, async (tx) => {
      const r = await this.lockRound(tx, ctx.tenantId, roundId);
      if (r.status !== 'closed') throw new AppError('INVALID_STATE', `adopting is not possible while the round is ${r.status}`);
      const comment = `专家评审「${r.name}」采纳：${METRIC_ZH[r.rankBy]}`;
      await this.subjectsOf.provider(r.subjectType).adopt(tx, ctx, r.subjectId, scores, { roundId, comment });
      const now = this.now();
      const [row] = await tx.update(reviewRounds).set({ status: 'adopted', adoptedAt: now, adoptedBy: ctx.actorUserId, updatedAt: now }).where(eq(reviewRounds.id, roundId)).returning();
      const unscored = scores.filter((s) => s.scoreCenti === null).length;
      await appendAudit(tx, ctx, { action: 'review_round.adopted', targetType: 'review_round', targetId: roundId, summary: { subjectType: r.subjectType, subjectId: r.subjectId, rankBy: r.rankBy, scored: scores.length - unscored, unscored } });
      return row!;
    });
  }

  /**
   * Hourly: experts with unsubmitted sheets are reminded 48 h and 24 h before the deadline (each once per
   * deadline, so an extension earns new ones); the round's creator is told once when it passed with sheets
   * missing. Runs in the job's transaction.
   */
  async sendReminders(tx: Db): Promise<{ sent: number }> {
    const now = this.now();
    const horizon = new Date(now.getTime() + 48 * 3600_000);
    const rounds = await tx.select().from(reviewRounds).where(and(eq(reviewRounds.status, 'open'), sql`${reviewRounds.deadline} <= ${horizon.toISOString()}::timestamptz`));
    let sent = 0;
    for (const r of rounds) {
      const stage = reminderStage(r.deadline, now);
      if (!stage) continue;
      const missing = await tx.select({ expertId: reviewSheets.expertId, n: sql<number>`count(*)::int` }).from(reviewSheets).where(and(eq(reviewSheets.roundId, r.id), eq(reviewSheets.status, 'draft'))).groupBy(reviewSheets.expertId);
      if (missing.length === 0) continue;
      const since = reminderWindowStart(r.deadline, stage);
      if (stage === 'passed') {
        if (!r.createdBy) continue;
        const msg = sheetMessages.deadlineMissed(r, missing.reduce((s, m) => s + Number(m.n), 0));
        if (await this.notifications.hasRecentNotification(tx, r.createdBy, msg.kind, msg.subject!, since)) continue;
        sent += (await this.notifications.notify(tx, { tenantId: r.tenantId, userIds: [r.createdBy], ...msg })).notificationIds.length;
        continue;
      }
      const names = await this.expertNames(r.tenantId, missing.map((m) => m.expertId), tx);
      for (const m of missing) {
        const userId = names.get(m.expertId)?.userId;
        if (!userId) continue;
        const msg = sheetMessages.reminder(r, stage === 'h48' ? 48 : 24, Number(m.n));
        if (await this.notifications.hasRecentNotification(tx, userId, msg.kind, msg.subject!, since)) continue;
        sent += (await this.notifications.notify(tx, { tenantId: r.tenantId, userIds: [userId], ...msg })).notificationIds.length;
      }
    }
    return { sent };
  }
}
