import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { FixedClock } from '../../platform/clock.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { actorOf, contractWorld, ctxOf } from '../../../test/helpers/contracts.ts';
import type { ContractTerms } from './contracts.tables.ts';
import { currentTerms } from './contracts.core.ts';

// Monday 2026-05-11 10:00 Beijing time, the day of the award.
const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
let env: TestEnv;
let w: Awaited<ReturnType<typeof contractWorld>>;

beforeAll(async () => {
  env = await testEnv({ clock });
  w = await contractWorld(env);
});
afterAll(() => env.close());

const count = async (table: string, contractId: string) => Number((await env.services.database.query<{ n: number }>(`select count(*)::int as n from ${table} where contract_id = $1`, [contractId]))[0]!.n);
const audits = async () => Number((await env.services.database.query<{ n: number }>('select count(*)::int as n from audit_events'))[0]!.n);
const termsOf = async (id: string): Promise<ContractTerms> => {
  const v = await w.svc.detail(w.tenant.id, id);
  return currentTerms(v.c, v.milestones, v.tranches);
};

describe('creation and confirmation', () => {
  it('creates version 1 from the award with dated milestones, and runs once both sides confirmed', async () => {
    clock.set(new Date('2026-05-11T02:00:00Z'));
    const c = await w.contract();
    expect(c).toMatchObject({ code: expect.stringMatching(/^RW-2026-001-\d\d$/), status: 'pending', version: 1, releasedFen: 0, officerId: w.officer.id });
    const v = await w.svc.detail(w.tenant.id, c.id);
    // Milestones by due date: 样机 (12 months) first, then 验证 (24); tranches point at them.
    expect(v.milestones.map((m) => [m.seq, m.title, m.dueOn, m.status])).toEqual([
      [1, '样机', '2027-05-11', 'planned'],
      [2, '验证', '2028-05-11', 'planned'],
    ]);
    expect(v.tranches.map((t) => [t.seq, t.trigger, v.milestones.find((m) => m.id === t.milestoneId)?.seq ?? null])).toEqual([
      [1, 'signing', null],
      [2, 'milestone', 1],
      [3, 'milestone', 2],
      [4, 'acceptance', null],
    ]);
    expect(v.versions.map((x) => x.version)).toEqual([1]);

    // An applicant of another organisation cannot confirm; the office side cannot confirm twice.
    await w.svc.confirm(ctxOf(w.tenant, w.officer), actorOf(w.tenant, w.officer), c.id);
    await expect(w.svc.confirm(ctxOf(w.tenant, w.officer2), actorOf(w.tenant, w.officer2), c.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const other = await env.user(w.tenant, ['applicant'], { organizationId: null });
    await expect(w.svc.confirm(ctxOf(w.tenant, other), actorOf(w.tenant, other), c.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const done = await w.svc.confirm(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), c.id);
    expect(done.status).toBe('active');
    const after = await w.svc.detail(w.tenant.id, c.id);
    expect(after.confirmations.map((x) => [x.version, x.side])).toEqual([
      [1, 'office'],
      [1, 'organization'],
    ]);
  });

  it('an amended draft is a new version that both sides confirm afresh', async () => {
    const c = await w.contract();
    await w.svc.confirm(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), c.id);
    const t = await termsOf(c.id);
    const amended = await w.svc.amendDraft(ctxOf(w.tenant, w.officer), c.id, { terms: { ...t, milestones: t.milestones.map((m) => (m.seq === 1 ? { ...m, evidence: [...m.evidence, { label: '单次通量', kind: 'figure' as const }] } : m)) }, reason: '增加通量数据要求' });
    expect(amended.version).toBe(2);
    // The organisation's confirmation was of version 1: one more from each side is needed.
    const first = await w.svc.confirm(ctxOf(w.tenant, w.officer), actorOf(w.tenant, w.officer), c.id);
    expect(first.status).toBe('pending');
    expect((await w.svc.confirm(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), c.id)).status).toBe('active');
    const v = await w.svc.detail(w.tenant.id, c.id);
    expect(v.versions[1]).toMatchObject({ version: 2, reason: '增加通量数据要求', changes: [{ path: 'milestones/1/evidence' }] });
    // Once in force the draft cannot be edited directly.
    await expect(w.svc.amendDraft(ctxOf(w.tenant, w.officer), c.id, { terms: t, reason: 'x' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('change requests', () => {
  it('are approved into a new version with history, or refused with a reason; one open at a time', async () => {
    const c = await w.contract({ confirmed: true });
    const t = await termsOf(c.id);
    const later = { ...t, milestones: t.milestones.map((m) => (m.seq === 2 ? { ...m, dueOn: '2028-08-11' } : m)) };
    const member = actorOf(w.tenant, w.member);
    await expect(w.svc.proposeChange(ctxOf(w.tenant, w.member), member, c.id, { terms: t, reason: '无变化' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const cr = await w.svc.proposeChange(ctxOf(w.tenant, w.member), member, c.id, { terms: later, reason: '设备到货延迟三个月' });
    expect(cr).toMatchObject({ status: 'open', baseVersion: 1, proposedSide: 'organization', changes: [{ path: 'milestones/2/dueOn', before: '2028-05-11', after: '2028-08-11' }] });
    await expect(w.svc.proposeChange(ctxOf(w.tenant, w.member), member, c.id, { terms: later, reason: '再来一次' })).rejects.toMatchObject({ code: 'CHANGE_REQUEST_OPEN' });
    await w.svc.decideChange(ctxOf(w.tenant, w.officer), c.id, cr.id, { decision: 'approve', reason: '理由充分，同意延期' });
    const v = await w.svc.detail(w.tenant.id, c.id);
    expect(v.c.version).toBe(2);
    expect(v.c.endsOn).toBe('2028-08-11');
    expect(v.milestones.find((m) => m.seq === 2)!.dueOn).toBe('2028-08-11');
    expect(v.versions.map((x) => [x.version, x.changeRequestId])).toEqual([
      [1, null],
      [2, cr.id],
    ]);
    expect(v.changes[0]).toMatchObject({ status: 'approved', appliedVersion: 2, decisionReason: '理由充分，同意延期' });

    // A refusal changes nothing but the request; a request against an old version cannot be approved.
    const cr2 = await w.svc.proposeChange(ctxOf(w.tenant, w.officer), actorOf(w.tenant, w.officer), c.id, { terms: { ...later, team: [] }, reason: '团队调整' });
    await w.svc.decideChange(ctxOf(w.tenant, w.officer2), c.id, cr2.id, { decision: 'refuse', reason: '团队不得减少' });
    expect((await w.svc.detail(w.tenant.id, c.id)).c.version).toBe(2);
    const cr3 = await w.svc.proposeChange(ctxOf(w.tenant, w.member), member, c.id, { terms: { ...later, lead: { ...later.lead, phone: '13800000000' } }, reason: '更新电话' });
    await env.services.database.query('update contracts set version = version + 1 where id = $1', [c.id]);
    await expect(w.svc.decideChange(ctxOf(w.tenant, w.officer), c.id, cr3.id, { decision: 'approve', reason: 'ok' })).rejects.toMatchObject({ code: 'CHANGE_CONFLICT' });
  });
});

describe('milestones, evidence and the ledger', () => {
  it('refuses evidence before confirmation, incomplete evidence, and evidence after acceptance; releases only what is due and remains', async () => {
    clock.set(new Date('2026-05-11T02:00:00Z'));
    const pending = await w.contract();
    const pm = (await w.svc.detail(w.tenant.id, pending.id)).milestones[0]!;
    const member = actorOf(w.tenant, w.member);
    await expect(w.svc.progress.submitEvidence(ctxOf(w.tenant, w.member), member, pending.id, pm.id, { items: [{ requirement: 0, attachmentId: null, value: 'x' }] })).rejects.toMatchObject({ code: 'CONTRACT_NOT_CONFIRMED' });
    await expect(w.svc.ledger.release(ctxOf(w.tenant, w.officer), pending.id, (await w.svc.detail(w.tenant.id, pending.id)).tranches[0]!.id, {})).rejects.toMatchObject({ code: 'CONTRACT_NOT_CONFIRMED' });

    const c = await w.contract({ confirmed: true });
    const v = await w.svc.detail(w.tenant.id, c.id);
    const [m1] = v.milestones;
    const [signing, t2] = v.tranches;
    // A milestone tranche before its milestone is accepted: not due.
    await expect(w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, t2!.id, {})).rejects.toMatchObject({ code: 'TRANCHE_NOT_DUE' });

    // The signing tranche: more than remains is refused and nothing is written.
    const before = { ledger: await count('contract_ledger', c.id), audits: await audits() };
    await expect(w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, signing!.id, { amountFen: 300_001 })).rejects.toMatchObject({ code: 'TRANCHE_EXCEEDS_REMAINING' });
    expect({ ledger: await count('contract_ledger', c.id), audits: await audits() }).toEqual(before);
    expect((await w.svc.get(w.tenant.id, c.id)).releasedFen).toBe(0);
    await w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, signing!.id, { amountFen: 100_000, note: '首笔' });
    await w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, signing!.id, {});
    await expect(w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, signing!.id, {})).rejects.toMatchObject({ code: 'TRANCHE_EXCEEDS_REMAINING' });
    expect((await w.svc.get(w.tenant.id, c.id)).releasedFen).toBe(300_000);

    // Evidence: every requirement answered, by a file the organisation uploaded.
    await expect(w.svc.progress.submitEvidence(ctxOf(w.tenant, w.member), member, c.id, m1!.id, { items: [{ requirement: 0, attachmentId: null, value: '12000' }] })).rejects.toMatchObject({ code: 'INCOMPLETE' });
    const pdf = await env.services.files.upload(ctxOf(w.tenant, w.member), { filename: 'report.pdf', data: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') });
    const officerFile = await env.services.files.upload(ctxOf(w.tenant, w.officer), { filename: 'x.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect(w.svc.progress.submitEvidence(ctxOf(w.tenant, w.member), member, c.id, m1!.id, { items: [{ requirement: 0, attachmentId: officerFile.id, value: null }] })).rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
    await w.svc.progress.submitEvidence(ctxOf(w.tenant, w.member), member, c.id, m1!.id, { items: [{ requirement: 0, attachmentId: pdf.id, value: null }], note: '样机检测报告' });
    expect((await env.services.database.query<{ owner_type: string }>('select owner_type from attachments where id = $1', [pdf.id]))[0]!.owner_type).toBe('contract');
    await expect(w.svc.progress.decideMilestone(ctxOf(w.tenant, w.officer), c.id, m1!.id, { decision: 'return' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await w.svc.progress.decideMilestone(ctxOf(w.tenant, w.officer), c.id, m1!.id, { decision: 'accept', note: '通过' });

    // The gate has closed: more evidence is refused and nothing is written.
    const evidence = await count('contract_evidence', c.id);
    await expect(w.svc.progress.submitEvidence(ctxOf(w.tenant, w.member), member, c.id, m1!.id, { items: [{ requirement: 0, attachmentId: pdf.id, value: null }] })).rejects.toMatchObject({ code: 'MILESTONE_CLOSED' });
    expect(await count('contract_evidence', c.id)).toBe(evidence);

    // Now the milestone's tranche is due; a reversal puts money back and is recorded once.
    const entry = await w.svc.ledger.release(ctxOf(w.tenant, w.officer2), c.id, t2!.id, {});
    expect(entry).toMatchObject({ kind: 'release', amountFen: 250_000, approvedBy: w.officer2.id });
    await w.svc.ledger.reverse(ctxOf(w.tenant, w.officer), c.id, entry.id, { note: '账户信息错误，退回' });
    await expect(w.svc.ledger.reverse(ctxOf(w.tenant, w.officer), c.id, entry.id, { note: '再次' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await w.svc.ledger.release(ctxOf(w.tenant, w.officer), c.id, t2!.id, {});
    const r = await w.svc.ledger.reconciliation(w.tenant.id, c.id);
    expect(r.reconciliation).toMatchObject({ plannedFen: 1_000_000, releasedFen: 550_000, remainingFen: 450_000, ledgerFen: 550_000, reconciled: true });
    expect(r.ledger.map((e) => [e.kind, e.amountFen])).toEqual([
      ['release', 100_000],
      ['release', 200_000],
      ['release', 250_000],
      ['reversal', 250_000],
      ['release', 250_000],
    ]);
  });

  it('the database refuses a running total beyond the budget even without the service', async () => {
    const c = await w.contract({ confirmed: true });
    await expect(env.services.database.query('update contracts set released_fen = total_fen + 1 where id = $1', [c.id])).rejects.toThrow(/contracts_released_within_total/);
  });
});

describe('the deadline job (controlled clock)', () => {
  it('reminds 7 days and 1 day ahead, marks overdue the day after, tells the officer, each once', async () => {
    clock.set(new Date('2026-05-11T02:00:00Z'));
    const c = await w.contract({ confirmed: true });
    const run = () => inTransaction(env.services.database.db, (tx) => w.svc.progress.runDeadlines(tx));
    const notes = async (userId: string) => (await env.services.database.query<{ kind: string }>("select kind from notifications where user_id = $1 and subject->>'id' = $2 and kind like 'milestone.%' order by created_at", [userId, c.id])).map((r) => r.kind);
    // Milestone 1 is due 2027-05-11. Eight days ahead (Beijing 2027-05-03 09:00): nothing yet.
    clock.set(new Date('2027-05-03T01:00:00Z'));
    await run();
    expect(await notes(w.member.id)).toEqual([]);
    // 2027-05-04 00:30 Beijing is still 3 May in UTC: seven days ahead in Beijing.
    clock.set(new Date('2027-05-03T16:30:00Z'));
    await run();
    await run();
    expect(await notes(w.member.id)).toEqual(['milestone.due_soon']);
    clock.set(new Date('2027-05-10T02:00:00Z'));
    await run();
    expect(await notes(w.member.id)).toEqual(['milestone.due_soon', 'milestone.due_soon']);
    // The due date itself (23:59 Beijing) is not overdue yet.
    clock.set(new Date('2027-05-11T15:59:00Z'));
    await run();
    expect((await w.svc.detail(w.tenant.id, c.id)).milestones[0]!.status).toBe('planned');
    // One minute later it is 12 May in Beijing: overdue, the team and the responsible officer hear of it once.
    clock.set(new Date('2027-05-11T16:00:00Z'));
    // (Other running contracts of this file share the due date.)
    expect((await run()).overdue).toBeGreaterThanOrEqual(1);
    expect(await run()).toMatchObject({ overdue: 0, reminded: 0 });
    const v = await w.svc.detail(w.tenant.id, c.id);
    expect(v.milestones[0]).toMatchObject({ status: 'overdue', overdueSince: '2027-05-12', remindersSent: ['before_7', 'before_1', 'overdue'] });
    expect(v.health).toBe('overdue');
    expect(await notes(w.member.id)).toEqual(['milestone.due_soon', 'milestone.due_soon', 'milestone.overdue']);
    expect(await notes(w.officer.id)).toEqual(['milestone.overdue']);

    // A supervision order: its deadline within 60 days; unanswered past it, the issuing officer is told once.
    await expect(w.svc.progress.issueOrder(ctxOf(w.tenant, w.officer), c.id, { milestoneId: v.milestones[0]!.id, reason: '里程碑逾期', responseDueOn: '2027-05-12' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const o = await w.svc.progress.issueOrder(ctxOf(w.tenant, w.officer), c.id, { milestoneId: v.milestones[0]!.id, reason: '里程碑逾期，请说明原因并提出整改计划', responseDueOn: '2027-05-19' });
    expect(o.code).toMatch(/^DB-2027-\d{3}$/);
    clock.set(new Date('2027-05-20T02:00:00Z'));
    expect(await run()).toMatchObject({ ordersOverdue: 1 });
    expect(await run()).toMatchObject({ ordersOverdue: 0 });
    // A late answer is still taken; the officer closes the order.
    await w.svc.progress.respondOrder(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), c.id, o.id, { response: '设备到货延迟，已于 5 月 18 日到货，6 月底前完成。', attachmentIds: [] });
    await w.svc.progress.closeOrder(ctxOf(w.tenant, w.officer), c.id, o.id, { note: '同意' });
  });
});
