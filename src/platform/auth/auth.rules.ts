import { createHmac, randomBytes } from 'node:crypto';
import type { Role } from './auth.tables.ts';

// 统一社会信用代码 (GB 32100-2015): 18 characters over 31 symbols (no I, O, S, V, Z),
// the last a check character computed from the first 17 with fixed weights, modulo 31.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check]!;
}

/** Normalise (trim, upper-case) and validate; returns the code or null when invalid. */
export function normalizeCreditCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return null;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? code : null;
}

export function isValidCreditCode(input: string): boolean {
  return normalizeCreditCode(input) !== null;
}

/** Passwords: at least 10 characters, letters and digits, at most 128 (argon2 input bound). */
export function passwordAcceptable(password: string): boolean {
  return password.length >= 10 && password.length <= 128 && /\p{L}/u.test(password) && /\d/.test(password);
}

export type Identifier = { kind: 'email'; value: string } | { kind: 'mobile'; value: string };

/** A sign-in identifier is an e-mail address or a mainland mobile number (optionally +86). */
export function parseIdentifier(raw: string): Identifier | null {
  const s = raw.trim();
  if (s.includes('@')) {
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? { kind: 'email', value: s.toLowerCase() } : null;
  }
  const digits = s.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? { kind: 'mobile', value: digits } : null;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** A session is valid until revoked, idle for too long, or past its absolute expiry. */
export function sessionState(s: SessionTimes, now: Date, idleMinutes: number): 'valid' | 'revoked' | 'idle' | 'expired' {
  if (s.revokedAt) return 'revoked';
  if (now.getTime() >= s.expiresAt.getTime()) return 'expired';
  if (now.getTime() - s.lastSeenAt.getTime() >= idleMinutes * 60_000) return 'idle';
  return 'valid';
}

export interface LockoutState {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export function isLocked(u: LockoutState, now: Date): boolean {
  return u.lockedUntil !== null && u.lockedUntil.getTime() > now.getTime();
}

/** After a failed attempt: count it, and lock for `minutes` when the threshold is reached. */
export function afterFailedLogin(u: LockoutState, now: Date, threshold: number, minutes: number): LockoutState & { lockedNow: boolean } {
  const count = u.failedLoginCount + 1;
  if (count >= threshold) {
    return { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + minutes * 60_000), lockedNow: true };
  }
  return { failedLoginCount: count, lockedUntil: u.lockedUntil, lockedNow: false };
}

/** Which roles may see which parts of the web app; the server checks every endpoint itself. */
export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin/users',
  officer: '/',
  applicant: '/',
  expert: '/',
  facility_manager: '/',
  auditor: '/audit',
};
