import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { AppError } from '../../platform/http/errors.ts';
import { roundWorld, type RoundWorld } from '../../../test/helpers/review-rounds.ts';
import type { ReviewService } from './review.service.ts';
import type { ReviewAssignmentService } from './review.assignment.service.ts';
import type { ReviewDrawService } from './review.draws.ts';

const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
let env: TestEnv;
let w: RoundWorld;
let rounds: ReviewService;
let assign: ReviewAssignmentService;
let draws: ReviewDrawService;
const DEADLINE = '2026-04-20T09:00:00.000Z';

const q = <T>(sql: string, params: unknown[] = []) => env.services.database.query<T>(sql, params);
const actions = async (targetId: string) => (await q<{ action: string }>('select action from audit_events where target_id = $1 order by chain_seq', [targetId])).map((r) => r.action);
const counts = async (roundId: string) => {
  const [r] = await q<{ a: number; s: number; d: number; p: number }>(
    'select (select count(*)::int from review_assignments where round_id = $1) a, (select count(*)::int from review_sheets where round_id = $1) s, (select count(*)::int from review_draws where round_id = $1) d, (select count(*)::int from review_panel where round_id = $1) p',
    [roundId],
  );
  return r!;
};
const ex = (name: string) => w.experts[name]!.id;

beforeAll(async () => {
  env = await testEnv({ clock });
  rounds = env.services.review;
  assign = env.services.reviewAssignments;
  draws = env.services.reviewDraws;
  w = await roundWorld(env, clock);
});
afterAll(() => env.close());

async function freshRound(over: Record<string, unknown> = {}) {
  // One live round per challenge: cancel whatever is live first.
  for (const r of (await rounds.listRounds(w.tenant.id, { challengeId: w.challengeId, status: ['draft', 'open'] }, { offset: 0, limit: 10 })).items) {
    await rounds.cancelRound(w.ctxOf(w.officer), r.id, '测试重建');
  }
  return rounds.createRound(w.ctxOf(w.officer), { challengeId: w.challengeId, name: '第一轮评审', deadline: DEADLINE, expertsPerItem: 2, ...over });
}

