import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { enqueueJob } from '../../platform/jobs/jobs.service.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import { shanghaiDate } from '../registry/index.ts';
import { ensureStandardIndicators, recomputeIndicators } from './indicators.recompute.ts';

export const RECOMPUTE_KIND = 'indicators.recompute';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Queue a recompute of the tenant's computed indicators (all years, or one), inside the caller's
 * transaction, so it happens only if the change that needs it commits.
 *
 * Many changes share one queued job through the dedupe key. A queued job is locked until our
 * transaction ends, so the runner cannot start it before our change is visible to it. A job that is
 * already running may have read the data before our change: then we queue one follow-up keyed to
 * that job, so the change is never lost and a burst of changes still costs at most two runs.
 */
export async function scheduleRecompute(tx: Db, tenantId: string, opts: { year?: number | undefined; runAt?: Date | undefined } = {}): Promise<string> {
  const base = `${RECOMPUTE_KIND}:${tenantId}${opts.year !== undefined ? `:${opts.year}` : ''}`;
  const payload: Record<string, unknown> = { tenantId, ...(opts.year !== undefined ? { year: opts.year } : {}) };
  let key = base;
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = await enqueueJob(tx, { kind: RECOMPUTE_KIND, tenantId, payload, dedupeKey: key, maxAttempts: 5, ...(opts.runAt ? { runAt: opts.runAt } : {}) });
    if (id) return id;
    const [active] = await tx
      .select({ id: jobs.id, status: jobs.status })
      .from(jobs)
      .where(and(eq(jobs.dedupeKey, key), inArray(jobs.status, ['queued', 'running'])))
      .for('update');
    // Finished between our insert and our look: the key is free again.
    if (!active) continue;
    if (active.status === 'queued') return active.id;
    key = `${base}:after:${active.id}`;
  }
  throw new Error(`could not queue ${RECOMPUTE_KIND} for tenant ${tenantId}`);
}

/** The `indicators.recompute` job: payload { tenantId, year? }. */
export function recomputeHandler(clock: Clock): JobHandler {
  return async (tx, job) => {
    const tenantId = typeof job.payload.tenantId === 'string' ? job.payload.tenantId : job.tenantId;
    if (!tenantId || !UUID_RE.test(tenantId)) throw new Error('indicators.recompute needs payload.tenantId');
    const year = job.payload.year;
    if (year !== undefined && (typeof year !== 'number' || !Number.isInteger(year))) throw new Error('indicators.recompute: payload.year must be an integer');
    await ensureStandardIndicators(tx, { tenantId, actorUserId: null, actorLabel: 'system:indicators', requestId: null });
    const now = clock.now();
    const r = await recomputeIndicators(tx, tenantId, { today: shanghaiDate(now), now, year });
    return { years: r.years, values: r.values };
  };
}
