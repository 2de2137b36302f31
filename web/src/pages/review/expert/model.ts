import type { paths } from '../../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? Json<R[S]> : never) : never;

export type MyAssignment = Ok<'/api/v1/review/assignments', 'get', 200>[number];
export type ExpertSheet = Ok<'/api/v1/review/sheets/{id}', 'get', 200>;
export type Criterion = ExpertSheet['round']['criteria'][number];
export type SheetValues = { scores: Record<string, number>; comments: Record<string, string>; overallComment: string };

/** A score is on the criterion's scale in steps of 0.5 (the server checks the same). */
export const validScore = (v: number, max: number) => Number.isFinite(v) && v >= 0 && v <= max && Number.isInteger(v * 2);

/** The weighted total on 0–100 as the server computes it (Σ wᵢ·sᵢ/maxᵢ / Σ wᵢ × 100), or null until every criterion is scored. */
export function liveTotal(criteria: readonly Criterion[], scores: Record<string, number>): number | null {
  let sumW = 0;
  let acc = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (s === undefined || !validScore(s, c.scaleMax)) return null;
    sumW += c.weight;
    acc += (c.weight * s) / c.scaleMax;
  }
  return sumW ? Math.round((acc / sumW) * 10000) / 100 : null;
}

/** How long until the deadline, coarsely: days, else hours, else minutes; null once it passed. */
export function timeLeft(deadline: string, now: Date): { unit: 'days' | 'hours' | 'minutes'; count: number } | null {
  const ms = new Date(deadline).getTime() - now.getTime();
  if (ms <= 0) return null;
  if (ms >= 86_400_000) return { unit: 'days', count: Math.floor(ms / 86_400_000) };
  if (ms >= 3_600_000) return { unit: 'hours', count: Math.floor(ms / 3_600_000) };
  return { unit: 'minutes', count: Math.max(1, Math.floor(ms / 60_000)) };
}
