import { describe, expect, it } from 'vitest';
import { stem } from './stem.ts';

describe('light English stemmer', () => {
  it('brings inflected forms together', () => {
    expect(new Set(['edit', 'edits', 'edited', 'editing'].map(stem))).toEqual(new Set(['edit']));
    expect(stem('cells')).toBe(stem('cell'));
    expect(stem('therapies')).toBe(stem('therapy'));
    expect(stem('sequencing')).toBe(stem('sequence'));
    expect(stem('controlled')).toBe('control');
    expect(stem('imaging')).toBe(stem('image'));
  });
  it('strips derivational suffixes of Porter steps 2 and 3 only when a stem remains', () => {
    expect(stem('relational')).toBe('relat');
    expect(stem('hopefulness')).toBe('hope');
    expect(stem('ration')).toBe('ration');
  });
  it('keeps -us and -is, short words and anything not a–z', () => {
    expect(stem('virus')).toBe('virus');
    expect(stem('analysis')).toBe('analysis');
    expect(stem('dna')).toBe('dna');
    expect(stem('cas9')).toBe('cas9');
    expect(stem('car-t')).toBe('car-t');
  });
});
