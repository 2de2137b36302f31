import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, Page, pageWindow, responses } from '../../platform/http/schemas.ts';
import { requireReviewManage, requireReviewRead } from './review.policy.ts';
import {
  AffinityExplainSchema,
  AffinityMatrixSchema,
  AffinityPairParams,
  AssignmentsSchema,
  DrawBody,
  DrawListSchema,
  DrawParams,
  DrawSchema,
  DrawVerifySchema,
  PanelBody,
  PanelParams,
  PanelSchema,
  ReasonBody,
  RoundCreateBody,
  RoundListQuery,
  RoundPatchBody,
  RoundSchema,
  SwapBody,
} from './review.schemas.ts';
import { presentDraw, presentPanel, presentRound } from './review.present.ts';

const tags = ['review'];

/** Review rounds for officers (auditors read): settings, panel, draws, affinity, assignment, opening. */
export function reviewRoundRoutes(services: Services): FastifyPluginAsyncTypebox {
  const rounds = services.review;
  const assign = services.reviewAssignments;
  const draws = services.reviewDraws;

  return async (app) => {
    app.post(
      '/review-rounds',
      { schema: { tags, summary: 'Create a review round for a challenge in its review stage, or for a race gate whose evidence is closed (officer)', body: RoundCreateBody, response: responses({ 201: RoundSchema }, [400, 401, 403, 404, 409]) } },
      async (request, reply) => {
        requireReviewManage(request.actor);
        const r = await rounds.createRound(commandContext(request), request.body);
        return reply.code(201).send(presentRound(r, request.actor));
      },
    );

    app.get(
      '/review-rounds',
      { schema: { tags, summary: 'Review rounds, newest first, by challenge and status', querystring: RoundListQuery, response: responses({ 200: Page(RoundSchema) }, [400, 401, 403]) } },
      async (request) => {
        requireReviewRead(request.actor);
        const w = pageWindow(request.query);
        const r = await rounds.listRounds(request.actor.tenantId, { challengeId: request.query.challengeId, subjectType: request.query.subjectType, subjectId: request.query.subjectId, status: request.query.status ? [request.query.status] : undefined }, w);
        return { items: r.items.map((x) => presentRound(x, request.actor!)), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get('/review-rounds/:id', { schema: { tags, summary: 'One review round with its settings, counts and last assignment run', params: IdParams, response: responses({ 200: RoundSchema }) } }, async (request) => {
      requireReviewRead(request.actor);
      return presentRound(await rounds.getRound(request.actor.tenantId, request.params.id), request.actor);
    });

    app.patch(
      '/review-rounds/:id',
      { schema: { tags, summary: 'Change a draft round; an open round only moves its deadline later (experts are told)', params: IdParams, body: RoundPatchBody, response: responses({ 200: RoundSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return presentRound(await rounds.updateRound(commandContext(request), request.params.id, request.body), request.actor);
      },
    );

    app.post(
      '/review-rounds/:id/cancel',
      { schema: { tags, summary: 'Cancel a draft or open round with a reason', params: IdParams, body: ReasonBody, response: responses({ 200: RoundSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return presentRound(await rounds.cancelRound(commandContext(request), request.params.id, request.body.reason), request.actor);
      },
    );

    app.post(
      '/review-rounds/:id/open',
      { schema: { tags, summary: 'Open scoring: every application has exactly k experts; creates the sheets and tells the experts', params: IdParams, response: responses({ 200: RoundSchema }, [400, 401, 403, 404, 409, 422]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return presentRound(await rounds.openRound(commandContext(request), request.params.id), request.actor);
      },
    );

    // ---- panel ----
    app.get('/review-rounds/:id/panel', { schema: { tags, summary: 'The round’s panel with loads and availability', params: IdParams, response: responses({ 200: PanelSchema }) } }, async (request) => {
      requireReviewRead(request.actor);
      return presentPanel(await rounds.panel(request.actor.tenantId, request.params.id));
    });

    app.post(
      '/review-rounds/:id/panel',
      { schema: { tags, summary: 'Add available experts of the pool to the panel, or set a member’s max load for this round', params: IdParams, body: PanelBody, response: responses({ 200: PanelSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return presentPanel(await rounds.addToPanel(commandContext(request), request.params.id, request.body.experts));
      },
    );

    app.delete(
      '/review-rounds/:id/panel/:expertId',
      { schema: { tags, summary: 'Remove a member (and their assignments) while the round is a draft', params: PanelParams, response: responses({ 200: PanelSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return presentPanel(await rounds.removeFromPanel(commandContext(request), request.params.id, request.params.expertId));
      },
    );

    // ---- draws (随机抽取) ----
    app.post(
      '/review-rounds/:id/draws',
      { schema: { tags, summary: 'A sealed random draw of panel members or of each application’s experts, recorded with its seed', params: IdParams, body: DrawBody, response: responses({ 201: DrawSchema }, [400, 401, 403, 404, 409, 422]) } },
      async (request, reply) => {
        requireReviewManage(request.actor);
        return reply.code(201).send(presentDraw(await draws.draw(commandContext(request), request.params.id, request.body)));
      },
    );

    app.get('/review-rounds/:id/draws', { schema: { tags, summary: 'The round’s draws, newest first', params: IdParams, response: responses({ 200: DrawListSchema }) } }, async (request) => {
      requireReviewRead(request.actor);
      return { items: (await draws.list(request.actor.tenantId, request.params.id)).map(presentDraw) };
    });

    app.get('/review-rounds/:id/draws/:drawId', { schema: { tags, summary: 'One draw: seed, algorithm, parameters, candidates and result', params: DrawParams, response: responses({ 200: DrawSchema }) } }, async (request) => {
      requireReviewRead(request.actor);
      return presentDraw(await draws.view(request.actor.tenantId, request.params.id, request.params.drawId));
    });

    app.post(
      '/review-rounds/:id/draws/:drawId/verify',
      { schema: { tags, summary: 'Re-run a draw from its record and compare it with the record and its audit event', params: DrawParams, response: responses({ 200: DrawVerifySchema }) } },
      async (request) => {
        requireReviewRead(request.actor);
        return draws.verify(request.actor.tenantId, request.params.id, request.params.drawId);
      },
    );

    // ---- affinity and assignment ----
    app.get('/review-rounds/:id/affinity', { schema: { tags, summary: 'Affinity of every application with every panel expert, with the strongest shared terms', params: IdParams, response: responses({ 200: AffinityMatrixSchema }) } }, async (request) => {
      requireReviewRead(request.actor);
      return assign.affinityMatrix(request.actor.tenantId, request.params.id);
    });

    app.get(
      '/review-rounds/:id/affinity/:itemId/:expertId',
      { schema: { tags, summary: 'Why an application and an expert match: shared terms, their weight and where they come from', params: AffinityPairParams, response: responses({ 200: AffinityExplainSchema }) } },
      async (request) => {
        requireReviewRead(request.actor);
        const x = await assign.explainPair(request.actor.tenantId, request.params.id, request.params.itemId, request.params.expertId);
        return { itemId: x.item.itemId, code: x.item.code, expertId: x.expert.id, name: x.expert.name, score: x.score, terms: x.terms, conflicts: x.conflicts };
      },
    );

    app.post(
      '/review-rounds/:id/assign',
      { schema: { tags, summary: 'Assign the panel optimally (most total affinity under coverage, loads, conflicts, one per organisation)', params: IdParams, response: responses({ 200: AssignmentsSchema }, [400, 401, 403, 404, 409, 422]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return assign.assign(commandContext(request), request.params.id);
      },
    );

    app.get('/review-rounds/:id/assignments', { schema: { tags, summary: 'Who reviews what, with affinity, conflicts, loads and sheet status', params: IdParams, response: responses({ 200: AssignmentsSchema }) } }, async (request) => {
      requireReviewRead(request.actor);
      return assign.assignments(request.actor.tenantId, request.params.id);
    });

    app.post(
      '/review-rounds/:id/assignments/swap',
      { schema: { tags, summary: 'Replace an expert on an application, or swap two experts between two applications, re-checking every constraint', params: IdParams, body: SwapBody, response: responses({ 200: AssignmentsSchema }, [400, 401, 403, 404, 409, 422]) } },
      async (request) => {
        requireReviewManage(request.actor);
        return assign.change(commandContext(request), request.params.id, request.body);
      },
    );
  };
}
