// Text → weighted terms, for Chinese, English and both mixed. Chinese runs are cut by jieba (precise mode);
// Latin runs are split into words (a hyphenated compound such as CAR-T or CRISPR-Cas9 stays one word),
// lower-cased and stemmed. Every term is interned to an integer id so the index and the scoring work on
// numbers. Weights: a word of running text counts 1; the shorter words inside it (生物医药 → 生物, 医药;
// CRISPR-Cas9 → crispr, cas9) count PART_WEIGHT each; a keyword counts 1 as a whole (基因编辑, "gene
// editing") and its words count as parts. A keyword of several words met again in running text ("… gene
// editing of …", "…基因编辑…") is read there the same way (whole 1, its words as parts), so texts meet
// keywords and a phrase weighs the same wherever it stands.
import { cutWords } from '../../../platform/text/segment.ts';
import { stem } from './stem.ts';
import { isStopWord } from './stopwords.ts';

export const PART_WEIGHT = 0.5;
/** Keywords of more words than this are read as running text: they are sentences, not terms. */
export const MAX_PHRASE_WORDS = 5;

/** term id → weighted count within one field of one document. */
export type Bag = Map<number, number>;

interface Part {
  key: string;
  surface: string;
}

interface Word extends Part {
  parts: readonly Part[];
}

interface PhraseNode {
  next: Map<number, PhraseNode>;
  term: number;
}

// Han ideographs, or a Latin/Greek word with digits and inner hyphens (CAR-T, IL-6, TGF-β, Cas9).
const RUN = /(\p{Script=Han}+)|([\p{Script=Latin}\p{Script=Greek}\p{N}]+(?:[-‐‑][\p{Script=Latin}\p{Script=Greek}\p{N}]+)*)/gu;
const HYPHENS = /[-‐‑]/;
const HAN = /^\p{Script=Han}/u;

function keepLatin(w: string): boolean {
  return w.length >= 2 && !/^\p{N}+$/u.test(w) && !isStopWord(w);
}

/** Lower-case and stem, except acronyms (AIDS, PCR), which are only lower-cased. */
function latinKey(raw: string): string {
  const lower = raw.toLowerCase();
  return /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(raw) ? lower : stem(lower);
}

function joinKeys(keys: readonly string[]): string {
  let out = keys[0] ?? '';
  for (let i = 1; i < keys.length; i++) {
    // Chinese words join without a space, so a keyword 基因编辑 cut as 基因 + 编辑 is the same term as a
    // word 基因编辑 that jieba might find whole elsewhere.
    out += HAN.test(keys[i]!) && HAN.test(keys[i - 1]!.slice(-1)) ? keys[i] : ' ' + keys[i]!;
  }
  return out;
}

export class Analyser {
  private readonly ids = new Map<string, number>();
  /** How each term is shown: the form first met (a keyword as written, a word lower-cased). */
  readonly surfaces: string[] = [];
  private readonly phrases: PhraseNode = { next: new Map(), term: -1 };
  private readonly partsCache = new Map<string, Part[]>();
  private readonly keywordCache = new Map<string, { whole: number; words: number[]; parts: number[] } | null>();

  get size(): number {
    return this.surfaces.length;
  }

