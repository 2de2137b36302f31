import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import type { CommandContext } from '../../platform/audit/audit.service.ts';
import type { TenantRow, UserWithRoles } from '../../platform/auth/auth.service.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { ItemInput, ProjectService } from './projects.service.ts';
import type { ProjectPlanService } from './projects.plan.ts';
import { readSheet } from './projects.sheet.ts';
import { creditCodeFrom } from '../../seed/demo.ts';

// 2025-06-15 10:00 Beijing time.
const clock = new FixedClock(new Date('2025-06-15T02:00:00Z'));
let env: TestEnv;
let svc: ProjectService;
let plan: ProjectPlanService;
let tenant: TenantRow;
let officer: UserWithRoles;
let ctx: CommandContext;
let listId: string;
let proteinCenter: string;

function input(over: Partial<ItemInput> = {}): ItemInput {
  return {
    code: 'CP-001',
    name: '中关村生命科学园三期',
    nameEn: 'Life Science Park phase III',
    category: 'construction',
    responsibleOrgId: null,
    responsibleUnit: '昌平区重点工程建设管理中心',
    responsiblePerson: '王建国',
    contactPhone: '010-89741234',
    startDate: '2025-01-01',
    endDate: '2025-12-31',
    budgetFen: 12_500_000_000,
    description: '',
    milestones: [{ name: '主体结构封顶', plannedDate: '2025-09-30', actualDate: null }],
    kpis: [{ name: '建筑面积', unit: '万平方米', startValue: 0, target: 10, actual: 5, dueDate: '2025-12-31' }],
    ...over,
  };
}

