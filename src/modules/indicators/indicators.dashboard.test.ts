import { describe, expect, it } from 'vitest';
import { buildDashboard, chartTable, type DashboardDefinition, type DashboardValue, type DashboardZone } from './indicators.dashboard.ts';

const def = (id: string, code: string, over: Partial<DashboardDefinition> = {}): DashboardDefinition => ({
  id,
  code,
  nameZh: code,
  nameEn: code,
  unit: '%',
  unitEn: '%',
  scale: 2,
  kind: 'computed',
  category: 'innovation',
  isHeadline: true,
  ...over,
});
const val = (indicatorId: string, year: number, value: string | null, over: Partial<DashboardValue> = {}): DashboardValue => ({
  indicatorId,
  zoneId: null,
  year,
  value,
  contributors: 10,
  source: null,
  computedAt: new Date('2025-01-01T00:00:00Z'),
  ...over,
});
const zone = (id: string, parentId: string | null, level: string, point = false): DashboardZone => ({ id, parentId, level, code: id, nameZh: id, nameEn: id, lng: point ? 116 : null, lat: point ? 40 : null });

describe('dashboard assembly', () => {
  it('with no values: cards without a year, empty trends, the top zones compared when there is no zone level', () => {
    const d = buildDashboard([def('1', 'rd_intensity')], [], [zone('a', null, 'park', true), zone('b', 'a', 'park')], { withholdSmallCells: true });
    expect(d.cards).toEqual([{ code: 'rd_intensity', year: null, value: null, withheld: false, previousYear: null, previousValue: null, change: null, changePercent: null, source: null }]);
    expect(d.trends).toEqual([{ code: 'rd_intensity', points: [] }]);
    expect(d.zones.rows.map((r) => r.zoneId)).toEqual(['a']);
    expect(d.map.map((m) => m.zoneId)).toEqual(['a']);
    expect(d.computedAt).toBeNull();
  });

  it('a card takes the newest year with a value, skipping a newer uncomputable one; a withheld previous year gives no change', () => {
    const defs = [def('1', 'rd_intensity')];
    const values = [val('1', 2022, '4.00'), val('1', 2023, '5.00', { contributors: 2 }), val('1', 2024, '6.00'), val('1', 2025, null)];
    const d = buildDashboard(defs, values, [], { withholdSmallCells: true });
    expect(d.cards[0]).toMatchObject({ year: 2024, value: '6.00', previousYear: 2023, previousValue: null, change: null });
    expect(d.trends[0]!.points).toEqual([
      { year: 2022, value: '4.00', withheld: false },
      { year: 2023, value: null, withheld: true },
      { year: 2024, value: '6.00', withheld: false },
    ]);
    const staff = buildDashboard(defs, values, [], { withholdSmallCells: false });
    expect(staff.cards[0]).toMatchObject({ previousValue: '5.00', change: '1.00', changePercent: '20.0' });
  });

  it('trends keep the last ten years; only headline indicators get cards and zone columns', () => {
    const defs = [def('1', 'patents_granted', { scale: 0, unit: '件' }), def('2', 'gdp_share', { isHeadline: false, kind: 'official' })];
    const values = Array.from({ length: 14 }, (_, i) => val('1', 2012 + i, String(i)));
    const d = buildDashboard(defs, values, [zone('z', null, 'zone')], { withholdSmallCells: false });
    expect(d.trends[0]!.points.map((p) => p.year)).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(d.cards.map((c) => c.code)).toEqual(['patents_granted']);
    expect(d.zones.columns).toEqual([{ code: 'patents_granted', year: 2025 }]);
    const table = chartTable('zones', d, defs);
    expect(table.header[3]).toBe('patents_granted（件，2025） / patents_granted (%, 2025)');
    expect(table.rows).toEqual([['z', 'z', 'z', null]]);
  });
});
