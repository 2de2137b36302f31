// Pure helpers of the web app that the dashboard and the indicator form rely on. Needs no browser.
import { describe, expect, it } from 'vitest';
import { compareDecimal, decimalSign, formatDecimal, formatSigned, significantDecimals } from '../../web/src/lib/decimal.ts';
import { balancedColumns } from '../../web/src/lib/layout.ts';
import { dayEndText } from '../../web/src/lib/dayEnd.ts';
import { valueProblem } from '../../web/src/lib/officialValue.ts';
import { PAD, fitBounds } from '../../web/src/pages/dashboard/geometry.ts';
import { placeLabels, textWidth } from '../../web/src/pages/dashboard/labelPlacement.ts';

describe('decimal strings', () => {
  it('group thousands without going through a float', () => {
    expect(formatDecimal('1162.72')).toBe('1,162.72');
    expect(formatDecimal('12345678901234567.5')).toBe('12,345,678,901,234,567.5');
    expect(formatDecimal('-2971.90')).toBe('-2,971.90');
    expect(formatDecimal('379')).toBe('379');
    expect(formatDecimal('n/a')).toBe('n/a');
  });

  it('sign changes', () => {
    expect(formatSigned('1.12')).toBe('+1.12');
    expect(formatSigned('-1484')).toBe('−1,484');
    expect(formatSigned('0.00')).toBe('0.00');
    expect([decimalSign('-0.5'), decimalSign('0.0'), decimalSign('3')]).toEqual([-1, 0, 1]);
  });

  it('compare and count decimals as written', () => {
    expect(compareDecimal('100.00', '100')).toBe(0);
    expect(compareDecimal('100.01', '100')).toBe(1);
    expect(compareDecimal('99.999', '100')).toBe(-1);
    expect(compareDecimal('0012', '9')).toBe(1);
    expect(significantDecimals('12.500')).toBe(1);
    expect(significantDecimals('12')).toBe(0);
  });
});

describe('official value check (mirrors the server)', () => {
  const money = { scale: 2, unit: '万元' };
  const share = { scale: 1, unit: '%' };
  it('accepts plain non-negative decimals at the indicator’s scale', () => {
    expect(valueProblem('8373.50', money)).toBeNull();
    expect(valueProblem(' 8373.5 ', money)).toBeNull();
    expect(valueProblem('12.3000', money)).toBeNull();
    expect(valueProblem('100', share)).toBeNull();
  });
  it('names what is wrong', () => {
    expect(valueProblem('8,373.5', money)).toBe('format');
    expect(valueProblem('-1', money)).toBe('format');
    expect(valueProblem('1e3', money)).toBe('format');
    expect(valueProblem('1.234', money)).toBe('scale');
    expect(valueProblem('100.1', share)).toBe('percent');
  });
});

describe('dashboard layout', () => {
  it('spreads headline cards evenly over the rows', () => {
    expect(balancedColumns(1000, 7)).toBe(4); // 4 fit: 4 + 3
    expect(balancedColumns(1300, 6)).toBe(3); // 5 fit: 3 + 3 rather than 5 + 1
    expect(balancedColumns(700, 7)).toBe(3); // 3 fit: 3 + 3 + 1 is the best three rows allow
    expect(balancedColumns(200, 7)).toBe(1);
    expect(balancedColumns(0, 7)).toBeNull();
  });

  it('keeps the map’s proportions: the same pixels per kilometre on both axes', () => {
    const points = [
      { lng: 116.31, lat: 39.99 },
      { lng: 116.68, lat: 40.41 },
      { lng: 116.51, lat: 39.8 },
    ];
    for (const [w, h] of [
      [560, 400],
      [900, 320],
      [320, 460],
    ] as const) {
      const b = fitBounds(points, w, h);
      const k = Math.cos((((b.lat[0] + b.lat[1]) / 2) * Math.PI) / 180);
      const pxPerKmX = (w - 2 * PAD) / ((b.lng[1] - b.lng[0]) * k);
      const pxPerKmY = (h - 2 * PAD) / (b.lat[1] - b.lat[0]);
      expect(pxPerKmX / pxPerKmY).toBeCloseTo(1, 6);
      for (const p of points) {
        expect(p.lng).toBeGreaterThan(b.lng[0]);
        expect(p.lng).toBeLessThan(b.lng[1]);
        expect(p.lat).toBeGreaterThan(b.lat[0]);
        expect(p.lat).toBeLessThan(b.lat[1]);
      }
    }
  });

  it('puts labels of neighbouring dots on different sides, inside the frame', () => {
    const frame = { x: 0, y: 0, w: 400, h: 300 };
    const sides = placeLabels(
      [
        { x: 100, y: 150, r: 10, text: 'Life Valley' },
        { x: 100, y: 170, r: 10, text: 'Zhongguancun Life Science Park' },
        { x: 390, y: 20, r: 5, text: '怀柔科学城' },
      ],
      frame,
      140,
      12,
    );
    expect(sides[0]).not.toBe(sides[1]);
    expect(sides[2]).toBe('left'); // at the right edge, the label goes inwards
    expect(textWidth('怀柔', 12)).toBe(24);
  });
});

describe('dayEndText', () => {
  it('shows the exclusive end of a Beijing day as 24:00 of that day', () => {
    // The server's end of 1 December 2026 in Beijing: 2026-12-01T16:00:00Z (the first instant of 2 December).
    const beijingDate = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    expect(dayEndText(new Date('2026-12-01T16:00:00.000Z'), beijingDate)).toBe('2026/12/01 24:00');
  });
});
