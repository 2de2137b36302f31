import type { JobHandler } from '../../../platform/jobs/runner.ts';
import { IMPORT_CHECK_JOB, type RegistryImportService } from './import.service.ts';

/** The job kinds of registry imports, for the platform's handler table. */
export function importJobHandlers(imports: RegistryImportService): Record<string, JobHandler> {
  return {
    [IMPORT_CHECK_JOB]: async (tx, job) => {
      const sessionId = job.payload.sessionId;
      if (typeof sessionId !== 'string') throw new Error('registry.import.check needs a sessionId');
      return imports.checkChunk(tx, job.tenantId, sessionId);
    },
  };
}
