import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import { makePdf, multipart, tokenFromMail } from '../../../test/http/support.ts';
import type { TenantRow } from '../auth/auth.service.ts';
import { creditCodeFrom } from '../../seed/demo.ts';
import { packageRoot } from '../db/migrate.ts';
import { inTransaction } from '../db/tx.ts';
import { appendAudit, verifyAllChains, verifyTenantChain } from './audit.service.ts';
import { eventHash } from './chain.ts';

// The audit trail against a real database: every command leaves its event, the chain holds
// under concurrency, the table refuses changes, and tampering by a superuser is detected.
let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env.close());

const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => env.services.database.query<T>(sql, params);
const sys = (t: TenantRow) => ({ tenantId: t.id, actorUserId: null, actorLabel: 'system:test', requestId: null });
let ip = 0;
function call(method: 'GET' | 'POST' | 'PATCH', url: string, cookie?: string, payload?: unknown, headers: Record<string, string> = {}) {
  ip++;
  return env.app.inject({ method, url: `/api/v1${url}`, headers: { ...headers, ...(cookie ? { cookie } : {}) }, remoteAddress: `10.9.${ip >> 8}.${ip & 255}`, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Tampering as an attacker with superuser rights would: switch the guard off, change, switch it on. */
async function asSuperuser(sql: string, params?: unknown[]) {
  await q('ALTER TABLE audit_events DISABLE TRIGGER USER');
  try {
    await q(sql, params);
  } finally {
    await q('ALTER TABLE audit_events ENABLE TRIGGER USER');
  }
}

describe('every state-changing command writes its audit event', () => {
  it('appends exactly the expected actions, command by command, and the chain verifies', async () => {
    const t = await env.tenant();
    let seen = (await q<{ n: number }>('select count(*)::int as n from audit_events where tenant_id = $1', [t.id]))[0]!.n;
    expect(seen).toBe(1);
    const step = async (expected: string[], fn: () => Promise<unknown>) => {
      await fn();
      const rows = await q<{ action: string }>('select action from audit_events where tenant_id = $1 and chain_seq > $2 order by chain_seq', [t.id, seen]);
      expect(rows.map((r) => r.action)).toEqual(expected);
      seen += rows.length;
    };
    const ok = (res: { statusCode: number; body: string }, status = 200) => expect(res.statusCode, res.body).toBe(status);

    let admin = '';
    let adminCookie = '';
    await step(['user.created'], async () => {
      const u = await env.user(t, ['admin']);
      admin = u.email;
    });
    await step(['auth.login_succeeded'], async () => {
      adminCookie = await env.login(t, admin);
    });
    await step(['auth.login_failed'], async () => ok(await call('POST', '/auth/login', undefined, { tenant: t.slug, identifier: admin, password: 'wrong-password-1' }), 401));
    let invitedId = '';
    await step(['user.invited'], async () => {
      const res = await call('POST', '/users/invitations', adminCookie, { email: 'trail@example.cn', displayName: '留痕', roles: ['applicant'] });
      ok(res, 201);
      invitedId = res.json().id;
    });
    await step(['user.invitation_accepted'], async () => ok(await call('POST', '/auth/invitations/accept', undefined, { token: await tokenFromMail(env, 'trail@example.cn', 'accept-invite'), password: 'Trail-pass-2026' })));
    let userCookie = '';
    await step(['auth.login_succeeded'], async () => {
      userCookie = await env.login(t, 'trail@example.cn', 'Trail-pass-2026');
    });
    await step(['user.profile_updated', 'user.roles_changed'], async () => ok(await call('PATCH', `/users/${invitedId}`, adminCookie, { displayName: '留痕二', roles: ['applicant', 'expert'] })));
    await step(['organization.created'], async () =>
      ok(await call('POST', '/organizations', adminCookie, { creditCode: creditCodeFrom('91110108MA0300001'), nameZh: '留痕公司', type: 'enterprise' }), 201),
    );
    await step(['file.uploaded'], async () => {
      const m = multipart('trail.pdf', makePdf());
      ok(await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: m.payload, headers: { ...m.headers, cookie: userCookie } }), 201);
    });
    await step(['auth.password_changed'], async () => ok(await call('POST', '/auth/password', userCookie, { currentPassword: 'Trail-pass-2026', newPassword: 'Trail-pass-2027' })));
    await step(['auth.sessions_revoked'], async () => ok(await call('POST', `/users/${invitedId}/revoke-sessions`, adminCookie)));
    await step(['auth.password_reset_requested'], async () => ok(await call('POST', '/auth/password-reset/request', undefined, { tenant: t.slug, email: 'trail@example.cn' }), 202));
    await step(['auth.password_reset_completed'], async () => ok(await call('POST', '/auth/password-reset/confirm', undefined, { token: await tokenFromMail(env, 'trail@example.cn', 'reset-password'), password: 'Trail-pass-2028' })));
    await step(['auth.login_succeeded'], async () => {
      userCookie = await env.login(t, 'trail@example.cn', 'Trail-pass-2028');
    });
    expect(userCookie).not.toBe('');
    await step(['user.disabled', 'auth.sessions_revoked'], async () => ok(await call('POST', `/users/${invitedId}/disable`, adminCookie, {})));
    await step(['user.enabled'], async () => ok(await call('POST', `/users/${invitedId}/enable`, adminCookie)));
    await step(['auth.logged_out'], async () => ok(await call('POST', '/auth/logout', adminCookie)));
    // Reads and refused commands leave no trace.
    let c = '';
    await step(['auth.login_succeeded'], async () => {
      c = await env.login(t, admin);
    });
    await step([], async () => {
      ok(await call('GET', '/users', c));
      ok(await call('GET', '/audit/events', c));
      ok(await call('POST', '/audit/verify', c));
      ok(await call('POST', '/organizations', c, { creditCode: '91110108MA0300001X', nameZh: '无效', type: 'enterprise' }), 400);
      ok(await call('PATCH', `/users/${invitedId}`, c, { roles: ['root'] }), 400);
    });

    const r = await verifyTenantChain(env.services.database.db, t.id, t.slug);
    expect(r).toMatchObject({ ok: true, events: seen });
  });

  it('the event carries actor, target, request id and the previous event’s hash', async () => {
    const t = await env.tenant();
    const admin = await env.as(t, ['admin']);
    const res = await call('POST', '/organizations', admin.cookie, { creditCode: creditCodeFrom('91110108MA0300002'), nameZh: '溯源公司', type: 'enterprise' }, { 'x-request-id': 'trace-audit-0042' });
    const [ev, prev] = await q<{ hash: string; prev_hash: string; actor_user_id: string; target_id: string; request_id: string }>(
      'select hash, prev_hash, actor_user_id, target_id, request_id from audit_events where tenant_id = $1 order by chain_seq desc limit 2',
      [t.id],
    );
    expect(ev).toMatchObject({ prev_hash: prev!.hash, actor_user_id: admin.user.id, target_id: res.json().id, request_id: 'trace-audit-0042' });
    expect(ev!.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the chain', () => {
  it('verifies after many commands, across verification pages', async () => {
    const t = await env.tenant();
    for (let i = 0; i < 60; i++) {
      await env.services.registry.createOrganization(sys(t), { creditCode: creditCodeFrom(`91110108MA04${String(i).padStart(5, '0')}`), nameZh: `批量公司${i}`, type: 'enterprise' });
    }
    const r = await verifyTenantChain(env.services.database.db, t.id, t.slug, 7);
    expect(r).toMatchObject({ ok: true, events: 61 });
    const [head] = await q<{ chain_seq: number | string; hash: string }>('select chain_seq, hash from audit_heads where tenant_id = $1', [t.id]);
    expect(Number(head!.chain_seq)).toBe(61);
    expect(r.headHash).toBe(head!.hash);
  });

  it('20 concurrent commands in one tenant still make one unbroken chain', async () => {
    const t = await env.tenant();
    const officer = await env.as(t, ['officer']);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', '/organizations', officer.cookie, { creditCode: creditCodeFrom(`91110108MA05${String(i).padStart(5, '0')}`), nameZh: `并发公司${i}`, type: 'enterprise' }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    // And the same through the service, interleaved with appends in another tenant.
    const other = await env.tenant();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(env.services.database.db, (tx) =>
          appendAudit(tx, i % 2 ? sys(t) : sys(other), { action: 'organization.updated', targetType: 'organization', targetId: String(i), summary: { fields: ['nameZh'] } }),
        ),
      ),
    );
    const rows = await q<{ chain_seq: number | string }>('select chain_seq from audit_events where tenant_id = $1 order by chain_seq', [t.id]);
    expect(rows.map((r) => Number(r.chain_seq))).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows.length).toBe(1 + 1 + 1 + 20 + 10); // tenant, officer created, sign-in, 20 organisations, 10 appends
    for (const tt of [t, other]) expect(await verifyTenantChain(env.services.database.db, tt.id, tt.slug)).toMatchObject({ ok: true });
  });
});

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of audit_events, whoever asks', async () => {
    const t = await env.tenant();
    const before = await q('select * from audit_events where tenant_id = $1 order by id', [t.id]);
    await expect(q("update audit_events set summary = '{}'::jsonb where tenant_id = $1", [t.id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(q('delete from audit_events where tenant_id = $1', [t.id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(q('truncate audit_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(q('truncate audit_events cascade')).rejects.toThrow(/append-only/);
    // Drizzle goes through the same guard.
    await expect(env.services.database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    expect(await q('select * from audit_events where tenant_id = $1 order by id', [t.id])).toEqual(before);
    expect(await verifyTenantChain(env.services.database.db, t.id, t.slug)).toMatchObject({ ok: true });
  });
});

describe('tampering is detected', () => {
  async function tenantWithEvents() {
    const t = await env.tenant();
    for (let i = 0; i < 5; i++) {
      await env.services.registry.createOrganization(sys(t), { creditCode: creditCodeFrom(`91110108MA060000${i}`), nameZh: `篡改测试${i}`, type: 'enterprise' });
    }
    const events = await q<{ id: number | string; chain_seq: number | string }>('select id, chain_seq from audit_events where tenant_id = $1 order by chain_seq', [t.id]);
    return { t, events: events.map((e) => ({ id: Number(e.id), chainSeq: Number(e.chain_seq) })) };
  }

  it('a changed summary is named: chain position, id and hash_mismatch — by the service, the API and verifyAllChains', async () => {
    const { t, events } = await tenantWithEvents();
    const bystander = await tenantWithEvents();
    const victim = events[3]!;
    await asSuperuser(`update audit_events set summary = jsonb_set(summary, '{nameZh}', '"被改过的名字"') where id = $1`, [victim.id]);
    // The guard is back on afterwards.
    await expect(q('update audit_events set action = action where id = $1', [victim.id])).rejects.toThrow(/append-only/);

    const r = await verifyTenantChain(env.services.database.db, t.id, t.slug);
    expect(r).toMatchObject({ ok: false, events: 3, broken: { chainSeq: victim.chainSeq, id: victim.id, reason: 'hash_mismatch' } });
    // The verified prefix ends at the event before the broken one.
    const [lastGood] = await q<{ hash: string }>('select hash from audit_events where id = $1', [events[2]!.id]);
    expect(r.headHash).toBe(lastGood!.hash);

    const auditor = await env.as(t, ['auditor']);
    const res = await call('POST', '/audit/verify', auditor.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, broken: { chainSeq: victim.chainSeq, id: victim.id, reason: 'hash_mismatch' } });

    const all = await verifyAllChains(env.services.database.db);
    expect(all.filter((x) => !x.ok).map((x) => x.tenantId)).toContain(t.id);
    expect(all.find((x) => x.tenantId === bystander.t.id)).toMatchObject({ ok: true });
  });

  it('a deleted event in the middle is a sequence_gap; a deleted last event is a head_mismatch', async () => {
    const a = await tenantWithEvents();
    await asSuperuser('delete from audit_events where id = $1', [a.events[2]!.id]);
    expect(await verifyTenantChain(env.services.database.db, a.t.id, a.t.slug)).toMatchObject({ ok: false, events: 2, broken: { chainSeq: a.events[3]!.chainSeq, reason: 'sequence_gap' } });

    const b = await tenantWithEvents();
    await asSuperuser('delete from audit_events where id = $1', [b.events.at(-1)!.id]);
    expect(await verifyTenantChain(env.services.database.db, b.t.id, b.t.slug)).toMatchObject({ ok: false, broken: { reason: 'head_mismatch' } });
  });

  it('an event rewritten with a recomputed hash breaks the next link (prev_hash_mismatch)', async () => {
    const { t, events } = await tenantWithEvents();
    const victim = events[1]!;
    // A careful attacker recomputes the tampered event's own hash; the next event still points at the old one.
    const [row] = await q<Record<string, unknown>>('select * from audit_events where id = $1', [victim.id]);
    const forged = {
      tenantId: row!.tenant_id as string,
      chainSeq: Number(row!.chain_seq),
      actorUserId: row!.actor_user_id as string | null,
      actorLabel: row!.actor_label as string,
      action: row!.action as string,
      targetType: row!.target_type as string,
      targetId: row!.target_id as string,
      summary: { ...(row!.summary as object), nameZh: '伪造' },
      requestId: row!.request_id as string | null,
      occurredAt: new Date(row!.occurred_at as string),
      prevHash: row!.prev_hash as string,
    };
    await asSuperuser('update audit_events set summary = $2::jsonb, hash = $3 where id = $1', [victim.id, JSON.stringify(forged.summary), eventHash(forged)]);
    expect(await verifyTenantChain(env.services.database.db, t.id, t.slug)).toMatchObject({ ok: false, broken: { chainSeq: events[2]!.chainSeq, reason: 'prev_hash_mismatch' } });
  });

  it('the JSON Lines export passes the standalone verifier, and fails it after tampering', async () => {
    const { t, events } = await tenantWithEvents();
    const auditor = await env.as(t, ['auditor']);
    const officer = await env.as(t, ['officer']);
    expect((await call('GET', '/audit/export', officer.cookie)).statusCode).toBe(403);
    const dir = mkdtempSync(join(tmpdir(), 'kc-export-'));
    try {
      const exportAndVerify = async () => {
        const res = await call('GET', '/audit/export', auditor.cookie);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.jsonl"$/);
        const file = join(dir, 'audit.jsonl');
        writeFileSync(file, res.body);
        return { lines: res.body.trim().split('\n'), run: spawnSync(process.execPath, [join(packageRoot, 'tools', 'verify-audit-export.mjs'), file], { encoding: 'utf8' }) };
      };
      const good = await exportAndVerify();
      const n = (await q<{ n: number }>('select count(*)::int as n from audit_events where tenant_id = $1', [t.id]))[0]!.n;
      expect(good.lines).toHaveLength(n);
      expect(good.lines.map((l) => (JSON.parse(l) as { chainSeq: number }).chainSeq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(good.run.status).toBe(0);
      expect(good.run.stdout).toMatch(new RegExp(`^OK: ${n} events, head [0-9a-f]{64}`));

      const victim = events[2]!;
      await asSuperuser("update audit_events set actor_label = 'someone else' where id = $1", [victim.id]);
      const bad = await exportAndVerify();
      expect(bad.run.status).toBe(3);
      expect(bad.run.stdout).toContain(`BROKEN at event #${victim.chainSeq} (id ${victim.id}): hash does not match the content; ${victim.chainSeq - 1} events before it verified`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a chain head moved by hand is reported', async () => {
    const { t } = await tenantWithEvents();
    await q("update audit_heads set hash = repeat('a', 64) where tenant_id = $1", [t.id]);
    expect(await verifyTenantChain(env.services.database.db, t.id, t.slug)).toMatchObject({ ok: false, broken: { reason: 'head_mismatch' } });
  });
});
