import { isIsoDate } from '../registry/index.ts';
import type { Coauthor, ConflictKind, DeclarationKind } from './experts.tables.ts';

export { isIsoDate, isOrcid } from '../registry/index.ts';

/** How far back a past affiliation or a co-authorship still counts as a conflict. */
export const CONFLICT_YEARS = 3;

/** Names compare without whitespace (Chinese names are often written "张 华"), width- and case-insensitively. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The same calendar date `years` earlier (29 February → 28 February). */
export function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(5);
  const candidate = `${String(y).padStart(4, '0')}-${md}`;
  return isIsoDate(candidate) ? candidate : `${String(y).padStart(4, '0')}-02-28`;
}

export interface ExpertFacts {
  id: string;
  name: string;
  organizationId: string | null;
  affiliation: string;
  affiliations: { organizationId: string | null; organizationName: string; fromDate: string; toDate: string | null }[];
  publications: { title: string; year: number; coauthors: Coauthor[] }[];
  declarations: { kind: DeclarationKind; personName: string | null; organizationId: string | null; organizationName: string | null; note: string }[];
}

export interface ApplicationFacts {
  applicationId: string;
  organizationId: string;
  organizationName: string;
  piName: string;
  teamNames: string[];
  partners: { organizationId: string | null; name: string }[];
}

export interface DetectedConflict {
  kind: ConflictKind;
  /** Identifies the finding, so recording it twice is one record. */
  key: string;
  reasonZh: string;
  reasonEn: string;
  evidence: Record<string, unknown>;
}

const DECLARATION_ZH: Record<DeclarationKind, string> = { advisor: '导师', student: '学生', family: '亲属', other: '其他关系' };

interface Org {
  organizationId: string | null;
  name: string;
}

function sameOrg(a: Org, b: Org): boolean {
  if (a.organizationId && b.organizationId) return a.organizationId === b.organizationId;
  return a.name.trim() !== '' && normalizeName(a.name) === normalizeName(b.name);
}

/**
 * The expert's organisations now or within the last CONFLICT_YEARS years (an affiliation that ended on
 * the day exactly three years ago still counts): the current organisation and the affiliation history.
 */
export function recentOrganizations(e: ExpertFacts, today: string): (Org & { fromDate: string | null; toDate: string | null })[] {
  const since = yearsBefore(today, CONFLICT_YEARS);
  const out: (Org & { fromDate: string | null; toDate: string | null })[] = [];
  if (e.organizationId || e.affiliation.trim()) out.push({ organizationId: e.organizationId, name: e.affiliation, fromDate: null, toDate: null });
  for (const a of e.affiliations) {
    if (a.fromDate > today) continue;
    if (a.toDate !== null && a.toDate < since) continue;
    out.push({ organizationId: a.organizationId, name: a.organizationName, fromDate: a.fromDate, toDate: a.toDate });
  }
  return out;
}

