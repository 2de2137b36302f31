// The optimal reviewer assignment (src/modules/review/assignment) timed on the MIDL instance and on a
// synthetic instance of realistic size, next to a reference measured in the same run: GLPK's `glpsol` on
// the same problem written as an LP (its optimum is integral: the constraint matrix is totally unimodular),
// when glpsol is installed, and a greedy heuristic (highest score first), with its objective gap.
//   npx tsx bench/assignment.ts [--proposals 2000] [--experts 5000] [--candidates 30] [--reps 3] [--no-glpk]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { solveAssignment, verifyAssignment, type Assignment, type AssignmentInput, type Feasible } from '../src/modules/review/index.ts';
import { readNpy } from '../test/fixtures/midl/npy.ts';
import { fmt, machine, median, table } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    proposals: { type: 'string', default: '2000' },
    experts: { type: 'string', default: '5000' },
    candidates: { type: 'string', default: '30' },
    reps: { type: 'string', default: '3' },
    'no-glpk': { type: 'boolean', default: false },
  },
});
const log = (s: string) => process.stderr.write(s + '\n');
const work = mkdtempSync(join(tmpdir(), 'kc-assign-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const glpk = !args['no-glpk'] && spawnSync('glpsol', ['--version']).status === 0;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function midl(withMinLoad: boolean): AssignmentInput {
  const dir = new URL('../test/fixtures/midl/', import.meta.url).pathname;
  const scores = readNpy(dir + 'scores.npy');
  const [R, P] = scores.shape as [number, number];
  const proposals = Array.from({ length: P }, (_, p) => `paper${p}`);
  const experts = Array.from({ length: R }, (_, r) => `reviewer${r}`);
  const covs = readNpy(dir + 'covs.npy').data;
  const loads = readNpy(dir + 'loads.npy').data;
  const lower = readNpy(dir + 'loads-lb.npy').data;
  return {
    proposals,
    experts,
    affinity: { matrix: proposals.map((_, p) => Float64Array.from(experts, (_, r) => scores.at(r, p))) },
    coverage: new Map(proposals.map((id, p) => [id, covs[p]!])),
    maxLoad: new Map(experts.map((id, r) => [id, loads[r]!])),
    ...(withMinLoad ? { minLoad: new Map(experts.map((id, r) => [id, lower[r]!])) } : {}),
  };
}

/**
 * Proposals and experts in 40 fields; each proposal lists `candidates` experts with a score (two thirds from
 * its own field, scored 0.4–1.0; the rest anywhere, 0–0.4), like the top of a text-similarity ranking. About
 * 1% of the listed pairs are conflicts. Max load: 1.5 × the average load, rounded up.
 */
function synthetic(P: number, E: number, candidates: number, k: number, absent: 'zero' | 'forbidden'): AssignmentInput {
  const rand = rng(20260 + k);
  const fields = 40;
  const proposals = Array.from({ length: P }, (_, i) => `P${i}`);
  const experts = Array.from({ length: E }, (_, i) => `E${i}`);
  const byField: number[][] = Array.from({ length: fields }, () => []);
  for (let e = 0; e < E; e++) byField[Math.floor(rand() * fields)]!.push(e);
  const pairs = [];
  const forbidden = [];
  for (let p = 0; p < P; p++) {
    const own = byField[Math.floor(rand() * fields)]!;
    const chosen = new Set<number>();
    while (chosen.size < candidates) {
      const inField = chosen.size < (2 * candidates) / 3 && own.length > (2 * candidates) / 3;
      const e = inField ? own[Math.floor(rand() * own.length)]! : Math.floor(rand() * E);
      if (chosen.has(e)) continue;
      chosen.add(e);
      const score = inField ? 0.4 + 0.6 * rand() : 0.4 * rand();
      if (rand() < 0.01) forbidden.push({ proposal: proposals[p]!, expert: experts[e]! });
      else pairs.push({ proposal: proposals[p]!, expert: experts[e]!, score });
    }
  }
  return { proposals, experts, affinity: { pairs, absent }, coverage: k, maxLoad: Math.ceil((1.5 * P * k) / E), forbidden };
}

/** Highest score first, then (when unlisted pairs may be used) any expert with room at score 0. Ignores min loads. */
function greedy(input: AssignmentInput): { assignments: Assignment[]; ms: number } {
  const t0 = performance.now();
  const need = new Map(input.proposals.map((p) => [p, typeof input.coverage === 'number' ? input.coverage : input.coverage.get(p)!]));
  const room = new Map(input.experts.map((e) => [e, typeof input.maxLoad === 'number' ? input.maxLoad : input.maxLoad.get(e)!]));
  const forbidden = new Set((input.forbidden ?? []).map((f) => `${f.proposal}\t${f.expert}`));
  const taken = new Set<string>();
  const a = input.affinity;
  const pairs = 'matrix' in a ? input.proposals.flatMap((p, i) => input.experts.map((e, j) => ({ proposal: p, expert: e, score: a.matrix[i]![j]! }))) : a.pairs.slice();
  pairs.sort((x, y) => y.score - x.score);
  const assignments: Assignment[] = [];
  const take = (x: Assignment) => {
    const key = `${x.proposal}\t${x.expert}`;
    if (need.get(x.proposal)! > 0 && room.get(x.expert)! > 0 && !forbidden.has(key) && !taken.has(key)) {
      taken.add(key);
      need.set(x.proposal, need.get(x.proposal)! - 1);
      room.set(x.expert, room.get(x.expert)! - 1);
      assignments.push(x);
    }
  };
  for (const x of pairs) take(x);
  if (!('pairs' in a) || a.absent !== 'forbidden') {
    for (const proposal of input.proposals) for (const expert of input.experts) if (need.get(proposal)! > 0) take({ proposal, expert, score: 0 });
  }
  return { assignments, ms: performance.now() - t0 };
}

/** The same problem as an LP in CPLEX LP format, solved by glpsol's simplex (wall time, file parse included). */
function glpsol(input: AssignmentInput, name: string): { objective: number; ms: number } | null {
  const a = input.affinity;
  if ('pairs' in a && a.absent !== 'forbidden') return null; // every pair a variable: too large for an LP file
  const forbidden = new Set((input.forbidden ?? []).map((f) => `${f.proposal}\t${f.expert}`));
  const vars: { p: number; e: number; score: number }[] = [];
  const pIndex = new Map(input.proposals.map((p, i) => [p, i]));
  const eIndex = new Map(input.experts.map((e, i) => [e, i]));
  if ('matrix' in a) input.proposals.forEach((p, i) => input.experts.forEach((e, j) => forbidden.has(`${p}\t${e}`) || vars.push({ p: i, e: j, score: a.matrix[i]![j]! })));
  else for (const x of a.pairs) if (!forbidden.has(`${x.proposal}\t${x.expert}`)) vars.push({ p: pIndex.get(x.proposal)!, e: eIndex.get(x.expert)!, score: x.score });
  const byP: string[][] = input.proposals.map(() => []);
  const byE: string[][] = input.experts.map(() => []);
  const obj: string[] = [];
  vars.forEach((v, i) => {
    obj.push(`${v.score >= 0 ? '+' : '-'} ${Math.abs(v.score)} x${i}`);
    byP[v.p]!.push(`x${i}`);
    byE[v.e]!.push(`x${i}`);
  });
  const num = (x: AssignmentInput['coverage'] | undefined, id: string) => (x === undefined ? 0 : typeof x === 'number' ? x : (x.get(id) ?? 0));
  const lines = ['Maximize', ' obj: ' + obj.join(' '), 'Subject To'];
  byP.forEach((xs, p) => lines.push(` c${p}: ${xs.join(' + ') || '0 x0'} = ${num(input.coverage, input.proposals[p]!)}`));
  byE.forEach((xs, e) => {
    if (!xs.length) return;
    lines.push(` u${e}: ${xs.join(' + ')} <= ${num(input.maxLoad, input.experts[e]!)}`);
    const lo = num(input.minLoad, input.experts[e]!);
    if (lo > 0) lines.push(` l${e}: ${xs.join(' + ')} >= ${lo}`);
  });
  lines.push('Bounds');
  vars.forEach((_, i) => lines.push(` x${i} <= 1`));
  lines.push('End');
  const lp = join(work, `${name}.lp`);
  const out = join(work, `${name}.out`);
  writeFileSync(lp, lines.join('\n') + '\n');
  const t0 = performance.now();
  const r = spawnSync('glpsol', ['--lp', lp, '-o', out], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`glpsol failed: ${r.stdout.slice(-500)}`);
  const m = /Objective:\s+obj = ([-\d.e+]+)/.exec(readFileSync(out, 'utf8'));
  if (!m) throw new Error('glpsol: no objective in its output');
  return { objective: Number(m[1]), ms };
}

interface Row {
  instance: string;
  size: string;
  objective: number;
  ms: number;
  glpk: { objective: number; ms: number } | null;
  greedy: { objective: number; ms: number; violations: number };
  notes: string;
}

function measure(instance: string, input: AssignmentInput, reps: number, lpName: string | null): Row {
  log(`${instance}: solving ${reps}×`);
  const times: number[] = [];
  let r: Feasible | null = null;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const x = solveAssignment(input);
    times.push(performance.now() - t0);
    if (!x.feasible) throw new Error(`${instance}: infeasible: ${x.reason}`);
    r = x;
  }
  const v = verifyAssignment(input, r!.assignments);
  if (v.violations.length) throw new Error(`${instance}: ${v.violations[0]}`);
  const g = greedy(input);
  const gv = verifyAssignment(input, g.assignments);
  log(`${instance}: ${r!.objective.toFixed(4)} in ${median(times).toFixed(0)} ms${lpName && glpk ? '; glpsol…' : ''}`);
  const ref = lpName && glpk ? glpsol(input, lpName) : null;
  const s = r!.stats;
  return {
    instance,
    size: `${fmt(input.proposals.length)} × ${fmt(input.experts.length)}, ${fmt(s.arcs)} arcs`,
    objective: r!.objective,
    ms: median(times),
    glpk: ref,
    greedy: { objective: gv.objective, ms: g.ms, violations: gv.violations.length },
    notes: `${fmt(s.augmentations)} paths${s.pricingRounds > 1 || !s.dense ? `, ${s.pricingRounds} pricing round(s)` : ''}${s.dense ? '' : ', unlisted pairs priced'}`,
  };
}

