// Reading list state from the address bar: every value comes from the user, so each is checked.

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A positive integer parameter, capped at `max`; `fallback` when absent or not one. */
export function positive(v: string | null, fallback: number, max: number): number {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : fallback;
}

/** The parameter when it is one of `allowed`, else undefined. */
export function oneOf<T extends string>(v: string | null, allowed: readonly T[]): T | undefined {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}
