import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../clock.ts';
import { tenants } from '../auth/auth.tables.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { AuditEventMap } from '../audit/events.ts';
import { AppError } from '../http/errors.ts';
import { checkEnteredYear } from './arrangements.ts';
import { coveredYears, packageLastYear, useEnteredYears, type EnteredYear } from './calendar.ts';
import { calendarYears } from './calendar.tables.ts';

export type CalendarYearRow = typeof calendarYears.$inferSelect;

/** How often a running server re-reads the entered years, so `kechuang calendar enter` needs no restart. */
export const CALENDAR_RELOAD_MS = 5 * 60_000;

/**
 * The holiday arrangements the operator entered (calendar.tables.ts): stored, checked, audited in
 * every tenant's trail (a national calendar moves every tenant's deadlines), and put in force in
 * this process. Other processes pick them up with their next reload.
 */
export class CalendarYearsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(db: Db = this.db): Promise<CalendarYearRow[]> {
    return db.select().from(calendarYears).orderBy(asc(calendarYears.year));
  }

  /** Reads the entered years and puts them in force; years the package has since gained are skipped. */
  async load(): Promise<{ used: number[]; skipped: number[]; covered: { first: number; last: number } }> {
    const rows = await this.list();
    const last = packageLastYear();
    // Only the run that follows the package without a gap can be used; a later year after a gap waits.
    const run: CalendarYearRow[] = [];
    for (const r of rows) if (r.year > last && r.year === last + 1 + run.length) run.push(r);
    const { used } = useEnteredYears(run);
    const years = coveredYears();
    return { used, skipped: rows.filter((r) => !used.includes(r.year)).map((r) => r.year), covered: { first: years[0]!, last: years.at(-1)! } };
  }

  /** Enters (or replaces) one year's arrangement. Refused with every problem at once, nothing stored. */
  async enter(input: EnteredYear & { source: string }, enteredBy: string): Promise<{ row: CalendarYearRow; replaced: boolean }> {
    const result = await inTransaction(this.db, async (tx) => {
      // One writer at a time: the gap rule reads the other years.
      await tx.execute(sql`lock table ${calendarYears} in exclusive mode`);
      const stored = await this.list(tx);
      const problems = checkEnteredYear(input, stored.map((r) => r.year));
      if (problems.length) {
        throw new AppError(
          'CALENDAR_ARRANGEMENT_INVALID',
          problems.map((p) => p.en).join('; '),
          problems.map((p) => ({ path: p.field, message: `${p.en} (${p.zh})` })),
        );
      }
      const replaced = stored.some((r) => r.year === input.year);
      const values = { year: input.year, holidays: [...input.holidays], workdays: [...input.workdays], source: input.source.trim(), enteredBy, enteredAt: this.clock.now() };
      const [row] = await tx.insert(calendarYears).values(values).onConflictDoUpdate({ target: calendarYears.year, set: values }).returning();
      await this.auditAll(tx, enteredBy, 'calendar.year_entered', String(input.year), {
        year: input.year,
        holidays: input.holidays.length,
        workdays: input.workdays.length,
        source: values.source,
        replaced,
      });
      return { row: row!, replaced };
    });
    await this.load();
    return result;
  }

  /** Removes an entered year: only the last one, so no gap opens. */
  async remove(year: number, removedBy: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.execute(sql`lock table ${calendarYears} in exclusive mode`);
      const stored = await this.list(tx);
      const row = stored.find((r) => r.year === year);
      if (!row) throw new AppError('NOT_FOUND', `no entered arrangement for ${year}`);
      const last = stored.at(-1)!.year;
      if (year !== last) {
        throw new AppError('CALENDAR_ARRANGEMENT_INVALID', `remove ${last} first: removing ${year} would leave a gap`, [
          { path: 'year', message: `remove ${last} first: removing ${year} would leave a gap (须先删除 ${last} 年，年份不能间断)` },
        ]);
      }
      await tx.delete(calendarYears).where(eq(calendarYears.year, year));
      await this.auditAll(tx, removedBy, 'calendar.year_removed', String(year), { year, source: row.source });
    });
    await this.load();
  }

  private async auditAll<A extends 'calendar.year_entered' | 'calendar.year_removed'>(tx: Db, by: string, action: A, targetId: string, summary: AuditEventMap[A]) {
    for (const t of await tx.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.createdAt))) {
      await appendAudit(tx, { tenantId: t.id, actorUserId: null, actorLabel: by, requestId: null }, { action, targetType: 'calendar_year', targetId, summary });
    }
  }
}
