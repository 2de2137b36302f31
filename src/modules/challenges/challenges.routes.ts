import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { IdParams, Page, pageWindow, responses, Uuid } from '../../platform/http/schemas.ts';
import type { ChallengeStatus } from './challenges.tables.ts';
import { challengePolicy, requireApplicant, requireManage, requireRead } from './challenges.policy.ts';
import type { ChallengeListFilter, DemandRow } from './challenges.service.ts';
import {
  ApplicationListQuery,
  ApplicationSchema,
  ApplicationSummary,
  BatchSchema,
  ChallengeListQuery,
  ChallengePage,
  ChallengeSchema,
  ContentSchema,
  ContractSchema,
  DecisionBody,
  DefenceBody,
  DefenceSchema,
  DemandBody,
  DemandListQuery,
  DemandSchema,
  NoticeSchema,
  ObjectionSchema,
  RankingSchema,
  RefusalSchema,
  STAGES,
  TermsSchema,
  VersionSchema,
} from './challenges.schemas.ts';
import { EXPORT_FORMATS, sendDownload } from '../../platform/export/index.ts';
import { exportApplications, exportRanking } from './challenges.export.ts';
import { presentApplication, presentChallenge, presentContract, presentNotice, presentObjection, scoreOf } from './challenges.present.ts';

/** A stage of the board maps to statuses plus, for published challenges, which side of the deadline. */
export function stageFilter(stage: (typeof STAGES)[number] | undefined, now: Date): Pick<ChallengeListFilter, 'status' | 'deadlineFrom' | 'deadlineTo'> {
  if (!stage) return {};
  if (stage === 'open') return { status: ['published'], deadlineFrom: new Date(now.getTime() + 1) };
  if (stage === 'formal_check') return { status: ['published'], deadlineTo: now };
  return { status: [stage] };
}

function mergeDeadline(a: Date | undefined, b: string | undefined, pick: 'max' | 'min'): Date | undefined {
  const bd = b ? new Date(b) : undefined;
  if (!a) return bd;
  if (!bd) return a;
  return pick === 'max' ? (a > bd ? a : bd) : a < bd ? a : bd;
}

function presentDemand(d: DemandRow, orgName: string) {
  return {
    id: d.id,
    organizationId: d.organizationId,
    organizationName: orgName,
    title: d.title,
    field: d.field,
    description: d.description,
    expectedTargets: d.expectedTargets,
    budgetExpectationFen: d.budgetExpectationFen,
    status: d.status,
    mergedIntoId: d.mergedIntoId,
    challengeId: d.challengeId,
    reviewNote: d.reviewNote,
    reviewedAt: d.reviewedAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}

const Reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });

