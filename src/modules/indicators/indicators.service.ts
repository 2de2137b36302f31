import { and, asc, eq, gte, inArray, isNull, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { shanghaiDate, type RegistryService, type ZoneRow } from '../registry/index.ts';
import './indicators.events.ts';
import { buildDashboard, chartTable, type Chart, type Dashboard } from './indicators.dashboard.ts';
import { toCsv } from './indicators.csv.ts';
import { scheduleRecompute } from './indicators.jobs.ts';
import { recomputeIndicators } from './indicators.recompute.ts';
import { checkOfficialValue, disclosable, formatScaled, normalizeDecimal } from './indicators.rules.ts';
import { indicators, indicatorValues } from './indicators.tables.ts';

export type IndicatorRow = typeof indicators.$inferSelect;
export type IndicatorValueRow = typeof indicatorValues.$inferSelect;

/** A value as the reader may see it: at the indicator's scale, withheld when it would disclose a single organisation. */
export interface PresentedValue {
  code: string;
  zoneId: string | null;
  year: number;
  value: string | null;
  amountFen: number | null;
  withheld: boolean;
  origin: 'computed' | 'official';
  contributors: number | null;
  inputs: Record<string, string> | null;
  computedAt: Date | null;
  source: string | null;
  note: string | null;
  enteredAt: Date | null;
}

export interface OfficialValueInput {
  zoneId?: string | null | undefined;
  year: number;
  value: string;
  source: string;
  note?: string | null | undefined;
}

/** Who reads: staff see every value and its inputs; others see aggregates that disclose no single organisation. */
export type Audience = 'staff' | 'member' | 'public';

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, [{ path, message }]);
}

