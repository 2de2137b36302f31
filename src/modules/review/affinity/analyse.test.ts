import { describe, expect, it } from 'vitest';
import { Analyser, PART_WEIGHT, type Bag } from './analyse.ts';

function terms(an: Analyser, bag: Bag): Record<string, number> {
  return Object.fromEntries([...bag].map(([t, w]) => [an.surfaces[t]!, w]));
}

describe('analysing text into weighted terms', () => {
  it('cuts Chinese with jieba and counts the words inside long words as parts', () => {
    const an = new Analyser();
    const bag: Bag = new Map();
    an.text('中华人民共和国的蛋白质组学', bag);
    expect(terms(an, bag)).toEqual({ 中华人民共和国: 1, 中华: PART_WEIGHT, 人民: PART_WEIGHT, 共和国: PART_WEIGHT, 蛋白质: 1, 蛋白: PART_WEIGHT, 组学: 1 });
  });
  it('lower-cases and stems English, keeps hyphenated compounds whole, drops stop words, numbers and single letters', () => {
    const an = new Analyser();
    const bag: Bag = new Map();
    an.text('Editing of the T-cells, 2020-2024: CRISPR-Cas9 edited cells', bag);
    const t = terms(an, bag);
    expect(t).toEqual({ editing: 2, 't-cells': 1, cells: 1 + PART_WEIGHT, 'crispr-cas9': 1, crispr: PART_WEIGHT, cas9: PART_WEIGHT });
    expect(an.termId('edit')).toBeDefined(); // edited and editing are one term
  });
  it('reads a keyword as one term plus its parts, and finds it again in running text, across scripts', () => {
    const an = new Analyser();
    const kw: Bag = new Map();
    an.keyword('CAR-T 细胞治疗', kw);
    an.keyword('gene editing', kw);
    expect(terms(an, kw)).toMatchObject({ 'car-t 细胞治疗': 1, 'car-t': PART_WEIGHT, 细胞: PART_WEIGHT, 'gene editing': 1, gene: PART_WEIGHT, editing: PART_WEIGHT });
    const text: Bag = new Map();
    an.text('本项目将CAR-T细胞治疗用于实体瘤，并比较 gene-editing 与 gene editing of cells', text);
    const t = terms(an, text);
    expect(t['car-t 细胞治疗']).toBe(1);
    expect(t['gene editing']).toBe(1); // the hyphenated form is another word, not the phrase
    expect([t['car-t'], t['细胞'], t['治疗']]).toEqual([PART_WEIGHT, PART_WEIGHT, PART_WEIGHT]); // inside the phrase: parts
    expect(t['本']).toBeUndefined();
  });
  it('gives nothing for empty text, punctuation or stop words only', () => {
    const an = new Analyser();
    const bag: Bag = new Map();
    an.text('', bag);
    an.text('，。！ the of and 的 了 研究', bag);
    an.keyword('   ', bag);
    expect(bag.size).toBe(0);
  });
});
