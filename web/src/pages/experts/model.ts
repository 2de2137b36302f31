import type { paths } from '../../api/schema';
import type { Me } from '../../api/types.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Expert = Json<paths['/api/v1/experts/{id}']['get']['responses'][200]>;
export type ExpertSummary = Json<paths['/api/v1/experts']['get']['responses'][200]>['items'][number];
export type ExpertBody = paths['/api/v1/experts']['post']['requestBody']['content']['application/json'];
export type ExpertQuery = NonNullable<paths['/api/v1/experts']['get']['parameters']['query']>;
export type ExpertSort = NonNullable<ExpertQuery['sort']>;
export type Availability = Expert['availability'];
export type DeclarationKind = Expert['declarations'][number]['kind'];
export type Conflict = Json<paths['/api/v1/experts/{id}/conflicts']['get']['responses'][200]>['items'][number];
export type ConflictKind = Conflict['kind'];
export type ConflictStatus = Conflict['status'];
export type ImportResult = Json<paths['/api/v1/experts/imports']['post']['responses'][200]>;
export type ImportRowError = ImportResult['errors'][number];
export type ImportChange = ImportResult['changes'][number];

export const EXPERT_SORTS = ['name', '-name', 'organization', '-organization', 'maxLoad', '-maxLoad', 'updated', '-updated'] as const satisfies readonly ExpertSort[];
export const AVAILABILITIES = ['available', 'unavailable'] as const satisfies readonly Availability[];
export const DECLARATION_KINDS = ['advisor', 'student', 'family', 'other'] as const satisfies readonly DeclarationKind[];
export const CONFLICT_STATUSES = ['active', 'disputed', 'upheld', 'overturned'] as const satisfies readonly ConflictStatus[];

const has = (me: Me, ...roles: Me['user']['roles']) => me.user.roles.some((r) => roles.includes(r));

/** Mirrors src/modules/experts/experts.policy.ts, so only what the server allows is offered. */
export const managesExperts = (me: Me) => has(me, 'officer', 'admin');
export const readsExperts = (me: Me) => has(me, 'officer', 'admin', 'auditor');
export const isExpertAccount = (me: Me) => has(me, 'expert');

/** ORCID iD with its ISO 7064 11,2 check digit, as the server checks it. */
export function isOrcid(id: string): boolean {
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(id)) return false;
  const digits = id.replace(/-/g, '');
  let total = 0;
  for (let i = 0; i < 15; i++) total = (total + Number(digits[i])) * 2;
  const r = (12 - (total % 11)) % 11;
  return digits[15] === (r === 10 ? 'X' : String(r));
}

export const STATUS_COLORS: Record<ConflictStatus, string> = { active: 'red', disputed: 'orange', upheld: 'volcano', overturned: 'default' };
