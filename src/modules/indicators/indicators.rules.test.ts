import { describe, expect, it } from 'vitest';
import {
  addFigureSums,
  addQualificationCounts,
  changeOf,
  checkOfficialValue,
  COMPUTED_FORMULAS,
  disclosable,
  divRoundHalfUp,
  emptyFigureSums,
  emptyQualificationCounts,
  fenToUnit,
  figureSumsOf,
  formatScaled,
  normalizeDecimal,
  parseDecimal,
  perTenThousand,
  qualificationCountsOf,
  rdIntensity,
  recomputeYears,
  referenceDate,
  rollUp,
  unitToFen,
  validOn,
  WHOLE,
} from './indicators.rules.ts';
import { csvField, toCsv } from './indicators.csv.ts';

describe('exact decimals', () => {
  it('parses and formats without floats', () => {
    expect(parseDecimal('6.25', 2)).toBe(625n);
    expect(parseDecimal('6.2500', 2)).toBe(625n);
    expect(parseDecimal('6.255', 2)).toBeNull();
    expect(parseDecimal('-0.5', 1)).toBe(-5n);
    expect(parseDecimal('1e3', 0)).toBeNull();
    expect(parseDecimal('', 0)).toBeNull();
    expect(formatScaled(625n, 2)).toBe('6.25');
    expect(formatScaled(5n, 3)).toBe('0.005');
    expect(formatScaled(-5n, 1)).toBe('-0.5');
    expect(formatScaled(269n, 0)).toBe('269');
    expect(normalizeDecimal('269.0000', 0)).toBe('269');
    expect(normalizeDecimal('6.2500', 2)).toBe('6.25');
    expect(normalizeDecimal('185.0', 1)).toBe('185.0');
  });
  it('rounds half away from zero', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(divRoundHalfUp(7n, 3n)).toBe(2n);
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('formulas, checked by hand', () => {
  it('R&D intensity = R&D expenditure / revenue × 100, two decimals; zero revenue gives null, not Infinity', () => {
    // 6,250,000 yuan of R&D on 100,000,000 yuan of revenue = 6.25 %
    expect(rdIntensity(625_000_000n, 10_000_000_000n)).toBe('6.25');
    // 1 / 3 = 33.333… % → 33.33; 2 / 3 = 66.666… % → 66.67
    expect(rdIntensity(1n, 3n)).toBe('33.33');
    expect(rdIntensity(2n, 3n)).toBe('66.67');
    // 0.125 % rounds half up to 0.13
    expect(rdIntensity(125n, 100_000n)).toBe('0.13');
    expect(rdIntensity(100n, 0n)).toBeNull();
    expect(rdIntensity(0n, 0n)).toBeNull();
    expect(rdIntensity(0n, 5n)).toBe('0.00');
    // beyond safe integers the arithmetic stays exact
    expect(rdIntensity(9_007_199_254_740_993n, 90_071_992_547_409_930n)).toBe('10.00');
  });

  it('R&D staff per 10,000 employees, one decimal, rounding half up', () => {
    // Beijing's 185 per 10,000
    expect(perTenThousand(185n, 10_000n)).toBe('185.0');
    // 1 of 3 employees = 3,333.333… → 3333.3; 2 of 3 → 6666.7
    expect(perTenThousand(1n, 3n)).toBe('3333.3');
    expect(perTenThousand(2n, 3n)).toBe('6666.7');
    // 7 of 1,600 = 43.75 → 43.8
    expect(perTenThousand(7n, 1600n)).toBe('43.8');
    expect(perTenThousand(5n, 0n)).toBeNull();
  });

  it('money: fen shown in 亿元 or 万元, and back to exact fen', () => {
    // 80 billion yuan = 800 亿元 = 8×10^12 fen
    expect(fenToUnit(8_000_000_000_000n, '亿元', 2)).toBe('800.00');
    expect(fenToUnit(123_456_789_012n, '亿元', 2)).toBe('12.35');
    // 83.73 million yuan = 8373 万元
    expect(fenToUnit(8_373_000_000n, '万元', 2)).toBe('8373.00');
    expect(unitToFen('8373.00', '万元')).toBe(8_373_000_000n);
    expect(unitToFen('0.000001', '万元')).toBe(1n);
    expect(unitToFen('0.0000001', '万元')).toBeNull();
    expect(() => fenToUnit(1n, '美元', 2)).toThrow();
  });

  it('change against the previous year: absolute at scale, percent with one decimal, null from zero', () => {
    expect(changeOf('6.50', '6.25', 2)).toEqual({ change: '0.25', changePercent: '4.0' });
    expect(changeOf('269', '300', 0)).toEqual({ change: '-31', changePercent: '-10.3' });
    expect(changeOf('5', '0', 0)).toEqual({ change: '5', changePercent: null });
    expect(changeOf('5', null, 0)).toEqual({ change: null, changePercent: null });
    expect(changeOf(null, '5', 0)).toEqual({ change: null, changePercent: null });
  });
});

describe('qualifications count for a year when valid on its 31 December, or today for the current year', () => {
  const today = '2025-06-15';
  it('reference dates', () => {
    expect(referenceDate(2024, today)).toBe('2024-12-31');
    expect(referenceDate(2025, today)).toBe('2025-06-15');
    expect(referenceDate(2026, today)).toBeNull();
  });
  it('validity is inclusive at both ends, open-ended without an end date', () => {
    expect(validOn({ validFrom: '2022-01-01', validTo: '2024-12-31' }, '2024-12-31')).toBe(true);
    expect(validOn({ validFrom: '2022-01-01', validTo: '2024-12-30' }, '2024-12-31')).toBe(false);
    expect(validOn({ validFrom: '2025-01-01', validTo: null }, '2024-12-31')).toBe(false);
    expect(validOn({ validFrom: '2024-12-31', validTo: null }, '2024-12-31')).toBe(true);
  });
  it('an organisation counts once per group, whatever number of qualifications it holds', () => {
    const quals = [
      { kind: 'srdi_municipal' as const, validFrom: '2023-03-01', validTo: '2026-02-28' },
      { kind: 'srdi_little_giant' as const, validFrom: '2024-07-01', validTo: '2027-06-30' },
      { kind: 'high_tech' as const, validFrom: '2021-12-01', validTo: '2024-11-30' },
    ];
    expect(qualificationCountsOf(quals, '2024-12-31')).toEqual({ enterprises_high_tech: 0, enterprises_srdi: 1, enterprises_unicorn: 0, enterprises_listed: 0 });
    expect(qualificationCountsOf(quals, '2023-12-31')).toEqual({ enterprises_high_tech: 1, enterprises_srdi: 1, enterprises_unicorn: 0, enterprises_listed: 0 });
  });
  it('years to recompute: those with figures and the last five', () => {
    expect(recomputeYears([2019, 2022, 2030], today)).toEqual([2019, 2021, 2022, 2023, 2024, 2025]);
    expect(recomputeYears([], today, 2023)).toEqual([2023]);
    expect(recomputeYears([], today, 2026)).toEqual([]);
  });
});

describe('figure sums per organisation', () => {
  const base = { type: 'enterprise', industryCode: 'C2761', revenueFen: 1000, rdExpenditureFen: 100, employees: 50, rdStaff: 10, patentsGranted: 3 };
  it('R&D intensity only from enterprises reporting both figures; staff from any organisation reporting both', () => {
    expect(figureSumsOf(base)).toMatchObject({ rdReporters: 1, rdExpenditureFen: 100n, revenueFen: 1000n, staffReporters: 1, patentReporters: 1, patentsGranted: 3n });
    expect(figureSumsOf({ ...base, rdExpenditureFen: null })).toMatchObject({ rdReporters: 0, revenueFen: 0n });
    const institute = figureSumsOf({ ...base, type: 'institute' });
    expect(institute).toMatchObject({ rdReporters: 0, staffReporters: 1, rdStaff: 10n });
    expect(figureSumsOf({ ...base, employees: null })).toMatchObject({ staffReporters: 0, employees: 0n });
    expect(figureSumsOf({ ...base, patentsGranted: null }).patentReporters).toBe(0);
  });
  it('industry output by GB/T 4754 prefix', () => {
    expect(figureSumsOf(base).industry.industry_output_pharma).toEqual({ reporters: 1, revenueFen: 1000n });
    expect(figureSumsOf({ ...base, industryCode: 'C3589' }).industry.industry_output_pharma.reporters).toBe(1);
    expect(figureSumsOf({ ...base, industryCode: 'C3973' }).industry.industry_output_pharma.reporters).toBe(0);
    expect(figureSumsOf({ ...base, industryCode: null }).industry.industry_output_pharma.reporters).toBe(0);
  });
});

describe('rolling up the zone tree', () => {
  // city → zone A → parks A1, A2; city → zone B; an organisation without a zone
  const zones = [
    { id: 'city', parentId: null },
    { id: 'A', parentId: 'city' },
    { id: 'A1', parentId: 'A' },
    { id: 'A2', parentId: 'A' },
    { id: 'B', parentId: 'city' },
  ];
  it('a zone holds its own organisations and its parks; the whole tenant holds every organisation', () => {
    const own = new Map<string | null, number>([
      ['A', 1],
      ['A1', 10],
      ['A2', 100],
      ['B', 1000],
      [null, 10000],
    ]);
    const t = rollUp(zones, own, () => 0, (a, b) => a + b);
    expect(Object.fromEntries(t)).toEqual({ city: 1111, A: 111, A1: 10, A2: 100, B: 1000, [WHOLE]: 11111 });
  });
  it('ratios are taken from rolled-up sums, not averaged', () => {
    const s1 = figureSumsOf({ type: 'enterprise', industryCode: null, revenueFen: 1000, rdExpenditureFen: 500, employees: null, rdStaff: null, patentsGranted: null });
    const s2 = figureSumsOf({ type: 'enterprise', industryCode: null, revenueFen: 9000, rdExpenditureFen: 0, employees: null, rdStaff: null, patentsGranted: null });
    const t = rollUp(
      zones,
      new Map([
        ['A1', s1],
        ['A2', s2],
      ]),
      emptyFigureSums,
      addFigureSums,
    );
    const f = COMPUTED_FORMULAS.rd_intensity!;
    // (500 + 0) / (1000 + 9000) = 5 %, where the average of 50 % and 0 % would say 25 %
    expect(f.compute({ figures: t.get('A') }, { unit: '%', scale: 2 })).toMatchObject({ value: '5.00', contributors: 2 });
    expect(f.compute({ figures: t.get('B') }, { unit: '%', scale: 2 })).toBeUndefined();
    const q = rollUp(zones, new Map([['A1', { ...emptyQualificationCounts(), enterprises_high_tech: 2 }]]), emptyQualificationCounts, addQualificationCounts);
    expect(COMPUTED_FORMULAS.enterprises_high_tech!.compute({ qualifications: q.get('city') }, { unit: '家', scale: 0 })).toMatchObject({ value: '2' });
    expect(COMPUTED_FORMULAS.enterprises_high_tech!.compute({ qualifications: q.get('B') }, { unit: '家', scale: 0 })).toMatchObject({ value: '0' });
  });
  it('refuses a cycle instead of looping', () => {
    expect(() =>
      rollUp(
        [
          { id: 'x', parentId: 'y' },
          { id: 'y', parentId: 'x' },
        ],
        new Map<string | null, number>(),
        () => 0,
        (a, b) => a + b,
      ),
    ).toThrow(/cycle/);
  });
});

describe('disclosure and official values', () => {
  it('withholds confidential values from fewer than three organisations', () => {
    expect(disclosable('rd_intensity', 2)).toBe(false);
    expect(disclosable('rd_intensity', 3)).toBe(true);
    expect(disclosable('industry_output_pharma', 1)).toBe(false);
    expect(disclosable('enterprises_high_tech', 1)).toBe(true);
    expect(disclosable('patents_granted', 1)).toBe(true);
    expect(disclosable('funds_disbursed', null)).toBe(true);
  });
  it('checks an official figure against its indicator', () => {
    const money = { valueType: 'money', unit: '万元', scale: 2 };
    expect(checkOfficialValue(money, '8373.00')).toEqual({ scaled: 837300n, amountFen: 8_373_000_000n });
    expect(checkOfficialValue(money, '8373.001')).toMatch(/decimal places/);
    expect(checkOfficialValue(money, '-1')).toMatch(/non-negative/);
    const share = { valueType: 'ratio', unit: '%', scale: 1 };
    expect(checkOfficialValue(share, '33.3')).toEqual({ scaled: 333n, amountFen: null });
    expect(checkOfficialValue(share, '100.1')).toMatch(/100%/);
  });
});

describe('CSV', () => {
  it('quotes, neutralises formulas, keeps numbers, starts with a BOM and ends lines with CRLF', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    const csv = toCsv({ header: ['年份 / Year', '数值 / Value'], rows: [[2024, '6.25']] });
    expect(csv).toBe('\uFEFF年份 / Year,数值 / Value\r\n2024,6.25\r\n');
  });
});
