import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { pageWindow, responses } from '../../platform/http/schemas.ts';
import { sendDownload } from '../../platform/export/index.ts';
import { requireDeliveryRead } from './delivery.policy.ts';
import { OverdueExportQuery, OverduePageSchema, OverdueQuery, OverviewQuery, OverviewSchema } from './delivery.schemas.ts';
import { exportOverdue } from './delivery.export.ts';

// Checked before validation, so a caller without a session learns 401 and an applicant 403 before any 400.
const readers = { preValidation: async (request: FastifyRequest) => requireDeliveryRead(request.actor) };
const tags = ['delivery'];

/** The officers' delivery dashboard: overview figures, the overdue list and its export (officers, admins, auditors). */
export function deliveryRoutes(services: Services): FastifyPluginAsyncTypebox {
  const svc = services.delivery;
  return async (app) => {
    app.get(
      '/delivery/overview',
      { ...readers, schema: { tags, summary: 'Contracts, milestones and key-list items by status, money released against plan by month, overdue counts (officers, admins, auditors)', querystring: OverviewQuery, response: responses({ 200: OverviewSchema }, [400, 401, 403, 404]) } },
      async (request) => {
        requireDeliveryRead(request.actor);
        return svc.overview(request.actor, request.query);
      },
    );

    app.get(
      '/delivery/overdue',
      { ...readers, schema: { tags, summary: 'What is overdue — milestones, supervision orders, tranches, key-list items — with owners and days overdue; sorted, filtered and paged on the server', querystring: OverdueQuery, response: responses({ 200: OverduePageSchema }, [400, 401, 403, 404]) } },
      async (request) => {
        requireDeliveryRead(request.actor);
        const w = pageWindow(request.query);
        const r = await svc.overdue(request.actor, request.query, w);
        return { today: r.today, items: r.rows, total: r.total, page: w.page, pageSize: w.pageSize };
      },
    );

    app.get(
      '/delivery/overdue/export',
      { ...readers, schema: { tags, summary: 'The overdue list with the same filters as Excel or CSV (officers, admins, auditors)', querystring: OverdueExportQuery, response: responses({ 200: Type.Unknown({ description: 'The file (xlsx, or CSV with a UTF-8 BOM)' }) }, [400, 401, 403, 404]) } },
      async (request, reply) => {
        requireDeliveryRead(request.actor);
        const { format, ...f } = request.query;
        // Check the filters (404 for another tenant's challenge or list) before the download starts.
        await svc.scope(request.actor, f);
        const file = exportOverdue(svc, request.actor, f, format ?? 'xlsx');
        return sendDownload(reply, file, file.stream);
      },
    );
  };
}
