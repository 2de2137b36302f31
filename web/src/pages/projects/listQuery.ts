import { CATEGORIES, SORTS, STATUSES, type Category, type ItemQuery, type Sort, type Status } from './model.ts';
import { UUID, positive, oneOf } from '../../lib/urlParams.ts';

export interface ItemListState {
  tab: 'items' | 'gantt' | 'baselines';
  q: string;
  status: Status[];
  category: Category | undefined;
  unit: string | undefined;
  overdue: boolean;
  sort: Sort;
  page: number;
  pageSize: number;
  item: string | undefined;
}


/** The list page's state lives in the address, so reload, back and shared links keep filters and the open item. */
export function readItemList(p: URLSearchParams): ItemListState {
  const item = p.get('item');
  return {
    tab: oneOf(p.get('tab'), ['items', 'gantt', 'baselines'] as const) ?? 'items',
    q: p.get('q') ?? '',
    status: p.getAll('status').filter((s): s is Status => (STATUSES as readonly string[]).includes(s)),
    category: oneOf(p.get('category'), CATEGORIES),
    unit: p.get('unit') || undefined,
    overdue: p.get('overdue') === '1',
    sort: oneOf(p.get('sort'), SORTS) ?? 'status',
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
    item: item && UUID.test(item) ? item : undefined,
  };
}

export function writeItemList(s: ItemListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.tab !== 'items') p.set('tab', s.tab);
  if (s.q) p.set('q', s.q);
  for (const x of s.status) p.append('status', x);
  if (s.category) p.set('category', s.category);
  if (s.unit) p.set('unit', s.unit);
  if (s.overdue) p.set('overdue', '1');
  if (s.sort !== 'status') p.set('sort', s.sort);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  if (s.item) p.set('item', s.item);
  return p;
}

export function toItemQuery(s: ItemListState): ItemQuery {
  return { q: s.q || undefined, status: s.status.length ? s.status : undefined, category: s.category, unit: s.unit, overdue: s.overdue ? true : undefined, sort: s.sort, page: s.page, pageSize: s.pageSize };
}

/** The same filters as a query string for the export link (the server ignores paging there). */
export function exportHref(listId: string, s: ItemListState): string {
  const p = new URLSearchParams({ format: 'xlsx', sort: s.sort });
  if (s.q) p.set('q', s.q);
  for (const x of s.status) p.append('status', x);
  if (s.category) p.set('category', s.category);
  if (s.unit) p.set('unit', s.unit);
  if (s.overdue) p.set('overdue', 'true');
  return `/api/v1/project-lists/${listId}/items/export?${p.toString()}`;
}
