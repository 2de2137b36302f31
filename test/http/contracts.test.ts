import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { contractWorld } from '../helpers/contracts.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { auditActions, expectProblem, makePdf, multipart } from './support.ts';

// Monday 2026-05-11 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
let env: TestEnv;
let w: Awaited<ReturnType<typeof contractWorld>>;
const cookies: Record<string, string> = {};

const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

beforeAll(async () => {
  env = await testEnv({ clock });
  w = await contractWorld(env);
  for (const [k, u] of Object.entries({ officer: w.officer, officer2: w.officer2, auditor: w.auditor, member: w.member })) cookies[k] = await env.login(w.tenant, u.email);
  const otherOrg = await env.services.registry.createOrganization({ tenantId: w.tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null }, { creditCode: creditCodeFrom('91110108MA01AAAA1'), nameZh: '另一家公司', type: 'enterprise' });
  cookies.stranger = (await env.as(w.tenant, ['applicant'])).cookie;
  cookies.otherApplicant = await env.login(w.tenant, (await env.user(w.tenant, ['applicant'], { organizationId: otherOrg.id })).email);
  cookies.expert = (await env.as(w.tenant, ['expert'])).cookie;
  const other = await env.tenant();
  cookies.otherTenantOfficer = (await env.as(other, ['officer', 'admin', 'auditor'])).cookie;
});
afterAll(() => env.close());

