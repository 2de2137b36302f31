import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { AppError } from '../../platform/http/errors.ts';
import { responses } from '../../platform/http/schemas.ts';
import type { TenantRow } from '../../platform/auth/auth.service.ts';
import { PublicListDetailSchema, PublicListSchema } from './projects.schemas.ts';
import { presentPublicItem } from './projects.present.ts';
import type { ListRow } from './projects.service.ts';

const TenantQuery = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const READ_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } };

/** The progress pages an office chose to publish; readable without signing in. */
export function publicProjectRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { projects: svc, auth } = services;

  async function tenantOf(slug: string): Promise<TenantRow> {
    const t = await auth.tenantBySlug(slug);
    if (!t) throw new AppError('NOT_FOUND', 'no such tenant');
    return t;
  }

  async function summary(tenantId: string, lists: ListRow[]) {
    const facts = await svc.listFacts(tenantId, lists.map((l) => l.id));
    return lists.map((l) => {
      const f = facts.get(l.id)!;
      return { slug: l.publicSlug!, nameZh: l.nameZh, nameEn: l.nameEn, ownerOffice: l.ownerOffice, year: l.year, description: l.description, statusAsOf: l.statusAsOf, counts: f.counts, total: f.total };
    });
  }

  return async (app) => {
    app.get(
      '/public/project-lists',
      { config: READ_LIMIT, schema: { tags: ['public'], security: [], summary: 'Published key-project lists, no sign-in', querystring: TenantQuery, response: responses({ 200: Type.Object({ items: Type.Array(PublicListSchema) }) }, [400, 404, 429]) } },
      async (request, reply) => {
        const tenant = await tenantOf(request.query.tenant);
        reply.header('cache-control', 'public, max-age=60');
        return { items: await summary(tenant.id, await svc.listLists(tenant.id, { publishedOnly: true })) };
      },
    );

    app.get(
      '/public/project-lists/:slug',
      {
        config: READ_LIMIT,
        schema: { tags: ['public'], security: [], summary: 'A published list’s progress: items with status, milestones and KPIs (no persons, phone numbers or budgets)', params: SlugParams, querystring: TenantQuery, response: responses({ 200: PublicListDetailSchema }, [400, 404, 429]) },
      },
      async (request, reply) => {
        const tenant = await tenantOf(request.query.tenant);
        const list = await svc.publishedList(tenant.id, request.params.slug);
        const [head] = await summary(tenant.id, [list]);
        const today = svc.today();
        const items = [];
        for await (const page of svc.allItems(tenant.id, list.id, { sort: 'code' })) items.push(...page.map((i) => presentPublicItem(i, today)));
        reply.header('cache-control', 'public, max-age=60');
        return { ...head!, items };
      },
    );
  };
}
