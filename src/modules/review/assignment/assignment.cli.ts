// `kechuang assign`: the solver over CSV files. Exit 0 with OUT.csv written, 1 on bad input, 2 when no
// assignment exists (with the reason).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { solveAssignment } from './solve.ts';
import { AssignmentInputError, type AffinityPair, type AssignmentInput, type Pair } from './types.ts';

export interface AssignOptions {
  affinity: string;
  k: number;
  /** A whole number, or a CSV `expert,max_load[,min_load]`. */
  maxLoad: string;
  /** A whole number, or a CSV `expert,min_load` (`max_load` may be there too and is ignored). */
  minLoad?: string;
  conflicts?: string;
  /** CSV `expert,organisation`: at most one expert of any one organisation per proposal. */
  organisations?: string;
  /** Unlisted pairs may not be assigned (instead of scoring 0). */
  onlyListed?: boolean;
  out: string;
}

export interface AssignIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

class BadInput extends Error {}

interface Row {
  line: number;
  get: (column: string) => string;
}

/** Rows of a CSV with exactly the `required` columns plus any of `optional`, in any order. */
function readCsv(file: string, required: string[], optional: string[] = []): { rows: Row[]; has: (column: string) => boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BadInput(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw new BadInput(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const header = records.shift()?.record.map((h) => h.toLowerCase());
  if (!header) throw new BadInput(`${file} is empty; its header must be ${required.join(',')}`);
  const unknown = header.filter((h) => !required.includes(h) && !optional.includes(h));
  if (unknown.length) throw new BadInput(`${file}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; expected ${required.join(',')}${optional.length ? ` [${optional.join(',')}]` : ''}`);
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length) throw new BadInput(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header must be ${required.join(',')}`);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup) throw new BadInput(`${file}: column "${dup}" appears twice`);
  const col = new Map(header.map((h, i) => [h, i]));
  const rows = records.map(({ record, info }) => ({
    line: info.lines,
    get: (column: string) => {
      const v = record[col.get(column)!] ?? '';
      if (v === '' && required.includes(column)) throw new BadInput(`${file} line ${info.lines}: empty ${column}`);
      return v;
    },
  }));
  return { rows, has: (c) => col.has(c) };
}

function wholeNumber(text: string, where: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new BadInput(`${where}: "${text}" is not a whole number ≥ 0`);
  return Number(text);
}

export function readAssignInput(opts: AssignOptions): AssignmentInput {
  const proposals = new Map<string, true>();
  const experts = new Map<string, true>();
  const pairs: AffinityPair[] = [];
  const seen = new Map<string, number>();
  for (const row of readCsv(opts.affinity, ['proposal', 'expert', 'score']).rows) {
    const proposal = row.get('proposal');
    const expert = row.get('expert');
    const text = row.get('score');
    const score = Number(text);
    if (!Number.isFinite(score) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new BadInput(`${opts.affinity} line ${row.line}: score "${text}" is not a number`);
    const key = JSON.stringify([proposal, expert]);
    const before = seen.get(key);
    if (before !== undefined) throw new BadInput(`${opts.affinity} line ${row.line}: the pair (${proposal}, ${expert}) was already given on line ${before}`);
    seen.set(key, row.line);
    proposals.set(proposal, true);
    experts.set(expert, true);
    pairs.push({ proposal, expert, score });
  }
  const forbidden: Pair[] = [];
  if (opts.conflicts) {
    for (const row of readCsv(opts.conflicts, ['proposal', 'expert']).rows) {
      const pair = { proposal: row.get('proposal'), expert: row.get('expert') };
      proposals.set(pair.proposal, true);
      experts.set(pair.expert, true);
      forbidden.push(pair);
    }
  }

  const isNumber = (v: string) => /^\d+$/.test(v);
  let maxLoad: number | Map<string, number>;
  let minLoad: number | Map<string, number> | undefined;
  if (isNumber(opts.maxLoad)) maxLoad = wholeNumber(opts.maxLoad, '--max-load');
  else {
    const csv = readCsv(opts.maxLoad, ['expert', 'max_load'], ['min_load']);
    maxLoad = new Map();
    const mins = new Map<string, number>();
    for (const row of csv.rows) {
      const expert = row.get('expert');
      if (maxLoad.has(expert)) throw new BadInput(`${opts.maxLoad} line ${row.line}: expert ${expert} is listed twice`);
      maxLoad.set(expert, wholeNumber(row.get('max_load'), `${opts.maxLoad} line ${row.line}`));
      if (csv.has('min_load') && row.get('min_load') !== '') mins.set(expert, wholeNumber(row.get('min_load'), `${opts.maxLoad} line ${row.line}`));
      experts.set(expert, true);
    }
    if (csv.has('min_load')) {
      if (opts.minLoad !== undefined && opts.minLoad !== opts.maxLoad) throw new BadInput(`min loads are given twice: in ${opts.maxLoad} and by --min-load`);
      minLoad = mins;
    }
  }
  if (opts.minLoad !== undefined && opts.minLoad !== opts.maxLoad) {
    if (isNumber(opts.minLoad)) minLoad = wholeNumber(opts.minLoad, '--min-load');
    else {
      const mins = new Map<string, number>();
      for (const row of readCsv(opts.minLoad, ['expert', 'min_load'], ['max_load']).rows) {
        const expert = row.get('expert');
        if (mins.has(expert)) throw new BadInput(`${opts.minLoad} line ${row.line}: expert ${expert} is listed twice`);
        mins.set(expert, wholeNumber(row.get('min_load'), `${opts.minLoad} line ${row.line}`));
        experts.set(expert, true);
      }
      minLoad = mins;
    }
  }
  if (maxLoad instanceof Map) {
    const without = [...experts.keys()].filter((e) => !maxLoad.has(e));
    if (without.length) throw new BadInput(`${opts.maxLoad} gives no max_load for expert${without.length > 1 ? 's' : ''} ${without.slice(0, 5).join(', ')}${without.length > 5 ? ` and ${without.length - 5} more` : ''}`);
  }

  let organisationOf: Map<string, string> | undefined;
  if (opts.organisations) {
    organisationOf = new Map();
    for (const row of readCsv(opts.organisations, ['expert', 'organisation']).rows) {
      const expert = row.get('expert');
      if (organisationOf.has(expert)) throw new BadInput(`${opts.organisations} line ${row.line}: expert ${expert} is listed twice`);
      organisationOf.set(expert, row.get('organisation'));
    }
  }
  return {
    proposals: [...proposals.keys()],
    experts: [...experts.keys()],
    affinity: { pairs, absent: opts.onlyListed ? 'forbidden' : 'zero' },
    coverage: opts.k,
    maxLoad,
    minLoad,
    forbidden,
    organisationOf,
  };
}

/** Runs the command and returns its exit status. */
export function runAssign(opts: AssignOptions, io: AssignIo): number {
  const t0 = performance.now();
  let input: AssignmentInput;
  try {
    input = readAssignInput(opts);
    if (input.proposals.length === 0) throw new BadInput(`${opts.affinity} lists no pairs`);
    const r = solveAssignment(input);
    if (!r.feasible) {
      io.err(`no assignment exists: ${r.reason}`);
      return 2;
    }
    const csv = stringify([['proposal', 'expert', 'score'], ...r.assignments.map((a) => [a.proposal, a.expert, String(a.score)])]);
    try {
      writeFileSync(opts.out, csv);
    } catch (err) {
      throw new BadInput(`cannot write ${opts.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
    io.out(`objective ${r.objective.toFixed(4)} (sum of the scores of ${r.assignments.length} assigned pairs; ${r.certificate.optimal ? 'proven optimal' : 'optimality NOT proven'})`);
    if (r.minProposalTotal) io.out(`smallest per-proposal total ${r.minProposalTotal.total.toFixed(4)} (proposal ${r.minProposalTotal.proposal})`);
    io.out(`time ${seconds(performance.now() - t0)} (solver ${seconds(r.stats.ms)}; ${input.proposals.length} proposals, ${input.experts.length} experts)`);
    io.out(`wrote ${opts.out}`);
    return 0;
  } catch (err) {
    if (err instanceof BadInput || err instanceof AssignmentInputError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}
