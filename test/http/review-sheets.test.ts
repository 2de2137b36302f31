import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { openRound, reviewWorld, type OpenRound, type ReviewWorld } from '../../src/modules/review/sheets/fixtures.ts';
import { expectProblem, makePdf, RANDOM_UUID } from './support.ts';

const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
let env: TestEnv;
let double: ReviewWorld;
let single: ReviewWorld;
let dRound: OpenRound;
let sRound: OpenRound;
const cookies = new Map<string, string>();

const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
const as = (w: ReviewWorld, u: { id: string; email: string }) => cookies.get(u.id)!;
const sheet = (w: ReviewWorld, r: OpenRound, i: number, e: number) => r.sheets.get(`${w.applicants[i]!.applicationId}:${w.experts[e]!.id}`)!;
const full = { scores: { innovation: 8, feasibility: 4 }, comments: { feasibility: '可行' }, overallComment: '较好' };

beforeAll(async () => {
  env = await testEnv({ clock, env: { SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '10000' } });
  double = await reviewWorld(env, clock, { applications: 2, experts: 2, attachment: makePdf('double') });
  dRound = await openRound(env, double, { blind: 'double' });
  single = await reviewWorld(env, clock, { applications: 2, experts: 2, attachment: makePdf('single') });
  sRound = await openRound(env, single, { blind: 'single' });
  for (const w of [double, single]) for (const u of [w.officer, ...w.experts.map((e) => e.user)]) cookies.set(u.id, await env.login(w.tenant, u.email));
}, 120_000);
afterAll(() => env.close());

describe('blind review', () => {
  it('never names the applicant in any response an expert can reach in a double-blind round', async () => {
    const w = double;
    const me = as(w, w.experts[0]!.user);
    const bodies: string[] = [];
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const res = await api(method, url, me, payload);
      bodies.push(res.body);
      return res;
    };
    const list = await call('GET', '/review/assignments');
    expect(list.json()).toHaveLength(2);
    for (const i of [0, 1]) {
      const id = sheet(w, dRound, i, 0);
      expect((await call('GET', `/review/sheets/${id}`)).json().item.identity).toBeNull();
      expect((await call('PUT', `/review/sheets/${id}`, { scores: { innovation: 6 }, comments: {}, overallComment: '' })).statusCode).toBe(200);
      expectProblem(await call('PUT', `/review/sheets/${id}`, { scores: { innovation: 6.3 }, comments: {}, overallComment: '' }), 400, 'VALIDATION_FAILED');
      expectProblem(await call('POST', `/review/sheets/${id}/submit`, null), 422, 'INCOMPLETE');
      expect((await call('POST', `/review/sheets/${id}/submit`, full)).json()).toMatchObject({ status: 'submitted', totalCenti: 8000 });
      expectProblem(await call('PUT', `/review/sheets/${id}`, full), 409, 'SHEET_LOCKED');
      expect((await call('GET', `/review/sheets/${id}`)).json().sheet.status).toBe('submitted');
    }
    await call('GET', '/review/assignments');
    expectProblem(await call('GET', `/review-rounds/${dRound.roundId}/results`), 403, 'FORBIDDEN');
    expectProblem(await call('GET', `/review-rounds/${dRound.roundId}/progress`), 403, 'FORBIDDEN');
    // Another expert's sheet and the applicant's files answer 404 (their problem bodies echo the address asked
    // for, so they stay out of the scan below).
    expectProblem(await api('GET', `/review/sheets/${sheet(w, dRound, 0, 1)}`, me), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/files/${w.applicants[0]!.attachmentId}/content`, me), 404, 'NOT_FOUND');
    const raw = bodies.join('\n');
    for (const a of w.applicants) for (const secret of [a.orgName, a.piName, a.teamName, a.partnerName, a.attachmentId!]) expect(raw, secret).not.toContain(secret);
    // Nor other experts: their names and sheets.
    expect(raw).not.toContain(w.experts[1]!.name);
    expect(raw).not.toContain(sheet(w, dRound, 0, 1));
  });

  it('shows who applied in a single-blind round, with the attachments the expert may download', async () => {
    const w = single;
    const me = as(w, w.experts[0]!.user);
    const v = (await api('GET', `/review/sheets/${sheet(w, sRound, 0, 0)}`, me)).json();
    const a = w.applicants[0]!;
    expect(v.item.identity).toMatchObject({ organizationName: a.orgName, pi: { name: a.piName }, team: [expect.objectContaining({ name: a.teamName })], partners: [expect.objectContaining({ name: a.partnerName })], attachments: [{ id: a.attachmentId, name: '技术方案0.pdf' }] });
    expect(v.item.summary).toContain(a.orgName);
    expect(JSON.stringify(v)).not.toContain('13900000000');
    expect((await api('GET', `/files/${a.attachmentId}/content`, me)).statusCode).toBe(200);
  });
});

describe('roles and tenants', () => {
  it('refuses the wrong roles and answers 404 across tenants', async () => {
    const applicant = await env.as(single.tenant, ['applicant']);
    const auditor = await env.as(single.tenant, ['auditor']);
    expectProblem(await api('GET', '/review/assignments', applicant.cookie), 403, 'FORBIDDEN');
    expectProblem(await api('GET', `/review/sheets/${sheet(single, sRound, 0, 0)}`, as(single, single.officer)), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/review-rounds/${sRound.roundId}/close`, auditor.cookie, {}), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/review-rounds/${sRound.roundId}/adopt`, auditor.cookie), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/review/sheets/${sheet(single, sRound, 0, 0)}/return`, auditor.cookie, { reason: '请补充' }), 403, 'FORBIDDEN');
    expect((await api('GET', `/review-rounds/${sRound.roundId}/progress`, auditor.cookie)).statusCode).toBe(200);
    // The other tenant's officer and expert reach nothing here.
    expectProblem(await api('GET', `/review-rounds/${sRound.roundId}/progress`, as(double, double.officer)), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/review-rounds/${sRound.roundId}/results`, as(double, double.officer)), 404, 'NOT_FOUND');
    expectProblem(await api('POST', `/review-rounds/${sRound.roundId}/close`, as(double, double.officer), {}), 404, 'NOT_FOUND');
    expectProblem(await api('POST', `/review/sheets/${sheet(single, sRound, 0, 0)}/return`, as(double, double.officer), { reason: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/review/sheets/${sheet(single, sRound, 0, 0)}`, as(double, double.experts[0]!.user)), 404, 'NOT_FOUND');
    expectProblem(await api('PUT', `/review/sheets/${RANDOM_UUID}`, as(single, single.experts[0]!.user), full), 404, 'NOT_FOUND');
  });
});

