import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { AVAILABILITIES, EXPERT_SORTS, type Availability, type ExpertQuery, type ExpertSort } from './model.ts';
import { UUID, positive, oneOf } from '../../lib/urlParams.ts';

export interface ExpertListState {
  q: string;
  field: PriorityField | undefined;
  availability: Availability | undefined;
  organizationId: string | undefined;
  sort: ExpertSort;
  page: number;
  pageSize: number;
}

/** The list's state lives in the address, so reload, back and shared links keep it. */
export function readExpertList(p: URLSearchParams): ExpertListState {
  const org = p.get('organization');
  return {
    q: p.get('q') ?? '',
    field: oneOf(p.get('field'), PRIORITY_FIELDS),
    availability: oneOf(p.get('availability'), AVAILABILITIES),
    organizationId: org && UUID.test(org) ? org : undefined,
    sort: oneOf(p.get('sort'), EXPERT_SORTS) ?? 'name',
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
  };
}

export function writeExpertList(s: ExpertListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.field) p.set('field', s.field);
  if (s.availability) p.set('availability', s.availability);
  if (s.organizationId) p.set('organization', s.organizationId);
  if (s.sort !== 'name') p.set('sort', s.sort);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  return p;
}

export function toApiQuery(s: ExpertListState): ExpertQuery {
  return { q: s.q || undefined, field: s.field, availability: s.availability, organizationId: s.organizationId, sort: s.sort, page: s.page, pageSize: s.pageSize };
}

/** The export's address: the list's filters and order, without paging. */
export function exportHref(s: ExpertListState, format: 'xlsx' | 'csv'): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.field) p.set('field', s.field);
  if (s.availability) p.set('availability', s.availability);
  if (s.organizationId) p.set('organizationId', s.organizationId);
  p.set('sort', s.sort);
  p.set('format', format);
  return `/api/v1/experts/export?${p.toString()}`;
}
