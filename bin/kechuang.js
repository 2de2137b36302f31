#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('kechuang: not built yet — run `npm run build` (or `npm start`) in the project first\n');
  process.exit(1);
}
await import(cli);
