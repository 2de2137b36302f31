import type { QualificationKind } from './registry.tables.ts';

/** Days before a qualification's end at which it is flagged as expiring. */
export const EXPIRY_WARNING_DAYS = 90;

export type QualificationStatus = 'valid' | 'expiring' | 'expired' | 'not_yet_valid';

/** Dates are calendar dates (YYYY-MM-DD) in Asia/Shanghai; a certificate is valid through its last day. */
export function qualificationStatus(q: { validFrom: string; validTo: string | null }, today: string): QualificationStatus {
  if (q.validFrom > today) return 'not_yet_valid';
  if (q.validTo === null) return 'valid';
  if (q.validTo < today) return 'expired';
  return daysBetween(today, q.validTo) <= EXPIRY_WARNING_DAYS ? 'expiring' : 'valid';
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400_000);
}

/** Today's date in Asia/Shanghai, as YYYY-MM-DD. */
/** The calendar date in Asia/Shanghai of an instant: the platform calendar's, one definition for every module. */
export { shanghaiDate } from '../../platform/calendar/index.ts';

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * 86400_000).toISOString().slice(0, 10);
}

/** Validity rules per kind: a listing or unicorn status has no end date; certificates do. */
export function validateQualification(q: { kind: QualificationKind; validFrom: string; validTo: string | null; exchange?: string | null; ticker?: string | null }): string | null {
  if (!isIsoDate(q.validFrom)) return 'validFrom must be a date YYYY-MM-DD';
  if (q.validTo !== null && !isIsoDate(q.validTo)) return 'validTo must be a date YYYY-MM-DD';
  if (q.validTo !== null && q.validTo < q.validFrom) return 'validTo is before validFrom';
  if (q.kind === 'listed' && (!q.exchange || !q.ticker)) return 'a listing needs its exchange and ticker';
  return null;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** GB/T 4754-2017 codes: a section letter, then 2–4 digits (C, C27, C271, C2710). */
export function isIndustryCode(code: string): boolean {
  return /^[A-T](\d{2}(\d{1,2})?)?$/.test(code);
}

/** ORCID iD with its ISO 7064 11,2 check digit. */
export function isOrcid(id: string): boolean {
  const m = /^(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$/.exec(id);
  if (!m) return false;
  const digits = id.replace(/-/g, '');
  let total = 0;
  for (let i = 0; i < 15; i++) total = (total + Number(digits[i])) * 2;
  const result = (12 - (total % 11)) % 11;
  const check = result === 10 ? 'X' : String(result);
  return digits[15] === check;
}
