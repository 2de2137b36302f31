import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { raceWorld } from '../helpers/races.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { expectProblem } from './support.ts';

// 20 May 2026, 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-05-20T02:00:00Z'));
let env: TestEnv;
let w: Awaited<ReturnType<typeof raceWorld>>;
const cookies: Record<string, string> = {};

const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  env = await testEnv({ clock });
  w = await raceWorld(env, clock, { teams: 3 });
  cookies.officer = await env.login(w.tenant, w.officer.email);
  for (const [i, t] of w.teams.entries()) cookies[`team${i}`] = await env.login(w.tenant, t.member.email);
  cookies.auditor = (await env.as(w.tenant, ['auditor'])).cookie;
  cookies.expert = (await env.as(w.tenant, ['expert'])).cookie;
  const otherOrg = await env.services.registry.createOrganization({ tenantId: w.tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null }, { creditCode: creditCodeFrom('91110108MA02RACE1'), nameZh: '不参赛的公司', type: 'enterprise' });
  cookies.outsider = await env.login(w.tenant, (await env.user(w.tenant, ['applicant'], { organizationId: otherOrg.id })).email);
  const other = await env.tenant();
  cookies.otherTenantOfficer = (await env.as(other, ['officer', 'admin', 'auditor'])).cookie;
}, 240_000);
afterAll(() => env.close());

