// HTTP throughput and latency of the platform next to a bare Fastify app on the same database engine.
//
//   npx tsx bench/http.ts [--rounds 3] [--duration 5] [--warmup 1] [--connections 32] [--extra-users 24] [--json out.json]
//   DATABASE_URL=postgres://postgres@127.0.0.1:54331/postgres npx tsx bench/http.ts
//
// The platform (node dist/cli.js serve) runs with demo data on a fresh DATA_DIR (PGlite) or a fresh
// database created on DATABASE_URL's server (dropped afterwards). The bare server (bench/bare-server.ts)
// runs in its own process on a copy of the platform's pgdata (PGlite is one process per directory)
// or on the same PostgreSQL database. Both run side by side and are loaded one at a time, alternating,
// for a few rounds; rows show medians over the rounds.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  createTempDatabase,
  engineFromEnv,
  ensureServerBuilt,
  errorCount,
  fmt,
  freePort,
  HOST,
  isMain,
  machine,
  measure,
  median,
  postmasterPid,
  redactUrl,
  sleep,
  startChild,
  stopChild,
  table,
  TARGET,
  waitFor200,
  wrkAvailable,
  type Child,
  type LoadResult,
  type TempDatabase,
} from './lib.ts';

export interface HttpOptions {
  durationS: number;
  warmupS: number;
  rounds: number;
  connections: number;
  threads: number;
  extraUsers: number;
  log: (s: string) => void;
}

export interface Pair {
  name: string;
  platform: Row;
  bare: Row;
  /** Ratio of the medians, and the range of the ratios of the adjacent measurements in each round. */
  rpsRatio: number;
  rpsRatioMin: number;
  rpsRatioMax: number;
  p99Ratio: number;
  /** Server CPU per request, platform / bare: the overhead with the machine's other load factored out. */
  cpuRatio: number;
}

export interface HttpReport {
  engine: 'pglite' | 'postgres';
  machine: string;
  date: string;
  /** 1, 5 and 15 minute load averages at the end. */
  loadAverage: number[];
  options: Omit<HttpOptions, 'log'>;
  usersInTenant: number;
  itemsPerPage: number;
  bodiesIdentical: { bare: boolean; fused: boolean };
  rows: Row[];
  pairs: Pair[];
}

const DEMO = { tenant: 'beijing', identifier: 'admin@demo.kechuang.cn', password: 'Demo2026kechuang' };
const USERS_PATH = '/api/v1/users?page=1&pageSize=20';

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kc_session='));
  if (!cookie) throw new Error('login set no kc_session cookie');
  return cookie.split(';')[0]!;
}

async function getJson(url: string, cookie: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: (await res.json()) };
}

/**
 * More users, so that page 1 of the list is a full page of 20 (the demo has 6). Plain SQL while no
 * server has the database open: invitations through the API would also queue e-mails for the job
 * runner to send during the measurement, and users as rows are all the list needs.
 */
const INSERT_USERS = `insert into users (tenant_id, email, display_name, status, created_at)
  select t.id, 'bench-' || i || '@bench.kechuang.cn', '压测用户' || i, 'invited', now() - make_interval(mins => i)
  from tenants t, generate_series(1, $1::int) as i where t.slug = 'beijing'`;
const INSERT_ROLES = `insert into user_roles (user_id, tenant_id, role)
  select id, tenant_id, 'applicant' from users where email like 'bench-%@bench.kechuang.cn'`;

async function addUsers(target: { pgdata: string } | { url: string }, n: number) {
  if (n === 0) return;
  if ('url' in target) {
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      await c.query(INSERT_USERS, [n]);
      await c.query(INSERT_ROLES);
    } finally {
      await c.end();
    }
    return;
  }
  const db = new PGlite(target.pgdata);
  try {
    await db.query(INSERT_USERS, [n]);
    await db.query(INSERT_ROLES);
  } finally {
    await db.close();
  }
}

/** Wait (bounded) until the job runner has nothing queued or running (start-up housekeeping), so it is idle under load. */
async function waitJobsIdle(base: string, cookie: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    let pending = 0;
    for (const status of ['queued', 'running']) {
      const r = await getJson(`${base}/api/v1/jobs?status=${status}&pageSize=1`, cookie);
      pending += r.status === 200 ? Number((r.body as { total: number }).total) : 0;
    }
    if (pending === 0) return true;
    await sleep(500);
  }
  return false;
}

