// `npm run dev`: the API with reload on change (tsx watch) and the web app with hot module
// replacement (Vite dev server on :5173, proxying /api to the API on :3000).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const children = [];
function run(cmd, args, name) {
  const child = spawn(cmd, args, { stdio: 'inherit', env: process.env });
  child.on('exit', (code) => {
    console.log(`[dev] ${name} exited with ${code}`);
    for (const c of children) if (c !== child) c.kill('SIGTERM');
    process.exit(code ?? 0);
  });
  children.push(child);
}

run('npx', ['tsx', 'watch', '--clear-screen=false', 'src/cli.ts', 'serve'], 'api');
if (existsSync('web/vite.config.ts')) run('npx', ['vite', '--config', 'web/vite.config.ts'], 'web');
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => children.forEach((c) => c.kill(sig)));
