import { Type, type Static } from 'typebox';
import { DateTime, Uuid } from '../../platform/http/schemas.ts';
import { ORGANIZATION_TYPES, PRIORITY_FIELDS, QUALIFICATION_KINDS, ZONE_LEVELS } from './registry.tables.ts';

export const OrgType = Type.Enum(ORGANIZATION_TYPES);
export const PriorityFieldSchema = Type.Enum(PRIORITY_FIELDS);
export const QualificationKindSchema = Type.Enum(QUALIFICATION_KINDS);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IsoDate = Type.String({ format: 'date' });
const Fen = Type.Integer({ minimum: 0, description: 'Money in integer fen (1 yuan = 100 fen)' });
const Count = Type.Integer({ minimum: 0 });

export const ZoneSchema = Type.Object({
  id: Uuid,
  parentId: Nullable(Uuid),
  level: Type.Enum(ZONE_LEVELS),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  sortOrder: Type.Integer(),
});

export const ZoneBody = Type.Object(
  {
    parentId: Type.Optional(Nullable(Uuid)),
    level: Type.Enum(ZONE_LEVELS),
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
    nameZh: Type.String({ minLength: 2, maxLength: 100 }),
    nameEn: Type.String({ minLength: 2, maxLength: 200 }),
    lng: Type.Optional(Nullable(Type.Number({ minimum: 73, maximum: 136 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: 3, maximum: 54 }))),
    sortOrder: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export const OrganizationSchema = Type.Object({
  id: Uuid,
  creditCode: Type.String(),
  nameZh: Type.String(),
  nameEn: Nullable(Type.String()),
  shortName: Nullable(Type.String()),
  type: OrgType,
  zoneId: Nullable(Uuid),
  address: Nullable(Type.String()),
  industryCode: Nullable(Type.String()),
  priorityField: Nullable(PriorityFieldSchema),
  foundedOn: Nullable(IsoDate),
  description: Nullable(Type.String()),
  website: Nullable(Type.String()),
  rorId: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  actions: Type.Array(Type.Enum(['update', 'addQualification', 'recordFigures'])),
});
export type OrganizationDto = Static<typeof OrganizationSchema>;

const orgFields = {
  nameZh: Type.String({ minLength: 2, maxLength: 200 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  type: OrgType,
  zoneId: Type.Optional(Nullable(Uuid)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  industryCode: Type.Optional(Nullable(Type.String({ pattern: '^[A-T]([0-9]{2}([0-9]{1,2})?)?$', description: 'GB/T 4754-2017 code, e.g. C2710' }))),
  priorityField: Type.Optional(Nullable(PriorityFieldSchema)),
  foundedOn: Type.Optional(Nullable(IsoDate)),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  website: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  rorId: Type.Optional(Nullable(Type.String({ pattern: '^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$', description: 'ROR identifier, e.g. 02v51f717' }))),
  keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 })),
};

export const CreateOrganizationBody = Type.Object(
  { creditCode: Type.String({ minLength: 18, maxLength: 18, description: '统一社会信用代码, 18 characters with check character' }), ...orgFields },
  { additionalProperties: false },
);
export const UpdateOrganizationBody = Type.Partial(Type.Object(orgFields, { additionalProperties: false }));

export const FacetSchema = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
export const SearchResponse = Type.Object({
  items: Type.Array(OrganizationSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  nextCursor: Nullable(Type.String()),
  facets: Type.Object({ type: FacetSchema, zone: FacetSchema, qualification: FacetSchema, industry: FacetSchema, field: FacetSchema }),
  totalIsLowerBound: Type.Boolean({
    description: 'true: at least `total` organisations match, not exactly (more than countCap matched — show "1,000+" — or count=false was asked)',
  }),
  facetsApproximate: Type.Boolean({
    description: 'true: the facet counts were taken over the first countCap matches only, so each is a lower bound of the true count',
  }),
  relevanceApproximate: Type.Boolean({
    description: 'true: relevance order ranks the first countCap matches only (better matches may exist beyond them); pages beyond countCap are empty. Name and date sorts are exact.',
  }),
  countCap: Nullable(Type.Integer({ description: 'how many matches the total and facets count at most; null when counted exactly' })),
});

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    zoneId: Type.Optional(Uuid),
    type: Type.Optional(Type.Array(OrgType, { maxItems: 8 })),
    qualification: Type.Optional(Type.Array(QualificationKindSchema, { maxItems: 7 })),
    industry: Type.Optional(Type.String({ pattern: '^[A-T]([0-9]{2}([0-9]{1,2})?)?$' })),
    field: Type.Optional(Type.Array(PriorityFieldSchema, { maxItems: 8 })),
    sort: Type.Optional(Type.Enum(['relevance', 'name', 'founded', 'created'])),
    order: Type.Optional(Type.Enum(['asc', 'desc'])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 300, description: 'nextCursor of the previous page (name and created sorts)' })),
    facets: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
/** GET /organizations: the search and, for the next pages, whether to count again (the export takes SearchQuery). */
export const OrganizationSearchQuery = Type.Object(
  {
    ...SearchQuery.properties,
    count: Type.Optional(
      Type.Boolean({
        default: true,
        description: 'false: count neither total nor facets (the client has them from page 1); total is then what the page proves, with totalIsLowerBound',
      }),
    ),
  },
  { additionalProperties: false },
);

export const QualificationSchema = Type.Object({
  id: Uuid,
  kind: QualificationKindSchema,
  certificateNo: Nullable(Type.String()),
  validFrom: IsoDate,
  validTo: Nullable(IsoDate),
  exchange: Nullable(Type.String()),
  ticker: Nullable(Type.String()),
  status: Type.Enum(['valid', 'expiring', 'expired', 'not_yet_valid']),
});
export const QualificationBody = Type.Object(
  {
    kind: QualificationKindSchema,
    certificateNo: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    validFrom: IsoDate,
    validTo: Type.Optional(Nullable(IsoDate)),
    exchange: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    ticker: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  },
  { additionalProperties: false },
);
export const ExpiringSchema = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  organizationName: Type.String(),
  kind: QualificationKindSchema,
  certificateNo: Nullable(Type.String()),
  validTo: IsoDate,
  daysLeft: Type.Integer(),
});

