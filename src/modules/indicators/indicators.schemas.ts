import { Type, type Static } from 'typebox';
import { DateTime, NullableDateTime, Uuid } from '../../platform/http/schemas.ts';
import { CHARTS } from './indicators.dashboard.ts';
import { INDICATOR_CATEGORIES, INDICATOR_KINDS, VALUE_ORIGINS, VALUE_TYPES } from './indicators.tables.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Year = Type.Integer({ minimum: 1949, maximum: 2200 });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$', description: 'Indicator code, e.g. rd_intensity' });
const Decimal = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', description: "A decimal in the indicator's unit, at its scale (exact; never a float)" });
const NullableDecimal = Nullable(Decimal);

export const IndicatorSchema = Type.Object({
  code: Code,
  nameZh: Type.String(),
  nameEn: Type.String(),
  unit: Type.String({ description: 'Display unit, e.g. %, 人/万人, 家, 件, 亿元' }),
  unitEn: Type.String(),
  valueType: Type.Enum(VALUE_TYPES),
  scale: Type.Integer({ description: 'Decimal places of its values' }),
  frequency: Type.Literal('annual'),
  kind: Type.Enum(INDICATOR_KINDS),
  category: Type.Enum(INDICATOR_CATEGORIES),
  formulaZh: Type.String({ description: 'Formula (computed) or source (official)' }),
  formulaEn: Type.String(),
  isPublic: Type.Boolean(),
  isHeadline: Type.Boolean(),
  sortOrder: Type.Integer(),
  actions: Type.Array(Type.Enum(['enterValue'])),
});

export const ValueSchema = Type.Object({
  code: Code,
  zoneId: Nullable(Uuid),
  year: Type.Integer(),
  value: Type.Union([Decimal, Type.Null()], { description: 'Null when it cannot be computed (e.g. zero revenue) or is withheld' }),
  amountFen: Type.Union([Type.Integer(), Type.Null()], { description: 'Money indicators: the exact amount in fen' }),
  withheld: Type.Boolean({ description: 'Computed from fewer than three organisations; shown to staff only' }),
  origin: Type.Enum(VALUE_ORIGINS),
  contributors: Type.Union([Type.Integer(), Type.Null()], { description: 'Staff only: organisations whose data went in' }),
  inputs: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], { description: 'Staff only: numerator and denominator, exact' }),
  computedAt: NullableDateTime,
  source: Nullable(Type.String()),
  note: Type.Union([Type.String(), Type.Null()], { description: 'Staff only' }),
  enteredAt: NullableDateTime,
});
export type ValueDto = Static<typeof ValueSchema>;

export const ValuesQuery = Type.Object(
  {
    code: Type.Optional(Code),
    zoneId: Type.Optional(Uuid),
    from: Type.Optional(Year),
    to: Type.Optional(Year),
  },
  { additionalProperties: false },
);

export const CodeParams = Type.Object({ code: Code }, { additionalProperties: false });

export const OfficialValueBody = Type.Object(
  {
    zoneId: Type.Optional(Nullable(Uuid)),
    year: Year,
    value: Type.String({ pattern: '^\\d{1,16}(\\.\\d{1,8})?$', description: 'A non-negative decimal in the indicator\'s unit, e.g. "8373.00" (万元)' }),
    source: Type.String({ minLength: 2, maxLength: 300, description: 'Where the figure comes from, e.g. 北京市统计局《2024 年统计公报》' }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const RecomputeBody = Type.Object({ year: Type.Optional(Year) }, { additionalProperties: false });
export const RecomputeResponse = Type.Object({ jobId: Uuid });

const Datum = { value: NullableDecimal, withheld: Type.Boolean() };
const Cell = Type.Object({ code: Code, year: Nullable(Type.Integer()), ...Datum });
const ZoneHead = { zoneId: Uuid, code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), level: Type.String() };

export const IndicatorBrief = Type.Object({
  code: Code,
  nameZh: Type.String(),
  nameEn: Type.String(),
  unit: Type.String(),
  unitEn: Type.String(),
  scale: Type.Integer(),
  kind: Type.Enum(INDICATOR_KINDS),
  category: Type.Enum(INDICATOR_CATEGORIES),
  isHeadline: Type.Boolean(),
  formulaZh: Type.String(),
  formulaEn: Type.String(),
});

export const DashboardSchema = Type.Object({
  tenant: Type.Object({ slug: Type.String(), nameZh: Type.String(), nameEn: Type.String(), isDemo: Type.Boolean({ description: 'Demo data: the UI must say so' }) }),
  computedAt: Type.Union([DateTime, Type.Null()], { description: 'When the computed values were last recomputed' }),
  indicators: Type.Array(IndicatorBrief),
  cards: Type.Array(
    Type.Object({
      code: Code,
      year: Nullable(Type.Integer()),
      ...Datum,
      previousYear: Nullable(Type.Integer()),
      previousValue: NullableDecimal,
      change: NullableDecimal,
      changePercent: Type.Union([Decimal, Type.Null()], { description: 'Percent, one decimal; null when the previous value is zero or missing' }),
      source: Nullable(Type.String()),
    }),
  ),
  trends: Type.Array(Type.Object({ code: Code, points: Type.Array(Type.Object({ year: Type.Integer(), ...Datum })) })),
  zones: Type.Object({
    columns: Type.Array(Type.Object({ code: Code, year: Nullable(Type.Integer()) })),
    rows: Type.Array(Type.Object({ ...ZoneHead, cells: Type.Array(Cell) })),
  }),
  qualificationMix: Type.Object({ year: Nullable(Type.Integer()), items: Type.Array(Type.Object({ code: Code, ...Datum })) }),
  map: Type.Array(Type.Object({ ...ZoneHead, parentId: Nullable(Uuid), lng: Type.Number(), lat: Type.Number(), cells: Type.Array(Cell) })),
});
export type DashboardDto = Static<typeof DashboardSchema>;

export const ChartParams = Type.Object({ chart: Type.Enum(CHARTS) }, { additionalProperties: false });
export const PublicQuery = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 64, description: 'Tenant slug' }) }, { additionalProperties: false });
export const CsvResponse = Type.String({ description: 'text/csv; charset=utf-8, with a byte-order mark; headers in Chinese and English' });
