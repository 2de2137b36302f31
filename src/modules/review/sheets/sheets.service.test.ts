import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testEnv, type TestEnv } from '../../../../test/helpers/app.ts';
import { FixedClock } from '../../../platform/clock.ts';
import { inTransaction } from '../../../platform/db/tx.ts';
import { notifications } from '../../../platform/notify/notify.tables.ts';
import { reviewRounds } from '../review.tables.ts';
import { roundResults } from '../scoring/index.ts';
import type { ReviewSheetService } from './sheets.service.ts';
import { openRound, reviewWorld, type ReviewWorld } from './fixtures.ts';

const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
let env: TestEnv;
let svc: ReviewSheetService;
let w: ReviewWorld;

beforeAll(async () => {
  env = await testEnv({ clock });
  svc = env.services.reviewSheets;
  w = await reviewWorld(env, clock);
}, 60_000);
afterAll(() => env.close());

const full = (innovation: number, feasibility: number) => ({ scores: { innovation, feasibility }, comments: { feasibility: '路线可行' }, overallComment: '总体较好' });
const auditOf = async (targetId: string) => (await env.services.database.query<{ action: string; summary: Record<string, unknown> }>('select action, summary from audit_events where target_id = $1 order by chain_seq', [targetId])).map((r) => r.action);

