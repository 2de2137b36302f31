import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  CalendarNotCoveredError,
  coveredYears,
  endOfShanghaiDay,
  isWorkingDay,
  shanghaiDate,
  startOfShanghaiDay,
  workingDayDeadline,
  workingDaysBetween,
} from './index.ts';

// Hand-checked against the State Council notices: 国务院办公厅关于2025年部分节假日安排的通知 (12 Nov 2024)
// and 关于2026年部分节假日安排的通知 (4 Nov 2025).

describe('coverage', () => {
  it('knows 2004 to 2026, one unbroken range, and refuses 2027 and 2003', () => {
    const years = coveredYears();
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(2026 - 2004 + 1);
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarNotCoveredError);
    expect(() => isWorkingDay('2003-06-02')).toThrow(CalendarNotCoveredError);
    try {
      isWorkingDay('2027-03-01');
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarNotCoveredError);
      expect(err).toMatchObject({ code: 'CALENDAR_NOT_COVERED', status: 409, year: 2027, covered: { first: 2004, last: 2026 } });
    }
  });

  it('refuses malformed dates and counts', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('2025-1-5')).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-03', 1.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('2025 Spring Festival: 28 Jan – 4 Feb off; Sunday 26 Jan and Saturday 8 Feb worked', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2025-01-27')).toBe(true); // Monday
    for (const d of ['2025-01-28', '2025-01-29', '2025-01-31', '2025-02-03', '2025-02-04']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-02-05')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2025-02-09')).toBe(false); // plain Sunday
  });

  it('2025 National Day and Mid-Autumn: 1–8 Oct off; Sunday 28 Sep and Saturday 11 Oct worked', () => {
    expect(isWorkingDay('2025-09-27')).toBe(false); // Saturday
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2025-09-30')).toBe(true);
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2025-10-0${d}`), `Oct ${d}`).toBe(false);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2025-10-12')).toBe(false);
  });

  it('2026 New Year, Spring Festival and National Day as the notice of 4 Nov 2025 has them', () => {
    expect(isWorkingDay('2026-01-02')).toBe(false); // Friday, 元旦
    expect(isWorkingDay('2026-01-04')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休上班
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday, 调休上班
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`), `Oct ${d}`).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班
  });
});

describe('addWorkingDays', () => {
  it('counts the start day when it is a working day (公示 convention)', () => {
    expect(addWorkingDays('2025-03-03', 5)).toBe('2025-03-07'); // Mon → Fri
    expect(addWorkingDays('2025-03-03', 1)).toBe('2025-03-03');
    expect(addWorkingDays('2025-03-05', 5)).toBe('2025-03-11'); // Wed → next Tue
  });

  it('n = 0 returns the start unchanged', () => {
    expect(addWorkingDays('2025-03-03', 0)).toBe('2025-03-03');
    expect(addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
  });

  it('a notice starting on a holiday begins on the next working day and counts adjusted Saturdays', () => {
    // 9, 10 Oct (Thu, Fri), 11 Oct (Sat, worked), 13, 14 Oct.
    expect(addWorkingDays('2025-10-01', 5)).toBe('2025-10-14');
    // 2026 Spring Festival: 24, 25, 26, 27 Feb, 28 Feb (Sat, worked).
    expect(addWorkingDays('2026-02-15', 5)).toBe('2026-02-28');
  });

  it('runs across National Day: published Tuesday 30 Sep 2025, 7 working days', () => {
    // 30 Sep, 9, 10, 11 (Sat), 13, 14, 15 Oct.
    expect(addWorkingDays('2025-09-30', 7)).toBe('2025-10-15');
  });

  it('crosses the year end into the next year’s New Year holiday', () => {
    // 29, 30, 31 Dec 2025; 1–3 Jan 2026 off; 4 Jan (Sun, worked), 5 Jan.
    expect(addWorkingDays('2025-12-29', 5)).toBe('2026-01-05');
  });

  it('refuses to count into a year without a published arrangement', () => {
    expect(addWorkingDays('2026-12-28', 4)).toBe('2026-12-31');
    expect(() => addWorkingDays('2026-12-28', 5)).toThrow(CalendarNotCoveredError);
  });
});

describe('workingDaysBetween', () => {
  it('counts both ends and inverts addWorkingDays', () => {
    expect(workingDaysBetween('2025-03-03', '2025-03-07')).toBe(5);
    expect(workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-09-28', '2025-10-11')).toBe(6); // 28 (Sun), 29, 30 Sep, 9, 10, 11 (Sat) Oct
  });

  it('is 0 when b is before a, and refuses uncovered years', () => {
    expect(workingDaysBetween('2025-03-07', '2025-03-03')).toBe(0);
    expect(() => workingDaysBetween('2026-12-01', '2027-01-10')).toThrow(CalendarNotCoveredError);
  });

  it('agrees with addWorkingDays for every start in 2025 and n up to 10', () => {
    for (let day = Date.UTC(2025, 0, 1); day < Date.UTC(2026, 0, 1); day += 86_400_000) {
      const start = new Date(day).toISOString().slice(0, 10);
      for (const n of [1, 5, 7, 10]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });
});

describe('Shanghai days', () => {
  it('maps UTC instants to the Shanghai calendar date (UTC+8, no DST)', () => {
    expect(shanghaiDate(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(shanghaiDate(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(shanghaiDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2026-07-01T03:00:00Z'))).toBe('2026-07-01');
  });

  it('gives the first instant of a day and of the next one (the exclusive end)', () => {
    expect(startOfShanghaiDay('2025-10-14').toISOString()).toBe('2025-10-13T16:00:00.000Z');
    expect(endOfShanghaiDay('2025-10-14').toISOString()).toBe('2025-10-14T16:00:00.000Z');
    expect(endOfShanghaiDay('2025-12-31').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(startOfShanghaiDay('1990-07-01').toISOString()).toBe('1990-06-30T15:00:00.000Z'); // China kept DST until 1991
  });

  it('workingDayDeadline: a result published on the evening of 30 Sep 2025 (Shanghai) with 5 working days', () => {
    const published = new Date('2025-09-30T12:00:00Z'); // 20:00 in Beijing
    // 30 Sep, 9, 10, 11, 13 Oct → ends at midnight starting 14 Oct, Beijing time.
    expect(workingDayDeadline(published, 5).toISOString()).toBe('2025-10-13T16:00:00.000Z');
    // Published at 01:00 Beijing on 1 Oct (still 30 Sep in UTC): counting starts on 9 Oct.
    expect(workingDayDeadline(new Date('2025-09-30T17:00:00Z'), 5).toISOString()).toBe('2025-10-14T16:00:00.000Z');
  });
});
