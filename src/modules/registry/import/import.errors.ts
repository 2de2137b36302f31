import { AppError, type FieldError } from '../../../platform/http/errors.ts';
import type { ImportRowError } from './import.tables.ts';

/** The import's refusals in one place. */
export const importErrors = {
  notFound: () => new AppError('NOT_FOUND', 'import not found'),
  notReady: () => new AppError('IMPORT_NOT_READY', 'the file is still being checked; commit when the check has finished'),
  alreadyCommitted: () => new AppError('IMPORT_ALREADY_COMMITTED', 'this import has already been committed'),
  hasErrors: (errors: ImportRowError[]) =>
    new AppError(
      'IMPORT_HAS_ERRORS',
      'the file has errors; nothing was written. Fix the rows listed and upload the file again',
      errors.slice(0, 20).map((e): FieldError => ({ path: `row ${e.row}${e.column ? ` ${e.column}` : ''}`, message: `${e.en} (${e.zh})` })),
    ),
};
