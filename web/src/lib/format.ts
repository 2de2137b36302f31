import type { Lang } from '../api/client.ts';
import { dayEndText } from './dayEnd.ts';

export const TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, kind: 'dateTime' | 'date' | 'time' | 'dateTimeSeconds'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
    const base: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE };
    const opts: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { ...base, year: 'numeric', month: '2-digit', day: '2-digit' }
        : kind === 'time'
          ? { ...base, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : {
              ...base,
              year: 'numeric',
              month: '2-digit',
              day: '2-digit',
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
              ...(kind === 'dateTimeSeconds' ? { second: '2-digit' } : {}),
            };
    f = new Intl.DateTimeFormat(locale, opts);
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | Date): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time in Beijing time, e.g. 2026/03/01 14:05. */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang, seconds = false): string {
  if (value === null || value === undefined) return '';
  const d = toDate(value);
  return d ? formatter(lang, seconds ? 'dateTimeSeconds' : 'dateTime').format(d) : '';
}

/** The end of a period that runs to the end of a day, as a notice says it: "2026/12/01 24:00". */
export function formatDayEnd(exclusiveEnd: string | Date, lang: Lang): string {
  const d = toDate(exclusiveEnd);
  return d ? dayEndText(d, (x) => formatter(lang, 'date').format(x)) : '';
}

export function formatDate(value: string | Date | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '';
  const d = toDate(value);
  return d ? formatter(lang, 'date').format(d) : '';
}

/** Hour of the day in Beijing time (0–23). */
export function shanghaiHour(now: Date = new Date()): number {
  const h = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(now);
  return Number.parseInt(h, 10);
}

/** The instant at which a calendar day (YYYY-MM-DD, Beijing time) starts, as ISO 8601 with offset. */
export function shanghaiDayStart(day: string): string {
  return `${day}T00:00:00.000+08:00`;
}

export function shanghaiDayEnd(day: string): string {
  return `${day}T23:59:59.999+08:00`;
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN').format(n);
}

/** e.g. 2026年3月1日星期日 / Sunday 1 March 2026, for the calendar day in Beijing. */
export function formatLongDate(value: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TIME_ZONE, dateStyle: 'full' }).format(value);
}
