// What the rest of the registry module (routes, exports) and the platform wiring use of imports.
import type { Services } from '../../../services.ts';
import { FileService, LocalBlobStore, type BlobStore } from '../../../platform/files/files.service.ts';
import type { JobHandler } from '../../../platform/jobs/runner.ts';
import { importJobHandlers } from './import.job.ts';
import { RegistryImportService, type ImportOptions } from './import.service.ts';

export { RegistryImportService, IMPORT_CHECK_JOB, type ImportSessionRow, type ImportOptions } from './import.service.ts';
export { importJobHandlers } from './import.job.ts';
export { COLUMNS, KIND_LABELS, type ColumnSpec } from './columns.ts';
export { IMPORT_KINDS, IMPORT_FORMATS, IMPORT_STATUSES, type ImportKind, type ImportFormat, type ImportStatus } from './import.tables.ts';
export { ORG_TYPE_LABELS, PRIORITY_FIELD_LABELS, QUALIFICATION_KIND_LABELS, QUALIFICATION_STATUS_LABELS } from './labels.ts';
export { formatFen, parseYuanToFen } from './rules.ts';
export { importTemplate } from './template.ts';

const instances = new WeakMap<Services, RegistryImportService>();

/**
 * One import service per wired set of services, shared by the routes and the job handler (its cache of
 * open readers lives there). Files are read from the local blob store under DATA_DIR, like FileService's
 * default; when Services exposes its BlobStore, pass it here.
 */
export function registryImportsOf(services: Services, opts: ImportOptions & { blobs?: BlobStore } = {}): RegistryImportService {
  let s = instances.get(services);
  if (!s) {
    const registry = services.registry;
    const blobs = opts.blobs ?? new LocalBlobStore(services.config.dataDir);
    // Import files have their own size limit (IMPORT_MAX_BYTES), above the general UPLOAD_MAX_BYTES.
    const files = new FileService(services.database.db, blobs, services.config.importMaxBytes);
    s = new RegistryImportService(services.database.db, services.clock, files, blobs, {
      // Indicators derived from the registry are recomputed after a commit, like after any registry change.
      onApplied: (tx, tenantId) => registry.notifyChanged(tx, tenantId),
      ...opts,
    });
    instances.set(services, s);
  }
  return s;
}

/** For src/platform/jobs/handlers.ts: `...registryImportJobHandlers(services)`. */
export function registryImportJobHandlers(services: Services): Record<string, JobHandler> {
  return importJobHandlers(registryImportsOf(services));
}
