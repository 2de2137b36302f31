import { AppError } from '../http/errors.ts';
import { ADJUSTED_WORKDAYS, COVERAGE, HOLIDAYS } from './data.ts';

/**
 * Chinese working days (工作日): Monday to Friday, minus public holidays and the weekdays given off
 * with them, plus the weekend days declared working days (调休上班), as the State Council publishes
 * them each year. See docs/calendar.md for the conventions.
 */

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type CalendarDate = string;

export const TIME_ZONE = 'Asia/Shanghai';

/**
 * A year's arrangement entered by the platform's operator from the State Council's notice, for a
 * year the pinned `chinese-days` data does not have yet (see arrangements.ts and docs/calendar.md).
 */
export interface EnteredYear {
  year: number;
  /** Days off that would otherwise be working days. */
  holidays: readonly CalendarDate[];
  /** Weekend days declared working days (调休上班). */
  workdays: readonly CalendarDate[];
}

/** The entered years in force, consecutive from the year after the package's last. */
let entered: { last: number; holidays: Set<string>; workdays: Set<string> } = { last: COVERAGE.last, holidays: new Set(), workdays: new Set() };

/** The years whose arrangement is known: the package's, then the entered ones. */
function covered(): { first: number; last: number } {
  return { first: COVERAGE.first, last: entered.last };
}

/**
 * Puts entered years in force, replacing those in force before. Years the package covers are
 * skipped (the package, updated from the notices, wins); the rest must run on without a gap from
 * the package's last year, so a period can never be counted across an unknown year. Returns the
 * years used and the years skipped. Checked with checkEnteredYear (arrangements.ts) before they
 * are stored; here only the gap is refused again.
 */
export function useEnteredYears(years: readonly EnteredYear[]): { used: number[]; skipped: number[] } {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const skipped = sorted.filter((y) => y.year <= COVERAGE.last).map((y) => y.year);
  const rest = sorted.filter((y) => y.year > COVERAGE.last);
  rest.forEach((y, i) => {
    if (y.year !== COVERAGE.last + 1 + i) throw new RangeError(`entered calendar years must follow ${COVERAGE.last} without a gap; got ${rest.map((r) => r.year).join(', ')}`);
  });
  entered = {
    last: COVERAGE.last + rest.length,
    holidays: new Set(rest.flatMap((y) => y.holidays)),
    workdays: new Set(rest.flatMap((y) => y.workdays)),
  };
  return { used: rest.map((y) => y.year), skipped };
}

/** The last year of the pinned package's data (entered years may follow it). */
export function packageLastYear(): number {
  return COVERAGE.last;
}

