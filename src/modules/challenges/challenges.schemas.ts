import { Type } from 'typebox';
import { DateTime, NullableDateTime, Page, PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { APPLICATION_STATUSES, BUDGET_CATEGORIES, CHALLENGE_STATUSES, DEMAND_STATUSES, FUNDING_MODES } from './challenges.tables.ts';

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const Fen = Type.Integer({ minimum: 0, description: 'Money in integer fen (1 yuan = 100 fen)' });
const NullableStr = (max: number) => Type.Union([Str(max), Type.Null()]);

export const STAGES = ['draft', 'pending_approval', 'approved', 'open', 'formal_check', 'review', 'notice', 'awarded', 'not_awarded', 'cancelled'] as const;

export const TargetSchema = Type.Object(
  { indicator: Str(200), target: Str(200), unit: Str(50), verification: Str(1000) },
  { additionalProperties: false },
);

export const TermsSchema = Type.Object(
  {
    title: Str(200),
    titleEn: Type.Union([Str(300), Type.Null()]),
    field: Str(50),
    problem: Str(20000),
    targets: Type.Array(TargetSchema, { maxItems: 30 }),
    budgetCapFen: Fen,
    fundingMode: Type.Enum([...FUNDING_MODES]),
    durationMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    maxAwards: Type.Integer({ minimum: 1, maximum: 10, description: 'How many teams may be awarded (more than one: a horse race, 赛马)' }),
    eligibility: Type.Object(
      {
        zoneIds: Type.Array(Uuid, { maxItems: 50 }),
        organizationTypes: Type.Array(Str(40), { maxItems: 10 }),
        qualifications: Type.Array(Str(40), { maxItems: 10 }),
        consortiumAllowed: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    deadline: Type.String({ format: 'date-time', description: 'Applications close at this instant (shown in Beijing time)' }),
    contact: Type.Object({ name: Str(100), phone: Str(30), email: Str(200) }, { additionalProperties: false }),
    attachmentIds: Type.Array(Uuid, { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const ContentSchema = Type.Object(
  {
    title: Str(200),
    summary: Str(5000),
    keywords: Type.Array(Str(50), { maxItems: 20 }),
    pi: Type.Object(
      { name: Str(100), title: NullableStr(100), phone: NullableStr(30), email: NullableStr(200), personId: Type.Union([Uuid, Type.Null()]) },
      { additionalProperties: false },
    ),
    team: Type.Array(Type.Object({ name: Str(100), role: Str(100), title: NullableStr(100), organization: NullableStr(200) }, { additionalProperties: false }), { maxItems: 100 }),
    partners: Type.Array(
      Type.Object({ organizationId: Type.Union([Uuid, Type.Null()]), name: Str(200), creditCode: NullableStr(18), role: Str(200) }, { additionalProperties: false }),
      { maxItems: 20 },
    ),
    technicalRoute: Str(50000),
    budget: Type.Array(Type.Object({ category: Type.Enum([...BUDGET_CATEGORIES]), amountFen: Fen, note: NullableStr(500) }, { additionalProperties: false }), { maxItems: 20 }),
    milestones: Type.Array(Type.Object({ title: Str(200), month: Type.Integer({ minimum: 1, maximum: 120 }), deliverable: Str(2000) }, { additionalProperties: false }), { maxItems: 40 }),
    attachmentIds: Type.Array(Uuid, { maxItems: 20 }),
    pledge: Type.Union([Type.Object({ signatory: Str(100), acceptedAt: DateTime }, { additionalProperties: false }), Type.Null()]),
  },
  { additionalProperties: false },
);

export const Counts = Type.Object(Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, Type.Integer()])) as Record<(typeof APPLICATION_STATUSES)[number], ReturnType<typeof Type.Integer>>);

const DecisionSchema = Type.Object({
  kind: Type.Enum(['award', 'no_award']),
  applicationIds: Type.Array(Uuid),
  reason: Type.String(),
  decidedBy: Type.String(),
  decidedAt: DateTime,
});

export const AttachmentInfo = Type.Object({ id: Uuid, name: Type.String(), mimeType: Type.String(), sizeBytes: Type.Integer() });

export const ChallengeSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  status: Type.Enum([...CHALLENGE_STATUSES]),
  stage: Type.Enum([...STAGES]),
  acceptingApplications: Type.Boolean(),
  version: Type.Integer(),
  terms: TermsSchema,
  /** The files named in terms.attachmentIds, in that order. */
  attachments: Type.Array(AttachmentInfo),
  batch: Type.Union([Type.Object({ id: Uuid, code: Type.String(), title: Type.String() }), Type.Null()]),
  createdBy: Uuid,
  submittedBy: Type.Union([Uuid, Type.Null()]),
  approvedBy: Type.Union([Uuid, Type.Null()]),
  approvedAt: NullableDateTime,
  publishedAt: NullableDateTime,
  reviewOpenedAt: NullableDateTime,
  decision: Type.Union([DecisionSchema, Type.Null()]),
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  counts: Counts,
  /** What the viewer may do now, as the server decides it. */
  actions: Type.Array(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ChallengeListQuery = Type.Object(
  {
    q: Type.Optional(Str(100)),
    stage: Type.Optional(Type.Enum([...STAGES])),
    field: Type.Optional(Str(50)),
    zoneId: Type.Optional(Uuid),
    batchId: Type.Optional(Uuid),
    deadlineFrom: Type.Optional(DateTime),
    deadlineTo: Type.Optional(DateTime),
    sort: Type.Optional(Type.Enum(['deadline', '-deadline', 'created', '-created', 'budget', '-budget'])),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const VersionSchema = Type.Object({ version: Type.Integer(), terms: TermsSchema, reason: Type.Union([Type.String(), Type.Null()]), changedFields: Type.Array(Type.String()), createdAt: DateTime });

export const BatchSchema = Type.Object({ id: Uuid, code: Type.String(), title: Type.String(), titleEn: Type.Union([Type.String(), Type.Null()]), description: Type.String(), status: Type.String(), publishedAt: NullableDateTime });

export const DemandBody = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    title: Str(200, 2),
    field: Str(50, 1),
    description: Str(10000, 10),
    expectedTargets: Type.Optional(Str(5000)),
    budgetExpectationFen: Type.Optional(Type.Union([Fen, Type.Null()])),
  },
  { additionalProperties: false },
);

export const DemandSchema = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  organizationName: Type.String(),
  title: Type.String(),
  field: Type.String(),
  description: Type.String(),
  expectedTargets: Type.String(),
  budgetExpectationFen: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Enum([...DEMAND_STATUSES]),
  mergedIntoId: Type.Union([Uuid, Type.Null()]),
  challengeId: Type.Union([Uuid, Type.Null()]),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: NullableDateTime,
  createdAt: DateTime,
});

export const DemandListQuery = Type.Object({ status: Type.Optional(Type.Enum([...DEMAND_STATUSES])), q: Type.Optional(Str(100)), ...PageQuery }, { additionalProperties: false });

export const ApplicationSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  challengeId: Uuid,
  challengeCode: Type.String(),
  challengeTitle: Type.String(),
  organizationId: Uuid,
  organizationName: Type.String(),
  status: Type.Enum([...APPLICATION_STATUSES]),
  content: ContentSchema,
  budgetTotalFen: Type.Integer(),
  version: Type.Integer(),
  challengeVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** The challenge's terms changed after this application was last submitted. */
  termsChangedSinceSubmission: Type.Boolean(),
  submittedAt: NullableDateTime,
  checkReason: Type.Union([Type.String(), Type.Null()]),
  correctionDueAt: NullableDateTime,
  checkedAt: NullableDateTime,
  score: Type.Union([Type.Number(), Type.Null()]),
  scoreComment: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Enum(['awarded', 'not_awarded']), Type.Null()]),
  /** What the applicant is asked to do next, if anything. */
  nextStep: Type.Union([Type.Enum(['complete_and_submit', 'correct_and_resubmit', 'wait_for_check', 'wait_for_review', 'wait_for_notice', 'sign_contract', 'none']), Type.Null()]),
  deadline: DateTime,
  actions: Type.Array(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ApplicationSummary = Type.Omit(ApplicationSchema, ['content']);

export const ApplicationListQuery = Type.Object(
  { challengeId: Type.Optional(Uuid), status: Type.Optional(Type.Enum([...APPLICATION_STATUSES])), ...PageQuery },
  { additionalProperties: false },
);

export const RefusalSchema = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });

