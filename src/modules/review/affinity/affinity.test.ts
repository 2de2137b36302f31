import { describe, expect, it } from 'vitest';
import { computeAffinity } from './affinity.ts';
import { referenceAffinity } from './reference.ts';
import { AffinityInputError, type AffinityDocument, type ExpertProfileText } from './types.ts';

const ids = (m: { top: (a: number, n: number) => { id: string }[] }, a: number, n = 10) => m.top(a, n).map((x) => x.id);

describe('text affinity between applications and experts', () => {
  it('ranks first the expert whose keywords are the application’s keywords', () => {
    const apps = [{ id: 'a', title: '肿瘤微环境的单细胞测序研究', keywords: ['单细胞测序', '肿瘤微环境'] }];
    const experts = [
      { id: 'bio', biography: '从事肿瘤学研究多年，近年关注单细胞测序在临床中的应用，兼及流行病学与卫生经济学。' },
      { id: 'kw', keywords: ['单细胞测序', '肿瘤微环境'] },
      { id: 'none', keywords: ['有机合成'], biography: '研究天然产物全合成。' },
    ];
    const m = computeAffinity(apps, experts);
    expect(ids(m, 0)).toEqual(['kw', 'bio']);
    expect(m.at(0, 2)).toBe(0);
  });

  it('matches Chinese with Chinese and English with English', () => {
    const apps = [
      { id: 'zh', title: '肝癌早期筛查的液体活检方法', keywords: ['液体活检'] },
      { id: 'en', title: 'Liquid biopsy for early screening of liver cancer', keywords: ['liquid biopsy'] },
    ];
    const experts = [
      { id: 'x-zh', keywords: ['液体活检', '肝癌'], biography: '研究肝癌的早期筛查。' },
      { id: 'x-en', keywords: ['liquid biopsies'], biography: 'Screens for liver cancers early.' },
    ];
    const m = computeAffinity(apps, experts);
    expect(ids(m, 0)).toEqual(['x-zh']);
    expect(ids(m, 1)).toEqual(['x-en']);
    expect(m.explain(1, 1).map((t) => t.term)).toEqual(expect.arrayContaining(['liquid biopsy', 'cancer', 'liver', 'screening']));
  });

  it('does not count stop words', () => {
    const m = computeAffinity(
      [{ id: 'a', title: 'The study of and for the 研究', abstract: '我们的研究是在这个项目中进行的。' }],
      [{ id: 'x', biography: 'A study of the research for and with 我们 研究 项目 进行 的' }],
    );
    expect(m.at(0, 0)).toBe(0);
    expect(m.explain(0, 0)).toEqual([]);
  });

  it('explains a score by the matched terms and where each came from; the contributions sum to the score', () => {
    const apps = [{ id: 'a', title: 'CRISPR screens in T cells', keywords: ['CRISPR', 'gene editing', '基因编辑'] }];
    const experts = [
      { id: 'x', keywords: ['CRISPR'], publications: [{ title: 'Gene editing in mice', year: 2021 }], biography: '长期从事基因编辑研究。' },
      { id: 'y', keywords: ['植物育种'] },
    ];
    const m = computeAffinity(apps, experts);
    const terms = m.explain(0, 0, 100);
    const byTerm = Object.fromEntries(terms.map((t) => [t.term, t]));
    expect(byTerm['crispr']!.expert).toEqual([{ source: 'keyword', share: 1 }]);
    expect(byTerm['gene editing']!.expert).toEqual([{ source: 'publication', share: 1 }]);
    expect(byTerm['基因编辑']!.expert).toEqual([{ source: 'biography', share: 1 }]);
    expect(byTerm['crispr']!.application.map((s) => s.source)).toEqual(['keyword', 'title']);
    const contributions = terms.map((t) => t.contribution);
    expect(contributions).toEqual([...contributions].sort((p, q) => q - p));
    expect(contributions.reduce((s, c) => s + c, 0)).toBeCloseTo(m.at(0, 0), 6);
    expect(m.explain(0, 0, 2)).toHaveLength(2);
    expect(m.explain(0, 1)).toEqual([]);
  });

  it('lets a rare term count more than a common one (IDF over the experts)', () => {
    const apps = [{ id: 'a', keywords: ['免疫', '类器官'] }];
    const experts = [
      { id: 'common', keywords: ['免疫'] },
      { id: 'rare', keywords: ['类器官'] },
      ...[1, 2, 3, 4].map((i) => ({ id: `other${i}`, keywords: ['免疫', `方向${i}`] })),
    ];
    const m = computeAffinity(apps, experts);
    expect(ids(m, 0)[0]).toBe('rare');
    expect(m.at(0, 1)).toBeGreaterThan(m.at(0, 0));
  });

  it('weights expert keywords over publications over biography', () => {
    const apps = [{ id: 'a', keywords: ['蛋白质组学'] }];
    const experts = [
      { id: 'bio', biography: '蛋白质组学' },
      { id: 'pub', publications: [{ title: '蛋白质组学' }] },
      { id: 'kw', keywords: ['蛋白质组学'] },
    ];
    expect(ids(computeAffinity(apps, experts), 0)).toEqual(['kw', 'pub', 'bio']);
  });

  it('weights the application’s keywords over its title over its abstract', () => {
    const experts = [
      { id: 's', keywords: ['metabolomics'] },
      { id: 't', keywords: ['tomography'] },
      { id: 'k', keywords: ['organoids'] },
    ];
    const m = computeAffinity([{ id: 'a', keywords: ['organoid'], title: 'Tomography', abstract: 'metabolomics' }], experts);
    expect(ids(m, 0)).toEqual(['k', 't', 's']);
  });

  it('gives 0, never NaN, for empty texts, and handles empty inputs', () => {
    const m = computeAffinity(
      [{ id: 'empty' }, { id: 'a', title: '单细胞测序' }],
      [{ id: 'blank', keywords: [], biography: '', publications: [] }, { id: 'x', keywords: ['单细胞测序'] }],
    );
    expect(Array.from(m.scores).every((s) => Number.isFinite(s))).toBe(true);
    expect([m.at(0, 0), m.at(0, 1), m.at(1, 0)]).toEqual([0, 0, 0]);
    expect(m.at(1, 1)).toBeGreaterThan(0);
    expect(m.top(0, 5)).toEqual([]);
    for (const normalisation of ['best', 'none'] as const) {
      expect(Array.from(computeAffinity([{ id: 'e' }], [{ id: 'x' }], { normalisation }).scores)).toEqual([0]);
    }
    expect(computeAffinity([], [{ id: 'x', keywords: ['a'] }]).scores).toHaveLength(0);
    expect(computeAffinity([{ id: 'a', title: 'x' }], []).rows()).toEqual([new Float32Array(0)]);
  });

  it('refuses duplicate ids and bad options', () => {
    expect(() => computeAffinity([{ id: 'a' }, { id: 'a' }], [])).toThrow(AffinityInputError);
    expect(() => computeAffinity([], [{ id: '' }])).toThrow(AffinityInputError);
    expect(() => computeAffinity([], [], { b: 2 })).toThrow(AffinityInputError);
  });
});

