// Shared helpers of the benchmarks: child processes, readiness, load generation with wrk,
// throwaway PostgreSQL databases, CPU accounting and tables. Traffic only ever goes to 127.0.0.1.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HOST = '127.0.0.1';
/**
 * The checkout whose built server is measured: this one, or another given in KC_BENCH_ROOT (e.g. a
 * `git archive` of one commit with node_modules linked in), so figures can name the commit they belong to.
 */
export const TARGET = resolve(process.env.KC_BENCH_ROOT ?? ROOT);

export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === metaUrl;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The built server

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Build dist/ when it is missing or older than src/ (what `npm start` does, without the web app). */
export function ensureServerBuilt(log: (s: string) => void): void {
  const cli = join(TARGET, 'dist', 'cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newest(join(TARGET, 'src'))) return;
  log(`building the server in ${TARGET} (npm run build:server) …`);
  try {
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: TARGET, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  } catch (err) {
    // tsc emits JavaScript even when it reports type errors; the readiness check tells whether it runs.
    const out = String((err as { stdout?: Buffer }).stdout ?? '') + String((err as { stderr?: Buffer }).stderr ?? '');
    if (!existsSync(cli)) throw new Error(`npm run build:server failed:\n${tail(out)}`);
    log(`warning: npm run build:server reported errors (dist/ was emitted; measuring it anyway):\n${tail(out, 5)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** Last 256 kB of stdout and stderr together. */
  output(): string;
  exited: Promise<number | null>;
  hasExited(): boolean;
  group: boolean;
}

// Children still running; ended (by their pid) when the bench is interrupted.
const live = new Set<ChildProcess>();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    for (const p of live) p.kill('SIGKILL');
    process.exit(130);
  });
}

export function startChild(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: { group?: boolean; cwd?: string } = {}): Child {
  const proc = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.group === true });
  let buf = '';
  const keep = (d: Buffer) => {
    buf += d.toString('utf8');
    if (buf.length > 256_000) buf = buf.slice(-256_000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<number | null>((r) =>
    proc.once('exit', (code) => {
      done = true;
      r(code);
    }),
  );
  if (proc.pid === undefined) throw new Error(`could not start ${cmd}`);
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return { proc, pid: proc.pid, output: () => buf, exited, hasExited: () => done, group: opts.group === true };
}

/** Poll `url` until it answers 200; returns performance.now() at that moment. */
export async function waitFor200(url: string, child: Child, timeoutMs: number, intervalMs = 10): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.hasExited()) throw new Error(`server exited before it was ready:\n${tail(child.output())}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now();
    } catch {
      /* not listening yet */
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${tail(child.output())}`);
}

/** SIGTERM (to the process group for `npm start`), SIGKILL after `timeoutMs`; returns ms to exit. */
export async function stopChild(child: Child, timeoutMs = 15_000): Promise<number> {
  const t0 = performance.now();
  if (child.hasExited()) return 0;
  const signal = (s: NodeJS.Signals) => {
    try {
      if (child.group) process.kill(-child.pid, s);
      else child.proc.kill(s);
    } catch {
      /* gone */
    }
  };
  signal('SIGTERM');
  const killed = await Promise.race([child.exited.then(() => false), sleep(timeoutMs).then(() => true)]);
  if (killed) {
    signal('SIGKILL');
    await Promise.race([child.exited, sleep(5_000)]);
  }
  return performance.now() - t0;
}

export function tail(s: string, lines = 15): string {
  return s.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Engines

export interface Engine {
  kind: 'pglite' | 'postgres';
  /** DATABASE_URL as given: the bench creates and drops its own databases on that server. */
  adminUrl?: string;
}

export function engineFromEnv(): Engine {
  const url = process.env.DATABASE_URL;
  return url ? { kind: 'postgres', adminUrl: url } : { kind: 'pglite' };
}

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

let dbCounter = 0;
/** A fresh database on the server of `adminUrl`, so every run starts empty (first start = migrate + seed). */
export async function createTempDatabase(adminUrl: string): Promise<TempDatabase> {
  const name = `kc_bench_${process.pid}_${Date.now()}_${dbCounter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux): seconds of user+system time

const CLK_TCK = 100;

export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** The postmaster of the server behind `url` (the parent of one of its backends), to account its CPU. */
export async function postmasterPid(url: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('select pg_backend_pid() as pid');
    const stat = readFileSync(`/proc/${r.rows[0]!.pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null; // not on this machine, or /proc not readable
  } finally {
    await c.end();
  }
}

/** CPU seconds per process of a PostgreSQL server: the postmaster and its children (backends, writers). */
export function postgresCpu(postmaster: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(d) !== postmaster && Number(fields[1]) !== postmaster) continue;
      out.set(Number(d), (Number(fields[11]) + Number(fields[12])) / CLK_TCK);
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** CPU used between two snapshots by the processes alive at the second (a backend that exited takes its CPU with it). */
function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}

/** Busy and total CPU seconds of the whole machine since boot (/proc/stat, first line). */
export function machineCpuSeconds(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / CLK_TCK, total: (busy + idle + iowait) / CLK_TCK };
}

export interface LoadResult {
  label: string;
  requests: number;
  durationS: number;
  rps: number;
  p50ms: number;
  p90ms: number;
  p99ms: number;
  maxMs: number;
  errors: { connect: number; read: number; write: number; timeout: number; status: number };
  bytesPerRequest: number;
  /** CPU milliseconds of the server process (and of all PostgreSQL processes) per request. */
  serverCpuMsPerReq: number;
  postgresCpuMsPerReq: number | null;
  /** Average cores busy during the measured part: the server, PostgreSQL, wrk, and everything else on the machine. */
  cores: { server: number; postgres: number; wrk: number; others: number };
}

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // `wrk --version` prints usage and exits 1; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export interface WrkOptions {
  connections: number;
  threads: number;
  durationS: number;
  headers?: Record<string, string>;
}

interface WrkJson {
  requests: number;
  duration_us: number;
  bytes: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** CPU seconds wrk itself used (last sample of /proc before it exited, every 100 ms). */
  cpuS: number;
}

export async function runWrk(url: string, o: WrkOptions): Promise<WrkJson> {
  const args = ['-t', String(o.threads), '-c', String(o.connections), '-d', `${o.durationS}s`, '--timeout', '10s', '-s', join(ROOT, 'bench', 'wrk-report.lua')];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}: ${v}`);
  args.push(url);
  const child = startChild('wrk', args, process.env);
  let cpuS = 0;
  const sampler = setInterval(() => {
    const c = processCpuSeconds(child.pid);
    if (Number.isFinite(c)) cpuS = c;
  }, 100);
  const limit = setTimeout(() => child.proc.kill('SIGKILL'), (o.durationS + 30) * 1000);
  const code = await child.exited;
  clearTimeout(limit);
  clearInterval(sampler);
  const line = child.output().split('\n').find((l) => l.startsWith('WRKJSON '));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${tail(child.output())}`);
  return { ...(JSON.parse(line.slice('WRKJSON '.length)) as Omit<WrkJson, 'cpuS'>), cpuS };
}

/** Warm up, then measure; CPU of the server, PostgreSQL, wrk and the machine is sampled around the measured part. */
export async function measure(
  label: string,
  url: string,
  o: WrkOptions & { warmupS: number; serverPid: number; postmaster: number | null },
): Promise<LoadResult> {
  if (o.warmupS > 0) await runWrk(url, { ...o, durationS: o.warmupS });
  const cpu0 = processCpuSeconds(o.serverPid);
  const pg0 = o.postmaster ? postgresCpu(o.postmaster) : new Map<number, number>();
  const m0 = machineCpuSeconds();
  const t0 = performance.now();
  const w = await runWrk(url, o);
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = processCpuSeconds(o.serverPid);
  const pg1 = o.postmaster ? postgresCpu(o.postmaster) : new Map<number, number>();
  const pgUsed = cpuDelta(pg0, pg1);
  const m1 = machineCpuSeconds();
  const durationS = w.duration_us / 1e6;
  const server = (cpu1 - cpu0) / wall;
  const postgres = pgUsed / wall;
  const wrk = w.cpuS / wall;
  return {
    label,
    requests: w.requests,
    durationS,
    rps: w.requests / durationS,
    p50ms: w.p50 / 1000,
    p90ms: w.p90 / 1000,
    p99ms: w.p99 / 1000,
    maxMs: w.max / 1000,
    errors: { connect: w.connect, read: w.read, write: w.write, timeout: w.timeout, status: w.status },
    bytesPerRequest: w.requests ? w.bytes / w.requests : 0,
    serverCpuMsPerReq: w.requests ? ((cpu1 - cpu0) * 1000) / w.requests : NaN,
    postgresCpuMsPerReq: o.postmaster && w.requests ? (pgUsed * 1000) / w.requests : null,
    cores: { server, postgres, wrk, others: Math.max(0, (m1.busy - m0.busy) / wall - server - postgres - wrk) },
  };
}

export function errorCount(r: LoadResult): number {
  const e = r.errors;
  return e.connect + e.read + e.write + e.timeout + e.status;
}

// ---------------------------------------------------------------------------------------------
// Output

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A Markdown table (also readable in a terminal). */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [line(head), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...rows.map(line)].join('\n');
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}
