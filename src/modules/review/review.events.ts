// The review module's audit actions, merged into the platform's typed catalogue. Add actions here as the
// use cases need them; every state change writes one in its own transaction.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'review_round.created': { subjectType: string; subjectId: string; name: string; items: number };
    'review_round.updated': { fields: string[]; deadline?: { from: string; to: string } };
    'review_round.cancelled': { reason: string; from: string };
    'review_round.opened': { items: number; assignments: number; experts: number; deadline: string };
    'review_panel.changed': { added: string[]; updated: string[] };
    'review_panel.removed': { expertId: string; assignmentsRemoved: number };
    /** The seed and hashes of what a draw used and produced, so the draw row can be checked against the chain. */
    'review_draw.made': { drawId: string; mode: string; seed: string; algorithm: string; candidatesHash: string; paramsHash: string; resultHash: string; drawn: number };
    'review_assignment.solved': { pairs: number; objective: number; minItemTotal: number | null; optimal: boolean; replaced: number; ms: number };
    'review_assignment.changed': { kind: 'replace' | 'swap'; itemId: string; expertId: string; withExpertId: string; otherItemId: string | null; reason: string; sheetsDiscarded: number };
  }
}

export {};