describe('scale, determinism and the all-pairs reference', () => {
  // A small corpus drawn from a fixed vocabulary, so many pairs share some terms and few share many.
  const vocab = ['单细胞测序', '肿瘤免疫', 'CAR-T', '基因编辑', 'gene editing', '类器官', 'organoids', '蛋白质组学', 'proteomics', '冷冻电镜', 'cryo-EM', '合成生物学', 'synthetic biology', '脑机接口', 'brain-computer interface', '抗体药物', 'antibody drugs', '微生物组', 'microbiome', '疫苗'];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (n: number) => Array.from({ length: n }, () => vocab[Math.floor(rand() * vocab.length)]!);
  const apps: AffinityDocument[] = Array.from({ length: 25 }, (_, i) => ({
    id: `a${i}`,
    title: pick(3).join('与'),
    abstract: `本项目研究${pick(4).join('、')}，and studies ${pick(3).join(' and ')} in patients.`,
    keywords: pick(3),
  }));
  const experts: ExpertProfileText[] = Array.from({ length: 30 }, (_, i) => ({
    id: `x${i}`,
    keywords: pick(1 + (i % 5)),
    fields: i % 3 ? ['生物医药'] : [],
    biography: `长期从事${pick(2).join('和')}研究，works on ${pick(2).join(', ')}.`,
    publications: Array.from({ length: i % 7 }, () => ({ title: `${pick(2).join(' of ')} in mice` })),
  }));

  it('equals the straightforward all-pairs computation, for every normalisation', () => {
    for (const normalisation of ['query', 'best', 'none'] as const) {
      const fast = computeAffinity(apps, experts, { normalisation });
      const slow = referenceAffinity(apps, experts, { normalisation });
      expect(fast.scores.length).toBe(slow.length);
      fast.scores.forEach((s, i) => expect(s).toBeCloseTo(slow[i]!, 5));
    }
  });

  it('scales each application’s scores into [0, 1): by its best possible score, or best expert = 1', () => {
    const q = computeAffinity(apps, experts);
    expect(Math.max(...q.scores)).toBeLessThan(1);
    expect(Math.min(...q.scores)).toBeGreaterThanOrEqual(0);
    const best = computeAffinity(apps, experts, { normalisation: 'best' });
    apps.forEach((_, a) => expect(Math.max(...best.row(a))).toBeCloseTo(1, 6));
  });

  it('is deterministic', () => {
    const a = computeAffinity(apps, experts);
    const b = computeAffinity(apps, experts);
    expect(b.scores).toEqual(a.scores);
    expect(b.explain(3, 4, 50)).toEqual(a.explain(3, 4, 50));
  });
});