export const RankingSchema = Type.Array(
  Type.Object({
    rank: Type.Union([Type.Integer(), Type.Null()]),
    tied: Type.Boolean(),
    applicationId: Uuid,
    code: Type.String(),
    title: Type.String(),
    organizationName: Type.String(),
    budgetTotalFen: Type.Integer(),
    score: Type.Union([Type.Number(), Type.Null()]),
    scoreComment: Type.Union([Type.String(), Type.Null()]),
  }),
);

export const DefenceBody = Type.Object(
  { heldAt: DateTime, location: Str(200, 1), panel: Type.Array(Str(100), { maxItems: 50 }), applicationIds: Type.Array(Uuid, { maxItems: 200 }), notes: Type.Optional(Str(10000)) },
  { additionalProperties: false },
);
export const DefenceSchema = Type.Object({ id: Uuid, heldAt: DateTime, location: Type.String(), panel: Type.Array(Type.String()), applicationIds: Type.Array(Uuid), notes: Type.String(), createdAt: DateTime });

export const DecisionBody = Type.Object(
  {
    kind: Type.Enum(['award', 'no_award']),
    applicationIds: Type.Array(Uuid, { maxItems: 10 }),
    reason: Str(5000),
    noticeWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
  },
  { additionalProperties: false },
);

