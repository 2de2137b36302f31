import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../../platform/auth/auth.rules.ts';
import { cellText, DuplicateTracker, formatFen, mapHeader, parseCount, parseDate, parseKeywords, parseRow, parseYear, parseYuanToFen } from './rules.ts';

const code = (stem: string) => stem + creditCodeCheckChar(stem)!;
const A = code('91110108MA0000001');
const ctx = { today: '2026-05-01' };

describe('money in yuan → integer fen, exactly', () => {
  it.each([
    ['1234.5', 123450],
    ['1234.56', 123456],
    ['0.1', 10],
    ['0.29', 29],
    ['1,234,567.89', 123456789],
    ['¥1234', 123400],
    ['￥ 1234.00', 123400],
    ['１２３４.５', 123450],
    ['1234.500', 123450],
    ['0', 0],
    ['90071992547409.91', 9007199254740991],
  ])('%s → %i fen', (raw, fen) => {
    expect(parseYuanToFen(raw)).toEqual({ ok: true, value: fen });
  });

  it('never goes through floating point: 0.29 and 1.005-like values stay exact', () => {
    // 0.29 * 100 is 28.999999999999996 in floating point; the text parse gives 29.
    expect(parseYuanToFen('0.29')).toEqual({ ok: true, value: 29 });
    expect(parseYuanToFen('4.35')).toEqual({ ok: true, value: 435 });
    expect(parseYuanToFen('1.005')).toMatchObject({ ok: false, code: 'too_many_decimals' });
  });

  it.each([
    ['1e3', 'not_a_number'],
    ['-1', 'negative'],
    ['-0.5', 'negative'],
    ['1234.567', 'too_many_decimals'],
    ['12,34', 'not_a_number'],
    ['abc', 'not_a_number'],
    ['Infinity', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['1 000', 'not_a_number'],
    ['(100)', 'not_a_number'],
    ['90071992547409.92', 'too_large'],
  ])('%s is refused (%s)', (raw, code) => {
    expect(parseYuanToFen(raw)).toMatchObject({ ok: false, code });
  });

  it('formats fen back to yuan text', () => {
    expect(formatFen(123450)).toBe('1234.50');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(0)).toBe('0.00');
  });
});

