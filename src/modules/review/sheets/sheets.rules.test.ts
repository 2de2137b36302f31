import { describe, expect, it } from 'vitest';
import { completenessErrors, draftErrors, maskNames, reminderStage, reminderWindowStart, roundProgress } from './sheets.rules.ts';
import { CRITERIA } from './fixtures.ts';

const empty = { scores: {}, comments: {}, overallComment: '' };

describe('sheet rules', () => {
  it('accepts any subset of criteria on their scales in half points', () => {
    expect(draftErrors(CRITERIA, empty)).toEqual([]);
    expect(draftErrors(CRITERIA, { ...empty, scores: { innovation: 10, feasibility: 0.5 } })).toEqual([]);
    expect(draftErrors(CRITERIA, { ...empty, scores: { innovation: 10.5 } }).map((e) => e.path)).toEqual(['scores.innovation']);
    expect(draftErrors(CRITERIA, { ...empty, scores: { feasibility: 2.3 } })[0]).toMatchObject({ path: 'scores.feasibility', zh: '分值的最小单位为 0.5 分' });
    expect(draftErrors(CRITERIA, { ...empty, scores: { x: 1 }, comments: { y: 'z' } }).map((e) => e.path)).toEqual(['scores.x', 'comments.y']);
  });

  it('needs every score and the required comments to submit', () => {
    expect(completenessErrors(CRITERIA, true, empty).map((e) => e.path)).toEqual(['scores.innovation', 'scores.feasibility', 'comments.feasibility', 'overallComment']);
    expect(completenessErrors(CRITERIA, false, { scores: { innovation: 1, feasibility: 1 }, comments: { feasibility: ' ' }, overallComment: '' }).map((e) => e.path)).toEqual(['comments.feasibility']);
    expect(completenessErrors(CRITERIA, true, { scores: { innovation: 1, feasibility: 1 }, comments: { feasibility: '好' }, overallComment: '好' })).toEqual([]);
  });

  it('masks every name, the longest first, and leaves one-character names alone', () => {
    expect(maskNames('北京测序科技有限公司与北京测序合作，由李明牵头', ['北京测序', '北京测序科技有限公司', '李明', '王'])).toBe('■■与■■合作，由■■牵头');
  });

  it('says which reminder is due', () => {
    const d = new Date('2026-04-10T09:00:00Z');
    expect(reminderStage(d, new Date('2026-04-08T08:59:00Z'))).toBeNull();
    expect(reminderStage(d, new Date('2026-04-08T09:00:00Z'))).toBe('h48');
    expect(reminderStage(d, new Date('2026-04-09T09:00:00Z'))).toBe('h24');
    expect(reminderStage(d, d)).toBe('passed');
    expect(reminderWindowStart(d, 'h48').toISOString()).toBe('2026-04-08T09:00:00.000Z');
  });

  it('counts progress and flags a passed deadline with sheets missing', () => {
    const t = new Date('2026-04-01T00:00:00Z');
    const p = roundProgress(['A', 'B'], [
      { itemId: 'A', expertId: 'X', status: 'submitted', started: true, savedAt: t, submittedAt: t },
      { itemId: 'B', expertId: 'X', status: 'draft', started: true, savedAt: new Date('2026-04-02T00:00:00Z'), submittedAt: null },
      { itemId: 'A', expertId: 'Y', status: 'draft', started: false, savedAt: t, submittedAt: null },
    ], new Date('2026-04-03T00:00:00Z'), new Date('2026-04-03T00:00:00Z'));
    expect(p).toMatchObject({ sheets: 3, submitted: 1, percent: 33, overdue: true });
    expect(p.experts).toEqual([
      { expertId: 'X', assigned: 2, notStarted: 0, inProgress: 1, submitted: 1, lastSavedAt: new Date('2026-04-02T00:00:00Z') },
      { expertId: 'Y', assigned: 1, notStarted: 1, inProgress: 0, submitted: 0, lastSavedAt: null },
    ]);
    expect(p.items).toEqual([{ itemId: 'A', assigned: 2, submitted: 1 }, { itemId: 'B', assigned: 1, submitted: 0 }]);
  });
});
