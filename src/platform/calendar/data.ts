import { createRequire } from 'node:module';

/**
 * The State Council's holiday arrangements (国务院办公厅关于部分节假日安排的通知), as maintained in the
 * `chinese-days` package (pinned in package.json). We read its data file, not its functions: those
 * parse dates in the process's local time zone and silently treat an unpublished year as plain
 * Monday–Friday, and a notice period must never be computed from a guess.
 */
interface RawData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function load(): RawData {
  const raw: unknown = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json');
  const ok = (v: unknown): v is Record<string, string> =>
    typeof v === 'object' && v !== null && Object.entries(v).every(([k, s]) => DATE_RE.test(k) && typeof s === 'string');
  if (typeof raw !== 'object' || raw === null) throw new Error('chinese-days: data file is not an object');
  const { holidays, workdays } = raw as Record<string, unknown>;
  if (!ok(holidays) || !ok(workdays)) throw new Error('chinese-days: unexpected data format (holidays/workdays)');
  return { holidays, workdays };
}

const data = load();

/** Days off that would otherwise be working days (public holidays and the weekdays swapped for them). */
export const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(data.holidays));
/** Weekend days declared working days (调休上班). */
export const ADJUSTED_WORKDAYS: ReadonlySet<string> = new Set(Object.keys(data.workdays));

/**
 * A year is covered when its notice has been published: every annual notice arranges the Spring
 * Festival and National Day, so a year with both in the data is one whose arrangement is known.
 * Coverage must be one unbroken range; anything else means the data changed shape and we refuse.
 */
function coverage(): { first: number; last: number } {
  const years = new Set<number>();
  const names = Object.entries(data.holidays);
  for (const [day, name] of names) {
    if (!name.includes('National Day')) continue;
    const year = day.slice(0, 4);
    if (names.some(([d, n]) => d.startsWith(year) && n.includes('Spring Festival'))) years.add(Number(year));
  }
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined || last - first + 1 !== sorted.length) {
    throw new Error(`chinese-days: covered years are not one unbroken range (${sorted.join(', ')})`);
  }
  return { first, last };
}

export const COVERAGE = coverage();
