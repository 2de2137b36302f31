import type { paths } from '../../api/schema';
import type { Role, UserSort, UserStatus } from '../../api/types.ts';
import { ROLES, USER_STATUSES } from '../../api/types.ts';

export interface UsersQuery {
  q: string;
  role: Role | undefined;
  status: UserStatus | undefined;
  sort: UserSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORTS: readonly UserSort[] = ['displayName', 'email', 'createdAt', 'lastLoginAt'];
const PAGE_SIZES = [10, 20, 50, 100];

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The list's state lives in the address, so reload, back and shared links keep it. */
export function readUsersQuery(params: URLSearchParams): UsersQuery {
  const pageSize = positive(params.get('pageSize'), 20);
  return {
    q: params.get('q') ?? '',
    role: pick(params.get('role'), ROLES),
    status: pick(params.get('status'), USER_STATUSES),
    sort: pick(params.get('sort'), SORTS) ?? 'createdAt',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: positive(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

export function writeUsersQuery(q: UsersQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.role) p.set('role', q.role);
  if (q.status) p.set('status', q.status);
  if (q.sort !== 'createdAt' || q.order !== 'desc') {
    p.set('sort', q.sort);
    p.set('order', q.order);
  }
  if (q.page !== 1) p.set('page', String(q.page));
  if (q.pageSize !== 20) p.set('pageSize', String(q.pageSize));
  return p;
}

export { PAGE_SIZES };

export const USERS_EXPORT_PATH = '/api/v1/users/export' satisfies keyof paths;
type UsersExportQuery = NonNullable<paths[typeof USERS_EXPORT_PATH]['get']['parameters']['query']>;

/** The export of every user the list's filters match, in the list's order (no paging), as a download address. */
export function usersExportHref(q: UsersQuery, format: NonNullable<UsersExportQuery['format']>): string {
  const query: UsersExportQuery = { q: q.q || undefined, role: q.role, status: q.status, sort: q.sort, order: q.order, format };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, String(v));
  return `${USERS_EXPORT_PATH}?${p.toString()}`;
}
