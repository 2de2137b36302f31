// All benchmarks in one run: start-up, then HTTP (npm run bench; options of both scripts apply).
//   npm run bench -- [--reps 3] [--no-npm] [--duration 10] [--warmup 3] [--json results.json]
//   DATABASE_URL=postgres://postgres@127.0.0.1:54331/postgres npm run bench
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { formatHttp, httpArgs, runHttp } from './http.ts';
import { machine, TARGET } from './lib.ts';
import { formatStartup, runStartup, startupArgs } from './startup.ts';

const argv = process.argv.slice(2);
const s = startupArgs(argv);
const h = httpArgs(argv);
const log = (x: string) => process.stderr.write(x + '\n');

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: TARGET, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
} catch {
  /* not a git checkout (e.g. a git archive): KC_BENCH_COMMIT may name it */
}
commit = process.env.KC_BENCH_COMMIT ?? commit;

const t0 = performance.now();
log('start-up …');
const startup = await runStartup({ reps: s.reps, npm: s.npm, log });
log('HTTP …');
const http = await runHttp({ ...h, log });

process.stdout.write(
  [
    `Kechuang benchmarks — ${new Date().toISOString()} — ${machine()}`,
    `measured: ${TARGET} (commit ${commit})`,
    '',
    formatStartup(startup),
    '',
    formatHttp(http),
    '',
    `total ${Math.round((performance.now() - t0) / 1000)} s`,
  ].join('\n') + '\n',
);
if (h.json) writeFileSync(h.json, JSON.stringify({ commit, startup, http }, null, 2) + '\n');
