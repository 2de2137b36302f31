import { Type } from 'typebox';
import { DateTime, NullableDateTime, Uuid } from '../../../platform/http/schemas.ts';
import { BLIND_MODES, RANK_BY, ROUND_STATUSES, SHEET_STATUSES } from '../review.tables.ts';

const Str = (max: number) => Type.String({ maxLength: max });
const Centi = Type.Integer({ minimum: 0, maximum: 10000, description: 'Hundredths of a point on 0–100' });
const NullableCenti = Type.Union([Centi, Type.Null()]);

export const SheetBody = Type.Object(
  {
    scores: Type.Record(Type.String({ maxLength: 40 }), Type.Number({ minimum: 0, maximum: 1000 }), { description: 'Criterion key → score (0–scaleMax, steps of 0.5); any subset while a draft', maxProperties: 50 }),
    comments: Type.Record(Type.String({ maxLength: 40 }), Str(5000), { maxProperties: 50 }),
    overallComment: Str(10000),
  },
  { additionalProperties: false },
);

export const SubmitBody = Type.Union([SheetBody, Type.Null()], { description: 'The form’s last state, saved with the submission; null submits the saved draft' });

export const ReturnBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const CloseBody = Type.Object(
  { force: Type.Optional(Type.Boolean({ description: 'Close although sheets are missing (a reason is required)' })), reason: Type.Optional(Type.Union([Str(2000), Type.Null()])) },
  { additionalProperties: false },
);

export const CriterionView = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  weight: Type.Number(),
  scaleMax: Type.Number(),
  guidanceZh: Type.Union([Type.String(), Type.Null()]),
  guidanceEn: Type.Union([Type.String(), Type.Null()]),
  commentRequired: Type.Boolean(),
});

export const SheetView = Type.Object({
  id: Uuid,
  status: Type.Enum([...SHEET_STATUSES]),
  scores: Type.Record(Type.String(), Type.Number()),
  comments: Type.Record(Type.String(), Type.String()),
  overallComment: Type.String(),
  totalCenti: NullableCenti,
  savedAt: DateTime,
  submittedAt: NullableDateTime,
  returnedReason: Type.Union([Type.String(), Type.Null()]),
  started: Type.Boolean(),
});

const SheetActions = Type.Array(Type.Enum(['save', 'submit']));

/** One of the expert's assignments. Never names the applicant in a double-blind round. */
export const MyAssignment = Type.Object({
  sheetId: Uuid,
  roundId: Uuid,
  roundName: Type.String(),
  roundStatus: Type.Enum([...ROUND_STATUSES]),
  blind: Type.Enum([...BLIND_MODES]),
  deadline: DateTime,
  code: Type.String(),
  title: Type.String(),
  status: Type.Enum([...SHEET_STATUSES]),
  started: Type.Boolean(),
  savedAt: DateTime,
  submittedAt: NullableDateTime,
  totalCenti: NullableCenti,
  returnedReason: Type.Union([Type.String(), Type.Null()]),
  actions: SheetActions,
});

const Identity = Type.Object({
  organizationName: Type.String(),
  organizationNameEn: Type.Union([Type.String(), Type.Null()]),
  pi: Type.Object({ name: Type.String(), title: Type.Union([Type.String(), Type.Null()]) }),
  team: Type.Array(Type.Object({ name: Type.String(), role: Type.Union([Type.String(), Type.Null()]), title: Type.Union([Type.String(), Type.Null()]), organization: Type.Union([Type.String(), Type.Null()]) })),
  partners: Type.Array(Type.Object({ name: Type.String(), role: Type.Union([Type.String(), Type.Null()]) })),
  attachments: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});

/** The application as the expert may read it; `identity` is null in a double-blind round. */
export const ExpertItem = Type.Object({
  code: Type.String(),
  challenge: Type.Object({ code: Type.String(), title: Type.String() }),
  title: Type.String(),
  summary: Type.String(),
  keywords: Type.Array(Type.String()),
  technicalRoute: Type.String(),
  budgetTotalFen: Type.Integer(),
  budget: Type.Array(Type.Object({ category: Type.String(), amountFen: Type.Integer(), note: Type.Union([Type.String(), Type.Null()]) })),
  milestones: Type.Array(Type.Object({ title: Type.String(), month: Type.Integer(), deliverable: Type.String() })),
  identity: Type.Union([Identity, Type.Null()]),
});

