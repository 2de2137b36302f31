import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { receiveUpload } from '../../platform/http/upload.ts';
import { IdParams, Page, pageWindow, responses } from '../../platform/http/schemas.ts';
import { sendDownload } from '../../platform/export/index.ts';
import { requireProjectManage, requireProjectRead } from './projects.policy.ts';
import {
  BaselineBody,
  BaselineSchema,
  ClearOverrideBody,
  CompareSchema,
  ExportQuery,
  GanttQuery,
  GanttSchema,
  ImportOutcomeSchema,
  ImportQuery,
  ItemBody,
  ItemDetailSchema,
  ItemListQuery,
  ItemSchema,
  ListBody,
  ListSchema,
  OverrideBody,
  OverviewSchema,
  PublishBody,
  TemplateQuery,
} from './projects.schemas.ts';
import { presentBaseline, presentItem, presentItemDetail, presentList } from './projects.present.ts';
import { milestoneState } from './projects.rules.ts';
import { MAX_SHEET_BYTES, writeSheet, XLSX_TYPE } from './projects.sheet.ts';
import type { ItemFilter } from './projects.service.ts';

// Checked before the request is validated, so a caller without a session learns 401 (not 400 about a
// parameter), as everywhere else in the API; handlers check again for the types.
const readers = { preValidation: async (request: FastifyRequest) => requireProjectRead(request.actor) };
const managers = { preValidation: async (request: FastifyRequest) => requireProjectManage(request.actor) };
const Download = Type.Unknown({ description: 'The file (xlsx, or CSV with a UTF-8 BOM)' });
const TAGS = ['projects'];

function filterOf(q: { q?: string | undefined; status?: ItemFilter['status']; category?: ItemFilter['category']; unit?: string | undefined; overdue?: boolean | undefined; sort?: ItemFilter['sort'] }): ItemFilter {
  return { q: q.q?.trim() || undefined, status: q.status, category: q.category, unit: q.unit?.trim() || undefined, overdue: q.overdue, sort: q.sort };
}

