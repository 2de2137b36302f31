import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuthService, TenantRow } from '../../platform/auth/auth.service.ts';
import { requireActor, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { commandContext } from '../../platform/http/request-context.ts';
import { responses } from '../../platform/http/schemas.ts';
import type { Chart, Dashboard } from './indicators.dashboard.ts';
import { audienceOf, indicatorActions, indicatorPolicy, requireIndicatorAction } from './indicators.policy.ts';
import {
  ChartParams,
  CodeParams,
  CsvResponse,
  DashboardSchema,
  IndicatorSchema,
  OfficialValueBody,
  PublicQuery,
  RecomputeBody,
  RecomputeResponse,
  ValueSchema,
  ValuesQuery,
  type DashboardDto,
  type ValueDto,
} from './indicators.schemas.ts';
import type { Audience, IndicatorRow, IndicatorService, PresentedValue } from './indicators.service.ts';

/** What the routes use; the app's Services satisfies it once it carries `indicators`. */
export interface IndicatorRouteServices {
  indicators: IndicatorService;
  auth: Pick<AuthService, 'tenantBySlug' | 'tenantById'>;
}

/** The public dashboard answers anyone; this bounds what one address can ask of it. */
const PUBLIC_RATE_LIMIT = { rateLimit: { max: 120, timeWindow: '1 minute' } };

function presentIndicator(d: IndicatorRow, actor: Actor) {
  return {
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    unit: d.unit,
    unitEn: d.unitEn,
    valueType: d.valueType,
    scale: d.scale,
    frequency: d.frequency,
    kind: d.kind,
    category: d.category,
    formulaZh: d.formulaZh,
    formulaEn: d.formulaEn,
    isPublic: d.isPublic,
    isHeadline: d.isHeadline,
    sortOrder: d.sortOrder,
    actions: indicatorActions(actor, d),
  };
}

function presentValue(v: PresentedValue): ValueDto {
  return { ...v, computedAt: v.computedAt?.toISOString() ?? null, enteredAt: v.enteredAt?.toISOString() ?? null };
}

function presentDashboard(tenant: TenantRow, d: Dashboard, defs: IndicatorRow[]): DashboardDto {
  return {
    tenant: { slug: tenant.slug, nameZh: tenant.nameZh, nameEn: tenant.nameEn, isDemo: tenant.isDemo === 1 },
    computedAt: d.computedAt?.toISOString() ?? null,
    indicators: defs.map((x) => ({
      code: x.code,
      nameZh: x.nameZh,
      nameEn: x.nameEn,
      unit: x.unit,
      unitEn: x.unitEn,
      scale: x.scale,
      kind: x.kind,
      category: x.category,
      isHeadline: x.isHeadline,
      formulaZh: x.formulaZh,
      formulaEn: x.formulaEn,
    })),
    cards: d.cards,
    trends: d.trends,
    zones: d.zones,
    qualificationMix: d.qualificationMix,
    map: d.map,
  };
}

const CHART_NAMES_ZH: Record<Chart, string> = { cards: '核心指标', trends: '指标趋势', zones: '区域对比', qualifications: '资质结构', map: '区域地图' };

function sendCsv(reply: FastifyReply, chart: Chart, csv: string, cache: string) {
  const name = `${CHART_NAMES_ZH[chart]}-${chart}.csv`;
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="indicators-${chart}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', cache)
    .send(csv);
}

export function indicatorRoutes(services: IndicatorRouteServices): FastifyPluginAsyncTypebox {
  const { indicators, auth } = services;

  async function publicTenant(slug: string): Promise<TenantRow> {
    const t = await auth.tenantBySlug(slug);
    if (!t) throw new AppError('NOT_FOUND', 'no such tenant');
    return t;
  }
  async function ownTenant(actor: Actor): Promise<TenantRow> {
    const t = await auth.tenantById(actor.tenantId);
    if (!t) throw new AppError('NOT_FOUND', 'no such tenant');
    return t;
  }
  async function dashboardOf(tenant: TenantRow, audience: Audience): Promise<DashboardDto> {
    const { dashboard, definitions } = await indicators.dashboard(tenant.id, audience);
    return presentDashboard(tenant, dashboard, definitions);
  }

  return async (app) => {
    app.get(
      '/indicators',
      { schema: { tags: ['indicators'], summary: 'The indicator registry of my tenant: unit, frequency, formula or source', response: responses({ 200: Type.Array(IndicatorSchema) }, [401]) } },
      async (request) => {
        requireActor(request.actor);
        const actor = request.actor;
        return (await indicators.listDefinitions(actor.tenantId)).map((d) => presentIndicator(d, actor));
      },
    );

    app.get(
      '/indicators/values',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Values per year of one indicator (or all) for a zone (or, without zoneId, the whole tenant)',
          querystring: ValuesQuery,
          response: responses({ 200: Type.Array(ValueSchema) }, [400, 401, 404]),
        },
      },
      async (request) => {
        requireActor(request.actor);
        return (await indicators.listValues(request.actor.tenantId, request.query, audienceOf(request.actor))).map(presentValue);
      },
    );

    app.put(
      '/indicators/:code/values',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Enter an official figure with its source (officer, admin); computed indicators refuse it with 409',
          params: CodeParams,
          body: OfficialValueBody,
          response: responses({ 200: ValueSchema }, [400, 401, 403, 404, 409]),
        },
      },
      async (request) => {
        requireIndicatorAction(request.actor, indicatorPolicy.enterValue, 'indicator.enterValue');
        return presentValue(await indicators.enterOfficialValue(commandContext(request), request.params.code, request.body));
      },
    );

    app.post(
      '/indicators/recompute',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Queue a recompute of the computed indicators, all years or one (officer, admin)',
          body: RecomputeBody,
          response: responses({ 202: RecomputeResponse }, [400, 401, 403]),
        },
      },
      async (request, reply) => {
        requireIndicatorAction(request.actor, indicatorPolicy.recompute, 'indicator.recompute');
        const jobId = await indicators.requestRecompute(commandContext(request), request.body.year);
        return reply.code(202).send({ jobId });
      },
    );

    app.get(
      '/dashboard',
      {
        schema: {
          tags: ['indicators'],
          summary: 'The indicator dashboard: headline cards, trends, zone comparison, qualification mix, map',
          response: responses({ 200: DashboardSchema }, [401]),
        },
      },
      async (request, reply) => {
        requireActor(request.actor);
        reply.header('cache-control', 'private, no-store');
        return dashboardOf(await ownTenant(request.actor), audienceOf(request.actor));
      },
    );

    app.get(
      '/dashboard/data/:chart.csv',
      { schema: { tags: ['indicators'], summary: "One dashboard chart's data as CSV", params: ChartParams, response: responses({ 200: CsvResponse }, [400, 401]) } },
      async (request, reply) => {
        requireActor(request.actor);
        const csv = await indicators.chartCsv(request.actor.tenantId, request.params.chart, audienceOf(request.actor));
        return sendCsv(reply, request.params.chart, csv, 'private, no-store');
      },
    );

    app.get(
      '/public/dashboard',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: ['indicators'],
          summary: 'The open dashboard of a tenant, no sign-in: public indicators only, aggregates only',
          security: [],
          querystring: PublicQuery,
          response: responses({ 200: DashboardSchema }, [400, 404, 429]),
        },
      },
      async (request, reply) => {
        const tenant = await publicTenant(request.query.tenant);
        reply.header('cache-control', 'public, max-age=60');
        return dashboardOf(tenant, 'public');
      },
    );

    app.get(
      '/public/dashboard/data/:chart.csv',
      {
        config: PUBLIC_RATE_LIMIT,
        schema: {
          tags: ['indicators'],
          summary: "One open-dashboard chart's data as CSV, no sign-in",
          security: [],
          params: ChartParams,
          querystring: PublicQuery,
          response: responses({ 200: CsvResponse }, [400, 404, 429]),
        },
      },
      async (request, reply) => {
        const tenant = await publicTenant(request.query.tenant);
        const csv = await indicators.chartCsv(tenant.id, request.params.chart, 'public');
        return sendCsv(reply, request.params.chart, csv, 'public, max-age=60');
      },
    );
  };
}
