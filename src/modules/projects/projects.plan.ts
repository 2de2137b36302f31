import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import { organizationsTable as organizations } from '../registry/index.ts';
import { projectBaselines, projectItems, projectLists, projectMilestones, type BaselineItem, type ProjectStatus } from './projects.tables.ts';
import { compareToBaseline, daysBetween } from './projects.rules.ts';
import { CATEGORY_LABELS, fenToWan, formatKpis, formatMilestones, parseSheet, type ImportRowError } from './projects.import.ts';
import { readSheet, sheetFormat, writeSheet, type SheetFormat } from './projects.sheet.ts';
import { changedFields, STATUS_COUNTS_ZERO, type ItemFilter, type ItemInput, type ItemView, type ProjectService } from './projects.service.ts';

export type BaselineRow = typeof projectBaselines.$inferSelect;

export interface ImportOutcome {
  dryRun: boolean;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  ignoredColumns: string[];
}

export interface OverdueMilestone {
  itemId: string;
  listId: string;
  listName: string;
  code: string;
  itemName: string;
  milestone: string;
  plannedDate: string;
  daysLate: number;
  status: ProjectStatus;
  responsibleUnit: string;
  responsiblePerson: string;
}

function planOf(i: ItemView): BaselineItem {
  return {
    code: i.code,
    name: i.name,
    startDate: i.startDate,
    endDate: i.endDate,
    milestones: i.milestones.map((m) => ({ name: m.name, plannedDate: m.plannedDate })),
    kpis: i.kpis.map((k) => ({ name: k.name, unit: k.unit, target: k.target, dueDate: k.dueDate })),
  };
}

/** Baselines, spreadsheet import and export, and the officers' overview of key-project lists. */
export class ProjectPlanService {
  constructor(
    private readonly db: Db,
    private readonly core: ProjectService,
  ) {}

  // ---- baselines --------------------------------------------------------------------------

  async createBaseline(ctx: CommandContext, listId: string, name: string, note: string): Promise<BaselineRow> {
    const label = name.trim();
    if (!label) throw new AppError('VALIDATION_FAILED', 'name is required', [{ path: 'name', message: 'is required', zh: '请填写基线名称' }]);
    return inTransaction(this.db, async (tx) => {
      const [list] = await tx.select().from(projectLists).where(and(eq(projectLists.tenantId, ctx.tenantId), eq(projectLists.id, listId))).for('update');
      if (!list) throw new AppError('NOT_FOUND', 'list not found');
      const [dup] = await tx.select({ id: projectBaselines.id }).from(projectBaselines).where(and(eq(projectBaselines.listId, listId), eq(projectBaselines.name, label)));
      if (dup) throw new AppError('CONFLICT', 'a baseline of this list has this name', [{ path: 'name', message: 'is used by another baseline', zh: '已有同名基线' }]);
      const items = (await this.core.itemsWithChildren(tx, ctx.tenantId, { listId })).map(planOf);
      const [row] = await tx.insert(projectBaselines).values({ tenantId: ctx.tenantId, listId, name: label, note: note.trim(), items, createdBy: ctx.actorUserId, createdByLabel: ctx.actorLabel, createdAt: this.core.now() }).returning();
      await appendAudit(tx, ctx, { action: 'project_baseline.created', targetType: 'project_baseline', targetId: row!.id, summary: { listId, name: label, items: items.length } });
      return row!;
    });
  }

  async listBaselines(tenantId: string, listId: string): Promise<BaselineRow[]> {
    await this.core.getList(tenantId, listId);
    return this.db.select().from(projectBaselines).where(and(eq(projectBaselines.tenantId, tenantId), eq(projectBaselines.listId, listId))).orderBy(desc(projectBaselines.createdAt));
  }

