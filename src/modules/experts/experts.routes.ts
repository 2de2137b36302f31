import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, Page, pageWindow, responses } from '../../platform/http/schemas.ts';
import { expertPolicy, requireExpertManage, requireExpertRead } from './experts.policy.ts';
import { ConflictBody, ConflictQuery, ConflictSchema, DetectBody, DisputeBody, ExpertBody, ExpertListQuery, ExpertSchema, ExpertSummary, ResolveBody } from './experts.schemas.ts';
import type { ConflictRow, ConflictView, ExpertListRow, ExpertView } from './experts.service.ts';
import { isBinding } from './experts.rules.ts';
import { expertIoRoutes } from './experts.io.routes.ts';

function presentSummary(e: ExpertListRow) {
  return {
    id: e.id,
    userId: e.userId,
    name: e.name,
    organizationId: e.organizationId,
    affiliation: e.affiliation,
    title: e.title,
    fields: e.fields,
    keywords: e.keywords,
    availability: e.availability,
    unavailableUntil: e.unavailableUntil,
    maxLoad: e.maxLoad,
    organizationName: e.organizationName,
    updatedAt: e.updatedAt.toISOString(),
  };
}

function presentExpert(e: ExpertView, actor: Actor) {
  return {
    ...presentSummary(e),
    biography: e.biography,
    orcid: e.orcid,
    accountEmail: e.accountEmail,
    affiliations: e.affiliations.map((a) => ({ id: a.id, organizationId: a.organizationId, organizationName: a.organizationName, fromDate: a.fromDate, toDate: a.toDate })),
    publications: e.publications.map((p) => ({ id: p.id, title: p.title, year: p.year, coauthors: p.coauthors })),
    declarations: e.declarations.map((d) => ({ id: d.id, kind: d.kind, personName: d.personName, organizationId: d.organizationId, organizationName: d.organizationName, note: d.note })),
    actions: expertPolicy.manage(actor) || expertPolicy.isSelf(actor, e) ? ['edit'] : [],
  };
}

function presentConflict(c: ConflictView | ConflictRow) {
  return {
    id: c.id,
    expertId: c.expertId,
    applicationId: c.applicationId,
    kind: c.kind,
    key: c.key,
    reason: { zh: c.reasonZh, en: c.reasonEn },
    evidence: c.evidence,
    status: c.status,
    recorded: c.id !== null,
    binding: isBinding(c.status),
    disputeReason: c.disputeReason,
    resolutionReason: c.resolutionReason,
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
  };
}

