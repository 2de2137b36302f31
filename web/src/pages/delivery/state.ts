// The page's address-bar state, export address and row links. Only pure imports (no API client, no
// generated schema), so the unit tests load it outside the web build (test/e2e/delivery-units.test.ts);
// model.ts checks these lists against the generated API types.
import { oneOf, positive, UUID } from '../../lib/urlParams.ts';

export const OVERDUE_KINDS = ['milestone', 'order', 'tranche', 'item'] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];
export const OVERDUE_SORTS = ['-days', 'days', 'due', '-due', 'owner', '-owner', 'kind'] as const;
export type OverdueSort = (typeof OVERDUE_SORTS)[number];
export const DELIVERY_EXPORT_PATH = '/api/v1/delivery/overdue/export';

/** The page's state in the address bar: scope, overdue filters, sorting and paging. */
export interface DeliveryState {
  officer: 'me' | 'all';
  challengeId: string | undefined;
  listId: string | undefined;
  kind: OverdueKind | undefined;
  owner: string;
  sort: OverdueSort;
  page: number;
  pageSize: number;
}

export function readState(p: URLSearchParams): DeliveryState {
  const id = (k: string) => {
    const v = p.get(k);
    return v && UUID.test(v) ? v : undefined;
  };
  return {
    officer: p.get('officer') === 'me' ? 'me' : 'all',
    challengeId: id('challenge'),
    listId: id('list'),
    kind: oneOf(p.get('kind'), OVERDUE_KINDS),
    owner: (p.get('owner') ?? '').slice(0, 100),
    sort: oneOf(p.get('sort'), OVERDUE_SORTS) ?? '-days',
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
  };
}

export function writeState(s: DeliveryState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.officer === 'me') p.set('officer', 'me');
  if (s.challengeId) p.set('challenge', s.challengeId);
  if (s.listId) p.set('list', s.listId);
  if (s.kind) p.set('kind', s.kind);
  if (s.owner) p.set('owner', s.owner);
  if (s.sort !== '-days') p.set('sort', s.sort);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  return p;
}

/** The filters every request of the page shares (the overview takes the scope only). */
export function scopeQuery(s: DeliveryState) {
  return { officer: s.officer, challengeId: s.challengeId, listId: s.listId };
}

export function overdueQuery(s: DeliveryState) {
  return { ...scopeQuery(s), kind: s.kind, owner: s.owner || undefined, sort: s.sort, page: s.page, pageSize: s.pageSize };
}

/** The export of what the table shows: the same filters and sort, every row. */
export function exportHref(s: DeliveryState, format: 'xlsx' | 'csv'): string {
  const q = { ...scopeQuery(s), kind: s.kind, owner: s.owner || undefined, sort: s.sort, format };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  return `${DELIVERY_EXPORT_PATH}?${p.toString()}`;
}

/** Where an overdue row leads: its contract, or its item in the list's drawer. */
export function linkOf(r: { contractId: string | null; listId: string | null; itemId: string | null }): string | null {
  if (r.contractId) return `/contracts/${r.contractId}`;
  if (r.listId && r.itemId) return `/projects/lists/${r.listId}?item=${r.itemId}`;
  return null;
}