describe('who sees a contract', () => {
  it('the office, auditors and its own organisation see it; everyone else gets 404', async () => {
    const c = await w.contract();
    for (const who of ['officer', 'auditor', 'member']) expect((await api('GET', `/contracts/${c.id}`, cookies[who])).statusCode, who).toBe(200);
    for (const who of ['stranger', 'expert', 'otherTenantOfficer', 'otherApplicant']) expectProblem(await api('GET', `/contracts/${c.id}`, cookies[who]), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/contracts/${c.id}`), 401, 'AUTH_REQUIRED');
    // An auditor reads but may not act; an applicant may not act for the office.
    expectProblem(await api('POST', `/contracts/${c.id}/supervision-orders`, cookies.auditor, { reason: '督办', responseDueOn: '2026-05-20' }), 403, 'FORBIDDEN');
    expectProblem(await api('PUT', `/contracts/${c.id}/terms`, cookies.member, { terms: (await api('GET', `/contracts/${c.id}`, cookies.member)).json().terms, reason: 'x' }), 403, 'FORBIDDEN');
    expect((await api('GET', `/contracts/${c.id}`, cookies.auditor)).json().actions).toEqual(['export']);
  });

  it('lists with server-side filters: the office all, an applicant only its own', async () => {
    const overdue = await w.contract({ confirmed: true, over: { startsOn: '2026-04-01', milestones: [{ title: '早期里程碑', month: 1, deliverable: '报告' }], tranches: [{ seq: 1, amountFen: 1_000_000, trigger: 'acceptance', milestoneIndex: null, dueOn: '2026-05-01' }] } });
    const all = (await api('GET', '/contracts?pageSize=200&sort=-code', cookies.officer)).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
    const late = (await api('GET', '/contracts?overdue=true', cookies.officer)).json();
    expect(late.items.map((i: { id: string }) => i.id)).toEqual([overdue.id]);
    expect(late.items[0]).toMatchObject({ health: 'overdue', status: 'active', nextDueOn: '2026-05-01', milestonesTotal: 1 });
    expect((await api('GET', `/contracts?overdue=false&pageSize=200`, cookies.officer)).json().items.some((i: { id: string }) => i.id === overdue.id)).toBe(false);
    expect((await api('GET', '/contracts', cookies.member)).json().total).toBe(all.total);
    expect((await api('GET', '/contracts', cookies.stranger)).statusCode).toBe(403);
    expect((await api('GET', '/contracts', cookies.otherApplicant)).json().total).toBe(0);
    expect((await api('GET', '/contracts', cookies.otherTenantOfficer)).json().total).toBe(0);
  });
});

describe('the contract lifecycle over HTTP', () => {
  it('both sides confirm, the team evidences a milestone, the officer accepts and releases; bad input is refused whole', async () => {
    const c = await w.contract();
    expect((await api('GET', `/contracts/${c.id}`, cookies.member)).json().actions).toContain('confirm');
    expect((await api('POST', `/contracts/${c.id}/confirm`, cookies.officer)).json()).toMatchObject({ status: 'pending', confirmedSides: ['office'] });
    const active = (await api('POST', `/contracts/${c.id}/confirm`, cookies.member)).json();
    expect(active).toMatchObject({ status: 'active', confirmedSides: ['office', 'organization'] });
    const [signing, t2] = active.tranches;
    expect(signing).toMatchObject({ releasable: true, remainingFen: 300_000 });
    expect(t2).toMatchObject({ releasable: false, milestoneSeq: 1 });

    // A tranche larger than what remains: refused with the amounts, bilingual, nothing written.
    const res = await api('POST', `/contracts/${c.id}/tranches/${signing.id}/release`, cookies.officer, { amountFen: 300_001 });
    const p = expectProblem(res, 409, 'TRANCHE_EXCEEDS_REMAINING');
    expect(p.errors?.[0]).toMatchObject({ path: 'amountFen', zh: expect.stringContaining('300000') });
    const released = (await api('POST', `/contracts/${c.id}/tranches/${signing.id}/release`, cookies.officer, { note: '签约首付' })).json();
    expect(released).toMatchObject({ releasedFen: 300_000, remainingFen: 700_000, reconciliation: { reconciled: true } });
    expect(released.ledger[0]).toMatchObject({ kind: 'release', amountFen: 300_000, trancheSeq: 1, approvedBy: w.officer.id, note: '签约首付' });
    expect(released.people).toEqual(expect.arrayContaining([{ id: w.officer.id, name: w.officer.displayName }]));

    // Evidence with a file: uploaded by the team, then named in the submission.
    const form = multipart('样机检测报告.pdf', makePdf('report'), 'application/pdf');
    const file = (await env.app.inject({ method: 'POST', url: '/api/v1/files', headers: { cookie: cookies.member!, ...form.headers }, payload: form.payload })).json();
    const m1 = active.milestones[0];
    expectProblem(await api('POST', `/contracts/${c.id}/milestones/${m1.id}/evidence`, cookies.officer, { items: [{ requirement: 0, attachmentId: file.id, value: null }] }), 403, 'FORBIDDEN');
    const submitted = (await api('POST', `/contracts/${c.id}/milestones/${m1.id}/evidence`, cookies.member, { items: [{ requirement: 0, attachmentId: file.id, value: null }], note: '见附件' })).json();
    expect(submitted.milestones[0]).toMatchObject({ status: 'submitted', submissions: [{ items: [{ attachmentId: file.id }] }] });
    expect(submitted.files).toEqual([expect.objectContaining({ id: file.id, name: '样机检测报告.pdf', mimeType: 'application/pdf' })]);
    // The officer (another member of the office) can read the file; a stranger cannot.
    expect((await api('GET', `/files/${file.id}/content`, cookies.officer2)).statusCode).toBe(200);
    expectProblem(await api('GET', `/files/${file.id}/content`, cookies.stranger), 404, 'NOT_FOUND');

    const accepted = (await api('POST', `/contracts/${c.id}/milestones/${m1.id}/decision`, cookies.officer, { decision: 'accept', note: '样机指标达标' })).json();
    expect(accepted.tranches[1]).toMatchObject({ releasable: true });
    expectProblem(await api('POST', `/contracts/${c.id}/milestones/${m1.id}/evidence`, cookies.member, { items: [{ requirement: 0, attachmentId: file.id, value: null }] }), 409, 'MILESTONE_CLOSED');
    const paid = (await api('POST', `/contracts/${c.id}/tranches/${t2.id}/release`, cookies.officer2, {})).json();
    expect(paid).toMatchObject({ releasedFen: 550_000, remainingFen: 450_000 });

    // The team sees the same ledger; the export reconciles.
    expect((await api('GET', `/contracts/${c.id}`, cookies.member)).json()).toMatchObject({ releasedFen: 550_000, ledger: [{ amountFen: 300_000 }, { amountFen: 250_000 }] });
    const xlsx = await api('GET', `/contracts/${c.id}/ledger/export`, cookies.auditor);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const csv = await api('GET', `/contracts/${c.id}/ledger/export?format=csv`, cookies.member);
    expect(csv.body).toContain('5500.00');
    expect(csv.body).toContain('是 yes');

    // Progress report and a supervision order with its answer.
    expect((await api('POST', `/contracts/${c.id}/reports`, cookies.member, { periodFrom: '2026-05-11', periodTo: '2026-05-11', narrative: '完成芯片流片。', figures: [{ target: 0, value: '8000', note: null }], attachmentIds: [] })).json().reports).toHaveLength(1);
    expectProblem(await api('POST', `/contracts/${c.id}/reports`, cookies.member, { periodFrom: '2026-05-11', periodTo: '2026-06-30', narrative: '未来', figures: [{ target: 3, value: '1', note: null }], attachmentIds: [] }), 400, 'VALIDATION_FAILED');
    const ordered = (await api('POST', `/contracts/${c.id}/supervision-orders`, cookies.officer, { reason: '请说明验证进度', responseDueOn: '2026-05-18' })).json();
    const order = ordered.orders[0];
    expect(order).toMatchObject({ status: 'open', responseDueOn: '2026-05-18', overdue: false });
    expect((await api('POST', `/contracts/${c.id}/supervision-orders/${order.id}/response`, cookies.member, { response: '按计划推进', attachmentIds: [] })).json().orders[0].status).toBe('responded');
    expect((await api('POST', `/contracts/${c.id}/supervision-orders/${order.id}/close`, cookies.officer, {})).json().orders[0].status).toBe('closed');

    const actions = await auditActions(env, w.tenant.id);
    for (const a of ['contract.created', 'contract.confirmed', 'tranche.released', 'milestone.evidence_submitted', 'milestone.decided', 'progress.submitted', 'supervision.issued', 'supervision.responded', 'supervision.closed']) expect(actions).toContain(a);
  });

  it('keeps the challenge page’s contract list working', async () => {
    const c = await w.contract();
    // The fixture's challenge id names no challenge, so the challenge route answers 404 for it; the service lists it.
    expect((await env.services.contracts.ofChallenge(w.tenant.id, c.challengeId)).some((r) => r.c.id === c.id)).toBe(true);
  });
});
