import type { paths } from '../../api/schema';
import { ApiError, type Lang } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } }
  ? T
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer T } } } }
    ? T
    : never;

export type Round = Ok<'/api/v1/review-rounds/{id}', 'get'>;
export type RoundStatus = Round['status'];
export type Criterion = Round['criteria'][number];
export type RoundPatch = NonNullable<paths['/api/v1/review-rounds/{id}']['patch']['requestBody']>['content']['application/json'];
export type PanelMember = Ok<'/api/v1/review-rounds/{id}/panel', 'get'>['items'][number];
export type Draw = Ok<'/api/v1/review-rounds/{id}/draws/{drawId}', 'get'>;
export type DrawVerification = Ok<'/api/v1/review-rounds/{id}/draws/{drawId}/verify', 'post'>;
export type Assignments = Ok<'/api/v1/review-rounds/{id}/assignments', 'get'>;
export type AffinityMatrix = Ok<'/api/v1/review-rounds/{id}/affinity', 'get'>;
export type AffinityExplain = Ok<'/api/v1/review-rounds/{id}/affinity/{itemId}/{expertId}', 'get'>;

export const ROUND_STATUSES: readonly RoundStatus[] = ['draft', 'open', 'closed', 'adopted', 'cancelled'];
export const STATUS_COLORS: Record<RoundStatus, string> = { draft: 'default', open: 'processing', closed: 'warning', adopted: 'success', cancelled: 'error' };

/** Officers and admins run rounds; auditors read them (src/modules/review/review.policy.ts). */
export function readsReviews(me: Me): boolean {
  return me.user.roles.some((r) => r === 'officer' || r === 'admin' || r === 'auditor');
}

/** The server's field errors in the current language (the rule's Chinese where it gives one). */
export function fieldErrors(err: unknown, lang: Lang): { path: string; text: string }[] {
  if (!(err instanceof ApiError)) return [];
  return err.fieldErrors.map((e) => ({ path: e.path, text: lang === 'en' ? e.message : (e.zh ?? e.message) }));
}

/** Affinity 0–1 shown as a percentage with one decimal. */
export function pct(score: number): string {
  return `${(score * 100).toFixed(1)}%`;
}

export const DEFAULT_CRITERION: Criterion = { key: '', nameZh: '', nameEn: '', weight: 10, scaleMax: 10, commentRequired: false };
