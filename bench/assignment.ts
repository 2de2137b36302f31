// The optimal reviewer assignment (src/modules/review/assignment) timed next to a reference measured in the
// same run: GLPK's `glpsol` on the same problem written as an LP (its optimum is integral: the constraint
// matrix is totally unimodular), killed after --glpk-timeout seconds, and a greedy pass (highest score first)
// with its objective gap. Each instance runs in a child process of its own, so its peak RSS is its own.
//   npx tsx bench/assignment.ts [--sets midl,synthetic,dense] [--dense 1000x500,5000x2800] [--reps 3]
//       [--proposals 2000] [--experts 5000] [--candidates 30] [--no-glpk] [--glpk-timeout 600] [--glpk-max-pairs 2000000]
//       [--popular 0.5]   (adds the largest dense size with a shared expert quality of that weight)
//   quick: npx tsx bench/assignment.ts --sets midl,dense --dense 1000x500,5000x2800 --no-glpk --reps 1
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { solveAssignment, verifyAssignment, type Assignment, type AssignmentInput, type Feasible } from '../src/modules/review/assignment/index.ts';
import { readNpy } from '../test/fixtures/midl/npy.ts';
import { fmt, machine, median, table } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    sets: { type: 'string', default: 'midl,synthetic,dense' },
    dense: { type: 'string', default: '1000x500,5000x2800' },
    popular: { type: 'string' },
    proposals: { type: 'string', default: '2000' },
    experts: { type: 'string', default: '5000' },
    candidates: { type: 'string', default: '30' },
    reps: { type: 'string', default: '3' },
    'no-glpk': { type: 'boolean', default: false },
    'glpk-timeout': { type: 'string', default: '600' },
    'glpk-max-pairs': { type: 'string', default: '2000000' },
    child: { type: 'string' },
    lp: { type: 'string' },
  },
});
const log = (s: string) => process.stderr.write(s + '\n');

type Spec =
  | { kind: 'midl'; minLoad: boolean }
  | { kind: 'synthetic'; P: number; E: number; candidates: number; k: number; absent: 'zero' | 'forbidden' }
  | { kind: 'dense'; P: number; E: number; k: number; load: number; conflicts: number; seed: number; popular: number };

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

