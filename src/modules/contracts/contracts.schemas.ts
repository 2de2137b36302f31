import { Type } from 'typebox';
import { DateTime, NullableDateTime, Page, PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { CONFIRMATION_SIDES, CONTRACT_STATUSES, CONTRACT_FUNDING_MODES, MILESTONE_STATUSES, TRANCHE_TRIGGERS } from './contracts.tables.ts';

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const NullableStr = (max: number) => Type.Union([Str(max), Type.Null()]);
const Fen = Type.Integer({ minimum: 0, description: 'Money in integer fen (1 yuan = 100 fen)' });
const DateStr = Type.String({ format: 'date', description: 'A Beijing calendar date' });
const Side = Type.Enum([...CONFIRMATION_SIDES]);
const Health = Type.Enum(['on_track', 'at_risk', 'overdue', 'completed']);
const strict = { additionalProperties: false } as const;

export const ContractTermsSchema = Type.Object(
  {
    totalFen: Fen,
    targets: Type.Array(Type.Object({ indicator: Str(200, 1), target: Str(200, 1), unit: Str(50), verification: Str(1000) }, strict), { maxItems: 30 }),
    lead: Type.Object({ name: Str(100), title: NullableStr(100), phone: NullableStr(30), email: NullableStr(200) }, strict),
    team: Type.Array(Type.Object({ name: Str(100, 1), role: Str(100), title: NullableStr(100), organization: NullableStr(200) }, strict), { maxItems: 100 }),
    milestones: Type.Array(
      Type.Object(
        {
          seq: Type.Integer({ minimum: 1, maximum: 99 }),
          title: Str(200),
          deliverable: Str(1000),
          dueOn: DateStr,
          evidence: Type.Array(Type.Object({ label: Str(200), kind: Type.Enum(['file', 'figure']) }, strict), { maxItems: 20 }),
          gateId: Type.Union([Uuid, Type.Null()], { description: 'A shared gate of a horse race; null for a single-team contract' }),
        },
        strict,
      ),
      { maxItems: 50 },
    ),
    tranches: Type.Array(
      Type.Object({ seq: Type.Integer({ minimum: 1, maximum: 99 }), amountFen: Fen, trigger: Type.Enum([...TRANCHE_TRIGGERS]), milestoneSeq: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), dueOn: DateStr }, strict),
      { maxItems: 60 },
    ),
  },
  strict,
);

export const TermsChangeBody = Type.Object({ terms: ContractTermsSchema, reason: Str(2000, 1) }, strict);
export const ChangeDecisionBody = Type.Object({ decision: Type.Enum(['approve', 'refuse']), reason: Str(2000, 1) }, strict);
export const DecisionBody = Type.Object({ decision: Type.Enum(['accept', 'return']), note: Type.Optional(NullableStr(2000)) }, strict);
export const EvidenceBody = Type.Object(
  {
    items: Type.Array(Type.Object({ requirement: Type.Integer({ minimum: 0 }), attachmentId: Type.Union([Uuid, Type.Null()]), value: NullableStr(500) }, strict), { minItems: 1, maxItems: 40 }),
    note: Type.Optional(Str(2000)),
  },
  strict,
);
export const ReportBody = Type.Object(
  {
    periodFrom: DateStr,
    periodTo: DateStr,
    narrative: Str(20000, 1),
    figures: Type.Array(Type.Object({ target: Type.Integer({ minimum: 0 }), value: Str(200, 1), note: NullableStr(500) }, strict), { maxItems: 60 }),
    attachmentIds: Type.Array(Uuid, { maxItems: 20 }),
  },
  strict,
);
export const OrderBody = Type.Object({ milestoneId: Type.Optional(Type.Union([Uuid, Type.Null()])), reason: Str(4000, 1), responseDueOn: DateStr }, strict);
export const OrderResponseBody = Type.Object({ response: Str(8000, 1), attachmentIds: Type.Array(Uuid, { maxItems: 20 }) }, strict);
export const OrderCloseBody = Type.Object({ note: Type.Optional(NullableStr(2000)) }, strict);
export const ReleaseBody = Type.Object({ amountFen: Type.Optional(Type.Integer({ minimum: 1, description: 'Defaults to what remains of the tranche' })), note: Type.Optional(Str(1000)) }, strict);
export const ReversalBody = Type.Object({ note: Str(1000, 1) }, strict);

export const ContractListQuery = Type.Object(
  {
    q: Type.Optional(Str(100)),
    status: Type.Optional(Type.Enum([...CONTRACT_STATUSES])),
    challengeId: Type.Optional(Uuid),
    organizationId: Type.Optional(Uuid),
    overdue: Type.Optional(Type.Boolean({ description: 'true: contracts in force with an overdue milestone; false: the others' })),
    sort: Type.Optional(Type.Enum(['code', '-code', 'starts', '-starts', 'total', '-total', 'released', '-released'])),
    ...PageQuery,
  },
  strict,
);

export const ContractSummary = Type.Object({
  id: Uuid,
  code: Type.String(),
  title: Type.String(),
  challengeId: Uuid,
  organizationId: Uuid,
  organizationName: Type.String(),
  status: Type.Enum([...CONTRACT_STATUSES]),
  health: Health,
  version: Type.Integer(),
  totalFen: Type.Integer(),
  releasedFen: Type.Integer(),
  startsOn: DateStr,
  endsOn: DateStr,
  nextDueOn: Type.Union([DateStr, Type.Null()]),
  milestonesAccepted: Type.Integer(),
  milestonesTotal: Type.Integer(),
});
export const ContractPage = Page(ContractSummary);

