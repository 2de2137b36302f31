// 统一社会信用代码 (GB 32100-2015), mirroring src/platform/auth/auth.rules.ts on the server:
// 18 characters over 31 symbols (no I, O, S, V, Z); the last is a check character computed
// from the first 17 with fixed weights, modulo 31.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check);
}

/** Normalise (trim, upper-case) and validate; returns the code or null when invalid. */
export function normalizeCreditCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return null;
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17) ? code : null;
}

export type CreditCodeProblem =
  | { kind: 'chars' }
  | { kind: 'length'; length: number }
  | { kind: 'check'; expected: string };

/** Why a (partly typed) code is not valid yet, for feedback as the user types; null when valid. */
export function creditCodeProblem(input: string): CreditCodeProblem | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]*$/.test(code)) return { kind: 'chars' };
  if (code.length !== 18) return { kind: 'length', length: code.length };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected === null) return { kind: 'chars' };
  return expected === code.charAt(17) ? null : { kind: 'check', expected };
}
