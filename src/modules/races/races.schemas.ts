import { Type } from 'typebox';
import { DateTime, NullableDateTime, Page, PageQuery, Uuid } from '../../platform/http/schemas.ts';
import { FUNDS_RULES, GATE_STATUSES, OUTCOMES, RACE_OUTCOMES, RACE_STATUSES, TEAM_STATUSES } from './races.tables.ts';

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Fen = Type.Integer({ description: 'Money in integer fen (1 yuan = 100 fen)' });
const DateStr = Type.String({ format: 'date', description: 'A Beijing calendar date' });
const strict = { additionalProperties: false } as const;

const Target = Type.Object({ indicator: Str(200, 1), target: Str(200, 1), unit: Str(50) }, strict);
const Outcome = Type.Enum([...OUTCOMES]);
const ChallengeRef = Type.Object({ id: Uuid, code: Type.String(), title: Type.String() });

export const RaceCreateBody = Type.Object(
  {
    challengeId: Uuid,
    title: Str(200, 1),
    fundsRule: Type.Enum([...FUNDS_RULES], { description: 'return: an eliminated team’s unreleased money goes back to the budget; reallocate: split over the remaining teams’ next-gate tranches' }),
    contractIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 20, description: 'Default: every contract of the challenge that is not terminated or completed' })),
    gates: Type.Array(Type.Object({ title: Str(200), dueOn: DateStr, targets: Type.Optional(Type.Array(Target, { maxItems: 30 })) }, strict), { minItems: 1, maxItems: 10 }),
  },
  strict,
);

export const RaceDecisionBody = Type.Object({ outcome: Outcome, reason: Type.Optional(Nullable(Str(2000))), conditions: Type.Optional(Nullable(Str(2000))) }, strict);

export const RaceListQuery = Type.Object(
  { q: Type.Optional(Str(100)), status: Type.Optional(Type.Enum([...RACE_STATUSES])), sort: Type.Optional(Type.Enum(['code', '-code', 'created', '-created'])), ...PageQuery },
  strict,
);

/** What a race is, in the list and in the detail. */
const raceHead = {
  id: Uuid,
  code: Type.String(),
  title: Type.String(),
  status: Type.Enum([...RACE_STATUSES]),
  fundsRule: Type.Enum([...FUNDS_RULES]),
  outcome: Nullable(Type.Enum([...RACE_OUTCOMES])),
};

