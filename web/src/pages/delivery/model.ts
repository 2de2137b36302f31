import type { paths } from '../../api/schema';

export * from './state.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: infer R } } } ? Json<R> : never;

export type DeliveryOverview = Get<'/api/v1/delivery/overview'>;
export type OverdueRow = Get<'/api/v1/delivery/overdue'>['items'][number];

// state.ts's lists are checked against the API where they are used: the overdue query is passed to the typed
// client (kind, sort), and the table's colours are keyed by the row's kind from the schema.

export const CONTRACT_STATUSES = ['pending', 'active', 'completed', 'terminated'] as const;
export const MILESTONE_STATUSES = ['planned', 'submitted', 'accepted', 'returned', 'overdue'] as const;
export const CONTRACT_COLORS = { pending: '#8c8c8c', active: '#1677ff', completed: '#389e0d', terminated: '#595959' } as const;
export const MILESTONE_COLORS = { planned: '#8c8c8c', submitted: '#1677ff', accepted: '#389e0d', returned: '#d48806', overdue: '#cf1322' } as const;
