import { afterEach, describe, expect, it } from 'vitest';
import { addWorkingDays, CalendarNotCoveredError, checkEnteredYear, coveredYears, isWorkingDay, packageLastYear, parseDateList, useEnteredYears, workingDaysBetween } from './index.ts';

// A made-up arrangement for 2027 in the shape of a State Council notice (not the real one): New Year
// 1–3 Jan off; Spring Festival 5–13 Feb off, Sat 20 Feb worked; National Day 1–7 Oct off, Sun 26 Sep
// and Sat 9 Oct worked.
const y2027 = {
  year: 2027,
  holidays: parseDateList('2027-01-01..2027-01-03, 2027-02-05..2027-02-13, 2027-10-01..2027-10-07').dates,
  workdays: parseDateList('2027-02-20,2027-09-26,2027-10-09').dates,
};

afterEach(() => {
  useEnteredYears([]);
});

describe('parseDateList', () => {
  it('reads days and inclusive ranges, separated by commas (also Chinese ones) or spaces; sorted, without repeats', () => {
    expect(parseDateList('2027-01-03，2027-01-01..2027-01-02 2027-01-02')).toEqual({ dates: ['2027-01-01', '2027-01-02', '2027-01-03'], errors: [] });
    expect(y2027.holidays).toHaveLength(3 + 9 + 7);
    expect(parseDateList('')).toEqual({ dates: [], errors: [] });
  });

  it('names every bad part: not a date, reversed, longer than 31 days', () => {
    expect(parseDateList('2027-02-30,2027-03-05..2027-03-01,2027-01-01..2027-03-01,x..y..z').errors).toEqual([
      '"2027-02-30" is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)',
      '"2027-03-05..2027-03-01" ends before it begins',
      '"2027-01-01..2027-03-01" is longer than 31 days',
      '"x..y..z" is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)',
    ]);
  });
});

describe('checkEnteredYear', () => {
  const ok = { ...y2027, source: '测试用安排' };
  it('accepts a whole arrangement for the year after the built-in data, and a correction of an entered year', () => {
    expect(packageLastYear()).toBe(2026);
    expect(checkEnteredYear(ok, [])).toEqual([]);
    expect(checkEnteredYear(ok, [2027])).toEqual([]);
    expect(checkEnteredYear({ ...ok, year: 2028, holidays: ['2028-01-26', '2028-10-01'], workdays: [] }, [2027])).toEqual([]);
  });

  it('refuses, each with its code: a year the package has, a gap, dates outside the year, a day both off and worked, a weekday "worked", an incomplete notice, no source', () => {
    const codes = (input: Parameters<typeof checkEnteredYear>[0], entered: number[] = []) => checkEnteredYear(input, entered).map((p) => p.code);
    expect(codes({ ...ok, year: 2026, holidays: ['2026-01-25', '2026-10-01'], workdays: [] })).toEqual(['year_in_package']);
    expect(codes({ ...ok, year: 2028, holidays: ['2028-01-26', '2028-10-01'], workdays: [] })).toEqual(['year_gap']);
    expect(codes({ ...ok, holidays: [...ok.holidays, '2026-12-31'] })).toEqual(['date_outside_year']);
    expect(codes({ ...ok, workdays: [...ok.workdays, '2027-02-13'] })).toEqual(['date_both']);
    expect(codes({ ...ok, workdays: ['2027-02-19'] })).toEqual(['workday_not_weekend']);
    expect(codes({ ...ok, holidays: ['2027-01-01', '2027-10-01'] })).toEqual(['arrangement_incomplete']);
    expect(codes({ ...ok, holidays: ['2027-02-06'] })).toEqual(['arrangement_incomplete']);
    expect(codes({ ...ok, source: '  ' })).toEqual(['source_required']);
    expect(codes({ ...ok, year: 1999 })).toEqual(['year_invalid']);
    const [p] = checkEnteredYear({ ...ok, workdays: ['2027-02-19'] }, []);
    expect(p).toMatchObject({ field: 'workdays', zh: '调休上班日须为周六或周日：2027-02-19', en: 'declared working days must be Saturdays or Sundays: 2027-02-19' });
  });
});

describe('entered years in force', () => {
  it('extend the covered years: a notice period counted from the end of 2026 into January 2027', () => {
    expect(() => addWorkingDays('2026-12-31', 5)).toThrow(CalendarNotCoveredError);
    expect(useEnteredYears([y2027])).toEqual({ used: [2027], skipped: [] });
    expect(coveredYears().at(-1)).toBe(2027);
    // Thu 31 Dec worked; 1–3 Jan off; Mon 4 … Thu 7 Jan.
    expect(addWorkingDays('2026-12-31', 5)).toBe('2027-01-07');
    expect(isWorkingDay('2027-02-20')).toBe(true); // a Saturday worked
    expect(isWorkingDay('2027-02-08')).toBe(false); // a Monday off
    expect(workingDaysBetween('2027-02-01', '2027-02-28')).toBe(20 - 6 + 1); // 20 weekdays, 6 of them off (5, 8–12 Feb), 1 Saturday worked
    try {
      isWorkingDay('2028-03-01');
    } catch (err) {
      expect(err).toMatchObject({ code: 'CALENDAR_NOT_COVERED', year: 2028, covered: { first: 2004, last: 2027 } });
    }
  });

  it('the built-in data wins for a year it has; a gap after the built-in data is refused; none entered restores the built-in range', () => {
    expect(useEnteredYears([{ year: 2026, holidays: ['2026-03-02'], workdays: [] }, y2027])).toEqual({ used: [2027], skipped: [2026] });
    expect(isWorkingDay('2026-03-02')).toBe(true);
    expect(() => useEnteredYears([{ ...y2027, year: 2028 }])).toThrow(RangeError);
    expect(coveredYears().at(-1)).toBe(2027);
    useEnteredYears([]);
    expect(coveredYears().at(-1)).toBe(2026);
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarNotCoveredError);
  });
});
