import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import type { TenantRow } from '../../platform/auth/auth.service.ts';
import { NoticeSchema, ObjectionBody, PublicChallengeListQuery, PublicChallengeSchema, PublicZoneSchema, VersionSchema } from './challenges.schemas.ts';
import { presentNotice, presentPublicChallenge, PUBLIC_STATUSES } from './challenges.present.ts';
import { stageFilter } from './challenges.routes.ts';
import type { ChallengeRow } from './challenges.service.ts';

const TenantQuery = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const READ_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } };
/** Objections carry contact details and land on an officer's desk: a few per minute per address. */
const OBJECTION_LIMIT = { rateLimit: { max: 5, timeWindow: '1 minute' } };

/**
 * What anyone may read without signing in: published challenge lists, a challenge's terms and
 * their corrections, notices and awards; and the objection form while a notice runs.
 */
export function publicChallengeRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { challenges: svc, auth, files, registry } = services;
  const now = () => svc.now();

  async function tenantOf(slug: string): Promise<TenantRow> {
    const t = await auth.tenantBySlug(slug);
    if (!t) throw new AppError('NOT_FOUND', 'no such tenant');
    return t;
  }

  async function publicChallenge(tenantId: string, id: string): Promise<ChallengeRow> {
    const c = await svc.getChallenge(tenantId, id).catch(() => null);
    if (!c || !PUBLIC_STATUSES.includes(c.status)) throw new AppError('NOT_FOUND', 'challenge not found');
    return c;
  }

  /** The public view of several challenges, with one query per kind of fact rather than per challenge. */
  async function dtos(tenantId: string, list: ChallengeRow[]) {
    const ids = list.map((c) => c.id);
    const [counts, shown, batches, attached] = await Promise.all([
      svc.applicationCounts(ids),
      svc.shownNoticeIds(ids),
      svc.listBatches(tenantId),
      files.describe(tenantId, [...new Set(list.flatMap((c) => c.terms.attachmentIds))]),
    ]);
    const batchById = new Map(batches.map((b) => [b.id, b]));
    return list.map((c) => {
      const n = counts.get(c.id)!;
      const submitted = n.submitted + n.returned + n.accepted + n.rejected;
      return presentPublicChallenge(c, now(), c.batchId ? (batchById.get(c.batchId) ?? null) : null, submitted, shown.get(c.id) ?? null, attached);
    });
  }

  return async (app) => {
    app.get(
      '/public/challenges',
      {
        config: READ_LIMIT,
        schema: { tags: ['public'], security: [], summary: 'Published challenge lists, no sign-in: filter by field, zone, stage and deadline', querystring: PublicChallengeListQuery, response: responses({ 200: Page(PublicChallengeSchema) }, [400, 404, 429]) },
      },
      async (request, reply) => {
        const q = request.query;
        const tenant = await tenantOf(q.tenant);
        const w = pageWindow(q);
        const sf = stageFilter(q.stage, now());
        const r = await svc.listChallenges(
          tenant.id,
          {
            q: q.q,
            field: q.field,
            zoneId: q.zoneId,
            status: sf.status ?? PUBLIC_STATUSES,
            deadlineFrom: sf.deadlineFrom ?? (q.deadlineFrom ? new Date(q.deadlineFrom) : undefined),
            deadlineTo: sf.deadlineTo ?? (q.deadlineTo ? new Date(q.deadlineTo) : undefined),
            sort: q.sort ?? '-deadline',
          },
          w,
        );
        reply.header('cache-control', 'public, max-age=30');
        return { items: await dtos(tenant.id, r.items.map((i) => i.challenge)), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get(
      '/public/zones',
      { config: READ_LIMIT, schema: { tags: ['public'], security: [], summary: 'The zones of a tenant (city → zone → park), for the public challenge filters', querystring: TenantQuery, response: responses({ 200: Type.Array(PublicZoneSchema) }, [400, 404, 429]) } },
      async (request, reply) => {
        const tenant = await tenantOf(request.query.tenant);
        reply.header('cache-control', 'public, max-age=300');
        return (await registry.listZones(tenant.id)).map((z) => ({ id: z.id, parentId: z.parentId, level: z.level, code: z.code, nameZh: z.nameZh, nameEn: z.nameEn }));
      },
    );

    app.get(
      '/public/challenges/:id',
      { config: READ_LIMIT, schema: { tags: ['public'], security: [], summary: 'A published challenge, no sign-in', params: IdParams, querystring: TenantQuery, response: responses({ 200: PublicChallengeSchema }, [400, 404, 429]) } },
      async (request) => {
        const tenant = await tenantOf(request.query.tenant);
        return (await dtos(tenant.id, [await publicChallenge(tenant.id, request.params.id)]))[0]!;
      },
    );

    app.get(
      '/public/challenges/:id/versions',
      { config: READ_LIMIT, schema: { tags: ['public'], security: [], summary: 'Every version of a published challenge’s terms with the reason for each correction', params: IdParams, querystring: TenantQuery, response: responses({ 200: Type.Array(VersionSchema) }, [400, 404, 429]) } },
      async (request) => {
        const tenant = await tenantOf(request.query.tenant);
        await publicChallenge(tenant.id, request.params.id);
        return (await svc.versions(request.params.id)).map((v) => ({ version: v.version, terms: v.terms, reason: v.reason, changedFields: v.changedFields, createdAt: v.createdAt.toISOString() }));
      },
    );

    app.get(
      '/public/challenges/:id/attachments/:fileId',
      {
        config: READ_LIMIT,
        schema: {
          tags: ['public'],
          security: [],
          summary: 'Download an attachment of a published challenge',
          params: Type.Object({ id: Uuid, fileId: Uuid }, { additionalProperties: false }),
          querystring: TenantQuery,
          response: responses({ 200: Type.Unknown({ description: 'The file bytes' }) }, [400, 404, 429]),
        },
      },
      async (request, reply) => {
        const tenant = await tenantOf(request.query.tenant);
        const c = await publicChallenge(tenant.id, request.params.id);
        const listed = (await svc.versions(c.id)).some((v) => v.terms.attachmentIds.includes(request.params.fileId));
        if (!listed) throw new AppError('NOT_FOUND', 'file not found');
        const { row, stream } = await files.openPublished(tenant.id, request.params.fileId);
        return reply
          .header('content-type', row.mimeType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.originalName)}`)
          .header('x-content-type-options', 'nosniff')
          .send(stream);
      },
    );

    app.get(
      '/public/notices',
      {
        config: READ_LIMIT,
        schema: {
          tags: ['public'],
          security: [],
          summary: 'Result notices (公示), current first, no sign-in',
          querystring: Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 64 }), page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
          response: responses({ 200: Page(NoticeSchema) }, [400, 404, 429]),
        },
      },
      async (request) => {
        const tenant = await tenantOf(request.query.tenant);
        const w = pageWindow(request.query);
        const r = await svc.listNotices(tenant.id, { status: ['open', 'closed'] }, w);
        const items = [];
        for (const n of r.items) {
          const d = await svc.noticeDetails(n);
          items.push(presentNotice(n, d.challenge, d.awardees, d.objections, now()));
        }
        return { items, total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get(
      '/public/notices/:id',
      { config: READ_LIMIT, schema: { tags: ['public'], security: [], summary: 'One result notice with its period and status, no sign-in', params: IdParams, querystring: TenantQuery, response: responses({ 200: NoticeSchema }, [400, 404, 429]) } },
      async (request) => {
        const tenant = await tenantOf(request.query.tenant);
        const n = await svc.getNotice(tenant.id, request.params.id);
        if (n.status === 'revoked') throw new AppError('NOT_FOUND', 'notice not found');
        const d = await svc.noticeDetails(n);
        return presentNotice(n, d.challenge, d.awardees, d.objections, now());
      },
    );

    app.post(
      '/public/notices/:id/objections',
      {
        config: OBJECTION_LIMIT,
        schema: {
          tags: ['public'],
          security: [],
          summary: 'Lodge an objection while the notice runs; a phone number or e-mail is required (rate-limited)',
          params: IdParams,
          querystring: TenantQuery,
          body: ObjectionBody,
          response: responses({ 201: Type.Object({ id: Uuid, receivedAt: Type.String({ format: 'date-time' }) }) }, [400, 404, 409, 429]),
        },
      },
      async (request, reply) => {
        const tenant = await tenantOf(request.query.tenant);
        const o = await svc.lodgeObjection(tenant.id, request.params.id, request.body, String(request.id));
        return reply.code(201).send({ id: o.id, receivedAt: o.createdAt.toISOString() });
      },
    );
  };
}
