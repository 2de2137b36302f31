import { describe, expect, it } from 'vitest';
import * as calendar from '../calendar/index.ts';
import { shanghaiDateTime } from './index.ts';

describe('shanghaiDateTime in exports', () => {
  it('writes the Shanghai wall-clock time, seconds precision, across the day and year boundary', () => {
    expect(shanghaiDateTime(new Date('2026-03-01T01:30:00.999Z'))).toBe('2026-03-01 09:30:00');
    expect(shanghaiDateTime(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30 23:59:59');
    expect(shanghaiDateTime(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01 00:00:00');
    expect(shanghaiDateTime(null)).toBeNull();
  });

  it('asks the tz database, as the calendar does, rather than adding eight hours (China kept DST until 1991)', () => {
    expect(shanghaiDateTime(new Date('1990-07-01T00:00:00Z'))).toBe('1990-07-01 09:00:00');
    expect(shanghaiDateTime).toBe(calendar.shanghaiDateTime);
  });

  it('agrees with the calendar date of the same instant', () => {
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 7 * 3600_000 + 13_000) {
      const at = new Date(t);
      expect(shanghaiDateTime(at).slice(0, 10)).toBe(calendar.shanghaiDate(at));
    }
  });
});
