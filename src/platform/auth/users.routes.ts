import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { commandContext } from '../http/request-context.ts';
import { IdParams, Page, pageWindow, responses } from '../http/schemas.ts';
import { InviteBody, UpdateUserBody, UserListQuery, UserSchema } from './auth.schemas.ts';
import { EXPORT_FORMATS, sendDownload } from '../export/index.ts';
import { authorize } from './policy.ts';
import { presentUser } from './present.ts';
import { exportUsers } from './users.export.ts';

// The list's own query string is accepted as is (paging is ignored: an export has every matching user), plus the format.
const UserExportQuery = Type.Object({ ...UserListQuery.properties, format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'xlsx' })) }, { additionalProperties: false });

export function userRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { auth, clock } = services;
  return async (app) => {
    app.get(
      '/users',
      { schema: { tags: ['users'], summary: 'Users of my tenant (admin)', querystring: UserListQuery, response: responses({ 200: Page(UserSchema) }) } },
      async (request) => {
        authorize(request.actor, 'user.list');
        const q = request.query;
        const w = pageWindow(q);
        const { items, total } = await auth.listUsers(request.actor.tenantId, {
          q: q.q,
          role: q.role,
          status: q.status,
          sort: q.sort ?? 'createdAt',
          order: q.order ?? 'desc',
          offset: w.offset,
          limit: w.limit,
        });
        const now = clock.now();
        return { items: items.map((u) => presentUser(u, request.actor, now)), total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get(
      '/users/export',
      {
        // Checked before validation, so a caller without a session learns 401 rather than a 400 about the query.
        preValidation: async (request) => authorize(request.actor, 'user.list'),
        schema: {
          tags: ['users'],
          summary: 'Export every user matching the filters of GET /users as xlsx or CSV (UTF-8 with BOM); times in Asia/Shanghai (admin)',
          querystring: UserExportQuery,
          response: responses({ 200: Type.Unknown({ description: 'The file (xlsx or CSV with a UTF-8 BOM)' }) }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        authorize(request.actor, 'user.list');
        const q = request.query;
        const organizationNames = async (tenantId: string, ids: string[]) =>
          new Map((await services.registry.organizationsByIds(tenantId, ids)).map((o) => [o.id, o.nameZh] as const));
        const file = exportUsers(
          auth,
          organizationNames,
          request.actor.tenantId,
          { q: q.q, role: q.role, status: q.status, sort: q.sort ?? 'createdAt', order: q.order ?? 'desc' },
          q.format ?? 'xlsx',
          clock.now(),
        );
        return sendDownload(reply, file, file.stream);
      },
    );

    app.post(
      '/users/invitations',
      { schema: { tags: ['users'], summary: 'Invite a user by e-mail (admin)', body: InviteBody, response: responses({ 201: UserSchema }, [400, 401, 403, 409]) } },
      async (request, reply) => {
        authorize(request.actor, 'user.invite');
        const { user } = await auth.inviteUser(commandContext(request), request.body);
        return reply.code(201).send(presentUser(user, request.actor, clock.now()));
      },
    );

    app.get(
      '/users/:id',
      { schema: { tags: ['users'], summary: 'One user (admin)', params: IdParams, response: responses({ 200: UserSchema }) } },
      async (request) => {
        authorize(request.actor, 'user.list');
        return presentUser(await auth.getUser(request.actor.tenantId, request.params.id), request.actor, clock.now());
      },
    );

    app.patch(
      '/users/:id',
      { schema: { tags: ['users'], summary: 'Change a user’s name, mobile, organisation or roles (admin)', params: IdParams, body: UpdateUserBody, response: responses({ 200: UserSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        authorize(request.actor, 'user.update');
        const user = await auth.updateUser(commandContext(request), request.params.id, request.body);
        return presentUser(user, request.actor, clock.now());
      },
    );

    app.post(
      '/users/:id/disable',
      {
        schema: {
          tags: ['users'],
          summary: 'Disable an account and end its sessions (admin)',
          params: IdParams,
          body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })),
          response: responses({ 200: UserSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        authorize(request.actor, 'user.disable');
        const user = await auth.setDisabled(commandContext(request), request.params.id, true, request.body?.reason);
        return presentUser(user, request.actor, clock.now());
      },
    );

    app.post(
      '/users/:id/enable',
      { schema: { tags: ['users'], summary: 'Re-enable an account (admin)', params: IdParams, response: responses({ 200: UserSchema }) } },
      async (request) => {
        authorize(request.actor, 'user.enable');
        const user = await auth.setDisabled(commandContext(request), request.params.id, false);
        return presentUser(user, request.actor, clock.now());
      },
    );

    app.post(
      '/users/:id/revoke-sessions',
      { schema: { tags: ['users'], summary: 'Sign a user out everywhere (admin)', params: IdParams, response: responses({ 200: Type.Object({ revoked: Type.Integer() }) }) } },
      async (request) => {
        authorize(request.actor, 'user.revokeSessions');
        return { revoked: await auth.revokeSessions(commandContext(request), request.params.id, 'admin') };
      },
    );
  };
}
