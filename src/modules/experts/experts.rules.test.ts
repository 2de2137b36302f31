import { describe, expect, it } from 'vitest';
import { detectConflicts, isOrcid, normalizeName, recentOrganizations, yearsBefore, type ApplicationFacts, type ExpertFacts } from './experts.rules.ts';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const ORG_C = '00000000-0000-4000-8000-00000000000c';
const TODAY = '2026-03-02';

function expert(over: Partial<ExpertFacts> = {}): ExpertFacts {
  return { id: 'e1', name: '赵 敏', organizationId: ORG_C, affiliation: '清华大学', affiliations: [], publications: [], declarations: [], ...over };
}

function app(over: Partial<ApplicationFacts> = {}): ApplicationFacts {
  return { applicationId: 'a1', organizationId: ORG_A, organizationName: '北京分子智造科技有限公司', piName: '李明', teamNames: ['张 华', '王五'], partners: [], ...over };
}

const kinds = (e: ExpertFacts, a: ApplicationFacts = app(), today = TODAY) => detectConflicts(e, a, today).map((c) => c.kind);

describe('names and dates', () => {
  it('normalises Chinese names by removing whitespace, and Latin names by case and width', () => {
    expect(normalizeName(' 张 华 ')).toBe('张华');
    expect(normalizeName('张\u3000华')).toBe('张华');
    expect(normalizeName('Li  Ming')).toBe(normalizeName('li ming'));
  });

  it('goes back three calendar years, 29 February to 28 February', () => {
    expect(yearsBefore('2026-03-02', 3)).toBe('2023-03-02');
    expect(yearsBefore('2028-02-29', 3)).toBe('2025-02-28');
  });

  it('validates ORCID check digits like the registry', () => {
    expect(isOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isOrcid('0000-0002-1825-0098')).toBe(false);
  });

  it('counts affiliations that ended on or after the day three years ago, and not future ones', () => {
    const e = expert({
      organizationId: null,
      affiliation: '',
      affiliations: [
        { organizationId: ORG_A, organizationName: 'A', fromDate: '2015-01-01', toDate: '2023-03-02' },
        { organizationId: ORG_B, organizationName: 'B', fromDate: '2010-01-01', toDate: '2023-03-01' },
        { organizationId: ORG_C, organizationName: 'C', fromDate: '2027-01-01', toDate: null },
      ],
    });
    expect(recentOrganizations(e, TODAY).map((o) => o.organizationId)).toEqual([ORG_A]);
  });
});

describe('conflicts of interest', () => {
  it('finds none for an unrelated expert', () => {
    expect(detectConflicts(expert(), app(), TODAY)).toEqual([]);
  });

  it('same organisation now: by organisation id, or by name for a free-text affiliation', () => {
    const [c] = detectConflicts(expert({ organizationId: ORG_A }), app(), TODAY);
    expect(c).toMatchObject({ kind: 'same_organization', evidence: { organizationId: ORG_A, toDate: null } });
    expect(c!.reasonZh).toContain('现任职于申报单位');
    expect(c!.reasonEn).toContain('works at the applicant organisation');
    expect(kinds(expert({ organizationId: null, affiliation: '北京分子智造科技有限公司' }))).toEqual(['same_organization']);
  });

  it('same organisation within three years: the edge day counts, the day before does not', () => {
    const past = (toDate: string) => expert({ affiliations: [{ organizationId: ORG_A, organizationName: '北京分子智造科技有限公司', fromDate: '2018-01-01', toDate }] });
    const [c] = detectConflicts(past('2023-03-02'), app(), TODAY);
    expect(c).toMatchObject({ kind: 'same_organization', evidence: { toDate: '2023-03-02' } });
    expect(c!.reasonZh).toContain('近3年内曾任职');
    expect(kinds(past('2023-03-01'))).toEqual([]);
  });

  it('co-authorship with the PI or a team member within three years, by publication year', () => {
    const pub = (year: number, name: string) => expert({ publications: [{ title: '单细胞测序方法', year, coauthors: [{ name, expertId: null }] }] });
    expect(kinds(pub(2023, '张华'))).toEqual(['coauthor']); // "张 华" in the team, "张华" in the paper
    expect(kinds(pub(2026, ' 李 明 '))).toEqual(['coauthor']);
    expect(kinds(pub(2022, '张华'))).toEqual([]);
    expect(kinds(pub(2025, '张三'))).toEqual([]);
    const [c] = detectConflicts(pub(2023, '张华'), app(), TODAY);
    expect(c!.evidence).toEqual({ member: '张 华', publication: '单细胞测序方法', year: 2023 });
  });

  it('the expert is in the team', () => {
    expect(kinds(expert({ name: '王 五' }))).toEqual(['team_member']);
  });

  it('the expert’s organisation (now or within three years) is a consortium partner', () => {
    const withPartner = app({ partners: [{ organizationId: ORG_C, name: '清华大学' }] });
    expect(kinds(expert(), withPartner)).toEqual(['consortium_partner']);
    const byName = app({ partners: [{ organizationId: null, name: '清华大学' }] });
    expect(kinds(expert({ organizationId: null }), byName)).toEqual(['consortium_partner']);
    const old = expert({ organizationId: null, affiliation: '', affiliations: [{ organizationId: ORG_C, organizationName: '清华大学', fromDate: '2000-01-01', toDate: '2023-03-01' }] });
    expect(kinds(old, withPartner)).toEqual([]);
  });

  it('declared relationships with the applicant organisation or a team member', () => {
    const toOrg = expert({ declarations: [{ kind: 'family', personName: null, organizationId: ORG_A, organizationName: null, note: '配偶任职' }] });
    const [c] = detectConflicts(toOrg, app(), TODAY);
    expect(c).toMatchObject({ kind: 'declared_relationship', evidence: { declaration: 'family', organizationId: ORG_A } });
    expect(c!.reasonZh).toContain('亲属');
    const toPerson = expert({ declarations: [{ kind: 'advisor', personName: '李明', organizationId: null, organizationName: null, note: '' }] });
    expect(kinds(toPerson)).toEqual(['declared_relationship']);
    const unrelated = expert({ declarations: [{ kind: 'student', personName: '陈静', organizationId: ORG_B, organizationName: null, note: '' }] });
    expect(kinds(unrelated)).toEqual([]);
  });

  it('reports each finding once, with several kinds together', () => {
    const e = expert({
      name: '李明',
      organizationId: ORG_A,
      publications: [
        { title: 'P1', year: 2024, coauthors: [{ name: '王五', expertId: null }] },
        { title: 'P2', year: 2025, coauthors: [{ name: '王五', expertId: null }] },
      ],
    });
    expect(kinds(e).sort()).toEqual(['coauthor', 'same_organization', 'team_member']);
  });
});