interface Target {
  key: 'platform-health' | 'bare-health' | 'platform-users' | 'bare-users' | 'bare-fused';
  label: string;
  url: string;
  pid: number;
  headers?: Record<string, string>;
}

export interface Row {
  key: Target['key'];
  label: string;
  /** One measurement per round; the row shows medians over rounds. */
  rounds: LoadResult[];
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50ms: number;
  p90ms: number;
  p99ms: number;
  maxMs: number;
  errors: number;
  bytesPerRequest: number;
  serverCpuMsPerReq: number;
  postgresCpuMsPerReq: number | null;
  cores: LoadResult['cores'];
}

function summarize(t: Target, rounds: LoadResult[]): Row {
  const med = (f: (r: LoadResult) => number) => median(rounds.map(f));
  const rps = rounds.map((r) => r.rps);
  return {
    key: t.key,
    label: t.label,
    rounds,
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50ms: med((r) => r.p50ms),
    p90ms: med((r) => r.p90ms),
    p99ms: med((r) => r.p99ms),
    maxMs: Math.max(...rounds.map((r) => r.maxMs)),
    errors: rounds.reduce((n, r) => n + errorCount(r), 0),
    bytesPerRequest: med((r) => r.bytesPerRequest),
    serverCpuMsPerReq: med((r) => r.serverCpuMsPerReq),
    postgresCpuMsPerReq: rounds[0]?.postgresCpuMsPerReq === null ? null : med((r) => r.postgresCpuMsPerReq ?? NaN),
    cores: { server: med((r) => r.cores.server), postgres: med((r) => r.cores.postgres), wrk: med((r) => r.cores.wrk), others: med((r) => r.cores.others) },
  };
}

