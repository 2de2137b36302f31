import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { authorize, requireActor, hasRole } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { DateTime, IdParams, Page, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import { ORGANIZATION_TYPES } from './registry.tables.ts';
import type { OrganizationRow } from './registry.service.ts';

const OrgType = Type.Enum(ORGANIZATION_TYPES);
const OrganizationSchema = Type.Object({
  id: Uuid,
  creditCode: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  type: OrgType,
  createdAt: DateTime,
});

function present(o: OrganizationRow) {
  return { id: o.id, creditCode: o.creditCode, nameZh: o.nameZh, nameEn: o.nameEn, type: o.type, createdAt: o.createdAt.toISOString() };
}

export function registryRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { registry } = services;
  return async (app) => {
    app.get(
      '/organizations',
      {
        schema: {
          tags: ['registry'],
          summary: 'Organisations of my tenant (officer, admin, auditor)',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 100 })),
              type: Type.Optional(OrgType),
              page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
              pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Page(OrganizationSchema) }),
        },
      },
      async (request) => {
        authorize(request.actor, 'organization.list');
        const w = pageWindow(request.query);
        const { items, total } = await registry.listOrganizations(request.actor.tenantId, { q: request.query.q, type: request.query.type, offset: w.offset, limit: w.limit });
        return { items: items.map(present), total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.post(
      '/organizations',
      {
        schema: {
          tags: ['registry'],
          summary: 'Register an organisation by its unified social credit code (officer, admin)',
          body: Type.Object(
            {
              creditCode: Type.String({ minLength: 18, maxLength: 18, description: '统一社会信用代码, 18 characters with check character' }),
              nameZh: Type.String({ minLength: 2, maxLength: 200 }),
              nameEn: Type.Optional(Type.String({ maxLength: 300 })),
              type: OrgType,
            },
            { additionalProperties: false },
          ),
          response: responses({ 201: OrganizationSchema }, [400, 401, 403, 409]),
        },
      },
      async (request, reply) => {
        authorize(request.actor, 'organization.create');
        const row = await registry.createOrganization(commandContext(request), request.body);
        return reply.code(201).send(present(row));
      },
    );

    app.get(
      '/organizations/:id',
      { schema: { tags: ['registry'], summary: 'One organisation (its own members, officers, admins, auditors)', params: IdParams, response: responses({ 200: OrganizationSchema }) } },
      async (request) => {
        requireActor(request.actor);
        const actor = request.actor;
        if (!hasRole(actor, 'officer', 'admin', 'auditor') && actor.organizationId !== request.params.id) throw new AppError('NOT_FOUND', 'organization not found');
        return present(await registry.getOrganization(actor.tenantId, request.params.id));
      },
    );
  };
}
