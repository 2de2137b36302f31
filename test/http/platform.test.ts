import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';
import { expectProblem, rowCounts } from './support.ts';

// Health, OpenAPI, tenants and the conventions every route shares: problem+json bodies, request
// ids, strict bodies, the body limit and the cross-site Origin check.
let env: TestEnv;
beforeAll(async () => {
  env = await testEnv({ env: { BODY_LIMIT_BYTES: '4096', DEMO: 'true' } });
});
afterAll(() => env.close());

describe('health and readiness', () => {
  it('/api/health answers ok without a session', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('/api/ready reports the database kind and a current schema', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: env.services.database.kind, schema: 'current' });
  });
});

describe('OpenAPI document and docs', () => {
  it('is a valid OpenAPI 3.1 document listing every route with its problem responses', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Kechuang API', version: expect.any(String) });
    const expected: [string, string][] = [
      ['/api/health', 'get'],
      ['/api/ready', 'get'],
      ['/api/v1/tenants', 'get'],
      ['/api/v1/auth/demo-accounts', 'get'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/auth/me', 'get'],
      ['/api/v1/auth/sessions', 'get'],
      ['/api/v1/auth/sessions/revoke-all', 'post'],
      ['/api/v1/auth/password', 'post'],
      ['/api/v1/auth/password-reset/request', 'post'],
      ['/api/v1/auth/password-reset/confirm', 'post'],
      ['/api/v1/auth/invitations/accept', 'post'],
      ['/api/v1/users', 'get'],
      ['/api/v1/users/invitations', 'post'],
      ['/api/v1/users/{id}', 'get'],
      ['/api/v1/users/{id}', 'patch'],
      ['/api/v1/users/{id}/disable', 'post'],
      ['/api/v1/users/{id}/enable', 'post'],
      ['/api/v1/users/{id}/revoke-sessions', 'post'],
      ['/api/v1/audit/events', 'get'],
      ['/api/v1/audit/verify', 'post'],
      ['/api/v1/organizations', 'get'],
      ['/api/v1/organizations', 'post'],
      ['/api/v1/organizations/{id}', 'get'],
      ['/api/v1/files', 'post'],
      ['/api/v1/files/{id}', 'get'],
      ['/api/v1/files/{id}/content', 'get'],
      ['/api/v1/jobs', 'get'],
    ];
    for (const [path, method] of expected) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      expect(doc.paths[path][method].summary, `${method} ${path} summary`).toEqual(expect.any(String));
    }
    // The document itself and the docs UI are not API operations.
    expect(doc.paths['/api/openapi.json']).toBeUndefined();
    // Every operation is tagged and declares its error responses as the shared Problem schema.
    const ops = Object.values(doc.paths as Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>).flatMap((p) => Object.values(p));
    expect(ops.length).toBeGreaterThanOrEqual(expected.length);
    expect(doc.components.schemas.Problem).toBeDefined();
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429', '500']));
    expect(JSON.stringify(login.responses['401'])).toContain('Problem');
    expect(login.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'kc_session' });
    // Public routes opt out of the session requirement.
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    // Structurally valid OpenAPI 3.1 (the "struct" rule checks the document against the specification).
    const config = await createConfig({ rules: { struct: 'error' } });
    const problems = await lintFromString({ source: res.body, absoluteRef: '/openapi.json', config });
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([]);
    // A second fetch is the same document (stable for the generated client).
    const again = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(again.json()).toEqual(doc);
  });

  it('serves the interactive docs', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body.toLowerCase()).toContain('swagger');
    const root = await env.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 301, 302]).toContain(root.statusCode);
  });
});

describe('GET /api/v1/tenants', () => {
  it('lists tenants without a session, in creation order, with public fields only', async () => {
    const a = await env.tenant();
    const b = await env.tenant();
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/tenants' });
    expect(res.statusCode).toBe(200);
    const list = res.json<Record<string, unknown>[]>();
    const slugs = list.map((t) => t.slug);
    expect(slugs.indexOf(a.slug)).toBeGreaterThanOrEqual(0);
    expect(slugs.indexOf(b.slug)).toBeGreaterThan(slugs.indexOf(a.slug));
    expect(Object.keys(list[0]!).sort()).toEqual(['id', 'isDemo', 'nameEn', 'nameZh', 'slug']);
  });
});

