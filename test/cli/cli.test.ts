import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, lockDataDir, type Database } from '../../src/platform/db/client.ts';
import { codeMigrations, packageRoot } from '../../src/platform/db/migrate.ts';

// The `kechuang` command, run as a separate process exactly as an operator would run it
// (`tsx src/cli.ts`, here `node --import tsx` to start one process instead of two). Each run costs
// a second or two, so independent checks run side by side and the life-cycle is one sequence.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kc-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// At most two CLI processes at a time (one per core of the CI machine): the tests below run
// concurrently, and more processes would only make each one slower. The life-cycle is one long
// sequence, so its runs go first in the queue and the independent checks fill the other slot.
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>, first = false): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => (first ? waiting.unshift(r) : waiting.push(r)));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Run the CLI with a minimal environment: no inherited DATABASE_URL unless given. */
function cli(args: string[], opts: { dataDir?: string; databaseUrl?: string; env?: Record<string, string>; input?: string; first?: boolean } = {}): Promise<Run> {
  return slot(() => spawnCli(args, opts), opts.first);
}

function spawnCli(args: string[], opts: { dataDir?: string; databaseUrl?: string; env?: Record<string, string>; input?: string }): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    DATA_DIR: opts.dataDir ?? tempDir(),
    LOG_LEVEL: 'silent',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: packageRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Where the life-cycle's database lives: a DATA_DIR (PGlite), or a new empty PostgreSQL database. */
