// Browser tests run against the real server: build the web app when it is missing or older
// than its sources, start `src/cli.ts serve` on a free port with a fresh PGlite data directory
// and demo data, and hand the address to the tests. Without Chromium (and outside CI) the
// browser tests are skipped with a warning; the plain checks in this folder still run.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface E2eContext {
  /** Why browser tests are skipped, or null when they run. */
  skip: string | null;
  baseUrl: string;
  chromium: string;
  /** The server's DATA_DIR: mail without SMTP lands in DATA_DIR/mail/*.eml. */
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

const root = resolve(import.meta.dirname, '../..');
const webDir = join(root, 'web');
const distIndex = join(webDir, 'dist', 'index.html');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildWebIfStale() {
  const sources = Math.max(
    newestMtime(join(webDir, 'src')),
    newestMtime(join(webDir, 'public')),
    newestMtime(join(webDir, 'index.html')),
    newestMtime(join(webDir, 'vite.config.ts')),
  );
  const built = existsSync(distIndex) ? statSync(distIndex).mtimeMs : 0;
  if (built >= sources) return;
  console.log('[e2e] building the web app (web/dist is missing or stale)…');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`[e2e] the server exited with code ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`[e2e] the server was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

function serverEnv(port: number, dataDir: string, publicUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'e2e-session-secret-not-for-production-0123456789',
    DEMO: 'true',
    LOGIN_RATE_LIMIT: '1000',
    JOB_POLL_MS: '200',
    NODE_ENV: 'test',
  };
  // Always a fresh embedded database, even where CI points the server tests at PostgreSQL.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  return env;
}

interface Started {
  child: ChildProcess;
  log: () => string;
}

async function startServer(env: NodeJS.ProcessEnv, url: string): Promise<Started> {
  let log = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitForReady(url, child, () => log, 120_000);
  } catch (err) {
    await stop(child);
    throw err;
  }
  return { child, log: () => log };
}

export default async function setup(project: TestProject) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const reason = `Chromium not found at ${chromium} (set CHROMIUM_PATH)`;
    if (process.env.CI === 'true') throw new Error(`[e2e] ${reason}: browser tests must run in CI`);
    console.warn(`\n[e2e] WARNING: ${reason} — browser tests are SKIPPED.\n`);
    project.provide('e2e', { skip: reason, baseUrl: '', chromium, dataDir: '' });
    return;
  }

  const t0 = performance.now();
  buildWebIfStale();

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-e2e-data-'));
    cleanups.push(() => {
      if (process.env.E2E_KEEP_DATA !== '1') rmSync(dir, { recursive: true, force: true });
    });
    return dir;
  };

  // The real server serves web/dist itself (with the SPA fallback), exactly as in production.
  const port = await freePort();
  const dataDir = newDataDir();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: Started;
  try {
    server = await startServer(serverEnv(port, dataDir, baseUrl), baseUrl);
  } catch (err) {
    await cleanup();
    throw err;
  }

  const child = server.child;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  cleanups.push(async () => {
    process.removeListener('exit', killOnExit);
    await stop(child);
  });

  console.log(`[e2e] server ready at ${baseUrl} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  project.provide('e2e', { skip: null, baseUrl, chromium, dataDir });
  return cleanup;
}