/** A date outside the years whose holiday arrangement is known: refused rather than guessed. */
export class CalendarNotCoveredError extends AppError {
  readonly year: number;
  readonly covered: { first: number; last: number };
  constructor(year: number) {
    const c = covered();
    super('CALENDAR_NOT_COVERED', `no published holiday arrangement for ${year}; the working-day calendar covers ${c.first}–${c.last}`);
    this.name = 'CalendarNotCoveredError';
    this.year = year;
    this.covered = c;
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`; RangeError otherwise (a programming error, not user input). */
function dayNumber(date: CalendarDate): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function fromDayNumber(n: number): CalendarDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function checkCovered(date: CalendarDate): void {
  const year = Number(date.slice(0, 4));
  if (year < COVERAGE.first || year > entered.last) throw new CalendarNotCoveredError(year);
}

function workingDay(n: number): boolean {
  const date = fromDayNumber(n);
  checkCovered(date);
  if (ADJUSTED_WORKDAYS.has(date) || entered.workdays.has(date)) return true;
  if (HOLIDAYS.has(date) || entered.holidays.has(date)) return false;
  const weekday = new Date(n * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The years whose holiday arrangement is known, oldest first (the pinned `chinese-days` data, then entered years). */
export function coveredYears(): number[] {
  const out: number[] = [];
  for (let y = COVERAGE.first; y <= entered.last; y++) out.push(y);
  return out;
}

/** Whether `date` is a working day. Throws CalendarNotCoveredError outside the covered years. */
export function isWorkingDay(date: CalendarDate): boolean {
  return workingDay(dayNumber(date));
}

/**
 * The last day of a period of `n` working days that begins on `start`, counting `start` itself when
 * it is a working day (公示期 convention: published on Monday 3 March, a 5-working-day notice runs
 * to Friday 7 March inclusive). A period starting on a holiday or weekend begins on the next working
 * day. `n = 0` returns `start` unchanged. Throws CalendarNotCoveredError when the count reaches a year
 * without a published arrangement, RangeError for a negative or fractional `n`.
 */
export function addWorkingDays(start: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let day = dayNumber(start);
  if (n === 0) return start;
  let counted = 0;
  for (;;) {
    if (workingDay(day)) {
      counted++;
      if (counted === n) return fromDayNumber(day);
    }
    day++;
  }
}

/**
 * The number of working days from `a` to `b`, both included; 0 when `b` is before `a`. The inverse
 * of addWorkingDays: `workingDaysBetween(d, addWorkingDays(d, n)) === n` for n ≥ 1.
 */
export function workingDaysBetween(a: CalendarDate, b: CalendarDate): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  if (to < from) return 0;
  checkCovered(a);
  checkCovered(b);
  let count = 0;
  for (let d = from; d <= to; d++) if (workingDay(d)) count++;
  return count;
}

/** `date` plus `days` calendar days (negative allowed). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
export function calendarDaysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** `date` plus whole months; a day past the end of the target month becomes its last day (31 Jan + 1 → 28 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  dayNumber(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const dateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Wall-clock time in Shanghai of an instant, read as if it were UTC (ms). */
function wallClockMs(instant: number): number {
  const parts = dateParts.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((x) => x.type === type)?.value ?? NaN);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + ((instant % 1000) + 1000) % 1000;
}

/** The calendar date in Asia/Shanghai of a UTC instant. */
export function shanghaiDate(instant: Date): CalendarDate {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return new Date(wallClockMs(t)).toISOString().slice(0, 10);
}

/**
 * An instant as people in the innovation center read it, "2026-03-01 09:30:00" (Asia/Shanghai, seconds
 * precision); null stays null, for optional columns of exports.
 */
export function shanghaiDateTime(instant: Date): string;
export function shanghaiDateTime(instant: Date | null): string | null;
export function shanghaiDateTime(instant: Date | null): string | null {
  if (!instant) return null;
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return new Date(wallClockMs(t)).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The instant (UTC) at which `date` begins in Asia/Shanghai. The offset is asked of Intl (the tz
 * database) rather than hard-coded as +08:00, though Shanghai has kept +08:00 without DST since 1991.
 */
export function startOfShanghaiDay(date: CalendarDate): Date {
  const midnightAsUtc = dayNumber(date) * DAY_MS;
  let guess = midnightAsUtc - (wallClockMs(midnightAsUtc) - midnightAsUtc);
  // A second pass settles the rare case where the offset differs between the guess and the answer.
  guess = midnightAsUtc - (wallClockMs(guess) - guess);
  return new Date(guess);
}

/**
 * The end of `date` in Asia/Shanghai: the first instant of the next day (exclusive). A deadline "at
 * the end of D" has passed when `now >= endOfShanghaiDay(D)`.
 */
export function endOfShanghaiDay(date: CalendarDate): Date {
  return startOfShanghaiDay(addCalendarDays(date, 1));
}

/**
 * When a period of `n` working days that begins at `from` (e.g. the moment a result is published)
 * ends: the end of its last working day in Shanghai. `n` ≥ 1.
 */
export function workingDayDeadline(from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  return endOfShanghaiDay(addWorkingDays(shanghaiDate(from), n));
}
