// The race module's audit actions, merged into the platform's typed catalogue.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'race.created': { code: string; challengeId: string; fundsRule: string; gates: number; contracts: string[] };
    'race_gate.evidence_closed': { raceId: string; seq: number; milestones: number };
    'race_gate.scores_adopted': { raceId: string; seq: number; roundId: string; scores: { teamId: string; scoreCenti: number | null; rank: number | null }[] };
    'race_decision.recorded': { raceId: string; gateSeq: number; teamId: string; outcome: string; reason: string | null; conditions: string | null; previous: string | null };
    'race_gate.decided': { raceId: string; seq: number; passed: string[]; eliminated: string[]; releasedFen: number; cancelledFen: number; returnedFen: number; reallocated: { teamId: string; fen: number }[] };
    'race_team.eliminated': { raceId: string; gateSeq: number; contractId: string; reason: string; cancelledFen: number };
    'race.finished': { outcome: string; winners: string[] };
  }
}

export {};