  async getBaseline(tenantId: string, id: string): Promise<BaselineRow> {
    const [row] = await this.db.select().from(projectBaselines).where(and(eq(projectBaselines.tenantId, tenantId), eq(projectBaselines.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'baseline not found');
    return row;
  }

  /** The plan of the baseline against the plan now; items that changed first, then by code. */
  async compare(tenantId: string, id: string) {
    const baseline = await this.getBaseline(tenantId, id);
    const current = (await this.core.itemsWithChildren(this.db, tenantId, { listId: baseline.listId })).map(planOf);
    const rows = compareToBaseline(baseline.items, current);
    const order = { changed: 0, added: 1, removed: 2, same: 3 } as const;
    rows.sort((a, b) => order[a.change] - order[b.change] || a.code.localeCompare(b.code));
    return { baseline, rows };
  }

  // ---- Gantt ------------------------------------------------------------------------------

  /** Bars and milestones of every matching item, with the baseline's dates as ghost bars when one is named. */
  async gantt(tenantId: string, listId: string, f: ItemFilter, baselineId: string | undefined) {
    const baseline = baselineId ? await this.getBaseline(tenantId, baselineId) : null;
    if (baseline && baseline.listId !== listId) throw new AppError('NOT_FOUND', 'baseline not found');
    const byCode = new Map((baseline?.items ?? []).map((b) => [b.code, b]));
    const items: (ItemView & { baseline: BaselineItem | null })[] = [];
    for await (const page of this.core.allItems(tenantId, listId, f)) for (const i of page) items.push({ ...i, baseline: byCode.get(i.code) ?? null });
    return { today: this.core.today(), baseline, items };
  }

  // ---- import and export ------------------------------------------------------------------

  /**
   * Checks a spreadsheet of items and, unless it is a dry run, writes it: all rows or none. Rows are
   * matched to items by code; a row equal to its item changes nothing, so importing a file twice is harmless.
   */
  async importSheet(ctx: CommandContext, listId: string, file: { name: string; data: Buffer }, dryRun: boolean): Promise<ImportOutcome> {
    await this.core.getList(ctx.tenantId, listId);
    const format = sheetFormat(file.data, file.name);
    const parsed = parseSheet(await readSheet(file.data, format));
    const orgIds = await this.organizationsByName(ctx.tenantId, parsed.rows.map((r) => r.item.responsibleUnit));
    const existing = new Map((await this.core.itemsWithChildren(this.db, ctx.tenantId, { listId })).map((i) => [i.code, i]));
    const plan = parsed.rows.map(({ row, item }) => {
      const input: ItemInput = { ...item, responsibleOrgId: orgIds.get(item.responsibleUnit) ?? null };
      const before = existing.get(input.code);
      return { row, input, before, action: !before ? ('insert' as const) : changedFields(before, input).length ? ('update' as const) : ('unchanged' as const) };
    });
    const outcome: ImportOutcome = {
      dryRun,
      rows: parsed.rows.length + new Set(parsed.errors.filter((e) => e.row > 1).map((e) => e.row)).size,
      inserted: plan.filter((p) => p.action === 'insert').length,
      updated: plan.filter((p) => p.action === 'update').length,
      unchanged: plan.filter((p) => p.action === 'unchanged').length,
      errors: parsed.errors,
      ignoredColumns: parsed.ignoredColumns,
    };
    if (dryRun) return outcome;
    if (parsed.errors.length) {
      throw new AppError(
        'IMPORT_HAS_ERRORS',
        `${parsed.errors.length} problems in the file; nothing was written`,
        parsed.errors.slice(0, 50).map((e) => ({ path: `row ${e.row}${e.column ? ` ${e.column}` : ''}`, message: e.en, zh: `第 ${e.row} 行${e.column ? `「${e.column}」` : ''}：${e.zh}` })),
      );
    }
    await inTransaction(this.db, async (tx) => {
      const [list] = await tx.select().from(projectLists).where(and(eq(projectLists.tenantId, ctx.tenantId), eq(projectLists.id, listId))).for('update');
      if (!list) throw new AppError('NOT_FOUND', 'list not found');
      for (const p of plan) {
        if (p.action === 'insert') await this.core.insertItem(tx, ctx, listId, p.input);
        else if (p.action === 'update') await this.core.replaceItem(tx, ctx, p.before!, p.input);
      }
      await appendAudit(tx, ctx, { action: 'project_list.imported', targetType: 'project_list', targetId: listId, summary: { fileName: file.name, inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged } });
    });
    return outcome;
  }

  /** Registry organisations whose Chinese name or short name is exactly the responsible unit's. */
  private async organizationsByName(tenantId: string, names: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(names)];
    if (!unique.length) return new Map();
    const rows = await this.db
      .select({ id: organizations.id, nameZh: organizations.nameZh, shortName: organizations.shortName })
      .from(organizations)
      .where(and(eq(organizations.tenantId, tenantId), or(inArray(organizations.nameZh, unique), inArray(organizations.shortName, unique))));
    const out = new Map<string, string>();
    for (const r of rows) {
      if (unique.includes(r.nameZh)) out.set(r.nameZh, r.id);
      if (r.shortName && unique.includes(r.shortName) && !out.has(r.shortName)) out.set(r.shortName, r.id);
    }
    return out;
  }

  /** The matching items in the import's columns, so an exported file can be edited and imported again. */
  async exportSheet(tenantId: string, listId: string, f: ItemFilter, format: SheetFormat): Promise<{ data: Buffer; filename: string; list: string }> {
    const list = await this.core.getList(tenantId, listId);
    const rows: (string | number | null)[][] = [];
    for await (const page of this.core.allItems(tenantId, listId, f)) {
      for (const i of page) {
        rows.push([
          i.code,
          i.name,
          i.nameEn || null,
          CATEGORY_LABELS[i.category].zh,
          i.responsibleUnit,
          i.responsiblePerson,
          i.contactPhone,
          i.startDate,
          i.endDate,
          i.budgetFen === null ? null : fenToWan(i.budgetFen),
          i.description || null,
          formatMilestones(i.milestones) || null,
          formatKpis(i.kpis) || null,
        ]);
      }
    }
    return { data: await writeSheet(format, list.nameZh, rows), filename: `${list.nameZh}.${format}`, list: list.nameZh };
  }

  // ---- overview ---------------------------------------------------------------------------

  /** For the officers' dashboard: items by status over all lists, and open milestones past their date with who owns them. */
  async overview(tenantId: string, limit = 50) {
    await this.core.refresh(tenantId);
    const today = this.core.today();
    const counts = STATUS_COUNTS_ZERO();
    const byStatus = await this.db.select({ status: projectItems.status, n: sql<number>`count(*)::int` }).from(projectItems).where(eq(projectItems.tenantId, tenantId)).groupBy(projectItems.status);
    for (const r of byStatus) counts[r.status] = Number(r.n);
    const lateWhere = and(eq(projectItems.tenantId, tenantId), sql`${projectMilestones.actualDate} is null`, sql`${projectMilestones.plannedDate} < ${today}`);
    const [late, total] = await Promise.all([
      this.db
        .select({ m: projectMilestones, i: projectItems, listName: projectLists.nameZh })
        .from(projectMilestones)
        .innerJoin(projectItems, eq(projectItems.id, projectMilestones.itemId))
        .innerJoin(projectLists, eq(projectLists.id, projectItems.listId))
        .where(lateWhere)
        .orderBy(asc(projectMilestones.plannedDate), asc(projectItems.code))
        .limit(limit),
      this.db.select({ n: sql<number>`count(*)::int` }).from(projectMilestones).innerJoin(projectItems, eq(projectItems.id, projectMilestones.itemId)).where(lateWhere),
    ]);
    const overdue: OverdueMilestone[] = late.map((r) => ({
      itemId: r.i.id,
      listId: r.i.listId,
      listName: r.listName,
      code: r.i.code,
      itemName: r.i.name,
      milestone: r.m.name,
      plannedDate: r.m.plannedDate,
      daysLate: daysBetween(r.m.plannedDate, today),
      status: r.i.status,
      responsibleUnit: r.i.responsibleUnit,
      responsiblePerson: r.i.responsiblePerson,
    }));
    return { today, counts, overdue, overdueTotal: Number(total[0]?.n ?? 0) };
  }
}
