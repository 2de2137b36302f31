import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
function instance(): Jieba {
  // Loading the dictionary takes ~0.2 s, so it happens on first use, once per process.
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const WORD = /[\p{L}\p{N}]/u;

function clean(tokens: string[]): string[] {
  return tokens.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0 && WORD.test(t));
}

/**
 * Tokens to index a text under: jieba's search mode (words and the shorter words inside them, so
 * 生物医药 is indexed as 生物医药, 生物 and 医药), lower-cased, punctuation dropped.
 */
export function indexTokens(text: string): string[] {
  if (!text) return [];
  return [...new Set(clean(instance().cutForSearch(text, true)))];
}

/** The tokens of a text as a space-separated string, ready for to_tsvector('simple', …). */
export function indexText(...parts: (string | null | undefined)[]): string {
  return indexTokens(parts.filter(Boolean).join(' ')).join(' ');
}

/**
 * jieba's words in order, unfiltered (spaces and punctuation included): precise mode, or search mode, which
 * also gives the shorter dictionary words inside long ones. For callers that weigh words themselves (review
 * affinity); they share this process's one dictionary.
 */
export function cutWords(text: string, mode: 'precise' | 'search' = 'precise'): string[] {
  if (!text) return [];
  return mode === 'search' ? instance().cutForSearch(text, true) : instance().cut(text, true);
}

function quote(token: string): string {
  return `'${token.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
}

/**
 * A to_tsquery('simple', …) expression for a search box: every word must match, either as itself or
 * as all of the shorter words jieba finds inside it, so 生物医药 finds a text that says 生物 and 医药
 * apart. Latin words also match as prefixes (bio → biochip). Returns null when nothing is searchable.
 */
export function searchQuery(input: string): string | null {
  const words = clean(instance().cut(input.slice(0, 200), true));
  const clauses: string[] = [];
  for (const w of [...new Set(words)]) {
    const isLatin = /^[a-z0-9]+$/.test(w);
    const self = isLatin ? `${quote(w)}:*` : quote(w);
    const parts = clean(instance().cutForSearch(w, true)).filter((p) => p !== w && p.length < w.length);
    // Only the finest parts: those not themselves made of other parts.
    const finest = parts.filter((p) => !parts.some((q) => q !== p && q.length < p.length && p.includes(q)));
    clauses.push(finest.length > 1 ? `(${self} | (${finest.map(quote).join(' & ')}))` : self);
  }
  return clauses.length ? clauses.join(' & ') : null;
}