describe('scoring a sheet', () => {
  let round: Awaited<ReturnType<typeof openRound>>;
  const sheetOf = (i: number, e: number) => round.sheets.get(`${w.applicants[i]!.applicationId}:${w.experts[e]!.id}`)!;
  const expert = (e: number) => w.experts[e]!.user;

  beforeAll(async () => {
    clock.set(new Date('2026-04-01T01:00:00Z'));
    round = await openRound(env, w);
  });

  it('lists only the caller’s own assignments; an expert without a profile has none', async () => {
    const mine = await svc.myAssignments(w.actorOf(expert(0)));
    expect(mine.map((a) => a.sheet.id).sort()).toEqual([sheetOf(0, 0), sheetOf(1, 0), sheetOf(2, 0)].sort());
    expect(mine.every((a) => a.actions.includes('submit'))).toBe(true);
    const stranger = await env.user(w.tenant, ['expert']);
    expect(await svc.myAssignments(w.actorOf(stranger))).toEqual([]);
    await expect(svc.sheetForExpert(w.actorOf(stranger), sheetOf(0, 0))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.sheetForExpert(w.actorOf(expert(1)), sheetOf(0, 0))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('hides and masks the applicant in a double-blind round', async () => {
    const v = await svc.sheetForExpert(w.actorOf(expert(0)), sheetOf(0, 0));
    const a = w.applicants[0]!;
    expect(v.item.identity).toBeNull();
    const text = JSON.stringify(v);
    for (const name of [a.orgName, a.piName, a.teamName, a.partnerName]) expect(text).not.toContain(name);
    expect(v.item.summary).toContain('■■');
  });

  it('saves partial drafts, validating each score on its scale in half points', async () => {
    const ctx = w.ctxOf(expert(0));
    const s = await svc.saveDraft(ctx, w.actorOf(expert(0)), sheetOf(0, 0), { scores: { innovation: 7.5 }, comments: {}, overallComment: '' });
    expect(s).toMatchObject({ status: 'draft', scores: { innovation: 7.5 }, totalCenti: null });
    await expect(svc.saveDraft(ctx, w.actorOf(expert(0)), sheetOf(0, 0), { scores: { innovation: 7.25 }, comments: {}, overallComment: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'scores.innovation', zh: expect.stringContaining('0.5') })] });
    await expect(svc.saveDraft(ctx, w.actorOf(expert(0)), sheetOf(0, 0), { scores: { feasibility: 6 }, comments: {}, overallComment: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.saveDraft(ctx, w.actorOf(expert(0)), sheetOf(0, 0), { scores: { novelty: 3 }, comments: {}, overallComment: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await auditOf(sheetOf(0, 0))).toEqual(['review_sheet.saved']);
  });

  it('refuses an incomplete submission field by field in Chinese and English, then totals and locks', async () => {
    const ctx = w.ctxOf(expert(0));
    const err = await svc.submit(ctx, w.actorOf(expert(0)), sheetOf(0, 0)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INCOMPLETE' });
    const paths = (err as { errors: { path: string; zh?: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['comments.feasibility', 'overallComment', 'scores.feasibility']);
    expect((err as { errors: { zh?: string }[] }).errors.every((e) => /\p{Script=Han}/u.test(e.zh ?? ''))).toBe(true);
    // (30 × 8/10 + 70 × 4/5) / 100 = 80.00
    const s = await svc.submit(ctx, w.actorOf(expert(0)), sheetOf(0, 0), full(8, 4));
    expect(s).toMatchObject({ status: 'submitted', totalCenti: 8000 });
    await expect(svc.saveDraft(ctx, w.actorOf(expert(0)), sheetOf(0, 0), full(9, 4))).rejects.toMatchObject({ code: 'SHEET_LOCKED' });
    await expect(svc.submit(ctx, w.actorOf(expert(0)), sheetOf(0, 0), full(9, 4))).rejects.toMatchObject({ code: 'SHEET_LOCKED' });
    expect(await auditOf(sheetOf(0, 0))).toEqual(['review_sheet.saved', 'review_sheet.submitted']);
  });

  it('lets an officer return a submitted sheet with a reason; the expert is told and may revise', async () => {
    await expect(svc.returnSheet(w.ctxOf(w.officer), sheetOf(0, 0), '  ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.returnSheet(w.ctxOf(w.officer), sheetOf(1, 1), '未提交')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const r = await svc.returnSheet(w.ctxOf(w.officer), sheetOf(0, 0), '可行性评语过于简略');
    expect(r).toMatchObject({ status: 'draft', totalCenti: null, returnedReason: '可行性评语过于简略' });
    const told = await env.services.database.db.select().from(notifications).where(and(eq(notifications.userId, expert(0).id), eq(notifications.kind, 'review.sheet_returned')));
    expect(told[0]!.bodyZh).toContain('可行性评语过于简略');
    const again = await svc.submit(w.ctxOf(expert(0)), w.actorOf(expert(0)), sheetOf(0, 0), full(8, 4));
    expect(again).toMatchObject({ status: 'submitted', totalCenti: 8000, returnedReason: null });
  });

  it('reports progress per expert and per item', async () => {
    await svc.saveDraft(w.ctxOf(expert(1)), w.actorOf(expert(1)), sheetOf(0, 1), { scores: { innovation: 5 }, comments: {}, overallComment: '' });
    const { progress } = await svc.progress(w.tenant.id, round.roundId);
    expect(progress).toMatchObject({ sheets: 9, submitted: 1, percent: 11, overdue: false });
    const byExpert = new Map(progress.experts.map((e) => [e.expertId, e]));
    expect(byExpert.get(w.experts[0]!.id)).toMatchObject({ assigned: 3, submitted: 1, inProgress: 0, notStarted: 2 });
    expect(byExpert.get(w.experts[1]!.id)).toMatchObject({ assigned: 3, submitted: 0, inProgress: 1, notStarted: 2 });
    expect(progress.items.find((i) => i.itemId === w.applicants[0]!.applicationId)).toMatchObject({ assigned: 3, submitted: 1 });
  });

  it('refuses saving and submitting after the deadline, and closing while sheets are missing unless forced', async () => {
    clock.set(new Date('2026-04-10T09:00:00Z'));
    await expect(svc.saveDraft(w.ctxOf(expert(1)), w.actorOf(expert(1)), sheetOf(0, 1), full(5, 3))).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    await expect(svc.submit(w.ctxOf(expert(1)), w.actorOf(expert(1)), sheetOf(0, 1), full(5, 3))).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    expect((await svc.progress(w.tenant.id, round.roundId)).progress.overdue).toBe(true);
    await expect(svc.close(w.ctxOf(w.officer), round.roundId, {})).rejects.toMatchObject({ code: 'SHEETS_MISSING' });
    await expect(svc.close(w.ctxOf(w.officer), round.roundId, { force: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const closed = await svc.close(w.ctxOf(w.officer), round.roundId, { force: true, reason: '两位专家因病无法评审' });
    expect(closed.status).toBe('closed');
    expect(await auditOf(round.roundId)).toEqual(['review_round.closed']);
    // A closed round refuses everything.
    await expect(svc.saveDraft(w.ctxOf(expert(1)), w.actorOf(expert(1)), sheetOf(0, 1), full(5, 3))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(svc.close(w.ctxOf(w.officer), round.roundId, {})).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // The expert still reads their sheet, read-only.
    expect((await svc.sheetForExpert(w.actorOf(expert(0)), sheetOf(0, 0))).actions).toEqual([]);
  });
});

describe('results and adoption', () => {
  it('computes the results from the submitted sheets exactly as roundResults, and adopts them into the challenge', async () => {
    const w2 = await reviewWorld(env, clock, { applications: 3, experts: 3 });
    // Expert 0 scores items 0 and 1, expert 1 items 0 and 2, expert 2 items 1 and 2 (k = 2).
    const round = await openRound(env, w2, { rankBy: 'calibrated', pairs: [[0, 0], [1, 0], [0, 1], [2, 1], [1, 2], [2, 2]] });
    const plan: [number, number, number, number][] = [[0, 0, 7, 4], [1, 0, 6, 3], [0, 1, 9, 5], [2, 1, 8, 3.5], [1, 2, 10, 4.5], [2, 2, 6, 3]];
    for (const [i, e, a, b] of plan) {
      const u = w2.experts[e]!.user;
      await svc.submit(w2.ctxOf(u), w2.actorOf(u), round.sheets.get(`${w2.applicants[i]!.applicationId}:${w2.experts[e]!.id}`)!, full(a, b));
    }
    const r = await svc.results(w2.tenant.id, round.roundId);
    const expected = roundResults(
      w2.applicants.map((a) => a.applicationId),
      r.sheets.map((s) => ({ itemId: s.itemId, expertId: s.expertId, totalCenti: s.totalCenti! })),
      { rankBy: 'calibrated', disagreementCenti: 2000 },
    );
    expect(r.scored).toEqual(expected);
    expect(r.scored.items.every((i) => i.n === 2)).toBe(true);

    await expect(svc.adopt(w2.ctxOf(w2.officer), round.roundId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await svc.close(w2.ctxOf(w2.officer), round.roundId, {});
    const adopted = await svc.adopt(w2.ctxOf(w2.officer), round.roundId);
    expect(adopted).toMatchObject({ status: 'adopted', adoptedBy: w2.officer.id });
    const ranking = await env.services.challenges.ranking(w2.tenant.id, w2.challengeId);
    const scoreOf = new Map(ranking.map((x) => [x.item.a.id, x.item.a.scoreCenti]));
    for (const i of expected.items) expect(scoreOf.get(i.itemId)).toBe(i.calibratedCenti);
    expect(ranking[0]!.item.a.scoreComment).toContain('校准分');
    expect(await auditOf(round.roundId)).toEqual(['review_round.closed', 'review_round.adopted']);
    expect(await auditOf(w2.challengeId)).toContain('challenge.review_scores_adopted');
    await expect(svc.adopt(w2.ctxOf(w2.officer), round.roundId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  }, 60_000);
});

describe('reminders', () => {
  it('reminds experts with unsubmitted sheets 48 h and 24 h before the deadline, once each, and the officer once it passed', async () => {
    const w3 = await reviewWorld(env, clock, { applications: 1, experts: 2 });
    const round = await openRound(env, w3, { deadline: '2026-04-10T09:00:00Z' });
    const u0 = w3.experts[0]!.user;
    await svc.submit(w3.ctxOf(u0), w3.actorOf(u0), round.sheets.get(`${w3.applicants[0]!.applicationId}:${w3.experts[0]!.id}`)!, full(6, 3));
    const db = env.services.database.db;
    const kinds = async (userId: string) => (await db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind).filter((k) => k.startsWith('review.')).sort();
    const run = () => inTransaction(db, (tx) => svc.sendReminders(tx));
    const late = w3.experts[1]!.user.id;
    clock.set(new Date('2026-04-07T09:00:00Z'));
    await run();
    expect(await kinds(late)).toEqual([]);
    clock.set(new Date('2026-04-08T10:00:00Z'));
    await run();
    await run();
    expect(await kinds(late)).toEqual(['review.reminder_48h']);
    clock.set(new Date('2026-04-09T10:00:00Z'));
    await run();
    clock.set(new Date('2026-04-09T11:00:00Z'));
    await run();
    expect(await kinds(late)).toEqual(['review.reminder_24h', 'review.reminder_48h']);
    expect(await kinds(u0.id)).toEqual([]);
    clock.set(new Date('2026-04-10T10:00:00Z'));
    await run();
    await run();
    expect(await kinds(w3.officer.id)).toEqual(['review.deadline_missed']);
    // An extended deadline earns new reminders.
    await db.update(reviewRounds).set({ deadline: new Date('2026-04-12T09:00:00Z') }).where(eq(reviewRounds.id, round.roundId));
    await run();
    expect(await kinds(late)).toEqual(['review.reminder_24h', 'review.reminder_48h', 'review.reminder_48h']);
  }, 60_000);
});
