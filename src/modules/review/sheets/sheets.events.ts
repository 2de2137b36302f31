// Audit actions of scoring, closing and adoption, merged into the platform's typed catalogue.
declare module '../../../platform/audit/events.ts' {
  interface AuditEventMap {
    'review_sheet.saved': { roundId: string; scored: string[]; commented: string[] };
    'review_sheet.submitted': { roundId: string; itemId: string; expertId: string; totalCenti: number; scores: Record<string, number> };
    'review_sheet.returned': { roundId: string; itemId: string; expertId: string; reason: string; previousTotalCenti: number | null };
    'review_round.closed': { force: boolean; missing: number; reason: string | null };
    'review_round.adopted': { subjectType: string; subjectId: string; rankBy: string; scored: number; unscored: number };
  }
}

export {};
