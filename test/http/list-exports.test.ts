import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { exportAuditEvents } from '../../src/platform/audit/audit.export.ts';
import { auditEventsMatching } from '../../src/platform/audit/audit.service.ts';
import { shanghaiDateTime } from '../../src/platform/export/index.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { testEnv, TEST_PASSWORD, type TestEnv } from '../helpers/app.ts';
import { expectProblem } from './support.ts';

// Exports of the users list and the audit log (xlsx and CSV, with the list's filters), through HTTP.
let env: TestEnv;
let t: TenantRow;
let other: TenantRow;
type Signed = { user: UserWithRoles; cookie: string };
let admin: Signed;
let auditor: Signed;
let officer: Signed;
let otherAdmin: Signed;
let otherAuditor: Signed;
let org: { id: string; nameZh: string };

const ctxOf = (tenant: TenantRow) => ({ tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null });

beforeAll(async () => {
  env = await testEnv();
  t = await env.tenant();
  other = await env.tenant();
  admin = await env.as(t, ['admin']);
  auditor = await env.as(t, ['auditor']);
  officer = await env.as(t, ['officer']);
  otherAdmin = await env.as(other, ['admin']);
  otherAuditor = await env.as(other, ['auditor']);
  org = await env.services.registry.createOrganization({ ...ctxOf(t), actorUserId: officer.user.id }, { creditCode: creditCodeFrom('91110108MA01EXPRT'), nameZh: '导出测试研究院', type: 'institute' });
  const mk = (tenant: TenantRow, email: string, displayName: string, roles: UserWithRoles['roles'], extra: { mobile?: string; organizationId?: string } = {}) =>
    env.services.auth.createUser(ctxOf(tenant), { email, displayName, password: TEST_PASSWORD, roles, mobile: extra.mobile ?? null, organizationId: extra.organizationId ?? null }, 'admin');
  await mk(t, 'zhang.expert@lab.cn', '张专家', ['expert'], { mobile: '13600000011', organizationId: org.id });
  await mk(t, 'li.expert@lab.cn', '李专家', ['expert', 'applicant']);
  await mk(t, '=formula@lab.cn', '=HYPERLINK("x")', ['applicant']);
  const wang = await mk(t, 'wang@lab.cn', '王停用', ['expert']);
  await env.services.auth.setDisabled(ctxOf(t), wang.id, true);
  await mk(other, 'secret.expert@other.cn', '他人专家', ['expert']);
});
afterAll(() => env.close());

const get = (url: string, cookie?: string) => env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });

async function readXlsx(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}
function csvLines(body: Buffer): string[] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return body.subarray(3).toString('utf8').trim().split(/\r?\n/);
}

