import { Type } from 'typebox';
import { DateTime, NullableDateTime, PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { HISTORY_SOURCES, PROJECT_CATEGORIES, PROJECT_STATUSES } from './projects.tables.ts';
import { ITEM_SORTS } from './projects.service.ts';

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Calendar date YYYY-MM-DD (Asia/Shanghai)' });
const NullableDate = Type.Union([DateStr, Type.Null()]);
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const Status = Type.Enum([...PROJECT_STATUSES], { description: 'red | amber | green | done' });
const Counts = Type.Object({ red: Type.Integer(), amber: Type.Integer(), green: Type.Integer(), done: Type.Integer() });

export const ListBody = Type.Object(
  { nameZh: Str(200, 1), nameEn: Str(200), ownerOffice: Str(200), year: Type.Integer({ minimum: 2000, maximum: 2100 }), description: Str(5000) },
  { additionalProperties: false },
);

export const ListSchema = Type.Object({
  id: Uuid,
  nameZh: Type.String(),
  nameEn: Type.String(),
  ownerOffice: Type.String(),
  year: Type.Integer(),
  description: Type.String(),
  published: Type.Boolean(),
  publicSlug: Type.Union([Type.String(), Type.Null()]),
  publishedAt: NullableDateTime,
  statusAsOf: NullableDate,
  counts: Counts,
  total: Type.Integer(),
  overdue: Type.Integer({ description: 'Items with a milestone past its planned date' }),
  units: Type.Array(Type.String(), { description: 'Responsible units of the items, for the filter' }),
  updatedAt: DateTime,
  actions: Type.Array(Type.String(), { description: 'What the caller may do: edit, publish, unpublish, import, baseline, addItem' }),
});

export const PublishBody = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64, description: 'Address of the public page: 3–64 of a-z, 0-9 and -' }) }, { additionalProperties: false });

const MilestoneInput = Type.Object({ name: Str(200, 1), plannedDate: DateStr, actualDate: NullableDate }, { additionalProperties: false });
const KpiInput = Type.Object(
  { name: Str(200, 1), unit: Str(40), startValue: Type.Number(), target: Type.Number(), actual: Type.Union([Type.Number(), Type.Null()]), dueDate: DateStr },
  { additionalProperties: false },
);

export const ItemBody = Type.Object(
  {
    code: Str(40, 1),
    name: Str(200, 1),
    nameEn: Str(200),
    category: Type.Enum([...PROJECT_CATEGORIES]),
    responsibleOrgId: NullableUuid,
    responsibleUnit: Str(200, 1),
    responsiblePerson: Str(100, 1),
    contactPhone: Type.Union([Str(40), Type.Null()]),
    startDate: DateStr,
    endDate: DateStr,
    budgetFen: Type.Union([Type.Integer({ minimum: 0, maximum: 999_999_999_000_000 }), Type.Null()], { description: 'Total budget in fen' }),
    description: Str(5000),
    milestones: Type.Array(MilestoneInput, { maxItems: 50 }),
    kpis: Type.Array(KpiInput, { maxItems: 30 }),
  },
  { additionalProperties: false },
);

export const MilestoneSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  plannedDate: DateStr,
  actualDate: NullableDate,
  state: Type.Enum(['done', 'overdue', 'due_soon', 'planned']),
  daysLate: Type.Integer(),
});

export const KpiSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  unit: Type.String(),
  startValue: Type.Number(),
  target: Type.Number(),
  actual: Type.Union([Type.Number(), Type.Null()]),
  dueDate: DateStr,
  direction: Type.Enum(['higher', 'lower'], { description: 'Follows from start value and target' }),
  attainment: Type.Number({ description: 'Share of the way from start value to target (1 = met)' }),
  expected: Type.Number({ description: 'Share expected by today, pro-rated from the item start to the due date' }),
});

const OverrideSchema = Type.Union([Type.Object({ status: Status, reason: Type.String(), by: Type.String(), at: DateTime }), Type.Null()]);

export const ItemSchema = Type.Object({
  id: Uuid,
  listId: Uuid,
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  category: Type.Enum([...PROJECT_CATEGORIES]),
  responsibleOrgId: NullableUuid,
  responsibleUnit: Type.String(),
  responsiblePerson: Type.String(),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  startDate: DateStr,
  endDate: DateStr,
  budgetFen: Type.Union([Type.Integer(), Type.Null()]),
  description: Type.String(),
  status: Status,
  computedStatus: Status,
  override: OverrideSchema,
  overdueDays: Type.Integer(),
  nextDueDate: NullableDate,
  milestones: Type.Array(MilestoneSchema),
  kpis: Type.Array(KpiSchema),
  updatedAt: DateTime,
});

export const HistorySchema = Type.Object({
  id: Uuid,
  source: Type.Enum([...HISTORY_SOURCES]),
  fromStatus: Type.Union([Status, Type.Null()]),
  toStatus: Status,
  computedStatus: Status,
  reason: Type.Union([Type.String(), Type.Null()]),
  actor: Type.String(),
  at: DateTime,
});

