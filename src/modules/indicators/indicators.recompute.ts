import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import './indicators.events.ts';
import { STANDARD_INDICATORS } from './indicators.catalog.ts';
import { figureAggregates, figureYears, qualificationAggregates, zoneTree } from './indicators.registry-queries.ts';
import {
  addFigureSums,
  addQualificationCounts,
  COMPUTED_FORMULAS,
  emptyFigureSums,
  emptyQualificationCounts,
  recomputeYears,
  referenceDate,
  rollUp,
  WHOLE,
  type FigureSums,
  type QualificationCounts,
} from './indicators.rules.ts';
import { indicators, indicatorValues } from './indicators.tables.ts';

/**
 * Gives a tenant every standard indicator it does not have yet; definitions it already has are left
 * as they are. Returns the codes added. Call it when a tenant is created or seeded; the recompute job
 * calls it too, so a tenant never lacks its definitions for long.
 */
export async function ensureStandardIndicators(db: Db, ctx: CommandContext): Promise<string[]> {
  return inTransaction(db, async (tx) => {
    const added = await tx
      .insert(indicators)
      .values(STANDARD_INDICATORS.map((d) => ({ ...d, tenantId: ctx.tenantId })))
      .onConflictDoNothing({ target: [indicators.tenantId, indicators.code] })
      .returning({ code: indicators.code, id: indicators.id });
    if (added.length) {
      await appendAudit(tx, ctx, { action: 'indicator.definitions_seeded', targetType: 'tenant', targetId: ctx.tenantId, summary: { codes: added.map((a) => a.code) } });
    }
    return added.map((a) => a.code);
  });
}

type ValueInsert = typeof indicatorValues.$inferInsert;

/**
 * Recomputes every computed value of a tenant (all years, or one) in the caller's transaction: the
 * old computed values are replaced as a whole, so readers see either the old set or the new one.
 * Runs one at a time per tenant (advisory lock), so two recomputes never interleave.
 */
export async function recomputeIndicators(tx: Db, tenantId: string, opts: { today: string; now: Date; year?: number | undefined }): Promise<{ years: number[]; values: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`indicators.recompute:${tenantId}`}))`);
  const defs = (await tx.select().from(indicators).where(and(eq(indicators.tenantId, tenantId), eq(indicators.kind, 'computed')))).filter((d) => COMPUTED_FORMULAS[d.code]);
  const years = recomputeYears(await figureYears(tx, tenantId), opts.today, opts.year);
  const zones = await zoneTree(tx, tenantId);
  const figureRows = await figureAggregates(tx, tenantId, years);
  const qualificationRows = await qualificationAggregates(
    tx,
    tenantId,
    years.map((y) => ({ year: y, date: referenceDate(y, opts.today)! })),
  );

  const figuresByYear = new Map<number, Map<string | null, FigureSums>>();
  for (const r of figureRows) {
    const m = figuresByYear.get(r.year) ?? new Map<string | null, FigureSums>();
    m.set(r.zoneId, addFigureSums(m.get(r.zoneId) ?? emptyFigureSums(), r.sums));
    figuresByYear.set(r.year, m);
  }
  const qualificationsByYear = new Map<number, Map<string | null, QualificationCounts>>();
  for (const r of qualificationRows) {
    const m = qualificationsByYear.get(r.year) ?? new Map<string | null, QualificationCounts>();
    m.set(r.zoneId, addQualificationCounts(m.get(r.zoneId) ?? emptyQualificationCounts(), r.counts));
    qualificationsByYear.set(r.year, m);
  }

  const rows: ValueInsert[] = [];
  for (const year of years) {
    const figures = rollUp(zones, figuresByYear.get(year) ?? new Map<string | null, FigureSums>(), emptyFigureSums, addFigureSums);
    const quals = rollUp(zones, qualificationsByYear.get(year) ?? new Map<string | null, QualificationCounts>(), emptyQualificationCounts, addQualificationCounts);
    for (const key of [WHOLE, ...zones.map((z) => z.id)]) {
      for (const def of defs) {
        const formula = COMPUTED_FORMULAS[def.code]!;
        const v = formula.compute(formula.basis === 'figures' ? { figures: figures.get(key) } : { qualifications: quals.get(key) }, def);
        if (!v) continue;
        if (v.amountFen !== null && v.amountFen > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${def.code}: amount beyond the safe integer range`);
        rows.push({
          tenantId,
          indicatorId: def.id,
          zoneId: key === WHOLE ? null : key,
          year,
          value: v.value,
          amountFen: v.amountFen === null ? null : Number(v.amountFen),
          origin: 'computed',
          contributors: v.contributors,
          inputs: v.inputs,
          computedAt: opts.now,
          updatedAt: opts.now,
        });
      }
    }
  }

  const scope = [eq(indicatorValues.tenantId, tenantId), eq(indicatorValues.origin, 'computed')];
  if (opts.year !== undefined) scope.push(eq(indicatorValues.year, opts.year));
  await tx.delete(indicatorValues).where(and(...scope));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(indicatorValues).values(rows.slice(i, i + 500));
  return { years, values: rows.length };
}
