import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Services } from '../../services.ts';
import { authorize } from '../auth/policy.ts';
import { DateTime, Page, pageWindow, responses, Uuid } from '../http/schemas.ts';
import { Readable } from 'node:stream';
import { EXPORT_FORMATS, sendDownload } from '../export/index.ts';
import { exportChain, listAudit, verifyTenantChain, type AuditFilter } from './audit.service.ts';
import { exportAuditEvents } from './audit.export.ts';

const AuditEventSchema = Type.Object({
  id: Type.Integer(),
  chainSeq: Type.Integer(),
  actorUserId: Type.Union([Uuid, Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  summary: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  occurredAt: DateTime,
  prevHash: Type.String(),
  hash: Type.String(),
});

const VerifySchema = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer(),
  headHash: Type.String(),
  broken: Type.Optional(
    Type.Object({
      chainSeq: Type.Integer(),
      id: Type.Integer(),
      reason: Type.Enum(['sequence_gap', 'prev_hash_mismatch', 'hash_mismatch', 'head_mismatch']),
    }),
  ),
  verifiedAt: DateTime,
});

const AuditFilterProperties = {
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Action or action prefix, e.g. "auth."' })),
  actorUserId: Type.Optional(Uuid),
  targetType: Type.Optional(Type.String({ maxLength: 50 })),
  targetId: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
const AuditListQuery = Type.Object(AuditFilterProperties, { additionalProperties: false });
// The list's own query string is accepted as is (paging is ignored: an export has every matching event), plus the format.
const AuditEventsExportQuery = Type.Object({ ...AuditFilterProperties, format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'xlsx' })) }, { additionalProperties: false });

function filterOf(q: Static<typeof AuditListQuery>): AuditFilter {
  return {
    action: q.action,
    actorUserId: q.actorUserId,
    targetType: q.targetType,
    targetId: q.targetId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

export function auditRoutes(services: Services): FastifyPluginAsyncTypebox {
  const db = services.database.db;
  return async (app) => {
    app.get(
      '/audit/events',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit events of my tenant, newest first (auditor, admin)',
          querystring: AuditListQuery,
          response: responses({ 200: Page(AuditEventSchema) }),
        },
      },
      async (request) => {
        authorize(request.actor, 'audit.read');
        const q = request.query;
        const w = pageWindow(q);
        const { items, total } = await listAudit(db, request.actor.tenantId, filterOf(q), { offset: w.offset, limit: w.limit, order: q.order ?? 'desc' });
        return {
          items: items.map((e) => ({
            id: e.id,
            chainSeq: e.chainSeq,
            actorUserId: e.actorUserId,
            actorLabel: e.actorLabel,
            action: e.action,
            targetType: e.targetType,
            targetId: e.targetId,
            summary: e.summary,
            requestId: e.requestId,
            occurredAt: e.occurredAt.toISOString(),
            prevHash: e.prevHash,
            hash: e.hash,
          })),
          total,
          page: w.page,
          pageSize: w.pageSize,
        };
      },
    );

    app.get(
      '/audit/events/export',
      {
        // Checked before validation, so a caller without a session learns 401 rather than a 400 about the query.
        preValidation: async (request) => authorize(request.actor, 'audit.read'),
        schema: {
          tags: ['audit'],
          summary: 'Export the audit events matching the filters of GET /audit/events as xlsx or CSV (UTF-8 with BOM), streamed; times in Asia/Shanghai (auditor, admin)',
          description: 'CSV has no row limit. An xlsx worksheet holds 1,048,575 rows: a larger selection answers 400 EXPORT_TOO_LARGE (narrow the range or use CSV).',
          querystring: AuditEventsExportQuery,
          response: responses({ 200: Type.Unknown({ description: 'The file (xlsx or CSV with a UTF-8 BOM)' }) }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        authorize(request.actor, 'audit.read');
        const q = request.query;
        const file = await exportAuditEvents(db, request.actor.tenantId, filterOf(q), q.order ?? 'desc', q.format ?? 'xlsx', services.clock.now());
        return sendDownload(reply, file, file.stream);
      },
    );

    app.get(
      '/audit/export',
      {
        schema: {
          tags: ['audit'],
          summary: 'My tenant’s whole chain as JSON Lines, for verification outside the platform (auditor, admin)',
          response: responses({ 200: Type.Unknown({ description: 'application/x-ndjson, one event per line in chain order' }) }, [401, 403]),
        },
      },
      async (request, reply) => {
        authorize(request.actor, 'audit.read');
        const tenantId = request.actor.tenantId;
        const lines = (async function* () {
          for await (const e of exportChain(db, tenantId)) yield JSON.stringify(e) + '\n';
        })();
        const stamp = services.clock.now().toISOString().slice(0, 10);
        reply.header('content-type', 'application/x-ndjson; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="audit-${stamp}.jsonl"`);
        return reply.send(Readable.from(lines));
      },
    );

    app.post(
      '/audit/verify',
      { schema: { tags: ['audit'], summary: 'Walk my tenant’s hash chain and name the first broken link (auditor, admin)', response: responses({ 200: VerifySchema }, [401, 403]) } },
      async (request) => {
        authorize(request.actor, 'audit.verify');
        const r = await verifyTenantChain(db, request.actor.tenantId, '');
        return { ok: r.ok, events: r.events, headHash: r.headHash, ...(r.broken ? { broken: r.broken } : {}), verifiedAt: services.clock.now().toISOString() };
      },
    );
  };
}
