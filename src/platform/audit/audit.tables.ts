import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../auth/auth.tables.ts';

/**
 * Append-only: triggers (added by hand in the migration) refuse UPDATE, DELETE and TRUNCATE.
 * Each tenant has its own hash chain, numbered by chain_seq.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    requestId: text('request_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_chain_uq').on(t.tenantId, t.chainSeq),
    index('audit_events_tenant_time_idx').on(t.tenantId, t.occurredAt),
    index('audit_events_tenant_action_idx').on(t.tenantId, t.action),
    index('audit_events_target_idx').on(t.tenantId, t.targetType, t.targetId),
  ],
);

/** The head of each tenant's chain; locking this row serialises appends per tenant. */
export const auditHeads = pgTable('audit_heads', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id),
  chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
