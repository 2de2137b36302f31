import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';

/*
 * Read-only aggregate queries over tables the contracts, projects, registry and auth modules own
 * (contracts, contract_milestones, contract_tranches, contract_ledger, supervision_orders,
 * project_lists, project_items, organizations, users). The delivery module has no tables; like
 * indicators.registry-queries.ts this file is the one place that reads others' tables, by name in
 * raw SQL (nothing imports their table objects), because the overdue list is one sorted, paged
 * UNION over four kinds of rows that no single module's service can answer. It never writes.
 *
 * Dates: `today` is the Asia/Shanghai calendar date from the injected clock; date columns are
 * calendar dates already; ledger times (timestamptz) are turned into Beijing months with a fixed
 * +8 h (China has no daylight saving), so no time-zone data is needed in the database.
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
/** node-postgres answers bigint and numeric sums as strings, PGlite as numbers. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export interface Scope {
  tenantId: string;
  today: string;
  /** Contracts of this officer only (officer=me). */
  officerId: string | null;
  challengeId: string | null;
  listId: string | null;
  contracts: boolean;
  items: boolean;
}

/** The contracts a scope covers, as a condition on alias `c`. */
function contractWhere(s: Scope): SQL {
  const parts: SQL[] = [sql`c.tenant_id = ${s.tenantId}`];
  if (s.officerId) parts.push(sql`c.officer_id = ${s.officerId}`);
  if (s.challengeId) parts.push(sql`c.challenge_id = ${s.challengeId}`);
  if (!s.contracts) parts.push(sql`false`);
  return sql.join(parts, sql` and `);
}

function itemWhere(s: Scope): SQL {
  const parts: SQL[] = [sql`i.tenant_id = ${s.tenantId}`];
  if (s.listId) parts.push(sql`i.list_id = ${s.listId}`);
  if (!s.items) parts.push(sql`false`);
  return sql.join(parts, sql` and `);
}

export async function listExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`select 1 from project_lists where tenant_id = ${tenantId} and id = ${id}`)).length > 0;
}

/** A challenge of the tenant, or one its contracts name (the award keeps the id without a foreign key). */
export async function challengeExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  const q = sql`select 1 from challenges where tenant_id = ${tenantId} and id = ${id} union all select 1 from contracts where tenant_id = ${tenantId} and challenge_id = ${id} limit 1`;
  return rowsOf(await db.execute(q)).length > 0;
}

export async function contractsByStatus(db: Db, s: Scope): Promise<Map<string, number>> {
  const rows = rowsOf<{ status: string; n: unknown }>(await db.execute(sql`select c.status, count(*) as n from contracts c where ${contractWhere(s)} group by c.status`));
  return new Map(rows.map((r) => [r.status, num(r.n)]));
}

/**
 * Milestones of the contracts in scope by their status as of today: a planned or returned milestone
 * of a contract in force whose due date has passed counts as overdue even before the hourly job has
 * marked it (as in contracts' isOverdue); a contract not yet confirmed owes nothing yet.
 */
export async function milestonesByStatus(db: Db, s: Scope): Promise<Map<string, number>> {
  const rows = rowsOf<{ status: string; n: unknown }>(
    await db.execute(sql`
      select case when c.status = 'active' and m.status in ('planned', 'returned') and m.due_on < ${s.today}::date then 'overdue' else m.status end as status, count(*) as n
      from contract_milestones m join contracts c on c.id = m.contract_id
      where ${contractWhere(s)}
      group by 1`),
  );
  return new Map(rows.map((r) => [r.status, num(r.n)]));
}

export interface ListStatusRow {
  listId: string;
  nameZh: string;
  nameEn: string;
  status: string;
  n: number;
}

export async function itemsByListAndStatus(db: Db, s: Scope): Promise<ListStatusRow[]> {
  const rows = rowsOf<{ listId: string; nameZh: string; nameEn: string; status: string; n: unknown }>(
    await db.execute(sql`
      select l.id as "listId", l.name_zh as "nameZh", l.name_en as "nameEn", i.status, count(*) as n
      from project_items i join project_lists l on l.id = i.list_id
      where ${itemWhere(s)}
      group by l.id, l.name_zh, l.name_en, i.status
      order by l.name_zh, l.id`),
  );
  return rows.map((r) => ({ ...r, n: num(r.n) }));
}

export interface MoneyTotals {
  totalFen: number;
  plannedToDateFen: number;
  releasedFen: number;
  plannedByMonth: Map<string, number>;
  releasedByMonth: Map<string, number>;
}

/**
 * Budget of the contracts in scope (terminated ones left out), the tranches due on or before today,
 * and the ledger net of reversals; planned by the month a tranche falls due, released by the Beijing
 * month its entry was approved.
 */
