// Calls of the horse-race routes. Until the generated client has the /races paths (npm run openapi),
// they go through fetch here with the same problem+json handling as `call`.
import { toApiError } from '../../api/client.ts';
import type { DecisionBody, RaceBoard, RaceCandidate, RaceCreateBody, RaceDetail, RacePage, RaceQuery } from './model.ts';

async function request<T>(method: string, path: string, opts: { query?: Record<string, string | number | undefined>; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
  const url = `/api/v1${path}${qs.size ? `?${qs}` : ''}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw toApiError(undefined, undefined);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body as T;
  throw toApiError(body, res);
}

const gate = (raceId: string, gateId: string) => `/races/${raceId}/gates/${gateId}`;

export const raceApi = {
  list: (query: RaceQuery, signal?: AbortSignal) => request<RacePage>('GET', '/races', { query: { ...query }, signal }),
  candidates: (signal?: AbortSignal) => request<{ items: RaceCandidate[] }>('GET', '/races/candidates', { signal }),
  create: (body: RaceCreateBody) => request<RaceDetail>('POST', '/races', { body }),
  get: (id: string, signal?: AbortSignal) => request<RaceDetail>('GET', `/races/${id}`, { signal }),
  board: (id: string, signal?: AbortSignal) => request<RaceBoard>('GET', `/races/${id}/board`, { signal }),
  closeEvidence: (raceId: string, gateId: string) => request<RaceDetail>('POST', `${gate(raceId, gateId)}/close-evidence`),
  decide: (raceId: string, gateId: string) => request<RaceDetail>('POST', `${gate(raceId, gateId)}/decide`),
  recordDecision: (raceId: string, gateId: string, teamId: string, body: DecisionBody) => request<RaceDetail>('PUT', `${gate(raceId, gateId)}/decisions/${teamId}`, { body }),
  exportHref: (raceId: string, format: 'xlsx' | 'csv') => `/api/v1/races/${raceId}/board/export?format=${format}`,
};

