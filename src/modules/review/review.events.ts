// The review module's audit actions, merged into the platform's typed catalogue. Add actions here as the
// use cases need them; every state change writes one in its own transaction.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'review_round.created': { subjectType: string; subjectId: string; name: string; items: number };
    'review_round.updated': { fields: string[] };
    'review_round.cancelled': { reason: string };
  }
}

export {};
