import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { SORTS, STAGES, type ChallengeQuery, type ChallengeSort, type Stage } from './model.ts';
import { UUID, positive, oneOf } from '../../lib/urlParams.ts';

export interface ChallengeListState {
  tab: 'board' | 'list';
  q: string;
  stage: Stage | undefined;
  field: PriorityField | undefined;
  zoneId: string | undefined;
  sort: ChallengeSort;
  page: number;
  pageSize: number;
}

/** The list's state lives in the address, so reload, back and shared links keep it. */
export function readChallengeList(p: URLSearchParams): ChallengeListState {
  const zoneId = p.get('zone');
  return {
    tab: p.get('tab') === 'list' ? 'list' : 'board',
    q: p.get('q') ?? '',
    stage: oneOf(p.get('stage'), STAGES),
    field: oneOf(p.get('field'), PRIORITY_FIELDS),
    zoneId: zoneId && UUID.test(zoneId) ? zoneId : undefined,
    sort: oneOf(p.get('sort'), SORTS) ?? '-created',
    page: positive(p.get('page'), 1, 10_000),
    pageSize: positive(p.get('pageSize'), 20, 100),
  };
}

export function writeChallengeList(s: ChallengeListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.tab === 'list') p.set('tab', 'list');
  if (s.q) p.set('q', s.q);
  if (s.stage) p.set('stage', s.stage);
  if (s.field) p.set('field', s.field);
  if (s.zoneId) p.set('zone', s.zoneId);
  if (s.sort !== '-created') p.set('sort', s.sort);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  return p;
}

export function toApiQuery(s: ChallengeListState): ChallengeQuery {
  return { q: s.q || undefined, stage: s.stage, field: s.field, zoneId: s.zoneId, sort: s.sort, page: s.page, pageSize: s.pageSize };
}