const reps = Number(args.reps);
const P = Number(args.proposals);
const E = Number(args.experts);
const C = Number(args.candidates);
const rows: Row[] = [
  measure('MIDL, k 3, max 4', midl(false), reps, 'midl'),
  measure('MIDL, k 3, max 4, min 2', midl(true), reps, 'midl-lb'),
];
for (const k of [3, 5]) {
  rows.push(measure(`synthetic, k ${k}, listed pairs only`, synthetic(P, E, C, k, 'forbidden'), reps, `syn-${k}`));
  rows.push(measure(`synthetic, k ${k}, unlisted pairs at 0`, synthetic(P, E, C, k, 'zero'), reps, null));
}

const out = (s: string) => process.stdout.write(s + '\n');
out(`\n${machine()}; glpsol ${glpk ? (spawnSync('glpsol', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '') : 'not used'}; median of ${reps} solver runs, glpsol and greedy once\n`);
out(
  table(
    ['instance', 'size', 'objective', 'solver ms', 'glpsol objective', 'glpsol ms', 'solver / glpsol', 'greedy objective', 'greedy gap', 'notes'],
    rows.map((r) => [
      r.instance,
      r.size,
      r.objective.toFixed(4),
      fmt(r.ms),
      r.glpk ? r.glpk.objective.toFixed(4) : '—',
      r.glpk ? fmt(r.glpk.ms) : '—',
      r.glpk ? (r.ms / r.glpk.ms).toFixed(2) : '—',
      r.greedy.objective.toFixed(4) + (r.greedy.violations ? ` (infeasible: ${r.greedy.violations} violations)` : ''),
      `${(((r.objective - r.greedy.objective) / Math.abs(r.objective)) * 100).toFixed(2)} %`,
      r.notes,
    ]),
  ),
);
