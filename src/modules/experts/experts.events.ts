// The experts module's audit actions, merged into the platform's typed catalogue.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'expert.created': { name: string; userId: string | null; organizationId: string | null };
    'expert.updated': { fields: string[]; bySelf: boolean };
    'conflict.recorded': { expertId: string; applicationId: string; kind: string; key: string };
    'conflict.added': { expertId: string; applicationId: string; reasonZh: string };
    'conflict.disputed': { reason: string };
    'conflict.resolved': { outcome: 'upheld' | 'overturned'; reason: string; from: string };
    'expert.import_committed': { fileName: string; fileSha256: string; rows: number; inserted: number; updated: number; unchanged: number };
  }
}

export {};
