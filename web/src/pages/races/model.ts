import type { paths } from '../../api/schema';

// The horse-race API's shapes (docs/race-api.md), from the generated client.
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? Json<R[S]> : never) : never;

export type RacePage = Ok<'/api/v1/races', 'get', 200>;
export type RaceSummary = RacePage['items'][number];
export type RaceQuery = NonNullable<paths['/api/v1/races']['get']['parameters']['query']>;
export type RaceSort = NonNullable<RaceQuery['sort']>;
export type RaceStatus = RaceSummary['status'];
export type FundsRule = RaceSummary['fundsRule'];
export type RaceCandidate = Ok<'/api/v1/races/candidates', 'get', 200>['items'][number];
export type RaceCreateBody = paths['/api/v1/races']['post']['requestBody']['content']['application/json'];
export type Target = RaceCandidate['targets'][number];
export type RaceDetail = Ok<'/api/v1/races/{id}', 'get', 200>;
export type RaceGate = RaceDetail['gates'][number];
export type GateStatus = RaceGate['status'];
export type GateAction = RaceGate['actions'][number];
export type RaceDecision = RaceGate['decisions'][number];
export type RaceTeam = RaceDetail['teams'][number];
export type TeamStatus = RaceTeam['status'];
export type RaceBoard = Ok<'/api/v1/races/{id}/board', 'get', 200>;
export type BoardTeam = RaceBoard['teams'][number];
export type BoardCell = BoardTeam['gates'][number];
export type Money = NonNullable<BoardTeam['money']>;
export type DecisionBody = paths['/api/v1/races/{id}/gates/{gateId}/decisions/{teamId}']['put']['requestBody']['content']['application/json'];
export type Outcome = DecisionBody['outcome'];

export const RACE_STATUSES = ['running', 'finished', 'cancelled'] as const satisfies readonly RaceStatus[];
export const RACE_SORTS = ['-created', 'created', 'code', '-code'] as const satisfies readonly RaceSort[];
export const FUNDS_RULES = ['return', 'reallocate'] as const satisfies readonly FundsRule[];
export const OUTCOMES = ['pass', 'pass_with_conditions', 'eliminate'] as const satisfies readonly Outcome[];

export const RACE_STATUS_COLORS: Record<RaceStatus, string> = { running: 'processing', finished: 'success', cancelled: 'default' };
export const GATE_STATUS_COLORS: Record<GateStatus, string> = { open: 'blue', review: 'gold', decided: 'green' };
export const TEAM_STATUS_COLORS: Record<TeamStatus, string> = { racing: 'blue', eliminated: 'red', winner: 'gold' };
export const OUTCOME_COLORS: Record<Outcome, string> = { pass: 'green', pass_with_conditions: 'orange', eliminate: 'red' };

export { fieldPath, formatScore, isDate } from './helpers.ts';
