import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { actorOf, award, contractWorld, ctxOf } from '../../../test/helpers/contracts.ts';
import { FixedClock } from '../../platform/clock.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import type { ItemInput } from '../projects/index.ts';
import type { DeliveryService } from './delivery.service.ts';

/*
 * Three contracts of 1,000,000 fen from the award on 2026-05-11 (tranches 300,000 at signing due
 * 2026-05-11, 250,000 for 样机 due 2027-05-11, 250,000 + 200,000 due 2028-05-11; milestones 样机
 * 2027-05-11 and 验证 2028-05-11): A (officer, confirmed), B (officer2, confirmed, another challenge),
 * C (officer, never confirmed). Ledger: A 300,000 on 2026-05-11; B 100,000 on 2026-05-11, 200,000 at
 * 00:30 Beijing on 2026-07-01 (still June in UTC), the 100,000 reversed on 2026-07-02. A supervision
 * order on A answerable by 2027-05-30. A key-project list with a red, an amber and a green item.
 * "Today" is 2027-06-15 in Beijing.
 */
const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
let env: TestEnv;
let w: Awaited<ReturnType<typeof contractWorld>>;
let svc: DeliveryService;
const ids = { a: '', b: '', c: '', list: '', red: '', amber: '' };
const B_CHALLENGE = '00000000-0000-4000-8000-0000000000bb';

function item(code: string, name: string, plannedDate: string, person: string): ItemInput {
  return {
    code,
    name,
    nameEn: '',
    category: 'construction',
    responsibleOrgId: null,
    responsibleUnit: '昌平区重点工程建设管理中心',
    responsiblePerson: person,
    contactPhone: null,
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    budgetFen: null,
    description: '',
    milestones: [{ name: '主体结构封顶', plannedDate, actualDate: null }],
    kpis: [],
  };
}

beforeAll(async () => {
  env = await testEnv({ clock });
  svc = env.services.delivery;
  w = await contractWorld(env);
  const c = w.svc;
  const officer = ctxOf(w.tenant, w.officer);
  const officer2 = ctxOf(w.tenant, w.officer2);
  const a = await w.contract({ confirmed: true });
  const b = await inTransaction(env.services.database.db, (tx) => c.createFromAward(tx, officer2, award(w.org.id, { challengeId: B_CHALLENGE })));
  await c.confirm(officer2, actorOf(w.tenant, w.officer2), b.id);
  await c.confirm(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), b.id);
  const pending = await w.contract();
  Object.assign(ids, { a: a.id, b: b.id, c: pending.id });
  const signing = async (id: string) => (await c.detail(w.tenant.id, id)).tranches.find((t) => t.trigger === 'signing')!.id;
  await c.ledger.release(officer, a.id, await signing(a.id), {});
  const first = await c.ledger.release(officer2, b.id, await signing(b.id), { amountFen: 100_000 });
  clock.set(new Date('2026-06-30T16:30:00Z'));
  await c.ledger.release(officer2, b.id, await signing(b.id), { amountFen: 200_000 });
  clock.set(new Date('2026-07-02T02:00:00Z'));
  await c.ledger.reverse(officer2, b.id, first.id, { note: '账户有误' });

  clock.set(new Date('2027-05-20T02:00:00Z'));
  await c.progress.issueOrder(officer, a.id, { milestoneId: null, reason: '样机逾期，请说明原因', responseDueOn: '2027-05-30' });

  clock.set(new Date('2027-06-15T02:00:00Z'));
  const list = await env.services.projects.createList(officer, { nameZh: '重点项目清单', nameEn: 'Key projects', ownerOffice: '', year: 2027, description: '' });
  ids.list = list.id;
  ids.red = (await env.services.projects.createItem(officer, list.id, item('CP-1', '生命科学园三期', '2027-04-01', '王建国'))).id;
  ids.amber = (await env.services.projects.createItem(officer, list.id, item('CP-2', '蛋白质平台', '2027-06-01', '赵敏'))).id;
  await env.services.projects.createItem(officer, list.id, item('CP-3', '人才公寓', '2027-12-31', '钱进'));
});
afterAll(() => env.close());

const officerActor = () => actorOf(w.tenant, w.officer);

