// Time from starting the server to the first 200 from /api/ready.
//
//   npx tsx bench/startup.ts [--reps 3] [--no-npm] [--json out.json]
//   DATABASE_URL=postgres://postgres@127.0.0.1:54331/postgres npx tsx bench/startup.ts
//
// Each repetition: a fresh DATA_DIR (PGlite) or a fresh database on DATABASE_URL's server;
// "first start" creates the database, migrates and seeds the demo tenant; "re-open" starts again on
// the same data; "npm start (re-open)" does the same through `npm start` (npm, then the build check
// of scripts/ensure-built.mjs, then the server). The clock runs from spawn to the first 200.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import {
  createTempDatabase,
  engineFromEnv,
  ensureServerBuilt,
  fmt,
  freePort,
  HOST,
  isMain,
  machine,
  median,
  redactUrl,
  ROOT,
  startChild,
  stopChild,
  table,
  tail,
  TARGET,
  waitFor200,
  type TempDatabase,
} from './lib.ts';

export interface StartupOptions {
  reps: number;
  npm: boolean;
  log: (s: string) => void;
}

export interface Sample {
  readyMs: number;
  /** startupMs the server logs itself: connect, migrate, build the app, seed, listen. */
  inProcessMs: number | null;
  stopMs: number;
  /** 1-minute load average of the machine when the sample started. */
  load: number;
}

export interface StartupReport {
  engine: 'pglite' | 'postgres';
  machine: string;
  date: string;
  reps: number;
  phases: { name: string; samples: Sample[] }[];
  npmSkipped?: string;
  /** One extra run of bench/startup-phases.mjs: ms per step of the first start and of a re-open. */
  breakdown?: { first: Record<string, number>; reopen: Record<string, number> };
}

function loggedStartupMs(output: string): number | null {
  for (const l of output.split('\n')) {
    if (!l.includes('"startupMs"')) continue;
    try {
      const v = (JSON.parse(l) as { startupMs?: unknown }).startupMs;
      if (typeof v === 'number') return v;
    } catch {
      /* not JSON */
    }
  }
  return null;
}

async function once(cmd: string, args: string[], env: NodeJS.ProcessEnv, group: boolean): Promise<Sample> {
  const url = `http://${HOST}:${env.PORT}/api/ready`;
  const load = os.loadavg()[0]!;
  const t0 = performance.now();
  const child = startChild(cmd, args, env, { cwd: TARGET, group });
  try {
    const ready = await waitFor200(url, child, 120_000);
    const inProcessMs = loggedStartupMs(child.output());
    const stopMs = await stopChild(child);
    return { readyMs: ready - t0, inProcessMs, stopMs, load };
  } finally {
    await stopChild(child);
  }
}

export async function runStartup(o: StartupOptions): Promise<StartupReport> {
  ensureServerBuilt(o.log);
  const engine = engineFromEnv();
  const report: StartupReport = { engine: engine.kind, machine: machine(), date: new Date().toISOString(), reps: o.reps, phases: [] };
  const phase = (name: string) => {
    let p = report.phases.find((x) => x.name === name);
    if (!p) report.phases.push((p = { name, samples: [] }));
    return p.samples;
  };
  let npm = o.npm;
  if (npm) {
    // Let `npm start` build what it wants to build once, outside the clock.
    try {
      execFileSync(process.execPath, ['scripts/ensure-built.mjs'], { cwd: TARGET, stdio: 'pipe', timeout: 300_000 });
    } catch (err) {
      npm = false;
      const out = String((err as { stdout?: Buffer }).stdout ?? '') + String((err as { stderr?: Buffer }).stderr ?? '');
      report.npmSkipped = `npm start fails in ${TARGET}: scripts/ensure-built.mjs exits with an error:\n${tail(out, 8)}`;
      o.log(report.npmSkipped);
    }
  }
  for (let rep = 1; rep <= o.reps; rep++) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'kc-bench-start-'));
    let tdb: TempDatabase | undefined;
    try {
      if (engine.adminUrl) tdb = await createTempDatabase(engine.adminUrl);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: tdb?.url ?? '',
        PORT: String(await freePort()),
        HOST,
        LOG_LEVEL: 'info',
        DEMO: 'true',
      };
      const node = [process.execPath, ['dist/cli.js', 'serve']] as const;
      const first = await once(node[0], [...node[1]], env, false);
      phase('first start (create, migrate, seed)').push(first);
      o.log(`  rep ${rep}: first start ${fmt(first.readyMs)} ms${tdb ? ` (${redactUrl(tdb.url)})` : ''}`);
      const again = await once(node[0], [...node[1]], env, false);
      phase('re-open').push(again);
      o.log(`  rep ${rep}: re-open ${fmt(again.readyMs)} ms`);
      if (npm) {
        const s = await once('npm', ['start', '--silent'], env, true);
        phase('npm start (re-open)').push(s);
        o.log(`  rep ${rep}: npm start (re-open) ${fmt(s.readyMs)} ms`);
      }
    } finally {
      await tdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  report.breakdown = await breakdown(engine.adminUrl);
  return report;
}

