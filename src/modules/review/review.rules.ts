// Pure rules of review rounds: criteria, the sealed random draw (随机抽取) and the re-check of a manual change
// to an assignment. No database; docs/review.md ("Rounds", "Panel and draws", "Assignment") explains them.
import { createHash } from 'node:crypto';
import type { FieldError } from '../../platform/http/errors.ts';
import type { Criterion } from './review.tables.ts';

// ---- criteria -----------------------------------------------------------------------------

export const MAX_CRITERIA = 20;
const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;

/** What a challenge round scores unless the officer changes it: five criteria, each 0–10, weights summing to 100. */
export const DEFAULT_CRITERIA: readonly Criterion[] = [
  { key: 'advancement', nameZh: '技术先进性', nameEn: 'Technical advancement', weight: 30, scaleMax: 10, commentRequired: false },
  { key: 'feasibility', nameZh: '可行性', nameEn: 'Feasibility', weight: 25, scaleMax: 10, commentRequired: false },
  { key: 'team', nameZh: '团队能力', nameEn: 'Team capability', weight: 20, scaleMax: 10, commentRequired: false },
  { key: 'budget', nameZh: '预算合理性', nameEn: 'Budget soundness', weight: 15, scaleMax: 10, commentRequired: false },
  { key: 'benefit', nameZh: '预期效益', nameEn: 'Expected benefit', weight: 10, scaleMax: 10, commentRequired: false },
];

const err = (path: string, en: string, zh: string): FieldError => ({ path, message: en, zh });

/** Every problem of a criteria list, with the path of the offending field and its message in English and Chinese. */
export function validateCriteria(criteria: readonly Criterion[], base = 'criteria'): FieldError[] {
  const out: FieldError[] = [];
  if (criteria.length < 1 || criteria.length > MAX_CRITERIA) out.push(err(base, `needs 1 to ${MAX_CRITERIA} criteria`, `评审指标须为 1 至 ${MAX_CRITERIA} 项`));
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    const p = `${base}/${i}`;
    if (!KEY_RE.test(c.key)) out.push(err(`${p}/key`, 'must be lower-case letters, digits or _ and start with a letter (at most 40)', '标识须以小写字母开头，仅含小写字母、数字或下划线（不超过 40 个字符）'));
    else if (seen.has(c.key)) out.push(err(`${p}/key`, `duplicates the key "${c.key}"`, `标识“${c.key}”重复`));
    seen.add(c.key);
    if (!c.nameZh.trim()) out.push(err(`${p}/nameZh`, 'the Chinese name is required', '请填写中文名称'));
    if (!c.nameEn.trim()) out.push(err(`${p}/nameEn`, 'the English name is required', '请填写英文名称'));
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 1000) out.push(err(`${p}/weight`, 'must be a whole number from 1 to 1000', '权重须为 1 至 1000 的整数'));
    if (!Number.isInteger(c.scaleMax) || c.scaleMax < 1 || c.scaleMax > 100) out.push(err(`${p}/scaleMax`, 'must be a whole number from 1 to 100', '满分须为 1 至 100 的整数'));
  });
  return out;
}

/** Trimmed copies: what is stored. */
export function normaliseCriteria(criteria: readonly Criterion[]): Criterion[] {
  return criteria.map((c) => {
    const out: Criterion = { key: c.key, nameZh: c.nameZh.trim(), nameEn: c.nameEn.trim(), weight: c.weight, scaleMax: c.scaleMax, commentRequired: c.commentRequired ?? false };
    if (c.guidanceZh?.trim()) out.guidanceZh = c.guidanceZh.trim();
    if (c.guidanceEn?.trim()) out.guidanceEn = c.guidanceEn.trim();
    return out;
  });
}

export function deadlineProblem(deadline: Date, now: Date): FieldError | null {
  return deadline.getTime() > now.getTime() ? null : err('deadline', 'must be in the future', '截止时间须晚于当前时间');
}

/** An expert can be asked now: marked available, or unavailable only until a date that has passed (Beijing date). */
export function isAvailable(e: { availability: string; unavailableUntil: string | null }, today: string): boolean {
  return e.availability === 'available' || (e.unavailableUntil !== null && e.unavailableUntil < today);
}

