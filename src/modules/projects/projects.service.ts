import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import { organizationsTable as organizations } from '../registry/index.ts';
import { projectItems, projectKpis, projectLists, projectMilestones, projectStatusHistory, type HistorySource, type ProjectCategory, type ProjectStatus } from './projects.tables.ts';
import { effectiveStatus, evaluateItem, isIsoDate, isSlug, type Evaluation } from './projects.rules.ts';
import './projects.events.ts';

export type ListRow = typeof projectLists.$inferSelect;
export type ItemRow = typeof projectItems.$inferSelect;
export type MilestoneRow = typeof projectMilestones.$inferSelect;
export type KpiRow = typeof projectKpis.$inferSelect;
export type HistoryRow = typeof projectStatusHistory.$inferSelect;

export interface ListInput {
  nameZh: string;
  nameEn: string;
  ownerOffice: string;
  year: number;
  description: string;
}

export interface ItemInput {
  code: string;
  name: string;
  nameEn: string;
  category: ProjectCategory;
  responsibleOrgId: string | null;
  responsibleUnit: string;
  responsiblePerson: string;
  contactPhone: string | null;
  startDate: string;
  endDate: string;
  budgetFen: number | null;
  description: string;
  milestones: { name: string; plannedDate: string; actualDate: string | null }[];
  kpis: { name: string; unit: string; startValue: number; target: number; actual: number | null; dueDate: string }[];
}

export interface ItemView extends ItemRow {
  milestones: MilestoneRow[];
  kpis: KpiRow[];
}

export interface ItemDetail extends ItemView {
  evaluation: Evaluation;
  history: HistoryRow[];
  list: ListRow;
}

export interface ItemFilter {
  q?: string | undefined;
  status?: ProjectStatus[] | undefined;
  category?: ProjectCategory | undefined;
  unit?: string | undefined;
  overdue?: boolean | undefined;
  sort?: ItemSort | undefined;
}