async function breakdown(adminUrl: string | undefined): Promise<StartupReport['breakdown']> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'kc-bench-phases-'));
  const tdb = adminUrl ? await createTempDatabase(adminUrl) : undefined;
  try {
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: tdb?.url ?? '', DEMO: 'true', LOG_LEVEL: 'warn' };
    const run = () =>
      JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'startup-phases.mjs'), TARGET], { cwd: TARGET, env, timeout: 120_000 }).toString()) as Record<string, number>;
    const first = run();
    return { first, reopen: run() };
  } finally {
    await tdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatStartup(r: StartupReport): string {
  const out = [`Start-up on ${r.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}: spawn → first 200 from /api/ready, ${r.reps} runs`, ''];
  out.push(
    table(
      ['phase', 'median ms', 'min ms', 'max ms', 'in-process median ms', 'shutdown median ms', 'load avg at start'],
      r.phases.map((p) => {
        const ready = p.samples.map((s) => s.readyMs);
        const inProc = p.samples.map((s) => s.inProcessMs).filter((x): x is number => x !== null);
        return [p.name, fmt(median(ready)), fmt(Math.min(...ready)), fmt(Math.max(...ready)), fmt(median(inProc)), fmt(median(p.samples.map((s) => s.stopMs))), p.samples.map((s) => fmt(s.load, 1)).join(', ')];
      }),
    ),
  );
  if (r.npmSkipped) out.push('', r.npmSkipped);
  if (r.breakdown) {
    const b = r.breakdown;
    const steps = Object.keys(b.first);
    out.push('', 'Where the time goes (one extra run, steps of startServer timed in-process, ms):', '');
    out.push(table(['step', ...steps, 'total'], [
      ['first start', ...steps.map((k) => fmt(b.first[k] ?? NaN)), fmt(Object.values(b.first).reduce((x, y) => x + y, 0))],
      ['re-open', ...steps.map((k) => fmt(b.reopen[k] ?? NaN)), fmt(Object.values(b.reopen).reduce((x, y) => x + y, 0))],
    ]));
  }
  return out.join('\n');
}

export function startupArgs(argv: string[]) {
  const { values } = parseArgs({ args: argv, strict: false, options: { reps: { type: 'string', default: '3' }, 'no-npm': { type: 'boolean' }, json: { type: 'string' } } });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1 || reps > 20) throw new Error('--reps must be an integer from 1 to 20');
  return { reps, npm: values['no-npm'] !== true, json: typeof values.json === 'string' ? values.json : undefined };
}

if (isMain(import.meta.url)) {
  const a = startupArgs(process.argv.slice(2));
  const report = await runStartup({ ...a, log: (s) => process.stderr.write(s + '\n') });
  process.stdout.write(formatStartup(report) + '\n');
  if (a.json) writeFileSync(a.json, JSON.stringify(report, null, 2) + '\n');
}
