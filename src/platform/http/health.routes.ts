import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { schemaState } from '../db/migrate.ts';

export function healthRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['health'], summary: 'Alive', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/api/ready',
      {
        schema: {
          tags: ['health'],
          summary: 'Ready: database reachable and schema current',
          security: [],
          response: {
            200: Type.Object({ status: Type.Literal('ready'), database: Type.String(), schema: Type.String() }),
            503: Type.Object({ status: Type.Literal('not_ready'), database: Type.String(), schema: Type.String(), reason: Type.String() }),
          },
        },
      },
      async (_request, reply) => {
        try {
          const state = await schemaState(services.database);
          if (state.status !== 'current') {
            return reply.code(503).send({ status: 'not_ready' as const, database: services.database.kind, schema: state.status, reason: `schema is ${state.status}` });
          }
          return { status: 'ready' as const, database: services.database.kind, schema: state.status };
        } catch {
          return reply.code(503).send({ status: 'not_ready' as const, database: services.database.kind, schema: 'unknown', reason: 'database unreachable' });
        }
      },
    );
  };
}
