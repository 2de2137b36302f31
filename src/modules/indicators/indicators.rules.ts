import type { QualificationKind } from '../registry/index.ts';

// Pure indicator arithmetic. Values are exact decimals: a bigint scaled by 10^scale, never a float.

const TEN = 10n;
const pow10 = (n: number) => TEN ** BigInt(n);

/** Parses a non-negative or negative decimal string into a bigint scaled by 10^scale; null if malformed or more precise than scale. */
export function parseDecimal(text: string, scale: number): bigint | null {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const [, sign, whole, frac = ''] = m;
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > scale) return null;
  const n = BigInt(whole!) * pow10(scale) + BigInt((trimmed + '0'.repeat(scale)).slice(0, scale) || '0');
  return sign ? -n : n;
}

/** A scaled bigint as a decimal string with exactly `scale` decimals. */
export function formatScaled(n: bigint, scale: number): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const s = abs.toString().padStart(scale + 1, '0');
  const out = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return neg ? `-${out}` : out;
}

/** Re-renders a stored decimal (e.g. numeric(24,4) "6.2500") at the indicator's scale, rounding half up. */
export function normalizeDecimal(text: string, scale: number): string {
  const full = parseDecimal(text, 12);
  if (full === null) throw new Error(`not a decimal: ${text}`);
  return formatScaled(divRoundHalfUp(full, pow10(12 - scale)), scale);
}

/** num / den rounded half away from zero; den must not be zero. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('division by zero');
  const neg = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const q = (a * 2n + b) / (2n * b);
  return neg ? -q : q;
}

/** (num / den) × multiplier at `scale` decimals, or null when the denominator is zero (never Infinity or NaN). */
export function ratio(num: bigint, den: bigint, multiplier: bigint, scale: number): string | null {
  if (den === 0n) return null;
  return formatScaled(divRoundHalfUp(num * multiplier * pow10(scale), den), scale);
}

/** R&D intensity in percent: R&D expenditure ÷ revenue × 100. */
export function rdIntensity(rdExpenditureFen: bigint, revenueFen: bigint, scale = 2): string | null {
  return ratio(rdExpenditureFen, revenueFen, 100n, scale);
}

/** R&D staff per 10,000 employees. */
export function perTenThousand(rdStaff: bigint, employees: bigint, scale = 1): string | null {
  return ratio(rdStaff, employees, 10_000n, scale);
}

/** Fen in one display unit of money. */
export const FEN_PER_UNIT: Readonly<Record<string, bigint>> = { 元: 100n, 万元: 1_000_000n, 亿元: 10_000_000_000n };

export function fenPerUnit(unit: string): bigint {
  const f = FEN_PER_UNIT[unit];
  if (f === undefined) throw new Error(`no money unit ${unit}`);
  return f;
}

/** An amount in fen shown in a money unit (e.g. 亿元) at `scale` decimals. */
export function fenToUnit(fen: bigint, unit: string, scale: number): string {
  return formatScaled(divRoundHalfUp(fen * pow10(scale), fenPerUnit(unit)), scale);
}

/** A decimal in a money unit, exactly in fen; null if it has fractions of a fen. */
export function unitToFen(value: string, unit: string): bigint | null {
  const scaled = parseDecimal(value, 10);
  if (scaled === null) return null;
  const fen = scaled * fenPerUnit(unit);
  return fen % pow10(10) === 0n ? fen / pow10(10) : null;
}

// ---- qualifications ------------------------------------------------------------------------

/**
 * The day on which a qualification must be valid to count for a year: 31 December for a past year,
 * today for the current year, none for a future year.
 */
export function referenceDate(year: number, today: string): string | null {
  const current = Number(today.slice(0, 4));
  if (year > current) return null;
  return year === current ? today : `${year}-12-31`;
}

/** Valid from its first through its last day; no end date means still valid. */
export function validOn(q: { validFrom: string; validTo: string | null }, date: string): boolean {
  return q.validFrom <= date && (q.validTo === null || q.validTo >= date);
}

/** Qualification counts: organisations (counted once) holding any of the kinds. */
export const QUALIFICATION_GROUPS = {
  enterprises_high_tech: ['high_tech'],
  enterprises_srdi: ['srdi_municipal', 'srdi_little_giant'],
  enterprises_unicorn: ['unicorn', 'potential_unicorn'],
  enterprises_listed: ['listed'],
} as const satisfies Record<string, readonly QualificationKind[]>;
export type QualificationGroup = keyof typeof QUALIFICATION_GROUPS;

