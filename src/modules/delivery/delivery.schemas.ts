import { Type } from 'typebox';
import { PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { EXPORT_FORMATS } from '../../platform/export/index.ts';
import { OVERDUE_KINDS, OVERDUE_SORTS } from './delivery.queries.ts';

const strict = { additionalProperties: false } as const;
const Fen = Type.Integer({ description: 'Money in integer fen (1 yuan = 100 fen)' });
const DateStr = Type.String({ format: 'date', description: 'A Beijing calendar date' });
const Count = Type.Integer({ minimum: 0 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Scope = {
  officer: Type.Optional(Type.Enum(['me', 'all'], { default: 'all', description: 'me: only the contracts I answer for (contracts.officer_id); list items have no officer and are always included' })),
  challengeId: Type.Optional(Type.String({ format: 'uuid', description: 'Only the contracts of this challenge (and then no list items unless listId is given too)' })),
  listId: Type.Optional(Type.String({ format: 'uuid', description: 'Only the items of this key-project list (and then no contracts unless challengeId is given too)' })),
};

export const OverviewQuery = Type.Object(Scope, strict);

const OverdueFilters = {
  ...Scope,
  kind: Type.Optional(Type.Enum([...OVERDUE_KINDS])),
  owner: Type.Optional(Type.String({ maxLength: 100, description: 'Part of a name: organisation or responsible unit, lead or responsible person, officer' })),
  sort: Type.Optional(Type.Enum([...OVERDUE_SORTS], { default: '-days' })),
};

export const OverdueQuery = Type.Object({ ...OverdueFilters, ...PageQuery }, strict);
export const OverdueExportQuery = Type.Object({ ...OverdueFilters, format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'xlsx' })) }, strict);

const ItemCounts = Type.Object({ red: Count, amber: Count, green: Count, done: Count });

export const OverviewSchema = Type.Object({
  today: DateStr,
  officer: Type.Enum(['me', 'all']),
  contracts: Type.Object({ total: Count, byStatus: Type.Object({ pending: Count, active: Count, completed: Count, terminated: Count }) }),
  milestones: Type.Object({
    total: Count,
    byStatus: Type.Object({ planned: Count, submitted: Count, accepted: Count, returned: Count, overdue: Count }, { description: 'As of today: a planned or returned milestone past its due date counts as overdue' }),
  }),
  items: Type.Object({
    total: Count,
    byStatus: ItemCounts,
    lists: Type.Array(Type.Object({ listId: Uuid, nameZh: Type.String(), nameEn: Type.String(), counts: ItemCounts })),
  }),
  money: Type.Object({
    totalFen: Fen,
    plannedToDateFen: Type.Integer({ description: 'Tranches due on or before today' }),
    releasedFen: Type.Integer({ description: 'Ledger releases net of reversals' }),
    behindPlanFen: Type.Integer({ description: 'planned to date − released, at least 0' }),
    months: Type.Array(
      Type.Object({
        month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
        plannedFen: Fen,
        releasedFen: Nullable(Fen),
        cumulativePlannedFen: Fen,
        cumulativeReleasedFen: Nullable(Fen),
      }),
      { description: 'The last 12 months (this one included) and the next 6; released is null for months to come' },
    ),
  }),
  overdue: Type.Object({ milestone: Count, order: Count, tranche: Count, item: Count, total: Count }),
});

export const OverdueRowSchema = Type.Object({
  kind: Type.Enum([...OVERDUE_KINDS]),
  id: Uuid,
  title: Type.String({ description: 'Milestone title, supervision order code, tranche number, or item name' }),
  detail: Type.String({ description: 'Deliverable, order reason, tranche trigger, or the item’s list' }),
  ref: Type.String({ description: 'Contract code, or the item’s code' }),
  contractId: Nullable(Uuid),
  listId: Nullable(Uuid),
  itemId: Nullable(Uuid),
  ownerOrg: Type.String({ description: 'The contract’s organisation, or the item’s responsible unit' }),
  ownerOrgId: Nullable(Uuid),
  ownerPerson: Nullable(Type.String({ description: 'The contract’s lead (挂帅), or the item’s responsible person' })),
  officerId: Nullable(Uuid),
  officerName: Nullable(Type.String({ description: 'The officer who answers for the contract' })),
  dueOn: Nullable(DateStr),
  daysOverdue: Count,
  amountFen: Nullable(Fen),
  status: Type.String(),
  waitingOn: Nullable(Type.Enum(['team', 'office'])),
});

export const OverduePageSchema = Type.Object({ today: DateStr, items: Type.Array(OverdueRowSchema), total: Count, page: Type.Integer(), pageSize: Type.Integer() });
