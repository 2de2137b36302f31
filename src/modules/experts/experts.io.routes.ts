import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { receiveUpload } from '../../platform/http/upload.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, responses, Uuid } from '../../platform/http/schemas.ts';
import { sendDownload } from '../../platform/export/index.ts';
import { requireExpertManage, requireExpertRead } from './experts.policy.ts';
import { ExpertExportQuery } from './experts.schemas.ts';
import { exportExperts, expertImportTemplate } from './experts.export.ts';
import { assertUtf8Csv, ExpertImportService, type ImportResult } from './experts.import.ts';
import { ROW_MESSAGES } from './experts.import.rules.ts';

const Download = Type.Unknown({ description: 'The file (xlsx, or CSV with a UTF-8 BOM)' });

const ImportResultSchema = Type.Object({
  fileId: Uuid,
  fileName: Type.String(),
  format: Type.Enum(['csv', 'xlsx']),
  sha256: Type.String(),
  committed: Type.Boolean({ description: 'false: a check and preview; true: written' }),
  counts: Type.Object({ rows: Type.Integer(), insert: Type.Integer(), update: Type.Integer(), unchanged: Type.Integer(), errors: Type.Integer({ description: 'Rows with at least one error' }) }),
  ignoredColumns: Type.Array(Type.String()),
  errors: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Spreadsheet row (the header is row 1); 0 for the file as a whole' }),
      column: Type.Union([Type.String(), Type.Null()], { description: 'The column’s Chinese header' }),
      code: Type.Enum(Object.keys(ROW_MESSAGES)),
      zh: Type.String(),
      en: Type.String(),
    }),
  ),
  changes: Type.Array(
    Type.Object({
      row: Type.Integer(),
      action: Type.Enum(['insert', 'update', 'unchanged']),
      expertId: Type.Union([Uuid, Type.Null()]),
      name: Type.String(),
      matchedBy: Type.Union([Type.Enum(['orcid', 'email', 'name']), Type.Null()]),
      fields: Type.Array(Type.String()),
    }),
  ),
  actions: Type.Array(Type.Enum(['commit']), { description: 'commit: the file has no errors and changes something' }),
});

function present(r: ImportResult) {
  return { ...r, actions: !r.committed && r.errors.length === 0 && r.counts.insert + r.counts.update > 0 ? ['commit' as const] : [] };
}

// Checked before the request is validated, so a caller without a session learns 401 first, as elsewhere.
const managers = { preValidation: async (request: FastifyRequest) => requireExpertManage(request.actor) };
const readers = { preValidation: async (request: FastifyRequest) => requireExpertRead(request.actor) };

/** Import of experts from Excel/CSV (template, check with preview, all-or-nothing commit) and the list's export. */
export function expertIoRoutes(services: Services): FastifyPluginAsyncTypebox {
  const imports = new ExpertImportService(services.database.db, services.clock, services.files);
  return async (app) => {
    app.get(
      '/experts/import/template',
      {
        ...managers,
        schema: {
          tags: ['experts'],
          summary: 'The expert import template: the columns, and in xlsx a bilingual instructions sheet (officer, admin)',
          querystring: Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false }),
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireExpertManage(request.actor);
        const t = await expertImportTemplate(request.query.format ?? 'xlsx');
        return sendDownload(reply, t, t.data);
      },
    );

    app.post(
      '/experts/imports',
      {
        ...managers,
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['experts'],
          summary: 'Upload an expert file (multipart field "file", xlsx or UTF-8 CSV) and check it: row errors and what a commit would change; writes no expert (officer, admin)',
          consumes: ['multipart/form-data'],
          description: 'At most UPLOAD_MAX_BYTES (413 FILE_TOO_LARGE) and 5,000 data rows. The type is read from the bytes (415 FILE_TYPE_NOT_ALLOWED); a CSV must be UTF-8 (415 CSV_NOT_UTF8).',
          response: responses({ 200: ImportResultSchema }, [400, 401, 403, 413, 415, 429]),
        },
      },
      async (request) => {
        requireExpertManage(request.actor);
        const { filename, data } = await receiveUpload(request, { maxBytes: services.config.uploadMaxBytes });
        assertUtf8Csv(data, filename);
        return present(await imports.check(commandContext(request), { filename, data }));
      },
    );

    app.post(
      '/experts/imports/:id/commit',
      {
        ...managers,
        schema: {
          tags: ['experts'],
          summary: 'Commit a checked expert file (by its file id): checked again against the pool as it is now, then every row written or none (officer, admin)',
          params: IdParams,
          response: responses({ 200: ImportResultSchema }, [401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireExpertManage(request.actor);
        return present(await imports.commit(commandContext(request), request.actor, request.params.id));
      },
    );

    app.get(
      '/experts/export',
      {
        ...readers,
        schema: {
          tags: ['experts'],
          summary: 'Export the experts matching the filters of GET /experts, in its order; the columns are the import’s (officer, admin, auditor)',
          querystring: ExpertExportQuery,
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireExpertRead(request.actor);
        const q = request.query;
        const file = exportExperts(services.database.db, services.experts, request.actor.tenantId, { q: q.q, field: q.field, availability: q.availability, organizationId: q.organizationId, sort: q.sort }, q.format ?? 'xlsx', services.clock.now());
        return sendDownload(reply, file, file.stream);
      },
    );
  };
}
