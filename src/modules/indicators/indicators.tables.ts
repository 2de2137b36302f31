import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, numeric, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../../platform/auth/auth.tables.ts';

export const INDICATOR_KINDS = ['computed', 'official'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** How a value is kept: counts and ratios as decimals in the display unit; money also exactly, in fen. */
export const VALUE_TYPES = ['count', 'ratio', 'money'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const INDICATOR_CATEGORIES = ['innovation', 'qualification', 'industry', 'funds', 'economy'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

export const VALUE_ORIGINS = ['computed', 'official'] as const;
export type ValueOrigin = (typeof VALUE_ORIGINS)[number];

/** The indicator registry of a tenant: what is measured, in which unit, and how it comes about. */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** Display unit, e.g. %, 人/万人, 家, 件, 亿元. */
    unit: text('unit').notNull(),
    unitEn: text('unit_en').notNull(),
    valueType: text('value_type').$type<ValueType>().notNull(),
    /** Decimal places a value is rounded to (and an official entry may have). */
    scale: integer('scale').notNull(),
    frequency: text('frequency').$type<'annual'>().notNull().default('annual'),
    kind: text('kind').$type<IndicatorKind>().notNull(),
    category: text('category').$type<IndicatorCategory>().notNull(),
    /** The formula of a computed indicator, or the source of an official one. */
    formulaZh: text('formula_zh').notNull(),
    formulaEn: text('formula_en').notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    isHeadline: boolean('is_headline').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('indicators_tenant_code_uq').on(t.tenantId, t.code),
    check('indicators_scale_ck', sql`${t.scale} between 0 and 4`),
  ],
);

/**
 * One value of an indicator for a zone (null: the whole tenant) and a year. Zones belong to the
 * registry, so zone_id carries no foreign key here (modules own their tables).
 */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    indicatorId: uuid('indicator_id').notNull().references(() => indicators.id),
    zoneId: uuid('zone_id'),
    year: integer('year').notNull(),
    /** In the display unit, rounded to the indicator's scale; null when it cannot be computed (e.g. zero revenue). */
    value: numeric('value', { precision: 24, scale: 4 }),
    /** Money indicators: the exact amount in integer fen. */
    amountFen: bigint('amount_fen', { mode: 'number' }),
    origin: text('origin').$type<ValueOrigin>().notNull(),
    /** Computed values: how many organisations' data went in (small numbers are withheld from the public). */
    contributors: integer('contributors'),
    /** Computed values: numerator and denominator as exact decimal strings. */
    inputs: jsonb('inputs').$type<Record<string, string>>(),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    /** Official values: where the figure comes from, and the officer who entered it. */
    source: text('source'),
    note: text('note'),
    enteredBy: uuid('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('indicator_values_indicator_zone_year_uq').on(t.indicatorId, t.zoneId, t.year).nullsNotDistinct(),
    index('indicator_values_tenant_year_idx').on(t.tenantId, t.year),
    check('indicator_values_year_ck', sql`${t.year} between 1949 and 2200`),
    check(
      'indicator_values_origin_ck',
      sql`(${t.origin} = 'computed' and ${t.computedAt} is not null) or (${t.origin} = 'official' and ${t.source} is not null and ${t.enteredAt} is not null and ${t.value} is not null)`,
    ),
  ],
);