describe('counts, years, dates, keywords', () => {
  it('counts are non-negative whole numbers', () => {
    expect(parseCount('120')).toEqual({ ok: true, value: 120 });
    expect(parseCount('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseCount('12.0')).toEqual({ ok: true, value: 12 });
    expect(parseCount('-1')).toMatchObject({ ok: false, code: 'negative' });
    expect(parseCount('1.5')).toMatchObject({ ok: false, code: 'not_integer' });
    expect(parseCount('1e3')).toMatchObject({ ok: false, code: 'not_a_number' });
    expect(parseCount('3000000000')).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('years run from 1949 to this year', () => {
    expect(parseYear('2024', ctx.today)).toEqual({ ok: true, value: 2024 });
    expect(parseYear('2024年', ctx.today)).toEqual({ ok: true, value: 2024 });
    expect(parseYear('2027', ctx.today)).toMatchObject({ ok: false, code: 'invalid_year', arg: 2026 });
    expect(parseYear('1948', ctx.today)).toMatchObject({ ok: false, code: 'invalid_year' });
  });

  it('dates in the usual Chinese spellings, and real calendar dates only', () => {
    for (const s of ['2024-01-31', '2024/1/31', '2024.01.31', '2024年1月31日', '20240131', '2024-01-31 00:00:00']) expect(parseDate(s)).toEqual({ ok: true, value: '2024-01-31' });
    expect(parseDate(new Date(Date.UTC(2024, 0, 31)))).toEqual({ ok: true, value: '2024-01-31' });
    for (const s of ['2024-02-30', '2023-02-29', '31/01/2024', '45321', 'tomorrow']) expect(parseDate(s)).toMatchObject({ ok: false, code: 'invalid_date' });
    expect(parseDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('keywords split on ; ； and 、, deduplicated', () => {
    expect(parseKeywords('人工智能;芯片、 算力；芯片')).toEqual({ ok: true, value: ['人工智能', '芯片', '算力'] });
    expect(parseKeywords(Array.from({ length: 31 }, (_, i) => `k${i}`).join(';'))).toMatchObject({ ok: false, code: 'too_many_keywords' });
  });

  it('cell text: numbers exact, a formula-guard apostrophe removed', () => {
    expect(cellText(1234.5)).toBe('1234.5');
    expect(cellText("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(cellText('  x  ')).toBe('x');
    expect(cellText(null)).toBe('');
  });
});

describe('header and rows', () => {
  it('accepts Chinese, English and alias headers, reports unknown columns and missing required ones', () => {
    const h = mapHeader('organizations', ['统一社会信用代码', 'nameZh', '机构类型', '备注', null, ' Website ']);
    expect(h.errors).toEqual([]);
    expect(h.columns.map((c) => c.spec.field)).toEqual(['creditCode', 'nameZh', 'type', 'website']);
    expect(h.ignored).toEqual(['备注']);
    const missing = mapHeader('figures', ['creditCode', '营业收入（元）']);
    expect(missing.errors).toEqual([expect.objectContaining({ row: 1, column: '年度', field: 'year', code: 'missing_column', zh: '缺少必需的列', en: 'a required column is missing' })]);
    // Half-width brackets and "revenue" in English match the same column.
    expect(mapHeader('figures', ['creditCode', 'year', '营业收入(元)', 'taxPaid']).columns.map((c) => c.spec.field)).toEqual(['creditCode', 'year', 'revenueFen', 'taxPaidFen']);
    expect(mapHeader('organizations', ['creditCode', '名称', '类型', 'nameZh']).errors[0]).toMatchObject({ code: 'duplicate_column', column: 'nameZh' });
  });

  it('reads a row: labels to codes, empty optional cells left out, each bad cell reported with row and column', () => {
    const h = mapHeader('organizations', ['统一社会信用代码', '名称', '类型', '成立日期', '网址', '重点领域', '关键词', '行业代码']);
    const good = parseRow('organizations', h, 2, [` ${A.toLowerCase()} `, '北京甲科技有限公司', '高校', '2015-03-01', '', '人工智能', '芯片;算力', 'c2710'], ctx);
    expect(good).toEqual({ row: 2, errors: [], key: A, values: { creditCode: A, nameZh: '北京甲科技有限公司', type: 'university', foundedOn: '2015-03-01', priorityField: 'ai', keywords: ['芯片', '算力'], industryCode: 'C2710' } });
    const bad = parseRow('organizations', h, 7, ['91110108MA00000010', '', '公司集团', '2099-01-01', 'ftp://x', '天文', '', 'Z99'], ctx);
    expect(bad.key).toBeNull();
    expect(bad.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, '统一社会信用代码', 'invalid_credit_code'],
      [7, '名称', 'required'],
      [7, '类型', 'unknown_org_type'],
      [7, '成立日期', 'future_date'],
      [7, '网址', 'invalid_url'],
      [7, '重点领域', 'unknown_priority_field'],
      [7, '行业代码', 'invalid_industry_code'],
    ]);
    expect(bad.errors[0]).toMatchObject({ zh: expect.stringContaining('统一社会信用代码无效'), en: expect.stringContaining('unified social credit code'), value: '91110108MA00000010' });
  });

  it('figures: yuan to fen, negative money refused', () => {
    const h = mapHeader('figures', ['统一社会信用代码', '年度', '营业收入（元）', '从业人员数']);
    expect(parseRow('figures', h, 2, [A, 2024, 1234.5, '12'], ctx)).toMatchObject({ errors: [], values: { year: 2024, revenueFen: 123450, employees: 12 }, key: `${A}|2024` });
    expect(parseRow('figures', h, 3, [A, '2024', '-100', '1e3'], ctx).errors.map((e) => [e.column, e.code])).toEqual([
      ['营业收入（元）', 'negative'],
      ['从业人员数', 'not_a_number'],
    ]);
  });

  it('the second row with the same natural key is a duplicate pointing at the first', () => {
    const h = mapHeader('qualifications', ['统一社会信用代码', '资质类型', '有效期起']);
    const dups = new DuplicateTracker();
    const rows = [
      parseRow('qualifications', h, 2, [A, '国家高新技术企业', '2024-01-01'], ctx),
      parseRow('qualifications', h, 3, [A, 'high_tech', '2024/1/1'], ctx),
      parseRow('qualifications', h, 4, [A, '科技型中小企业', '2024-01-01'], ctx),
    ];
    for (const r of rows) dups.check(h, r);
    expect(rows.map((r) => r.errors.map((e) => e.code))).toEqual([[], ['duplicate_in_file'], []]);
    expect(rows[1]!.errors[0]).toMatchObject({ row: 3, zh: '与第 2 行重复', en: 'duplicates row 2' });
  });
});
