import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../../platform/auth/auth.tables.ts';

export const ORGANIZATION_TYPES = [
  'enterprise',
  'university',
  'institute',
  'national_lab',
  'new_rd_institute',
  'hospital',
  'platform',
  'investor',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    creditCode: text('credit_code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    type: text('type').$type<OrganizationType>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_tenant_credit_code_uq').on(t.tenantId, t.creditCode),
    index('organizations_tenant_name_idx').on(t.tenantId, t.nameZh),
  ],
);