export const ITEM_SORTS = ['code', '-code', 'status', 'endDate', '-endDate', '-overdue', 'nextDue'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export const STATUS_COUNTS_ZERO = (): Record<ProjectStatus, number> => ({ red: 0, amber: 0, green: 0, done: 0 });

const RULES_ACTOR = 'system:rules';
const severity = sql`case ${projectItems.status} when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end`;
const escapeLike = (s: string) => '%' + s.replace(/[%_\\]/g, '\\$&') + '%';

function sortOf(s: ItemSort | undefined): SQL[] {
  switch (s) {
    case '-code':
      return [desc(projectItems.code)];
    case 'status':
      return [asc(severity), desc(projectItems.overdueDays), asc(projectItems.code)];
    case 'endDate':
      return [asc(projectItems.endDate), asc(projectItems.code)];
    case '-endDate':
      return [desc(projectItems.endDate), asc(projectItems.code)];
    case '-overdue':
      return [desc(projectItems.overdueDays), asc(severity), asc(projectItems.code)];
    case 'nextDue':
      return [sql`${projectItems.nextDueDate} asc nulls last`, asc(projectItems.code)];
    default:
      return [asc(projectItems.code)];
  }
}

/** Key-project lists (清单化管理): lists, items with milestones and KPIs, computed and overridden status. */
export class ProjectService {
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  now(): Date {
    return this.clock.now();
  }

  // ---- lists ------------------------------------------------------------------------------

  private checkList(input: ListInput) {
    const errors: FieldError[] = [];
    if (!input.nameZh.trim()) errors.push({ path: 'nameZh', message: 'is required', zh: '请填写清单名称' });
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
  }

  private listValues(input: ListInput) {
    return { nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), ownerOffice: input.ownerOffice.trim(), year: input.year, description: input.description };
  }

  async createList(ctx: CommandContext, input: ListInput): Promise<ListRow> {
    this.checkList(input);
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx.insert(projectLists).values({ tenantId: ctx.tenantId, ...this.listValues(input), statusAsOf: this.today(), createdAt: this.now(), updatedAt: this.now() }).returning();
      await appendAudit(tx, ctx, { action: 'project_list.created', targetType: 'project_list', targetId: row!.id, summary: { nameZh: row!.nameZh, year: row!.year } });
      return row!;
    });
  }

  async updateList(ctx: CommandContext, id: string, input: ListInput): Promise<ListRow> {
    this.checkList(input);
    return inTransaction(this.db, async (tx) => {
      const before = await this.lockList(tx, ctx.tenantId, id);
      const values = this.listValues(input);
      const fields = Object.keys(values).filter((k) => values[k as keyof typeof values] !== before[k as keyof typeof values]);
      const [row] = await tx.update(projectLists).set({ ...values, updatedAt: this.now() }).where(eq(projectLists.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'project_list.updated', targetType: 'project_list', targetId: id, summary: { fields } });
      return row!;
    });
  }

  /** Publishing opens /public/projects/<slug>: items with their status, milestones and KPIs; no phone numbers. */
  async publish(ctx: CommandContext, id: string, slug: string): Promise<ListRow> {
    if (!isSlug(slug)) throw new AppError('VALIDATION_FAILED', 'slug: 3–64 lower-case letters, digits and hyphens', [{ path: 'slug', message: 'must be 3–64 lower-case letters, digits and hyphens', zh: '须为 3–64 位小写字母、数字或连字符' }]);
    return inTransaction(this.db, async (tx) => {
      await this.lockList(tx, ctx.tenantId, id);
      const [taken] = await tx.select({ id: projectLists.id }).from(projectLists).where(and(eq(projectLists.tenantId, ctx.tenantId), eq(projectLists.publicSlug, slug), ne(projectLists.id, id)));
      if (taken) throw new AppError('CONFLICT', 'another list uses this address', [{ path: 'slug', message: 'is used by another list', zh: '该地址已被另一份清单使用' }]);
      const [row] = await tx.update(projectLists).set({ published: true, publicSlug: slug, publishedAt: this.now(), updatedAt: this.now() }).where(eq(projectLists.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'project_list.published', targetType: 'project_list', targetId: id, summary: { slug } });
      return row!;
    });
  }

  async unpublish(ctx: CommandContext, id: string): Promise<ListRow> {
    return inTransaction(this.db, async (tx) => {
      const before = await this.lockList(tx, ctx.tenantId, id);
      if (!before.published) throw new AppError('INVALID_STATE', 'the list is not published');
      const [row] = await tx.update(projectLists).set({ published: false, updatedAt: this.now() }).where(eq(projectLists.id, id)).returning();
      await appendAudit(tx, ctx, { action: 'project_list.unpublished', targetType: 'project_list', targetId: id, summary: {} });
      return row!;
    });
  }

  private async lockList(tx: Db, tenantId: string, id: string): Promise<ListRow> {
    const [row] = await tx.select().from(projectLists).where(and(eq(projectLists.tenantId, tenantId), eq(projectLists.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'list not found');
    return row;
  }

  async getList(tenantId: string, id: string): Promise<ListRow> {
    await this.refresh(tenantId);
    const [row] = await this.db.select().from(projectLists).where(and(eq(projectLists.tenantId, tenantId), eq(projectLists.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'list not found');
    return row;
  }

  async publishedList(tenantId: string, slug: string): Promise<ListRow> {
    await this.refresh(tenantId);
    const [row] = await this.db.select().from(projectLists).where(and(eq(projectLists.tenantId, tenantId), eq(projectLists.publicSlug, slug), eq(projectLists.published, true)));
    if (!row) throw new AppError('NOT_FOUND', 'list not found');
    return row;
  }

  async listLists(tenantId: string, opts: { publishedOnly?: boolean } = {}): Promise<ListRow[]> {
    await this.refresh(tenantId);
    const conds = [eq(projectLists.tenantId, tenantId)];
    if (opts.publishedOnly) conds.push(eq(projectLists.published, true));
    return this.db.select().from(projectLists).where(and(...conds)).orderBy(desc(projectLists.year), asc(projectLists.nameZh));
  }

  /** Items by status and the distinct responsible units, per list. */
  async listFacts(tenantId: string, listIds: string[]) {
    const out = new Map<string, { counts: Record<ProjectStatus, number>; total: number; overdue: number; units: string[] }>();
    for (const id of listIds) out.set(id, { counts: STATUS_COUNTS_ZERO(), total: 0, overdue: 0, units: [] });
    if (!listIds.length) return out;
    const rows = await this.db
      .select({ listId: projectItems.listId, status: projectItems.status, unit: projectItems.responsibleUnit, n: sql<number>`count(*)::int`, late: sql<number>`count(*) filter (where ${projectItems.overdueDays} > 0)::int` })
      .from(projectItems)
      .where(and(eq(projectItems.tenantId, tenantId), inArray(projectItems.listId, listIds)))
      .groupBy(projectItems.listId, projectItems.status, projectItems.responsibleUnit);
    for (const r of rows) {
      const f = out.get(r.listId)!;
      f.counts[r.status] += Number(r.n);
      f.total += Number(r.n);
      f.overdue += Number(r.late);
      if (!f.units.includes(r.unit)) f.units.push(r.unit);
    }
    for (const f of out.values()) f.units.sort((a, b) => a.localeCompare(b, 'zh-CN'));
    return out;
  }

  // ---- computed status --------------------------------------------------------------------

  /**
   * Statuses depend on the date: each list records the Shanghai date it was evaluated for, and the first
   * read on a new day re-evaluates its items (writing history for every change) before answering.
   */
  async refresh(tenantId: string): Promise<void> {
    const today = this.today();
    const stale = await this.db
      .select({ id: projectLists.id })
      .from(projectLists)
      .where(and(eq(projectLists.tenantId, tenantId), sql`(${projectLists.statusAsOf} is null or ${projectLists.statusAsOf} <> ${today})`));
    for (const { id } of stale) {
      await inTransaction(this.db, async (tx) => {
        const [list] = await tx.select().from(projectLists).where(eq(projectLists.id, id)).for('update');
        if (!list || list.statusAsOf === today) return;
        const items = await this.itemsWithChildren(tx, tenantId, { listId: id });
        let changed = 0;
        for (const item of items) if (await this.applyEvaluation(tx, { tenantId, actorUserId: null, actorLabel: RULES_ACTOR, requestId: null }, item, today)) changed++;
        await tx.update(projectLists).set({ statusAsOf: today }).where(eq(projectLists.id, id));
        if (changed) await appendAudit(tx, { tenantId, actorUserId: null, actorLabel: RULES_ACTOR, requestId: null }, { action: 'project_list.statuses_refreshed', targetType: 'project_list', targetId: id, summary: { asOf: today, changed } });
      });
    }
  }

  /** Re-evaluates one item in the caller's transaction; writes its derived columns and, when the computed status changed, a history row. Returns whether the status changed. */
  async applyEvaluation(tx: Db, ctx: CommandContext, item: ItemView, today: string): Promise<boolean> {
    const ev = evaluateItem(item, today);
    const status = effectiveStatus(ev.status, item.overrideStatus);
    const statusChanged = ev.status !== item.computedStatus;
    if (statusChanged || ev.overdueDays !== item.overdueDays || ev.nextDueDate !== item.nextDueDate || status !== item.status) {
      await tx.update(projectItems).set({ computedStatus: ev.status, status, overdueDays: ev.overdueDays, nextDueDate: ev.nextDueDate }).where(eq(projectItems.id, item.id));
    }
    if (statusChanged) await this.addHistory(tx, ctx, item.id, 'computed', item.status, status, ev.status, ev.reasons.map((r) => r.zh).join('；') || null);
    return statusChanged;
  }

  async addHistory(tx: Db, ctx: CommandContext, itemId: string, source: HistorySource, from: ProjectStatus | null, to: ProjectStatus, computed: ProjectStatus, reason: string | null) {
    await tx.insert(projectStatusHistory).values({ tenantId: ctx.tenantId, itemId, source, fromStatus: from, toStatus: to, computedStatus: computed, reason, actorUserId: ctx.actorUserId, actorLabel: ctx.actorLabel, at: this.now() });
  }

  // ---- items ------------------------------------------------------------------------------

  async itemsWithChildren(db: Db, tenantId: string, where: { listId?: string; ids?: string[] }): Promise<ItemView[]> {
    const conds = [eq(projectItems.tenantId, tenantId)];
    if (where.listId) conds.push(eq(projectItems.listId, where.listId));
    if (where.ids) conds.push(inArray(projectItems.id, where.ids.length ? where.ids : ['00000000-0000-0000-0000-000000000000']));
    const items = await db.select().from(projectItems).where(and(...conds)).orderBy(asc(projectItems.code));
    return this.withChildren(db, items);
  }

  async withChildren(db: Db, items: ItemRow[]): Promise<ItemView[]> {
    if (!items.length) return [];
    const ids = items.map((i) => i.id);
    const [ms, ks] = await Promise.all([
      db.select().from(projectMilestones).where(inArray(projectMilestones.itemId, ids)).orderBy(asc(projectMilestones.position)),
      db.select().from(projectKpis).where(inArray(projectKpis.itemId, ids)).orderBy(asc(projectKpis.position)),
    ]);
    const byItem = <T extends { itemId: string }>(rows: T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) m.set(r.itemId, [...(m.get(r.itemId) ?? []), r]);
      return m;
    };
    const mm = byItem(ms);
    const km = byItem(ks);
    return items.map((i) => ({ ...i, milestones: mm.get(i.id) ?? [], kpis: km.get(i.id) ?? [] }));
  }

  itemConditions(tenantId: string, listId: string, f: ItemFilter): SQL[] {
    const conds: SQL[] = [eq(projectItems.tenantId, tenantId), eq(projectItems.listId, listId)];
    if (f.q) conds.push(or(ilike(projectItems.code, escapeLike(f.q)), ilike(projectItems.name, escapeLike(f.q)), ilike(projectItems.nameEn, escapeLike(f.q)), ilike(projectItems.responsiblePerson, escapeLike(f.q)))!);
    if (f.status?.length) conds.push(inArray(projectItems.status, f.status));
    if (f.category) conds.push(eq(projectItems.category, f.category));
    if (f.unit) conds.push(ilike(projectItems.responsibleUnit, escapeLike(f.unit)));
    if (f.overdue === true) conds.push(sql`${projectItems.overdueDays} > 0`);
    if (f.overdue === false) conds.push(sql`${projectItems.overdueDays} = 0`);
    return conds;
  }

  async listItems(tenantId: string, listId: string, f: ItemFilter, page: { offset: number; limit: number }): Promise<{ items: ItemView[]; total: number }> {
    await this.getList(tenantId, listId);
    const where = and(...this.itemConditions(tenantId, listId, f));
    const [rows, total] = await Promise.all([
      this.db.select().from(projectItems).where(where).orderBy(...sortOf(f.sort)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(projectItems).where(where),
    ]);
    return { items: await this.withChildren(this.db, rows), total: Number(total[0]?.n ?? 0) };
  }

  /** Every matching item in order, page by page (exports, the Gantt view). */
  async *allItems(tenantId: string, listId: string, f: ItemFilter, pageSize = 500): AsyncGenerator<ItemView[]> {
    await this.getList(tenantId, listId);
    const where = and(...this.itemConditions(tenantId, listId, f));
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.db.select().from(projectItems).where(where).orderBy(...sortOf(f.sort), asc(projectItems.id)).limit(pageSize).offset(offset);
      if (rows.length) yield await this.withChildren(this.db, rows);
      if (rows.length < pageSize) return;
    }
  }

  async getItem(tenantId: string, id: string): Promise<ItemDetail> {
    await this.refresh(tenantId);
    const [row] = await this.db.select().from(projectItems).where(and(eq(projectItems.tenantId, tenantId), eq(projectItems.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'item not found');
    const [[view], history, [list]] = await Promise.all([
      this.withChildren(this.db, [row]),
      this.db.select().from(projectStatusHistory).where(eq(projectStatusHistory.itemId, id)).orderBy(desc(projectStatusHistory.seq)),
      this.db.select().from(projectLists).where(eq(projectLists.id, row.listId)),
    ]);
    return { ...view!, evaluation: evaluateItem(view!, this.today()), history, list: list! };
  }

  /** Field checks; the responsible organisation must exist in the tenant. Runs before any transaction. */
  async checkItem(tenantId: string, input: ItemInput, db: Db = this.db): Promise<void> {
    const errors = itemErrors(input);
    if (input.responsibleOrgId) {
      const [o] = await db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, tenantId), eq(organizations.id, input.responsibleOrgId)));
      if (!o) errors.push({ path: 'responsibleOrgId', message: 'names an organisation that does not exist', zh: '机构不存在' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
  }

  async createItem(ctx: CommandContext, listId: string, input: ItemInput): Promise<ItemDetail> {
    await this.checkItem(ctx.tenantId, input);
    const id = await inTransaction(this.db, async (tx) => {
      await this.lockList(tx, ctx.tenantId, listId);
      const item = await this.insertItem(tx, ctx, listId, input);
      await appendAudit(tx, ctx, { action: 'project_item.created', targetType: 'project_item', targetId: item.id, summary: { listId, code: item.code, status: item.status } });
      return item.id;
    });
    return this.getItem(ctx.tenantId, id);
  }

  async updateItem(ctx: CommandContext, id: string, input: ItemInput): Promise<ItemDetail> {
    await this.checkItem(ctx.tenantId, input);
    await inTransaction(this.db, async (tx) => {
      const [before] = await tx.select().from(projectItems).where(and(eq(projectItems.tenantId, ctx.tenantId), eq(projectItems.id, id))).for('update');
      if (!before) throw new AppError('NOT_FOUND', 'item not found');
      const [view] = await this.withChildren(tx, [before]);
      const after = await this.replaceItem(tx, ctx, view!, input);
      await appendAudit(tx, ctx, { action: 'project_item.updated', targetType: 'project_item', targetId: id, summary: { fields: changedFields(view!, input), status: after.status } });
    });
    return this.getItem(ctx.tenantId, id);
  }

  /** Inserts an item with its children and first computed status (history row included), in the caller's transaction. */
  async insertItem(tx: Db, ctx: CommandContext, listId: string, input: ItemInput): Promise<ItemRow> {
    const [dup] = await tx.select({ id: projectItems.id }).from(projectItems).where(and(eq(projectItems.listId, listId), eq(projectItems.code, input.code.trim())));
    if (dup) throw new AppError('CONFLICT', 'an item of this list has this code', [{ path: 'code', message: 'is used by another item of the list', zh: '清单中已有该编号的项目' }]);
    const ev = evaluateItem(input, this.today());
    const [row] = await tx
      .insert(projectItems)
      .values({ tenantId: ctx.tenantId, listId, ...itemValues(input), computedStatus: ev.status, status: ev.status, overdueDays: ev.overdueDays, nextDueDate: ev.nextDueDate, createdAt: this.now(), updatedAt: this.now() })
      .returning();
    await this.writeChildren(tx, row!.id, input);
    await this.addHistory(tx, ctx, row!.id, 'computed', null, ev.status, ev.status, ev.reasons.map((r) => r.zh).join('；') || null);
    return row!;
  }

  /** Replaces an item's fields and children and re-evaluates it, in the caller's transaction. */
  async replaceItem(tx: Db, ctx: CommandContext, before: ItemView, input: ItemInput): Promise<ItemRow> {
    if (input.code.trim() !== before.code) {
      const [dup] = await tx.select({ id: projectItems.id }).from(projectItems).where(and(eq(projectItems.listId, before.listId), eq(projectItems.code, input.code.trim())));
      if (dup) throw new AppError('CONFLICT', 'an item of this list has this code', [{ path: 'code', message: 'is used by another item of the list', zh: '清单中已有该编号的项目' }]);
    }
    await tx.update(projectItems).set({ ...itemValues(input), updatedAt: this.now() }).where(eq(projectItems.id, before.id));
    await this.writeChildren(tx, before.id, input);
    const [fresh] = await this.itemsWithChildren(tx, ctx.tenantId, { ids: [before.id] });
    await this.applyEvaluation(tx, ctx, fresh!, this.today());
    const [row] = await tx.select().from(projectItems).where(eq(projectItems.id, before.id));
    return row!;
  }

  private async writeChildren(tx: Db, itemId: string, input: ItemInput) {
    await tx.delete(projectMilestones).where(eq(projectMilestones.itemId, itemId));
    await tx.delete(projectKpis).where(eq(projectKpis.itemId, itemId));
    if (input.milestones.length) await tx.insert(projectMilestones).values(input.milestones.map((m, position) => ({ itemId, position, name: m.name.trim(), plannedDate: m.plannedDate, actualDate: m.actualDate })));
    if (input.kpis.length) await tx.insert(projectKpis).values(input.kpis.map((k, position) => ({ itemId, position, name: k.name.trim(), unit: k.unit.trim(), startValue: k.startValue, target: k.target, actual: k.actual, dueDate: k.dueDate })));
  }

  // ---- overrides --------------------------------------------------------------------------

  /** An officer sets the status against the rules; only with a reason, which is shown beside the status. */
  async overrideStatus(ctx: CommandContext, id: string, status: ProjectStatus, reason: string): Promise<ItemDetail> {
    const why = reason.trim();
    if (!why) throw new AppError('STATUS_REASON_REQUIRED', 'a status override needs a reason', [{ path: 'reason', message: 'is required: say why the status differs from the rules', zh: '请填写调整理由：说明为何与规则计算的状态不同' }]);
    await inTransaction(this.db, async (tx) => {
      const [item] = await tx.select().from(projectItems).where(and(eq(projectItems.tenantId, ctx.tenantId), eq(projectItems.id, id))).for('update');
      if (!item) throw new AppError('NOT_FOUND', 'item not found');
      await tx.update(projectItems).set({ overrideStatus: status, overrideReason: why, overrideBy: ctx.actorUserId, overrideByLabel: ctx.actorLabel, overrideAt: this.now(), status, updatedAt: this.now() }).where(eq(projectItems.id, id));
      await this.addHistory(tx, ctx, id, 'override', item.status, status, item.computedStatus, why);
      await appendAudit(tx, ctx, { action: 'project_item.status_overridden', targetType: 'project_item', targetId: id, summary: { from: item.status, to: status, computed: item.computedStatus, reason: why } });
    });
    return this.getItem(ctx.tenantId, id);
  }

  /** Back to the rules' status. */
  async clearOverride(ctx: CommandContext, id: string, reason: string | null): Promise<ItemDetail> {
    const why = reason?.trim() || null;
    await inTransaction(this.db, async (tx) => {
      const [item] = await tx.select().from(projectItems).where(and(eq(projectItems.tenantId, ctx.tenantId), eq(projectItems.id, id))).for('update');
      if (!item) throw new AppError('NOT_FOUND', 'item not found');
      if (item.overrideStatus === null) throw new AppError('INVALID_STATE', 'the status is not overridden');
      await tx.update(projectItems).set({ overrideStatus: null, overrideReason: null, overrideBy: null, overrideByLabel: null, overrideAt: null, status: item.computedStatus, updatedAt: this.now() }).where(eq(projectItems.id, id));
      await this.addHistory(tx, ctx, id, 'override_cleared', item.status, item.computedStatus, item.computedStatus, why);
      await appendAudit(tx, ctx, { action: 'project_item.override_cleared', targetType: 'project_item', targetId: id, summary: { from: item.status, to: item.computedStatus, reason: why } });
    });
    return this.getItem(ctx.tenantId, id);
  }
}

export function itemValues(input: ItemInput) {
  return {
    code: input.code.trim(),
    name: input.name.trim(),
    nameEn: input.nameEn.trim(),
    category: input.category,
    responsibleOrgId: input.responsibleOrgId,
    responsibleUnit: input.responsibleUnit.trim(),
    responsiblePerson: input.responsiblePerson.trim(),
    contactPhone: input.contactPhone?.trim() || null,
    startDate: input.startDate,
    endDate: input.endDate,
    budgetFen: input.budgetFen === null ? null : BigInt(input.budgetFen),
    description: input.description,
  };
}

/** The item as input again, for comparing a row of an import with what is stored. */
export function inputOf(v: ItemView): ItemInput {
  return {
    code: v.code,
    name: v.name,
    nameEn: v.nameEn,
    category: v.category,
    responsibleOrgId: v.responsibleOrgId,
    responsibleUnit: v.responsibleUnit,
    responsiblePerson: v.responsiblePerson,
    contactPhone: v.contactPhone,
    startDate: v.startDate,
    endDate: v.endDate,
    budgetFen: v.budgetFen === null ? null : Number(v.budgetFen),
    description: v.description,
    milestones: v.milestones.map((m) => ({ name: m.name, plannedDate: m.plannedDate, actualDate: m.actualDate })),
    kpis: v.kpis.map((k) => ({ name: k.name, unit: k.unit, startValue: k.startValue, target: k.target, actual: k.actual, dueDate: k.dueDate })),
  };
}

function normalized(i: ItemInput): Record<string, string> {
  const v = { ...itemValues(i), budgetFen: i.budgetFen === null ? null : String(i.budgetFen) };
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = JSON.stringify(x);
  out.milestones = JSON.stringify(i.milestones.map((m) => [m.name.trim(), m.plannedDate, m.actualDate]));
  out.kpis = JSON.stringify(i.kpis.map((k) => [k.name.trim(), k.unit.trim(), k.startValue, k.target, k.actual, k.dueDate]));
  return out;
}

/** The fields that differ between a stored item and an input (empty: the input changes nothing). */
export function changedFields(before: ItemView, input: ItemInput): string[] {
  const a = normalized(inputOf(before));
  const b = normalized(input);
  return Object.keys(b).filter((k) => a[k] !== b[k]);
}

export function itemErrors(input: ItemInput): FieldError[] {
  const errors: FieldError[] = [];
  const req = (path: 'code' | 'name' | 'responsibleUnit' | 'responsiblePerson', zh: string) => {
    if (!input[path].trim()) errors.push({ path, message: 'is required', zh });
  };
  req('code', '请填写项目编号');
  req('name', '请填写项目名称');
  req('responsibleUnit', '请填写责任单位');
  req('responsiblePerson', '请填写责任人');
  const date = (path: string, v: string) => {
    if (!isIsoDate(v)) errors.push({ path, message: 'must be a date YYYY-MM-DD', zh: '须为有效日期（YYYY-MM-DD）' });
  };
  date('startDate', input.startDate);
  date('endDate', input.endDate);
  if (isIsoDate(input.startDate) && isIsoDate(input.endDate) && input.endDate < input.startDate) errors.push({ path: 'endDate', message: 'is before startDate', zh: '完成日期早于开始日期' });
  const names = (list: { name: string }[], path: string) =>
    list.forEach((x, i) => {
      if (!x.name.trim()) errors.push({ path: `${path}/${i}/name`, message: 'is required', zh: '请填写名称' });
      else if (list.findIndex((y) => y.name.trim() === x.name.trim()) !== i) errors.push({ path: `${path}/${i}/name`, message: 'appears twice', zh: '名称重复' });
    });
  names(input.milestones, 'milestones');
  names(input.kpis, 'kpis');
  input.milestones.forEach((m, i) => {
    date(`milestones/${i}/plannedDate`, m.plannedDate);
    if (m.actualDate !== null) date(`milestones/${i}/actualDate`, m.actualDate);
  });
  input.kpis.forEach((k, i) => {
    date(`kpis/${i}/dueDate`, k.dueDate);
    for (const f of ['startValue', 'target', 'actual'] as const) {
      const v = k[f];
      if (v !== null && !Number.isFinite(v)) errors.push({ path: `kpis/${i}/${f}`, message: 'must be a number', zh: '须为数字' });
    }
  });
  return errors;
}
