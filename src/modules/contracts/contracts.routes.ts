import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import { EXPORT_FORMATS, sendDownload } from '../../platform/export/index.ts';
import { contractPolicy, requireContractManage, requireContractTeam } from './contracts.policy.ts';
import {
  ChangeDecisionBody,
  ContractDetail,
  ContractListQuery,
  ContractPage,
  DecisionBody,
  EvidenceBody,
  OrderBody,
  OrderCloseBody,
  OrderResponseBody,
  ReleaseBody,
  ReportBody,
  ReversalBody,
  TermsChangeBody,
} from './contracts.schemas.ts';
import { fileIdsOf, presentDetail, presentSummary, userIdsOf } from './contracts.present.ts';
import { exportLedger } from './contracts.export.ts';

const strict = { additionalProperties: false } as const;
const RequestParams = Type.Object({ id: Uuid, requestId: Uuid }, strict);
const MilestoneParams = Type.Object({ id: Uuid, milestoneId: Uuid }, strict);
const ReportParams = Type.Object({ id: Uuid, reportId: Uuid }, strict);
const OrderParams = Type.Object({ id: Uuid, orderId: Uuid }, strict);
const TrancheParams = Type.Object({ id: Uuid, trancheId: Uuid }, strict);
const EntryParams = Type.Object({ id: Uuid, entryId: Uuid }, strict);
const tags = ['contracts'];
const writes = [400, 401, 403, 404, 409, 422];
const detail = responses({ 200: ContractDetail }, writes);

