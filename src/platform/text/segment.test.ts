import { describe, expect, it } from 'vitest';
import { indexText, indexTokens, searchQuery } from './segment.ts';

describe('Chinese segmentation for search', () => {
  it('indexes compound words and their parts', () => {
    const t = indexTokens('北京生命科学研究所');
    expect(t).toEqual(expect.arrayContaining(['北京', '生命', '科学', '生命科学', '研究所']));
  });
  it('drops punctuation and lower-cases Latin text', () => {
    expect(indexText('CapitalBio，生物芯片！')).toBe(indexText('capitalbio 生物芯片'));
    expect(indexTokens('，。！')).toEqual([]);
  });
  it('lets a compound query match its parts written apart', () => {
    expect(searchQuery('生物医药')).toBe("('生物医药' | ('生物' & '医药'))");
  });
  it('requires every word and prefix-matches Latin words', () => {
    expect(searchQuery('BeiGene 北京')).toBe("'beigene':* & '北京'");
    expect(searchQuery('   ')).toBeNull();
    expect(searchQuery("o'neil \\ x")).toBe("'o':* & 'neil':* & 'x':*");
  });
});