// ---- sealed random draw -------------------------------------------------------------------

/**
 * Name and version of the draw algorithm, stored with every draw: the seed's bytes are hashed with SHA-256,
 * the first 16 bytes (four little-endian 32-bit words) seed xoshiro128**, and Fisher–Yates (Durstenfeld,
 * i = n−1 … 1, j uniform in 0…i by rejection sampling) shuffles the candidates sorted by id.
 */
export const DRAW_ALGORITHM = 'sha256-xoshiro128**-fisher-yates/1';
export const SEED_RE = /^[0-9a-f]{32,128}$/;

/** xoshiro128** (Blackman & Vigna), 32-bit words. */
export class Xoshiro128ss {
  private s: Uint32Array;
  constructor(seedHex: string) {
    if (!SEED_RE.test(seedHex) || seedHex.length % 2 !== 0) throw new RangeError('seed must be 32–128 lower-case hex digits (an even number)');
    const d = createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest();
    const words = (at: number) => new Uint32Array([d.readUInt32LE(at), d.readUInt32LE(at + 4), d.readUInt32LE(at + 8), d.readUInt32LE(at + 12)]);
    this.s = words(0);
    // The all-zero state is the one xoshiro cannot leave; take the other half of the digest then.
    if (this.s.every((w) => w === 0)) this.s = words(16);
  }