export async function runHttp(o: HttpOptions): Promise<HttpReport> {
  if (!wrkAvailable()) throw new Error('wrk is not installed (Debian: apt-get install -y wrk)');
  ensureServerBuilt(o.log);
  const engine = engineFromEnv();
  const tmp = mkdtempSync(join(os.tmpdir(), 'kc-bench-http-'));
  const secret = randomBytes(32).toString('base64url');
  let tdb: TempDatabase | undefined;
  const children: Child[] = [];
  try {
    if (engine.adminUrl) {
      tdb = await createTempDatabase(engine.adminUrl);
      o.log(`PostgreSQL: temporary database ${redactUrl(tdb.url)}`);
    }
    const postmaster = tdb ? await postmasterPid(tdb.url) : null;

    // --- the platform
    const port = await freePort();
    const base = `http://${HOST}:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: join(tmp, 'platform'),
      DATABASE_URL: tdb?.url ?? '',
      PORT: String(port),
      HOST,
      LOG_LEVEL: 'warn',
      DEMO: 'true',
      SESSION_SECRET: secret,
      LOGIN_RATE_LIMIT: '1000',
    };
    const startPlatform = async () => {
      const c = startChild(process.execPath, ['dist/cli.js', 'serve'], env, { cwd: TARGET });
      children.push(c);
      await waitFor200(`${base}/api/ready`, c, 120_000);
      return c;
    };
    // First start creates, migrates and seeds; sign in; add users (no server open); start again.
    o.log(`platform: first start of node dist/cli.js serve on ${engine.kind} (migrate, seed) …`);
    const first = await startPlatform();
    const cookie = await login(base);
    await stopChild(first);
    await addUsers(tdb ? { url: tdb.url } : { pgdata: join(tmp, 'platform', 'pgdata') }, o.extraUsers);
    // PGlite is one process per directory: the bare server gets a copy of the same bytes.
    if (engine.kind === 'pglite') cpSync(join(tmp, 'platform', 'pgdata'), join(tmp, 'bare-pgdata'), { recursive: true });
    const server = await startPlatform();
    if (!(await waitJobsIdle(base, cookie, 30_000))) o.log('warning: background jobs still pending after 30 s');
    const platformList = await getJson(`${base}${USERS_PATH}`, cookie);
    if (platformList.status !== 200) throw new Error(`platform ${USERS_PATH} answered ${platformList.status}`);
    const page = platformList.body as { items: unknown[]; total: number };

    // --- the bare server, same engine, same data, running beside the platform (loaded one at a time)
    const barePort = await freePort();
    const bareBase = `http://${HOST}:${barePort}`;
    const bareEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(barePort), HOST, SESSION_SECRET: secret, DATABASE_URL: tdb?.url ?? '', PGLITE_DIR: '' };
    if (engine.kind === 'pglite') bareEnv.PGLITE_DIR = join(tmp, 'bare-pgdata');
    o.log('bare: starting bench/bare-server.ts …');
    const bare = startChild(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], bareEnv);
    children.push(bare);
    await waitFor200(`${bareBase}/api/ready`, bare, 60_000);
    const FUSED_PATH = USERS_PATH.replace('/users', '/users-fused');
    const bareList = await getJson(`${bareBase}${USERS_PATH}`, cookie);
    const fusedList = await getJson(`${bareBase}${FUSED_PATH}`, cookie);
    const bodiesIdentical = { bare: isDeepStrictEqual(bareList.body, platformList.body), fused: isDeepStrictEqual(fusedList.body, platformList.body) };
    if (!bodiesIdentical.bare) o.log('warning: the bare server’s list differs from the platform’s');
    if (!bodiesIdentical.fused) o.log('warning: the fused list differs from the platform’s');
    o.log(`${page.total} users in the tenant, ${page.items.length} on page 1; ${o.rounds} rounds of ${o.warmupS} s warm-up + ${o.durationS} s per endpoint …`);

    const h = { cookie };
    const targets: Target[] = [
      { key: 'platform-health', label: 'platform GET /api/health', url: `${base}/api/health`, pid: server.pid },
      { key: 'bare-health', label: 'bare GET /api/health (hello world)', url: `${bareBase}/api/health`, pid: bare.pid },
      { key: 'platform-users', label: `platform GET ${USERS_PATH}`, url: `${base}${USERS_PATH}`, pid: server.pid, headers: h },
      { key: 'bare-users', label: `bare GET ${USERS_PATH} (same 5 statements)`, url: `${bareBase}${USERS_PATH}`, pid: bare.pid, headers: h },
      { key: 'bare-fused', label: `bare GET ${FUSED_PATH} (2 statements)`, url: `${bareBase}${FUSED_PATH}`, pid: bare.pid, headers: h },
    ];
    const measured = new Map<Target['key'], LoadResult[]>(targets.map((t) => [t.key, []]));
    for (let round = 1; round <= o.rounds; round++) {
      // Platform and bare alternate, and the order flips every round, so drift in the machine's load hits both alike.
      const order = round % 2 ? targets : [...targets].reverse();
      for (const t of order) {
        const r = await measure(t.label, t.url, {
          connections: o.connections,
          threads: o.threads,
          durationS: o.durationS,
          warmupS: round === 1 ? Math.max(o.warmupS, 3) : o.warmupS,
          serverPid: t.pid,
          postmaster,
          ...(t.headers ? { headers: t.headers } : {}),
        });
        measured.get(t.key)!.push(r);
        o.log(`  round ${round}: ${line(r)}`);
      }
    }
    const rows = targets.map((t) => summarize(t, measured.get(t.key)!));
    const row = (k: Target['key']) => rows.find((r) => r.key === k)!;
    const pair = (name: string, p: Row, b: Row): Pair => {
      const perRound = p.rounds.map((x, i) => x.rps / b.rounds[i]!.rps);
      return { name, platform: p, bare: b, rpsRatio: p.rps / b.rps, rpsRatioMin: Math.min(...perRound), rpsRatioMax: Math.max(...perRound), p99Ratio: p.p99ms / b.p99ms, cpuRatio: p.serverCpuMsPerReq / b.serverCpuMsPerReq };
    };
    return {
      engine: engine.kind,
      machine: machine(),
      date: new Date().toISOString(),
      loadAverage: os.loadavg(),
      options: { durationS: o.durationS, warmupS: o.warmupS, rounds: o.rounds, connections: o.connections, threads: o.threads, extraUsers: o.extraUsers },
      usersInTenant: page.total,
      itemsPerPage: page.items.length,
      bodiesIdentical,
      rows,
      pairs: [
        pair('/api/health: platform / hello world', row('platform-health'), row('bare-health')),
        pair('/api/v1/users: platform / bare, same 5 statements', row('platform-users'), row('bare-users')),
        pair('/api/v1/users: platform / bare, 2 fused statements', row('platform-users'), row('bare-fused')),
      ],
    };
  } finally {
    for (const c of children) await stopChild(c);
    await tdb?.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function line(r: LoadResult): string {
  return `${r.label}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50ms, 2)} ms, p99 ${fmt(r.p99ms, 2)} ms, errors ${errorCount(r)}, other load ${fmt(r.cores.others, 2)} cores`;
}

export function formatHttp(r: HttpReport): string {
  const out: string[] = [];
  const o = r.options;
  out.push(
    `HTTP on ${r.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} — ${o.connections} connections, ${o.threads} wrk thread; ${o.rounds} rounds, each ${o.warmupS} s warm-up (3 s in round 1) + ${o.durationS} s measured per endpoint; medians over rounds`,
  );
  out.push(`list: ${r.itemsPerPage} of ${r.usersInTenant} users per request; bare list identical to the platform's: ${r.bodiesIdentical.bare ? 'yes' : 'NO'}, fused: ${r.bodiesIdentical.fused ? 'yes' : 'NO'}`);
  out.push('');
  const pgCol = r.engine === 'postgres';
  out.push(
    table(
      ['endpoint', 'req/s', 'req/s range', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'bytes/resp', 'server CPU ms/req', ...(pgCol ? ['PG CPU ms/req'] : []), 'other load (cores)'],
      r.rows.map((x) => [
        x.label,
        fmt(x.rps),
        `${fmt(x.rpsMin)}–${fmt(x.rpsMax)}`,
        fmt(x.p50ms, 2),
        fmt(x.p90ms, 2),
        fmt(x.p99ms, 2),
        fmt(x.maxMs, 1),
        String(x.errors),
        fmt(x.bytesPerRequest),
        fmt(x.serverCpuMsPerReq, 3),
        ...(pgCol ? [fmt(x.postgresCpuMsPerReq ?? NaN, 3)] : []),
        fmt(x.cores.others, 2),
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['pair', 'platform req/s', 'bare req/s', 'req/s ratio', 'ratio per round', 'platform p99 ms', 'bare p99 ms', 'p99 ratio', 'server CPU/req ratio'],
      r.pairs.map((p) => [
        p.name,
        fmt(p.platform.rps),
        fmt(p.bare.rps),
        fmt(p.rpsRatio, 2),
        `${fmt(p.rpsRatioMin, 2)}–${fmt(p.rpsRatioMax, 2)}`,
        fmt(p.platform.p99ms, 2),
        fmt(p.bare.p99ms, 2),
        fmt(p.p99Ratio, 2),
        fmt(p.cpuRatio, 2),
      ]),
    ),
  );
  out.push('', `"other load" is CPU used meanwhile by processes other than the server, PostgreSQL and wrk (out of ${os.cpus().length} cores).`);
  return out.join('\n');
}

export function httpArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      threads: { type: 'string', default: '1' },
      'extra-users': { type: 'string', default: '24' },
      json: { type: 'string' },
    },
  });
  const num = (name: string, min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  return {
    durationS: num('duration', 1, 60),
    warmupS: num('warmup', 0, 30),
    rounds: num('rounds', 1, 10),
    connections: num('connections', 1, 1000),
    threads: num('threads', 1, 8),
    extraUsers: num('extra-users', 0, 1000),
    json: typeof values.json === 'string' ? values.json : undefined,
  };
}

if (isMain(import.meta.url)) {
  const a = httpArgs(process.argv.slice(2));
  const report = await runHttp({ ...a, log: (s) => process.stderr.write(s + '\n') });
  process.stdout.write(formatHttp(report) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify(report, null, 2) + '\n');
}
