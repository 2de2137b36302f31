// Calls of the horse-race routes through the generated client (problem+json turned into ApiError by `call`).
import { api, call } from '../../api/client.ts';
import type { DecisionBody, RaceCreateBody, RaceQuery } from './model.ts';

const gate = (id: string, gateId: string) => ({ path: { id, gateId } });

export const raceApi = {
  list: (query: RaceQuery, signal?: AbortSignal) => call(api.GET('/api/v1/races', { params: { query }, signal })),
  candidates: (signal?: AbortSignal) => call(api.GET('/api/v1/races/candidates', { signal })),
  create: (body: RaceCreateBody) => call(api.POST('/api/v1/races', { body })),
  get: (id: string, signal?: AbortSignal) => call(api.GET('/api/v1/races/{id}', { params: { path: { id } }, signal })),
  board: (id: string, signal?: AbortSignal) => call(api.GET('/api/v1/races/{id}/board', { params: { path: { id } }, signal })),
  closeEvidence: (id: string, gateId: string) => call(api.POST('/api/v1/races/{id}/gates/{gateId}/close-evidence', { params: gate(id, gateId) })),
  decide: (id: string, gateId: string) => call(api.POST('/api/v1/races/{id}/gates/{gateId}/decide', { params: gate(id, gateId) })),
  recordDecision: (id: string, gateId: string, teamId: string, body: DecisionBody) => call(api.PUT('/api/v1/races/{id}/gates/{gateId}/decisions/{teamId}', { params: { path: { id, gateId, teamId } }, body })),
  exportHref: (id: string, format: 'xlsx' | 'csv') => `/api/v1/races/${id}/board/export?format=${format}`,
};