export class IndicatorService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly registry: RegistryService,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  async listDefinitions(tenantId: string, opts: { publicOnly?: boolean } = {}): Promise<IndicatorRow[]> {
    const conds: SQL[] = [eq(indicators.tenantId, tenantId)];
    if (opts.publicOnly) conds.push(eq(indicators.isPublic, true));
    return this.db.select().from(indicators).where(and(...conds)).orderBy(asc(indicators.sortOrder), asc(indicators.code));
  }

  async getDefinition(tenantId: string, code: string): Promise<IndicatorRow> {
    const [row] = await this.db.select().from(indicators).where(and(eq(indicators.tenantId, tenantId), eq(indicators.code, code)));
    if (!row) throw new AppError('NOT_FOUND', `indicator ${code} not found`);
    return row;
  }

  private async zone(tenantId: string, zoneId: string): Promise<ZoneRow | undefined> {
    return (await this.registry.listZones(tenantId)).find((z) => z.id === zoneId);
  }

  /** Values of one indicator or all, for one zone or (without zoneId) the whole tenant, oldest year first. */
  async listValues(tenantId: string, q: { code?: string | undefined; zoneId?: string | undefined; from?: number | undefined; to?: number | undefined }, audience: Audience): Promise<PresentedValue[]> {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw invalid('querystring.from', 'is after to');
    const defs = q.code ? [await this.getDefinition(tenantId, q.code)] : await this.listDefinitions(tenantId, { publicOnly: audience === 'public' });
    if (q.zoneId && !(await this.zone(tenantId, q.zoneId))) throw new AppError('NOT_FOUND', 'zone not found');
    if (!defs.length) return [];
    const conds: SQL[] = [eq(indicatorValues.tenantId, tenantId), inArray(indicatorValues.indicatorId, defs.map((d) => d.id))];
    conds.push(q.zoneId ? eq(indicatorValues.zoneId, q.zoneId) : isNull(indicatorValues.zoneId));
    if (q.from !== undefined) conds.push(gte(indicatorValues.year, q.from));
    if (q.to !== undefined) conds.push(lte(indicatorValues.year, q.to));
    const rows = await this.db.select().from(indicatorValues).where(and(...conds)).orderBy(asc(indicatorValues.year));
    const byId = new Map(defs.map((d, i) => [d.id, { def: d, order: i }]));
    return rows
      .sort((a, b) => a.year - b.year || byId.get(a.indicatorId)!.order - byId.get(b.indicatorId)!.order)
      .map((r) => this.present(byId.get(r.indicatorId)!.def, r, audience));
  }

  present(def: IndicatorRow, r: IndicatorValueRow, audience: Audience): PresentedValue {
    const staff = audience === 'staff';
    const withheld = !staff && r.origin === 'computed' && r.value !== null && !disclosable(def.code, r.contributors);
    return {
      code: def.code,
      zoneId: r.zoneId,
      year: r.year,
      value: withheld || r.value === null ? null : normalizeDecimal(r.value, def.scale),
      amountFen: withheld ? null : r.amountFen === null ? null : Number(r.amountFen),
      withheld,
      origin: r.origin,
      contributors: staff ? r.contributors : null,
      inputs: staff ? (r.inputs ?? null) : null,
      computedAt: r.computedAt,
      source: r.source,
      note: staff ? r.note : null,
      enteredAt: r.enteredAt,
    };
  }

  /** An officer enters an official figure with its source; computed indicators refuse it. */
  async enterOfficialValue(ctx: CommandContext, code: string, input: OfficialValueInput): Promise<PresentedValue> {
    const def = await this.getDefinition(ctx.tenantId, code);
    if (def.kind !== 'official') throw new AppError('CONFLICT', `${code} is computed from the registry; its values cannot be entered by hand`);
    const thisYear = Number(this.today().slice(0, 4));
    if (input.year > thisYear) throw invalid('body.year', `must not be after ${thisYear}`);
    const checked = checkOfficialValue(def, input.value);
    if (typeof checked === 'string') throw invalid('body.value', checked);
    const source = input.source.trim();
    if (source.length < 2) throw invalid('body.source', 'is required');
    const zoneId = input.zoneId ?? null;
    // Checked before the transaction: the registry reads on its own handle.
    if (zoneId && !(await this.zone(ctx.tenantId, zoneId))) throw invalid('body.zoneId', 'no such zone');
    const value = formatScaled(checked.scaled, def.scale);
    const now = this.clock.now();
    const note = input.note?.trim() || null;
    const row = await inTransaction(this.db, async (tx) => {
      const [prev] = await tx
        .select()
        .from(indicatorValues)
        .where(and(eq(indicatorValues.indicatorId, def.id), zoneId ? eq(indicatorValues.zoneId, zoneId) : isNull(indicatorValues.zoneId), eq(indicatorValues.year, input.year)))
        .for('update');
      const values = {
        value,
        amountFen: checked.amountFen === null ? null : Number(checked.amountFen),
        origin: 'official' as const,
        contributors: null,
        inputs: null,
        computedAt: null,
        source,
        note,
        enteredBy: ctx.actorUserId,
        enteredAt: now,
        updatedAt: now,
      };
      const [saved] = prev
        ? await tx.update(indicatorValues).set(values).where(eq(indicatorValues.id, prev.id)).returning()
        : await tx.insert(indicatorValues).values({ ...values, tenantId: ctx.tenantId, indicatorId: def.id, zoneId, year: input.year }).returning();
      await appendAudit(tx, ctx, {
        action: 'indicator.value_entered',
        targetType: 'indicator',
        targetId: def.id,
        summary: { code, zoneId, year: input.year, value, previous: prev?.value == null ? null : normalizeDecimal(prev.value, def.scale), source, note },
      });
      return saved!;
    });
    return this.present(def, row, 'staff');
  }

  /** Queues a recompute (all years, or one) and records who asked. */
  async requestRecompute(ctx: CommandContext, year?: number): Promise<string> {
    const thisYear = Number(this.today().slice(0, 4));
    if (year !== undefined && year > thisYear) throw invalid('body.year', `must not be after ${thisYear}`);
    return inTransaction(this.db, async (tx) => {
      const jobId = await scheduleRecompute(tx, ctx.tenantId, { year, runAt: this.clock.now() });
      await appendAudit(tx, ctx, { action: 'indicator.recompute_requested', targetType: 'tenant', targetId: ctx.tenantId, summary: { year: year ?? null, jobId } });
      return jobId;
    });
  }

  /** Recomputes now, in a transaction of its own (CLI, seeding, tests); the job does the same. */
  async recomputeNow(tenantId: string, year?: number) {
    const now = this.clock.now();
    return inTransaction(this.db, (tx) => recomputeIndicators(tx, tenantId, { today: shanghaiDate(now), now, year }));
  }

  async dashboard(tenantId: string, audience: Audience): Promise<{ dashboard: Dashboard; definitions: IndicatorRow[] }> {
    const defs = await this.listDefinitions(tenantId, { publicOnly: audience === 'public' });
    const zones = await this.registry.listZones(tenantId);
    const rows = defs.length
      ? await this.db
          .select()
          .from(indicatorValues)
          .where(and(eq(indicatorValues.tenantId, tenantId), inArray(indicatorValues.indicatorId, defs.map((d) => d.id))))
      : [];
    const scale = new Map(defs.map((d) => [d.id, d.scale]));
    const values = rows.map((r) => ({
      indicatorId: r.indicatorId,
      zoneId: r.zoneId,
      year: r.year,
      value: r.value === null ? null : normalizeDecimal(r.value, scale.get(r.indicatorId)!),
      contributors: r.origin === 'computed' ? r.contributors : null,
      source: r.source,
      computedAt: r.computedAt,
    }));
    return { dashboard: buildDashboard(defs, values, zones, { withholdSmallCells: audience !== 'staff' }), definitions: defs };
  }

  async chartCsv(tenantId: string, chart: Chart, audience: Audience): Promise<string> {
    const { dashboard, definitions } = await this.dashboard(tenantId, audience);
    return toCsv(chartTable(chart, dashboard, definitions));
  }
}
