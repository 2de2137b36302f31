import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import { EXPORT_FORMATS, sendDownload } from '../../platform/export/index.ts';
import { racePolicy, requireRaceManage, requireRaceReader } from './races.policy.ts';
import { RaceBoard, RaceCandidates, RaceCreateBody, RaceDecisionBody, RaceDetail, RaceListQuery, RacePage } from './races.schemas.ts';
import { boardFileIds, presentBoard, presentDetail, presentSummary } from './races.present.ts';
import { exportBoard } from './races.export.ts';

const strict = { additionalProperties: false } as const;
const GateParams = Type.Object({ id: Uuid, gateId: Uuid }, strict);
const DecisionParams = Type.Object({ id: Uuid, gateId: Uuid, teamId: Uuid }, strict);
const tags = ['races'];
const writes = [400, 401, 403, 404, 409, 422];

export function raceRoutes(services: Services): FastifyPluginAsyncTypebox {
  const svc = services.races;

  async function detail(id: string, actor: Actor) {
    return presentDetail(await svc.view(actor.tenantId, id), actor);
  }

  async function board(id: string, actor: Actor) {
    const v = await svc.view(actor.tenantId, id);
    const files = await services.files.describe(actor.tenantId, boardFileIds(v, actor));
    return presentBoard(v, actor, files);
  }

  /** The race if the caller may read it (403 for roles that never may, 404 when not theirs); then the office only (403). */
  async function asOffice(actor: Actor | null, id: string): Promise<Actor> {
    requireActor(actor);
    requireRaceReader(actor);
    await svc.visible(actor, id);
    requireRaceManage(actor);
    return actor;
  }

  async function asReader(actor: Actor | null, id: string): Promise<Actor> {
    requireActor(actor);
    requireRaceReader(actor);
    await svc.visible(actor, id);
    return actor;
  }

  return async (app) => {
    app.get('/races', { schema: { tags, summary: 'Horse races (赛马) with filters, sorting and paging (office and auditors: all; applicants: those their organisation races in)', querystring: RaceListQuery, response: responses({ 200: RacePage }, [400, 401, 403]) } }, async (request) => {
      const actor = request.actor;
      requireActor(actor);
      requireRaceReader(actor);
      const q = request.query;
      const w = pageWindow(q);
      const r = await svc.list(actor.tenantId, { q: q.q, status: q.status, sort: q.sort, organizationId: racePolicy.read(actor) ? undefined : actor.organizationId! }, w);
      return { items: r.items.map(presentSummary), total: r.total, page: w.page, pageSize: w.pageSize };
    });

    app.get('/races/candidates', { schema: { tags, summary: 'Challenges whose contracts can race: two or more, none racing yet (officer)', response: responses({ 200: RaceCandidates }, [401, 403]) } }, async (request) => {
      const actor = request.actor;
      requireActor(actor);
      requireRaceManage(actor);
      return { items: await svc.candidates(actor.tenantId) };
    });

    app.post('/races', { schema: { tags, summary: 'Start a race from a challenge’s contracts: gates with shared dates and targets; each team’s milestones are aligned to them (officer)', body: RaceCreateBody, response: responses({ 201: RaceDetail }, writes) } }, async (request, reply) => {
      const actor = request.actor;
      requireActor(actor);
      requireRaceManage(actor);
      const race = await svc.create(commandContext(request), request.body);
      return reply.code(201).send(await detail(race.id, actor));
    });

    app.get('/races/:id', { schema: { tags, summary: 'One race: gates with their decisions and review round, teams, and what the caller may do', params: IdParams, response: responses({ 200: RaceDetail }, [400, 401, 403, 404]) } }, async (request) => {
      const actor = await asReader(request.actor, request.params.id);
      return detail(request.params.id, actor);
    });

    app.get('/races/:id/board', { schema: { tags, summary: 'The race board: teams side by side with targets, evidence, scores, outcomes and money per gate', params: IdParams, response: responses({ 200: RaceBoard }, [400, 401, 403, 404]) } }, async (request) => {
      const actor = await asReader(request.actor, request.params.id);
      return board(request.params.id, actor);
    });

    const ExportQuery = Type.Object({ format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'xlsx' })) }, strict);
    app.get(
      '/races/:id/board/export',
      { schema: { tags, summary: 'The race board as Excel or CSV (what the caller’s board shows)', params: IdParams, querystring: ExportQuery, response: responses({ 200: Type.Unknown({ description: 'The file' }) }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        const actor = await asReader(request.actor, request.params.id);
        const file = exportBoard(await board(request.params.id, actor), request.query.format ?? 'xlsx', services.clock.now());
        return sendDownload(reply, file, file.stream);
      },
    );

    app.post('/races/:id/gates/:gateId/close-evidence', { schema: { tags, summary: 'Close the current gate’s evidence: the gate goes to review and its milestones refuse further evidence (officer)', params: GateParams, response: responses({ 200: RaceDetail }, writes) } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.closeEvidence(commandContext(request), request.params.id, request.params.gateId);
      return detail(request.params.id, actor);
    });

    app.put(
      '/races/:id/gates/:gateId/decisions/:teamId',
      { schema: { tags, summary: 'Record a team’s outcome at the gate once its review is adopted: pass, pass with conditions, or eliminate with a reason (officer)', params: DecisionParams, body: RaceDecisionBody, response: responses({ 200: RaceDetail }, writes) } },
      async (request) => {
        const actor = await asOffice(request.actor, request.params.id);
        await svc.recordDecision(commandContext(request), request.params.id, request.params.gateId, request.params.teamId, request.body);
        return detail(request.params.id, actor);
      },
    );

    app.post(
      '/races/:id/gates/:gateId/decide',
      { schema: { tags, summary: 'Decide the gate in one transaction: release passing teams’ tranches, terminate eliminated teams and return or reallocate their money; the last gate finishes the race (officer)', params: GateParams, response: responses({ 200: RaceDetail }, writes) } },
      async (request) => {
        const actor = await asOffice(request.actor, request.params.id);
        await svc.decide(commandContext(request), request.params.id, request.params.gateId);
        return detail(request.params.id, actor);
      },
    );
  };
}
