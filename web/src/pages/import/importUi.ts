import type { paths } from '../../api/schema';
import type { ImportKind, ImportStatus } from '../../api/types.ts';

export const TEMPLATE_PATH = '/api/v1/registry/imports/template' satisfies keyof paths;

export function templateHref(kind: ImportKind, format: 'xlsx' | 'csv'): string {
  return `${TEMPLATE_PATH}?${new URLSearchParams({ kind, format }).toString()}`;
}

export const STATUS_COLORS: Record<ImportStatus, string> = { parsing: 'processing', ready: 'blue', has_errors: 'error', committed: 'success' };

/** Files the server reads (it checks the content too). */
export const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
