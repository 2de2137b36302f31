import { describe, expect, it } from 'vitest';
import { nextHousekeepingAt } from './housekeeping.ts';

describe('housekeeping schedule', () => {
  it('runs at 03:00 Beijing time (19:00 UTC), the next one after now', () => {
    expect(nextHousekeepingAt(new Date('2026-11-23T12:00:00Z')).toISOString()).toBe('2026-11-23T19:00:00.000Z');
    expect(nextHousekeepingAt(new Date('2026-11-23T19:00:00Z')).toISOString()).toBe('2026-11-24T19:00:00.000Z');
    expect(nextHousekeepingAt(new Date('2026-12-31T20:00:00Z')).toISOString()).toBe('2027-01-01T19:00:00.000Z');
  });
});
