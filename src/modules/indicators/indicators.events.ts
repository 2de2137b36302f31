// The indicators module's audit actions, merged into the platform's typed catalogue.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'indicator.definitions_seeded': { codes: string[] };
    'indicator.value_entered': { code: string; zoneId: string | null; year: number; value: string; previous: string | null; source: string; note: string | null };
    'indicator.recompute_requested': { year: number | null; jobId: string };
  }
}

export {};