  private intern(key: string, surface: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.surfaces.length;
      this.ids.set(key, id);
      this.surfaces.push(surface);
    }
    return id;
  }

  /** The term id of a text's key, if that term has been met (for tests and explanations). */
  termId(key: string): number | undefined {
    return this.ids.get(key);
  }

  /**
   * The shorter dictionary words inside a Chinese word, without overlaps: left to right, the longest one
   * starting at each position (中华人民共和国 → 中华, 人民, 共和国, not 华人; 蛋白质 → 蛋白, not 白质).
   */
  private hanParts(word: string): Part[] {
    let parts = this.partsCache.get(word);
    if (parts) return parts;
    parts = [];
    if (word.length > 2) {
      const inside = cutWords(word, 'search').filter((w) => w.length < word.length);
      for (let at = 0; at < word.length; ) {
        let best = '';
        for (const w of inside) if (w.length > best.length && word.startsWith(w, at)) best = w;
        if (best && !isStopWord(best)) parts.push({ key: best, surface: best });
        at += best ? best.length : 1;
      }
    }
    this.partsCache.set(word, parts);
    return parts;
  }

  /** The words of a text in order, stop words dropped. */
  private words(text: string): Word[] {
    const out: Word[] = [];
    for (const m of text.normalize('NFKC').matchAll(RUN)) {
      if (m[1]) {
        for (const w of cutWords(m[1])) {
          if (w.trim() && !isStopWord(w)) out.push({ key: w, surface: w, parts: this.hanParts(w) });
        }
      } else if (m[2]) {
        const pieces = m[2].split(HYPHENS);
        if (pieces.length === 1) {
          if (keepLatin(m[2].toLowerCase())) out.push({ key: latinKey(m[2]), surface: m[2].toLowerCase(), parts: [] });
          continue;
        }
        if (pieces.every((p) => /^\p{N}*$/u.test(p))) continue; // 2020-2024
        const kept = pieces.filter((p) => keepLatin(p.toLowerCase()));
        out.push({ key: pieces.map(latinKey).join('-'), surface: m[2].toLowerCase(), parts: kept.map((p) => ({ key: latinKey(p), surface: p.toLowerCase() })) });
      }
    }
    return out;
  }

  /**
   * Adds a keyword (or a research field) to a bag: the whole keyword, and its words and their parts as
   * parts. Registers it as a phrase, so call this for every keyword of every document before `text`.
   */
  keyword(text: string, bag: Bag): void {
    const raw = text.trim();
    let k = this.keywordCache.get(raw);
    if (k === undefined) {
      const words = this.words(raw);
      if (words.length === 0) k = null;
      else if (words.length > MAX_PHRASE_WORDS) {
        k = { whole: -1, words: words.map((w) => this.intern(w.key, w.surface)), parts: this.partIds(words) };
      } else {
        const whole = this.intern(words.length === 1 ? words[0]!.key : joinKeys(words.map((w) => w.key)), raw.toLowerCase());
        const ids = words.length === 1 ? [] : words.map((w) => this.intern(w.key, w.surface));
        if (ids.length > 1) this.addPhrase(ids, whole);
        k = { whole, words: [], parts: [...ids, ...this.partIds(words)] };
      }
      this.keywordCache.set(raw, k);
    }
    if (!k) return;
    if (k.whole >= 0) add(bag, k.whole, 1);
    for (const id of k.words) add(bag, id, 1);
    for (const id of k.parts) add(bag, id, PART_WEIGHT);
  }

  /** Adds running text to a bag: its words, their parts, and the keywords (of two or more words) it contains. */
  text(text: string | undefined, bag: Bag): void {
    if (!text) return;
    const words = this.words(text);
    const ids = words.map((w) => this.intern(w.key, w.surface));
    // Up to which word a phrase found so far reaches: words inside a phrase are its parts.
    let coveredTo = -1;
    for (let i = 0; i < ids.length; i++) {
      let node = this.phrases.next.get(ids[i]!);
      for (let j = i + 1; node && j < ids.length; j++) {
        node = node.next.get(ids[j]!);
        if (node && node.term >= 0) {
          add(bag, node.term, 1);
          coveredTo = Math.max(coveredTo, j);
        }
      }
      add(bag, ids[i]!, i <= coveredTo ? PART_WEIGHT : 1);
      for (const p of words[i]!.parts) add(bag, this.intern(p.key, p.surface), PART_WEIGHT);
    }
  }

  private partIds(words: Word[]): number[] {
    return words.flatMap((w) => w.parts.map((p) => this.intern(p.key, p.surface)));
  }

  private addPhrase(ids: number[], term: number): void {
    let node = this.phrases;
    for (const id of ids) {
      let next = node.next.get(id);
      if (!next) node.next.set(id, (next = { next: new Map(), term: -1 }));
      node = next;
    }
    node.term = term;
  }
}

function add(bag: Bag, term: number, weight: number): void {
  bag.set(term, (bag.get(term) ?? 0) + weight);
}

/** Σ weights: a field's length for BM25's length normalisation. */
export function bagLength(bag: Bag): number {
  let n = 0;
  for (const w of bag.values()) n += w;
  return n;
}