export async function money(db: Db, s: Scope): Promise<MoneyTotals> {
  const w = sql`${contractWhere(s)} and c.status <> 'terminated'`;
  const [totals] = rowsOf<{ total: unknown }>(await db.execute(sql`select coalesce(sum(c.total_fen), 0) as total from contracts c where ${w}`));
  const planned = rowsOf<{ month: string; due: unknown; amount: unknown }>(
    await db.execute(sql`
      select to_char(t.due_on, 'YYYY-MM') as month,
             coalesce(sum(t.amount_fen) filter (where t.due_on <= ${s.today}::date), 0) as due,
             coalesce(sum(t.amount_fen), 0) as amount
      from contract_tranches t join contracts c on c.id = t.contract_id
      where ${w}
      group by 1`),
  );
  const released = rowsOf<{ month: string; net: unknown }>(
    await db.execute(sql`
      select to_char((e.approved_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM') as month,
             coalesce(sum(case when e.kind = 'release' then e.amount_fen else -e.amount_fen end), 0) as net
      from contract_ledger e join contracts c on c.id = e.contract_id
      where ${w}
      group by 1`),
  );
  return {
    totalFen: num(totals?.total),
    plannedToDateFen: planned.reduce((a, r) => a + num(r.due), 0),
    releasedFen: released.reduce((a, r) => a + num(r.net), 0),
    plannedByMonth: new Map(planned.map((r) => [r.month, num(r.amount)])),
    releasedByMonth: new Map(released.map((r) => [r.month, num(r.net)])),
  };
}

// ---- overdue ------------------------------------------------------------------------------

export const OVERDUE_KINDS = ['milestone', 'order', 'tranche', 'item'] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];
export const OVERDUE_SORTS = ['-days', 'days', 'due', '-due', 'owner', '-owner', 'kind'] as const;
export type OverdueSort = (typeof OVERDUE_SORTS)[number];

export interface OverdueFilter {
  kind?: OverdueKind | undefined;
  /** Part of the owner's name: organisation or responsible unit, lead or responsible person, or officer. */
  owner?: string | undefined;
  sort?: OverdueSort | undefined;
}

export interface OverdueRow {
  kind: OverdueKind;
  id: string;
  /** Milestone title, supervision order code, tranche number, or item name. */
  title: string;
  /** Order's reason, tranche's trigger, or the item's list name. */
  detail: string;
  /** Contract code, or the item's code in its list. */
  ref: string;
  contractId: string | null;
  listId: string | null;
  itemId: string | null;
  ownerOrg: string;
  ownerOrgId: string | null;
  ownerPerson: string | null;
  officerId: string | null;
  officerName: string | null;
  dueOn: string | null;
  daysOverdue: number;
  /** For a tranche: what remains unreleased. */
  amountFen: number | null;
  status: string;
  /** Who must act next: the team (evidence, answer, a condition) or the office (a review, a release); null for list items. */
  waitingOn: 'team' | 'office' | null;
}

/** The four kinds of overdue rows as one relation with the same columns. */
function overdueUnion(s: Scope): SQL {
  const today = sql`${s.today}::date`;
  const cw = contractWhere(s);
  const contractCols = sql`c.id as contract_id, null::uuid as list_id, null::uuid as item_id, o.name_zh as owner_org, o.id as owner_org_id, c.lead->>'name' as owner_person, c.officer_id, u.display_name as officer_name`;
  const contractJoin = sql`join organizations o on o.id = c.organization_id left join users u on u.id = c.officer_id`;
  return sql`
    select 'milestone' as kind, m.id, m.title, m.deliverable as detail, c.code as ref, ${contractCols},
           m.due_on as due_on, (${today} - m.due_on) as days_overdue, null::bigint as amount_fen, m.status,
           case when m.status = 'submitted' then 'office' else 'team' end as waiting_on
    from contract_milestones m join contracts c on c.id = m.contract_id ${contractJoin}
    where ${cw} and c.status = 'active' and m.status <> 'accepted' and m.due_on < ${today}
    union all
    select 'order', so.id, so.code, so.reason, c.code, ${contractCols},
           so.response_due_on, (${today} - so.response_due_on), null::bigint, so.status, 'team'
    from supervision_orders so join contracts c on c.id = so.contract_id ${contractJoin}
    where ${cw} and so.status = 'open' and so.response_due_on < ${today}
    union all
    select 'tranche', t.id, t.seq::text, t.trigger, c.code, ${contractCols},
           t.due_on, (${today} - t.due_on), t.amount_fen - t.released_fen, t.status,
           case
             when t.trigger = 'signing' then 'office'
             when t.trigger = 'milestone' then case when exists (select 1 from contract_milestones tm where tm.id = t.milestone_id and tm.status = 'accepted') then 'office' else 'team' end
             else case when not exists (select 1 from contract_milestones tm where tm.contract_id = c.id and tm.status <> 'accepted') then 'office' else 'team' end
           end
    from contract_tranches t join contracts c on c.id = t.contract_id ${contractJoin}
    where ${cw} and c.status = 'active' and t.due_on < ${today} and t.released_fen < t.amount_fen
    union all
    select 'item', i.id, i.name, l.name_zh, i.code, null::uuid, l.id, i.id, i.responsible_unit, i.responsible_org_id, i.responsible_person, null::uuid, null::text,
           case when i.overdue_days > 0 then ${today} - i.overdue_days else null end, i.overdue_days, null::bigint, i.status, null::text
    from project_items i join project_lists l on l.id = i.list_id
    where ${itemWhere(s)} and (i.status = 'red' or i.overdue_days > 0)`;
}

