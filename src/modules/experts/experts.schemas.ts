import { Type } from 'typebox';
import { NullableDateTime, PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { PRIORITY_FIELDS } from '../registry/index.ts';
import { AVAILABILITIES, CONFLICT_KINDS, CONFLICT_STATUSES, DECLARATION_KINDS, EXPERT_SORTS } from './experts.tables.ts';

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const NullableStr = (max: number) => Type.Union([Str(max), Type.Null()]);
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Calendar date YYYY-MM-DD (Asia/Shanghai)' });
const NullableDate = Type.Union([DateStr, Type.Null()]);

const AffiliationInput = Type.Object({ organizationId: NullableUuid, organizationName: Str(200, 1), fromDate: DateStr, toDate: NullableDate }, { additionalProperties: false });
const CoauthorSchema = Type.Object({ name: Str(100, 1), expertId: NullableUuid }, { additionalProperties: false });
const PublicationInput = Type.Object({ title: Str(500, 1), year: Type.Integer({ minimum: 1900, maximum: 2200 }), coauthors: Type.Array(CoauthorSchema, { maxItems: 200 }) }, { additionalProperties: false });
const DeclarationInput = Type.Object(
  { kind: Type.Enum([...DECLARATION_KINDS]), personName: NullableStr(100), organizationId: NullableUuid, organizationName: NullableStr(200), note: Str(2000) },
  { additionalProperties: false },
);

const profile = {
  name: Str(100, 1),
  organizationId: NullableUuid,
  affiliation: Str(200),
  title: Str(100),
  fields: Type.Array(Type.Enum([...PRIORITY_FIELDS]), { maxItems: 20 }),
  keywords: Type.Array(Str(50, 1), { maxItems: 30 }),
  biography: Str(10000),
  orcid: Type.Union([Type.String({ maxLength: 19 }), Type.Null()]),
  availability: Type.Enum([...AVAILABILITIES]),
  unavailableUntil: NullableDate,
  maxLoad: Type.Integer({ minimum: 0, maximum: 1000, description: 'Most applications the expert reviews in one round' }),
  affiliations: Type.Array(AffiliationInput, { maxItems: 50 }),
  publications: Type.Array(PublicationInput, { maxItems: 500 }),
  declarations: Type.Array(DeclarationInput, { maxItems: 100 }),
};

/** Officers also link the expert's account (a user with the expert role); an expert editing their own profile cannot. */
export const ExpertBody = Type.Object({ ...profile, userId: Type.Optional(NullableUuid) }, { additionalProperties: false });

const listFilters = {
  q: Type.Optional(Str(100, 0)),
  field: Type.Optional(Type.Enum([...PRIORITY_FIELDS])),
  availability: Type.Optional(Type.Enum([...AVAILABILITIES])),
  organizationId: Type.Optional(Uuid),
  sort: Type.Optional(Type.Enum([...EXPERT_SORTS], { default: 'name', description: 'name, organisation, max load or last update; "-" descending' })),
};

export const ExpertListQuery = Type.Object({ ...PageQuery, ...listFilters }, { additionalProperties: false });

/** The list's filters and sort plus the file format; paging is accepted and ignored (an export has every matching expert). */
export const ExpertExportQuery = Type.Object({ ...PageQuery, ...listFilters, format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false });

export const ExpertSummary = Type.Object({
  id: Uuid,
  userId: NullableUuid,
  name: Type.String(),
  organizationId: NullableUuid,
  affiliation: Type.String(),
  title: Type.String(),
  fields: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  availability: Type.Enum([...AVAILABILITIES]),
  unavailableUntil: NullableDate,
  maxLoad: Type.Integer(),
  organizationName: Type.Union([Type.String(), Type.Null()], { description: 'The registry organisation’s Chinese name' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ExpertSchema = Type.Object({
  ...ExpertSummary.properties,
  biography: Type.String(),
  orcid: NullableStr(19),
  accountEmail: Type.Union([Type.String(), Type.Null()], { description: 'E-mail of the linked expert account' }),
  affiliations: Type.Array(Type.Object({ id: Uuid, organizationId: NullableUuid, organizationName: Type.String(), fromDate: DateStr, toDate: NullableDate })),
  publications: Type.Array(Type.Object({ id: Uuid, title: Type.String(), year: Type.Integer(), coauthors: Type.Array(Type.Object({ name: Type.String(), expertId: NullableUuid })) })),
  declarations: Type.Array(Type.Object({ id: Uuid, kind: Type.Enum([...DECLARATION_KINDS]), personName: NullableStr(100), organizationId: NullableUuid, organizationName: NullableStr(200), note: Type.String() })),
  actions: Type.Array(Type.String(), { description: 'What the caller may do now: edit' }),
});

export const ConflictSchema = Type.Object({
  id: Type.Union([Uuid, Type.Null()], { description: 'null: found by the rules but not recorded yet' }),
  expertId: Uuid,
  applicationId: Uuid,
  kind: Type.Enum([...CONFLICT_KINDS]),
  key: Type.String(),
  reason: Type.Object({ zh: Type.String(), en: Type.String() }),
  evidence: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Enum([...CONFLICT_STATUSES]),
  recorded: Type.Boolean(),
  binding: Type.Boolean({ description: 'Keeps the expert from the application (anything not overturned)' }),
  disputeReason: NullableStr(5000),
  resolutionReason: NullableStr(5000),
  resolvedAt: NullableDateTime,
});

export const ConflictQuery = Type.Object({ challengeId: Type.Optional(Uuid) }, { additionalProperties: false });

export const ConflictBody = Type.Object(
  { expertId: Uuid, applicationId: Uuid, reasonZh: Str(2000, 1), reasonEn: Str(2000, 1), evidence: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { additionalProperties: false },
);

export const ResolveBody = Type.Object({ outcome: Type.Enum(['upheld', 'overturned']), reason: Str(5000, 1) }, { additionalProperties: false });
export const DisputeBody = Type.Object({ reason: Str(5000, 1) }, { additionalProperties: false });
export const DetectBody = Type.Object({ challengeId: Uuid }, { additionalProperties: false });
