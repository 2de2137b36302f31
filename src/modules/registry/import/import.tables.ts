import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../../platform/auth/auth.tables.ts';
import { attachments } from '../../../platform/files/files.tables.ts';

export const IMPORT_KINDS = ['organizations', 'qualifications', 'figures'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** parsing → ready (no errors) | has_errors → committed (from ready only). */
export const IMPORT_STATUSES = ['parsing', 'ready', 'has_errors', 'committed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One problem with one cell (or the whole row / file when column is null). Row numbers are as the spreadsheet shows them: the header is row 1. */
export interface ImportRowError {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  zh: string;
  en: string;
  value: string | null;
}

export interface ImportFieldChange {
  field: string;
  column: string;
  from: string | null;
  to: string | null;
}

export interface ImportChange {
  row: number;
  action: 'insert' | 'update';
  /** The natural key as the user knows it: credit code, plus kind and start date, or year. */
  key: string;
  label: string;
  fields: ImportFieldChange[];
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  durationMs: number;
}

/**
 * One upload of a spreadsheet into the registry: what the check found (counts, the first errors and
 * changes for the preview) and, once committed, what was applied. The file itself stays in the
 * content-addressed file store, so the exact input of every commit can be retrieved later.
 */
export const registryImports = pgTable(
  'registry_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    kind: text('kind').$type<ImportKind>().notNull(),
    format: text('format').$type<ImportFormat>().notNull(),
    attachmentId: uuid('attachment_id').notNull().references(() => attachments.id),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('parsing'),
    /** Records read after the header so far (empty rows included): where the next check chunk resumes. */
    recordsRead: integer('records_read').notNull().default(0),
    /** Estimated records in the file while parsing, exact afterwards; for the progress bar. */
    recordsTotal: integer('records_total'),
    dataRows: integer('data_rows').notNull().default(0),
    insertCount: integer('insert_count').notNull().default(0),
    updateCount: integer('update_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** The first errors and changes (capped); the counts cover every row. */
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default(sql`'[]'::jsonb`),
    changes: jsonb('changes').$type<ImportChange[]>().notNull().default(sql`'[]'::jsonb`),
    ignoredColumns: text('ignored_columns').array().notNull().default(sql`'{}'::text[]`),
    result: jsonb('result').$type<ImportResult>(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    committedBy: uuid('committed_by').references(() => users.id),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('registry_imports_tenant_created_idx').on(t.tenantId, t.createdAt)],
);
