// The challenge module's audit actions, merged into the platform's typed catalogue.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'demand.submitted': { title: string; organizationId: string };
    'demand.reviewed': { decision: 'accepted' | 'rejected'; note: string | null };
    'demand.merged': { into: string; sources: string[] };
    'demand.converted': { challengeId: string; code: string };
    'challenge.drafted': { code: string; title: string; fromDemands: string[] };
    'challenge.draft_updated': { fields: string[] };
    'challenge.submitted_for_approval': { version: number };
    'challenge.approved': { version: number; submittedBy: string | null };
    'challenge.approval_refused': { reason: string };
    'challenge.published': { batchId: string; batchCode: string; version: number; deadline: string };
    'challenge.corrected': { version: number; reason: string; changed: string[]; notified: number };
    'challenge.cancelled': { reason: string; notified: number };
    'challenge.review_opened': { accepted: number; lapsed: number };
    'challenge.defence_recorded': { heldAt: string; location: string; applications: number };
    'challenge.decided': { kind: 'award' | 'no_award'; applicationIds: string[]; reason: string };
    'challenge.awarded': { contracts: string[] };
    'challenge.review_scores_adopted': { roundId: string | null; scores: { applicationId: string; scoreCenti: number | null; previous: number | null }[] };
    'batch.published': { code: string; title: string; challenges: string[] };
    'application.created': { challengeId: string; organizationId: string; code: string };
    'application.updated': { fields: string[] };
    'application.submitted': { version: number; challengeVersion: number; budgetTotalFen: number };
    'application.withdrawn': { status: string };
    'application.checked': { decision: 'accept' | 'reject' | 'return'; reason: string | null; correctionDueAt: string | null };
    'application.lapsed': { correctionDueAt: string };
    /** Hand-entered committee scores, before expert review rounds replaced them (kept for older records). */
    'application.scored': { scoreCenti: number; previous: number | null };
    'notice.published': { challengeId: string; workingDays: number; startsOn: string; endsOn: string; applicationIds: string[] };
    'notice.closed': { outcome: 'confirmed' | 'revoked'; objections: number; upheld: number };
    'objection.lodged': { noticeId: string; name: string };
    'objection.answered': { outcome: 'dismissed' | 'upheld' };
  }
}

export {};