export const FiguresSchema = Type.Object({
  year: Type.Integer(),
  revenueFen: Nullable(Fen),
  rdExpenditureFen: Nullable(Fen),
  employees: Nullable(Count),
  rdStaff: Nullable(Count),
  patentsApplied: Nullable(Count),
  patentsGranted: Nullable(Count),
  taxPaidFen: Nullable(Fen),
  updatedAt: DateTime,
});
export const FiguresBody = Type.Object(
  {
    revenueFen: Type.Optional(Nullable(Fen)),
    rdExpenditureFen: Type.Optional(Nullable(Fen)),
    employees: Type.Optional(Nullable(Count)),
    rdStaff: Type.Optional(Nullable(Count)),
    patentsApplied: Type.Optional(Nullable(Count)),
    patentsGranted: Type.Optional(Nullable(Count)),
    taxPaidFen: Type.Optional(Nullable(Fen)),
  },
  { additionalProperties: false },
);

export const PersonSchema = Type.Object({
  id: Uuid,
  nameZh: Type.String(),
  nameEn: Nullable(Type.String()),
  organizationId: Nullable(Uuid),
  organizationName: Nullable(Type.String()),
  title: Nullable(Type.String()),
  fields: Type.Array(Type.String()),
  orcid: Nullable(Type.String()),
  bio: Nullable(Type.String()),
});
export const PersonBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 2, maxLength: 50 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    organizationId: Type.Optional(Nullable(Uuid)),
    title: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    orcid: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$' }))),
    bio: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);
