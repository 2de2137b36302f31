// The key-project lists' audit actions, merged into the platform's typed catalogue.
declare module '../../platform/audit/events.ts' {
  interface AuditEventMap {
    'project_list.created': { nameZh: string; year: number };
    'project_list.updated': { fields: string[] };
    'project_list.published': { slug: string };
    'project_list.unpublished': Record<string, never>;
    'project_list.statuses_refreshed': { asOf: string; changed: number };
    'project_list.imported': { fileName: string; inserted: number; updated: number; unchanged: number };
    'project_item.created': { listId: string; code: string; status: string };
    'project_item.updated': { fields: string[]; status: string };
    'project_item.status_overridden': { from: string; to: string; computed: string; reason: string };
    'project_item.override_cleared': { from: string; to: string; reason: string | null };
    'project_baseline.created': { listId: string; name: string; items: number };
  }
}

export {};
