import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { NotificationContent, NotificationService } from '../../platform/notify/index.ts';
import { contractMilestones, contracts, contractTranches, supervisionOrders, type ContractTerms } from './contracts.tables.ts';

export type ContractRow = typeof contracts.$inferSelect;
export type MilestoneRow = typeof contractMilestones.$inferSelect;
export type TrancheRow = typeof contractTranches.$inferSelect;

/** Files a team may attach to evidence, reports and responses: documents, images and spreadsheets. */
export const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'];
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

export function stateError(what: string, status: string): AppError {
  return new AppError('INVALID_STATE', `${what} is not possible while the status is ${status}`);
}

export function fieldErrors(code: 'VALIDATION_FAILED' | 'INCOMPLETE', errors: FieldError[]): AppError {
  return new AppError(code, errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

/** The terms as they stand in the rows: what a version records and a change request starts from. */
export function currentTerms(c: ContractRow, milestones: MilestoneRow[], tranches: TrancheRow[]): ContractTerms {
  const seqOf = new Map(milestones.map((m) => [m.id, m.seq]));
  return {
    totalFen: c.totalFen,
    targets: c.targets,
    lead: c.lead ?? { name: '', title: null, phone: null, email: null },
    team: c.team,
    milestones: [...milestones].sort((a, b) => a.seq - b.seq).map((m) => ({ seq: m.seq, title: m.title, deliverable: m.deliverable, dueOn: m.dueOn, evidence: m.evidence, gateId: m.gateId })),
    tranches: [...tranches].sort((a, b) => a.seq - b.seq).map((t) => ({ seq: t.seq, amountFen: t.amountFen, trigger: t.trigger, milestoneSeq: t.milestoneId ? (seqOf.get(t.milestoneId) ?? null) : null, dueOn: t.dueOn })),
  };
}

/** Database access and notification helpers shared by the contract services (all inside the caller's transaction). */
export class ContractCore {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly centre: NotificationService,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Today in Beijing: due dates and deadlines are Beijing calendar dates. */
  today(): string {
    return shanghaiDate(this.clock.now());
  }

  /** The contract, locked for the rest of the transaction, so commands on one contract run one after another. */
  async lock(tx: Db, tenantId: string, id: string): Promise<ContractRow> {
    const [row] = await tx.select().from(contracts).where(and(eq(contracts.tenantId, tenantId), eq(contracts.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'contract not found');
    return row;
  }

  async milestones(tx: Db, contractId: string): Promise<MilestoneRow[]> {
    return tx.select().from(contractMilestones).where(eq(contractMilestones.contractId, contractId)).orderBy(asc(contractMilestones.seq));
  }

  async tranches(tx: Db, contractId: string): Promise<TrancheRow[]> {
    return tx.select().from(contractTranches).where(eq(contractTranches.contractId, contractId)).orderBy(asc(contractTranches.seq));
  }

  async milestone(tx: Db, contractId: string, id: string, lock = false): Promise<MilestoneRow> {
    const q = tx.select().from(contractMilestones).where(and(eq(contractMilestones.contractId, contractId), eq(contractMilestones.id, id)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new AppError('NOT_FOUND', 'milestone not found');
    return row;
  }

  async nextCode(tx: Db, tenantId: string, prefix: string, t: typeof contracts | typeof supervisionOrders, width: number): Promise<string> {
    const [r] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(and(eq(t.tenantId, tenantId), sql`${t.code} like ${prefix + '%'}`));
    return `${prefix}${String(Number(r?.n ?? 0) + 1).padStart(width, '0')}`;
  }

  async organizationUsers(tx: Db, tenantId: string, organizationId: string): Promise<string[]> {
    const rows = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.organizationId, organizationId), eq(users.status, 'active')));
    return rows.map((r) => r.id);
  }

  async notifyOrganization(tx: Db, c: ContractRow, content: NotificationContent): Promise<number> {
    const ids = await this.organizationUsers(tx, c.tenantId, c.organizationId);
    if (ids.length) await this.centre.notify(tx, { tenantId: c.tenantId, userIds: ids, ...content });
    return ids.length;
  }

  /** The responsible officer, or every officer when the contract has none (or theirs is gone). */
  async notifyOffice(tx: Db, c: ContractRow, content: NotificationContent): Promise<void> {
    if (c.officerId) {
      const [u] = await tx.select({ status: users.status }).from(users).where(eq(users.id, c.officerId));
      if (u && u.status !== 'disabled') {
        await this.centre.notify(tx, { tenantId: c.tenantId, userIds: [c.officerId], ...content });
        return;
      }
    }
    await this.centre.notifyRole(tx, c.tenantId, 'officer', content);
  }

  /**
   * Files named by a team's submission: uploaded by a member of the contract's organisation, of an
   * allowed type and size. They become the contract's, so its other members and the office can read them.
   */
  async claimFiles(tx: Db, c: ContractRow, ids: string[], path: string): Promise<void> {
    if (ids.length === 0) return;
    const members = await this.organizationUsers(tx, c.tenantId, c.organizationId);
    const rows = await tx.select().from(attachments).where(and(eq(attachments.tenantId, c.tenantId), inArray(attachments.id, ids)));
    const errors: FieldError[] = [];
    let tooLarge = false;
    ids.forEach((id, i) => {
      const row = rows.find((r) => r.id === id);
      if (!row || !members.includes(row.createdBy)) errors.push({ path: `${path}/${i}`, message: 'is not a file your organisation uploaded', zh: '不是本单位上传的文件' });
      else if (row.ownerType !== 'user' && !(row.ownerType === 'contract' && row.ownerId === c.id)) errors.push({ path: `${path}/${i}`, message: 'belongs to something else', zh: '该文件已属于其他事项' });
      else if (!EVIDENCE_TYPES.includes(row.mimeType)) errors.push({ path: `${path}/${i}`, message: `must be a PDF, an image or a spreadsheet, not ${row.mimeType}`, zh: '须为 PDF、图片或电子表格' });
      else if (row.sizeBytes > EVIDENCE_MAX_BYTES) {
        tooLarge = true;
        errors.push({ path: `${path}/${i}`, message: `is larger than ${EVIDENCE_MAX_BYTES / 1024 / 1024} MiB`, zh: `超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MiB` });
      }
    });
    if (errors.length) throw new AppError(tooLarge ? 'FILE_TOO_LARGE' : 'FILE_TYPE_NOT_ALLOWED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    await tx
      .update(attachments)
      .set({ ownerType: 'contract', ownerId: c.id })
      .where(and(eq(attachments.tenantId, c.tenantId), inArray(attachments.id, ids)));
  }
}
