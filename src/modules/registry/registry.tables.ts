import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { tenants } from '../../platform/auth/auth.tables.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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

/** The priority fields named in PRODUCT.md. */
export const PRIORITY_FIELDS = [
  'next_gen_it',
  'new_materials',
  'clean_energy',
  'pharma_health',
  'brain_science',
  'quantum',
  'blockchain',
  'ai',
] as const;
export type PriorityField = (typeof PRIORITY_FIELDS)[number];

export const QUALIFICATION_KINDS = [
  'high_tech', // 国家高新技术企业
  'srdi_municipal', // 北京市专精特新中小企业
  'srdi_little_giant', // 国家级专精特新"小巨人"
  'tech_sme', // 科技型中小企业
  'unicorn', // 独角兽
  'potential_unicorn', // 潜在独角兽
  'listed', // 上市企业
] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];

export const ZONE_LEVELS = ['city', 'zone', 'park'] as const;
export type ZoneLevel = (typeof ZONE_LEVELS)[number];

/** Places of a tenant: city → zone (三城一区) → park, with a point for the map. */
export const zones = pgTable(
  'zones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    parentId: uuid('parent_id').references((): AnyPgColumn => zones.id),
    level: text('level').$type<ZoneLevel>().notNull(),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('zones_tenant_code_uq').on(t.tenantId, t.code), index('zones_parent_idx').on(t.parentId)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    creditCode: text('credit_code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    shortName: text('short_name'),
    type: text('type').$type<OrganizationType>().notNull(),
    zoneId: uuid('zone_id').references(() => zones.id),
    address: text('address'),
    /** National economic industry classification (GB/T 4754-2017), e.g. C2710. */
    industryCode: text('industry_code'),
    priorityField: text('priority_field').$type<PriorityField>(),
    foundedOn: date('founded_on'),
    description: text('description'),
    website: text('website'),
    rorId: text('ror_id'),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    /** jieba tokens of names, keywords and description, for full-text search. */
    searchVector: tsvector('search_vector'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_tenant_credit_code_uq').on(t.tenantId, t.creditCode),
    index('organizations_tenant_name_idx').on(t.tenantId, t.nameZh, t.id),
    index('organizations_tenant_zone_idx').on(t.tenantId, t.zoneId),
    index('organizations_tenant_type_idx').on(t.tenantId, t.type),
    index('organizations_search_idx').using('gin', t.searchVector),
  ],
);

export const qualifications = pgTable(
  'qualifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    kind: text('kind').$type<QualificationKind>().notNull(),
    certificateNo: text('certificate_no'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    exchange: text('exchange'),
    ticker: text('ticker'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('qualifications_org_kind_from_uq').on(t.organizationId, t.kind, t.validFrom),
    index('qualifications_tenant_kind_idx').on(t.tenantId, t.kind, t.validTo),
    check('qualifications_validity_ck', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** Annual figures of an organisation; money in integer fen. */
export const annualFigures = pgTable(
  'annual_figures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    year: integer('year').notNull(),
    revenueFen: bigint('revenue_fen', { mode: 'number' }),
    rdExpenditureFen: bigint('rd_expenditure_fen', { mode: 'number' }),
    employees: integer('employees'),
    rdStaff: integer('rd_staff'),
    patentsApplied: integer('patents_applied'),
    patentsGranted: integer('patents_granted'),
    taxPaidFen: bigint('tax_paid_fen', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('annual_figures_org_year_uq').on(t.organizationId, t.year),
    index('annual_figures_tenant_year_idx').on(t.tenantId, t.year),
    check(
      'annual_figures_non_negative_ck',
      sql`coalesce(${t.revenueFen}, 0) >= 0 and coalesce(${t.rdExpenditureFen}, 0) >= 0 and coalesce(${t.employees}, 0) >= 0 and coalesce(${t.rdStaff}, 0) >= 0 and coalesce(${t.patentsApplied}, 0) >= 0 and coalesce(${t.patentsGranted}, 0) >= 0 and coalesce(${t.taxPaidFen}, 0) >= 0`,
    ),
    check('annual_figures_year_ck', sql`${t.year} between 1949 and 2200`),
  ],
);

/** Researchers and talents. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
    title: text('title'),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    orcid: text('orcid'),
    bio: text('bio'),
    searchVector: tsvector('search_vector'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('people_tenant_org_idx').on(t.tenantId, t.organizationId),
    index('people_search_idx').using('gin', t.searchVector),
    uniqueIndex('people_tenant_orcid_uq').on(t.tenantId, t.orcid),
  ],
);