export const ItemDetailSchema = Type.Object({
  ...ItemSchema.properties,
  listName: Type.String(),
  reasons: Type.Array(Type.Object({ level: Type.Enum(['red', 'amber']), zh: Type.String(), en: Type.String() }), { description: 'Why the rules give the computed status' }),
  history: Type.Array(HistorySchema),
  actions: Type.Array(Type.String(), { description: 'What the caller may do: edit, override, clearOverride' }),
});

export const ItemListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Str(100)),
    status: Type.Optional(Type.Array(Status, { maxItems: 4 })),
    category: Type.Optional(Type.Enum([...PROJECT_CATEGORIES])),
    unit: Type.Optional(Str(200)),
    overdue: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Enum([...ITEM_SORTS])),
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object({ ...ItemListQuery.properties, format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false });
export const TemplateQuery = Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false });
export const GanttQuery = Type.Object({ ...ItemListQuery.properties, baselineId: Type.Optional(Uuid) }, { additionalProperties: false });
export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check only: nothing is written' })) }, { additionalProperties: false });

export const OverrideBody = Type.Object({ status: Status, reason: Str(2000) }, { additionalProperties: false });
export const ClearOverrideBody = Type.Object({ reason: Type.Union([Str(2000), Type.Null()]) }, { additionalProperties: false });
export const BaselineBody = Type.Object({ name: Str(100, 1), note: Str(2000) }, { additionalProperties: false });

export const BaselineSchema = Type.Object({ id: Uuid, listId: Uuid, name: Type.String(), note: Type.String(), items: Type.Integer(), createdBy: Type.String(), createdAt: DateTime });

export const CompareSchema = Type.Object({
  baseline: BaselineSchema,
  rows: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      change: Type.Enum(['same', 'changed', 'added', 'removed']),
      endSlipDays: Type.Union([Type.Integer(), Type.Null()]),
      milestones: Type.Array(Type.Object({ name: Type.String(), baseline: NullableDate, current: NullableDate, slipDays: Type.Union([Type.Integer(), Type.Null()]) })),
      kpis: Type.Array(
        Type.Object({
          name: Type.String(),
          unit: Type.String(),
          baselineTarget: Type.Union([Type.Number(), Type.Null()]),
          currentTarget: Type.Union([Type.Number(), Type.Null()]),
          baselineDue: NullableDate,
          currentDue: NullableDate,
          changed: Type.Boolean(),
        }),
      ),
    }),
  ),
});

export const GanttSchema = Type.Object({
  today: DateStr,
  baseline: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      status: Status,
      responsibleUnit: Type.String(),
      startDate: DateStr,
      endDate: DateStr,
      milestones: Type.Array(Type.Object({ name: Type.String(), plannedDate: DateStr, actualDate: NullableDate, state: Type.Enum(['done', 'overdue', 'due_soon', 'planned']) })),
      baseline: Type.Union([Type.Object({ startDate: DateStr, endDate: DateStr, milestones: Type.Array(Type.Object({ name: Type.String(), plannedDate: DateStr })) }), Type.Null()]),
    }),
  ),
});

export const ImportOutcomeSchema = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), zh: Type.String(), en: Type.String(), value: Type.Union([Type.String(), Type.Null()]) })),
  ignoredColumns: Type.Array(Type.String()),
});

export const OverviewSchema = Type.Object({
  today: DateStr,
  counts: Counts,
  overdueTotal: Type.Integer(),
  overdue: Type.Array(
    Type.Object({
      itemId: Uuid,
      listId: Uuid,
      listName: Type.String(),
      code: Type.String(),
      itemName: Type.String(),
      milestone: Type.String(),
      plannedDate: DateStr,
      daysLate: Type.Integer(),
      status: Status,
      responsibleUnit: Type.String(),
      responsiblePerson: Type.String(),
    }),
  ),
});

// ---- public -------------------------------------------------------------------------------

export const PublicListSchema = Type.Object({
  slug: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  ownerOffice: Type.String(),
  year: Type.Integer(),
  description: Type.String(),
  statusAsOf: NullableDate,
  counts: Counts,
  total: Type.Integer(),
});

export const PublicItemSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  category: Type.Enum([...PROJECT_CATEGORIES]),
  responsibleUnit: Type.String(),
  startDate: DateStr,
  endDate: DateStr,
  status: Status,
  statusNote: Type.Union([Type.String(), Type.Null()], { description: 'The office’s reason when it set the status by hand' }),
  milestones: Type.Array(Type.Object({ name: Type.String(), plannedDate: DateStr, actualDate: NullableDate, state: Type.Enum(['done', 'overdue', 'due_soon', 'planned']) })),
  kpis: Type.Array(Type.Object({ name: Type.String(), unit: Type.String(), target: Type.Number(), actual: Type.Union([Type.Number(), Type.Null()]), attainment: Type.Number() })),
});

export const PublicListDetailSchema = Type.Object({ ...PublicListSchema.properties, items: Type.Array(PublicItemSchema) });
