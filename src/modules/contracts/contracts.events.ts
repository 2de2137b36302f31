// The contracts module's audit actions, merged into the platform's typed catalogue.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'contract.created': { code: string; applicationId: string; totalFen: number; tranches: number };
    'contract.amended': { version: number; reason: string; changed: string[] };
    'contract.confirmed': { version: number; side: 'organization' | 'office'; active: boolean };
    'contract.change_proposed': { baseVersion: number; side: 'organization' | 'office'; changed: string[] };
    'contract.change_decided': { decision: 'approve' | 'refuse'; reason: string; version: number | null };
    'contract.completed': { releasedFen: number };
    'contract.terminated': { version: number; reason: string; cancelledFen: number; tranchesCancelled: number };
    'milestone.evidence_submitted': { milestoneSeq: number; items: number; files: string[] };
    'milestone.decided': { milestoneSeq: number; decision: 'accept' | 'return'; note: string | null };
    'milestone.overdue': { contractId: string; seq: number; dueOn: string };
    'progress.submitted': { periodFrom: string; periodTo: string; figures: number };
    'progress.decided': { decision: 'accept' | 'return'; note: string | null };
    'supervision.issued': { code: string; milestoneId: string | null; responseDueOn: string };
    'supervision.responded': { code: string };
    'supervision.closed': { code: string };
    'tranche.released': { trancheSeq: number; amountFen: number; releasedFen: number; totalFen: number };
    'tranche.reversed': { trancheSeq: number; amountFen: number; entryId: string; releasedFen: number };
  }
}

export {};