describe('the officer', () => {
  it('follows progress, returns a sheet, closes, reads and exports the results, and adopts them into the challenge', async () => {
    const w = single;
    const officer = as(w, w.officer);
    const expert = (e: number) => as(w, w.experts[e]!.user);
    expect((await api('POST', `/review/sheets/${sheet(w, sRound, 0, 0)}/submit`, expert(0), full)).statusCode).toBe(200);
    let p = (await api('GET', `/review-rounds/${sRound.roundId}/progress`, officer)).json();
    expect(p).toMatchObject({ sheets: 4, submitted: 1, percent: 25, overdue: false, actions: ['close', 'return'] });
    expect(p.experts.map((e: { name: string }) => e.name).sort()).toEqual(w.experts.map((e) => e.name).sort());

    expect((await api('POST', `/review/sheets/${sheet(w, sRound, 0, 0)}/return`, officer, { reason: '请补充可行性评语' })).json()).toMatchObject({ status: 'draft', returnedReason: '请补充可行性评语' });
    const mine = (await api('GET', '/review/assignments', expert(0))).json();
    expect(mine.find((a: { sheetId: string }) => a.sheetId === sheet(w, sRound, 0, 0))).toMatchObject({ status: 'draft', returnedReason: '请补充可行性评语', actions: ['save', 'submit'] });

    expectProblem(await api('POST', `/review-rounds/${sRound.roundId}/close`, officer, {}), 409, 'SHEETS_MISSING');
    const plan: [number, number, number, number][] = [[0, 0, 8, 4], [1, 0, 6, 3], [0, 1, 9, 4.5], [1, 1, 4, 2]];
    for (const [i, e, a, b] of plan) expect((await api('POST', `/review/sheets/${sheet(w, sRound, i, e)}/submit`, expert(e), { ...full, scores: { innovation: a, feasibility: b } })).statusCode).toBe(200);
    p = (await api('GET', `/review-rounds/${sRound.roundId}/progress`, officer)).json();
    expect(p).toMatchObject({ submitted: 4, percent: 100 });
    expectProblem(await api('POST', `/review-rounds/${sRound.roundId}/adopt`, officer), 409, 'INVALID_STATE');
    expect((await api('POST', `/review-rounds/${sRound.roundId}/close`, officer, {})).json().status).toBe('closed');

    const r = (await api('GET', `/review-rounds/${sRound.roundId}/results`, officer)).json();
    // Totals (30 × s₁/10 + 70 × s₂/5): item 0 gets 80.00 and 90.00, mean 85; item 1 gets 60.00 and 40.00, mean 50, spread 20 → flagged.
    expect(r.items.map((i: { code: string; meanCenti: number; rank: number; disagreement: boolean }) => [i.code, i.meanCenti, i.rank, i.disagreement])).toEqual([
      [w.applicants[0]!.code, 8500, 1, false],
      [w.applicants[1]!.code, 5000, 2, true],
    ]);
    expect(r.items[0].totals.map((t: { expertName: string; totalCenti: number }) => [t.expertName, t.totalCenti])).toEqual([[w.experts[1]!.name, 9000], [w.experts[0]!.name, 8000]]);
    expect(r.actions).toEqual(['export', 'adopt']);

    const xlsx = await api('GET', `/review-rounds/${sRound.roundId}/results/export?format=xlsx`, officer);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const csv = await api('GET', `/review-rounds/${sRound.roundId}/results/export?format=csv`, officer);
    expect(csv.body).toContain('名次 / Rank');
    expect(csv.body).toContain(`专家：${w.experts[0]!.name} / Expert: ${w.experts[0]!.name}`);
    expect(csv.body).toContain('评分明细 / Scores by criterion');

    expect((await api('POST', `/review-rounds/${sRound.roundId}/adopt`, officer)).json().status).toBe('adopted');
    const ranking = (await api('GET', `/challenges/${w.challengeId}/ranking`, officer)).json();
    // Ranked by the trimmed mean, which with two totals is the plain mean.
    expect(ranking.map((x: { code: string; score: number; rank: number }) => [x.code, x.score, x.rank])).toEqual([
      [w.applicants[0]!.code, 85, 1],
      [w.applicants[1]!.code, 50, 2],
    ]);
  });
});