function build(spec: Spec): AssignmentInput {
  if (spec.kind === 'midl') {
    const dir = new URL('../test/fixtures/midl/', import.meta.url).pathname;
    const scores = readNpy(dir + 'scores.npy');
    const [R, P] = scores.shape as [number, number];
    const proposals = Array.from({ length: P }, (_, p) => `paper${p}`);
    const experts = Array.from({ length: R }, (_, r) => `reviewer${r}`);
    const [covs, loads, lower] = ['covs', 'loads', 'loads-lb'].map((f) => readNpy(`${dir}${f}.npy`).data) as [Float64Array, Float64Array, Float64Array];
    return {
      proposals,
      experts,
      affinity: { matrix: proposals.map((_, p) => Float64Array.from(experts, (_, r) => scores.at(r, p))) },
      coverage: new Map(proposals.map((id, p) => [id, covs[p]!])),
      maxLoad: new Map(experts.map((id, r) => [id, loads[r]!])),
      ...(spec.minLoad ? { minLoad: new Map(experts.map((id, r) => [id, lower[r]!])) } : {}),
    };
  }
  const proposals = Array.from({ length: spec.P }, (_, i) => `P${i}`);
  const experts = Array.from({ length: spec.E }, (_, i) => `E${i}`);
  if (spec.kind === 'dense') {
    // Affinities uniform in [0, 1); each pair a conflict with probability `conflicts`. With `popular` = w > 0,
    // affinity = w × quality(expert) + (1 − w) × uniform: every proposal prefers the same experts.
    const rand = rng(spec.seed);
    const w = spec.popular;
    const quality = Float64Array.from({ length: w > 0 ? spec.E : 0 }, rand);
    const matrix = proposals.map(() => Float64Array.from({ length: spec.E }, (_, e) => (w > 0 ? w * quality[e]! + (1 - w) * rand() : rand())));
    const forbidden = [];
    for (let p = 0; p < spec.P; p++) for (let e = 0; e < spec.E; e++) if (rand() < spec.conflicts) forbidden.push({ proposal: proposals[p]!, expert: experts[e]! });
    return { proposals, experts, affinity: { matrix }, coverage: spec.k, maxLoad: spec.load, forbidden };
  }
  // Proposals and experts in 40 fields; each proposal lists `candidates` experts (two thirds from its own
  // field, scored 0.4–1.0; the rest anywhere, 0–0.4). About 1 % of them are conflicts. Max load: 1.5 × average.
  const { P, E, candidates, k } = spec;
  const rand = rng(20260 + k);
  const byField: number[][] = Array.from({ length: 40 }, () => []);
  for (let e = 0; e < E; e++) byField[Math.floor(rand() * 40)]!.push(e);
  const pairs = [];
  const forbidden = [];
  for (let p = 0; p < P; p++) {
    const own = byField[Math.floor(rand() * 40)]!;
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
  return { proposals, experts, affinity: { pairs, absent: spec.absent }, coverage: k, maxLoad: Math.ceil((1.5 * P * k) / E), forbidden };
}

/** Highest score first, then (when unlisted pairs may be used) any expert with room at score 0. Ignores min loads. */
function greedy(input: AssignmentInput): Assignment[] {
  const num = (x: AssignmentInput['coverage'], id: string) => (typeof x === 'number' ? x : x.get(id)!);
  const need = new Map(input.proposals.map((p) => [p, num(input.coverage, p)]));
  const room = new Map(input.experts.map((e) => [e, num(input.maxLoad, e)]));
  const forbidden = new Set((input.forbidden ?? []).map((f) => `${f.proposal}\t${f.expert}`));
  const taken = new Set<string>();
  const a = input.affinity;
  const pairs = 'matrix' in a ? input.proposals.flatMap((p, i) => input.experts.map((e, j) => ({ proposal: p, expert: e, score: a.matrix[i]![j]! }))) : a.pairs.slice();
  pairs.sort((x, y) => y.score - x.score);
  const out: Assignment[] = [];
  const take = (x: Assignment) => {
    const key = `${x.proposal}\t${x.expert}`;
    if (need.get(x.proposal)! > 0 && room.get(x.expert)! > 0 && !forbidden.has(key) && !taken.has(key)) {
      taken.add(key);
      need.set(x.proposal, need.get(x.proposal)! - 1);
      room.set(x.expert, room.get(x.expert)! - 1);
      out.push(x);
    }
  };
  for (const x of pairs) take(x);
  if (!('pairs' in a) || a.absent !== 'forbidden') for (const p of input.proposals) for (const e of input.experts) if (need.get(p)! > 0) take({ proposal: p, expert: e, score: 0 });
  return out;
}

/** The same problem as an LP in CPLEX LP format, streamed to `path`; returns the number of variables. */
function writeLp(input: AssignmentInput, path: string): number {
  const a = input.affinity;
  const forbidden = new Set((input.forbidden ?? []).map((f) => `${f.proposal}\t${f.expert}`));
  const pIndex = new Map(input.proposals.map((p, i) => [p, i]));
  const eIndex = new Map(input.experts.map((e, i) => [e, i]));
  const vp: number[] = [];
  const ve: number[] = [];
  const vs: number[] = [];
  const push = (p: number, e: number, s: number) => {
    if (forbidden.has(`${input.proposals[p]}\t${input.experts[e]}`)) return;
    vp.push(p);
    ve.push(e);
    vs.push(s);
  };
  if ('matrix' in a) a.matrix.forEach((row, p) => input.experts.forEach((_, e) => push(p, e, row[e]!)));
  else for (const x of a.pairs) push(pIndex.get(x.proposal)!, eIndex.get(x.expert)!, x.score);
  const fd = openSync(path, 'w');
  let buf: string[] = [];
  const w = (s: string) => {
    buf.push(s);
    if (buf.length < 4096) return;
    writeSync(fd, buf.join(''));
    buf = [];
  };
  w('Maximize\n obj:');
  vs.forEach((s, i) => w(` ${s >= 0 ? '+' : '-'} ${Math.abs(s)} x${i}${i % 8 === 7 ? '\n' : ''}`));
  w('\nSubject To\n');
  const byP: number[][] = input.proposals.map(() => []);
  const byE: number[][] = input.experts.map(() => []);
  vp.forEach((p, i) => {
    byP[p]!.push(i);
    byE[ve[i]!]!.push(i);
  });
  const num = (x: AssignmentInput['coverage'] | undefined, id: string) => (x === undefined ? 0 : typeof x === 'number' ? x : (x.get(id) ?? 0));
  const sum = (xs: number[]) => xs.map((i, j) => `${j ? ' +' : ''} x${i}${j % 16 === 15 ? '\n' : ''}`).join('');
  byP.forEach((xs, p) => w(` c${p}: ${xs.length ? sum(xs) : '0 x0'} = ${num(input.coverage, input.proposals[p]!)}\n`));
  byE.forEach((xs, e) => {
    if (!xs.length) return;
    w(` u${e}: ${sum(xs)} <= ${num(input.maxLoad, input.experts[e]!)}\n`);
    const lo = num(input.minLoad, input.experts[e]!);
    if (lo > 0) w(` l${e}: ${sum(xs)} >= ${lo}\n`);
  });
  w('Bounds\n');
  vs.forEach((_, i) => w(` x${i} <= 1\n`));
  w('End\n');
  writeSync(fd, buf.join(''));
  closeSync(fd);
  return vs.length;
}

interface ChildResult {
  objective: number;
  ms: number;
  rssBefore: number;
  rssPeak: number;
  stats: Feasible['stats'];
  optimal: boolean;
  greedy: { objective: number; violations: number } | null;
  lpVars: number | null;
}

function child(spec: Spec, reps: number, lp: string | undefined): ChildResult {
  const input = build(spec);
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  let r: Feasible | null = null;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const x = solveAssignment(input);
    times.push(performance.now() - t0);
    if (!x.feasible) throw new Error(`infeasible: ${x.reason}`);
    r = x;
  }
  const rssPeak = process.resourceUsage().maxRSS * 1024; // before the checks below allocate
  const v = verifyAssignment(input, r!.assignments);
  if (v.violations.length) throw new Error(v.violations[0]);
  const g = spec.kind === 'dense' ? null : verifyAssignment(input, greedy(input));
  return {
    objective: r!.objective,
    ms: median(times),
    rssBefore,
    rssPeak,
    stats: r!.stats,
    optimal: r!.certificate.optimal,
    greedy: g && { objective: g.objective, violations: g.violations.length },
    lpVars: lp ? writeLp(input, lp) : null,
  };
}

