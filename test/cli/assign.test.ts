import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/platform/db/migrate.ts';

// `kechuang assign` as an operator runs it: a separate process on small CSV files. No database is touched.
// Each run costs a second or two (tsx), so the runs go two at a time.

const dir = mkdtempSync(join(tmpdir(), 'kc-assign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

let running = 0;
const waiting: (() => void)[] = [];
async function assign(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await new Promise((resolve, reject) => {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'assign', ...args], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

// Three proposals, four experts. Greedy by score would give x to p1 and p2 and leave p3 poor; the optimum
// spreads x. w is in the conflicts file only; e9 only in the loads file (an idle expert).
const affinity = file('A.csv', '\uFEFFproposal,expert,score\np1,x,0.9\np1,y,0.8\np2,x,0.85\np2,z,0.1\np3,x,0.7\np3,y,0.1\np3,z,0.65\n');
const conflicts = file('C.csv', 'proposal,expert\np1,z\np2,w\n');

// Each run starts a Node process with tsx: 1–2 s alone, 20 s and more on a loaded 2-core machine, two at a time.
describe.concurrent('kechuang assign', { timeout: 120_000 }, () => {
  it('writes the optimal assignment and prints objective, smallest total and time', async () => {
    const out = join(dir, 'out.csv');
    const r = await assign(['--affinity', affinity, '--k', '2', '--max-load', '2', '--conflicts', conflicts, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // By hand: x goes to p1 and p2 (0.9 + 0.85); p1 adds y (0.8), p2 adds z (0.1; w conflicts, y scores 0),
    // p3 gets y and z (0.1 + 0.65) — 3.4. Giving x to p3 instead loses: 0.9 + 0.8 + 0.1 + 0 + 0.7 + 0.65 = 3.15.
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('objective 3.4000 (sum of the scores of 6 assigned pairs; proven optimal)');
    expect(lines[1]).toBe('smallest per-proposal total 0.7500 (proposal p3)');
    expect(lines[2]).toMatch(/^time \d+\.\d{3} s \(solver \d+\.\d{3} s; 3 proposals, 4 experts\)$/);
    expect(readFileSync(out, 'utf8')).toBe('proposal,expert,score\np1,x,0.9\np1,y,0.8\np2,x,0.85\np2,z,0.1\np3,y,0.1\np3,z,0.65\n');
  });

  it('reads loads from a CSV, min loads included', async () => {
    const loads = file('loads.csv', 'expert,max_load,min_load\nx,1,\ny,3,\nz,3,\nw,3,1\ne9,0,\n');
    const out = join(dir, 'out-loads.csv');
    const r = await assign(['--affinity', affinity, '--k', '2', '--max-load', loads, '--conflicts', conflicts, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    expect(rows.filter((l) => l.includes(',x,'))).toHaveLength(1);
    expect(rows.filter((l) => l.includes(',w,'))).toHaveLength(1); // its min load of 1, at score 0
    expect(rows).not.toContain('p2,w,0');
  });

  it('exits 2 and says which proposal cannot be covered', async () => {
    const r = await assign(['--affinity', affinity, '--k', '4', '--max-load', '3', '--conflicts', conflicts, '--out', join(dir, 'never.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kechuang: no assignment exists: proposal "p1" needs 4 experts but only 3 are eligible; proposal "p2" needs 4 experts but only 3 are eligible\n');
    expect(r.stdout).toBe('');
  });

  it.each([
    ['unknown column', 'proposal,expert,score,note\np1,x,1,hi\n', /A-bad\.csv: unknown column "note"; expected proposal,expert,score/],
    ['non-numeric score', 'proposal,expert,score\np1,x,0.5\np1,y,high\n', /A-bad\.csv line 3: score "high" is not a number/],
    ['duplicate pair', 'proposal,expert,score\np1,x,0.5\np2,x,1\np1,x,0.7\n', /A-bad\.csv line 4: the pair \(p1, x\) was already given on line 2/],
  ])('exits 1 on bad input: %s', async (_name, text, message) => {
    const bad = file('A-bad.csv'.replace('bad', `bad-${text.length}`), text);
    const r = await assign(['--affinity', bad, '--k', '1', '--max-load', '2', '--out', join(dir, 'never.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(message.source.replace('A-bad', 'A-bad-\\d+')));
  });
});
