import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../auth/auth.tables.ts';

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mimeType: text('mime_type').notNull(),
    originalName: text('original_name').notNull(),
    /** What the file belongs to, e.g. "user" or later "application"; checked on download. */
    ownerType: text('owner_type').notNull().default('user'),
    ownerId: text('owner_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_tenant_owner_idx').on(t.tenantId, t.ownerType, t.ownerId)],
);
