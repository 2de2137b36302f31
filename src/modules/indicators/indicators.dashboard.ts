import { changeOf, disclosable } from './indicators.rules.ts';

// Pure assembly of the dashboard from definitions, stored values and zones: no I/O, so tests feed it plain data.

/** Years a trend line goes back from its latest value. */
export const TREND_YEARS = 10;

export interface DashboardDefinition {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  scale: number;
  kind: 'computed' | 'official';
  category: string;
  isHeadline: boolean;
}

export interface DashboardValue {
  indicatorId: string;
  zoneId: string | null;
  year: number;
  /** Already at the indicator's scale. */
  value: string | null;
  contributors: number | null;
  source: string | null;
  computedAt: Date | null;
}

export interface DashboardZone {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  nameZh: string;
  nameEn: string;
  lng: number | null;
  lat: number | null;
}

export interface Datum {
  value: string | null;
  /** Withheld: computed from too few organisations to show without disclosing one of them. */
  withheld: boolean;
}
export interface Cell extends Datum {
  code: string;
  year: number | null;
}

export interface Dashboard {
  computedAt: Date | null;
  cards: ({ code: string; year: number | null; previousYear: number | null; previousValue: string | null; change: string | null; changePercent: string | null; source: string | null } & Datum)[];
  trends: { code: string; points: ({ year: number } & Datum)[] }[];
  zones: { columns: { code: string; year: number | null }[]; rows: (ZoneHead & { cells: Cell[] })[] };
  qualificationMix: { year: number | null; items: ({ code: string } & Datum)[] };
  map: (ZoneHead & { parentId: string | null; lng: number; lat: number; cells: Cell[] })[];
}
type ZoneHead = { zoneId: string; code: string; nameZh: string; nameEn: string; level: string };

const WHOLE = '';

export function buildDashboard(defs: DashboardDefinition[], values: DashboardValue[], zones: DashboardZone[], opts: { withholdSmallCells: boolean }): Dashboard {
  // indicator → zone ('' for the whole tenant) → year → value
  const index = new Map<string, Map<string, Map<number, DashboardValue>>>();
  let computedAt: Date | null = null;
  for (const v of values) {
    const byZone = index.get(v.indicatorId) ?? new Map<string, Map<number, DashboardValue>>();
    const byYear = byZone.get(v.zoneId ?? WHOLE) ?? new Map<number, DashboardValue>();
    byYear.set(v.year, v);
    byZone.set(v.zoneId ?? WHOLE, byYear);
    index.set(v.indicatorId, byZone);
    if (v.computedAt && (!computedAt || v.computedAt > computedAt)) computedAt = v.computedAt;
  }
  const at = (def: DashboardDefinition, zone: string, year: number | null) => (year === null ? undefined : index.get(def.id)?.get(zone)?.get(year));
  const datum = (def: DashboardDefinition, v: DashboardValue | undefined): Datum => {
    if (!v || v.value === null) return { value: null, withheld: false };
    if (opts.withholdSmallCells && !disclosable(def.code, v.contributors)) return { value: null, withheld: true };
    return { value: v.value, withheld: false };
  };
  /** The newest year with a tenant-wide value: the year a card, a zone column and a map label show. */
  const latestYear = (def: DashboardDefinition): number | null => {
    let best: number | null = null;
    for (const [year, v] of index.get(def.id)?.get(WHOLE) ?? []) if (v.value !== null && (best === null || year > best)) best = year;
    return best;
  };
  const latest = new Map(defs.map((d) => [d.id, latestYear(d)]));
  const headline = defs.filter((d) => d.isHeadline);

  const cards = headline.map((def) => {
    const year = latest.get(def.id) ?? null;
    const cur = datum(def, at(def, WHOLE, year));
    const prevYear = year === null ? null : year - 1;
    const prev = datum(def, at(def, WHOLE, prevYear));
    const hasPrev = prev.value !== null || prev.withheld;
    return {
      code: def.code,
      year,
      ...cur,
      previousYear: hasPrev ? prevYear : null,
      previousValue: prev.value,
      ...changeOf(cur.value, prev.value, def.scale),
      source: at(def, WHOLE, year)?.source ?? null,
    };
  });

  const trends = defs.map((def) => {
    const end = latest.get(def.id) ?? null;
    const points = [...(index.get(def.id)?.get(WHOLE) ?? new Map<number, DashboardValue>()).values()]
      .filter((v) => end !== null && v.year <= end && v.year > end - TREND_YEARS)
      .sort((a, b) => a.year - b.year)
      .map((v) => ({ year: v.year, ...datum(def, v) }));
    return { code: def.code, points };
  });

  const cellsOf = (zoneId: string): Cell[] =>
    headline.map((def) => {
      const year = latest.get(def.id) ?? null;
      return { code: def.code, year, ...datum(def, at(def, zoneId, year)) };
    });
  const head = (z: DashboardZone): ZoneHead => ({ zoneId: z.id, code: z.code, nameZh: z.nameZh, nameEn: z.nameEn, level: z.level });
  const compared = zones.some((z) => z.level === 'zone') ? zones.filter((z) => z.level === 'zone') : zones.filter((z) => z.parentId === null);

  const mixDefs = defs.filter((d) => d.category === 'qualification');
  const mixYear = mixDefs.reduce<number | null>((best, d) => {
    const y = latest.get(d.id) ?? null;
    return y !== null && (best === null || y > best) ? y : best;
  }, null);

  return {
    computedAt,
    cards,
    trends,
    zones: { columns: headline.map((d) => ({ code: d.code, year: latest.get(d.id) ?? null })), rows: compared.map((z) => ({ ...head(z), cells: cellsOf(z.id) })) },
    qualificationMix: { year: mixYear, items: mixDefs.map((def) => ({ code: def.code, ...datum(def, at(def, WHOLE, mixYear)) })) },
    map: zones
      .filter((z): z is DashboardZone & { lng: number; lat: number } => z.lng !== null && z.lat !== null)
      .map((z) => ({ ...head(z), parentId: z.parentId, lng: z.lng, lat: z.lat, cells: cellsOf(z.id) })),
  };
}

