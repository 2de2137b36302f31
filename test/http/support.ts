import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestEnv } from '../helpers/app.ts';
import type { Problem } from '../../src/platform/http/problem.ts';

/**
 * Asserts an RFC 9457 problem answer: status, media type, stable code, bilingual message, and the
 * request id of the x-request-id header. Returns the body for further checks.
 */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect({ status: res.statusCode, body: res.body }).toMatchObject({ status });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(body.type).toBe(`urn:kechuang:problem:${code.toLowerCase().replaceAll('_', '-')}`);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.message.zh).toMatch(/\p{Script=Han}/u);
  expect(body.message.en).toMatch(/[A-Za-z]/);
  expect(typeof res.headers['x-request-id']).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

export const TABLES = ['tenants', 'users', 'user_roles', 'sessions', 'one_time_tokens', 'organizations', 'attachments', 'audit_events', 'jobs', 'mail_outbox'] as const;

/** Row counts of every platform table, to show that a refused command changed nothing. */
export async function rowCounts(env: TestEnv): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [r] = await env.services.database.query<{ n: number }>(`select count(*)::int as n from ${t}`);
    out[t] = Number(r!.n);
  }
  return out;
}

export async function auditActions(env: TestEnv, tenantId: string): Promise<string[]> {
  const rows = await env.services.database.query<{ action: string }>('select action from audit_events where tenant_id = $1 order by chain_seq', [tenantId]);
  return rows.map((r) => r.action);
}

/** The one-time token in the newest mail to this address (the only place it exists in clear). */
export async function tokenFromMail(env: TestEnv, to: string, kind: 'reset-password' | 'accept-invite'): Promise<string> {
  const rows = await env.services.database.query<{ body_text: string }>('select body_text from mail_outbox where to_address = $1 order by created_at desc limit 1', [to]);
  const m = new RegExp(`/${kind}\\?token=([A-Za-z0-9_-]+)`).exec(rows[0]?.body_text ?? '');
  if (!m) throw new Error(`no ${kind} mail to ${to}`);
  return m[1]!;
}

export function multipart(filename: string, data: Buffer, contentType = 'application/octet-stream', field = 'file') {
  const boundary = `----kc${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A small but well-formed one-page PDF with a correct cross-reference table. */
export function makePdf(text = 'Kechuang test'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 10 50 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 10 50 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid RGB PNG of the given size, filled with one colour. */
export function makePng(width = 2, height = 2, rgb: [number, number, number] = [200, 30, 30]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) raw.set(rgb, row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const RANDOM_UUID = '6f1c1b7e-3c1a-4c1e-9f7a-1b2c3d4e5f60';
