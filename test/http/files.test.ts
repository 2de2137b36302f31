import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { auditActions, expectProblem, makePdf, makePng, multipart, RANDOM_UUID, rowCounts } from './support.ts';

// Uploads are typed by their bytes and downloads are permission-checked; UPLOAD_MAX_BYTES is small here.
const MAX = 64 * 1024;
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let applicant: Signed;
let applicant2: Signed;
let officer: Signed;
let auditor: Signed;
let expert: Signed;
let otherAdmin: Signed;

beforeAll(async () => {
  env = await testEnv({ env: { UPLOAD_MAX_BYTES: String(MAX) } });
  t = await env.tenant();
  other = await env.tenant();
  [applicant, applicant2, officer, auditor, expert, otherAdmin] = [
    await env.as(t, ['applicant']),
    await env.as(t, ['applicant']),
    await env.as(t, ['officer']),
    await env.as(t, ['auditor']),
    await env.as(t, ['expert']),
    await env.as(other, ['admin', 'officer']),
  ];
});
afterAll(() => env.close());

function upload(cookie: string | undefined, filename: string, data: Buffer, contentType?: string) {
  const m = multipart(filename, data, contentType);
  return env.app.inject({ method: 'POST', url: '/api/v1/files', payload: m.payload, headers: { ...m.headers, ...(cookie ? { cookie } : {}) } });
}
const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });

describe('POST /files', () => {
  it('stores a real PDF and PNG, typed from their bytes, and audits the upload', async () => {
    const pdf = makePdf('application form');
    const res = await upload(applicant.cookie, '申报书 2026.pdf', pdf, 'application/octet-stream');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      name: '申报书 2026.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      createdAt: expect.any(String),
    });
    const png = makePng(3, 2);
    const img = await upload(applicant.cookie, 'logo.png', png, 'image/png');
    expect(img.statusCode).toBe(201);
    expect(img.json()).toMatchObject({ mimeType: 'image/png', sizeBytes: png.length });
    // The browser's claim and the extension do not decide the type; the bytes do.
    const renamed = await upload(applicant.cookie, 'photo.pdf', png, 'application/pdf');
    expect(renamed.statusCode).toBe(201);
    expect(renamed.json().mimeType).toBe('image/png');
    const csv = await upload(applicant.cookie, '名单.csv', Buffer.from('姓名,单位\n李强,博奥生物\n', 'utf8'), 'text/csv');
    expect(csv.json()).toMatchObject({ mimeType: 'text/csv' });
    const [ev] = await env.services.database.query<{ summary: Record<string, unknown>; actor_user_id: string }>(
      "select summary, actor_user_id from audit_events where action = 'file.uploaded' and target_id = $1",
      [body.id],
    );
    expect(ev).toEqual({ actor_user_id: applicant.user.id, summary: { sha256: body.sha256, sizeBytes: pdf.length, mimeType: 'application/pdf', name: '申报书 2026.pdf' } });
  });

  it('415 FILE_TYPE_NOT_ALLOWED for a .pdf that is not a PDF, an executable, or binary "CSV" — nothing written', async () => {
    const before = await rowCounts(env);
    const actionsBefore = await auditActions(env, t.id);
    const fakes: [string, Buffer][] = [
      ['invoice.pdf', Buffer.from('this is plain text pretending to be a PDF\n')],
      ['setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])],
      ['data.csv', Buffer.from([0x41, 0x00, 0x42, 0xff, 0xfe])],
      ['archive.zip', Buffer.from('504b0304140000000800', 'hex')],
    ];
    for (const [name, data] of fakes) {
      expectProblem(await upload(applicant.cookie, name, data, 'application/pdf'), 415, 'FILE_TYPE_NOT_ALLOWED');
    }
    expect(await rowCounts(env)).toEqual(before);
    expect(await auditActions(env, t.id)).toEqual(actionsBefore);
  });

  it('413 FILE_TOO_LARGE over UPLOAD_MAX_BYTES — nothing written', async () => {
    const before = await rowCounts(env);
    const big = Buffer.concat([makePdf(), Buffer.alloc(MAX + 1024, 0x20)]);
    expectProblem(await upload(applicant.cookie, 'big.pdf', big), 413, 'FILE_TOO_LARGE');
    expect(await rowCounts(env)).toEqual(before);
    // At the limit exactly it is fine.
    const exact = Buffer.concat([makePdf(), Buffer.alloc(MAX - makePdf().length, 0x20)]);
    expect(exact.length).toBe(MAX);
    expect((await upload(applicant.cookie, 'exact.pdf', exact)).statusCode).toBe(201);
  });

  it('401 without a session; 415 for a non-multipart body; 400 without a file or for an empty one', async () => {
    const before = await rowCounts(env);
    expectProblem(await upload(undefined, 'a.pdf', makePdf()), 401, 'AUTH_REQUIRED');
    const json = await env.app.inject({ method: 'POST', url: '/api/v1/files', headers: { cookie: applicant.cookie }, payload: { file: 'JVBERi0=' } });
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const boundary = '----kcnofile';
    const noFile = await env.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { cookie: applicant.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expectProblem(noFile, 400, 'VALIDATION_FAILED');
    expectProblem(await upload(applicant.cookie, 'empty.pdf', Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
    expect(await rowCounts(env)).toEqual(before);
  });
});

describe('GET /files/:id and /files/:id/content', () => {
  let fileId: string;
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = makePdf('confidential budget');
    fileId = (await upload(applicant.cookie, '预算 budget.pdf', pdf)).json().id as string;
  });

  it('the uploader downloads the exact bytes, as an attachment that is not cached', async () => {
    const res = await get(`/files/${fileId}/content`, applicant.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Number(res.headers['content-length'])).toBe(pdf.length);
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('预算 budget.pdf')}`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const meta = await get(`/files/${fileId}`, applicant.cookie);
    expect(meta.json()).toMatchObject({ id: fileId, name: '预算 budget.pdf', mimeType: 'application/pdf', sizeBytes: pdf.length });
  });

  it('officers and auditors of the tenant may read any file', async () => {
    for (const who of [officer, auditor]) {
      const res = await get(`/files/${fileId}/content`, who.cookie);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(pdf)).toBe(true);
    }
  });

  it('another applicant, an expert and another tenant get 404, the same as a file that does not exist', async () => {
    const none = expectProblem(await get(`/files/${RANDOM_UUID}/content`, applicant2.cookie), 404, 'NOT_FOUND');
    for (const who of [applicant2, expert, otherAdmin]) {
      for (const url of [`/files/${fileId}/content`, `/files/${fileId}`]) {
        const res = await get(url, who.cookie);
        const body = expectProblem(res, 404, 'NOT_FOUND');
        expect(body.detail).toBe(none.detail);
        expect(res.body).not.toContain('budget');
      }
    }
  });

  it('401 without a session; 400 for a malformed id', async () => {
    expectProblem(await get(`/files/${fileId}/content`), 401, 'AUTH_REQUIRED');
    expectProblem(await get(`/files/${fileId}`), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/files/../../etc/passwd/content', applicant.cookie), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await get('/files/not-a-uuid/content', applicant.cookie), 400, 'VALIDATION_FAILED');
  });

  it('identical uploads by two users are stored once but each sees only their own record', async () => {
    const png = makePng(5, 5, [1, 2, 3]);
    const a = (await upload(applicant.cookie, 'a.png', png)).json();
    const b = (await upload(applicant2.cookie, 'b.png', png)).json();
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect((await get(`/files/${a.id}/content`, applicant2.cookie)).statusCode).toBe(404);
    expect((await get(`/files/${b.id}/content`, applicant2.cookie)).rawPayload.equals(png)).toBe(true);
  });
});
