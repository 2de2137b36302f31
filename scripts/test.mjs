// `npm test`: the server tests (unit, service, HTTP, CLI), then the browser tests. They run one after
// the other so that the browser tests do not compete with the server tests for a small machine's cores.
// Extra arguments go to both vitest runs; KC_TEST_JSON=prefix also writes prefix-server.json and
// prefix-e2e.json (vitest's JSON reports) for CI's summary.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--project'));
const projects = only ? [null] : ['server', 'e2e'];
let failed = false;
for (const project of projects) {
  const extra = [];
  if (project) extra.push('--project', project);
  if (process.env.KC_TEST_JSON) {
    extra.push('--reporter=default', '--reporter=json', `--outputFile.json=${process.env.KC_TEST_JSON}-${project ?? 'run'}.json`);
  }
  const r = spawnSync('npx', ['vitest', 'run', ...extra, ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