export const ExpertSheet = Type.Object({
  round: Type.Object({
    id: Uuid,
    name: Type.String(),
    status: Type.Enum([...ROUND_STATUSES]),
    blind: Type.Enum([...BLIND_MODES]),
    deadline: DateTime,
    commentRequired: Type.Boolean(),
    criteria: Type.Array(CriterionView),
  }),
  item: ExpertItem,
  sheet: SheetView,
  actions: SheetActions,
});

export const ProgressView = Type.Object({
  roundId: Uuid,
  status: Type.Enum([...ROUND_STATUSES]),
  deadline: DateTime,
  sheets: Type.Integer(),
  submitted: Type.Integer(),
  percent: Type.Integer(),
  overdue: Type.Boolean(),
  experts: Type.Array(
    Type.Object({
      expertId: Uuid,
      name: Type.String(),
      organizationName: Type.Union([Type.String(), Type.Null()]),
      assigned: Type.Integer(),
      notStarted: Type.Integer(),
      inProgress: Type.Integer(),
      submitted: Type.Integer(),
      lastSavedAt: NullableDateTime,
    }),
  ),
  items: Type.Array(Type.Object({ itemId: Uuid, code: Type.String(), title: Type.String(), assigned: Type.Integer(), submitted: Type.Integer(), k: Type.Integer() })),
  sheetList: Type.Array(Type.Object({ id: Uuid, itemId: Uuid, expertId: Uuid, status: Type.Enum([...SHEET_STATUSES]), started: Type.Boolean(), savedAt: DateTime, submittedAt: NullableDateTime, returnedReason: Type.Union([Type.String(), Type.Null()]) })),
  actions: Type.Array(Type.Enum(['close', 'return'])),
});

const ExpertTotal = Type.Object({
  sheetId: Uuid,
  expertId: Uuid,
  expertName: Type.String(),
  totalCenti: Centi,
  scores: Type.Record(Type.String(), Type.Number()),
  comments: Type.Record(Type.String(), Type.String()),
  overallComment: Type.String(),
  submittedAt: NullableDateTime,
});

export const ResultsView = Type.Object({
  round: Type.Object({
    id: Uuid,
    name: Type.String(),
    status: Type.Enum([...ROUND_STATUSES]),
    rankBy: Type.Enum([...RANK_BY]),
    disagreementCenti: Type.Integer(),
    expertsPerItem: Type.Integer(),
    criteria: Type.Array(CriterionView),
    final: Type.Boolean({ description: 'The round is closed: no sheet can change any more' }),
  }),
  items: Type.Array(
    Type.Object({
      itemId: Uuid,
      code: Type.String(),
      title: Type.String(),
      organizationName: Type.String(),
      assigned: Type.Integer(),
      n: Type.Integer(),
      totals: Type.Array(ExpertTotal),
      meanCenti: NullableCenti,
      trimmedCenti: NullableCenti,
      trimmed: Type.Boolean(),
      calibratedCenti: NullableCenti,
      spreadCenti: NullableCenti,
      stdDevCenti: NullableCenti,
      disagreement: Type.Boolean(),
      scoreCenti: Type.Union([Centi, Type.Null()], { description: 'By the round’s ranking metric' }),
      rank: Type.Union([Type.Integer(), Type.Null()]),
      tied: Type.Boolean(),
    }),
  ),
  experts: Type.Array(Type.Object({ expertId: Uuid, name: Type.String(), n: Type.Integer(), meanCenti: Centi, biasCenti: Type.Integer() })),
  actions: Type.Array(Type.Enum(['close', 'adopt', 'export'])),
});

export const ResultsExportQuery = Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'])) }, { additionalProperties: false });
