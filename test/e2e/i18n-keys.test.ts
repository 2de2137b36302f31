// The web app's two languages must say the same things: identical keys, no empty texts, and the
// same {{placeholders}} in each. Needs no browser.
import { describe, expect, it } from 'vitest';
import zhCN from '../../web/src/i18n/zh-CN.ts';
import en from '../../web/src/i18n/en.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('i18n resources', () => {
  const zh = flatten(zhCN);
  const enFlat = flatten(en);

  it('have the same keys in Chinese and English', () => {
    const onlyZh = [...zh.keys()].filter((k) => !enFlat.has(k));
    const onlyEn = [...enFlat.keys()].filter((k) => !zh.has(k));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
    expect(zh.size).toBeGreaterThan(200);
  });

  it('have no empty texts', () => {
    const empty = [...zh, ...enFlat].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...zh.keys()].filter((k) => enFlat.has(k) && placeholders(zh.get(k)!).join() !== placeholders(enFlat.get(k)!).join());
    expect(mismatched).toEqual([]);
  });

  it('keep Chinese out of the English texts (except language names and deliberate Chinese)', () => {
    const allowed = new Set(['lang.zh-CN']);
    const leaked = [...enFlat].filter(([k, v]) => !allowed.has(k) && /[\u4e00-\u9fff]/.test(v)).map(([k]) => k);
    expect(leaked).toEqual([]);
  });
});
