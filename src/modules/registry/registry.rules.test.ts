import { describe, expect, it } from 'vitest';
import { addDays, isIndustryCode, isIsoDate, isOrcid, qualificationStatus, shanghaiDate, validateQualification } from './registry.rules.ts';

describe('qualification validity', () => {
  const today = '2026-11-23';
  it('is expiring within 90 days of its last day, expired after it', () => {
    expect(qualificationStatus({ validFrom: '2024-01-01', validTo: addDays(today, 90) }, today)).toBe('expiring');
    expect(qualificationStatus({ validFrom: '2024-01-01', validTo: addDays(today, 91) }, today)).toBe('valid');
    expect(qualificationStatus({ validFrom: '2024-01-01', validTo: today }, today)).toBe('expiring');
    expect(qualificationStatus({ validFrom: '2024-01-01', validTo: addDays(today, -1) }, today)).toBe('expired');
    expect(qualificationStatus({ validFrom: addDays(today, 1), validTo: null }, today)).toBe('not_yet_valid');
    expect(qualificationStatus({ validFrom: '2020-06-01', validTo: null }, today)).toBe('valid');
  });
  it('refuses an end before the start and a listing without ticker', () => {
    expect(validateQualification({ kind: 'high_tech', validFrom: '2025-01-01', validTo: '2024-12-31' })).toMatch(/before/);
    expect(validateQualification({ kind: 'listed', validFrom: '2021-12-15', validTo: null })).toMatch(/ticker/);
    expect(validateQualification({ kind: 'listed', validFrom: '2021-12-15', validTo: null, exchange: 'SSE STAR', ticker: '688235' })).toBeNull();
    expect(validateQualification({ kind: 'high_tech', validFrom: '2025-02-30', validTo: null })).toMatch(/date/);
  });
  it('uses the Shanghai calendar day', () => {
    expect(shanghaiDate(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(shanghaiDate(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
  });
});

describe('identifiers', () => {
  it('checks industry codes and dates', () => {
    expect(isIndustryCode('C2710')).toBe(true);
    expect(isIndustryCode('M73')).toBe(true);
    expect(isIndustryCode('C2')).toBe(false);
    expect(isIndustryCode('Z99')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
  });
  it('checks the ORCID check digit', () => {
    expect(isOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isOrcid('0000-0001-5109-3700')).toBe(true);
    expect(isOrcid('0000-0002-1694-233X')).toBe(true);
    expect(isOrcid('0000-0002-1825-0098')).toBe(false);
  });
});
