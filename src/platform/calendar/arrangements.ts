import { packageLastYear, type CalendarDate, type EnteredYear } from './calendar.ts';

/**
 * Rules for a year's holiday arrangement entered by the platform's operator (`kechuang calendar
 * enter`) when the State Council has published the notice but the pinned `chinese-days` data does
 * not have it yet. Pure; the service stores what passes and puts it in force.
 */

export interface ArrangementProblem {
  field: 'year' | 'holidays' | 'workdays' | 'source';
  code: string;
  zh: string;
  en: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function dayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t / DAY_MS : null;
}

const fromDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * Dates as an operator types them from the notice: `2027-02-06..2027-02-14,2027-02-20` — single days
 * and inclusive ranges, comma- or space-separated. Sorted, without repeats; a bad part is an error
 * naming it. Ranges are at most 31 days (no holiday is longer; a longer one is a typo).
 */
export function parseDateList(text: string): { dates: CalendarDate[]; errors: string[] } {
  const out = new Set<number>();
  const errors: string[] = [];
  for (const part of text.split(/[\s,，、]+/).filter(Boolean)) {
    const [a, b, extra] = part.split('..');
    const from = a === undefined ? null : dayNumber(a);
    const to = b === undefined ? from : dayNumber(b);
    if (extra !== undefined || from === null || to === null) {
      errors.push(`"${part}" is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)`);
      continue;
    }
    if (to < from) {
      errors.push(`"${part}" ends before it begins`);
      continue;
    }
    if (to - from > 30) {
      errors.push(`"${part}" is longer than 31 days`);
      continue;
    }
    for (let d = from; d <= to; d++) out.add(d);
  }
  return { dates: [...out].sort((x, y) => x - y).map(fromDay), errors };
}

const problem = (field: ArrangementProblem['field'], code: string, zh: string, en: string): ArrangementProblem => ({ field, code, zh, en });

/**
 * What is wrong with an arrangement for `year`, given the years already entered (empty: fine).
 * - the year must be one the package lacks, and either replace an entered year or come right
 *   after the last known one (no gaps: a period is never counted across an unknown year);
 * - every date lies in that year and is a real date; no day is both off and worked;
 * - days declared working days (调休上班) are Saturdays or Sundays;
 * - it is a whole notice: the Spring Festival (a day off between 20 January and 20 February) and
 *   National Day (1 October off) are in it — the same test that decides which years the package covers;
 * - the source (the notice's title or number) is given.
 */
export function checkEnteredYear(input: EnteredYear & { source: string }, enteredYears: readonly number[]): ArrangementProblem[] {
  const out: ArrangementProblem[] = [];
  const { year } = input;
  const last = Math.max(packageLastYear(), ...enteredYears);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return [problem('year', 'year_invalid', '年份无效', 'not a valid year')];
  if (year <= packageLastYear()) out.push(problem('year', 'year_in_package', `${year} 年的安排已包含在内置日历数据中，无需录入`, `the built-in calendar data already has ${year}; nothing to enter`));
  else if (year > last + 1) out.push(problem('year', 'year_gap', `须先录入 ${last + 1} 年的安排（年份不能间断）`, `enter ${last + 1} first (years may not leave a gap)`));
  const inYear = (d: string) => d.startsWith(`${year}-`) && dayNumber(d) !== null;
  const outside = [...input.holidays, ...input.workdays].filter((d) => !inYear(d));
  if (outside.length) out.push(problem(input.holidays.some((d) => !inYear(d)) ? 'holidays' : 'workdays', 'date_outside_year', `日期不在 ${year} 年内：${outside.slice(0, 5).join('、')}`, `dates outside ${year}: ${outside.slice(0, 5).join(', ')}`));
  const both = input.holidays.filter((d) => input.workdays.includes(d));
  if (both.length) out.push(problem('workdays', 'date_both', `同一天既放假又上班：${both.join('、')}`, `a day both off and worked: ${both.join(', ')}`));
  const weekdays = input.workdays.filter((d) => {
    const n = dayNumber(d);
    if (n === null) return false;
    const w = new Date(n * DAY_MS).getUTCDay();
    return w !== 0 && w !== 6;
  });
  if (weekdays.length) out.push(problem('workdays', 'workday_not_weekend', `调休上班日须为周六或周日：${weekdays.join('、')}`, `declared working days must be Saturdays or Sundays: ${weekdays.join(', ')}`));
  const spring = input.holidays.some((d) => d >= `${year}-01-20` && d <= `${year}-02-20`);
  const national = input.holidays.includes(`${year}-10-01`);
  if (!spring || !national) out.push(problem('holidays', 'arrangement_incomplete', '放假安排不完整：须包含春节（1 月 20 日至 2 月 20 日之间）和国庆节（10 月 1 日）', 'incomplete arrangement: it must include the Spring Festival (a day off from 20 January to 20 February) and National Day (1 October)'));
  const source = input.source.trim();
  if (!source || source.length > 200) out.push(problem('source', 'source_required', '请填写依据（通知标题或文号，200 字以内）', 'give the source (the notice’s title or number, at most 200 characters)'));
  return out;
}
