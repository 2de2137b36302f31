import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import { contractLedger, contracts, contractTranches } from './contracts.tables.ts';
import { reconcile, releaseRefusal, trancheReleasable } from './contracts.rules.ts';
import { fieldErrors, stateError, type ContractCore } from './contracts.core.ts';
import { messages } from './contracts.messages.ts';

export type LedgerRow = typeof contractLedger.$inferSelect;

/** A CHECK constraint's name, if this error (possibly wrapped by drizzle) is a check violation. */
function violatedCheck(e: unknown): string | null {
  for (let x = e as { code?: string; constraint?: string; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (x.code === '23514') return x.constraint ?? '';
  }
  return null;
}

/** A CHECK violation on the running totals as the API's refusal; any other error as it is. */
export function ledgerError(e: unknown): unknown {
  if (violatedCheck(e)?.includes('released')) return new AppError('TRANCHE_EXCEEDS_REMAINING', 'the release would exceed the budget');
  return e;
}

/**
 * 拨付台账: every release and reversal of a tranche is an entry. The contract row is locked first,
 * so two officers releasing at the same moment run one after the other and the second sees what
 * the first released; the running totals' CHECK constraints refuse anything beyond the budget even
 * if some future code path forgot the lock.
 */
export class ContractLedger {
  constructor(private readonly core: ContractCore) {}

  /** The next entry number; the caller holds the contract's lock, so numbers never collide. */
  private async nextEntryNo(tx: Db, contractId: string): Promise<number> {
    const [r] = await tx.select({ n: sql<number>`coalesce(max(${contractLedger.entryNo}), 0)::int` }).from(contractLedger).where(eq(contractLedger.contractId, contractId));
    return Number(r?.n ?? 0) + 1;
  }

  async entries(contractId: string): Promise<LedgerRow[]> {
    return this.core.db.select().from(contractLedger).where(eq(contractLedger.contractId, contractId)).orderBy(asc(contractLedger.entryNo));
  }

  async reconciliation(tenantId: string, contractId: string) {
    const [[c], tranches, ledger] = await Promise.all([
      this.core.db.select().from(contracts).where(and(eq(contracts.tenantId, tenantId), eq(contracts.id, contractId))),
      this.core.tranches(this.core.db, contractId),
      this.entries(contractId),
    ]);
    if (!c) throw new AppError('NOT_FOUND', 'contract not found');
    return { contract: c, tranches, ledger, reconciliation: reconcile(c, tranches, ledger) };
  }

  /** Releases (part of) a tranche whose condition is met; the whole remainder when no amount is given. */
  async release(ctx: CommandContext, contractId: string, trancheId: string, input: { amountFen?: number | undefined; note?: string | undefined }): Promise<LedgerRow> {
    try {
      return await inTransaction(this.core.db, async (tx) => this.releaseIn(tx, ctx, contractId, trancheId, input));
    } catch (e) {
      throw ledgerError(e);
    }
  }

  /**
   * The release inside the caller's transaction (a race gate's decision releases several at once): the
   * contract's lock, the checks and the CHECK constraints are the same as for a single release. The
   * caller maps a CHECK violation with `ledgerError` once its transaction has rolled back.
   */
  async releaseIn(tx: Db, ctx: CommandContext, contractId: string, trancheId: string, input: { amountFen?: number | undefined; note?: string | undefined }): Promise<LedgerRow> {
    const c = await this.core.lock(tx, ctx.tenantId, contractId);
    if (c.status === 'pending') throw new AppError('CONTRACT_NOT_CONFIRMED');
    if (c.status !== 'active') throw stateError('releasing funds', c.status);
    const [t] = await tx.select().from(contractTranches).where(and(eq(contractTranches.contractId, contractId), eq(contractTranches.id, trancheId))).for('update');
    if (!t) throw new AppError('NOT_FOUND', 'tranche not found');
    const milestones = await this.core.milestones(tx, contractId);
    if (!trancheReleasable(t, c.status, milestones)) throw new AppError('TRANCHE_NOT_DUE', `tranche ${t.seq} (${t.trigger}) is not due yet`);
    const amountFen = input.amountFen ?? t.amountFen - t.releasedFen;
    const refusal = releaseRefusal(amountFen, t, c);
    if (refusal) throw new AppError('TRANCHE_EXCEEDS_REMAINING', refusal, [{ path: 'amountFen', message: `${c.code}: ${refusal}`, zh: `${c.code} 超出剩余额度：本笔剩余 ${t.amountFen - t.releasedFen} 分，合同剩余 ${c.totalFen - c.releasedFen} 分` }]);
    const now = this.core.now();
    const [entry] = await tx.insert(contractLedger).values({ tenantId: c.tenantId, contractId, entryNo: await this.nextEntryNo(tx, contractId), trancheId, kind: 'release', amountFen, note: input.note?.trim() ?? '', approvedBy: ctx.actorUserId!, approvedAt: now }).returning();
    const [nt] = await tx
      .update(contractTranches)
      .set({ releasedFen: sql`${contractTranches.releasedFen} + ${amountFen}`, status: sql`case when ${contractTranches.releasedFen} + ${amountFen} >= ${contractTranches.amountFen} then 'released' else 'planned' end` })
      .where(eq(contractTranches.id, t.id))
      .returning();
    const [nc] = await tx.update(contracts).set({ releasedFen: sql`${contracts.releasedFen} + ${amountFen}`, updatedAt: now }).where(eq(contracts.id, c.id)).returning();
    await appendAudit(tx, ctx, { action: 'tranche.released', targetType: 'contract_tranche', targetId: t.id, summary: { trancheSeq: t.seq, amountFen, releasedFen: nc!.releasedFen, totalFen: nc!.totalFen } });
    // Every milestone accepted and every fen released: the contract is done.
    if (nc!.releasedFen === nc!.totalFen && milestones.every((m) => m.status === 'accepted')) {
      await tx.update(contracts).set({ status: 'completed', updatedAt: now }).where(eq(contracts.id, c.id));
      await appendAudit(tx, ctx, { action: 'contract.completed', targetType: 'contract', targetId: c.id, summary: { releasedFen: nc!.releasedFen } });
    }
    await this.core.notifyOrganization(tx, c, messages.released(c, nt!.seq, amountFen));
    return entry!;
  }

  /** Reverses one release (a payment that bounced or was made in error), with a reason; never twice. */
  async reverse(ctx: CommandContext, contractId: string, entryId: string, input: { note: string }): Promise<LedgerRow> {
    if (!input.note.trim()) throw fieldErrors('VALIDATION_FAILED', [{ path: 'note', message: 'give the reason for the reversal', zh: '须说明冲销原因' }]);
    return inTransaction(this.core.db, async (tx) => {
      const c = await this.core.lock(tx, ctx.tenantId, contractId);
      const [e] = await tx.select().from(contractLedger).where(and(eq(contractLedger.contractId, contractId), eq(contractLedger.id, entryId)));
      if (!e) throw new AppError('NOT_FOUND', 'ledger entry not found');
      if (e.kind !== 'release') throw new AppError('INVALID_STATE', 'only a release can be reversed');
      const [done] = await tx.select({ id: contractLedger.id }).from(contractLedger).where(eq(contractLedger.reversesId, e.id));
      if (done) throw new AppError('INVALID_STATE', 'this release was already reversed');
      const now = this.core.now();
      const [entry] = await tx.insert(contractLedger).values({ tenantId: c.tenantId, contractId, entryNo: await this.nextEntryNo(tx, contractId), trancheId: e.trancheId, kind: 'reversal', amountFen: e.amountFen, reversesId: e.id, note: input.note.trim(), approvedBy: ctx.actorUserId!, approvedAt: now }).returning();
      const [t] = await tx.update(contractTranches).set({ releasedFen: sql`${contractTranches.releasedFen} - ${e.amountFen}`, status: 'planned' }).where(eq(contractTranches.id, e.trancheId)).returning();
      const [nc] = await tx
        .update(contracts)
        .set({ releasedFen: sql`${contracts.releasedFen} - ${e.amountFen}`, status: c.status === 'completed' ? 'active' : c.status, updatedAt: now })
        .where(eq(contracts.id, c.id))
        .returning();
      await appendAudit(tx, ctx, { action: 'tranche.reversed', targetType: 'contract_tranche', targetId: e.trancheId, summary: { trancheSeq: t!.seq, amountFen: e.amountFen, entryId: e.id, releasedFen: nc!.releasedFen } });
      return entry!;
    });
  }
}
