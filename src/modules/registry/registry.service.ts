import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import { normalizeCreditCode } from '../../platform/auth/auth.rules.ts';
import { organizations, type OrganizationType } from './registry.tables.ts';

export type OrganizationRow = typeof organizations.$inferSelect;

export class RegistryService {
  constructor(private readonly db: Db) {}

  async createOrganization(ctx: CommandContext, input: { creditCode: string; nameZh: string; nameEn?: string | null | undefined; type: OrganizationType }, db: Db = this.db): Promise<OrganizationRow> {
    const creditCode = normalizeCreditCode(input.creditCode);
    if (!creditCode) {
      throw new AppError('INVALID_CREDIT_CODE', `"${input.creditCode}" is not a valid unified social credit code`, [
        { path: 'body.creditCode', message: 'invalid check character or format' },
      ]);
    }
    return inTransaction(db, async (tx) => {
      const [dup] = await tx.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.tenantId, ctx.tenantId), eq(organizations.creditCode, creditCode)));
      if (dup) throw new AppError('CREDIT_CODE_TAKEN');
      const [row] = await tx
        .insert(organizations)
        .values({ tenantId: ctx.tenantId, creditCode, nameZh: input.nameZh.trim(), nameEn: input.nameEn?.trim() || null, type: input.type })
        .returning();
      await appendAudit(tx, ctx, {
        action: 'organization.created',
        targetType: 'organization',
        targetId: row!.id,
        summary: { creditCode, nameZh: row!.nameZh, type: row!.type },
      });
      return row!;
    });
  }

  async getOrganization(tenantId: string, id: string): Promise<OrganizationRow> {
    const [row] = await this.db.select().from(organizations).where(and(eq(organizations.tenantId, tenantId), eq(organizations.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'organization not found');
    return row;
  }

  async listOrganizations(tenantId: string, q: { q?: string | undefined; type?: OrganizationType | undefined; offset: number; limit: number }) {
    const conds: SQL[] = [eq(organizations.tenantId, tenantId)];
    if (q.q) {
      const like = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
      conds.push(or(ilike(organizations.nameZh, like), ilike(organizations.nameEn, like), ilike(organizations.creditCode, like))!);
    }
    if (q.type) conds.push(eq(organizations.type, q.type));
    const where = and(...conds);
    const [items, total] = await Promise.all([
      this.db.select().from(organizations).where(where).orderBy(asc(organizations.nameZh), asc(organizations.id)).limit(q.limit).offset(q.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(organizations).where(where),
    ]);
    return { items, total: Number(total[0]?.n ?? 0) };
  }
}