export const RaceSummary = Type.Object({
  ...raceHead,
  challenge: ChallengeRef,
  gatesTotal: Type.Integer(),
  currentGateSeq: Nullable(Type.Integer()),
  currentGateStatus: Nullable(Type.Enum([...GATE_STATUSES])),
  currentGateDueOn: Nullable(Type.String()),
  teamsTotal: Type.Integer(),
  teamsRacing: Type.Integer(),
  winners: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const RacePage = Page(RaceSummary);

export const RaceCandidates = Type.Object({
  items: Type.Array(
    Type.Object({
      challengeId: Uuid,
      code: Type.String(),
      title: Type.String(),
      targets: Type.Array(Target),
      maxGates: Type.Integer(),
      contracts: Type.Array(Type.Object({ id: Uuid, code: Type.String(), title: Type.String(), organizationName: Type.String(), status: Type.String(), totalFen: Fen, milestones: Type.Array(Type.Object({ seq: Type.Integer(), title: Type.String(), dueOn: Type.String() })) })),
    }),
  ),
});

const Decision = Type.Object({
  teamId: Uuid,
  outcome: Nullable(Outcome),
  reason: Nullable(Type.String()),
  conditions: Nullable(Type.String()),
  scoreCenti: Nullable(Type.Integer({ description: '0–10000 = 0–100.00 points' })),
  rank: Nullable(Type.Integer()),
  recordedBy: Nullable(Uuid),
  recordedAt: NullableDateTime,
  releasedFen: Fen,
  cancelledFen: Fen,
  reallocatedInFen: Fen,
  reallocatedOutFen: Fen,
  ledgerEntryIds: Type.Array(Uuid),
});

export const RaceDetail = Type.Object({
  ...raceHead,
  finishedAt: NullableDateTime,
  createdAt: DateTime,
  createdBy: Nullable(Uuid),
  challenge: ChallengeRef,
  currentGateId: Nullable(Uuid),
  gates: Type.Array(
    Type.Object({
      id: Uuid,
      seq: Type.Integer(),
      title: Type.String(),
      dueOn: Type.String(),
      status: Type.Enum([...GATE_STATUSES]),
      targets: Type.Array(Target),
      evidenceClosedAt: NullableDateTime,
      decidedAt: NullableDateTime,
      decidedBy: Nullable(Uuid),
      reviewRound: Nullable(Type.Object({ id: Uuid, name: Type.String(), status: Type.String() })),
      decisions: Type.Array(Decision),
      actions: Type.Array(Type.Enum(['close_evidence', 'open_review', 'record_decision', 'decide', 'submit_evidence'])),
    }),
  ),
  teams: Type.Array(
    Type.Object({
      id: Uuid,
      contractId: Uuid,
      contractCode: Type.String(),
      contractTitle: Type.String(),
      organizationId: Uuid,
      organizationName: Type.String(),
      status: Type.Enum([...TEAM_STATUSES]),
      eliminatedAtGateSeq: Nullable(Type.Integer()),
      reason: Nullable(Type.String()),
      mine: Type.Boolean(),
      milestones: Type.Array(Type.Object({ gateId: Uuid, milestoneId: Uuid, seq: Type.Integer(), status: Type.String() })),
    }),
  ),
  actions: Type.Array(Type.Enum(['export'])),
});

const Money = Type.Object({ budgetFen: Fen, totalFen: Fen, releasedFen: Fen, cancelledFen: Fen, reallocatedInFen: Fen, reallocatedOutFen: Fen, remainingFen: Fen });

export const RaceBoard = Type.Object({
  race: Type.Object({ id: Uuid, code: Type.String(), title: Type.String(), status: Type.Enum([...RACE_STATUSES]), fundsRule: Type.Enum([...FUNDS_RULES]), outcome: Nullable(Type.Enum([...RACE_OUTCOMES])), challenge: ChallengeRef }),
  gates: Type.Array(Type.Object({ id: Uuid, seq: Type.Integer(), title: Type.String(), dueOn: Type.String(), status: Type.Enum([...GATE_STATUSES]), targets: Type.Array(Target) })),
  teams: Type.Array(
    Type.Object({
      id: Uuid,
      contractId: Uuid,
      contractCode: Type.String(),
      contractTitle: Type.String(),
      organizationName: Type.String(),
      status: Type.Enum([...TEAM_STATUSES]),
      eliminatedAtGateSeq: Nullable(Type.Integer()),
      reason: Nullable(Type.String()),
      mine: Type.Boolean(),
      full: Type.Boolean({ description: 'false: an applicant looking at another team (outcomes only)' }),
      money: Nullable(Money),
      gates: Type.Array(
        Type.Object({
          gateId: Uuid,
          seq: Type.Integer(),
          milestoneId: Nullable(Uuid),
          milestoneStatus: Nullable(Type.String()),
          evidence: Nullable(
            Type.Object({
              submittedAt: DateTime,
              note: Type.String(),
              items: Type.Array(Type.Object({ label: Type.String(), kind: Type.Enum(['file', 'figure']), value: Nullable(Type.String()), file: Nullable(Type.Object({ id: Uuid, name: Type.String() })) })),
            }),
          ),
          scoreCenti: Nullable(Type.Integer()),
          rank: Nullable(Type.Integer()),
          outcome: Nullable(Outcome),
          reason: Nullable(Type.String()),
          conditions: Nullable(Type.String()),
          releasedFen: Nullable(Fen),
          cancelledFen: Nullable(Fen),
          reallocatedInFen: Nullable(Fen),
          reallocatedOutFen: Nullable(Fen),
        }),
      ),
    }),
  ),
});
