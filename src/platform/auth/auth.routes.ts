import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { AppError } from '../http/errors.ts';
import { commandContext } from '../http/request-context.ts';
import { Ok, responses } from '../http/schemas.ts';
import {
  ChangePasswordBody,
  DemoAccountSchema,
  LoginBody,
  LoginResponse,
  MeSchema,
  ResetRequestBody,
  SessionSchema,
  TenantSchema,
  TokenPasswordBody,
} from './auth.schemas.ts';
import { ROLE_HOME } from './auth.rules.ts';
import { can, requireActor, type PlatformAction } from './policy.ts';
import { presentTenant, presentUser } from './present.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../seed/demo-accounts.ts';

export const SESSION_COOKIE = 'kc_session';

const ALL_ACTIONS: PlatformAction[] = [
  'user.list',
  'user.invite',
  'user.update',
  'user.disable',
  'user.enable',
  'user.revokeSessions',
  'audit.read',
  'audit.verify',
  'organization.list',
  'organization.create',
  'file.readAny',
  'job.list',
];

export function authRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { auth, config, clock } = services;

  function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
    const secure = config.cookieSecure === 'auto' ? request.protocol === 'https' : config.cookieSecure;
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
  }

  return async (app) => {
    app.get(
      '/tenants',
      { schema: { tags: ['auth'], summary: 'Tenants (innovation centers) of this deployment', security: [], response: responses({ 200: Type.Array(TenantSchema) }, []) } },
      async () => (await auth.listTenants()).map(presentTenant),
    );

    app.get(
      '/auth/demo-accounts',
      {
        schema: {
          tags: ['auth'],
          summary: 'Demo accounts shown on the login page (demo mode only)',
          security: [],
          querystring: Type.Object({ tenant: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
          response: responses({ 200: Type.Object({ demo: Type.Boolean(), accounts: Type.Array(DemoAccountSchema) }) }, [400]),
        },
      },
      async (request) => {
        const tenant = await auth.tenantBySlug(request.query.tenant);
        if (!config.demo || !tenant || tenant.isDemo !== 1) return { demo: false, accounts: [] };
        return { demo: true, accounts: DEMO_ACCOUNTS.map((a) => ({ role: a.roles[0]!, email: a.email, displayName: a.displayName, password: DEMO_PASSWORD })) };
      },
    );

    app.post(
      '/auth/login',
      {
        config: { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail or mobile number and password',
          security: [],
          body: LoginBody,
          response: responses({ 200: LoginResponse }, [400, 401, 429]),
        },
      },
      async (request, reply) => {
        const result = await auth.login({
          tenantSlug: request.body.tenant,
          identifier: request.body.identifier,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: String(request.id),
        });
        setSessionCookie(request, reply, result.token, result.expiresAt);
        return { user: presentUser(result.user, null, clock.now()), tenant: presentTenant(result.tenant), expiresAt: result.expiresAt.toISOString() };
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], summary: 'Sign out of this session', response: responses({ 200: Ok }, [401]) } },
      async (request, reply) => {
        const ctx = commandContext(request);
        await auth.logout(ctx, ctx.actor.sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/auth/me',
      { schema: { tags: ['auth'], summary: 'The signed-in user, tenant and permissions', response: responses({ 200: MeSchema }, [401]) } },
      async (request) => {
        if (!request.actor) {
          throw new AppError(request.sessionState === 'idle' || request.sessionState === 'expired' ? 'SESSION_EXPIRED' : 'AUTH_REQUIRED');
        }
        const actor = request.actor;
        const [user, tenant] = await Promise.all([auth.getUser(actor.tenantId, actor.userId), auth.tenantById(actor.tenantId)]);
        const primary = user.roles[0];
        return {
          user: presentUser(user, actor, clock.now()),
          tenant: presentTenant(tenant!),
          permissions: ALL_ACTIONS.filter((a) => can(actor, a)),
          home: primary ? ROLE_HOME[primary] : '/',
          session: { id: actor.sessionId, idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
        };
      },
    );

    app.get(
      '/auth/sessions',
      { schema: { tags: ['auth'], summary: 'My active sessions', response: responses({ 200: Type.Array(SessionSchema) }, [401]) } },
      async (request) => {
        requireActor(request.actor);
        const actor = request.actor;
        const rows = await auth.listSessions(actor.tenantId, actor.userId);
        return rows.map((s) => ({
          id: s.id,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
          current: s.id === actor.sessionId,
        }));
      },
    );

    app.post(
      '/auth/sessions/revoke-all',
      { schema: { tags: ['auth'], summary: 'Sign out everywhere (all my sessions, this one included)', response: responses({ 200: Type.Object({ revoked: Type.Integer() }) }, [401]) } },
      async (request, reply) => {
        const ctx = commandContext(request);
        const revoked = await auth.revokeSessions(ctx, ctx.actor.userId, 'self');
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { revoked };
      },
    );

    app.post(
      '/auth/password',
      { schema: { tags: ['auth'], summary: 'Change my password (signs out my other sessions)', body: ChangePasswordBody, response: responses({ 200: Ok }, [400, 401]) } },
      async (request) => {
        const ctx = commandContext(request);
        await auth.changePassword(ctx, ctx.actor, request.body.currentPassword, request.body.newPassword);
        return { ok: true as const };
      },
    );

    app.post(
      '/auth/password-reset/request',
      {
        config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Ask for a password-reset link by e-mail (answers the same whether or not the account exists)',
          security: [],
          body: ResetRequestBody,
          response: responses({ 202: Ok }, [400, 429]),
        },
      },
      async (request, reply) => {
        await auth.requestPasswordReset({ tenantSlug: request.body.tenant, email: request.body.email, requestId: String(request.id) });
        return reply.code(202).send({ ok: true as const });
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['auth'], summary: 'Set a new password with a reset token', security: [], body: TokenPasswordBody, response: responses({ 200: Ok }, [400, 429]) },
      },
      async (request) => {
        await auth.resetPassword({ token: request.body.token, password: request.body.password, requestId: String(request.id) });
        return { ok: true as const };
      },
    );

    app.post(
      '/auth/invitations/accept',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['auth'], summary: 'Accept an invitation and set a password', security: [], body: TokenPasswordBody, response: responses({ 200: Ok }, [400, 429]) },
      },
      async (request) => {
        await auth.acceptInvite({ token: request.body.token, password: request.body.password, requestId: String(request.id) });
        return { ok: true as const };
      },
    );
  };
}
