import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { FixedClock } from '../clock.ts';
import { AppError } from '../http/errors.ts';
import { CalendarYearsService } from './calendar.service.ts';
import { addWorkingDays, CalendarNotCoveredError, coveredYears, parseDateList, useEnteredYears } from './index.ts';

// A made-up arrangement for 2027 in the shape of a notice (not the real one).
const y2027 = {
  year: 2027,
  holidays: parseDateList('2027-01-01..2027-01-03,2027-02-05..2027-02-13,2027-10-01..2027-10-07').dates,
  workdays: parseDateList('2027-02-20,2027-09-26,2027-10-09').dates,
  source: '测试用安排（非真实通知）',
};

const clock = new FixedClock(new Date('2026-12-07T02:00:00Z'));
let env: TestEnv;
let svc: CalendarYearsService;
let tenants: string[];

beforeAll(async () => {
  env = await testEnv({ clock });
  tenants = [(await env.tenant()).id, (await env.tenant()).id];
  svc = new CalendarYearsService(env.services.database.db, clock);
});
afterAll(async () => {
  useEnteredYears([]);
  await env.close();
});

const trail = (tenantId: string) =>
  env.services.database.query<{ action: string; target_id: string; actor_label: string; summary: Record<string, unknown> }>(
    "select action, target_id, actor_label, summary from audit_events where tenant_id = $1 and target_type = 'calendar_year' order by chain_seq",
    [tenantId],
  );

describe('holiday arrangements entered by the operator', () => {
  it('a bad arrangement is refused with every problem and nothing is stored or audited', async () => {
    const err = await svc.enter({ ...y2027, year: 2028, workdays: ['2028-02-18'], source: '' }, 'system:cli:ops').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CALENDAR_ARRANGEMENT_INVALID', status: 400 });
    expect((err as AppError).errors!.map((e) => e.path)).toEqual(['year', 'holidays', 'workdays', 'holidays', 'source']);
    expect(await svc.list()).toEqual([]);
    expect(await trail(tenants[0]!)).toEqual([]);
    expect(() => addWorkingDays('2026-12-31', 5)).toThrow(CalendarNotCoveredError);
  });

  it('entering 2027 stores it, audits it in every tenant and puts it in force; a correction replaces it', async () => {
    const { row, replaced } = await svc.enter(y2027, 'system:cli:ops');
    expect(replaced).toBe(false);
    expect(row).toMatchObject({ year: 2027, source: y2027.source, enteredBy: 'system:cli:ops', enteredAt: clock.now() });
    expect(row.holidays).toEqual(y2027.holidays);
    expect(coveredYears().at(-1)).toBe(2027);
    expect(addWorkingDays('2026-12-31', 5)).toBe('2027-01-07');
    for (const t of tenants) {
      expect(await trail(t)).toEqual([
        { action: 'calendar.year_entered', target_id: '2027', actor_label: 'system:cli:ops', summary: { year: 2027, holidays: 19, workdays: 3, source: y2027.source, replaced: false } },
      ]);
    }
    // The notice is corrected: 4 January off as well.
    const again = await svc.enter({ ...y2027, holidays: [...y2027.holidays, '2027-01-04'] }, 'system:cli:ops');
    expect(again.replaced).toBe(true);
    expect(addWorkingDays('2026-12-31', 5)).toBe('2027-01-08');
    expect((await svc.list()).map((r) => r.year)).toEqual([2027]);
  });

  it('a fresh process loads what is stored; only the last year may be removed; removing it restores the refusal', async () => {
    await svc.enter({ year: 2028, holidays: ['2028-01-26', '2028-10-01'], workdays: [], source: '测试' }, 'system:cli:ops');
    useEnteredYears([]);
    expect(await svc.load()).toEqual({ used: [2027, 2028], skipped: [], covered: { first: 2004, last: 2028 } });
    await expect(svc.remove(2027, 'system:cli:ops')).rejects.toMatchObject({ code: 'CALENDAR_ARRANGEMENT_INVALID' });
    await expect(svc.remove(2030, 'system:cli:ops')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await svc.remove(2028, 'system:cli:ops');
    await svc.remove(2027, 'system:cli:ops');
    expect(coveredYears().at(-1)).toBe(2026);
    expect(() => addWorkingDays('2026-12-31', 5)).toThrow(CalendarNotCoveredError);
    expect((await trail(tenants[1]!)).map((e) => `${e.action} ${e.target_id}`)).toEqual([
      'calendar.year_entered 2027',
      'calendar.year_entered 2027',
      'calendar.year_entered 2028',
      'calendar.year_removed 2028',
      'calendar.year_removed 2027',
    ]);
  });
});