export function expertRoutes(services: Services): FastifyPluginAsyncTypebox {
  const svc = services.experts;

  /** Officers, admins and auditors read any expert; an expert reads their own profile; others see 404. */
  async function readable(id: string, actor: Actor): Promise<ExpertView> {
    const e = await svc.get(actor.tenantId, id);
    if (!expertPolicy.read(actor) && !expertPolicy.isSelf(actor, e)) throw new AppError('NOT_FOUND', 'expert not found');
    return e;
  }

  return async (app) => {
    await app.register(expertIoRoutes(services));

    app.get(
      '/experts',
      { schema: { tags: ['experts'], summary: 'The expert pool (officers, admins, auditors)', querystring: ExpertListQuery, response: responses({ 200: Page(ExpertSummary) }, [400, 401, 403]) } },
      async (request) => {
        requireExpertRead(request.actor);
        const w = pageWindow(request.query);
        const r = await svc.list(request.actor.tenantId, request.query, w);
        return { items: r.items.map(presentSummary), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.post(
      '/experts',
      { schema: { tags: ['experts'], summary: 'Add an expert to the pool (officer)', body: ExpertBody, response: responses({ 201: ExpertSchema }, [400, 401, 403, 409]) } },
      async (request, reply) => {
        requireExpertManage(request.actor);
        const e = await svc.create(commandContext(request), request.body);
        return reply.code(201).send(presentExpert(e, request.actor));
      },
    );

    app.get(
      '/experts/me',
      { schema: { tags: ['experts'], summary: 'My own expert profile (expert accounts)', response: responses({ 200: ExpertSchema }, [401, 404]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        return presentExpert(await svc.byUser(actor.tenantId, actor.userId), actor);
      },
    );

    app.get(
      '/experts/:id',
      { schema: { tags: ['experts'], summary: 'One expert with affiliation history, publications and declared relationships', params: IdParams, response: responses({ 200: ExpertSchema }, [400, 401, 404]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        return presentExpert(await readable(request.params.id, actor), actor);
      },
    );

    app.put(
      '/experts/:id',
      {
        schema: {
          tags: ['experts'],
          summary: 'Replace an expert profile with its history, publications and declarations (officer, or the expert themselves)',
          params: IdParams,
          body: ExpertBody,
          response: responses({ 200: ExpertSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        const e = await readable(request.params.id, actor);
        const manage = expertPolicy.manage(actor);
        if (!manage && !expertPolicy.isSelf(actor, e)) throw new AppError('FORBIDDEN', 'requires the officer role or your own profile');
        if (!manage && request.body.userId !== undefined && request.body.userId !== e.userId) throw new AppError('FORBIDDEN', 'only an officer links an account');
        const body = manage ? request.body : { ...request.body, userId: undefined };
        return presentExpert(await svc.update(commandContext(request), e.id, body, !manage), actor);
      },
    );

    app.get(
      '/experts/:id/conflicts',
      {
        schema: {
          tags: ['experts'],
          summary: 'Conflicts of interest (回避) of an expert: with a challenge’s applications (found by the rules and recorded), or the recorded ones',
          params: IdParams,
          querystring: ConflictQuery,
          response: responses({ 200: Type.Object({ items: Type.Array(ConflictSchema) }) }, [400, 401, 404]),
        },
      },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        await readable(request.params.id, actor);
        const items = await svc.conflictsOf(actor.tenantId, request.params.id, { challengeId: request.query.challengeId });
        return { items: items.map(presentConflict) };
      },
    );

    app.post(
      '/experts/:id/conflicts/record',
      {
        schema: {
          tags: ['experts'],
          summary: 'Record the conflicts the rules find with a challenge’s applications, so they can be disputed and resolved (officer)',
          params: IdParams,
          body: DetectBody,
          response: responses({ 200: Type.Object({ items: Type.Array(ConflictSchema) }) }, [400, 401, 403, 404]),
        },
      },
      async (request) => {
        requireExpertManage(request.actor);
        const items = await svc.recordDetected(commandContext(request), request.params.id, request.body.challengeId);
        return { items: items.map(presentConflict) };
      },
    );

    app.post(
      '/conflicts',
      { schema: { tags: ['experts'], summary: 'Add a conflict of interest the rules do not see (officer)', body: ConflictBody, response: responses({ 201: ConflictSchema }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        requireExpertManage(request.actor);
        const c = await svc.addConflict(commandContext(request), request.body);
        return reply.code(201).send(presentConflict(c));
      },
    );

    app.post(
      '/conflicts/:id/dispute',
      { schema: { tags: ['experts'], summary: 'Dispute a recorded conflict, with a reason (officer, or the expert concerned)', params: IdParams, body: DisputeBody, response: responses({ 200: ConflictSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        const c = await svc.getConflict(actor.tenantId, request.params.id);
        if (!expertPolicy.manage(actor)) {
          const e = await svc.get(actor.tenantId, c.expertId);
          if (!expertPolicy.isSelf(actor, e)) throw expertPolicy.read(actor) ? new AppError('FORBIDDEN', 'requires the officer role or your own conflict') : new AppError('NOT_FOUND', 'conflict not found');
        }
        return presentConflict(await svc.dispute(commandContext(request), c.id, request.body.reason));
      },
    );

    app.post(
      '/conflicts/:id/resolve',
      { schema: { tags: ['experts'], summary: 'Uphold or overturn a conflict, with the reason recorded (officer)', params: IdParams, body: ResolveBody, response: responses({ 200: ConflictSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireExpertManage(request.actor);
        return presentConflict(await svc.resolve(commandContext(request), request.params.id, request.body.outcome, request.body.reason));
      },
    );
  };
}
