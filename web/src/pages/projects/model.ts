import type { paths } from '../../api/schema';
import type { Me } from '../../api/types.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;

export type ProjectList = Get<'/api/v1/project-lists/{id}'>;
export type ProjectItem = Get<'/api/v1/project-lists/{id}/items'>['items'][number];
export type ProjectItemDetail = Get<'/api/v1/project-items/{id}'>;
export type Overview = Get<'/api/v1/projects/overview'>;
export type Gantt = Get<'/api/v1/project-lists/{id}/gantt'>;
export type Baseline = Get<'/api/v1/project-lists/{id}/baselines'>['items'][number];
export type Comparison = Get<'/api/v1/project-baselines/{id}/compare'>;
export type PublicList = Get<'/api/v1/public/project-lists/{slug}'>;
export type ItemQuery = NonNullable<paths['/api/v1/project-lists/{id}/items']['get']['parameters']['query']>;
export type ItemBody = NonNullable<paths['/api/v1/project-items/{id}']['put']['requestBody']>['content']['application/json'];
export type ImportOutcome = NonNullable<paths['/api/v1/project-lists/{id}/import']['post']['responses'][200]['content']['application/json']>;

export { STATUSES, STATUS_COLORS, STATUS_TAG, type Status } from './status.ts';
export const CATEGORIES = ['construction', 'platform', 'research', 'industry', 'talent', 'service'] as const;
export type Category = (typeof CATEGORIES)[number];
export const SORTS = ['code', '-code', 'status', 'endDate', '-endDate', '-overdue', 'nextDue'] as const;
export type Sort = (typeof SORTS)[number];


export const readsProjects = (me: Me) => me.user.roles.some((r) => r === 'officer' || r === 'admin' || r === 'auditor');

/** 万元 with up to 6 decimals, as the import takes it. */
export const WAN = /^\d{1,9}(\.\d{1,6})?$/;
export function fenToWan(fen: number): string {
  const whole = Math.floor(fen / 1_000_000);
  const frac = String(fen % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
export function wanToFen(s: string): number {
  const [w, f = ''] = s.split('.');
  return Number(w) * 1_000_000 + Number(f.padEnd(6, '0'));
}
