import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { roundWorld, type RoundWorld } from '../helpers/review-rounds.ts';
import { auditActions, expectProblem } from './support.ts';

const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
let env: TestEnv;
let w: RoundWorld;
let officer: string;
let auditor: string;
let applicant: string;
let expert: string;
let stranger: string;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, url: string, cookie?: string, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  env = await testEnv({ clock, env: { SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '10000' } });
  w = await roundWorld(env, clock);
  officer = await env.login(w.tenant, w.officer.email);
  auditor = (await env.as(w.tenant, ['auditor'])).cookie;
  applicant = (await env.as(w.tenant, ['applicant'])).cookie;
  expert = await env.login(w.tenant, w.experts.micro!.user!.email);
  stranger = (await env.as(await env.tenant(), ['officer', 'admin', 'auditor'])).cookie;
});
afterAll(() => env.close());

describe('review rounds over HTTP', () => {
  let roundId: string;

  it('an officer creates a round, fills the panel, runs the assignment and opens it', async () => {
    const created = await api('POST', '/review-rounds', officer, { challengeId: w.challengeId, name: '第一轮专家评审', deadline: '2026-04-20T09:00:00.000Z', expertsPerItem: 2, blind: 'double' });
    expect(created.statusCode, created.body).toBe(201);
    roundId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'draft', blind: 'double', counts: { items: 4 }, actions: expect.arrayContaining(['assign', 'open']) });

    const bad = await api('PATCH', `/review-rounds/${roundId}`, officer, { criteria: [{ key: 'a', nameZh: '甲', nameEn: 'A', weight: 1, scaleMax: 200 }] });
    expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([{ path: 'criteria/0/scaleMax', message: 'must be a whole number from 1 to 100', zh: '满分须为 1 至 100 的整数' }]);

    const away = await api('POST', `/review-rounds/${roundId}/panel`, officer, { experts: [{ expertId: w.experts.away!.id }] });
    expectProblem(away, 409, 'EXPERT_UNAVAILABLE');
    const panel = await api('POST', `/review-rounds/${roundId}/panel`, officer, { experts: ['micro', 'cart', 'bci', 'seq', 'cell', 'neuro'].map((n) => ({ expertId: w.experts[n]!.id })) });
    expect(panel.statusCode, panel.body).toBe(200);
    expect(panel.json().items).toHaveLength(6);

    const assigned = await api('POST', `/review-rounds/${roundId}/assign`, officer, {});
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().items.every((i: { experts: unknown[] }) => i.experts.length === 2)).toBe(true);
    expect(assigned.json().lastRun).toMatchObject({ method: 'optimal', certificate: { optimal: true } });

    const matrix = await api('GET', `/review-rounds/${roundId}/affinity`, auditor);
    expect(matrix.statusCode, matrix.body).toBe(200);
    const micro = matrix.json().items.find((i: { itemId: string }) => i.itemId === w.apps[0]!.id);
    const cell = micro.cells.find((c: { expertId: string }) => c.expertId === w.experts.micro!.id);
    expect(cell.terms).toContain('微流控');
    expect(micro.cells.find((c: { expertId: string }) => c.expertId === w.experts.seq!.id).conflict).toBe(true);
    const explain = await api('GET', `/review-rounds/${roundId}/affinity/${w.apps[0]!.id}/${w.experts.micro!.id}`, officer);
    expect(explain.json().terms[0]).toMatchObject({ term: expect.any(String), contribution: expect.any(Number), expertSources: expect.any(Array) });

    const conflictSwap = await api('POST', `/review-rounds/${roundId}/assignments/swap`, officer, {
      itemId: w.apps[0]!.id,
      expertId: assigned.json().items.find((i: { itemId: string }) => i.itemId === w.apps[0]!.id).experts[0].expertId,
      withExpertId: w.experts.seq!.id,
      reason: '测试回避',
    });
    expect(expectProblem(conflictSwap, 409, 'ASSIGNMENT_CONSTRAINT').errors!.map((e) => e.path)).toContain('conflict');

    const opened = await api('POST', `/review-rounds/${roundId}/open`, officer, {});
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open', counts: { assignments: 8 }, actions: expect.arrayContaining(['extend', 'close']) });
    expect(await auditActions(env, w.tenant.id)).toEqual(expect.arrayContaining(['review_round.created', 'review_panel.changed', 'review_assignment.solved', 'review_round.opened']));
  });

  it('records and verifies a draw on a draft round', async () => {
    await api('POST', `/review-rounds/${roundId}/cancel`, officer, { reason: '重新组织' });
    const r = await api('POST', '/review-rounds', officer, { challengeId: w.challengeId, name: '第二轮', deadline: '2026-04-20T09:00:00.000Z', expertsPerItem: 2 });
    const id = r.json().id;
    const draw = await api('POST', `/review-rounds/${id}/draws`, officer, { mode: 'panel', count: 3, fields: ['pharma_health'] });
    expect(draw.statusCode, draw.body).toBe(201);
    expect(draw.json().experts.length).toBe(draw.json().candidates.length);
    const verify = await api('POST', `/review-rounds/${id}/draws/${draw.json().id}/verify`, auditor, {});
    expect(verify.json()).toMatchObject({ reproduces: true, matchesAudit: true, seed: draw.json().seed });
    expect((await api('GET', `/review-rounds/${id}/draws`, officer)).json().items).toHaveLength(1);
    expectProblem(await api('POST', `/review-rounds/${id}/draws`, officer, { mode: 'panel', count: 2, seed: 'XYZ' }), 400, 'VALIDATION_FAILED');
    const insufficient = await api('POST', `/review-rounds/${id}/draws`, officer, { mode: 'panel', count: 50 });
    expect(expectProblem(insufficient, 422, 'DRAW_INSUFFICIENT').errors![0]!.zh).toMatch(/不足/);
    expect((await api('PATCH', `/review-rounds/${id}`, officer, { expertsPerItem: 4 })).statusCode).toBe(200);
    const infeasible = expectProblem(await api('POST', `/review-rounds/${id}/assign`, officer, {}), 422, 'ASSIGNMENT_INFEASIBLE');
    expect(infeasible.errors![0]!.zh).toMatch(/\p{Script=Han}/u);
    expect(infeasible.detail).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    roundId = id;
  });

  it('lets auditors read but not change, and refuses applicants and experts', async () => {
    expect((await api('GET', `/review-rounds?challengeId=${w.challengeId}`, auditor)).json().total).toBe(2);
    expect((await api('GET', `/review-rounds/${roundId}`, auditor)).json().actions).toEqual([]);
    expectProblem(await api('POST', `/review-rounds/${roundId}/assign`, auditor, {}), 403, 'FORBIDDEN');
    expectProblem(await api('PATCH', `/review-rounds/${roundId}`, auditor, { name: 'x' }), 403, 'FORBIDDEN');
    for (const cookie of [applicant, expert]) {
      expectProblem(await api('GET', `/review-rounds/${roundId}`, cookie), 403, 'FORBIDDEN');
      expectProblem(await api('GET', `/review-rounds/${roundId}/assignments`, cookie), 403, 'FORBIDDEN');
      expectProblem(await api('GET', `/review-rounds/${roundId}/panel`, cookie), 403, 'FORBIDDEN');
      expectProblem(await api('POST', `/review-rounds/${roundId}/panel`, cookie, { experts: [{ expertId: w.experts.cart!.id }] }), 403, 'FORBIDDEN');
    }
  });

  it('answers 404 to another tenant, reading or writing', async () => {
    for (const url of [`/review-rounds/${roundId}`, `/review-rounds/${roundId}/panel`, `/review-rounds/${roundId}/assignments`, `/review-rounds/${roundId}/affinity`, `/review-rounds/${roundId}/draws`]) {
      expectProblem(await api('GET', url, stranger), 404, 'NOT_FOUND');
    }
    expectProblem(await api('POST', `/review-rounds/${roundId}/assign`, stranger, {}), 404, 'NOT_FOUND');
    expectProblem(await api('POST', `/review-rounds/${roundId}/panel`, stranger, { experts: [{ expertId: w.experts.cart!.id }] }), 404, 'NOT_FOUND');
    expectProblem(await api('POST', '/review-rounds', stranger, { challengeId: w.challengeId, name: 'x', deadline: '2026-04-20T09:00:00.000Z' }), 404, 'NOT_FOUND');
    expect((await api('GET', '/review-rounds', stranger)).json().total).toBe(0);
  });
});