export const ObjectionSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  organization: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  status: Type.Enum(['open', 'answered']),
  outcome: Type.Union([Type.Enum(['dismissed', 'upheld']), Type.Null()]),
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredAt: NullableDateTime,
  createdAt: DateTime,
});

export const AwardeeSchema = Type.Object({ applicationId: Uuid, code: Type.String(), title: Type.String(), organizationName: Type.String(), organizationNameEn: Type.Union([Type.String(), Type.Null()]), budgetTotalFen: Type.Integer(), score: Type.Union([Type.Number(), Type.Null()]) });

export const NoticeSchema = Type.Object({
  id: Uuid,
  challengeId: Uuid,
  challengeCode: Type.String(),
  challengeTitle: Type.String(),
  status: Type.Enum(['open', 'closed', 'revoked']),
  /** open while the period runs; ended once it is over but before an officer closes it. */
  period: Type.Enum(['running', 'ended']),
  workingDays: Type.Integer(),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date' }),
  endsAt: DateTime,
  publishedAt: DateTime,
  closedAt: NullableDateTime,
  reason: Type.String(),
  awardees: Type.Array(AwardeeSchema),
  objectionCount: Type.Integer(),
  openObjectionCount: Type.Integer(),
});

export const ObjectionBody = Type.Object(
  { name: Str(100, 1), organization: Type.Optional(Type.Union([Str(200), Type.Null()])), phone: Type.Optional(Type.Union([Str(30), Type.Null()])), email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])), content: Str(5000, 5) },
  { additionalProperties: false },
);

export const ContractSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  applicationId: Uuid,
  organizationId: Uuid,
  organizationName: Type.String(),
  totalFen: Type.Integer(),
  fundingMode: Type.Enum([...FUNDING_MODES]),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Type.String({ format: 'date' }),
  status: Type.String(),
  targets: Type.Array(TargetSchema),
  milestones: Type.Array(Type.Object({ title: Type.String(), month: Type.Integer(), deliverable: Type.String() })),
  tranches: Type.Array(Type.Object({ seq: Type.Integer(), amountFen: Type.Integer(), trigger: Type.String(), milestoneIndex: Type.Union([Type.Integer(), Type.Null()]), dueOn: Type.String({ format: 'date' }), status: Type.String() })),
});

export const ChallengePage = Page(ChallengeSchema);
export const PublicZoneSchema = Type.Object({ id: Uuid, parentId: Type.Union([Uuid, Type.Null()]), level: Type.String(), code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });

export const PublicChallengeListQuery = Type.Object(
  {
    tenant: Str(64, 1),
    q: Type.Optional(Str(100)),
    stage: Type.Optional(Type.Enum(['open', 'formal_check', 'review', 'notice', 'awarded', 'not_awarded'])),
    field: Type.Optional(Str(50)),
    zoneId: Type.Optional(Uuid),
    deadlineFrom: Type.Optional(DateTime),
    deadlineTo: Type.Optional(DateTime),
    sort: Type.Optional(Type.Enum(['deadline', '-deadline', 'budget', '-budget'])),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PublicChallengeSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  stage: Type.Enum([...STAGES]),
  acceptingApplications: Type.Boolean(),
  version: Type.Integer(),
  terms: TermsSchema,
  /** The files named in terms.attachmentIds, in that order; download from /public/challenges/{id}/attachments/{fileId}. */
  attachments: Type.Array(AttachmentInfo),
  batch: Type.Union([Type.Object({ id: Uuid, code: Type.String(), title: Type.String() }), Type.Null()]),
  publishedAt: NullableDateTime,
  applicationCount: Type.Integer(),
  decision: Type.Union([Type.Object({ kind: Type.Enum(['award', 'no_award']), reason: Type.String(), decidedAt: DateTime }), Type.Null()]),
  noticeId: Type.Union([Uuid, Type.Null()]),
});