describe('GET /users/export', () => {
  it('401 without a session, 403 for roles that may not list users (officer, auditor) — before the query is looked at', async () => {
    expectProblem(await get('/users/export'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/users/export?format=pdf'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/users/export', officer.cookie), 403, 'FORBIDDEN');
    expectProblem(await get('/users/export?format=csv', auditor.cookie), 403, 'FORBIDDEN');
  });

  it('400 for an unknown format or filter value', async () => {
    expectProblem(await get('/users/export?format=pdf', admin.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/users/export?role=king', admin.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/users/export?nope=1', admin.cookie), 400, 'VALIDATION_FAILED');
  });

  it('xlsx by default: bilingual header, the filtered users in the list’s order, organisation name, Beijing times, no secrets', async () => {
    const res = await get('/users/export?role=expert&sort=email&order=asc&page=2&pageSize=1', admin.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual([
      '姓名 / Name',
      '电子邮箱 / E-mail',
      '手机号 / Mobile',
      '角色 / Roles',
      '状态 / Status',
      '已锁定 / Locked',
      '所属机构 / Organisation',
      '最近登录（北京时间） / Last sign-in (Beijing time)',
      '创建时间（北京时间） / Created (Beijing time)',
      '用户 ID / User ID',
    ]);
    // Paging is ignored: every expert, sorted like the list asked.
    expect(rows.slice(1).map((r) => r[1])).toEqual(['li.expert@lab.cn', 'wang@lab.cn', 'zhang.expert@lab.cn']);
    const zhang = rows.find((r) => r[1] === 'zhang.expert@lab.cn')!;
    const created = (await env.services.auth.listUsers(t.id, { q: 'zhang.expert', sort: 'email', order: 'asc', offset: 0, limit: 1 })).items[0]!;
    expect(zhang.slice(0, 7)).toEqual(['张专家', 'zhang.expert@lab.cn', '13600000011', '评审专家（expert）', '正常（active）', '否 no', '导出测试研究院']);
    expect(zhang[8]).toBe(shanghaiDateTime(created.createdAt));
    expect(zhang[8]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows.find((r) => r[1] === 'wang@lab.cn')![4]).toBe('已停用（disabled）');
    expect(rows.find((r) => r[1] === 'li.expert@lab.cn')![3]).toBe('申报单位（applicant）、评审专家（expert）');
    // No secrets: every cell is one of the columns above, none a password hash.
    expect(rows.every((r) => r.length <= 10)).toBe(true);
    expect(rows.flat().some((c) => typeof c === 'string' && c.startsWith('$argon2'))).toBe(false);
  });

  it('CSV: BOM, header, the text filter, formula-looking cells defused, last sign-in in Beijing time', async () => {
    const lines = csvLines((await get('/users/export?format=csv&q=lab.cn&status=active&sort=email&order=asc', admin.cookie)).rawPayload);
    expect(lines[0]).toBe('姓名 / Name,电子邮箱 / E-mail,手机号 / Mobile,角色 / Roles,状态 / Status,已锁定 / Locked,所属机构 / Organisation,最近登录（北京时间） / Last sign-in (Beijing time),创建时间（北京时间） / Created (Beijing time),用户 ID / User ID');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(["'=formula@lab.cn", 'li.expert@lab.cn', 'zhang.expert@lab.cn']);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""x""\)",/);
    const adminLine = csvLines((await get(`/users/export?format=csv&q=${encodeURIComponent(admin.user.email)}`, admin.cookie)).rawPayload)[1]!;
    const me = (await env.services.auth.listUsers(t.id, { q: admin.user.email, sort: 'email', order: 'asc', offset: 0, limit: 1 })).items[0]!;
    expect(me.lastLoginAt).not.toBeNull();
    expect(adminLine).toContain(`,${shanghaiDateTime(me.lastLoginAt)},`);
    expect(shanghaiDateTime(new Date('2026-01-31T20:15:00Z'))).toBe('2026-02-01 04:15:00');
  });

  it('never shows another tenant’s users, whatever the filters', async () => {
    const mine = csvLines((await get('/users/export?format=csv&role=expert', admin.cookie)).rawPayload).join('\n');
    expect(mine).not.toContain('secret.expert@other.cn');
    expect(mine).not.toContain(otherAdmin.user.email);
    const theirs = csvLines((await get('/users/export?format=csv', otherAdmin.cookie)).rawPayload);
    expect(theirs.slice(1).map((l) => l.split(',')[1]).sort()).toEqual([otherAdmin.user.email, otherAuditor.user.email, 'secret.expert@other.cn'].sort());
    expect(csvLines((await get('/users/export?format=csv&q=zhang.expert', otherAdmin.cookie)).rawPayload)).toHaveLength(1);
  });
});