/** Industry output: revenue of organisations whose GB/T 4754-2017 code starts with one of the prefixes. */
export const INDUSTRY_GROUPS = {
  // 医药制造业, 医疗仪器设备及器械制造, 医学研究和试验发展, 其他卫生活动 (体检, 临床检验)
  industry_output_pharma: ['C27', 'C358', 'M734', 'Q849'],
} as const satisfies Record<string, readonly string[]>;
export type IndustryGroup = keyof typeof INDUSTRY_GROUPS;

export function inIndustry(industryCode: string | null, prefixes: readonly string[]): boolean {
  return industryCode !== null && prefixes.some((p) => industryCode.startsWith(p));
}

/** Years in which qualification counts are kept even without annual figures: the current one and four before. */
export const QUALIFICATION_HISTORY_YEARS = 5;

/** Years to recompute: those with annual figures, and the recent ones for qualification counts. */
export function recomputeYears(figureYears: number[], today: string, only?: number): number[] {
  const current = Number(today.slice(0, 4));
  if (only !== undefined) return only <= current && only >= 1949 ? [only] : [];
  const years = new Set(figureYears.filter((y) => y >= 1949 && y <= current));
  for (let y = current - QUALIFICATION_HISTORY_YEARS + 1; y <= current; y++) years.add(y);
  return [...years].sort((a, b) => a - b);
}

// ---- aggregates --------------------------------------------------------------------------

/** Sums of annual figures over a set of organisations for one year. */
export interface FigureSums {
  /** Enterprises that reported both R&D expenditure and revenue. */
  rdReporters: number;
  rdExpenditureFen: bigint;
  revenueFen: bigint;
  /** Organisations that reported both R&D staff and employees. */
  staffReporters: number;
  rdStaff: bigint;
  employees: bigint;
  patentReporters: number;
  patentsGranted: bigint;
  industry: Record<IndustryGroup, { reporters: number; revenueFen: bigint }>;
}

export function emptyFigureSums(): FigureSums {
  const industry = {} as FigureSums['industry'];
  for (const g of Object.keys(INDUSTRY_GROUPS) as IndustryGroup[]) industry[g] = { reporters: 0, revenueFen: 0n };
  return { rdReporters: 0, rdExpenditureFen: 0n, revenueFen: 0n, staffReporters: 0, rdStaff: 0n, employees: 0n, patentReporters: 0, patentsGranted: 0n, industry };
}

export function addFigureSums(a: FigureSums, b: FigureSums): FigureSums {
  const industry = {} as FigureSums['industry'];
  for (const g of Object.keys(INDUSTRY_GROUPS) as IndustryGroup[]) {
    industry[g] = { reporters: a.industry[g].reporters + b.industry[g].reporters, revenueFen: a.industry[g].revenueFen + b.industry[g].revenueFen };
  }
  return {
    rdReporters: a.rdReporters + b.rdReporters,
    rdExpenditureFen: a.rdExpenditureFen + b.rdExpenditureFen,
    revenueFen: a.revenueFen + b.revenueFen,
    staffReporters: a.staffReporters + b.staffReporters,
    rdStaff: a.rdStaff + b.rdStaff,
    employees: a.employees + b.employees,
    patentReporters: a.patentReporters + b.patentReporters,
    patentsGranted: a.patentsGranted + b.patentsGranted,
    industry,
  };
}

/** One organisation's figures for a year, as the registry keeps them. */
export interface OrganizationFigures {
  type: string;
  industryCode: string | null;
  revenueFen: number | null;
  rdExpenditureFen: number | null;
  employees: number | null;
  rdStaff: number | null;
  patentsGranted: number | null;
}

/**
 * The sums one organisation contributes. R&D intensity counts enterprises only (revenue is an
 * enterprise measure) and only those reporting both figures, so a missing figure does not bias the ratio.
 */