export function contractRoutes(services: Services): FastifyPluginAsyncTypebox {
  const svc = services.contracts;

  async function dto(id: string, actor: Actor) {
    const v = await svc.detail(actor.tenantId, id);
    const [files, people] = await Promise.all([services.files.describe(actor.tenantId, fileIdsOf(v)), svc.names(actor.tenantId, userIdsOf(v))]);
    return presentDetail(v, actor, [...files.values()], people);
  }

  /** The contract if the caller may see it (404 otherwise), and the caller must be the office to go on (403). */
  async function asOffice(actor: Actor | null, id: string): Promise<Actor> {
    requireActor(actor);
    await svc.visible(actor, id);
    requireContractManage(actor);
    return actor;
  }

  async function asTeam(actor: Actor | null, id: string): Promise<Actor> {
    requireActor(actor);
    requireContractTeam(actor, await svc.visible(actor, id));
    return actor;
  }

  return async (app) => {
    app.get(
      '/contracts',
      { schema: { tags, summary: 'Task contracts with filters, sorting and paging (office and auditors: all; applicants: their organisation’s)', querystring: ContractListQuery, response: responses({ 200: ContractPage }, [400, 401, 403]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        const q = request.query;
        let organizationId = q.organizationId;
        if (!contractPolicy.read(actor)) {
          if (!actor.organizationId || !actor.roles.includes('applicant')) throw new AppError('FORBIDDEN', 'requires the office, an auditor or an applicant account');
          if (organizationId && organizationId !== actor.organizationId) organizationId = '00000000-0000-0000-0000-000000000000';
          else organizationId = actor.organizationId;
        }
        const w = pageWindow(q);
        const r = await svc.list(actor.tenantId, { q: q.q, status: q.status ? [q.status] : undefined, challengeId: q.challengeId, organizationId, overdue: q.overdue, sort: q.sort }, w);
        return { items: r.items.map(presentSummary), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get('/contracts/:id', { schema: { tags, summary: 'One contract: terms and versions, confirmations, change requests, milestones with evidence, reports, supervision orders, ledger', params: IdParams, response: responses({ 200: ContractDetail }, [400, 401, 404]) } }, async (request) => {
      const actor = request.actor;
      requireActor(actor);
      await svc.visible(actor, request.params.id);
      return dto(request.params.id, actor);
    });

    app.put('/contracts/:id/terms', { schema: { tags, summary: 'Amend the terms before both sides confirmed; a new version both must confirm (officer)', params: IdParams, body: TermsChangeBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.amendDraft(commandContext(request), request.params.id, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/confirm', { schema: { tags, summary: 'Confirm the current version for my side: the office or the contract’s organisation', params: IdParams, response: detail } }, async (request) => {
      const actor = request.actor;
      requireActor(actor);
      await svc.visible(actor, request.params.id);
      await svc.confirm(commandContext(request), actor, request.params.id);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/change-requests', { schema: { tags, summary: 'Propose a change to a contract in force (either side); an officer decides', params: IdParams, body: TermsChangeBody, response: detail } }, async (request) => {
      const actor = request.actor;
      requireActor(actor);
      await svc.visible(actor, request.params.id);
      await svc.proposeChange(commandContext(request), actor, request.params.id, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/change-requests/:requestId/decision', { schema: { tags, summary: 'Approve (a new version) or refuse a change request, with a reason (officer)', params: RequestParams, body: ChangeDecisionBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.decideChange(commandContext(request), request.params.id, request.params.requestId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/milestones/:milestoneId/evidence', { schema: { tags, summary: 'Submit evidence for a milestone: files and figures for each requirement (the team)', params: MilestoneParams, body: EvidenceBody, response: detail } }, async (request) => {
      const actor = await asTeam(request.actor, request.params.id);
      await svc.progress.submitEvidence(commandContext(request), actor, request.params.id, request.params.milestoneId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/milestones/:milestoneId/decision', { schema: { tags, summary: 'Accept or return a milestone’s evidence (officer)', params: MilestoneParams, body: DecisionBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.progress.decideMilestone(commandContext(request), request.params.id, request.params.milestoneId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/reports', { schema: { tags, summary: 'Submit a periodic progress report with figures against the targets (the team)', params: IdParams, body: ReportBody, response: detail } }, async (request) => {
      const actor = await asTeam(request.actor, request.params.id);
      await svc.progress.submitReport(commandContext(request), actor, request.params.id, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/reports/:reportId/decision', { schema: { tags, summary: 'Accept or return a progress report (officer)', params: ReportParams, body: DecisionBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.progress.decideReport(commandContext(request), request.params.id, request.params.reportId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/supervision-orders', { schema: { tags, summary: 'Issue a supervision order (督办) with a response deadline (officer)', params: IdParams, body: OrderBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.progress.issueOrder(commandContext(request), request.params.id, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/supervision-orders/:orderId/response', { schema: { tags, summary: 'Answer a supervision order (the team)', params: OrderParams, body: OrderResponseBody, response: detail } }, async (request) => {
      const actor = await asTeam(request.actor, request.params.id);
      await svc.progress.respondOrder(commandContext(request), actor, request.params.id, request.params.orderId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/supervision-orders/:orderId/close', { schema: { tags, summary: 'Close an answered supervision order (officer)', params: OrderParams, body: OrderCloseBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.progress.closeOrder(commandContext(request), request.params.id, request.params.orderId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/tranches/:trancheId/release', { schema: { tags, summary: 'Release (part of) a tranche whose condition is met: a ledger entry that can never exceed the budget (officer)', params: TrancheParams, body: ReleaseBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.ledger.release(commandContext(request), request.params.id, request.params.trancheId, request.body);
      return dto(request.params.id, actor);
    });

    app.post('/contracts/:id/ledger/:entryId/reversal', { schema: { tags, summary: 'Reverse a release, with the reason (officer)', params: EntryParams, body: ReversalBody, response: detail } }, async (request) => {
      const actor = await asOffice(request.actor, request.params.id);
      await svc.ledger.reverse(commandContext(request), request.params.id, request.params.entryId, request.body);
      return dto(request.params.id, actor);
    });

    const ExportQuery = Type.Object({ format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'xlsx' })) }, { additionalProperties: false });
    app.get(
      '/contracts/:id/ledger/export',
      { schema: { tags, summary: 'The disbursement ledger with its reconciliation as Excel or CSV (whoever may read the contract)', params: IdParams, querystring: ExportQuery, response: responses({ 200: Type.Unknown({ description: 'The file' }) }, [400, 401, 404]) } },
      async (request, reply) => {
        const actor = request.actor;
        requireActor(actor);
        await svc.visible(actor, request.params.id);
        const file = await exportLedger(svc, actor.tenantId, request.params.id, request.query.format ?? 'xlsx', services.clock.now());
        return sendDownload(reply, file, file.stream);
      },
    );
  };
}