describe('rounds', () => {
  it('are created only for a challenge in its review stage, with the default criteria and its accepted applications by code', async () => {
    await expect(rounds.createRound(w.ctxOf(w.officer), { challengeId: w.otherChallengeId, name: 'x', deadline: DEADLINE })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const r = await freshRound();
    expect(r.status).toBe('draft');
    expect(r.criteria.map((c) => c.key)).toEqual(['advancement', 'feasibility', 'team', 'budget', 'benefit']);
    expect(r.counts.items).toBe(4);
    expect(r.challenge.id).toBe(w.challengeId);
    const items = await q<{ code: string }>('select code from review_items where round_id = $1 order by position', [r.id]);
    expect(items.map((i) => i.code)).toEqual([...w.apps.map((a) => a.code)].sort());
    expect(await actions(r.id)).toEqual(['review_round.created']);
    await expect(rounds.createRound(w.ctxOf(w.officer), { challengeId: w.challengeId, name: 'again', deadline: DEADLINE })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses bad criteria and a past deadline with field errors in both languages', async () => {
    const r = await freshRound();
    const err = (await rounds.updateRound(w.ctxOf(w.officer), r.id, { criteria: [{ key: 'a', nameZh: '', nameEn: 'A', weight: 0, scaleMax: 10 }], deadline: '2026-03-01T00:00:00.000Z' }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.errors!.map((e) => e.path)).toEqual(['criteria/0/nameZh', 'criteria/0/weight', 'deadline']);
    expect(err.errors!.every((e) => e.zh)).toBe(true);
    const ok = await rounds.updateRound(w.ctxOf(w.officer), r.id, { blind: 'single', minLoad: 1 });
    expect(ok).toMatchObject({ blind: 'single', minLoad: 1 });
    expect((await q<{ summary: { fields: string[] } }>("select summary from audit_events where target_id = $1 and action = 'review_round.updated'", [r.id]))[0]!.summary.fields).toEqual(['blind', 'minLoad']);
  });
});

describe('the panel and draws', () => {
  it('adds available experts, refuses an unavailable one, overrides a load and removes while draft', async () => {
    const r = await freshRound();
    await expect(rounds.addToPanel(w.ctxOf(w.officer), r.id, [{ expertId: ex('away') }])).rejects.toMatchObject({ code: 'EXPERT_UNAVAILABLE' });
    let panel = await rounds.addToPanel(w.ctxOf(w.officer), r.id, [{ expertId: ex('micro') }, { expertId: ex('cart'), maxLoad: 1 }]);
    expect(panel.map((p) => [p.name, p.effectiveMaxLoad])).toEqual([['专家-cart', 1], ['专家-micro', 3]]);
    panel = await rounds.addToPanel(w.ctxOf(w.officer), r.id, [{ expertId: ex('micro'), maxLoad: 2 }]);
    expect(panel.find((p) => p.id === ex('micro'))!.effectiveMaxLoad).toBe(2);
    panel = await rounds.removeFromPanel(w.ctxOf(w.officer), r.id, ex('cart'));
    expect(panel.map((p) => p.id)).toEqual([ex('micro')]);
    expect(await actions(r.id)).toEqual(['review_round.created', 'review_panel.changed', 'review_panel.changed', 'review_panel.removed']);
  });

  it('draws panel members with a recorded seed, skipping conflicted, unavailable and present experts; verify re-runs it', async () => {
    const r = await freshRound();
    await rounds.addToPanel(w.ctxOf(w.officer), r.id, [{ expertId: ex('micro') }]);
    const d = await draws.draw(w.ctxOf(w.officer), r.id, { mode: 'panel', count: 4 });
    expect(d.seed).toMatch(/^[0-9a-f]{64}$/);
    const candidates = (d.candidates as { expertId: string }[]).map((c) => c.expertId);
    expect(candidates).toEqual([...candidates].sort());
    for (const name of ['micro', 'seq', 'away']) expect(candidates).not.toContain(ex(name));
    const drawn = (d.result as { experts: string[] }).experts;
    expect(drawn).toHaveLength(4);
    const panel = await rounds.panel(w.tenant.id, r.id);
    expect(panel.filter((p) => p.source === 'draw').map((p) => p.id).sort()).toEqual([...drawn].sort());
    const [ev] = await q<{ summary: { seed: string; drawId: string } }>("select summary from audit_events where target_id = $1 and action = 'review_draw.made'", [d.id]);
    expect(ev!.summary).toMatchObject({ seed: d.seed, drawId: d.id });
    expect(await draws.verify(w.tenant.id, r.id, d.id)).toMatchObject({ reproduces: true, matchesAudit: true, recomputed: { experts: drawn } });
    // Editing the record is caught twice: the re-run no longer matches, nor does the audit event.
    await q('update review_draws set result = $1 where id = $2', [JSON.stringify({ experts: [...drawn].reverse() }), d.id]);
    expect(await draws.verify(w.tenant.id, r.id, d.id)).toMatchObject({ reproduces: false, matchesAudit: false });
    await expect(draws.draw(w.ctxOf(w.officer), r.id, { mode: 'panel', count: 10 })).rejects.toMatchObject({ code: 'DRAW_INSUFFICIENT' });
  });

  it('draws k experts per item from the pool with the same seed to the same result, never into a conflict', async () => {
    const r = await freshRound({ onePerOrganization: true });
    const seed = 'ab'.repeat(32);
    const d1 = await draws.draw(w.ctxOf(w.officer), r.id, { mode: 'per_item', from: 'pool', seed });
    const result = (d1.result as { assignments: { itemId: string; expertIds: string[] }[] }).assignments;
    expect(result).toHaveLength(4);
    const micro = w.apps.find((a) => a.topic === 'micro')!;
    expect(result.find((a) => a.itemId === micro.id)!.expertIds).not.toContain(ex('seq'));
    expect(result.every((a) => !(a.expertIds.includes(ex('micro')) && a.expertIds.includes(ex('bci'))))).toBe(true);
    const view = await assign.assignments(w.tenant.id, r.id);
    expect(view.items.every((i) => i.experts.length === 2 && i.experts.every((e) => e.source === 'draw'))).toBe(true);
    expect((await rounds.getRound(w.tenant.id, r.id)).lastRun).toMatchObject({ method: 'draw', drawId: d1.id, pairs: 8 });
    const d2 = await draws.draw(w.ctxOf(w.officer), r.id, { mode: 'per_item', from: 'pool', seed });
    expect(d2.result).toEqual(d1.result);
    expect(await draws.verify(w.tenant.id, r.id, d2.id)).toMatchObject({ reproduces: true, matchesAudit: true });
  });
});

/** Brute force over every choice of k experts per item: the optimum the solver must reach. */
function bruteForce(scores: number[][], k: number, maxLoad: number[], allowed: (i: number, e: number) => boolean, sameOrg: (a: number, b: number) => boolean): number {
  const combos = (n: number, r: number): number[][] => (r === 0 ? [[]] : n < r ? [] : [...combos(n - 1, r - 1).map((c) => [...c, n - 1]), ...combos(n - 1, r)]);
  const E = scores[0]!.length;
  const choices = scores.map((_, i) => combos(E, k).filter((c) => c.every((e) => allowed(i, e)) && c.every((a, x) => c.every((b, y) => x >= y || !sameOrg(a, b)))));
  let best = -Infinity;
  const load = new Array<number>(E).fill(0);
  const go = (i: number, acc: number) => {
    if (i === scores.length) return void (best = Math.max(best, acc));
    for (const c of choices[i]!) {
      if (c.some((e) => load[e]! + 1 > maxLoad[e]!)) continue;
      c.forEach((e) => load[e]!++);
      go(i + 1, acc + c.reduce((s, e) => s + scores[i]![e]!, 0));
      c.forEach((e) => load[e]!--);
    }
  };
  go(0, 0);
  return best;
}

describe('the optimal assignment', () => {
  it('respects conflicts, loads and one per organisation, and reaches the brute-force optimum', async () => {
    const r = await freshRound({ onePerOrganization: true });
    const names = ['micro', 'cart', 'bci', 'seq', 'cell', 'neuro'];
    await rounds.addToPanel(w.ctxOf(w.officer), r.id, names.map((n) => ({ expertId: ex(n), ...(n === 'cell' ? { maxLoad: 1 } : {}) })));
    const view = await assign.assign(w.ctxOf(w.officer), r.id);
    const matrix = await assign.affinityMatrix(w.tenant.id, r.id);
    const experts = matrix.experts.map((e) => e.expertId);
    const org = (e: string) => (e === ex('micro') || e === ex('bci') ? 'uni' : e);
    const best = bruteForce(
      matrix.items.map((i) => i.cells.map((c) => c.score)),
      2,
      experts.map((e) => (e === ex('cell') ? 1 : 3)),
      (i, e) => !matrix.items[i]!.cells[e]!.conflict,
      (a, b) => org(experts[a]!) === org(experts[b]!),
    );
    expect(best).toBeGreaterThan(0);
    const round = await rounds.getRound(w.tenant.id, r.id);
    expect(round.lastRun).toMatchObject({ method: 'optimal', pairs: 8, certificate: { optimal: true } });
    expect(round.lastRun!.objective).toBeCloseTo(best, 4);
    const micro = view.items.find((i) => i.itemId === w.apps.find((a) => a.topic === 'micro')!.id)!;
    expect(micro.experts.map((e) => e.expertId)).not.toContain(ex('seq'));
    expect(micro.experts.map((e) => e.expertId)).toContain(ex('micro'));
    for (const i of view.items) expect(i.experts.filter((e) => org(e.expertId) === 'uni').length).toBeLessThanOrEqual(1);
    expect(view.experts.find((e) => e.expertId === ex('cell'))!.assigned).toBeLessThanOrEqual(1);
    const explained = await assign.explainPair(w.tenant.id, r.id, micro.itemId, ex('micro'));
    expect(explained.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['微流控', '单细胞测序']));
    const conflicted = await assign.explainPair(w.tenant.id, r.id, micro.itemId, ex('seq'));
    expect(conflicted.conflicts.length).toBeGreaterThan(0);
    expect(await actions(r.id)).toContain('review_assignment.solved');
  });

  it('writes nothing when infeasible and says why in English and Chinese', async () => {
    const r = await freshRound({ expertsPerItem: 3 });
    await rounds.addToPanel(w.ctxOf(w.officer), r.id, ['micro', 'cart', 'bci'].map((n) => ({ expertId: ex(n) })));
    const before = { counts: await counts(r.id), audit: await actions(r.id), lastRun: (await rounds.getRound(w.tenant.id, r.id)).lastRun };
    const err = (await assign.assign(w.ctxOf(w.officer), r.id).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('ASSIGNMENT_INFEASIBLE');
    expect(err.errors![0]!.zh).toMatch(/\p{Script=Han}/u);
    expect({ counts: await counts(r.id), audit: await actions(r.id), lastRun: (await rounds.getRound(w.tenant.id, r.id)).lastRun }).toEqual(before);
  });
});

describe('manual changes and opening', () => {
  it('refuses a swap into a conflict, audits an allowed one, then opens with sheets and notifications', async () => {
    const r = await freshRound({ onePerOrganization: false });
    await rounds.addToPanel(w.ctxOf(w.officer), r.id, ['micro', 'cart', 'bci', 'seq', 'cell', 'neuro'].map((n) => ({ expertId: ex(n) })));
    const view = await assign.assign(w.ctxOf(w.officer), r.id);
    const micro = view.items.find((i) => i.itemId === w.apps.find((a) => a.topic === 'micro')!.id)!;
    const out = micro.experts[0]!.expertId;
    const err = (await assign.change(w.ctxOf(w.officer), r.id, { itemId: micro.itemId, expertId: out, withExpertId: ex('seq'), reason: '专家请假' }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('ASSIGNMENT_CONSTRAINT');
    expect(err.errors!.map((e) => e.path)).toContain('conflict');
    const spare = ['cart', 'cell', 'neuro', 'bci'].map(ex).find((e) => !micro.experts.some((x) => x.expertId === e) && view.experts.find((x) => x.expertId === e)!.assigned < 3)!;
    const after = await assign.change(w.ctxOf(w.officer), r.id, { itemId: micro.itemId, expertId: out, withExpertId: spare, reason: '专家请假' });
    const changed = after.items.find((i) => i.itemId === micro.itemId)!;
    expect(changed.experts.map((e) => e.expertId)).toContain(spare);
    expect(changed.experts.find((e) => e.expertId === spare)!.source).toBe('manual');
    const [ev] = await q<{ summary: { reason: string; kind: string } }>("select summary from audit_events where target_id = $1 and action = 'review_assignment.changed'", [r.id]);
    expect(ev!.summary).toMatchObject({ reason: '专家请假', kind: 'replace' });

    clock.set(new Date('2026-04-21T01:00:00Z'));
    await expect(rounds.openRound(w.ctxOf(w.officer), r.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    clock.set(new Date('2026-04-01T01:00:00Z'));
    const opened = await rounds.openRound(w.ctxOf(w.officer), r.id);
    expect(opened.status).toBe('open');
    const c = await counts(r.id);
    expect(c.s).toBe(c.a);
    const assigned = [...new Set((await q<{ expert_id: string }>('select expert_id from review_assignments where round_id = $1', [r.id])).map((x) => x.expert_id))];
    const users = Object.values(w.experts).filter((e) => assigned.includes(e.id)).map((e) => e.user!.id);
    const notes = await q<{ user_id: string; kind: string }>("select user_id, kind from notifications where kind = 'review.assigned' and user_id = any($1)", [users]);
    expect(new Set(notes.map((n) => n.user_id)).size).toBe(users.length);
    expect(await actions(r.id)).toContain('review_round.opened');

    // Open: only the deadline moves, and only later.
    await expect(rounds.updateRound(w.ctxOf(w.officer), r.id, { expertsPerItem: 3 })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // Sending back unchanged settings (criteria as read, whatever jsonb's key order) is not a change.
    await rounds.updateRound(w.ctxOf(w.officer), r.id, { criteria: opened.criteria.map((c) => ({ ...c })), expertsPerItem: opened.expertsPerItem });
    await expect(rounds.updateRound(w.ctxOf(w.officer), r.id, { deadline: '2026-04-15T09:00:00.000Z' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await rounds.updateRound(w.ctxOf(w.officer), r.id, { deadline: '2026-04-25T09:00:00.000Z' })).deadline.toISOString()).toBe('2026-04-25T09:00:00.000Z');

    // Open: a submitted sheet stays; a draft one is discarded and the new pair gets its own.
    const live = await assign.assignments(w.tenant.id, r.id);
    const pair = live.items[1]!.experts[0]!;
    await q("update review_sheets set status = 'submitted' where id = $1", [pair.sheet!.id]);
    const spare2 = live.experts.find((e) => e.assigned < e.maxLoad && !live.items[1]!.experts.some((x) => x.expertId === e.expertId) && e.expertId !== ex('seq'))!.expertId;
    await expect(assign.change(w.ctxOf(w.officer), r.id, { itemId: live.items[1]!.itemId, expertId: pair.expertId, withExpertId: spare2, reason: '调整' })).rejects.toMatchObject({ code: 'ASSIGNMENT_CONSTRAINT' });
    const other = live.items[1]!.experts[1]!;
    const next = await assign.change(w.ctxOf(w.officer), r.id, { itemId: live.items[1]!.itemId, expertId: other.expertId, withExpertId: spare2, reason: '调整' });
    const moved = next.items[1]!.experts.find((e) => e.expertId === spare2)!;
    expect(moved.sheet).toMatchObject({ status: 'draft' });
    expect((await q('select id from review_sheets where id = $1', [other.sheet!.id])).length).toBe(0);
  });

  it('refuses to open an item not covered by exactly k, naming it', async () => {
    const r = await freshRound();
    const err = (await rounds.openRound(w.ctxOf(w.officer), r.id).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('INCOMPLETE');
    expect(err.errors).toHaveLength(4);
    expect(err.errors![0]!.zh).toContain('应为 2 位');
  });
});
