import { Type } from 'typebox';
import { DateTime, NullableDateTime, PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { PRIORITY_FIELDS } from '../registry/index.ts';
import { BLIND_MODES, DRAW_MODES, RANK_BY, ROUND_STATUSES, SUBJECT_TYPES } from './review.tables.ts';

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const CriterionSchema = Type.Object(
  {
    key: Str(40, 1),
    nameZh: Str(100),
    nameEn: Str(100),
    weight: Type.Integer({ description: 'Relative weight, a whole number from 1; totals are normalised to 0–100' }),
    scaleMax: Type.Integer({ description: 'Highest score on this criterion (1–100)' }),
    guidanceZh: Type.Optional(Str(2000)),
    guidanceEn: Type.Optional(Str(2000)),
    commentRequired: Type.Optional(Type.Boolean({ description: 'A comment is required on this criterion' })),
  },
  { additionalProperties: false },
);

const settings = {
  name: Str(200, 1),
  criteria: Type.Array(CriterionSchema, { maxItems: 100, description: '1–20 criteria (checked with messages in both languages)' }),
  blind: Type.Enum([...BLIND_MODES], { description: 'single: experts see who applied; double: the applicant is hidden from experts' }),
  commentRequired: Type.Boolean({ description: 'An overall comment is required on every sheet' }),
  expertsPerItem: Type.Integer({ minimum: 1, maximum: 50, description: 'k: experts per application' }),
  minLoad: Type.Integer({ minimum: 0, maximum: 1000, description: 'Fewest applications per panel expert (0: none)' }),
  onePerOrganization: Type.Boolean({ description: 'At most one expert of any one organisation per application' }),
  rankBy: Type.Enum([...RANK_BY]),
  disagreementCenti: Type.Integer({ minimum: 0, maximum: 10000, description: 'Flag an application when its totals spread by at least this, in hundredths of a point on 0–100' }),
  deadline: DateTime,
};

export const RoundCreateBody = Type.Object(
  {
    challengeId: Type.Optional(Uuid),
    subjectType: Type.Optional(Type.Enum([...SUBJECT_TYPES], { description: "What the round reviews: 'challenge' (its accepted applications) or 'race_gate' (the racing teams' gate evidence); default 'challenge'" })),
    subjectId: Type.Optional(Type.String({ format: 'uuid', description: 'The challenge or race gate; challengeId is the older spelling for a challenge' })),
    name: settings.name,
    deadline: settings.deadline,
    criteria: Type.Optional(settings.criteria),
    blind: Type.Optional(settings.blind),
    commentRequired: Type.Optional(settings.commentRequired),
    expertsPerItem: Type.Optional(settings.expertsPerItem),
    minLoad: Type.Optional(settings.minLoad),
    onePerOrganization: Type.Optional(settings.onePerOrganization),
    rankBy: Type.Optional(settings.rankBy),
    disagreementCenti: Type.Optional(settings.disagreementCenti),
  },
  { additionalProperties: false },
);

export const RoundPatchBody = Type.Object(
  {
    name: Type.Optional(settings.name),
    deadline: Type.Optional(settings.deadline),
    criteria: Type.Optional(settings.criteria),
    blind: Type.Optional(settings.blind),
    commentRequired: Type.Optional(settings.commentRequired),
    expertsPerItem: Type.Optional(settings.expertsPerItem),
    minLoad: Type.Optional(settings.minLoad),
    onePerOrganization: Type.Optional(settings.onePerOrganization),
    rankBy: Type.Optional(settings.rankBy),
    disagreementCenti: Type.Optional(settings.disagreementCenti),
  },
  { additionalProperties: false },
);

export const RoundListQuery = Type.Object(
  { ...PageQuery, challengeId: Type.Optional(Uuid), subjectType: Type.Optional(Type.Enum([...SUBJECT_TYPES])), subjectId: Type.Optional(Uuid), status: Type.Optional(Type.Enum([...ROUND_STATUSES])) },
  { additionalProperties: false },
);

export const SubjectSchema = Type.Object({
  type: Type.Enum([...SUBJECT_TYPES]),
  id: Uuid,
  code: Type.String(),
  title: Type.String(),
  status: Type.String(),
  raceId: Nullable(Uuid),
});

export const ReasonBody = Type.Object({ reason: Str(1000, 1) }, { additionalProperties: false });

const LastRun = Type.Object({
  method: Type.Enum(['optimal', 'draw']),
  objective: Type.Number({ description: 'Total affinity of the assigned pairs' }),
  minItemTotal: Nullable(Type.Number()),
  pairs: Type.Integer(),
  ms: Type.Number(),
  ranAt: DateTime,
  certificate: Type.Optional(Type.Object({ optimal: Type.Boolean(), minReducedCost: Type.Number() })),
  drawId: Type.Optional(Uuid),
});

export const RoundSchema = Type.Object({
  id: Uuid,
  challenge: Type.Object({ id: Uuid, code: Type.String(), title: Type.String(), status: Type.String() }, { description: 'The challenge behind the subject (for a race gate, the race’s challenge)' }),
  subject: SubjectSchema,
  name: Type.String(),
  status: Type.Enum([...ROUND_STATUSES]),
  blind: Type.Enum([...BLIND_MODES]),
  criteria: Type.Array(CriterionSchema),
  commentRequired: Type.Boolean(),
  expertsPerItem: Type.Integer(),
  minLoad: Type.Integer(),
  onePerOrganization: Type.Boolean(),
  rankBy: Type.Enum([...RANK_BY]),
  disagreementCenti: Type.Integer(),
  deadline: DateTime,
  lastRun: Nullable(LastRun),
  counts: Type.Object({ items: Type.Integer(), panel: Type.Integer(), assignments: Type.Integer(), sheetsSubmitted: Type.Integer() }),
  createdAt: DateTime,
  updatedAt: DateTime,
  openedAt: NullableDateTime,
  closedAt: NullableDateTime,
  adoptedAt: NullableDateTime,
  actions: Type.Array(Type.String(), { description: 'What the caller may do now: edit, extend, cancel, panel, draw, assign, change, open, close, adopt' }),
});

export const PanelParams = Type.Object({ id: Uuid, expertId: Uuid }, { additionalProperties: false });

export const PanelBody = Type.Object(
  { experts: Type.Array(Type.Object({ expertId: Uuid, maxLoad: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1000, description: 'This round only; null: the profile’s' }))) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

export const PanelMemberSchema = Type.Object({
  expertId: Uuid,
  name: Type.String(),
  organizationId: Nullable(Uuid),
  organizationName: Nullable(Type.String()),
  affiliation: Type.String(),
  title: Type.String(),
  fields: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  availability: Type.String(),
  unavailableUntil: Nullable(Type.String()),
  available: Type.Boolean(),
  hasAccount: Type.Boolean(),
  profileMaxLoad: Type.Integer(),
  maxLoadOverride: Nullable(Type.Integer()),
  effectiveMaxLoad: Type.Integer(),
  assigned: Type.Integer(),
  source: Type.String(),
  drawId: Nullable(Uuid),
  addedAt: DateTime,
});
export const PanelSchema = Type.Object({ items: Type.Array(PanelMemberSchema) });

export const DrawBody = Type.Object(
  {
    mode: Type.Enum([...DRAW_MODES], { description: 'panel: draw panel members; per_item: draw k experts for every application' }),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Panel mode: experts to draw' })),
    fields: Type.Optional(Type.Array(Type.Enum([...PRIORITY_FIELDS]), { maxItems: 20, description: 'Only experts with any of these fields' })),
    from: Type.Optional(Type.Enum(['panel', 'pool'], { description: 'Per-item mode: draw from the panel (default) or the qualified pool' })),
    seed: Type.Optional(Type.String({ pattern: '^([0-9a-f]{2}){16,64}$', description: 'Lower-case hex, to re-run a draw; normally left out (32 random bytes)' })),
  },
  { additionalProperties: false },
);

const DrawResultSchema = Type.Object({ experts: Type.Optional(Type.Array(Uuid)), assignments: Type.Optional(Type.Array(Type.Object({ itemId: Uuid, expertIds: Type.Array(Uuid) }))) });

export const DrawSchema = Type.Object({
  id: Uuid,
  roundId: Uuid,
  mode: Type.Enum([...DRAW_MODES]),
  seed: Type.String(),
  algorithm: Type.String(),
  params: Type.Object({
    count: Type.Optional(Type.Integer()),
    fields: Type.Array(Type.String()),
    k: Type.Optional(Type.Integer()),
    onePerOrganization: Type.Optional(Type.Boolean()),
    from: Type.Optional(Type.String()),
    items: Type.Optional(Type.Array(Type.Object({ itemId: Uuid, code: Type.String() }))),
  }),
  candidates: Type.Array(Type.Object({ expertId: Uuid, organization: Nullable(Type.String()), maxLoad: Type.Integer(), conflicts: Type.Array(Uuid) }), { description: 'In the order shuffled from (by id)' }),
  result: DrawResultSchema,
  experts: Type.Array(Type.Object({ expertId: Uuid, name: Type.String(), organizationName: Nullable(Type.String()) })),
  drawnBy: Nullable(Uuid),
  drawnAt: DateTime,
});
export const DrawListSchema = Type.Object({ items: Type.Array(DrawSchema) });
export const DrawParams = Type.Object({ id: Uuid, drawId: Uuid }, { additionalProperties: false });

export const DrawVerifySchema = Type.Object({
  drawId: Uuid,
  algorithm: Type.String(),
  seed: Type.String(),
  reproduces: Type.Boolean({ description: 'Re-running the record gives the recorded result' }),
  matchesAudit: Type.Boolean({ description: 'The audit event carries the same seed and hashes as the record' }),
  auditEventId: Nullable(Type.Integer()),
  recomputed: Nullable(DrawResultSchema),
});

const Named = { expertId: Uuid, name: Type.String(), organizationName: Nullable(Type.String()) };
const Reason = Type.Object({ zh: Type.String(), en: Type.String() });

export const AffinityMatrixSchema = Type.Object({
  experts: Type.Array(Type.Object(Named)),
  items: Type.Array(
    Type.Object({
      itemId: Uuid,
      code: Type.String(),
      title: Type.String(),
      cells: Type.Array(Type.Object({ expertId: Uuid, score: Type.Number({ description: '0–1' }), terms: Type.Array(Type.String()), conflict: Type.Boolean(), assigned: Type.Boolean() })),
    }),
  ),
});

export const AffinityPairParams = Type.Object({ id: Uuid, itemId: Uuid, expertId: Uuid }, { additionalProperties: false });
const Share = Type.Object({ source: Type.String(), share: Type.Number() });
export const AffinityExplainSchema = Type.Object({
  itemId: Uuid,
  code: Type.String(),
  expertId: Uuid,
  name: Type.String(),
  score: Type.Number(),
  terms: Type.Array(Type.Object({ term: Type.String(), contribution: Type.Number(), expertSources: Type.Array(Share), applicationSources: Type.Array(Share) })),
  conflicts: Type.Array(Reason),
});

export const AssignmentsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      itemId: Uuid,
      code: Type.String(),
      title: Type.String(),
      total: Type.Number(),
      experts: Type.Array(
        Type.Object({
          assignmentId: Uuid,
          ...Named,
          affinity: Type.Number(),
          source: Type.String(),
          conflicts: Type.Array(Reason),
          sheet: Nullable(Type.Object({ id: Uuid, status: Type.String() })),
        }),
      ),
    }),
  ),
  experts: Type.Array(Type.Object({ ...Named, assigned: Type.Integer(), maxLoad: Type.Integer(), available: Type.Boolean() })),
  lastRun: Nullable(LastRun),
});

export const SwapBody = Type.Object(
  {
    itemId: Uuid,
    expertId: Uuid,
    withExpertId: Uuid,
    otherItemId: Type.Optional(Nullable(Uuid)),
    reason: Str(1000, 1),
  },
  { additionalProperties: false, description: 'Replace expertId by withExpertId on itemId; with otherItemId, swap expertId (on itemId) and withExpertId (on otherItemId)' },
);