const FileRef = Type.Object({ id: Uuid, name: Type.String(), mimeType: Type.String(), sizeBytes: Type.Integer() });
const Person = Type.Object({ id: Uuid, name: Type.String() });
const Changes = Type.Array(Type.Object({ path: Type.String(), before: Type.Unknown(), after: Type.Unknown() }));

export const ContractDetail = Type.Object({
  ...ContractSummary.properties,
  applicationId: Uuid,
  organizationNameEn: Type.Union([Type.String(), Type.Null()]),
  fundingMode: Type.Enum([...CONTRACT_FUNDING_MODES]),
  remainingFen: Type.Integer(),
  officerId: Type.Union([Uuid, Type.Null()]),
  today: DateStr,
  terms: ContractTermsSchema,
  confirmedSides: Type.Array(Side, { description: 'Who confirmed the current version' }),
  confirmations: Type.Array(Type.Object({ version: Type.Integer(), side: Side, userId: Uuid, confirmedAt: DateTime })),
  versions: Type.Array(Type.Object({ version: Type.Integer(), changes: Changes, reason: Type.Union([Type.String(), Type.Null()]), changeRequestId: Type.Union([Uuid, Type.Null()]), createdBy: Type.Union([Uuid, Type.Null()]), createdAt: DateTime })),
  changeRequests: Type.Array(
    Type.Object({
      id: Uuid,
      baseVersion: Type.Integer(),
      terms: ContractTermsSchema,
      changes: Changes,
      reason: Type.String(),
      proposedBy: Uuid,
      proposedSide: Side,
      proposedAt: DateTime,
      status: Type.Enum(['open', 'approved', 'refused']),
      decidedBy: Type.Union([Uuid, Type.Null()]),
      decidedAt: NullableDateTime,
      decisionReason: Type.Union([Type.String(), Type.Null()]),
      appliedVersion: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  milestones: Type.Array(
    Type.Object({
      id: Uuid,
      seq: Type.Integer(),
      title: Type.String(),
      deliverable: Type.String(),
      dueOn: DateStr,
      evidence: Type.Array(Type.Object({ label: Type.String(), kind: Type.Enum(['file', 'figure']) })),
      gateId: Type.Union([Uuid, Type.Null()]),
      status: Type.Enum([...MILESTONE_STATUSES]),
      overdue: Type.Boolean(),
      submittedAt: NullableDateTime,
      decidedAt: NullableDateTime,
      decisionNote: Type.Union([Type.String(), Type.Null()]),
      overdueSince: Type.Union([DateStr, Type.Null()]),
      submissions: Type.Array(Type.Object({ id: Uuid, items: Type.Array(Type.Object({ requirement: Type.Integer(), attachmentId: Type.Union([Uuid, Type.Null()]), value: Type.Union([Type.String(), Type.Null()]) })), note: Type.String(), submittedBy: Uuid, submittedAt: DateTime })),
    }),
  ),
  tranches: Type.Array(
    Type.Object({
      id: Uuid,
      seq: Type.Integer(),
      amountFen: Type.Integer(),
      releasedFen: Type.Integer(),
      remainingFen: Type.Integer(),
      trigger: Type.Enum([...TRANCHE_TRIGGERS]),
      milestoneId: Type.Union([Uuid, Type.Null()]),
      milestoneSeq: Type.Union([Type.Integer(), Type.Null()]),
      dueOn: DateStr,
      status: Type.String(),
      releasable: Type.Boolean({ description: 'Its condition is met and something remains to release' }),
    }),
  ),
  reports: Type.Array(
    Type.Object({
      id: Uuid,
      periodFrom: DateStr,
      periodTo: DateStr,
      narrative: Type.String(),
      figures: Type.Array(Type.Object({ target: Type.Integer(), value: Type.String(), note: Type.Union([Type.String(), Type.Null()]) })),
      attachmentIds: Type.Array(Uuid),
      status: Type.Enum(['submitted', 'accepted', 'returned']),
      submittedBy: Uuid,
      submittedAt: DateTime,
      decidedAt: NullableDateTime,
      decisionNote: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  orders: Type.Array(
    Type.Object({
      id: Uuid,
      code: Type.String(),
      milestoneId: Type.Union([Uuid, Type.Null()]),
      reason: Type.String(),
      responseDueOn: DateStr,
      overdue: Type.Boolean(),
      status: Type.Enum(['open', 'responded', 'closed']),
      issuedBy: Uuid,
      issuedAt: DateTime,
      response: Type.Union([Type.String(), Type.Null()]),
      responseAttachmentIds: Type.Array(Uuid),
      respondedAt: NullableDateTime,
      closedAt: NullableDateTime,
      closeNote: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  ledger: Type.Array(
    Type.Object({
      id: Uuid,
      trancheId: Uuid,
      trancheSeq: Type.Integer(),
      kind: Type.Enum(['release', 'reversal']),
      amountFen: Type.Integer(),
      reversesId: Type.Union([Uuid, Type.Null()]),
      reversed: Type.Boolean(),
      note: Type.String(),
      approvedBy: Uuid,
      approvedAt: DateTime,
    }),
  ),
  reconciliation: Type.Object({
    plannedFen: Type.Integer(),
    releasedFen: Type.Integer(),
    remainingFen: Type.Integer(),
    ledgerFen: Type.Integer(),
    reconciled: Type.Boolean(),
    tranches: Type.Array(Type.Object({ seq: Type.Integer(), plannedFen: Type.Integer(), releasedFen: Type.Integer(), remainingFen: Type.Integer(), ledgerFen: Type.Integer(), matches: Type.Boolean() })),
  }),
  files: Type.Array(FileRef, { description: 'Name, type and size of every file the contract names' }),
  people: Type.Array(Person, { description: 'Display names of the users the contract names' }),
  actions: Type.Array(Type.String(), { description: 'What the caller may do now' }),
});
