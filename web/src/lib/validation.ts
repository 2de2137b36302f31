/** Client-side mirrors of the server's rules, for feedback as the user types; the server decides. */

/** Passwords: at least 10 characters, letters and digits, at most 128 (as on the server). */
export function passwordChecks(password: string): { length: boolean; letters: boolean; digits: boolean } {
  return {
    length: password.length >= 10 && password.length <= 128,
    letters: /\p{L}/u.test(password),
    digits: /\d/.test(password),
  };
}

export function passwordAcceptable(password: string): boolean {
  const c = passwordChecks(password);
  return c.length && c.letters && c.digits;
}

export const MOBILE_PATTERN = /^(\+?86)?1[3-9][0-9]{9}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A sign-in identifier is an e-mail address or a mainland mobile number (optionally +86). */
export function identifierAcceptable(raw: string): boolean {
  const s = raw.trim();
  if (s.includes('@')) return EMAIL_PATTERN.test(s);
  const digits = s.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits);
}

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNextPath(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login')) return null;
  return next;
}
