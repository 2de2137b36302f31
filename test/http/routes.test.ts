import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem, RANDOM_UUID } from './support.ts';

// A sweep over every operation of the OpenAPI document, so routes added later are held to the
// same rules: no session → 401 (or 400 when the body is invalid, which is checked first); an id
// that does not exist in my tenant → 404, never a 500 or someone else's data.
let env: TestEnv;
type Op = { method: string; path: string; security?: unknown[]; parameters?: { in: string; name: string; schema?: { type?: string } }[] };
let ops: Op[];

beforeAll(async () => {
  env = await testEnv();
  const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  ops = Object.entries(doc.paths as Record<string, Record<string, Omit<Op, 'method' | 'path'>>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );
});
afterAll(() => env.close());

function url(op: Op, tenantSlug = 'no-such-tenant'): string {
  // Public reads name their tenant in the query string.
  const query = op.parameters?.some((p) => p.in === 'query' && p.name === 'tenant') ? `?tenant=${tenantSlug}` : '';
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
    const choices = (p?.schema as { enum?: string[] } | undefined)?.enum;
    if (choices?.length) return choices[0]!;
    return p?.schema?.type === 'integer' ? '2024' : RANDOM_UUID;
  }) + query;
}
const isPublic = (op: Op) => Array.isArray(op.security) && op.security.length === 0;
const hasBody = (op: Op) => ['POST', 'PUT', 'PATCH'].includes(op.method);

describe('every operation', () => {
  it('the document lists a reasonable number of operations', () => {
    expect(ops.length).toBeGreaterThanOrEqual(25);
  });

  it('answers 401 AUTH_REQUIRED without a session (400 first when a write has an invalid body)', async () => {
    const seen: string[] = [];
    for (const op of ops.filter((o) => !isPublic(o))) {
      const res = await env.app.inject({ method: op.method, url: url(op), ...(hasBody(op) ? { payload: {} } : {}) });
      const label = `${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (hasBody(op) && res.statusCode === 400) expectProblem(res, 400, 'VALIDATION_FAILED');
      else if (op.path === '/api/v1/files' && res.statusCode === 415) expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      else {
        expect(res.statusCode, label).toBe(401);
        expectProblem(res, 401, 'AUTH_REQUIRED');
      }
      seen.push(`${op.method} ${op.path}`);
    }
    // The platform's own reads are in the sweep and answer a plain 401.
    expect(seen).toEqual(expect.arrayContaining(['GET /api/v1/users/{id}', 'GET /api/v1/files/{id}/content', 'GET /api/v1/jobs', 'GET /api/v1/audit/events']));
  });

  it('answers 404 NOT_FOUND for reads of an id that is not in my tenant, whatever my roles', async () => {
    const t = await env.tenant();
    const { cookie } = await env.as(t, ['admin', 'officer', 'auditor', 'applicant', 'expert', 'facility_manager']);
    // Reads addressed by an id (a path parameter that is not a fixed choice such as a chart name).
    const byId = (o: Op) => (o.parameters ?? []).some((p) => p.in === 'path' && !(p.schema as { enum?: unknown } | undefined)?.enum);
    const reads = ops.filter((o) => o.method === 'GET' && /\{\w+\}/.test(o.path) && byId(o));
    expect(reads.length).toBeGreaterThanOrEqual(4);
    for (const op of reads) {
      const res = await env.app.inject({ method: 'GET', url: url(op, t.slug), headers: { cookie } });
      expect(res.statusCode, `${op.path} → ${res.body.slice(0, 200)}`).toBe(404);
      expectProblem(res, 404, 'NOT_FOUND');
    }
  });

  it('no public operation changes state without a session except sign-in, password reset, invitations and objections', () => {
    const publicWrites = ops.filter((o) => isPublic(o) && o.method !== 'GET').map((o) => `${o.method} ${o.path}`);
    expect(publicWrites.sort()).toEqual([
      'POST /api/v1/auth/invitations/accept',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/password-reset/confirm',
      'POST /api/v1/auth/password-reset/request',
      // Anyone may object to a result while its notice runs (rate-limited, contact details required).
      'POST /api/v1/public/notices/{id}/objections',
    ]);
  });
});