  /** A generator in a given state (the reference test vectors start from one). */
  static fromState(words: readonly [number, number, number, number]): Xoshiro128ss {
    const g = new Xoshiro128ss('00'.repeat(16));
    g.s = new Uint32Array(words);
    return g;
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in 0 … n−1, without modulo bias. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError('below(n) needs 1 ≤ n ≤ 2^32');
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A shuffled copy (Durstenfeld's Fisher–Yates). */
export function shuffle<T>(items: readonly T[], rng: Xoshiro128ss): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface DrawCandidate {
  expertId: string;
  /** Organisation key for one-per-organisation (registry id or normalised affiliation), null when unknown. */
  organization: string | null;
  maxLoad: number;
  /** Items this expert has a binding conflict with. */
  conflicts: string[];
}

export interface PanelDrawParams {
  count: number;
  fields: string[];
}

export interface PerItemDrawParams {
  k: number;
  onePerOrganization: boolean;
  from: 'panel' | 'pool';
  fields: string[];
  /** The round's items in draw order (by code). */
  items: { itemId: string; code: string }[];
}

export type DrawResult = { ok: true; experts: string[] } | { ok: true; assignments: { itemId: string; expertIds: string[] }[] } | { ok: false; en: string; zh: string };

const byId = (a: DrawCandidate, b: DrawCandidate) => (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0);

/** Draws `count` panel members from the candidates: the first `count` of the shuffled list. */
export function drawPanel(seed: string, candidates: readonly DrawCandidate[], p: PanelDrawParams): DrawResult {
  if (candidates.length < p.count) {
    return { ok: false, en: `only ${candidates.length} qualified experts without a conflict are left for ${p.count} places`, zh: `符合条件且无回避的专家仅 ${candidates.length} 位，不足抽取的 ${p.count} 位` };
  }
  const rng = new Xoshiro128ss(seed);
  return { ok: true, experts: shuffle([...candidates].sort(byId), rng).slice(0, p.count).map((c) => c.expertId) };
}

/**
 * For each item in order, shuffles every candidate afresh (one stream from the seed) and takes the first k who
 * have no conflict with the item, are under their load and — when asked — come from an organisation not yet on
 * the item. Refuses, naming the item, when the candidates run out.
 */
export function drawPerItem(seed: string, candidates: readonly DrawCandidate[], p: PerItemDrawParams): DrawResult {
  const rng = new Xoshiro128ss(seed);
  const sorted = [...candidates].sort(byId);
  const load = new Map<string, number>();
  const out: { itemId: string; expertIds: string[] }[] = [];
  for (const item of p.items) {
    const picked: string[] = [];
    const orgs = new Set<string>();
    for (const c of shuffle(sorted, rng)) {
      if (picked.length === p.k) break;
      if (c.conflicts.includes(item.itemId)) continue;
      if ((load.get(c.expertId) ?? 0) >= c.maxLoad) continue;
      if (p.onePerOrganization && c.organization !== null && orgs.has(c.organization)) continue;
      picked.push(c.expertId);
      if (c.organization !== null) orgs.add(c.organization);
      load.set(c.expertId, (load.get(c.expertId) ?? 0) + 1);
    }
    if (picked.length < p.k) {
      return {
        ok: false,
        en: `the candidates ran out at item ${item.code}: ${picked.length} of ${p.k} experts could be drawn (conflicts, loads${p.onePerOrganization ? ', one per organisation' : ''})`,
        zh: `抽取至 ${item.code} 时候选专家不足：仅能抽出 ${picked.length} 位，需要 ${p.k} 位（受回避、负荷${p.onePerOrganization ? '及同单位限一人' : ''}限制）`,
      };
    }
    out.push({ itemId: item.itemId, expertIds: picked });
  }
  return { ok: true, assignments: out };
}

/** SHA-256 over a canonical JSON form (keys sorted), for recording what a draw used and produced in the audit trail. */
export function canonicalHash(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}

// ---- assignment checks --------------------------------------------------------------------

export interface PanelFacts {
  maxLoad: number;
  organization: string | null;
  available: boolean;
}

export interface AssignmentState {
  onePerOrganization: boolean;
  minLoad: number;
  pairs: readonly { itemId: string; expertId: string }[];
  /** The round's panel. */
  panel: ReadonlyMap<string, PanelFacts>;
  /** `${itemId} ${expertId}` of every pair with a binding conflict. */
  conflicts: ReadonlySet<string>;
}

export type AssignmentChange =
  | { kind: 'replace'; itemId: string; expertId: string; withExpertId: string }
  | { kind: 'swap'; itemId: string; expertId: string; otherItemId: string; otherExpertId: string };

/** `submitted`: while open, a pair whose sheet is submitted stays (the service checks it, it needs the sheets). */
export const CONSTRAINTS = ['not_assigned', 'same', 'not_on_panel', 'unavailable', 'duplicate', 'conflict', 'max_load', 'min_load', 'organization', 'submitted'] as const;
export type Constraint = (typeof CONSTRAINTS)[number];

export interface Violation {
  constraint: Constraint;
  en: string;
  zh: string;
}

export interface Labels {
  item(id: string): string;
  expert(id: string): string;
}

export const pairKey = (itemId: string, expertId: string) => `${itemId} ${expertId}`;

/**
 * Re-checks a manual change against every constraint the solver honours: the pair exists, the new expert is on
 * the panel, available, not already on the item, not conflicted, within their load (and the one who leaves not
 * below the minimum), and one per organisation. Returns the pairs after the change and what is violated.
 */
export function checkChange(s: AssignmentState, c: AssignmentChange, l: Labels): { pairs: { itemId: string; expertId: string }[]; violations: Violation[] } {
  const v: Violation[] = [];
  const has = (i: string, e: string) => s.pairs.some((p) => p.itemId === i && p.expertId === e);
  const load = (e: string) => s.pairs.filter((p) => p.expertId === e).length;
  const orgClash = (item: string, incoming: string, leaving: string) => {
    const org = s.panel.get(incoming)?.organization ?? null;
    if (!s.onePerOrganization || org === null) return false;
    return s.pairs.some((p) => p.itemId === item && p.expertId !== leaving && s.panel.get(p.expertId)?.organization === org);
  };
  const enter = (item: string, incoming: string, leaving: string) => {
    const facts = s.panel.get(incoming);
    if (!facts) {
      v.push({ constraint: 'not_on_panel', en: `${l.expert(incoming)} is not on the round's panel`, zh: `${l.expert(incoming)} 不在本轮专家组中` });
      return;
    }
    if (!facts.available) v.push({ constraint: 'unavailable', en: `${l.expert(incoming)} is not available`, zh: `${l.expert(incoming)} 当前不可参加评审` });
    if (has(item, incoming)) v.push({ constraint: 'duplicate', en: `${l.expert(incoming)} already reviews ${l.item(item)}`, zh: `${l.expert(incoming)} 已在评审 ${l.item(item)}` });
    if (s.conflicts.has(pairKey(item, incoming))) v.push({ constraint: 'conflict', en: `${l.expert(incoming)} has a conflict of interest with ${l.item(item)}`, zh: `${l.expert(incoming)} 与 ${l.item(item)} 存在回避关系` });
    if (orgClash(item, incoming, leaving)) v.push({ constraint: 'organization', en: `${l.item(item)} would have two experts of the same organisation`, zh: `${l.item(item)} 将有两位同一单位的专家` });
  };

  if (c.kind === 'replace') {
    if (!has(c.itemId, c.expertId)) return { pairs: [...s.pairs], violations: [{ constraint: 'not_assigned', en: `${l.expert(c.expertId)} does not review ${l.item(c.itemId)}`, zh: `${l.expert(c.expertId)} 未被分配评审 ${l.item(c.itemId)}` }] };
    if (c.withExpertId === c.expertId) return { pairs: [...s.pairs], violations: [{ constraint: 'same', en: 'the replacement is the same expert', zh: '替换专家与原专家相同' }] };
    enter(c.itemId, c.withExpertId, c.expertId);
    const facts = s.panel.get(c.withExpertId);
    if (facts && load(c.withExpertId) + 1 > facts.maxLoad) v.push({ constraint: 'max_load', en: `${l.expert(c.withExpertId)} would review ${load(c.withExpertId) + 1} items, above their load of ${facts.maxLoad}`, zh: `${l.expert(c.withExpertId)} 将评审 ${load(c.withExpertId) + 1} 项，超过其负荷上限 ${facts.maxLoad}` });
    const leaving = s.panel.get(c.expertId);
    if (s.minLoad > 0 && leaving?.available && load(c.expertId) - 1 < s.minLoad) v.push({ constraint: 'min_load', en: `${l.expert(c.expertId)} would review ${load(c.expertId) - 1} items, below the minimum of ${s.minLoad}`, zh: `${l.expert(c.expertId)} 将仅评审 ${load(c.expertId) - 1} 项，低于最低负荷 ${s.minLoad}` });
    const pairs = s.pairs.map((p) => (p.itemId === c.itemId && p.expertId === c.expertId ? { itemId: c.itemId, expertId: c.withExpertId } : { ...p }));
    return { pairs, violations: v };
  }

  for (const [i, e] of [[c.itemId, c.expertId], [c.otherItemId, c.otherExpertId]] as const) {
    if (!has(i, e)) v.push({ constraint: 'not_assigned', en: `${l.expert(e)} does not review ${l.item(i)}`, zh: `${l.expert(e)} 未被分配评审 ${l.item(i)}` });
  }
  if (v.length) return { pairs: [...s.pairs], violations: v };
  if (c.itemId === c.otherItemId || c.expertId === c.otherExpertId) return { pairs: [...s.pairs], violations: [{ constraint: 'same', en: 'a swap needs two different items and two different experts', zh: '互换须涉及两项不同的申报和两位不同的专家' }] };
  enter(c.otherItemId, c.expertId, c.otherExpertId);
  enter(c.itemId, c.otherExpertId, c.expertId);
  const pairs = s.pairs.map((p) => {
    if (p.itemId === c.itemId && p.expertId === c.expertId) return { itemId: c.itemId, expertId: c.otherExpertId };
    if (p.itemId === c.otherItemId && p.expertId === c.otherExpertId) return { itemId: c.otherItemId, expertId: c.expertId };
    return { ...p };
  });
  return { pairs, violations: v };
}

/** Items whose number of experts is not k, for opening a round. */
export function coverageProblems(items: readonly { itemId: string; code: string }[], pairs: readonly { itemId: string }[], k: number): { itemId: string; code: string; count: number }[] {
  return items.map((i) => ({ ...i, count: pairs.filter((p) => p.itemId === i.itemId).length })).filter((x) => x.count !== k);
}
