// Pure helpers of the race pages (no API types, so the browser-test file can check them).

/** A review score kept in hundredths (0..10000) shown as 0.00..100.00. */
export function formatScore(centi: number | null): string {
  return centi === null ? '—' : (centi / 100).toFixed(2);
}

/** A YYYY-MM-DD calendar date that exists. */
export function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * Where a server field error belongs in a form: "body.gates.0.dueOn" or "gates/0/dueOn" → ['gates', 0, 'dueOn'].
 */
export function fieldPath(path: string): (string | number)[] {
  return path
    .replace(/^body[./]?/, '')
    .split(/[./]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