async function target(): Promise<{ dataDir: string; databaseUrl?: string; open(): Promise<Database>; kind: string }> {
  const dataDir = tempDir();
  const url = process.env.DATABASE_URL;
  if (!url) return { dataDir, kind: 'pglite', open: () => connect({ dataDir }) };
  const name = `kc_cli_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  const u = new URL(url);
  u.pathname = '/' + name;
  return { dataDir, databaseUrl: u.toString(), kind: 'postgres', open: () => connect({ databaseUrl: u.toString(), poolSize: 1 }) };
}

function expectOk(r: Run, what: string) {
  expect({ what, code: r.code, stderr: r.stderr }).toEqual({ what, code: 0, stderr: '' });
}

describe('kechuang CLI', () => {
  it.concurrent('prints help for the program and every command', async () => {
    const cmds = [[], ['serve'], ['migrate'], ['seed-demo'], ['create-tenant'], ['create-user'], ['audit'], ['audit', 'verify'], ['audit', 'export'], ['calendar', 'enter']];
    const runs = await Promise.all(cmds.map((c) => cli([...c, '--help'])));
    runs.forEach((r, i) => expectOk(r, `${cmds[i]!.join(' ')} --help`));
    const [root, serve, migrate, seed, tenant, user, audit, verify, exp, calendarEnter] = runs.map((r) => r.stdout);
    expect(root).toMatch(/^Usage: kechuang \[options\] \[command\]/);
    for (const c of ['serve', 'migrate', 'seed-demo', 'create-tenant', 'create-user', 'audit', 'calendar']) expect(root).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(root).toContain('DATA_DIR');
    expect(serve).toContain('Usage: kechuang serve');
    expect(migrate).toContain('apply pending database migrations');
    expect(seed).toContain('Usage: kechuang seed-demo');
    for (const o of ['--slug <slug>', '--name-zh <name>', '--name-en <name>']) expect(tenant).toContain(o);
    for (const o of ['--tenant <slug>', '--email <email>', '--name <name>', '--roles <roles>', '--mobile <mobile>', '--password-stdin', 'KECHUANG_PASSWORD', 'facility_manager']) expect(user).toContain(o);
    expect(audit).toMatch(/verify \[options\]/);
    expect(audit).toMatch(/export \[options\]/);
    for (const o of ['--tenant <slug>', '--json', 'exit 3']) expect(verify).toContain(o);
    expect(exp).toContain('--out <file>');
    for (const o of ['--year <year>', '--holidays <dates>', '--workdays <dates>', '--source <notice>']) expect(calendarEnter).toContain(o);
    expect(root).toContain('--version');
  }, 180_000);

  it.concurrent('refuses bad arguments with a clear message and a non-zero exit, before touching the database', async () => {
    const dataDir = tempDir();
    const [badRole, noPassword, badSlug] = await Promise.all([
      cli(['create-user', '--tenant', 't', '--email', 'a@b.cn', '--name', 'A', '--roles', 'admin,root'], { dataDir, env: { KECHUANG_PASSWORD: 'Passw0rd-cli-1' } }),
      cli(['create-user', '--tenant', 't', '--email', 'a@b.cn', '--name', 'A', '--roles', 'admin'], { dataDir }),
      cli(['create-tenant', '--slug', 'Bad Slug!', '--name-zh', '坏', '--name-en', 'Bad'], { dataDir }),
    ]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('unknown role "root" (one of admin, officer, applicant, expert, facility_manager, auditor)');
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('kechuang: give the password in KECHUANG_PASSWORD or with --password-stdin');
    expect(badSlug.code).toBe(1);
    expect(badSlug.stderr).toContain('--slug must be 2–63 lower-case letters, digits or dashes');
    for (const r of [badRole, noPassword, badSlug]) expect(r.stdout).toBe('');
    // Nothing was created in DATA_DIR.
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
  }, 180_000);

  it.concurrent('calendar: an operator enters next year’s holiday arrangement from the notice; a bad one is refused with every problem, nothing stored', async () => {
    const dataDir = tempDir();
    expectOk(await cli(['migrate'], { dataDir }), 'migrate');
    const bad = await cli(['calendar', 'enter', '--year', '2027', '--holidays', '2027-01-01..2027-01-03', '--workdays', '2027-02-19', '--source', '测试'], { dataDir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('kechuang: CALENDAR_ARRANGEMENT_INVALID: nothing stored\n');
    expect(bad.stderr).toContain('  workdays: declared working days must be Saturdays or Sundays: 2027-02-19 (调休上班日须为周六或周日：2027-02-19)');
    expect(bad.stderr).toContain('  holidays: incomplete arrangement');
    const typo = await cli(['calendar', 'enter', '--year', '2027', '--holidays', '2027-02-30', '--source', '测试'], { dataDir });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('"2027-02-30" is not a date (YYYY-MM-DD) or a range');
    const good = await cli(['calendar', 'enter', '--year', '2027', '--holidays', '2027-01-01..2027-01-03,2027-02-05..2027-02-13,2027-10-01..2027-10-07', '--workdays', '2027-02-20,2027-09-26', '--source', '测试用安排'], { dataDir });
    expectOk(good, 'calendar enter');
    expect(good.stdout).toBe('2027 entered: 19 days off, 2 weekend days worked; covered now 2004–2027\n');
    const list = await cli(['calendar', 'list'], { dataDir });
    expectOk(list, 'calendar list');
    expect(list.stdout).toMatch(/^covered: 2004–2027 \(built-in data to 2026, entered 2027\)\n2027: 19 days off, 2 weekend days worked — 测试用安排; entered by system:cli:\S+ at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(in force\)\n$/);
  }, 180_000);

  it.concurrent('refuses a DATA_DIR that another process holds, naming it, and leaves it alone', async () => {
    const dataDir = tempDir();
    const release = lockDataDir(dataDir);
    try {
      const r = await cli(['migrate'], { dataDir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`kechuang: DATA_DIR ${dataDir} is in use by another Kechuang process (pid ${process.pid})`);
      expect(r.stderr).toContain('stop the other process or use another DATA_DIR');
      expect(r.stdout).toBe('');
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
      expect(readFileSync(join(dataDir, 'kechuang.lock'), 'utf8')).toBe(String(process.pid));
    } finally {
      release();
    }
  }, 180_000);

  it.concurrent('life-cycle: migrate, seed-demo twice, create-tenant, create-user, audit verify; tampering → exit 3', async () => {
    // Migrating twice is covered in-process (src/platform/db/migrate.test.ts); here each run counts.
    const db = await target();
    const run = (args: string[], extra: { env?: Record<string, string>; input?: string } = {}) =>
      cli(args, { dataDir: db.dataDir, ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), ...extra, first: true });
    const n = codeMigrations().length;

    // Before migrating, commands that need the schema say so.
    const early = await run(['create-tenant', '--slug', 'early', '--name-zh', '早', '--name-en', 'Early']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('the database is not migrated; run `kechuang migrate` first');

    let r = await run(['migrate']);
    expectOk(r, 'migrate');
    expect(r.stdout).toBe(`database ${db.kind}: ${n} migration(s) applied, ${n} in total, schema current\n`);

    r = await run(['seed-demo']);
    expectOk(r, 'seed-demo');
    expect(r.stdout).toBe('demo data seeded: tenant "beijing"\n');
    r = await run(['seed-demo']);
    expectOk(r, 'seed-demo again');
    expect(r.stdout).toBe('demo tenant already exists; nothing changed\n');

    r = await run(['create-tenant', '--slug', 'huairou', '--name-zh', '怀柔科学城', '--name-en', 'Huairou Science City']);
    expectOk(r, 'create-tenant');
    expect(r.stdout).toMatch(/^tenant huairou created \([0-9a-f-]{36}\)\n$/);

    r = await run(['create-user', '--tenant', 'huairou', '--email', 'Admin@Huairou.cn', '--name', '怀柔管理员', '--roles', 'officer,admin', '--mobile', '13900001111'], { env: { KECHUANG_PASSWORD: 'Huairou-admin-2026' } });
    expectOk(r, 'create-user');
    expect(r.stdout).toBe('user admin@huairou.cn created in huairou with roles admin, officer\n');
    // The password can also come on standard input (first line), and service errors keep their code.
    r = await run(['create-user', '--tenant', 'huairou', '--email', 'weak@huairou.cn', '--name', '弱', '--roles', 'expert', '--password-stdin'], { input: 'weakpassword\nignored\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kechuang: PASSWORD_TOO_WEAK: /);

    r = await run(['audit', 'verify']);
    expectOk(r, 'audit verify');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^beijing: OK, \d+ events, head [0-9a-f]{64}$/);
    const huairou = /^huairou: OK, (\d+) events, head ([0-9a-f]{64})$/.exec(lines[1]!);
    expect(huairou, lines[1]).not.toBeNull();

    // An attacker with superuser rights rewrites the user.created event of the admin.
    const database = await db.open();
    let victim: { id: number; chain_seq: number };
    try {
      const rows = await database.query<{ id: string | number; chain_seq: string | number; password_hash: string | null }>(
        "select e.id, e.chain_seq, u.password_hash from audit_events e join tenants t on t.id = e.tenant_id join users u on u.id::text = e.target_id where t.slug = 'huairou' and e.action = 'user.created' order by e.chain_seq",
      );
      expect(rows).toHaveLength(1);
      expect(rows.every((x) => x.password_hash?.startsWith('$argon2id$'))).toBe(true);
      // What verify counted is the tenant's whole chain, ending at its head.
      const chain = await database.query<{ action: string; hash: string }>(
        "select e.action, e.hash from audit_events e join tenants t on t.id = e.tenant_id where t.slug = 'huairou' order by e.chain_seq",
      );
      expect(chain).toHaveLength(Number(huairou![1]));
      expect(chain.at(-1)!.hash).toBe(huairou![2]);
      expect(chain[0]!.action).toBe('tenant.created');
      victim = { id: Number(rows[0]!.id), chain_seq: Number(rows[0]!.chain_seq) };
      await database.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      await database.query(`update audit_events set summary = jsonb_set(summary, '{roles}', '["officer"]') where id = $1`, [victim.id]);
      await database.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    } finally {
      await database.close();
    }

    r = await run(['audit', 'verify']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^beijing: OK, /m);
    expect(r.stdout).toContain(`huairou: BROKEN at event #${victim.chain_seq} (id ${victim.id}): hash_mismatch; ${victim.chain_seq - 1} events before it verified\n`);
  }, 300_000);
});