/** Every conflict of interest the rules find between an expert and an application, each with its reason. */
export function detectConflicts(e: ExpertFacts, app: ApplicationFacts, today: string): DetectedConflict[] {
  const out: DetectedConflict[] = [];
  const add = (c: DetectedConflict) => {
    if (!out.some((o) => o.key === c.key)) out.push(c);
  };
  const applicant: Org = { organizationId: app.organizationId, name: app.organizationName };
  const orgs = recentOrganizations(e, today);
  const people = [app.piName, ...app.teamNames].filter((n) => n.trim() !== '');
  const peopleByKey = new Map(people.map((n) => [normalizeName(n), n]));

  // Same organisation now or within the last three years.
  for (const o of orgs) {
    if (!sameOrg(o, applicant)) continue;
    const current = o.toDate === null;
    add({
      kind: 'same_organization',
      key: `same_organization:${app.organizationId}`,
      reasonZh: current ? `专家现任职于申报单位「${app.organizationName}」` : `专家近${CONFLICT_YEARS}年内曾任职于申报单位「${app.organizationName}」（至 ${o.toDate}）`,
      reasonEn: current ? `The expert works at the applicant organisation “${app.organizationName}”` : `The expert worked at the applicant organisation “${app.organizationName}” within the last ${CONFLICT_YEARS} years (until ${o.toDate})`,
      evidence: { organizationId: app.organizationId, organizationName: app.organizationName, fromDate: o.fromDate, toDate: o.toDate },
    });
  }

  // Co-authorship with the PI or a team member within the last three years (by publication year).
  const firstYear = Number(today.slice(0, 4)) - CONFLICT_YEARS;
  for (const p of e.publications) {
    if (p.year < firstYear) continue;
    for (const c of p.coauthors) {
      const member = peopleByKey.get(normalizeName(c.name));
      if (!member) continue;
      add({
        kind: 'coauthor',
        key: `coauthor:${normalizeName(c.name)}`,
        reasonZh: `专家与申报团队成员「${member}」近${CONFLICT_YEARS}年内合作发表《${p.title}》（${p.year} 年）`,
        reasonEn: `The expert co-authored “${p.title}” (${p.year}) with team member ${member} within the last ${CONFLICT_YEARS} years`,
        evidence: { member, publication: p.title, year: p.year },
      });
    }
  }

  // The expert is in the application's team.
  const self = peopleByKey.get(normalizeName(e.name));
  if (self) {
    add({
      kind: 'team_member',
      key: `team_member:${normalizeName(e.name)}`,
      reasonZh: `专家本人「${self}」是申报团队成员`,
      reasonEn: `The expert (${self}) is a member of the applying team`,
      evidence: { member: self },
    });
  }

  // The expert's organisation is a partner of the consortium.
  for (const partner of app.partners) {
    const o = orgs.find((x) => sameOrg(x, { organizationId: partner.organizationId, name: partner.name }));
    if (!o) continue;
    add({
      kind: 'consortium_partner',
      key: `consortium_partner:${partner.organizationId ?? normalizeName(partner.name)}`,
      reasonZh: `专家${o.toDate === null ? '现' : `近${CONFLICT_YEARS}年内曾`}任职单位「${partner.name}」是联合申报单位`,
      reasonEn: `The expert's ${o.toDate === null ? 'current' : 'recent'} organisation “${partner.name}” is a consortium partner of the application`,
      evidence: { organizationId: partner.organizationId, organizationName: partner.name },
    });
  }

  // Declared relationships with the applicant, a partner, or a team member.
  e.declarations.forEach((d) => {
    const rel = DECLARATION_ZH[d.kind];
    const declaredOrg: Org | null = d.organizationId || d.organizationName ? { organizationId: d.organizationId, name: d.organizationName ?? '' } : null;
    if (declaredOrg) {
      const hit = [applicant, ...app.partners.map((p) => ({ organizationId: p.organizationId, name: p.name }))].find((o) => sameOrg(declaredOrg, o));
      if (hit) {
        add({
          kind: 'declared_relationship',
          key: `declared_relationship:org:${hit.organizationId ?? normalizeName(hit.name)}`,
          reasonZh: `专家申报了与「${hit.name}」的${rel}关系${d.note ? `：${d.note}` : ''}`,
          reasonEn: `The expert declared a relationship (${d.kind}) with “${hit.name}”${d.note ? `: ${d.note}` : ''}`,
          evidence: { declaration: d.kind, organizationId: hit.organizationId, organizationName: hit.name, note: d.note },
        });
      }
    }
    if (d.personName) {
      const member = peopleByKey.get(normalizeName(d.personName));
      if (member) {
        add({
          kind: 'declared_relationship',
          key: `declared_relationship:person:${normalizeName(member)}`,
          reasonZh: `专家申报了与团队成员「${member}」的${rel}关系${d.note ? `：${d.note}` : ''}`,
          reasonEn: `The expert declared a relationship (${d.kind}) with team member ${member}${d.note ? `: ${d.note}` : ''}`,
          evidence: { declaration: d.kind, member, note: d.note },
        });
      }
    }
  });
  return out;
}

/** Conflicts that keep an expert from an application: everything except those an officer overturned. */
export function isBinding(status: string): boolean {
  return status !== 'overturned';
}