describe('GET /api/v1/auth/demo-accounts', () => {
  it('lists one account per role for a demo tenant in demo mode', async () => {
    const demo = await env.services.auth.createTenant({ slug: 'demo-x', nameZh: '演示', nameEn: 'Demo', isDemo: true });
    const res = await env.app.inject({ method: 'GET', url: `/api/v1/auth/demo-accounts?tenant=${demo.slug}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.demo).toBe(true);
    expect(body.accounts.map((a: { role: string }) => a.role).sort()).toEqual(['admin', 'applicant', 'auditor', 'expert', 'facility_manager', 'officer']);
    for (const a of body.accounts) expect(a).toEqual({ role: expect.any(String), email: expect.stringContaining('@'), displayName: expect.any(String), password: expect.any(String) });
  });

  it('lists nothing for a real tenant or an unknown one', async () => {
    const real = await env.tenant();
    for (const slug of [real.slug, 'no-such-tenant']) {
      const res = await env.app.inject({ method: 'GET', url: `/api/v1/auth/demo-accounts?tenant=${slug}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ demo: false, accounts: [] });
    }
  });

  it('400 without the tenant or with an unknown parameter', async () => {
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts' }), 400, 'VALIDATION_FAILED');
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/auth/demo-accounts?tenant=x&debug=1' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});

describe('shared conventions', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const body = expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' }), 404, 'ROUTE_NOT_FOUND');
    expect(body.instance).toBe('/api/v1/nothing-here');
  });

  it('keeps a well-formed x-request-id from the caller and makes one up otherwise', async () => {
    const given = 'trace-0123456789';
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-request-id': given } });
    expect(res.headers['x-request-id']).toBe(given);
    expect(expectProblem(res, 401, 'AUTH_REQUIRED').requestId).toBe(given);
    const bad = await env.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(bad.headers['x-request-id']).not.toBe('bad id with spaces');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await env.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'x'.repeat(101) } });
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses malformed JSON, wrong types, unknown fields and missing fields with 400 and field paths', async () => {
    const t = await env.tenant();
    const before = await rowCounts(env);
    const malformed = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"tenant": "x", ' });
    expectProblem(malformed, 400, 'MALFORMED_JSON');
    const empty = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
    expectProblem(empty, 400, 'MALFORMED_JSON');
    const wrongType = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: 'a@b.cn', password: 12345678901 } });
    const wt = expectProblem(wrongType, 400, 'VALIDATION_FAILED');
    expect(wt.errors).toEqual([{ path: 'body.password', message: expect.any(String) }]);
    const unknown = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, identifier: 'a@b.cn', password: TEST_PASSWORD, remember: true } });
    expect(expectProblem(unknown, 400, 'VALIDATION_FAILED').errors).toEqual([{ path: 'body.remember', message: 'unknown field' }]);
    const missing = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: t.slug, password: TEST_PASSWORD } });
    expect(expectProblem(missing, 400, 'VALIDATION_FAILED').errors).toEqual([{ path: 'body.identifier', message: 'is required' }]);
    expect(await rowCounts(env)).toEqual(before);
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 and an unsupported content type with 415', async () => {
    const big = JSON.stringify({ tenant: 'x', identifier: 'a@b.cn', password: 'p'.repeat(5000) });
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big }), 413, 'BODY_TOO_LARGE');
    const xml = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' });
    expectProblem(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a state change from a cross-site Origin, and allows a same-origin one', async () => {
    const t = await env.tenant();
    const u = await env.user(t, ['officer']);
    const payload = { tenant: t.slug, identifier: u.email, password: TEST_PASSWORD };
    const before = await rowCounts(env);
    const cross = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example' }, payload });
    expectProblem(cross, 403, 'CSRF_ORIGIN_MISMATCH');
    const garbage = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'not a url' }, payload });
    expectProblem(garbage, 403, 'CSRF_ORIGIN_MISMATCH');
    // An opaque origin (sandboxed frame, file page) cannot sign anyone in either.
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'null' }, payload }), 403, 'CSRF_ORIGIN_MISMATCH');
    expect(await rowCounts(env)).toEqual(before);
    const same = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'http://localhost:3000', host: 'localhost:3000' }, payload });
    expect(same.statusCode).toBe(200);
    // Reads are never refused for their origin.
    const read = await env.app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
  });

  it('ignores an unknown or garbage session cookie (401 on protected routes, 200 on public ones)', async () => {
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'kc_session=not-a-token' } }), 401, 'AUTH_REQUIRED');
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { cookie: 'kc_session=not-a-token' } })).statusCode).toBe(200);
  });
});