describe('GET /audit/events/export', () => {
  it('401 without a session, 403 for roles that may not read the audit log', async () => {
    expectProblem(await get('/audit/events/export'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/audit/events/export?format=doc'), 401, 'AUTH_REQUIRED');
    expectProblem(await get('/audit/events/export', officer.cookie), 403, 'FORBIDDEN');
    expectProblem(await get('/audit/events/export?format=doc', auditor.cookie), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/audit/events/export?from=yesterday', auditor.cookie), 400, 'VALIDATION_FAILED');
  });

  it('xlsx: bilingual header and exactly the events the list shows for the same filters (action prefix, target, actor)', async () => {
    const list = (await get('/audit/events?action=user.&pageSize=200', auditor.cookie)).json<{ items: { chainSeq: number; action: string; targetId: string }[]; total: number }>();
    expect(list.total).toBeGreaterThan(4);
    const res = await get('/audit/events/export?action=user.&page=1&pageSize=1', auditor.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual([
      '链序号 / Chain seq',
      '时间（北京时间） / Time (Beijing time)',
      '操作人 / Actor',
      '操作人 ID / Actor ID',
      '操作 / Action',
      '对象类型 / Target type',
      '对象 ID / Target ID',
      '摘要 / Summary',
      '请求编号 / Request ID',
      '本条哈希 / Hash',
      '上条哈希 / Previous hash',
    ]);
    // Newest first by default, like the page; every matching event, not one page.
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.items.map((e) => e.chainSeq));
    expect(rows.slice(1).every((r) => String(r[4]).startsWith('user.'))).toBe(true);

    const byTarget = await readXlsx((await get(`/audit/events/export?targetType=organization&targetId=${org.id}&order=asc`, auditor.cookie)).rawPayload);
    expect(byTarget.slice(1).map((r) => [r[4], r[6], r[3]])).toEqual([['organization.created', org.id, officer.user.id]]);
    expect(JSON.parse(String(byTarget[1]![7]))).toMatchObject({ nameZh: '导出测试研究院' });

    const byActor = await readXlsx((await get(`/audit/events/export?actorUserId=${officer.user.id}`, auditor.cookie)).rawPayload);
    expect(byActor.length).toBeGreaterThan(1);
    expect(byActor.slice(1).every((r) => r[3] === officer.user.id)).toBe(true);
  });

  it('CSV: BOM, header, the date range and oldest-first order, times in Beijing time', async () => {
    const all = (await get('/audit/events?order=asc&pageSize=200', admin.cookie)).json<{ items: { chainSeq: number; occurredAt: string }[] }>().items;
    const from = all[2]!.occurredAt;
    const to = all.at(-2)!.occurredAt;
    const inRange = all.filter((e) => e.occurredAt >= from && e.occurredAt <= to);
    const res = await get(`/audit/events/export?format=csv&order=asc&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, admin.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/\.csv"; filename\*=UTF-8''/);
    const lines = csvLines(res.rawPayload);
    expect(lines[0]).toBe('链序号 / Chain seq,时间（北京时间） / Time (Beijing time),操作人 / Actor,操作人 ID / Actor ID,操作 / Action,对象类型 / Target type,对象 ID / Target ID,摘要 / Summary,请求编号 / Request ID,本条哈希 / Hash,上条哈希 / Previous hash');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(inRange.map((e) => e.chainSeq));
    const first = lines[1]!.split(',');
    expect(first[1]).toBe(shanghaiDateTime(new Date(inRange[0]!.occurredAt)));
  });

  it('never shows another tenant’s events', async () => {
    const theirs = csvLines((await get('/audit/events/export?format=csv', otherAuditor.cookie)).rawPayload).join('\n');
    expect(theirs).not.toContain(officer.user.id);
    expect(theirs).not.toContain(org.id);
    expect(theirs).not.toContain('zhang.expert@lab.cn');
    expect(theirs).toContain('secret.expert@other.cn');
    const mine = csvLines((await get('/audit/events/export?format=csv', auditor.cookie)).rawPayload).join('\n');
    expect(mine).not.toContain('secret.expert@other.cn');
  });

  it('xlsx is bounded by the worksheet size: a larger selection is refused with EXPORT_TOO_LARGE, CSV is not', async () => {
    await expect(exportAuditEvents(env.services.database.db, t.id, {}, 'desc', 'xlsx', new Date(), 3)).rejects.toMatchObject({ code: 'EXPORT_TOO_LARGE' });
    const csv = await exportAuditEvents(env.services.database.db, t.id, {}, 'desc', 'csv', new Date(), 3);
    const chunks: Buffer[] = [];
    for await (const c of csv.stream) chunks.push(c as Buffer);
    expect(csvLines(Buffer.concat(chunks)).length).toBeGreaterThan(4);
  });

  it('reads the log in keyset pages on the chain sequence, in either order, without skipping or repeating', async () => {
    const db = env.services.database.db;
    const seqs = async (order: 'asc' | 'desc', pageSize: number) => {
      const out: number[] = [];
      for await (const page of auditEventsMatching(db, t.id, { action: 'user.' }, order, pageSize)) out.push(...page.map((e) => e.chainSeq));
      return out;
    };
    const whole = await seqs('asc', 10_000);
    expect(whole.length).toBeGreaterThan(4);
    expect(await seqs('asc', 2)).toEqual(whole);
    expect(await seqs('desc', 3)).toEqual([...whole].reverse());
  });

  it('the JSON Lines export of the whole chain is still there', async () => {
    const res = await get('/audit/export', auditor.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
  });
});