// ---- tables for download -------------------------------------------------------------------

export const CHARTS = ['cards', 'trends', 'zones', 'qualifications', 'map'] as const;
export type Chart = (typeof CHARTS)[number];

export type Table = { header: string[]; rows: (string | number | null)[][] };

const LEVEL_ZH: Record<string, string> = { city: '城市', zone: '功能区', park: '园区' };
const shown = (d: Datum) => (d.withheld ? '—' : d.value);

/** The data behind one chart as a table with Chinese / English headers (what the CSV download holds). */
export function chartTable(chart: Chart, d: Dashboard, defs: DashboardDefinition[]): Table {
  const def = new Map(defs.map((x) => [x.code, x]));
  const name = (code: string) => def.get(code)!;
  const unitCols = (code: string) => [name(code).nameZh, name(code).nameEn, name(code).unit];
  const columnHeader = (c: { code: string; year: number | null }) => {
    const x = name(c.code);
    const y = c.year === null ? '' : `，${c.year}`;
    const yEn = c.year === null ? '' : `, ${c.year}`;
    return `${x.nameZh}（${x.unit}${y}） / ${x.nameEn} (${x.unitEn}${yEn})`;
  };
  switch (chart) {
    case 'cards':
      return {
        header: ['指标代码 / Code', '指标 / Indicator (zh)', '指标英文名 / Indicator (en)', '单位 / Unit', '年份 / Year', '数值 / Value', '上年 / Previous year', '上年数值 / Previous value', '变化 / Change', '变化率（%） / Change (%)', '来源 / Source'],
        rows: d.cards.map((c) => [c.code, ...unitCols(c.code), c.year, shown(c), c.previousYear, c.previousValue, c.change, c.changePercent, c.source]),
      };
    case 'trends':
      return {
        header: ['指标代码 / Code', '指标 / Indicator (zh)', '指标英文名 / Indicator (en)', '单位 / Unit', '年份 / Year', '数值 / Value'],
        rows: d.trends.flatMap((t) => t.points.map((p) => [t.code, ...unitCols(t.code), p.year, shown(p)])),
      };
    case 'zones':
      return {
        header: ['区域代码 / Zone code', '区域 / Zone (zh)', '区域英文名 / Zone (en)', ...d.zones.columns.map(columnHeader)],
        rows: d.zones.rows.map((r) => [r.code, r.nameZh, r.nameEn, ...r.cells.map(shown)]),
      };
    case 'qualifications':
      return {
        header: ['指标代码 / Code', '资质 / Qualification (zh)', '资质英文名 / Qualification (en)', '单位 / Unit', '年份 / Year', '数值 / Value'],
        rows: d.qualificationMix.items.map((i) => [i.code, ...unitCols(i.code), d.qualificationMix.year, shown(i)]),
      };
    case 'map':
      return {
        header: ['区域代码 / Zone code', '区域 / Zone (zh)', '区域英文名 / Zone (en)', '层级 / Level', '经度 / Longitude', '纬度 / Latitude', ...d.zones.columns.map(columnHeader)],
        rows: d.map.map((m) => [m.code, m.nameZh, m.nameEn, `${LEVEL_ZH[m.level] ?? m.level} / ${m.level}`, m.lng, m.lat, ...m.cells.map(shown)]),
      };
  }
}
