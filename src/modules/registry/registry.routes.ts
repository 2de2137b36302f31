import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, Ok, Page, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import type { AnnualFigureRow, OrganizationRow, PersonRow, ZoneRow } from './registry.service.ts';
import { assertCanSee, organizationActions, registryPolicy } from './registry.policy.ts';
import { daysBetween } from './registry.rules.ts';
import {
  CreateOrganizationBody,
  ExpiringSchema,
  FiguresBody,
  FiguresSchema,
  OrganizationSchema,
  PersonBody,
  PersonSchema,
  QualificationBody,
  QualificationSchema,
  OrganizationSearchQuery,
  SearchResponse,
  UpdateOrganizationBody,
  ZoneBody,
  ZoneSchema,
} from './registry.schemas.ts';

export function presentOrganization(o: OrganizationRow, viewer: Actor) {
  return {
    id: o.id,
    creditCode: o.creditCode,
    nameZh: o.nameZh,
    nameEn: o.nameEn,
    shortName: o.shortName,
    type: o.type,
    zoneId: o.zoneId,
    address: o.address,
    industryCode: o.industryCode,
    priorityField: o.priorityField,
    foundedOn: o.foundedOn,
    description: o.description,
    website: o.website,
    rorId: o.rorId,
    keywords: o.keywords,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    actions: organizationActions(viewer, o.id),
  };
}

function presentZone(z: ZoneRow) {
  return { id: z.id, parentId: z.parentId, level: z.level, code: z.code, nameZh: z.nameZh, nameEn: z.nameEn, lng: z.lng, lat: z.lat, sortOrder: z.sortOrder };
}

function presentFigures(f: AnnualFigureRow) {
  return {
    year: f.year,
    revenueFen: f.revenueFen,
    rdExpenditureFen: f.rdExpenditureFen,
    employees: f.employees,
    rdStaff: f.rdStaff,
    patentsApplied: f.patentsApplied,
    patentsGranted: f.patentsGranted,
    taxPaidFen: f.taxPaidFen,
    updatedAt: f.updatedAt.toISOString(),
  };
}

function presentPerson(p: PersonRow, orgName: string | null) {
  return { id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, organizationId: p.organizationId, organizationName: orgName, title: p.title, fields: p.fields, orcid: p.orcid, bio: p.bio };
}

function requireRead(actor: Actor | null): asserts actor is Actor {
  requireActor(actor);
  if (!registryPolicy.read(actor)) throw new AppError('FORBIDDEN', 'requires registry read access');
}
function requireWrite(actor: Actor | null): asserts actor is Actor {
  requireActor(actor);
  if (!registryPolicy.write(actor)) throw new AppError('FORBIDDEN', 'requires registry write access');
}

const OrgParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export function registryRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { registry } = services;
  return async (app) => {
    app.get(
      '/zones',
      { schema: { tags: ['registry'], summary: 'Zones of my tenant (city → zone → park)', response: responses({ 200: Type.Array(ZoneSchema) }, [401]) } },
      async (request) => {
        requireActor(request.actor);
        return (await registry.listZones(request.actor.tenantId)).map(presentZone);
      },
    );

    app.post(
      '/zones',
      { schema: { tags: ['registry'], summary: 'Add a zone (officer, admin)', body: ZoneBody, response: responses({ 201: ZoneSchema }, [400, 401, 403, 409]) } },
      async (request, reply) => {
        requireWrite(request.actor);
        return reply.code(201).send(presentZone(await registry.createZone(commandContext(request), request.body)));
      },
    );

    app.get(
      '/organizations',
      {
        schema: {
          tags: ['registry'],
          summary: 'Search organisations: Chinese full text, filters with counts, sorting, paging (officer, admin, auditor)',
          querystring: OrganizationSearchQuery,
          response: responses({ 200: SearchResponse }),
        },
      },
      async (request) => {
        requireRead(request.actor);
        const q = request.query;
        const w = pageWindow(q);
        const r = await registry.search(request.actor.tenantId, {
          q: q.q,
          zoneId: q.zoneId,
          type: q.type,
          qualification: q.qualification,
          industry: q.industry,
          field: q.field,
          sort: q.sort ?? (q.q ? 'relevance' : 'name'),
          order: q.order ?? 'asc',
          offset: w.offset,
          limit: w.limit,
          cursor: q.cursor,
          facets: q.facets ?? true,
          count: q.count ?? true,
        });
        const actor = request.actor;
        return {
          items: r.items.map((o) => presentOrganization(o, actor)),
          total: r.total,
          page: w.page,
          pageSize: w.pageSize,
          nextCursor: r.nextCursor,
          facets: r.facets,
          totalIsLowerBound: r.totalIsLowerBound,
          facetsApproximate: r.facetsApproximate,
          relevanceApproximate: r.relevanceApproximate,
          countCap: r.countCap,
        };
      },
    );

    app.post(
      '/organizations',
      {
        schema: {
          tags: ['registry'],
          summary: 'Register an organisation by its unified social credit code (officer, admin)',
          body: CreateOrganizationBody,
          response: responses({ 201: OrganizationSchema }, [400, 401, 403, 409]),
        },
      },
      async (request, reply) => {
        requireWrite(request.actor);
        const row = await registry.createOrganization(commandContext(request), request.body);
        return reply.code(201).send(presentOrganization(row, request.actor));
      },
    );

    app.get(
      '/organizations/:id',
      { schema: { tags: ['registry'], summary: 'One organisation (its own members, officers, admins, auditors)', params: IdParams, response: responses({ 200: OrganizationSchema }) } },
      async (request) => {
        requireActor(request.actor);
        assertCanSee(request.actor, request.params.id);
        return presentOrganization(await registry.getOrganization(request.actor.tenantId, request.params.id), request.actor);
      },
    );

    app.patch(
      '/organizations/:id',
      {
        schema: {
          tags: ['registry'],
          summary: 'Edit an organisation (officers and admins; an applicant edits their own organisation)',
          params: IdParams,
          body: UpdateOrganizationBody,
          response: responses({ 200: OrganizationSchema }, [400, 401, 403, 404]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        assertCanSee(request.actor, request.params.id);
        if (!registryPolicy.editOrganization(request.actor, request.params.id)) throw new AppError('FORBIDDEN');
        const row = await registry.updateOrganization(commandContext(request), request.params.id, request.body);
        return presentOrganization(row, request.actor);
      },
    );

    app.get(
      '/organizations/:id/qualifications',
      { schema: { tags: ['registry'], summary: 'Qualifications of an organisation, with their status today', params: OrgParams, response: responses({ 200: Type.Array(QualificationSchema) }) } },
      async (request) => {
        requireActor(request.actor);
        assertCanSee(request.actor, request.params.id);
        await registry.getOrganization(request.actor.tenantId, request.params.id);
        return (await registry.qualificationsOf(request.actor.tenantId, request.params.id)).map((q) => ({
          id: q.id,
          kind: q.kind,
          certificateNo: q.certificateNo,
          validFrom: q.validFrom,
          validTo: q.validTo,
          exchange: q.exchange,
          ticker: q.ticker,
          status: q.status,
        }));
      },
    );

    app.post(
      '/organizations/:id/qualifications',
      { schema: { tags: ['registry'], summary: 'Record a qualification (officer, admin)', params: OrgParams, body: QualificationBody, response: responses({ 201: Type.Object({ id: Uuid }) }, [400, 401, 403, 404, 409]) } },
      async (request, reply) => {
        requireWrite(request.actor);
        const row = await registry.addQualification(commandContext(request), request.params.id, request.body);
        return reply.code(201).send({ id: row.id });
      },
    );

    app.delete(
      '/organizations/:id/qualifications/:qualificationId',
      {
        schema: {
          tags: ['registry'],
          summary: 'Remove a wrongly recorded qualification (officer, admin)',
          params: Type.Object({ id: Uuid, qualificationId: Uuid }, { additionalProperties: false }),
          response: responses({ 200: Ok }),
        },
      },
      async (request) => {
        requireWrite(request.actor);
        await registry.removeQualification(commandContext(request), request.params.id, request.params.qualificationId);
        return { ok: true as const };
      },
    );

    app.get(
      '/qualifications/expiring',
      { schema: { tags: ['registry'], summary: 'Qualifications ending within 90 days (officer, admin, auditor)', response: responses({ 200: Type.Array(ExpiringSchema) }, [401, 403]) } },
      async (request) => {
        requireRead(request.actor);
        const today = registry.today();
        return (await registry.expiringQualifications(request.actor.tenantId)).map((r) => ({
          id: r.q.id,
          organizationId: r.orgId,
          organizationName: r.orgName,
          kind: r.q.kind,
          certificateNo: r.q.certificateNo,
          validTo: r.q.validTo!,
          daysLeft: daysBetween(today, r.q.validTo!),
        }));
      },
    );

    app.get(
      '/organizations/:id/figures',
      { schema: { tags: ['registry'], summary: 'Annual figures of an organisation, newest year first', params: OrgParams, response: responses({ 200: Type.Array(FiguresSchema) }) } },
      async (request) => {
        requireActor(request.actor);
        assertCanSee(request.actor, request.params.id);
        await registry.getOrganization(request.actor.tenantId, request.params.id);
        return (await registry.figuresOf(request.actor.tenantId, request.params.id)).map(presentFigures);
      },
    );

    app.put(
      '/organizations/:id/figures/:year',
      {
        schema: {
          tags: ['registry'],
          summary: 'Record the figures of one year (money in fen); replaces the given fields',
          params: Type.Object({ id: Uuid, year: Type.Integer({ minimum: 1949, maximum: 2200 }) }, { additionalProperties: false }),
          body: FiguresBody,
          response: responses({ 200: FiguresSchema }, [400, 401, 403, 404]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        assertCanSee(request.actor, request.params.id);
        if (!registryPolicy.editOrganization(request.actor, request.params.id)) throw new AppError('FORBIDDEN');
        const row = await registry.upsertFigures(commandContext(request), request.params.id, { ...request.body, year: request.params.year });
        return presentFigures(row);
      },
    );

    app.get(
      '/people',
      {
        schema: {
          tags: ['registry'],
          summary: 'Researchers and talents (officer, admin, auditor)',
          querystring: Type.Object(
            { q: Type.Optional(Type.String({ maxLength: 100 })), organizationId: Type.Optional(Uuid), page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })) },
            { additionalProperties: false },
          ),
          response: responses({ 200: Page(PersonSchema) }),
        },
      },
      async (request) => {
        requireRead(request.actor);
        const w = pageWindow(request.query);
        const r = await registry.searchPeople(request.actor.tenantId, { q: request.query.q, organizationId: request.query.organizationId, offset: w.offset, limit: w.limit });
        return { items: r.items.map((x) => presentPerson(x.p, x.orgName)), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.post(
      '/people',
      { schema: { tags: ['registry'], summary: 'Add a researcher or talent (officer, admin)', body: PersonBody, response: responses({ 201: PersonSchema }, [400, 401, 403, 409]) } },
      async (request, reply) => {
        requireWrite(request.actor);
        const p = await registry.createPerson(commandContext(request), request.body);
        return reply.code(201).send(presentPerson(p, null));
      },
    );
  };
}