describe('overview', () => {
  it('counts contracts, milestones and list items by status and sums the money against plan', async () => {
    const o = await svc.overview(officerActor(), {});
    expect(o.today).toBe('2027-06-15');
    expect(o.contracts).toEqual({ total: 3, byStatus: { pending: 1, active: 2, completed: 0, terminated: 0 } });
    // 样机 of A and B is past due and owed (overdue); the pending contract's milestones owe nothing yet.
    expect(o.milestones).toEqual({ total: 6, byStatus: { planned: 4, submitted: 0, accepted: 0, returned: 0, overdue: 2 } });
    expect(o.items.byStatus).toEqual({ red: 1, amber: 1, green: 1, done: 0 });
    expect(o.items.lists).toEqual([{ listId: ids.list, nameZh: '重点项目清单', nameEn: 'Key projects', counts: { red: 1, amber: 1, green: 1, done: 0 } }]);
    // Planned to date: 300,000 + 250,000 per contract; released: A 300,000 + B (100,000 + 200,000 − 100,000).
    expect(o.money).toMatchObject({ totalFen: 3_000_000, plannedToDateFen: 1_650_000, releasedFen: 500_000, behindPlanFen: 1_150_000 });
    const months = o.money.months;
    expect(months).toHaveLength(18);
    expect(months[0]).toEqual({ month: '2026-07', plannedFen: 0, releasedFen: 100_000, cumulativePlannedFen: 900_000, cumulativeReleasedFen: 500_000 });
    expect(months.find((m) => m.month === '2027-05')).toEqual({ month: '2027-05', plannedFen: 750_000, releasedFen: 0, cumulativePlannedFen: 1_650_000, cumulativeReleasedFen: 500_000 });
    expect(months.find((m) => m.month === '2027-07')).toMatchObject({ releasedFen: null, cumulativeReleasedFen: null });
    expect(months.at(-1)).toMatchObject({ month: '2027-12', cumulativePlannedFen: 1_650_000 });
    expect(o.overdue).toEqual({ milestone: 2, order: 1, tranche: 3, item: 2, total: 8 });
  });

  it('narrows to my contracts, to a challenge, or to a list', async () => {
    const mine = await svc.overview(officerActor(), { officer: 'me' });
    expect(mine.contracts.byStatus).toMatchObject({ pending: 1, active: 1 });
    expect(mine.money).toMatchObject({ totalFen: 2_000_000, plannedToDateFen: 1_100_000, releasedFen: 300_000 });
    // List items have no officer: they stay.
    expect(mine.overdue).toEqual({ milestone: 1, order: 1, tranche: 1, item: 2, total: 5 });
    const ofB = await svc.overview(officerActor(), { challengeId: B_CHALLENGE });
    expect(ofB.contracts.total).toBe(1);
    expect(ofB.items.total).toBe(0);
    expect(ofB.money).toMatchObject({ totalFen: 1_000_000, releasedFen: 200_000 });
    const ofList = await svc.overview(officerActor(), { listId: ids.list });
    expect(ofList.contracts.total).toBe(0);
    expect(ofList.money.totalFen).toBe(0);
    expect(ofList.items.total).toBe(3);
  });

  it('answers 404 for a list or challenge of another tenant', async () => {
    const other = await env.tenant();
    const otherOfficer = await env.user(other, ['officer']);
    const stranger = actorOf(other, otherOfficer);
    await expect(svc.overview(stranger, { listId: ids.list })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.overview(stranger, { challengeId: B_CHALLENGE })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // And sees nothing of this tenant.
    const o = await svc.overview(stranger, {});
    expect(o.contracts.total + o.items.total + o.money.totalFen + o.overdue.total).toBe(0);
  });
});

describe('overdue list', () => {
  it('gives every overdue thing with its owner and days overdue, most overdue first', async () => {
    const r = await svc.overdue(officerActor(), {}, { offset: 0, limit: 20 });
    expect(r.total).toBe(8);
    expect(r.rows.map((x) => [x.kind, x.daysOverdue])).toEqual([
      ['tranche', 400], // B's signing tranche: 100,000 still unreleased since 2026-05-11
      ['item', 75],
      ['milestone', 35],
      ['milestone', 35],
      ['tranche', 35],
      ['tranche', 35],
      ['order', 16],
      ['item', 14],
    ]);
    const [signingB, red] = r.rows;
    expect(signingB).toMatchObject({ contractId: ids.b, title: '1', detail: 'signing', amountFen: 100_000, dueOn: '2026-05-11', waitingOn: 'office', ownerOrg: w.org.nameZh, ownerPerson: '李明', officerId: w.officer2.id, officerName: w.officer2.displayName });
    expect(red).toMatchObject({ kind: 'item', itemId: ids.red, listId: ids.list, ref: 'CP-1', ownerOrg: '昌平区重点工程建设管理中心', ownerPerson: '王建国', dueOn: '2027-04-01', status: 'red', contractId: null, waitingOn: null });
    // A milestone tranche whose milestone is not accepted waits on the team.
    expect(r.rows.filter((x) => x.kind === 'tranche' && x.daysOverdue === 35).map((x) => [x.amountFen, x.waitingOn])).toEqual([
      [250_000, 'team'],
      [250_000, 'team'],
    ]);
    expect(r.rows.find((x) => x.kind === 'order')).toMatchObject({ contractId: ids.a, detail: '样机逾期，请说明原因', dueOn: '2027-05-30', officerId: w.officer.id });
  });

  it('pages, sorts and filters on the server', async () => {
    const all = (await svc.overdue(officerActor(), { sort: 'due' }, { offset: 0, limit: 20 })).rows;
    const p1 = await svc.overdue(officerActor(), { sort: 'due' }, { offset: 0, limit: 3 });
    const p3 = await svc.overdue(officerActor(), { sort: 'due' }, { offset: 6, limit: 3 });
    expect(p1.total).toBe(8);
    expect([...p1.rows, ...(await svc.overdue(officerActor(), { sort: 'due' }, { offset: 3, limit: 3 })).rows, ...p3.rows].map((x) => x.id)).toEqual(all.map((x) => x.id));
    expect(all.map((x) => x.dueOn)).toEqual([...all.map((x) => x.dueOn)].sort());
    expect((await svc.overdue(officerActor(), {}, { offset: 40, limit: 20 })).total).toBe(8);

    const items = await svc.overdue(officerActor(), { kind: 'item', sort: 'days' }, { offset: 0, limit: 20 });
    expect(items.rows.map((x) => x.ref)).toEqual(['CP-2', 'CP-1']);
    expect((await svc.overdue(officerActor(), { owner: '赵敏' }, { offset: 0, limit: 20 })).rows.map((x) => x.itemId)).toEqual([ids.amber]);
    expect((await svc.overdue(officerActor(), { owner: w.officer2.displayName }, { offset: 0, limit: 20 })).total).toBe(3);
    expect((await svc.overdue(officerActor(), { owner: '李明' }, { offset: 0, limit: 20 })).total).toBe(6);
    expect((await svc.overdue(officerActor(), { officer: 'me', kind: 'tranche' }, { offset: 0, limit: 20 })).rows.map((x) => x.contractId)).toEqual([ids.a]);
  });

  it('leaves out what was done: an accepted milestone, an answered order, a released tranche', async () => {
    const c = w.svc;
    const officer = ctxOf(w.tenant, w.officer);
    const v = await c.detail(w.tenant.id, ids.a);
    const order = v.orders[0]!;
    await c.progress.respondOrder(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), ids.a, order.id, { response: '已整改', attachmentIds: [] });
    const m1 = v.milestones.find((m) => m.seq === 1)!;
    const pdf = await env.services.files.upload(ctxOf(w.tenant, w.member), { filename: 'r.pdf', data: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n') });
    await c.progress.submitEvidence(ctxOf(w.tenant, w.member), actorOf(w.tenant, w.member), ids.a, m1.id, { items: [{ requirement: 0, attachmentId: pdf.id, value: null }] });
    // Submitted but not yet accepted: still overdue, now waiting on the office.
    const waiting = (await svc.overdue(officerActor(), { officer: 'me', kind: 'milestone' }, { offset: 0, limit: 20 })).rows;
    expect(waiting.map((x) => [x.id, x.status, x.waitingOn])).toEqual([[m1.id, 'submitted', 'office']]);
    await c.progress.decideMilestone(officer, ids.a, m1.id, { decision: 'accept' });
    // The milestone's tranche now waits on the office; once released it is gone.
    const t2 = v.tranches.find((t) => t.milestoneId === m1.id)!;
    expect((await svc.overdue(officerActor(), { officer: 'me', kind: 'tranche' }, { offset: 0, limit: 20 })).rows.map((x) => [x.id, x.waitingOn])).toEqual([[t2.id, 'office']]);
    await c.ledger.release(officer, ids.a, t2.id, {});
    const o = await svc.overview(officerActor(), { officer: 'me' });
    expect(o.overdue).toEqual({ milestone: 0, order: 0, tranche: 0, item: 2, total: 2 });
    expect(o.money).toMatchObject({ releasedFen: 550_000, plannedToDateFen: 1_100_000 });
    expect(o.money.months.find((m) => m.month === '2027-06')).toMatchObject({ releasedFen: 250_000, cumulativeReleasedFen: 550_000 });
  });
});
