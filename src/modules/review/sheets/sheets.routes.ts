import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../services.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { commandContext } from '../../../platform/http/request-context.ts';
import { IdParams, responses } from '../../../platform/http/schemas.ts';
import { sendDownload } from '../../../platform/export/index.ts';
import { requireReviewExpert, requireReviewManage, requireReviewRead, reviewPolicy } from '../review.policy.ts';
import type { ReviewRoundRow } from '../review.tables.ts';
import { CloseBody, ExpertSheet, MyAssignment, ProgressView, ResultsExportQuery, ResultsView, ReturnBody, SheetBody, SheetView, SubmitBody } from './sheets.schemas.ts';
import { presentCriteria, presentSheet, sheetStarted } from './sheets.present.ts';
import { exportResults } from './sheets.export.ts';
import type { ReviewSheetService } from './sheets.service.ts';

/** Expert scoring (tag `review`): the expert's assignments and sheets; the officer's progress, close, results, export and adoption. */
export function reviewSheetRoutes(services: Services): FastifyPluginAsyncTypebox {
  const svc: ReviewSheetService = services.reviewSheets;
  const now = () => services.clock.now();

  async function expertSheetDto(actor: Parameters<ReviewSheetService['sheetForExpert']>[0], id: string) {
    const v = await svc.sheetForExpert(actor, id);
    return {
      round: { id: v.round.id, name: v.round.name, status: v.round.status, blind: v.round.blind, deadline: v.round.deadline.toISOString(), commentRequired: v.round.commentRequired, criteria: presentCriteria(v.round.criteria) },
      item: v.item,
      sheet: presentSheet(v.sheet),
      actions: v.actions,
    };
  }

  const roundActions = (r: ReviewRoundRow, manage: boolean) => {
    const out: ('close' | 'adopt' | 'export')[] = r.status === 'draft' || r.status === 'cancelled' ? [] : ['export'];
    if (manage && r.status === 'open') out.push('close');
    if (manage && r.status === 'closed') out.push('adopt');
    return out;
  };

  return async (app) => {
    // ---- the expert ------------------------------------------------------------------------
    app.get(
      '/review/assignments',
      { schema: { tags: ['review'], summary: 'My review assignments across rounds (expert); never names the applicant in a double-blind round', response: responses({ 200: Type.Array(MyAssignment) }, [401, 403]) } },
      async (request) => {
        requireReviewExpert(request.actor);
        return (await svc.myAssignments(request.actor)).map((a) => ({
          sheetId: a.sheet.id,
          roundId: a.round.id,
          roundName: a.round.name,
          roundStatus: a.round.status,
          blind: a.round.blind,
          deadline: a.round.deadline.toISOString(),
          code: a.code,
          title: a.title,
          status: a.sheet.status,
          started: sheetStarted(a.sheet),
          savedAt: a.sheet.savedAt.toISOString(),
          submittedAt: a.sheet.submittedAt?.toISOString() ?? null,
          totalCenti: a.sheet.totalCenti,
          returnedReason: a.sheet.returnedReason,
          actions: a.actions,
        }));
      },
    );

    app.get(
      '/review/sheets/:id',
      { schema: { tags: ['review'], summary: 'One of my sheets: the application as I may read it, the criteria and my scores (expert)', params: IdParams, response: responses({ 200: ExpertSheet }, [401, 403, 404]) } },
      async (request) => {
        requireReviewExpert(request.actor);
        return expertSheetDto(request.actor, request.params.id);
      },
    );

    app.put(
      '/review/sheets/:id',
      {
        schema: {
          tags: ['review'],
          summary: 'Save my sheet as a draft: any subset of the criteria scored (0–scale in steps of 0.5), comments (expert, open round, before the deadline)',
          params: IdParams,
          body: SheetBody,
          response: responses({ 200: SheetView }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireReviewExpert(request.actor);
        return presentSheet(await svc.saveDraft(commandContext(request), request.actor, request.params.id, request.body));
      },
    );

    app.post(
      '/review/sheets/:id/submit',
      {
        schema: {
          tags: ['review'],
          summary: 'Submit my sheet: every criterion scored and the required comments written; then it is locked (expert)',
          params: IdParams,
          body: Type.Optional(SubmitBody),
          response: responses({ 200: SheetView }, [400, 401, 403, 404, 409, 422]),
        },
      },
      async (request) => {
        requireReviewExpert(request.actor);
        return presentSheet(await svc.submit(commandContext(request), request.actor, request.params.id, request.body ?? undefined));
      },
    );

    // ---- the officer -----------------------------------------------------------------------
    app.post(
      '/review/sheets/:id/return',
      { schema: { tags: ['review'], summary: 'Return a submitted sheet to its expert for revision, with a reason (officer, open round)', params: IdParams, body: ReturnBody, response: responses({ 200: Type.Object({ id: Type.String(), status: Type.String(), returnedReason: Type.Union([Type.String(), Type.Null()]) }) }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        const s = await svc.returnSheet(commandContext(request), request.params.id, request.body.reason);
        return { id: s.id, status: s.status, returnedReason: s.returnedReason };
      },
    );

    app.get(
      '/review-rounds/:id/progress',
      { schema: { tags: ['review'], summary: 'Scoring progress: per expert, per item, overall, overdue (officer, auditor)', params: IdParams, response: responses({ 200: ProgressView }, [401, 403, 404]) } },
      async (request) => {
        requireReviewRead(request.actor);
        const { round, progress, items, sheets, subjects, names } = await svc.progress(request.actor.tenantId, request.params.id);
        const codes = new Map(items.map((i) => [i.itemId, i.code]));
        const manage = reviewPolicy.manage(request.actor);
        return {
          roundId: round.id,
          status: round.status,
          deadline: round.deadline.toISOString(),
          sheets: progress.sheets,
          submitted: progress.submitted,
          percent: progress.percent,
          overdue: round.status === 'open' && progress.overdue,
          experts: progress.experts
            .map((e) => ({ ...e, name: names.get(e.expertId)?.name ?? e.expertId, organizationName: names.get(e.expertId)?.organizationName ?? null, lastSavedAt: e.lastSavedAt?.toISOString() ?? null }))
            .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
          items: progress.items.map((i) => ({ ...i, code: codes.get(i.itemId) ?? '', title: subjects.get(i.itemId)?.title ?? '', k: round.expertsPerItem })),
          sheetList: sheets.map((s) => ({ id: s.id, itemId: s.itemId, expertId: s.expertId, status: s.status, started: sheetStarted(s), savedAt: s.savedAt.toISOString(), submittedAt: s.submittedAt?.toISOString() ?? null, returnedReason: s.returnedReason })),
          actions: manage && round.status === 'open' ? (['close', 'return'] satisfies ('close' | 'return')[]) : [],
        };
      },
    );

    app.post(
      '/review-rounds/:id/close',
      { schema: { tags: ['review'], summary: 'Close scoring (open → closed); refused while sheets are missing unless forced with a reason (officer)', params: IdParams, body: CloseBody, response: responses({ 200: Type.Object({ id: Type.String(), status: Type.String(), closedAt: Type.Union([Type.String(), Type.Null()]) }) }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        const r = await svc.close(commandContext(request), request.params.id, request.body);
        return { id: r.id, status: r.status, closedAt: r.closedAt?.toISOString() ?? null };
      },
    );

    app.get(
      '/review-rounds/:id/results',
      { schema: { tags: ['review'], summary: 'Results side by side: each expert’s totals and scores, plain, trimmed and calibrated means, spread, flags, ranking with ties, expert biases (officer, auditor)', params: IdParams, response: responses({ 200: ResultsView }, [401, 403, 404]) } },
      async (request) => {
        requireReviewRead(request.actor);
        const r = await svc.results(request.actor.tenantId, request.params.id);
        const codes = new Map(r.items.map((i) => [i.itemId, i.code]));
        const sheetOf = new Map(r.sheets.map((s) => [`${s.itemId}:${s.expertId}`, s]));
        const metric = (i: (typeof r.scored.items)[number]) => (r.round.rankBy === 'mean' ? i.meanCenti : r.round.rankBy === 'trimmed' ? i.trimmedCenti : i.calibratedCenti);
        return {
          round: { id: r.round.id, name: r.round.name, status: r.round.status, rankBy: r.round.rankBy, disagreementCenti: r.round.disagreementCenti, expertsPerItem: r.round.expertsPerItem, criteria: presentCriteria(r.round.criteria), final: r.round.status === 'closed' || r.round.status === 'adopted' },
          items: r.scored.items.map((i) => ({
            itemId: i.itemId,
            code: codes.get(i.itemId) ?? '',
            title: r.subjects.get(i.itemId)?.title ?? '',
            organizationName: r.subjects.get(i.itemId)?.organizationName ?? '',
            assigned: r.assigned.get(i.itemId) ?? 0,
            n: i.n,
            totals: i.totals.map((t) => {
              const s = sheetOf.get(`${t.itemId}:${t.expertId}`)!;
              return { sheetId: s.id, expertId: t.expertId, expertName: r.names.get(t.expertId)?.name ?? t.expertId, totalCenti: t.totalCenti, scores: s.scores, comments: s.comments, overallComment: s.overallComment, submittedAt: s.submittedAt?.toISOString() ?? null };
            }),
            meanCenti: i.meanCenti,
            trimmedCenti: i.trimmedCenti,
            trimmed: i.trimmed,
            calibratedCenti: i.calibratedCenti,
            spreadCenti: i.spreadCenti,
            stdDevCenti: i.stdDevCenti,
            disagreement: i.disagreement,
            scoreCenti: metric(i),
            rank: i.rank,
            tied: i.tied,
          })),
          experts: r.scored.experts.map((e) => ({ ...e, name: r.names.get(e.expertId)?.name ?? e.expertId })).sort((a, b) => a.biasCenti - b.biasCenti),
          actions: roundActions(r.round, reviewPolicy.manage(request.actor)),
        };
      },
    );

    app.get(
      '/review-rounds/:id/results/export',
      { schema: { tags: ['review'], summary: 'The results as Excel or CSV, bilingual headers (officer, auditor)', params: IdParams, querystring: ResultsExportQuery, response: responses({ 200: Type.Unknown({ description: 'The file' }) }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        requireReviewRead(request.actor);
        const r = await svc.results(request.actor.tenantId, request.params.id);
        if (r.round.status === 'draft' || r.round.status === 'cancelled') throw new AppError('INVALID_STATE', `a ${r.round.status} round has no results`);
        const file = exportResults(r, request.query.format ?? 'xlsx', now());
        return sendDownload(reply, file, file.stream);
      },
    );

    app.post(
      '/review-rounds/:id/adopt',
      { schema: { tags: ['review'], summary: 'Adopt the results (closed → adopted): each application’s score by the ranking metric becomes its committee score in the challenge (officer)', params: IdParams, response: responses({ 200: Type.Object({ id: Type.String(), status: Type.String(), adoptedAt: Type.Union([Type.String(), Type.Null()]) }) }, [401, 403, 404, 409]) } },
      async (request) => {
        requireReviewManage(request.actor);
        const r = await svc.adopt(commandContext(request), request.params.id);
        return { id: r.id, status: r.status, adoptedAt: r.adoptedAt?.toISOString() ?? null };
      },
    );
  };
}
