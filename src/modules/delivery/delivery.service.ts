import type { Actor } from '../../platform/auth/policy.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { ProjectService } from '../projects/index.ts';
import {
  challengeExists,
  contractsByStatus,
  itemsByListAndStatus,
  listExists,
  milestonesByStatus,
  money,
  overdueCounts,
  overduePage,
  type OverdueFilter,
  type OverdueRow,
  type Scope,
} from './delivery.queries.ts';
import { monthSeries, scopeOf } from './delivery.rules.ts';

export interface DeliveryFilter {
  officer?: 'me' | 'all' | undefined;
  challengeId?: string | undefined;
  listId?: string | undefined;
}

const CONTRACT_STATUSES = ['pending', 'active', 'completed', 'terminated'] as const;
const MILESTONE_STATUSES = ['planned', 'submitted', 'accepted', 'returned', 'overdue'] as const;
const ITEM_STATUSES = ['red', 'amber', 'green', 'done'] as const;

function countsOf<K extends string>(keys: readonly K[], m: ReadonlyMap<string, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, m.get(k) ?? 0])) as Record<K, number>;
}

/**
 * The officers' delivery dashboard (issue #6 part 6): contracts and key-list items by status, money
 * released against plan, and one list of what is overdue with who owns it. Read-only: it has no
 * tables and writes nothing but the key-project lists' daily status refresh (ProjectService.refresh),
 * so the red/amber/green counts are today's.
 */
export class DeliveryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly projects: ProjectService,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** The scope of a request; a challenge or list of another tenant (or none) is 404. */
  async scope(actor: Actor, f: DeliveryFilter): Promise<Scope> {
    if (f.challengeId && !(await challengeExists(this.db, actor.tenantId, f.challengeId))) throw new AppError('NOT_FOUND', 'challenge not found');
    if (f.listId && !(await listExists(this.db, actor.tenantId, f.listId))) throw new AppError('NOT_FOUND', 'list not found');
    await this.projects.refresh(actor.tenantId);
    return {
      tenantId: actor.tenantId,
      today: this.today(),
      officerId: f.officer === 'me' ? actor.userId : null,
      challengeId: f.challengeId ?? null,
      listId: f.listId ?? null,
      ...scopeOf(f),
    };
  }

  async overview(actor: Actor, f: DeliveryFilter) {
    const s = await this.scope(actor, f);
    const contracts = countsOf(CONTRACT_STATUSES, await contractsByStatus(this.db, s));
    const milestones = countsOf(MILESTONE_STATUSES, await milestonesByStatus(this.db, s));
    const lists = new Map<string, { listId: string; nameZh: string; nameEn: string; counts: Record<(typeof ITEM_STATUSES)[number], number> }>();
    const itemTotals = countsOf(ITEM_STATUSES, new Map());
    for (const r of await itemsByListAndStatus(this.db, s)) {
      let l = lists.get(r.listId);
      if (!l) lists.set(r.listId, (l = { listId: r.listId, nameZh: r.nameZh, nameEn: r.nameEn, counts: countsOf(ITEM_STATUSES, new Map()) }));
      const status = r.status as (typeof ITEM_STATUSES)[number];
      l.counts[status] += r.n;
      itemTotals[status] += r.n;
    }
    const m = await money(this.db, s);
    const overdue = await overdueCounts(this.db, s);
    return {
      today: s.today,
      officer: f.officer ?? 'all',
      contracts: { total: Object.values(contracts).reduce((a, b) => a + b, 0), byStatus: contracts },
      milestones: { total: Object.values(milestones).reduce((a, b) => a + b, 0), byStatus: milestones },
      items: { total: Object.values(itemTotals).reduce((a, b) => a + b, 0), byStatus: itemTotals, lists: [...lists.values()] },
      money: {
        totalFen: m.totalFen,
        plannedToDateFen: m.plannedToDateFen,
        releasedFen: m.releasedFen,
        behindPlanFen: Math.max(0, m.plannedToDateFen - m.releasedFen),
        months: monthSeries(s.today, m.plannedByMonth, m.releasedByMonth),
      },
      overdue: { ...overdue, total: overdue.milestone + overdue.order + overdue.tranche + overdue.item },
    };
  }

  async overdue(actor: Actor, f: DeliveryFilter & OverdueFilter, page: { offset: number; limit: number }): Promise<{ today: string; rows: OverdueRow[]; total: number }> {
    const s = await this.scope(actor, f);
    const r = await overduePage(this.db, s, f, page);
    return { today: s.today, ...r };
  }

  /** Every overdue row of the filter, a page at a time (for the export). */
  async *allOverdue(actor: Actor, f: DeliveryFilter & OverdueFilter, pageSize = 500): AsyncGenerator<OverdueRow[]> {
    const s = await this.scope(actor, f);
    for (let offset = 0; ; offset += pageSize) {
      const { rows } = await overduePage(this.db, s, f, { offset, limit: pageSize });
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
    }
  }
}