export function challengeRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { challenges: svc, registry } = services;
  const now = () => svc.now();

  async function challengeDto(id: string, actor: Actor) {
    const c = await svc.getChallenge(actor.tenantId, id);
    const counts = (await svc.applicationCounts([c.id])).get(c.id)!;
    const own = actor.organizationId ? await svc.activeApplicationOf(c.id, actor.organizationId) : undefined;
    return presentChallenge(c, actor, now(), await svc.batchOf(c.batchId), counts, own !== undefined, await services.files.describe(actor.tenantId, c.terms.attachmentIds));
  }

  /** Officers, admins and auditors see every challenge; applicants only published ones. */
  async function visibleChallenge(id: string, actor: Actor) {
    const c = await svc.getChallenge(actor.tenantId, id);
    if (!challengePolicy.read(actor) && ['draft', 'pending_approval', 'approved'].includes(c.status)) throw new AppError('NOT_FOUND', 'challenge not found');
    return c;
  }

  async function applicationDto(id: string, actor: Actor) {
    const [v] = await svc.applicationViews(actor.tenantId, [id]);
    if (!v || !challengePolicy.readApplication(actor, v.a.organizationId)) throw new AppError('NOT_FOUND', 'application not found');
    return presentApplication(v, actor, now());
  }

  return async (app) => {
    // ---- demands --------------------------------------------------------------------------
    app.post(
      '/demands',
      { schema: { tags: ['challenges'], summary: 'Submit a technical need (需求征集): applicants for their organisation, officers for any', body: DemandBody, response: responses({ 201: DemandSchema }, [400, 401, 403]) } },
      async (request, reply) => {
        const actor = request.actor;
        requireActor(actor);
        let orgId: string;
        if (challengePolicy.manage(actor) && request.body.organizationId) orgId = request.body.organizationId;
        else {
          requireApplicant(actor);
          orgId = actor.organizationId;
        }
        const d = await svc.submitDemand(commandContext(request), orgId, request.body);
        const org = await registry.getOrganization(actor.tenantId, orgId);
        return reply.code(201).send(presentDemand(d, org.nameZh));
      },
    );

    app.get(
      '/demands',
      { schema: { tags: ['challenges'], summary: 'Technical needs: all for officers and auditors, your organisation’s for applicants', querystring: DemandListQuery, response: responses({ 200: Page(DemandSchema) }, [400, 401, 403]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        const orgFilter = challengePolicy.read(actor) ? undefined : actor.organizationId;
        if (!challengePolicy.read(actor) && !orgFilter) throw new AppError('FORBIDDEN');
        const w = pageWindow(request.query);
        const r = await svc.listDemands(actor.tenantId, { status: request.query.status, q: request.query.q, organizationId: orgFilter ?? undefined }, w);
        return { items: r.items.map((i) => presentDemand(i.d, i.orgName)), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.post(
      '/demands/:id/review',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Accept or reject a need (officer)',
          params: IdParams,
          body: Type.Object({ decision: Type.Enum(['accepted', 'rejected']), note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])) }, { additionalProperties: false }),
          response: responses({ 200: DemandSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        const d = await svc.reviewDemand(commandContext(request), request.params.id, request.body.decision, request.body.note ?? null);
        return presentDemand(d, (await registry.getOrganization(d.tenantId, d.organizationId)).nameZh);
      },
    );

    app.post(
      '/demands/:id/merge',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Merge duplicate needs into this one (officer)',
          params: IdParams,
          body: Type.Object({ sourceIds: Type.Array(Uuid, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
          response: responses({ 200: DemandSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        const d = await svc.mergeDemands(commandContext(request), request.params.id, request.body.sourceIds);
        return presentDemand(d, (await registry.getOrganization(d.tenantId, d.organizationId)).nameZh);
      },
    );

    app.post(
      '/demands/:id/convert',
      { schema: { tags: ['challenges'], summary: 'Turn an accepted need into a draft challenge that links back (officer)', params: IdParams, response: responses({ 201: ChallengeSchema }, [401, 403, 404, 409]) } },
      async (request, reply) => {
        requireManage(request.actor);
        const c = await svc.convertDemand(commandContext(request), request.params.id);
        return reply.code(201).send(await challengeDto(c.id, request.actor));
      },
    );

    // ---- challenges -----------------------------------------------------------------------
    app.get(
      '/challenges',
      { schema: { tags: ['challenges'], summary: 'Challenges with filters, sorting and paging (officers and auditors see all; applicants published ones)', querystring: ChallengeListQuery, response: responses({ 200: ChallengePage }, [400, 401]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        const q = request.query;
        const w = pageWindow(q);
        const sf = stageFilter(q.stage, now());
        let status = sf.status;
        if (!challengePolicy.read(actor)) {
          const pub: ChallengeStatus[] = ['published', 'review', 'notice', 'awarded', 'not_awarded'];
          status = status ? status.filter((s) => pub.includes(s)) : pub;
          if (status.length === 0) return { items: [], total: 0, page: w.page, pageSize: w.pageSize };
        }
        const r = await svc.listChallenges(
          actor.tenantId,
          {
            q: q.q,
            field: q.field,
            zoneId: q.zoneId,
            batchId: q.batchId,
            status,
            deadlineFrom: mergeDeadline(sf.deadlineFrom, q.deadlineFrom, 'max'),
            deadlineTo: mergeDeadline(sf.deadlineTo, q.deadlineTo, 'min'),
            sort: q.sort,
          },
          w,
        );
        const batches = new Map((await svc.listBatches(actor.tenantId)).map((b) => [b.id, b]));
        return {
          items: r.items.map((i) => presentChallenge(i.challenge, actor, now(), i.challenge.batchId ? (batches.get(i.challenge.batchId) ?? null) : null, i.counts)),
          total: r.total,
          page: w.page,
          pageSize: w.pageSize,
        };
      },
    );

    app.get(
      '/challenges/board',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Pipeline board: every challenge by stage (officers, auditors)',
          response: responses({ 200: Type.Object({ columns: Type.Array(Type.Object({ stage: Type.Enum([...STAGES]), items: Type.Array(ChallengeSchema) })) }) }, [401, 403]),
        },
      },
      async (request) => {
        requireRead(request.actor);
        const actor = request.actor;
        const { rows, counts } = await svc.board(actor.tenantId);
        const batches = new Map((await svc.listBatches(actor.tenantId)).map((b) => [b.id, b]));
        const t = now();
        const dtos = rows.map((c) => presentChallenge(c, actor, t, c.batchId ? (batches.get(c.batchId) ?? null) : null, counts.get(c.id)!));
        return { columns: STAGES.filter((s) => s !== 'cancelled').map((stage) => ({ stage, items: dtos.filter((d) => d.stage === stage) })) };
      },
    );

    app.post(
      '/challenges',
      { schema: { tags: ['challenges'], summary: 'Draft a challenge (officer); drafts may be incomplete', body: TermsSchema, response: responses({ 201: ChallengeSchema }, [400, 401, 403]) } },
      async (request, reply) => {
        requireManage(request.actor);
        const c = await svc.createChallenge(commandContext(request), request.body);
        return reply.code(201).send(await challengeDto(c.id, request.actor));
      },
    );

    app.get(
      '/challenges/:id',
      { schema: { tags: ['challenges'], summary: 'One challenge with what the viewer may do now', params: IdParams, response: responses({ 200: ChallengeSchema }, [401, 404]) } },
      async (request) => {
        requireActor(request.actor);
        await visibleChallenge(request.params.id, request.actor);
        return challengeDto(request.params.id, request.actor);
      },
    );

    app.put(
      '/challenges/:id',
      { schema: { tags: ['challenges'], summary: 'Edit a draft’s terms (officer)', params: IdParams, body: TermsSchema, response: responses({ 200: ChallengeSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireManage(request.actor);
        await svc.updateDraft(commandContext(request), request.params.id, request.body);
        return challengeDto(request.params.id, request.actor);
      },
    );

    const transition = (path: string, summary: string, run: (ctx: ReturnType<typeof commandContext>, id: string, body: { reason?: string }) => Promise<unknown>, withReason = false) =>
      app.post(
        `/challenges/:id/${path}`,
        {
          schema: {
            tags: ['challenges'],
            summary,
            params: IdParams,
            ...(withReason ? { body: Reason } : {}),
            response: responses({ 200: ChallengeSchema }, [400, 401, 403, 404, 409, 422]),
          },
        },
        async (request) => {
          requireManage(request.actor);
          await run(commandContext(request), request.params.id, (request.body ?? {}));
          return challengeDto(request.params.id, request.actor);
        },
      );

    transition('submit', 'Submit a complete draft for approval (officer)', (ctx, id) => svc.submitForApproval(ctx, id));
    transition('approve', 'Approve (another officer than the drafter and submitter: four eyes)', (ctx, id) => svc.approve(ctx, id));
    transition('refuse', 'Send back to draft with a reason (another officer)', (ctx, id, b) => svc.refuseApproval(ctx, id, b.reason ?? ''), true);
    transition('cancel', 'Cancel before the review, with a reason; applicants are told', (ctx, id, b) => svc.cancel(ctx, id, b.reason ?? ''), true);
    transition('open-review', 'Open the review stage after the deadline, once every application is checked', (ctx, id) => svc.openReview(ctx, id));

    app.post(
      '/challenges/:id/correct',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Correct published terms: a new, visible, audited version; applicants are told (officer)',
          params: IdParams,
          body: Type.Object({ terms: TermsSchema, reason: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
          response: responses({ 200: ChallengeSchema }, [400, 401, 403, 404, 409, 422]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        await svc.correct(commandContext(request), request.params.id, request.body.terms, request.body.reason);
        return challengeDto(request.params.id, request.actor);
      },
    );

    app.get(
      '/challenges/:id/versions',
      { schema: { tags: ['challenges'], summary: 'Every published version of the terms, with the reason for each correction', params: IdParams, response: responses({ 200: Type.Array(VersionSchema) }, [401, 404]) } },
      async (request) => {
        requireActor(request.actor);
        await visibleChallenge(request.params.id, request.actor);
        return (await svc.versions(request.params.id)).map((v) => ({ version: v.version, terms: v.terms, reason: v.reason, changedFields: v.changedFields, createdAt: v.createdAt.toISOString() }));
      },
    );

    app.get(
      '/challenge-batches',
      { schema: { tags: ['challenges'], summary: 'Published challenge lists (榜单)', response: responses({ 200: Type.Array(BatchSchema) }, [401]) } },
      async (request) => {
        requireActor(request.actor);
        return (await svc.listBatches(request.actor.tenantId)).map((b) => ({ id: b.id, code: b.code, title: b.title, titleEn: b.titleEn, description: b.description, status: b.status, publishedAt: b.publishedAt?.toISOString() ?? null }));
      },
    );

    app.post(
      '/challenge-batches',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Publish approved challenges together as a list (榜单); their terms freeze (officer)',
          body: Type.Object(
            { title: Type.String({ minLength: 2, maxLength: 200 }), titleEn: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])), description: Type.Optional(Type.String({ maxLength: 5000 })), challengeIds: Type.Array(Uuid, { minItems: 1, maxItems: 100 }) },
            { additionalProperties: false },
          ),
          response: responses({ 201: BatchSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request, reply) => {
        requireManage(request.actor);
        const { batch: b } = await svc.publishBatch(commandContext(request), request.body);
        return reply.code(201).send({ id: b.id, code: b.code, title: b.title, titleEn: b.titleEn, description: b.description, status: b.status, publishedAt: b.publishedAt?.toISOString() ?? null });
      },
    );

    // ---- applications ---------------------------------------------------------------------
    app.get(
      '/challenges/:id/eligibility',
      { schema: { tags: ['challenges'], summary: 'Whether my organisation may apply, and why not (applicant)', params: IdParams, response: responses({ 200: Type.Object({ eligible: Type.Boolean(), refusals: Type.Array(RefusalSchema) }) }, [401, 403, 404]) } },
      async (request) => {
        requireActor(request.actor);
        await visibleChallenge(request.params.id, request.actor);
        requireApplicant(request.actor);
        const refusals = await svc.checkEligibility(request.actor.tenantId, request.actor.organizationId, request.params.id);
        return { eligible: refusals.length === 0, refusals };
      },
    );

    app.post(
      '/challenges/:id/applications',
      { schema: { tags: ['challenges'], summary: 'Start an application (揭榜) as a draft for my organisation (applicant)', params: IdParams, body: ContentSchema, response: responses({ 201: ApplicationSchema }, [400, 401, 403, 404, 409]) } },
      async (request, reply) => {
        requireApplicant(request.actor);
        const a = await svc.createApplication(commandContext(request), request.actor, request.params.id, request.body);
        return reply.code(201).send(await applicationDto(a.id, request.actor));
      },
    );

    app.get(
      '/applications',
      { schema: { tags: ['challenges'], summary: 'Applications: my organisation’s (applicant) or all, by challenge and status (officer, auditor)', querystring: ApplicationListQuery, response: responses({ 200: Page(ApplicationSummary) }, [400, 401, 403]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        let orgFilter: string | undefined;
        if (!challengePolicy.read(actor)) {
          if (!challengePolicy.actForOrganization(actor)) throw new AppError('FORBIDDEN');
          orgFilter = actor.organizationId!;
        }
        const w = pageWindow(request.query);
        const r = await svc.listApplications(actor.tenantId, { challengeId: request.query.challengeId, status: request.query.status ? [request.query.status] : undefined, organizationId: orgFilter }, w);
        const views = await svc.applicationViews(actor.tenantId, r.items.map((i) => i.a.id));
        return {
          items: views.map((v) => {
            const { content: _content, ...rest } = presentApplication(v, actor, now());
            return rest;
          }),
          total: r.total,
          page: w.page,
          pageSize: w.pageSize,
        };
      },
    );

    app.get(
      '/applications/:id',
      { schema: { tags: ['challenges'], summary: 'One application (its organisation, officers, auditors)', params: IdParams, response: responses({ 200: ApplicationSchema }, [401, 404]) } },
      async (request) => {
        requireActor(request.actor);
        return applicationDto(request.params.id, request.actor);
      },
    );

    app.get(
      '/applications/:id/versions',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Every submitted version of an application',
          params: IdParams,
          response: responses({ 200: Type.Array(Type.Object({ version: Type.Integer(), content: ContentSchema, challengeVersion: Type.Integer(), submittedAt: Type.String({ format: 'date-time' }) })) }, [401, 404]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        await applicationDto(request.params.id, request.actor);
        return (await svc.applicationVersions(request.params.id)).map((v) => ({ version: v.version, content: v.content, challengeVersion: v.challengeVersion, submittedAt: v.submittedAt.toISOString() }));
      },
    );

    app.put(
      '/applications/:id',
      { schema: { tags: ['challenges'], summary: 'Save the draft (or a returned application within its correction window)', params: IdParams, body: ContentSchema, response: responses({ 200: ApplicationSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireApplicant(request.actor);
        await svc.updateApplication(commandContext(request), request.actor, request.params.id, request.body);
        return applicationDto(request.params.id, request.actor);
      },
    );

    app.post(
      '/applications/:id/submit',
      { schema: { tags: ['challenges'], summary: 'Submit before the deadline: completeness, budget cap and eligibility are checked', params: IdParams, response: responses({ 200: ApplicationSchema }, [401, 403, 404, 409, 415, 422]) } },
      async (request) => {
        requireApplicant(request.actor);
        await svc.submitApplication(commandContext(request), request.actor, request.params.id);
        return applicationDto(request.params.id, request.actor);
      },
    );

    app.post(
      '/applications/:id/withdraw',
      { schema: { tags: ['challenges'], summary: 'Withdraw before the deadline', params: IdParams, response: responses({ 200: ApplicationSchema }, [401, 403, 404, 409]) } },
      async (request) => {
        requireApplicant(request.actor);
        await svc.withdraw(commandContext(request), request.actor, request.params.id);
        return applicationDto(request.params.id, request.actor);
      },
    );

    app.post(
      '/applications/:id/check',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Formal check (形式审查): accept, reject with reason, or return for correction within a window (officer)',
          params: IdParams,
          body: Type.Object(
            { decision: Type.Enum(['accept', 'reject', 'return']), reason: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])), correctionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })) },
            { additionalProperties: false },
          ),
          response: responses({ 200: ApplicationSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        await svc.formalCheck(commandContext(request), request.params.id, request.body);
        return applicationDto(request.params.id, request.actor);
      },
    );

    // ---- review stage ---------------------------------------------------------------------
    app.get(
      '/challenges/:id/defences',
      { schema: { tags: ['challenges'], summary: 'Defence sessions (答辩) of the review stage', params: IdParams, response: responses({ 200: Type.Array(DefenceSchema) }, [401, 403, 404]) } },
      async (request) => {
        requireRead(request.actor);
        await svc.getChallenge(request.actor.tenantId, request.params.id);
        return (await svc.defences(request.params.id)).map((d) => ({ id: d.id, heldAt: d.heldAt.toISOString(), location: d.location, panel: d.panel, applicationIds: d.applicationIds, notes: d.notes, createdAt: d.createdAt.toISOString() }));
      },
    );

    app.post(
      '/challenges/:id/defences',
      { schema: { tags: ['challenges'], summary: 'Record a defence session (officer, review stage)', params: IdParams, body: DefenceBody, response: responses({ 201: DefenceSchema }, [400, 401, 403, 404, 409]) } },
      async (request, reply) => {
        requireManage(request.actor);
        const d = await svc.recordDefence(commandContext(request), request.params.id, request.body);
        return reply.code(201).send({ id: d.id, heldAt: d.heldAt.toISOString(), location: d.location, panel: d.panel, applicationIds: d.applicationIds, notes: d.notes, createdAt: d.createdAt.toISOString() });
      },
    );

    app.get(
      '/challenges/:id/ranking',
      { schema: { tags: ['challenges'], summary: 'Accepted applications ranked by committee score, ties shown (officer, auditor)', params: IdParams, response: responses({ 200: RankingSchema }, [401, 403, 404]) } },
      async (request) => {
        requireRead(request.actor);
        await svc.getChallenge(request.actor.tenantId, request.params.id);
        return (await svc.ranking(request.actor.tenantId, request.params.id)).map((r) => ({
          rank: r.rank,
          tied: r.tied,
          applicationId: r.item.a.id,
          code: r.item.a.code,
          title: r.item.a.content.title,
          organizationName: r.item.orgName,
          budgetTotalFen: r.item.a.budgetTotalFen,
          score: scoreOf(r.item.a.scoreCenti),
          scoreComment: r.item.a.scoreComment,
        }));
      },
    );

    app.post(
      '/challenges/:id/decision',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Decide: award one or several (horse race) and publish the notice (公示), or no award (流榜) with a reason (officer)',
          params: IdParams,
          body: DecisionBody,
          response: responses({ 200: ChallengeSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        await svc.decide(commandContext(request), request.params.id, request.body);
        return challengeDto(request.params.id, request.actor);
      },
    );

    // ---- notice and award -----------------------------------------------------------------
    app.get(
      '/challenges/:id/notices',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Notices of a challenge with their objections (officer, auditor)',
          params: IdParams,
          response: responses({ 200: Type.Array(Type.Object({ notice: NoticeSchema, objections: Type.Array(ObjectionSchema) })) }, [401, 403, 404]),
        },
      },
      async (request) => {
        requireRead(request.actor);
        await svc.getChallenge(request.actor.tenantId, request.params.id);
        const out = [];
        for (const n of await svc.noticesOf(request.params.id)) {
          const d = await svc.noticeDetails(n);
          out.push({ notice: presentNotice(n, d.challenge, d.awardees, d.objections, now()), objections: (await svc.objectionsOf(n.id)).map(presentObjection) });
        }
        return out;
      },
    );

    app.post(
      '/objections/:id/answer',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Answer an objection: dismissed, or upheld (the result is then revoked when the notice closes) (officer)',
          params: IdParams,
          body: Type.Object({ outcome: Type.Enum(['dismissed', 'upheld']), answer: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
          response: responses({ 200: ObjectionSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        return presentObjection(await svc.answerObjection(commandContext(request), request.params.id, request.body));
      },
    );

    app.post(
      '/notices/:id/close',
      {
        schema: {
          tags: ['challenges'],
          summary: 'Close the notice after its period with every objection answered: the award stands and task contracts are created (挂帅), or an upheld objection sends the challenge back to review (officer)',
          params: IdParams,
          response: responses({ 200: Type.Object({ challenge: ChallengeSchema, contracts: Type.Array(ContractSchema) }) }, [401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireManage(request.actor);
        const r = await svc.closeNotice(commandContext(request), request.params.id);
        const list = await services.contracts.ofChallenge(request.actor.tenantId, r.challenge.id);
        return { challenge: await challengeDto(r.challenge.id, request.actor), contracts: list.filter((l) => r.contracts.some((c) => c.id === l.c.id)).map(presentContract) };
      },
    );

    app.get(
      '/challenges/:id/contracts',
      { schema: { tags: ['challenges'], summary: 'Task contracts of a challenge: targets, milestones, tranches (officers, auditors; applicants their own)', params: IdParams, response: responses({ 200: Type.Array(ContractSchema) }, [401, 404]) } },
      async (request) => {
        const actor = request.actor;
        requireActor(actor);
        await visibleChallenge(request.params.id, actor);
        const orgFilter = challengePolicy.read(actor) ? undefined : (actor.organizationId ?? '00000000-0000-0000-0000-000000000000');
        return (await services.contracts.ofChallenge(actor.tenantId, request.params.id, orgFilter)).map(presentContract);
      },
    );

    const ExportQuery = Type.Object({ format: Type.Optional(Type.Enum(EXPORT_FORMATS, { default: 'xlsx' })) }, { additionalProperties: false });
    app.get(
      '/challenges/:id/applications/export',
      { schema: { tags: ['challenges'], summary: 'Every application of a challenge as Excel or CSV (officer, auditor)', params: IdParams, querystring: ExportQuery, response: responses({ 200: Type.Unknown({ description: 'The file' }) }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        requireRead(request.actor);
        const c = await svc.getChallenge(request.actor.tenantId, request.params.id);
        const file = exportApplications(svc, c, request.query.format ?? 'xlsx', now());
        return sendDownload(reply, file, file.stream);
      },
    );

    app.get(
      '/challenges/:id/ranking/export',
      { schema: { tags: ['challenges'], summary: 'The committee scores and ranking as Excel or CSV (officer, auditor)', params: IdParams, querystring: ExportQuery, response: responses({ 200: Type.Unknown({ description: 'The file' }) }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        requireRead(request.actor);
        const c = await svc.getChallenge(request.actor.tenantId, request.params.id);
        const file = exportRanking(svc, c, request.query.format ?? 'xlsx', now());
        return sendDownload(reply, file, file.stream);
      },
    );

    app.get(
      '/challenges/:id/applications',
      { schema: { tags: ['challenges'], summary: 'Applications of one challenge (officer, auditor)', params: IdParams, response: responses({ 200: Type.Array(ApplicationSummary) }, [401, 403, 404]) } },
      async (request) => {
        requireRead(request.actor);
        const actor = request.actor;
        await svc.getChallenge(actor.tenantId, request.params.id);
        const r = await svc.listApplications(actor.tenantId, { challengeId: request.params.id }, { offset: 0, limit: 10_000 });
        const views = await svc.applicationViews(actor.tenantId, r.items.map((i) => i.a.id));
        return views.map((v) => {
          const { content: _content, ...rest } = presentApplication(v, actor, now());
          return rest;
        });
      },
    );

  };
}