/** Key-project lists (清单化管理) for officers (write) and auditors (read). */
export function projectRoutes(services: Services): FastifyPluginAsyncTypebox {
  const svc = services.projects;
  const plan = services.projectPlans;

  async function listDto(tenantId: string, id: string, actor: Parameters<typeof presentList>[2]) {
    const l = await svc.getList(tenantId, id);
    const facts = await svc.listFacts(tenantId, [l.id]);
    return presentList(l, facts.get(l.id)!, actor);
  }

  return async (app) => {
    app.get('/projects/overview', { ...readers, schema: { tags: TAGS, summary: 'Items by status over every list, and overdue milestones with their owners (officers, admins, auditors)', response: responses({ 200: OverviewSchema }, [401, 403]) } }, async (request) => {
      requireProjectRead(request.actor);
      return plan.overview(request.actor.tenantId);
    });

    app.get(
      '/projects/import-template',
      { ...managers, schema: { tags: TAGS, summary: 'The import template of a key-project list, with an instructions sheet (officer)', querystring: TemplateQuery, response: responses({ 200: Download }, [400, 401, 403]) } },
      async (request, reply) => {
        requireProjectManage(request.actor);
        const format = request.query.format ?? 'xlsx';
        const data = await writeSheet(format, '重点项目清单', []);
        return sendDownload(reply, { filename: `重点项目清单导入模板.${format}`, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE }, data);
      },
    );

    app.get('/project-lists', { ...readers, schema: { tags: TAGS, summary: 'Key-project lists with items by status', response: responses({ 200: Type.Object({ items: Type.Array(ListSchema) }) }, [401, 403]) } }, async (request) => {
      const actor = request.actor;
      requireProjectRead(actor);
      const lists = await svc.listLists(actor.tenantId);
      const facts = await svc.listFacts(actor.tenantId, lists.map((l) => l.id));
      return { items: lists.map((l) => presentList(l, facts.get(l.id)!, actor)) };
    });

    app.post('/project-lists', { ...managers, schema: { tags: TAGS, summary: 'Create a key-project list (officer)', body: ListBody, response: responses({ 201: ListSchema }, [400, 401, 403]) } }, async (request, reply) => {
      requireProjectManage(request.actor);
      const l = await svc.createList(commandContext(request), request.body);
      return reply.code(201).send(await listDto(request.actor.tenantId, l.id, request.actor));
    });

    app.get('/project-lists/:id', { ...readers, schema: { tags: TAGS, summary: 'One key-project list', params: IdParams, response: responses({ 200: ListSchema }, [400, 401, 403, 404]) } }, async (request) => {
      requireProjectRead(request.actor);
      return listDto(request.actor.tenantId, request.params.id, request.actor);
    });

    app.put('/project-lists/:id', { ...managers, schema: { tags: TAGS, summary: 'Edit a list’s name, office, year and description (officer)', params: IdParams, body: ListBody, response: responses({ 200: ListSchema }, [400, 401, 403, 404]) } }, async (request) => {
      requireProjectManage(request.actor);
      await svc.updateList(commandContext(request), request.params.id, request.body);
      return listDto(request.actor.tenantId, request.params.id, request.actor);
    });

    app.post(
      '/project-lists/:id/publish',
      { ...managers, schema: { tags: TAGS, summary: 'Publish the list’s progress page at /public/projects/<slug> (officer)', params: IdParams, body: PublishBody, response: responses({ 200: ListSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireProjectManage(request.actor);
        await svc.publish(commandContext(request), request.params.id, request.body.slug);
        return listDto(request.actor.tenantId, request.params.id, request.actor);
      },
    );

    app.post('/project-lists/:id/unpublish', { ...managers, schema: { tags: TAGS, summary: 'Take the public progress page down (officer)', params: IdParams, response: responses({ 200: ListSchema }, [400, 401, 403, 404, 409]) } }, async (request) => {
      requireProjectManage(request.actor);
      await svc.unpublish(commandContext(request), request.params.id);
      return listDto(request.actor.tenantId, request.params.id, request.actor);
    });

    app.get(
      '/project-lists/:id/items',
      { ...readers, schema: { tags: TAGS, summary: 'Items of a list: filter by status, category, responsible unit and overdue; sorted and paged on the server', params: IdParams, querystring: ItemListQuery, response: responses({ 200: Page(ItemSchema) }, [400, 401, 403, 404]) } },
      async (request) => {
        requireProjectRead(request.actor);
        const w = pageWindow(request.query);
        const r = await svc.listItems(request.actor.tenantId, request.params.id, filterOf(request.query), w);
        const today = svc.today();
        return { items: r.items.map((i) => presentItem(i, today)), total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.post('/project-lists/:id/items', { ...managers, schema: { tags: TAGS, summary: 'Add an item with its milestones and KPIs (officer)', params: IdParams, body: ItemBody, response: responses({ 201: ItemDetailSchema }, [400, 401, 403, 404, 409]) } }, async (request, reply) => {
      requireProjectManage(request.actor);
      const d = await svc.createItem(commandContext(request), request.params.id, request.body);
      return reply.code(201).send(presentItemDetail(d, svc.today(), request.actor));
    });

    app.get(
      '/project-lists/:id/items/export',
      { ...readers, schema: { tags: TAGS, summary: 'The matching items as xlsx or CSV, in the import’s columns', params: IdParams, querystring: ExportQuery, response: responses({ 200: Download }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        requireProjectRead(request.actor);
        const format = request.query.format ?? 'xlsx';
        const f = await plan.exportSheet(request.actor.tenantId, request.params.id, filterOf(request.query), format);
        return sendDownload(reply, { filename: f.filename, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE }, f.data);
      },
    );

    app.get(
      '/project-lists/:id/gantt',
      { ...readers, schema: { tags: TAGS, summary: 'Timeline of the matching items and milestones, with a baseline’s dates when named', params: IdParams, querystring: GanttQuery, response: responses({ 200: GanttSchema }, [400, 401, 403, 404]) } },
      async (request) => {
        requireProjectRead(request.actor);
        const g = await plan.gantt(request.actor.tenantId, request.params.id, filterOf(request.query), request.query.baselineId);
        return {
          today: g.today,
          baseline: g.baseline ? { id: g.baseline.id, name: g.baseline.name } : null,
          items: g.items.map((i) => ({
            id: i.id,
            code: i.code,
            name: i.name,
            nameEn: i.nameEn,
            status: i.status,
            responsibleUnit: i.responsibleUnit,
            startDate: i.startDate,
            endDate: i.endDate,
            milestones: i.milestones.map((m) => ({ name: m.name, plannedDate: m.plannedDate, actualDate: m.actualDate, state: milestoneState(m, g.today).state })),
            baseline: i.baseline ? { startDate: i.baseline.startDate, endDate: i.baseline.endDate, milestones: i.baseline.milestones } : null,
          })),
        };
      },
    );

    app.post(
      '/project-lists/:id/import',
      {
        ...managers,
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: TAGS,
          summary: 'Import items from an xlsx or UTF-8 CSV file (multipart field "file"); dryRun=true checks only. All rows or none (officer)',
          description: 'Rows are matched to items by code. With errors, a dry run answers 200 with the row errors; a commit answers 409 IMPORT_HAS_ERRORS and writes nothing.',
          consumes: ['multipart/form-data'],
          params: IdParams,
          querystring: ImportQuery,
          response: responses({ 200: ImportOutcomeSchema }, [400, 401, 403, 404, 409, 413, 415, 429]),
        },
      },
      async (request) => {
        requireProjectManage(request.actor);
        const file = await receiveUpload(request, { maxBytes: MAX_SHEET_BYTES });
        return plan.importSheet(commandContext(request), request.params.id, { name: file.filename, data: file.data }, request.query.dryRun ?? false);
      },
    );

    app.get('/project-lists/:id/baselines', { ...readers, schema: { tags: TAGS, summary: 'Named baselines of a list, newest first', params: IdParams, response: responses({ 200: Type.Object({ items: Type.Array(BaselineSchema) }) }, [400, 401, 403, 404]) } }, async (request) => {
      requireProjectRead(request.actor);
      return { items: (await plan.listBaselines(request.actor.tenantId, request.params.id)).map(presentBaseline) };
    });

    app.post(
      '/project-lists/:id/baselines',
      { ...managers, schema: { tags: TAGS, summary: 'Save the plan of every item (dates and targets) as a named baseline (officer)', params: IdParams, body: BaselineBody, response: responses({ 201: BaselineSchema }, [400, 401, 403, 404, 409]) } },
      async (request, reply) => {
        requireProjectManage(request.actor);
        const b = await plan.createBaseline(commandContext(request), request.params.id, request.body.name, request.body.note);
        return reply.code(201).send(presentBaseline(b));
      },
    );

    app.get('/project-baselines/:id/compare', { ...readers, schema: { tags: TAGS, summary: 'The baseline’s plan against the plan now: slippage in days per milestone, KPI target changes', params: IdParams, response: responses({ 200: CompareSchema }, [400, 401, 403, 404]) } }, async (request) => {
      requireProjectRead(request.actor);
      const c = await plan.compare(request.actor.tenantId, request.params.id);
      return { baseline: presentBaseline(c.baseline), rows: c.rows };
    });

    app.get('/project-items/:id', { ...readers, schema: { tags: TAGS, summary: 'One item with KPIs, milestones, why it has its status, and its status history', params: IdParams, response: responses({ 200: ItemDetailSchema }, [400, 401, 403, 404]) } }, async (request) => {
      requireProjectRead(request.actor);
      return presentItemDetail(await svc.getItem(request.actor.tenantId, request.params.id), svc.today(), request.actor);
    });

    app.put('/project-items/:id', { ...managers, schema: { tags: TAGS, summary: 'Replace an item with its milestones and KPIs; progress is recorded here (officer)', params: IdParams, body: ItemBody, response: responses({ 200: ItemDetailSchema }, [400, 401, 403, 404, 409]) } }, async (request) => {
      requireProjectManage(request.actor);
      return presentItemDetail(await svc.updateItem(commandContext(request), request.params.id, request.body), svc.today(), request.actor);
    });

    app.post(
      '/project-items/:id/status-override',
      { ...managers, schema: { tags: TAGS, summary: 'Set the status by hand, with the reason shown beside it (officer); without a reason: 400 STATUS_REASON_REQUIRED', params: IdParams, body: OverrideBody, response: responses({ 200: ItemDetailSchema }, [400, 401, 403, 404]) } },
      async (request) => {
        requireProjectManage(request.actor);
        return presentItemDetail(await svc.overrideStatus(commandContext(request), request.params.id, request.body.status, request.body.reason), svc.today(), request.actor);
      },
    );

    app.post(
      '/project-items/:id/status-override/clear',
      { ...managers, schema: { tags: TAGS, summary: 'Return the item to the status the rules compute (officer)', params: IdParams, body: ClearOverrideBody, response: responses({ 200: ItemDetailSchema }, [400, 401, 403, 404, 409]) } },
      async (request) => {
        requireProjectManage(request.actor);
        return presentItemDetail(await svc.clearOverride(commandContext(request), request.params.id, request.body.reason), svc.today(), request.actor);
      },
    );
  };
}
