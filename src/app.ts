import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Services } from './services.ts';
import { ProblemSchema, registerProblemHandlers, sendProblem } from './platform/http/problem.ts';
import { SESSION_COOKIE } from './platform/auth/auth.routes.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import { userRoutes } from './platform/auth/users.routes.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { healthRoutes } from './platform/http/health.routes.ts';
import { fileRoutes } from './platform/files/files.routes.ts';
import { jobRoutes } from './platform/jobs/jobs.routes.ts';
import { notificationRoutes } from './platform/notify/notify.routes.ts';
import { registryRoutes } from './modules/registry/registry.routes.ts';
import { indicatorRoutes } from './modules/indicators/indicators.routes.ts';
import { challengeRoutes, publicChallengeRoutes } from './modules/challenges/index.ts';
import { expertRoutes } from './modules/experts/index.ts';
import { reviewRoundRoutes, reviewSheetRoutes } from './modules/review/index.ts';
import { projectRoutes, publicProjectRoutes } from './modules/projects/index.ts';
import { contractRoutes } from './modules/contracts/index.ts';
import { deliveryRoutes } from './modules/delivery/index.ts';
import { raceRoutes } from './modules/races/index.ts';
import { registryIoRoutes } from './modules/registry/registry.io.routes.ts';
import { packageRoot } from './platform/db/migrate.ts';
import { trackInflight } from './platform/http/inflight.ts';

import { API_VERSION } from './version.ts';
export { API_VERSION };

function makeAjv(coerce: boolean) {
  // Bodies are validated strictly (no type coercion, no silently dropped fields); query strings
  // and path parameters are strings on the wire and are coerced to the declared types.
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

export interface BuildOptions {
  logger?: boolean | object;
  serveWeb?: boolean;
}

export async function buildApp(services: Services, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: {
              paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token', '*.newPassword', '*.currentPassword'],
              censor: '[redacted]',
            },
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
          },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // false: with a header name set, Fastify takes the header as-is and never calls genReqId,
    // so an arbitrary caller string would reach logs and the audit trail unchecked.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{8,100}$/.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bodyAjv = makeAjv(false);
  const paramAjv = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : paramAjv).compile(schema));

  app.addSchema(ProblemSchema);
  bodyAjv.addSchema(ProblemSchema);
  paramAjv.addSchema(ProblemSchema);

  trackInflight(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  registerProblemHandlers(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (request, ctx) => {
      const err = new Error('rate limited') as Error & { statusCode: number };
      err.statusCode = ctx.statusCode;
      void request;
      return err;
    },
  });
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kechuang API',
        version: API_VERSION,
        description: 'Kechuang (科创) platform API. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
      security: [{ session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Resolve the session on every API request; routes decide whether one is required.
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionState', 'none');
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      // Cookies are SameSite=Lax; in addition a cross-site Origin on a state change is refused.
      // An opaque origin ("null": sandboxed frames, file pages) is refused too.
      const origin = request.headers.origin;
      if (origin) {
        let originHost: string | undefined;
        try {
          originHost = new URL(origin).host;
        } catch {
          originHost = undefined;
        }
        if (originHost !== request.headers.host) return sendProblem(request, reply, 'CSRF_ORIGIN_MISMATCH');
      }
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const { actor, state } = await services.auth.authenticate(token);
    request.actor = actor;
    request.sessionState = state;
  });

  await app.register(healthRoutes(services));
  await app.register(authRoutes(services), { prefix: '/api/v1' });
  await app.register(userRoutes(services), { prefix: '/api/v1' });
  await app.register(auditRoutes(services), { prefix: '/api/v1' });
  await app.register(fileRoutes(services), { prefix: '/api/v1' });
  await app.register(jobRoutes(services), { prefix: '/api/v1' });
  await app.register(notificationRoutes(services), { prefix: '/api/v1' });
  await app.register(registryRoutes(services), { prefix: '/api/v1' });
  await app.register(registryIoRoutes(services), { prefix: '/api/v1' });
  await app.register(indicatorRoutes(services), { prefix: '/api/v1' });
  await app.register(challengeRoutes(services), { prefix: '/api/v1' });
  await app.register(publicChallengeRoutes(services), { prefix: '/api/v1' });
  await app.register(expertRoutes(services), { prefix: '/api/v1' });
  await app.register(reviewSheetRoutes(services), { prefix: '/api/v1' });
  await app.register(reviewRoundRoutes(services), { prefix: '/api/v1' });
  await app.register(projectRoutes(services), { prefix: '/api/v1' });
  await app.register(publicProjectRoutes(services), { prefix: '/api/v1' });
  await app.register(contractRoutes(services), { prefix: '/api/v1' });
  await app.register(deliveryRoutes(services), { prefix: '/api/v1' });
  await app.register(raceRoutes(services), { prefix: '/api/v1' });

  // The built web app is served from the same process; the browser routes, so any non-API GET that
  // is not a file gets index.html. The not-found handler is set once, here, for API and web alike.
  const webDist = join(packageRoot, 'web', 'dist');
  const serveWeb = opts.serveWeb !== false && existsSync(join(webDist, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(request, reply, 'ROUTE_NOT_FOUND');
  });
  return app;
}
