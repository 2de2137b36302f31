import type { Actor } from '../../platform/auth/policy.ts';
import { projectPolicy } from './projects.policy.ts';
import { kpiAttainment, kpiExpectedShare, milestoneState } from './projects.rules.ts';
import type { BaselineRow } from './projects.plan.ts';
import type { HistoryRow, ItemDetail, ItemView, ListRow, STATUS_COUNTS_ZERO } from './projects.service.ts';

type ListFacts = { counts: ReturnType<typeof STATUS_COUNTS_ZERO>; total: number; overdue: number; units: string[] };

const round = (x: number) => Math.round(x * 1000) / 1000;

export function presentList(l: ListRow, facts: ListFacts, actor: Actor) {
  const manage = projectPolicy.manage(actor);
  return {
    id: l.id,
    nameZh: l.nameZh,
    nameEn: l.nameEn,
    ownerOffice: l.ownerOffice,
    year: l.year,
    description: l.description,
    published: l.published,
    publicSlug: l.publicSlug,
    publishedAt: l.publishedAt?.toISOString() ?? null,
    statusAsOf: l.statusAsOf,
    counts: facts.counts,
    total: facts.total,
    overdue: facts.overdue,
    units: facts.units,
    updatedAt: l.updatedAt.toISOString(),
    actions: manage ? ['edit', l.published ? 'unpublish' : 'publish', 'import', 'baseline', 'addItem'] : [],
  };
}

export function presentItem(i: ItemView, today: string) {
  return {
    id: i.id,
    listId: i.listId,
    code: i.code,
    name: i.name,
    nameEn: i.nameEn,
    category: i.category,
    responsibleOrgId: i.responsibleOrgId,
    responsibleUnit: i.responsibleUnit,
    responsiblePerson: i.responsiblePerson,
    contactPhone: i.contactPhone,
    startDate: i.startDate,
    endDate: i.endDate,
    budgetFen: i.budgetFen === null ? null : Number(i.budgetFen),
    description: i.description,
    status: i.status,
    computedStatus: i.computedStatus,
    override: i.overrideStatus ? { status: i.overrideStatus, reason: i.overrideReason ?? '', by: i.overrideByLabel ?? '', at: (i.overrideAt ?? i.updatedAt).toISOString() } : null,
    overdueDays: i.overdueDays,
    nextDueDate: i.nextDueDate,
    milestones: i.milestones.map((m) => ({ id: m.id, name: m.name, plannedDate: m.plannedDate, actualDate: m.actualDate, ...milestoneState(m, today) })),
    kpis: i.kpis.map((k) => ({
      id: k.id,
      name: k.name,
      unit: k.unit,
      startValue: k.startValue,
      target: k.target,
      actual: k.actual,
      dueDate: k.dueDate,
      direction: k.target < k.startValue ? ('lower' as const) : ('higher' as const),
      attainment: round(kpiAttainment(k)),
      expected: round(kpiExpectedShare(k, i.startDate, today)),
    })),
    updatedAt: i.updatedAt.toISOString(),
  };
}

export function presentHistory(h: HistoryRow) {
  return { id: h.id, source: h.source, fromStatus: h.fromStatus, toStatus: h.toStatus, computedStatus: h.computedStatus, reason: h.reason, actor: h.actorLabel, at: h.at.toISOString() };
}

export function presentItemDetail(d: ItemDetail, today: string, actor: Actor) {
  const manage = projectPolicy.manage(actor);
  return {
    ...presentItem(d, today),
    listName: d.list.nameZh,
    reasons: d.evaluation.reasons,
    history: d.history.map(presentHistory),
    actions: manage ? ['edit', 'override', ...(d.overrideStatus ? ['clearOverride'] : [])] : [],
  };
}

export function presentBaseline(b: BaselineRow) {
  return { id: b.id, listId: b.listId, name: b.name, note: b.note, items: b.items.length, createdBy: b.createdByLabel, createdAt: b.createdAt.toISOString() };
}

/** What the public page shows of an item: no person, no phone, no budget; the office's note when it set the status by hand. */
export function presentPublicItem(i: ItemView, today: string) {
  return {
    code: i.code,
    name: i.name,
    nameEn: i.nameEn,
    category: i.category,
    responsibleUnit: i.responsibleUnit,
    startDate: i.startDate,
    endDate: i.endDate,
    status: i.status,
    statusNote: i.overrideStatus ? i.overrideReason : null,
    milestones: i.milestones.map((m) => ({ name: m.name, plannedDate: m.plannedDate, actualDate: m.actualDate, state: milestoneState(m, today).state })),
    kpis: i.kpis.map((k) => ({ name: k.name, unit: k.unit, target: k.target, actual: k.actual, attainment: round(kpiAttainment(k)) })),
  };
}
