import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem, multipart } from './support.ts';

// Upload routes parse multipart bodies with @fastify/multipart (busboy); its parse errors are not
// Fastify errors with a status, so without a mapping a garbled body ended as 500 INTERNAL.
let env: TestEnv;
let t: TenantRow;
let officer: string;
let listId: string;

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  officer = (await env.as(t, ['officer'])).cookie;
  const created = await env.app.inject({ method: 'POST', url: '/api/v1/project-lists', headers: { cookie: officer }, payload: { nameZh: '重点项目', nameEn: 'Key projects', ownerOffice: '科委', year: 2025, description: '' } });
  listId = created.json().id;
});
afterAll(() => env.close());

const csv = Buffer.from('\ufeff项目编号,项目名称\nCP-1,示例\n');
/** Bodies that are not well-formed multipart for the header they come with. */
function malformed(): Array<[string, { payload: Buffer | string; headers: Record<string, string> }]> {
  const good = multipart('list.csv', csv, 'text/csv');
  return [
    ['a body written with another boundary', { payload: good.payload, headers: { 'content-type': 'multipart/form-data; boundary=----kcsomethingelse' } }],
    ['a header without a boundary', { payload: good.payload, headers: { 'content-type': 'multipart/form-data' } }],
    ['a body cut off before its closing boundary', { payload: good.payload.subarray(0, good.payload.length - 30), headers: good.headers }],
    ['part headers that never end', { payload: `--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n${'X-Pad: y\r\n'.repeat(3)}`, headers: { 'content-type': 'multipart/form-data; boundary=b' } }],
  ];
}

describe('a malformed multipart body is 400 MULTIPART_MALFORMED, not 500', () => {
  const routes = [
    ['registry import', () => '/api/v1/registry/imports?kind=organizations'],
    ['key-project import', () => `/api/v1/project-lists/${listId}/import?dryRun=true`],
    ['expert import', () => '/api/v1/experts/imports'],
  ] as const;
  for (const [label, url] of routes) {
    for (const [name] of malformed()) {
      it(`${label}: ${name}`, async () => {
        const body = malformed().find(([n]) => n === name)![1];
        const res = await env.app.inject({ method: 'POST', url: url(), headers: { cookie: officer, ...body.headers }, payload: body.payload });
        const p = expectProblem(res, 400, 'MULTIPART_MALFORMED');
        expect(p.message.zh).toMatch(/上传/);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      });
    }
  }

  it('a well-formed upload to the same routes still works', async () => {
    const m = multipart('list.csv', csv, 'text/csv');
    const res = await env.app.inject({ method: 'POST', url: `/api/v1/project-lists/${listId}/import?dryRun=true`, headers: { cookie: officer, ...m.headers }, payload: m.payload });
    expect(res.statusCode, res.body).toBe(200);
  });
});