async function count(table: string): Promise<number> {
  const [r] = await env.services.database.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1`, [tenant.id]);
  return Number(r!.n);
}

async function auditCount(): Promise<number> {
  return count('audit_events');
}

beforeAll(async () => {
  env = await testEnv({ clock });
  svc = env.services.projects;
  plan = env.services.projectPlans;
  tenant = await env.tenant();
  officer = await env.user(tenant, ['officer']);
  ctx = { tenantId: tenant.id, actorUserId: officer.id, actorLabel: officer.email, requestId: null };
  proteinCenter = (await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('12110114MB0000009'), nameZh: '国家蛋白质科学中心（北京）', shortName: '蛋白质中心', type: 'platform' })).id;
  listId = (await svc.createList(ctx, { nameZh: '2025年昌平区重点科技项目', nameEn: 'Changping key projects 2025', ownerOffice: '昌平区科委', year: 2025, description: '' })).id;
});
afterAll(() => env.close());

describe('items and their status', () => {
  it('computes the status on creation and records it as the first history row', async () => {
    const d = await svc.createItem(ctx, listId, input());
    expect(d.status).toBe('green');
    expect(d.history.map((h) => [h.source, h.fromStatus, h.toStatus])).toEqual([['computed', null, 'green']]);
  });

  it('refuses an override without a reason with its own code, and writes nothing', async () => {
    const { items } = await svc.listItems(tenant.id, listId, {}, { offset: 0, limit: 10 });
    const id = items[0]!.id;
    const before = { audit: await auditCount(), history: await count('project_status_history') };
    await expect(svc.overrideStatus(ctx, id, 'red', '   ')).rejects.toMatchObject({ code: 'STATUS_REASON_REQUIRED', errors: [{ path: 'reason' }] });
    expect({ audit: await auditCount(), history: await count('project_status_history') }).toEqual(before);
    expect((await svc.getItem(tenant.id, id)).status).toBe('green');
    // The database refuses one too, whatever the caller.
    await expect(env.services.database.query(`update project_items set override_status = 'red', override_reason = '' where id = $1`, [id])).rejects.toThrow(/project_items_override_reason/);
  });

  it('keeps an override with its reason beside the computed status, and clears it back to the rules', async () => {
    const { items } = await svc.listItems(tenant.id, listId, {}, { offset: 0, limit: 10 });
    const id = items[0]!.id;
    const o = await svc.overrideStatus(ctx, id, 'amber', '施工许可延迟，区政府已协调');
    expect(o).toMatchObject({ status: 'amber', computedStatus: 'green', overrideStatus: 'amber', overrideReason: '施工许可延迟，区政府已协调' });
    expect(o.history[0]).toMatchObject({ source: 'override', fromStatus: 'green', toStatus: 'amber', reason: '施工许可延迟，区政府已协调', actorLabel: officer.email });
    const c = await svc.clearOverride(ctx, id, '问题已解决');
    expect(c).toMatchObject({ status: 'green', overrideStatus: null });
    expect(c.history.map((h) => h.source)).toEqual(['override_cleared', 'override', 'computed']);
    await expect(svc.clearOverride(ctx, id, null)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('re-evaluates on the first read of a new day and records the change', async () => {
    const d = await svc.createItem(ctx, listId, input({ code: 'CP-002', milestones: [{ name: '设备进场', plannedDate: '2025-07-10', actualDate: null }], kpis: [] }));
    expect(d.status).toBe('green');
    // 40 days later the milestone is 15 days late: amber; the first read of the day notices.
    clock.set(new Date('2025-07-25T02:00:00Z'));
    const later = await svc.getItem(tenant.id, d.id);
    expect(later).toMatchObject({ status: 'amber', overdueDays: 15 });
    expect(later.history[0]).toMatchObject({ source: 'computed', fromStatus: 'green', toStatus: 'amber', actorLabel: 'system:rules' });
    expect(later.history[0]!.reason).toContain('逾期 15 天');
    const overdue = await svc.listItems(tenant.id, listId, { overdue: true }, { offset: 0, limit: 10 });
    expect(overdue.items.map((i) => i.code)).toEqual(['CP-002']);
    const o = await plan.overview(tenant.id);
    expect(o.overdue).toEqual([expect.objectContaining({ code: 'CP-002', milestone: '设备进场', daysLate: 15, responsiblePerson: '王建国' })]);
    clock.set(new Date('2025-06-15T02:00:00Z'));
  });
});

describe('baselines', () => {
  it('compare the plan then with the plan now', async () => {
    const b = await plan.createBaseline(ctx, listId, '年初计划', '');
    await expect(plan.createBaseline(ctx, listId, '年初计划', '')).rejects.toMatchObject({ code: 'CONFLICT' });
    const { items } = await svc.listItems(tenant.id, listId, { q: 'CP-001' }, { offset: 0, limit: 1 });
    await svc.updateItem(ctx, items[0]!.id, input({ endDate: '2026-03-31', milestones: [{ name: '主体结构封顶', plannedDate: '2025-11-14', actualDate: null }], kpis: [{ name: '建筑面积', unit: '万平方米', startValue: 0, target: 12, actual: 5, dueDate: '2025-12-31' }] }));
    const c = await plan.compare(tenant.id, b.id);
    expect(c.rows[0]).toMatchObject({ code: 'CP-001', change: 'changed', endSlipDays: 90, milestones: [{ name: '主体结构封顶', slipDays: 45 }], kpis: [{ baselineTarget: 10, currentTarget: 12, changed: true }] });
    expect(c.rows.find((r) => r.code === 'CP-002')!.change).toBe('same');
  });
});

describe('spreadsheet import', () => {
  const header = ['项目编号', '项目名称', '类别', '责任单位', '责任人', '开始日期', '完成日期', '总投资（万元）', '里程碑', '考核指标'];
  const good = ['CP-101', '国家蛋白质科学中心设施升级', '平台建设', '国家蛋白质科学中心（北京）', '李华', '2025-01-01', '2026-06-30', '8000', '设备采购 | 2025-10-31 |', '开放机时 | 小时 | 0 | 20000 | 6000 | 2026-06-30'];
  const csv = (rows: string[][]) => Buffer.from(stringify(rows, { bom: true }), 'utf8');

  it('reports row-level errors and writes nothing when any row is wrong', async () => {
    const before = { items: await count('project_items'), audit: await auditCount() };
    const file = { name: 'list.csv', data: csv([header, good, ['CP-102', '坏行', '建设工程', '某单位', '张三', '2025-13-01', '2025-12-31', 'abc', '', '']]) };
    const dry = await plan.importSheet(ctx, listId, file, true);
    expect(dry).toMatchObject({ dryRun: true, rows: 2, inserted: 1 });
    expect(dry.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '开始日期'],
      [3, '总投资（万元）'],
    ]);
    await expect(plan.importSheet(ctx, listId, file, false)).rejects.toMatchObject({ code: 'IMPORT_HAS_ERRORS' });
    expect({ items: await count('project_items'), audit: await auditCount() }).toEqual(before);
  });

  it('imports a good file all at once, linking registry organisations, and a second import changes nothing', async () => {
    const file = { name: 'list.csv', data: csv([header, good, ['CP-001', '中关村生命科学园三期', '建设工程', '昌平区重点工程建设管理中心', '王建国', '2025-01-01', '2026-03-31', '12500', '主体结构封顶 | 2025-11-14 |', '建筑面积 | 万平方米 | 0 | 12 | 5 | 2025-12-31']]) };
    const first = await plan.importSheet(ctx, listId, file, false);
    expect(first).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, errors: [] });
    const again = await plan.importSheet(ctx, listId, file, false);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const { items } = await svc.listItems(tenant.id, listId, { q: 'CP-101' }, { offset: 0, limit: 1 });
    expect(items[0]).toMatchObject({ responsibleOrgId: proteinCenter, budgetFen: 8_000_000_000n, milestones: [{ name: '设备采购' }], kpis: [{ name: '开放机时', target: 20000, actual: 6000 }] });
  });

  it('exports what it imports', async () => {
    const f = await plan.exportSheet(tenant.id, listId, { sort: 'code' }, 'xlsx');
    const rows = await readSheet(f.data, 'xlsx');
    expect(rows[0]!.cells[0]).toBe('项目编号');
    const again = await plan.importSheet(ctx, listId, { name: 'export.xlsx', data: f.data }, true);
    expect(again).toMatchObject({ errors: [], inserted: 0, updated: 0, unchanged: 3 });
  });
});
