import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { receiveUpload } from '../../platform/http/upload.ts';
import { IdParams, PageQuery, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import { registryPolicy } from './registry.policy.ts';
import { QualificationKindSchema, SearchQuery } from './registry.schemas.ts';
import { importTemplate, registryImportsOf, type ImportSessionRow, type RegistryImportService } from './import/index.ts';
import { assertUtf8Csv } from './import/parse.ts';
import { ImportChangeSchema, ImportRowErrorSchema, ImportSessionSchema, ImportUploadQuery, TemplateQuery } from './import/import.schemas.ts';
import { RegistryExportService, type ExportFile } from './export/export.service.ts';

const SESSION_PREVIEW = 20;

function requireRead(actor: Actor | null): asserts actor is Actor {
  requireActor(actor);
  if (!registryPolicy.read(actor)) throw new AppError('FORBIDDEN', 'requires registry read access');
}
function requireWrite(actor: Actor | null): asserts actor is Actor {
  requireActor(actor);
  if (!registryPolicy.write(actor)) throw new AppError('FORBIDDEN', 'requires registry write access');
}
// Checked before the request is validated, so a caller without a session learns 401 (not 400 about a
// query parameter), as everywhere else in the API; handlers check again for the types.
const readers = { preValidation: async (request: FastifyRequest) => requireRead(request.actor) };
const writers = { preValidation: async (request: FastifyRequest) => requireWrite(request.actor) };

export function presentImport(s: ImportSessionRow, viewer: Actor, preview = SESSION_PREVIEW) {
  const processed = s.recordsRead;
  const total = s.recordsTotal;
  const percent = s.status === 'parsing' ? (total ? Math.min(99, Math.floor((processed / Math.max(total, processed, 1)) * 100)) : 0) : 100;
  return {
    id: s.id,
    kind: s.kind,
    format: s.format,
    fileName: s.fileName,
    attachmentId: s.attachmentId,
    status: s.status,
    progress: { processed, total, percent },
    counts: { rows: s.dataRows, insert: s.insertCount, update: s.updateCount, unchanged: s.unchangedCount, errors: s.errorCount },
    ignoredColumns: s.ignoredColumns,
    errors: s.errors.slice(0, preview),
    changes: s.changes.slice(0, preview),
    result: s.result ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    committedAt: s.committedAt ? s.committedAt.toISOString() : null,
    actions: s.status === 'ready' && registryPolicy.write(viewer) ? ['commit' as const] : [],
  };
}

function sendFile(reply: FastifyReply, f: { filename: string; contentType: string }, body: ExportFile['stream'] | Buffer) {
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  reply.header('content-type', f.contentType);
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
  reply.header('cache-control', 'private, no-store');
  return reply.send(body);
}

const Download = Type.Unknown({ description: 'The file (xlsx or CSV with a UTF-8 BOM)' });
const PagedOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: 'All found in the file' }),
    available: Type.Integer({ description: 'How many of them are kept for paging (the first ones)' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
const PageOnly = Type.Object(PageQuery, { additionalProperties: false });

// The list's own query string is accepted as is (paging and facet options are ignored: an export has
// every matching row), plus the file format.
const OrganizationExportQuery = Type.Object({ ...SearchQuery.properties, format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false });

/**
 * Spreadsheet import (upload → check with progress → preview → all-or-nothing commit), import
 * templates, and xlsx/CSV exports of the registry's lists.
 */
export function registryIoRoutes(services: Services, imports: RegistryImportService = registryImportsOf(services)): FastifyPluginAsyncTypebox {
  const exports = new RegistryExportService(services.database.db, services.registry);
  return async (app) => {
    app.get(
      '/registry/imports/template',
      {
        ...writers,
        schema: {
          tags: ['registry'],
          summary: 'Download the import template of organisations, qualifications or annual figures (officer, admin)',
          querystring: TemplateQuery,
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireWrite(request.actor);
        const t = await importTemplate(request.query.kind, request.query.format ?? 'xlsx');
        return sendFile(reply, t, t.data);
      },
    );

    app.post(
      '/registry/imports',
      {
        ...writers,
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['registry'],
          summary: 'Upload a CSV or xlsx file to import (multipart field "file"); answers at once, the check runs in the background (officer, admin)',
          consumes: ['multipart/form-data'],
          querystring: ImportUploadQuery,
          description: 'At most IMPORT_MAX_BYTES (64 MiB by default; 413 FILE_TOO_LARGE above). A CSV must be UTF-8 (415 CSV_NOT_UTF8 otherwise).',
          response: responses({ 202: ImportSessionSchema }, [400, 401, 403, 413, 415, 429]),
        },
      },
      async (request, reply) => {
        requireWrite(request.actor);
        // Imports have their own, larger limit (IMPORT_MAX_BYTES): a 100,000-row CSV is above UPLOAD_MAX_BYTES.
        const { filename, data } = await receiveUpload(request, { maxBytes: services.config.importMaxBytes });
        assertUtf8Csv(data, filename);
        const row = await imports.upload(commandContext(request), { kind: request.query.kind, filename, data });
        return reply.code(202).send(presentImport(row, request.actor));
      },
    );

    app.get(
      '/registry/imports',
      {
        ...writers,
        schema: {
          tags: ['registry'],
          summary: 'Imports of my tenant, newest first (officer, admin)',
          querystring: PageOnly,
          response: responses({ 200: Type.Object({ items: Type.Array(ImportSessionSchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) }, [400, 401, 403]),
        },
      },
      async (request) => {
        requireWrite(request.actor);
        const w = pageWindow(request.query);
        const r = await imports.list(request.actor.tenantId, w);
        const actor = request.actor;
        return { items: r.items.map((s) => presentImport(s, actor, 0)), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get(
      '/registry/imports/:id',
      {
        ...writers,
        schema: {
          tags: ['registry'],
          summary: 'An import: status and progress, counts, the first errors and changes (officer, admin)',
          params: IdParams,
          response: responses({ 200: ImportSessionSchema }),
        },
      },
      async (request) => {
        requireWrite(request.actor);
        return presentImport(await imports.get(request.actor.tenantId, request.params.id), request.actor);
      },
    );

    app.get(
      '/registry/imports/:id/errors',
      {
        ...writers,
        schema: {
          tags: ['registry'],
          summary: 'Row-level errors of an import, by row (officer, admin)',
          params: IdParams,
          querystring: PageOnly,
          response: responses({ 200: PagedOf(ImportRowErrorSchema) }),
        },
      },
      async (request) => {
        requireWrite(request.actor);
        const s = await imports.get(request.actor.tenantId, request.params.id);
        const w = pageWindow(request.query);
        return { items: s.errors.slice(w.offset, w.offset + w.limit), total: s.errorCount, available: s.errors.length, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get(
      '/registry/imports/:id/changes',
      {
        ...writers,
        schema: {
          tags: ['registry'],
          summary: 'What an import would change (or changed): inserts and updates with their fields (officer, admin)',
          params: IdParams,
          querystring: PageOnly,
          response: responses({ 200: PagedOf(ImportChangeSchema) }),
        },
      },
      async (request) => {
        requireWrite(request.actor);
        const s = await imports.get(request.actor.tenantId, request.params.id);
        const w = pageWindow(request.query);
        return { items: s.changes.slice(w.offset, w.offset + w.limit), total: s.insertCount + s.updateCount, available: s.changes.length, page: w.page, pageSize: w.pageSize };
      },
    );

    app.post(
      '/registry/imports/:id/commit',
      {
        ...writers,
        schema: {
          tags: ['registry'],
          summary: 'Apply a checked import: every row or none, after checking again against the registry as it is now (officer, admin)',
          params: IdParams,
          response: responses({ 200: ImportSessionSchema }, [401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireWrite(request.actor);
        const row = await imports.commit(commandContext(request), request.params.id);
        return presentImport(row, request.actor);
      },
    );

    app.get(
      '/organizations/export',
      {
        ...readers,
        schema: {
          tags: ['registry'],
          summary: 'Export every organisation matching the filters of GET /organizations, with current qualifications (officer, admin, auditor)',
          querystring: OrganizationExportQuery,
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireRead(request.actor);
        const q = request.query;
        const file = exports.organizations(
          request.actor.tenantId,
          { q: q.q, zoneId: q.zoneId, type: q.type, qualification: q.qualification, industry: q.industry, field: q.field, sort: q.sort ?? (q.q ? 'relevance' : 'name'), order: q.order ?? 'asc' },
          q.format ?? 'xlsx',
        );
        return sendFile(reply, file, file.stream);
      },
    );

    app.get(
      '/qualifications/export',
      {
        ...readers,
        schema: {
          tags: ['registry'],
          summary: 'Export qualifications with their status today, optionally by kind, status or organisation (officer, admin, auditor)',
          querystring: Type.Object(
            {
              format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })),
              kind: Type.Optional(Type.Array(QualificationKindSchema, { maxItems: 7 })),
              status: Type.Optional(Type.Array(Type.Enum(['valid', 'expiring', 'expired', 'not_yet_valid']), { maxItems: 4 })),
              organizationId: Type.Optional(Uuid),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireRead(request.actor);
        const q = request.query;
        const file = exports.qualifications(request.actor.tenantId, { kind: q.kind, status: q.status, organizationId: q.organizationId }, q.format ?? 'xlsx');
        return sendFile(reply, file, file.stream);
      },
    );

    app.get(
      '/people/export',
      {
        ...readers,
        schema: {
          tags: ['registry'],
          summary: 'Export researchers and talents matching the filters of GET /people (officer, admin, auditor)',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 100 })),
              organizationId: Type.Optional(Uuid),
              format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })),
              page: Type.Optional(Type.Integer({ minimum: 1 })),
              pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireRead(request.actor);
        const q = request.query;
        const file = exports.people(request.actor.tenantId, { q: q.q, organizationId: q.organizationId }, q.format ?? 'xlsx');
        return sendFile(reply, file, file.stream);
      },
    );

    app.get(
      '/figures/export',
      {
        ...readers,
        schema: {
          tags: ['registry'],
          summary: 'Export the annual figures of one year, money in yuan (officer, admin, auditor)',
          querystring: Type.Object({ year: Type.Integer({ minimum: 1949, maximum: 2200 }), format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false }),
          response: responses({ 200: Download }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireRead(request.actor);
        const file = exports.figures(request.actor.tenantId, request.query.year, request.query.format ?? 'xlsx');
        return sendFile(reply, file, file.stream);
      },
    );
  };
}
