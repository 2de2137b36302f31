/**
 * The end of a period that runs to the end of a day. The server sends the first instant of the next
 * day (exclusive); people read "1 December, 24:00", not "2 December, 00:00". `formatDate` formats a
 * date in the reader's language and Beijing time.
 */
export function dayEndText(exclusiveEnd: Date, formatDate: (d: Date) => string): string {
  return `${formatDate(new Date(exclusiveEnd.getTime() - 60_000))} 24:00`;
}
