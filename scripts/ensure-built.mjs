// `npm start` builds first when the build is missing or older than the sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stamp = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
if (!existsSync('dist/cli.js') || newest('src') > stamp('dist/cli.js')) {
  console.log('building the server …');
  execSync('npm run build:server', { stdio: 'inherit' });
}
if (existsSync('web/index.html') && (!existsSync('web/dist/index.html') || newest('web') > stamp('web/dist/index.html'))) {
  console.log('building the web app …');
  execSync('npm run build:web', { stdio: 'inherit' });
}
