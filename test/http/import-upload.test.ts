import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { expectProblem, multipart } from './support.ts';

// The registry import upload: its own size limit (IMPORT_MAX_BYTES, above UPLOAD_MAX_BYTES) and a clear
// refusal of CSV files that are not UTF-8 (GBK from Excel on Chinese Windows).
const UPLOAD_MAX = 64 * 1024;
const IMPORT_MAX = 256 * 1024;
let env: TestEnv;
let t: TenantRow;
let officer: { user: UserWithRoles; cookie: string };

beforeAll(async () => {
  env = await testEnv({ env: { UPLOAD_MAX_BYTES: String(UPLOAD_MAX), IMPORT_MAX_BYTES: String(IMPORT_MAX) } });
  t = await env.tenant();
  officer = await env.as(t, ['officer']);
});
afterAll(() => env.close());

function upload(url: string, filename: string, data: Buffer) {
  const m = multipart(filename, data);
  return env.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: m.payload, headers: { ...m.headers, cookie: officer.cookie } });
}
const importCsv = (filename: string, data: Buffer) => upload('/registry/imports?kind=organizations', filename, data);
const importCount = async () => Number((await env.services.database.query<{ n: number }>('select count(*)::int as n from registry_imports where tenant_id = $1', [t.id]))[0]!.n);

/** A well-formed organisations CSV of about `bytes` bytes (the check runs later; the upload only stores it). */
function csvOfSize(bytes: number): Buffer {
  const header = '\ufeff统一社会信用代码,名称,类型\n';
  const line = '91110108MA01ABCDE0,北京示例科技有限公司,企业\n';
  return Buffer.from(header + line.repeat(Math.ceil(bytes / Buffer.byteLength(line))));
}

// "生物医药" and "名称,类型" in GBK, written out by hand: every Chinese character is two bytes ≥ 0x81.
const GBK_NAME_TYPE = [0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xc0, 0xe0, 0xd0, 0xcd];
const GBK_BIOPHARMA = [0xc9, 0xfa, 0xce, 0xef, 0xd2, 0xbd, 0xd2, 0xa9];

describe('IMPORT_MAX_BYTES', () => {
  it('defaults to 64 MiB, apart from the general upload limit', () => {
    const c = loadConfig({ DATA_DIR: env.config.dataDir, SESSION_SECRET: 'x'.repeat(40) });
    expect(c.importMaxBytes).toBe(64 * 1024 * 1024);
    expect(c.uploadMaxBytes).toBe(20 * 1024 * 1024);
    expect(loadConfig({ DATA_DIR: env.config.dataDir, SESSION_SECRET: 'x'.repeat(40), IMPORT_MAX_BYTES: '1000' }).importMaxBytes).toBe(1000);
    expect(() => loadConfig({ DATA_DIR: env.config.dataDir, SESSION_SECRET: 'x'.repeat(40), IMPORT_MAX_BYTES: '64MB' })).toThrow(/IMPORT_MAX_BYTES/);
  });

  it('an import above UPLOAD_MAX_BYTES but within IMPORT_MAX_BYTES is accepted; the general upload still refuses that size', async () => {
    const data = csvOfSize(UPLOAD_MAX * 2);
    expect(data.length).toBeGreaterThan(UPLOAD_MAX);
    expect(data.length).toBeLessThan(IMPORT_MAX);
    const res = await importCsv('big.csv', data);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ kind: 'organizations', format: 'csv', status: 'parsing' });
    expectProblem(await upload('/files', 'big.csv', data), 413, 'FILE_TOO_LARGE');
  });

  it('an import above IMPORT_MAX_BYTES gets the usual 413 FILE_TOO_LARGE, and no session', async () => {
    const before = await importCount();
    expectProblem(await importCsv('huge.csv', csvOfSize(IMPORT_MAX + 1024)), 413, 'FILE_TOO_LARGE');
    expect(await importCount()).toBe(before);
  });
});

describe('CSV that is not UTF-8', () => {
  it('a GBK CSV is refused with CSV_NOT_UTF8 and a message that says how to save it, and no session', async () => {
    const before = await importCount();
    const gbk = Buffer.from([...GBK_NAME_TYPE, 0x0a, ...GBK_BIOPHARMA, 0x2c, 0xc6, 0xf3, 0xd2, 0xb5, 0x0a]); // 名称,类型 / 生物医药,企业
    const body = expectProblem(await importCsv('机构.csv', gbk), 415, 'CSV_NOT_UTF8');
    expect(body.message.zh).toContain('UTF-8');
    expect(body.message.zh).toContain('CSV UTF-8');
    expect(body.message.en).toMatch(/not UTF-8/);
    expect(await importCount()).toBe(before);
  });

  it('a UTF-16 "Unicode text" CSV gets the same answer; binary under a .csv name is still "file type not allowed"', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称,类型\n', 'utf16le')]);
    expectProblem(await importCsv('unicode.csv', utf16), 415, 'CSV_NOT_UTF8');
    expectProblem(await importCsv('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), 415, 'FILE_TYPE_NOT_ALLOWED');
  });

  it('UTF-8 with or without a BOM is accepted', async () => {
    const text = '统一社会信用代码,名称,类型\n91110108MA01ABCDE0,生物医药有限公司,企业\n';
    expect((await importCsv('bom.csv', Buffer.from('\ufeff' + text))).statusCode).toBe(202);
    expect((await importCsv('plain.csv', Buffer.from(text))).statusCode).toBe(202);
  });
});