export function figureSumsOf(f: OrganizationFigures): FigureSums {
  const s = emptyFigureSums();
  if (f.type === 'enterprise' && f.rdExpenditureFen !== null && f.revenueFen !== null) {
    s.rdReporters = 1;
    s.rdExpenditureFen = BigInt(f.rdExpenditureFen);
    s.revenueFen = BigInt(f.revenueFen);
  }
  if (f.rdStaff !== null && f.employees !== null) {
    s.staffReporters = 1;
    s.rdStaff = BigInt(f.rdStaff);
    s.employees = BigInt(f.employees);
  }
  if (f.patentsGranted !== null) {
    s.patentReporters = 1;
    s.patentsGranted = BigInt(f.patentsGranted);
  }
  for (const [g, prefixes] of Object.entries(INDUSTRY_GROUPS) as [IndustryGroup, readonly string[]][]) {
    if (f.revenueFen !== null && inIndustry(f.industryCode, prefixes)) s.industry[g] = { reporters: 1, revenueFen: BigInt(f.revenueFen) };
  }
  return s;
}

export type QualificationCounts = Record<QualificationGroup, number>;

export function emptyQualificationCounts(): QualificationCounts {
  return { enterprises_high_tech: 0, enterprises_srdi: 0, enterprises_unicorn: 0, enterprises_listed: 0 };
}

export function addQualificationCounts(a: QualificationCounts, b: QualificationCounts): QualificationCounts {
  const out = emptyQualificationCounts();
  for (const k of Object.keys(out) as QualificationGroup[]) out[k] = a[k] + b[k];
  return out;
}

/** Which groups one organisation counts in on a day, given its qualifications. */
export function qualificationCountsOf(quals: { kind: QualificationKind; validFrom: string; validTo: string | null }[], date: string): QualificationCounts {
  const out = emptyQualificationCounts();
  for (const [g, kinds] of Object.entries(QUALIFICATION_GROUPS) as [QualificationGroup, readonly QualificationKind[]][]) {
    if (quals.some((q) => kinds.includes(q.kind) && validOn(q, date))) out[g] = 1;
  }
  return out;
}

// ---- zones ---------------------------------------------------------------------------------

/** The tenant as a whole, in maps keyed by zone. */
export const WHOLE = 'whole';

/**
 * Rolls per-zone aggregates up the zone tree: a zone's total holds its own organisations and those of
 * every zone below it; WHOLE holds everything, including organisations without a zone.
 */
export function rollUp<T>(zones: { id: string; parentId: string | null }[], own: Map<string | null, T>, zero: () => T, add: (a: T, b: T) => T): Map<string, T> {
  const known = new Set(zones.map((z) => z.id));
  const children = new Map<string, string[]>();
  for (const z of zones) {
    if (z.parentId && known.has(z.parentId)) children.set(z.parentId, [...(children.get(z.parentId) ?? []), z.id]);
  }
  const out = new Map<string, T>();
  const visiting = new Set<string>();
  const total = (id: string): T => {
    const done = out.get(id);
    if (done !== undefined) return done;
    if (visiting.has(id)) throw new Error(`zone cycle at ${id}`);
    visiting.add(id);
    let acc = own.get(id) ?? zero();
    for (const c of children.get(id) ?? []) acc = add(acc, total(c));
    out.set(id, acc);
    return acc;
  };
  for (const z of zones) total(z.id);
  let whole = zero();
  for (const v of own.values()) whole = add(whole, v);
  out.set(WHOLE, whole);
  return out;
}

// ---- computed values -----------------------------------------------------------------------

export interface ComputedValue {
  /** In the display unit at the indicator's scale; null when it cannot be computed. */
  value: string | null;
  amountFen: bigint | null;
  contributors: number;
  inputs: Record<string, string>;
}

export interface ComputedFormula {
  basis: 'figures' | 'qualifications';
  /** Values from fewer than MIN_PUBLIC_CONTRIBUTORS organisations would disclose a single firm's figures. */
  confidential: boolean;
  compute(a: { figures?: FigureSums | undefined; qualifications?: QualificationCounts | undefined }, def: { unit: string; scale: number }): ComputedValue | undefined;
}

/** Fewer contributing organisations than this and a confidential value is withheld from the public. */
export const MIN_PUBLIC_CONTRIBUTORS = 3;

const qualificationFormula = (g: QualificationGroup): ComputedFormula => ({
  basis: 'qualifications',
  confidential: false,
  compute: ({ qualifications }, def) => {
    if (!qualifications) return undefined;
    const n = qualifications[g];
    return { value: formatScaled(BigInt(n) * pow10(def.scale), def.scale), amountFen: null, contributors: n, inputs: { organizations: String(n) } };
  },
});

