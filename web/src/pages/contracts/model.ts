import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'put', S extends number> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? Json<R[S]> : never) : never;

export type Contract = Ok<'/api/v1/contracts/{id}', 'get', 200>;
export type ContractPage = Ok<'/api/v1/contracts', 'get', 200>;
export type ContractSummary = ContractPage['items'][number];
export type ContractQuery = NonNullable<paths['/api/v1/contracts']['get']['parameters']['query']>;
export type ContractStatus = Contract['status'];
export type Health = Contract['health'];
export type Milestone = Contract['milestones'][number];
export type Tranche = Contract['tranches'][number];
export type LedgerEntry = Contract['ledger'][number];
export type Terms = Contract['terms'];

export const CONTRACT_STATUSES = ['pending', 'active', 'completed', 'terminated'] as const satisfies readonly ContractStatus[];
export const CONTRACT_SORTS = ['code', '-code', 'starts', '-starts', 'total', '-total', 'released', '-released'] as const satisfies readonly NonNullable<ContractQuery['sort']>[];
export const HEALTH_COLORS: Record<Health, string> = { on_track: 'green', at_risk: 'gold', overdue: 'red', completed: 'default' };
export const MILESTONE_COLORS: Record<Milestone['status'], string> = { planned: 'default', submitted: 'blue', accepted: 'green', returned: 'orange', overdue: 'red' };

/** "12,345.67" yuan → fen, exactly (no floating point); null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text.replaceAll(',', ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
