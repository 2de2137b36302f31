import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { desc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { authorize } from '../auth/policy.ts';
import { DateTime, NullableDateTime, Page, pageWindow, responses, Uuid } from '../http/schemas.ts';
import { jobs } from './jobs.tables.ts';

const JobSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  status: Type.String(),
  runAt: DateTime,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  finishedAt: NullableDateTime,
});

export function jobRoutes(services: Services): FastifyPluginAsyncTypebox {
  const db = services.database.db;
  return async (app) => {
    app.get(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Background jobs of my tenant (admin)',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.Enum(['queued', 'running', 'succeeded', 'failed'])),
              page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
              pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
            },
            { additionalProperties: false },
          ),
          response: responses({ 200: Page(JobSchema) }),
        },
      },
      async (request) => {
        authorize(request.actor, 'job.list');
        const w = pageWindow(request.query);
        const where = request.query.status
          ? sql`${jobs.tenantId} = ${request.actor.tenantId} and ${jobs.status} = ${request.query.status}`
          : eq(jobs.tenantId, request.actor.tenantId);
        const [rows, total] = await Promise.all([
          db.select().from(jobs).where(where).orderBy(desc(jobs.createdAt)).limit(w.limit).offset(w.offset),
          db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(where),
        ]);
        return {
          items: rows.map((j) => ({
            id: j.id,
            kind: j.kind,
            status: j.status,
            runAt: j.runAt.toISOString(),
            attempts: j.attempts,
            maxAttempts: j.maxAttempts,
            lastError: j.lastError,
            createdAt: j.createdAt.toISOString(),
            finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
          })),
          total: Number(total[0]?.n ?? 0),
          page: w.page,
          pageSize: w.pageSize,
        };
      },
    );
  };
}