const industryFormula = (g: IndustryGroup): ComputedFormula => ({
  basis: 'figures',
  confidential: true,
  compute: ({ figures }, def) => {
    const s = figures?.industry[g];
    if (!s || s.reporters === 0) return undefined;
    return { value: fenToUnit(s.revenueFen, def.unit, def.scale), amountFen: s.revenueFen, contributors: s.reporters, inputs: { revenueFen: s.revenueFen.toString() } };
  },
});

/** Every computed indicator, by code. */
export const COMPUTED_FORMULAS: Readonly<Record<string, ComputedFormula>> = {
  rd_intensity: {
    basis: 'figures',
    confidential: true,
    compute: ({ figures: f }, def) => {
      if (!f || f.rdReporters === 0) return undefined;
      return {
        value: rdIntensity(f.rdExpenditureFen, f.revenueFen, def.scale),
        amountFen: null,
        contributors: f.rdReporters,
        inputs: { rdExpenditureFen: f.rdExpenditureFen.toString(), revenueFen: f.revenueFen.toString() },
      };
    },
  },
  rd_staff_per_10k: {
    basis: 'figures',
    confidential: true,
    compute: ({ figures: f }, def) => {
      if (!f || f.staffReporters === 0) return undefined;
      return { value: perTenThousand(f.rdStaff, f.employees, def.scale), amountFen: null, contributors: f.staffReporters, inputs: { rdStaff: f.rdStaff.toString(), employees: f.employees.toString() } };
    },
  },
  patents_granted: {
    basis: 'figures',
    // Granted patents are public records.
    confidential: false,
    compute: ({ figures: f }, def) => {
      if (!f || f.patentReporters === 0) return undefined;
      return { value: formatScaled(f.patentsGranted * pow10(def.scale), def.scale), amountFen: null, contributors: f.patentReporters, inputs: { patentsGranted: f.patentsGranted.toString() } };
    },
  },
  ...Object.fromEntries((Object.keys(QUALIFICATION_GROUPS) as QualificationGroup[]).map((g) => [g, qualificationFormula(g)])),
  ...Object.fromEntries((Object.keys(INDUSTRY_GROUPS) as IndustryGroup[]).map((g) => [g, industryFormula(g)])),
};

/** Whether a value may be shown to someone who may not see single organisations' figures. */
export function disclosable(code: string, contributors: number | null): boolean {
  const f = COMPUTED_FORMULAS[code];
  if (!f || !f.confidential || contributors === null) return true;
  return contributors >= MIN_PUBLIC_CONTRIBUTORS;
}

// ---- official values -----------------------------------------------------------------------

/** Checks an officer's figure against the indicator: a decimal with at most `scale` places, within range. */
export function checkOfficialValue(def: { valueType: string; unit: string; scale: number }, value: string): { scaled: bigint; amountFen: bigint | null } | string {
  if (!/^\d{1,16}(\.\d{1,8})?$/.test(value)) return 'must be a non-negative decimal number, e.g. "83.73"';
  const scaled = parseDecimal(value, def.scale);
  if (scaled === null) return `allows at most ${def.scale} decimal places`;
  if (def.unit === '%' && scaled > 100n * pow10(def.scale)) return 'a share cannot exceed 100%';
  if (def.valueType === 'money') {
    const fen = unitToFen(value, def.unit);
    if (fen === null) return 'is not a whole number of fen';
    if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return 'is too large';
    return { scaled, amountFen: fen };
  }
  return { scaled, amountFen: null };
}

// ---- change --------------------------------------------------------------------------------

/** Change against the previous value: absolute at the indicator's scale, and in percent with one decimal (null from zero). */
export function changeOf(current: string | null, previous: string | null, scale: number): { change: string | null; changePercent: string | null } {
  if (current === null || previous === null) return { change: null, changePercent: null };
  const c = parseDecimal(current, scale);
  const p = parseDecimal(previous, scale);
  if (c === null || p === null) return { change: null, changePercent: null };
  return { change: formatScaled(c - p, scale), changePercent: p === 0n ? null : ratio(c - p, p, 100n, 1) };
}
