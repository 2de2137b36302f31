import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 节假日安排 entered by the platform's operator for a year the pinned `chinese-days` data does not
 * cover yet (`kechuang calendar enter`). Platform-wide — the State Council's notice is national — and
 * read by every process at start and every few minutes. The package's data wins once it has the year.
 */
export const calendarYears = pgTable(
  'calendar_years',
  {
    year: integer('year').primaryKey(),
    holidays: date('holidays', { mode: 'string' }).array().notNull(),
    workdays: date('workdays', { mode: 'string' }).array().notNull(),
    /** The notice: its title or number (e.g. 国办发明电〔2026〕7号). */
    source: text('source').notNull(),
    enteredBy: text('entered_by').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('calendar_years_year', sql`${t.year} between 2000 and 2100`)],
);
