import { describe, expect, it } from 'vitest';
import { afterFailedLogin, creditCodeCheckChar, isLocked, normalizeCreditCode, parseIdentifier, passwordAcceptable, sessionState } from './auth.rules.ts';

describe('unified social credit code', () => {
  it('accepts real published codes', () => {
    // Codes published on the national enterprise credit information system.
    expect(normalizeCreditCode('91110000100017643K')).toBe('91110000100017643K');
    expect(normalizeCreditCode('91440300708461136T')).toBe('91440300708461136T');
    expect(normalizeCreditCode(' 91110108551385082q ')).toBe('91110108551385082Q');
  });
  it('refuses a wrong check character, wrong length and forbidden letters', () => {
    expect(normalizeCreditCode('91110000100017643L')).toBeNull();
    expect(normalizeCreditCode('9111000010001764')).toBeNull();
    expect(normalizeCreditCode('91110000I00017643K')).toBeNull();
    expect(normalizeCreditCode('')).toBeNull();
  });
  it('computes the check character modulo 31 (0 when the remainder is 0)', () => {
    expect(creditCodeCheckChar('91110000100017643')).toBe('K');
    expect(creditCodeCheckChar('too short')).toBeNull();
  });
});

describe('identifiers and passwords', () => {
  it('parses e-mail and mobile numbers', () => {
    expect(parseIdentifier('Admin@Example.CN')).toEqual({ kind: 'email', value: 'admin@example.cn' });
    expect(parseIdentifier('+86 138-0000-0001')).toEqual({ kind: 'mobile', value: '13800000001' });
    expect(parseIdentifier('12345')).toBeNull();
    expect(parseIdentifier('a@b')).toBeNull();
  });
  it('requires 10+ characters with letters and digits', () => {
    expect(passwordAcceptable('short1')).toBe(false);
    expect(passwordAcceptable('onlyletterslong')).toBe(false);
    expect(passwordAcceptable('1234567890')).toBe(false);
    expect(passwordAcceptable('科创平台密码2026ab')).toBe(true);
  });
});

describe('sessions and lock-out', () => {
  const t0 = new Date('2026-11-23T00:00:00Z');
  const s = { createdAt: t0, lastSeenAt: t0, expiresAt: new Date(t0.getTime() + 12 * 3600_000), revokedAt: null };
  it('expires on idleness, on absolute age and on revocation', () => {
    expect(sessionState(s, new Date(t0.getTime() + 29 * 60_000), 30)).toBe('valid');
    expect(sessionState(s, new Date(t0.getTime() + 30 * 60_000), 30)).toBe('idle');
    expect(sessionState({ ...s, lastSeenAt: new Date(t0.getTime() + 12 * 3600_000 - 1000) }, new Date(t0.getTime() + 12 * 3600_000), 30)).toBe('expired');
    expect(sessionState({ ...s, revokedAt: t0 }, t0, 30)).toBe('revoked');
  });
  it('locks after the threshold and counts from zero again', () => {
    let st = { failedLoginCount: 0, lockedUntil: null as Date | null };
    for (let i = 0; i < 4; i++) {
      const n = afterFailedLogin(st, t0, 5, 15);
      expect(n.lockedNow).toBe(false);
      st = n;
    }
    const locked = afterFailedLogin(st, t0, 5, 15);
    expect(locked.lockedNow).toBe(true);
    expect(isLocked(locked, new Date(t0.getTime() + 14 * 60_000))).toBe(true);
    expect(isLocked(locked, new Date(t0.getTime() + 15 * 60_000))).toBe(false);
  });
});