interface Glpk {
  objective: number | null;
  s: number;
  peakKb: number;
  finished: boolean;
}

/** glpsol's simplex, wall time including reading the LP, peak RSS by /usr/bin/time, killed at the limit. */
function glpsol(lp: string, limit: number): Glpk {
  const out = lp.replace(/\.lp$/, '.out');
  const r = spawnSync('/usr/bin/time', ['-f', 'KCTIME %e %M', 'timeout', '-s', 'KILL', String(limit), 'glpsol', '--lp', lp, '-o', out], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = /KCTIME ([\d.]+) (\d+)/.exec(r.stderr);
  const s = m ? Number(m[1]) : NaN;
  const peakKb = m ? Number(m[2]) : NaN;
  if (r.status !== 0) return { objective: null, s, peakKb, finished: false };
  const o = /Objective:\s+obj = ([-\d.e+]+)/.exec(readFileSync(out, 'utf8'));
  if (!o) throw new Error('glpsol: no objective in its output');
  return { objective: Number(o[1]), s, peakKb, finished: true };
}

const reps = Number(args.reps);
if (args.child) {
  process.stdout.write(JSON.stringify(child(JSON.parse(args.child) as Spec, reps, args.lp)) + '\n');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'kc-assign-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const glpk = !args['no-glpk'] && spawnSync('glpsol', ['--version']).status === 0;
const sets = new Set(args.sets.split(','));
const runs: { name: string; spec: Spec; pairs: number }[] = [];
if (sets.has('midl')) for (const minLoad of [false, true]) runs.push({ name: `MIDL, k 3, max 4${minLoad ? ', min 2' : ''}`, spec: { kind: 'midl', minLoad }, pairs: 21_181 });
if (sets.has('synthetic')) {
  const [P, E, C] = [Number(args.proposals), Number(args.experts), Number(args.candidates)];
  for (const k of [3, 5]) {
    for (const absent of ['forbidden', 'zero'] as const) {
      runs.push({ name: `synthetic, k ${k}, ${absent === 'zero' ? 'unlisted pairs at 0' : 'listed pairs only'}`, spec: { kind: 'synthetic', P, E, candidates: C, k, absent }, pairs: absent === 'zero' ? P * E : P * C });
    }
  }
}
if (sets.has('dense')) {
  for (const size of args.dense.split(',')) {
    const [P, E] = size.split('x').map(Number) as [number, number];
    runs.push({ name: 'dense random, k 3, max 6, 1 % conflicts', spec: { kind: 'dense', P, E, k: 3, load: 6, conflicts: 0.01, seed: P * 7919 + E, popular: 0 }, pairs: P * E });
  }
  // Opt-in: the same with a shared expert quality (a case the solver handles slowly: docs/benchmarks.md).
  if (args.popular) {
    const [P, E] = args.dense.split(',').at(-1)!.split('x').map(Number) as [number, number];
    const popular = Number(args.popular);
    runs.push({ name: `dense, ${popular} × shared expert quality, k 3, max 6, 1 % conflicts`, spec: { kind: 'dense', P, E, k: 3, load: 6, conflicts: 0.01, seed: P * 7919 + E, popular }, pairs: P * E });
  }
}

const script = fileURLToPath(import.meta.url);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadStart = load();
const MB = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;
const rows: string[][] = [];
for (const run of runs) {
  const lp = glpk && run.pairs <= Number(args['glpk-max-pairs']) && !(run.spec.kind === 'synthetic' && run.spec.absent === 'zero') ? join(work, `${rows.length}.lp`) : undefined;
  log(`${run.name} (${JSON.stringify(run.spec)}): solving ${reps}× in a child process, load ${load()}`);
  const c = spawnSync(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(run.spec), '--reps', String(reps), ...(lp ? ['--lp', lp] : [])], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (c.status !== 0) throw new Error(`${run.name}: ${c.stderr.slice(-2000)}`);
  const r = JSON.parse(c.stdout) as ChildResult;
  log(`  ${r.objective.toFixed(4)} in ${fmt(r.ms)} ms, peak RSS ${MB(r.rssPeak)}${lp ? `; glpsol on ${fmt(r.lpVars!)} variables (limit ${args['glpk-timeout']} s)…` : ''}`);
  const g = lp ? glpsol(lp, Number(args['glpk-timeout'])) : null;
  if (g) log(`  glpsol: ${g.finished ? `${g.objective} in ${g.s} s` : `did not finish within ${args['glpk-timeout']} s`}, peak RSS ${fmt(g.peakKb / 1024)} MB`);
  const s = r.stats;
  const E = run.spec.kind === 'midl' ? 177 : run.spec.E;
  const P = run.spec.kind === 'midl' ? 118 : run.spec.P;
  rows.push([
    run.name,
    `${fmt(P)} × ${fmt(E)}`,
    r.objective.toFixed(4) + (r.optimal ? '' : ' (NOT proven)'),
    (r.ms / 1000).toFixed(2),
    `${MB(r.rssPeak)} (${MB(r.rssBefore)} before)`,
    g ? (g.finished ? g.objective!.toFixed(4) : '—') : '—',
    g ? (g.finished ? g.s.toFixed(1) : `> ${args['glpk-timeout']} (killed)`) : 'not run',
    g ? `${fmt(g.peakKb / 1024)} MB` : '—',
    g ? `${g.finished ? '' : '> '}${(g.s / (r.ms / 1000)).toFixed(1)}` : '—',
    g?.finished ? (g.objective!.toFixed(4) === r.objective.toFixed(4) ? 'yes' : 'NO') : '—',
    r.greedy ? `${(((r.objective - r.greedy.objective) / Math.abs(r.objective)) * 100).toFixed(2)} %${r.greedy.violations ? ` (${r.greedy.violations} violations)` : ''}` : '—',
    `${fmt(s.arcs)} arcs, ${fmt(s.augmentations)} paths, ${s.pricingRounds} round(s)${s.dense ? ', every pair built' : ''}`,
  ]);
}

const out = (s: string) => process.stdout.write(s + '\n');
out(`\n${machine()}; glpsol ${glpk ? (spawnSync('glpsol', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '') : 'not used'}`);
out(`load average (1, 5, 15 min) at start ${loadStart}, at end ${load()}; solver: median of ${reps} runs in one child process; glpsol once`);
out(
  table(
    ['instance', 'size', 'objective', 'solver s', 'solver peak RSS', 'glpsol objective', 'glpsol s', 'glpsol peak RSS', 'glpsol ÷ solver', 'equal', 'greedy gap', 'solver network'],
    rows,
  ),
);
