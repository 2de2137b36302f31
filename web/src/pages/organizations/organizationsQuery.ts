import type { paths } from '../../api/schema';
import {
  ORGANIZATION_SORTS,
  ORGANIZATION_TYPES,
  PRIORITY_FIELDS,
  QUALIFICATION_KINDS,
  type OrganizationQuery,
  type OrganizationSort,
  type OrganizationType,
  type PriorityField,
  type QualificationKind,
} from '../../api/types.ts';

export interface OrgListState {
  q: string;
  types: OrganizationType[];
  qualifications: QualificationKind[];
  fields: PriorityField[];
  zoneId: string | undefined;
  sort: OrganizationSort | undefined;
  page: number;
  pageSize: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function list<T extends string>(p: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  return p.getAll(key).filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function positive(v: string | null, d: number, max: number) {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
}

/** The list's state lives in the address, so reload, back and shared links keep it. */
export function readOrgList(p: URLSearchParams): OrgListState {
  const sort = p.get('sort');
  const zoneId = p.get('zone');
  return {
    q: p.get('q') ?? '',
    types: list(p, 'type', ORGANIZATION_TYPES),
    qualifications: list(p, 'qualification', QUALIFICATION_KINDS),
    fields: list(p, 'field', PRIORITY_FIELDS),
    zoneId: zoneId && UUID.test(zoneId) ? zoneId : undefined,
    sort: sort && (ORGANIZATION_SORTS as readonly string[]).includes(sort) ? (sort as OrganizationSort) : undefined,
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 200),
  };
}

export function writeOrgList(s: OrgListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const v of s.types) p.append('type', v);
  for (const v of s.qualifications) p.append('qualification', v);
  for (const v of s.fields) p.append('field', v);
  if (s.zoneId) p.set('zone', s.zoneId);
  if (s.sort) p.set('sort', s.sort);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  return p;
}

/** Newest first for dates, A→Z for names; relevance ignores the order. */
const ORDER: Record<OrganizationSort, 'asc' | 'desc'> = { relevance: 'desc', name: 'asc', founded: 'desc', created: 'desc' };

export function effectiveSort(s: OrgListState): OrganizationSort {
  if (s.sort === 'relevance' && !s.q) return 'name';
  return s.sort ?? (s.q ? 'relevance' : 'name');
}

export function toApiQuery(s: OrgListState): OrganizationQuery {
  const sort = effectiveSort(s);
  return {
    q: s.q || undefined,
    type: s.types.length ? s.types : undefined,
    qualification: s.qualifications.length ? s.qualifications : undefined,
    field: s.fields.length ? s.fields : undefined,
    zoneId: s.zoneId,
    sort,
    order: ORDER[sort],
    page: s.page,
    pageSize: s.pageSize,
    facets: true,
  };
}

export const ORGANIZATIONS_EXPORT_PATH = '/api/v1/organizations/export' satisfies keyof paths;
type ExportQuery = NonNullable<paths[typeof ORGANIZATIONS_EXPORT_PATH]['get']['parameters']['query']>;

/** The export of every organisation the list's filters match (no paging), as a download address. */
export function exportHref(s: OrgListState, format: NonNullable<ExportQuery['format']>): string {
  const { page: _page, pageSize: _pageSize, facets: _facets, ...filters } = toApiQuery(s);
  const query: ExportQuery = { ...filters, format };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.set(k, String(v));
  }
  return `${ORGANIZATIONS_EXPORT_PATH}?${p.toString()}`;
}