describe('a race over HTTP', () => {
  it('roles, problem codes, the board and its export', async () => {
    // Candidates and creation are the office's.
    const cand = await api('GET', '/races/candidates', cookies.officer);
    expect(cand.statusCode).toBe(200);
    expect(cand.json().items).toEqual([expect.objectContaining({ challengeId: w.challengeId, maxGates: 2, contracts: expect.any(Array) })]);
    expectProblem(await api('GET', '/races/candidates', cookies.team0), 403, 'FORBIDDEN');
    const body = { challengeId: w.challengeId, title: '单细胞测序关键部件赛马', fundsRule: 'reallocate', gates: [{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2027-05-31' }] };
    expectProblem(await api('POST', '/races', cookies.auditor, body), 403, 'FORBIDDEN');
    expectProblem(await api('POST', '/races', cookies.officer, { ...body, gates: [{ title: '样机', dueOn: '2026-11-30' }, { title: '验证', dueOn: '2026-11-01' }] }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('POST', '/races', cookies.officer, { ...body, contractIds: [w.teams[0]!.contract.id] }), 422, 'RACE_TOO_FEW_TEAMS');
    const created = await api('POST', '/races', cookies.officer, body);
    expect(created.statusCode).toBe(201);
    const race = created.json();
    expect(race).toMatchObject({ code: 'SM-2026-001', status: 'running', fundsRule: 'reallocate', actions: ['export'] });
    expect(race.teams).toHaveLength(3);
    expectProblem(await api('POST', '/races', cookies.officer, body), 409, 'RACE_ALREADY_RACING');
    const [g1] = race.gates;
    expect(g1.actions).toEqual(['close_evidence']);

    // Who sees the race.
    for (const who of ['officer', 'auditor', 'team0', 'team1']) expect((await api('GET', `/races/${race.id}`, cookies[who])).statusCode, who).toBe(200);
    expectProblem(await api('GET', `/races/${race.id}`, cookies.outsider), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/races/${race.id}`, cookies.otherTenantOfficer), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/races/${race.id}`, cookies.expert), 403, 'FORBIDDEN');
    expectProblem(await api('GET', '/races', cookies.expert), 403, 'FORBIDDEN');
    expectProblem(await api('GET', `/races/${race.id}`), 401, 'AUTH_REQUIRED');
    expect((await api('GET', '/races', cookies.officer)).json()).toMatchObject({ total: 1, items: [{ code: 'SM-2026-001', currentGateSeq: 1, currentGateStatus: 'open', teamsRacing: 3 }] });
    expect((await api('GET', '/races', cookies.team0)).json().total).toBe(1);
    expect((await api('GET', '/races', cookies.outsider)).json().total).toBe(0);
    expect((await api('GET', '/races', cookies.otherTenantOfficer)).json().total).toBe(0);
    const mine = (await api('GET', `/races/${race.id}`, cookies.team0)).json();
    expect(mine.gates[0].actions).toEqual(['submit_evidence']);
    expect(mine.teams.filter((t: { mine: boolean }) => t.mine)).toHaveLength(1);
    expect(mine.teams.filter((t: { milestones: unknown[] }) => t.milestones.length > 0)).toHaveLength(1);

    // Only the office acts; the auditor and the teams get 403.
    expectProblem(await api('POST', `/races/${race.id}/gates/${g1.id}/close-evidence`, cookies.auditor), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/races/${race.id}/gates/${g1.id}/close-evidence`, cookies.team0), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/races/${race.id}/gates/${race.gates[1].id}/close-evidence`, cookies.officer), 409, 'INVALID_STATE');

    // Gate 1: two teams submit, the gate closes, late evidence is refused over HTTP too.
    const [a, b, c] = w.teams as [(typeof w.teams)[0], (typeof w.teams)[0], (typeof w.teams)[0]];
    await w.submitEvidence(a, g1.id);
    await w.submitEvidence(b, g1.id);
    const closed = await api('POST', `/races/${race.id}/gates/${g1.id}/close-evidence`, cookies.officer);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().gates[0]).toMatchObject({ status: 'review', actions: ['open_review'] });
    const cDetail = (await api('GET', `/contracts/${c.contract.id}`, cookies.team2)).json();
    const cMilestone = cDetail.milestones.find((m: { gateId: string }) => m.gateId === g1.id);
    expectProblem(await api('POST', `/contracts/${c.contract.id}/milestones/${cMilestone.id}/evidence`, cookies.team2, { items: [{ requirement: 0, attachmentId: null, value: '3200' }] }), 409, 'EVIDENCE_GATE_CLOSED');

    // The gate's review round goes through the review module's route.
    const round = await api('POST', '/review-rounds', cookies.officer, { subjectType: 'race_gate', subjectId: g1.id, name: '第一关专家评审', deadline: '2026-06-10T09:00:00Z' });
    expect(round.statusCode).toBe(201);
    expect(round.json()).toMatchObject({ subject: { type: 'race_gate', id: g1.id, code: 'SM-2026-001-G1', raceId: race.id }, challenge: { id: w.challengeId }, counts: { items: 3 } });
    expect((await api('GET', `/review-rounds?subjectType=race_gate&subjectId=${g1.id}`, cookies.officer)).json().total).toBe(1);
    await env.services.review.cancelRound(w.ctxOf(w.officer), round.json().id, '改用测试评分');
    await w.reviewGate(
      g1.id,
      new Map([
        [a.applicationId, 9000],
        [b.applicationId, 8000],
        [c.applicationId, 5000],
      ]),
    );
    const teamOf = (contractId: string) => race.teams.find((t: { contractId: string }) => t.contractId === contractId).id as string;
    const put = (teamId: string, payload: unknown, who = 'officer') => api('PUT', `/races/${race.id}/gates/${g1.id}/decisions/${teamId}`, cookies[who], payload);
    expectProblem(await put(teamOf(c.contract.id), { outcome: 'eliminate' }), 400, 'RACE_REASON_REQUIRED');
    expectProblem(await put(teamOf(b.contract.id), { outcome: 'pass_with_conditions', conditions: ' ' }), 400, 'RACE_CONDITIONS_REQUIRED');
    expectProblem(await put(teamOf(c.contract.id), { outcome: 'pass' }), 409, 'GATE_EVIDENCE_MISSING');
    expectProblem(await put(teamOf(c.contract.id), { outcome: 'maybe' }), 400, 'VALIDATION_FAILED');
    expectProblem(await put(teamOf(a.contract.id), { outcome: 'pass' }, 'team0'), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/races/${race.id}/gates/${g1.id}/decide`, cookies.officer), 409, 'GATE_DECISIONS_MISSING');
    await put(teamOf(a.contract.id), { outcome: 'pass' });
    await put(teamOf(b.contract.id), { outcome: 'pass_with_conditions', conditions: '补交第三方检测报告' });
    const last = await put(teamOf(c.contract.id), { outcome: 'eliminate', reason: '未提交样机检测报告' });
    expect(last.json().gates[0].actions).toEqual(['record_decision', 'decide']);
    // Before the gate is decided, teams see no outcome, not even their own.
    expect((await api('GET', `/races/${race.id}`, cookies.team2)).json().gates[0].decisions.every((d: { outcome: string | null }) => d.outcome === null)).toBe(true);
    const decided = await api('POST', `/races/${race.id}/gates/${g1.id}/decide`, cookies.officer);
    expect(decided.statusCode).toBe(200);
    expect(decided.json().gates[0].status).toBe('decided');

    // The board: the office sees everything; a team sees itself in full and the others' outcomes only.
    const board = (await api('GET', `/races/${race.id}/board`, cookies.officer)).json();
    const rowOf = (b: { teams: { contractId: string }[] }, id: string) => b.teams.find((t) => t.contractId === id) as unknown as Record<string, unknown> & { gates: Record<string, unknown>[] };
    expect(rowOf(board, a.contract.id)).toMatchObject({ full: true, status: 'racing', money: { budgetFen: 1_000_001, releasedFen: 300_000, reallocatedInFen: 500_001, totalFen: 1_500_002, remainingFen: 1_200_002 } });
    expect(rowOf(board, a.contract.id).gates[0]).toMatchObject({ scoreCenti: 9000, rank: 1, outcome: 'pass', releasedFen: 300_000, evidence: { items: [{ label: '样机检测报告', kind: 'file', file: { name: '样机检测报告.pdf' } }] } });
    expect(rowOf(board, c.contract.id)).toMatchObject({ status: 'eliminated', eliminatedAtGateSeq: 1, reason: '未提交样机检测报告', money: { cancelledFen: 1_000_001, reallocatedOutFen: 1_000_001 } });
    const seen = (await api('GET', `/races/${race.id}/board`, cookies.team2)).json();
    expect(rowOf(seen, c.contract.id)).toMatchObject({ mine: true, full: true, reason: '未提交样机检测报告' });
    expect(rowOf(seen, a.contract.id)).toMatchObject({ mine: false, full: false, money: null, reason: null });
    expect(rowOf(seen, a.contract.id).gates[0]).toMatchObject({ outcome: 'pass', scoreCenti: null, rank: null, evidence: null, releasedFen: null });
    expectProblem(await api('GET', `/races/${race.id}/board`, cookies.outsider), 404, 'NOT_FOUND');

    // The experts who reviewed a team at the gate may open its evidence files; other experts may not.
    const fileId = (rowOf(board, a.contract.id).gates[0] as { evidence: { items: { file: { id: string } }[] } }).evidence.items[0]!.file.id;
    const reviewer = await env.login(w.tenant, w.experts[0]!.user.email);
    expect((await api('GET', `/files/${fileId}/content`, reviewer)).statusCode).toBe(200);
    expect((await api('GET', `/files/${fileId}/content`, cookies.expert)).statusCode).toBe(404);
    expect((await api('GET', `/files/${fileId}/content`, cookies.team1)).statusCode).toBe(404);

    // Export as Excel and CSV; the CSV of a team carries no other team's score.
    const xlsx = await api('GET', `/races/${race.id}/board/export`, cookies.auditor);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const csv = await api('GET', `/races/${race.id}/board/export?format=csv`, cookies.officer);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('淘汰（eliminate）');
    expect(csv.body).toContain('90.00');
    const teamCsv = await api('GET', `/races/${race.id}/board/export?format=csv`, cookies.team2);
    expect(teamCsv.body).not.toContain('90.00');
    expectProblem(await api('GET', `/races/${race.id}/board/export?format=csv`, cookies.expert), 403, 'FORBIDDEN');
  }, 240_000);
});
