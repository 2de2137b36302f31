import { Type } from 'typebox';
import { DateTime, NullableDateTime, Uuid } from '../../../platform/http/schemas.ts';
import { IMPORT_FORMATS, IMPORT_KINDS, IMPORT_STATUSES } from './import.tables.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ImportKindSchema = Type.Enum(IMPORT_KINDS);
export const ImportFormatSchema = Type.Enum(IMPORT_FORMATS);

export const ImportRowErrorSchema = Type.Object({
  row: Type.Integer({ description: 'Row as the spreadsheet shows it; the header is row 1' }),
  column: Nullable(Type.String({ description: 'The column header as written in the file' })),
  field: Nullable(Type.String()),
  code: Type.String({ description: 'Stable code, e.g. invalid_credit_code, duplicate_in_file, negative' }),
  zh: Type.String(),
  en: Type.String(),
  value: Nullable(Type.String()),
});

export const ImportChangeSchema = Type.Object({
  row: Type.Integer(),
  action: Type.Enum(['insert', 'update']),
  key: Type.String(),
  label: Type.String(),
  fields: Type.Array(Type.Object({ field: Type.String(), column: Type.String(), from: Nullable(Type.String()), to: Nullable(Type.String()) })),
});

export const ImportSessionSchema = Type.Object({
  id: Uuid,
  kind: ImportKindSchema,
  format: ImportFormatSchema,
  fileName: Type.String(),
  attachmentId: Uuid,
  status: Type.Enum(IMPORT_STATUSES),
  progress: Type.Object({
    processed: Type.Integer({ description: 'Records checked so far' }),
    total: Nullable(Type.Integer({ description: 'Records in the file (an estimate while checking)' })),
    percent: Type.Integer({ minimum: 0, maximum: 100 }),
  }),
  counts: Type.Object({ rows: Type.Integer(), insert: Type.Integer(), update: Type.Integer(), unchanged: Type.Integer(), errors: Type.Integer() }),
  ignoredColumns: Type.Array(Type.String(), { description: 'Header cells that match no column; their values are not imported' }),
  errors: Type.Array(ImportRowErrorSchema, { description: 'The first errors; page through all with /errors' }),
  changes: Type.Array(ImportChangeSchema, { description: 'The first changes; page through them with /changes' }),
  result: Nullable(Type.Object({ inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), durationMs: Type.Integer() })),
  createdAt: DateTime,
  updatedAt: DateTime,
  committedAt: NullableDateTime,
  actions: Type.Array(Type.Enum(['commit'])),
});

export const ImportUploadQuery = Type.Object({ kind: ImportKindSchema }, { additionalProperties: false });
export const TemplateQuery = Type.Object({ kind: ImportKindSchema, format: Type.Optional(ImportFormatSchema) }, { additionalProperties: false });