function overdueWhere(f: OverdueFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.kind) parts.push(sql`kind = ${f.kind}`);
  const owner = f.owner?.trim().toLowerCase();
  if (owner) parts.push(sql`(position(${owner} in lower(owner_org)) > 0 or position(${owner} in lower(coalesce(owner_person, ''))) > 0 or position(${owner} in lower(coalesce(officer_name, ''))) > 0)`);
  return sql.join(parts, sql` and `);
}

const ORDER: Record<OverdueSort, SQL> = {
  '-days': sql`days_overdue desc`,
  days: sql`days_overdue asc`,
  due: sql`due_on asc nulls last`,
  '-due': sql`due_on desc nulls last`,
  owner: sql`owner_org asc, owner_person asc nulls last`,
  '-owner': sql`owner_org desc, owner_person desc nulls last`,
  kind: sql`case kind when 'milestone' then 1 when 'order' then 2 when 'tranche' then 3 else 4 end asc, days_overdue desc`,
};

interface RawOverdue {
  kind: OverdueKind;
  id: string;
  title: string;
  detail: string | null;
  ref: string;
  contract_id: string | null;
  list_id: string | null;
  item_id: string | null;
  owner_org: string;
  owner_org_id: string | null;
  owner_person: string | null;
  officer_id: string | null;
  officer_name: string | null;
  due_on: string | null;
  days_overdue: unknown;
  amount_fen: unknown;
  status: string;
  waiting_on: 'team' | 'office' | null;
  total?: unknown;
}

const present = (r: RawOverdue): OverdueRow => ({
  kind: r.kind,
  id: r.id,
  title: r.title,
  detail: r.detail ?? '',
  ref: r.ref,
  contractId: r.contract_id,
  listId: r.list_id,
  itemId: r.item_id,
  ownerOrg: r.owner_org,
  ownerOrgId: r.owner_org_id,
  ownerPerson: r.owner_person,
  officerId: r.officer_id,
  officerName: r.officer_name,
  dueOn: r.due_on,
  daysOverdue: num(r.days_overdue),
  amountFen: r.amount_fen === null || r.amount_fen === undefined ? null : num(r.amount_fen),
  status: r.status,
  waitingOn: r.waiting_on,
});

/** One page of overdue rows, sorted on the server, ties broken by kind, reference and id so pages never overlap. */
export async function overduePage(db: Db, s: Scope, f: OverdueFilter, page: { offset: number; limit: number }): Promise<{ rows: OverdueRow[]; total: number }> {
  const rows = rowsOf<RawOverdue>(
    await db.execute(sql`
      select x.kind, x.id, x.title, x.detail, x.ref, x.contract_id, x.list_id, x.item_id, x.owner_org, x.owner_org_id, x.owner_person,
             x.officer_id, x.officer_name, x.due_on::text as due_on, x.days_overdue, x.amount_fen, x.status, x.waiting_on, count(*) over () as total
      from (${overdueUnion(s)}) x
      where ${overdueWhere(f)}
      order by ${ORDER[f.sort ?? '-days']}, x.kind, x.ref, x.id
      limit ${page.limit} offset ${page.offset}`),
  );
  if (rows.length === 0 && page.offset > 0) {
    const [c] = rowsOf<{ n: unknown }>(await db.execute(sql`select count(*) as n from (${overdueUnion(s)}) x where ${overdueWhere(f)}`));
    return { rows: [], total: num(c?.n) };
  }
  return { rows: rows.map(present), total: num(rows[0]?.total) };
}

/** Overdue rows by kind, for the dashboard's counts. */
export async function overdueCounts(db: Db, s: Scope): Promise<Record<OverdueKind, number>> {
  const rows = rowsOf<{ kind: OverdueKind; n: unknown }>(await db.execute(sql`select x.kind, count(*) as n from (${overdueUnion(s)}) x group by x.kind`));
  const out: Record<OverdueKind, number> = { milestone: 0, order: 0, tranche: 0, item: 0 };
  for (const r of rows) out[r.kind] = num(r.n);
  return out;
}
