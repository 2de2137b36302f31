// What an expert may read of an application: everything the proposal says, and in a single-blind round who
// wrote it. In a double-blind round the identity is left out entirely and the applicant's names are masked
// inside the text too, so no response an expert can reach carries them.
import type { ReviewSubject } from '../../challenges/index.ts';
import type { BlindMode, Criterion, ReviewSheetRow } from '../review.tables.ts';
import { maskNames } from './sheets.rules.ts';

/** Every name that identifies the applicant: organisation, PI, team members and their units, partners. */
export function identityNames(s: ReviewSubject): string[] {
  return [s.organizationName, s.organizationNameEn ?? '', s.pi.name, ...s.team.flatMap((m) => [m.name, m.organization ?? '']), ...s.partners.map((p) => p.name)];
}

/** The title as an expert may read it (masked in a double-blind round). */
export function expertTitle(s: ReviewSubject, blind: BlindMode): string {
  return blind === 'double' ? maskNames(s.title, identityNames(s)) : s.title;
}

export function expertItemView(s: ReviewSubject, code: string, blind: BlindMode, attachments: { id: string; name: string }[]) {
  const names = blind === 'double' ? identityNames(s) : [];
  const m = (t: string) => (names.length ? maskNames(t, names) : t);
  return {
    code,
    challenge: { code: s.challengeCode, title: s.challengeTitle },
    title: m(s.title),
    summary: m(s.summary),
    keywords: s.keywords.map(m),
    technicalRoute: m(s.technicalRoute),
    budgetTotalFen: s.budgetTotalFen,
    budget: s.budget.map((b) => ({ category: b.category, amountFen: b.amountFen, note: b.note === null ? null : m(b.note) })),
    milestones: s.milestones.map((x) => ({ title: m(x.title), month: x.month, deliverable: m(x.deliverable) })),
    identity:
      blind === 'double'
        ? null
        : {
            organizationName: s.organizationName,
            organizationNameEn: s.organizationNameEn ?? null,
            pi: { name: s.pi.name, title: s.pi.title ?? null },
            team: s.team.map((t) => ({ name: t.name, role: t.role ?? null, title: t.title ?? null, organization: t.organization ?? null })),
            partners: s.partners.map((p) => ({ name: p.name, role: p.role ?? null })),
            attachments,
          },
  };
}

export function presentCriteria(criteria: readonly Criterion[]) {
  return criteria.map((c) => ({
    key: c.key,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    weight: c.weight,
    scaleMax: c.scaleMax,
    guidanceZh: c.guidanceZh ?? null,
    guidanceEn: c.guidanceEn ?? null,
    commentRequired: c.commentRequired ?? false,
  }));
}

/** A sheet has been started when anything was scored or written on it. */
export const sheetStarted = (s: Pick<ReviewSheetRow, 'scores' | 'comments' | 'overallComment' | 'status'>) =>
  s.status === 'submitted' || Object.keys(s.scores).length > 0 || Object.keys(s.comments).length > 0 || s.overallComment.trim() !== '';

export function presentSheet(s: ReviewSheetRow) {
  return {
    id: s.id,
    status: s.status,
    scores: s.scores,
    comments: s.comments,
    overallComment: s.overallComment,
    totalCenti: s.totalCenti,
    savedAt: s.savedAt.toISOString(),
    submittedAt: s.submittedAt?.toISOString() ?? null,
    returnedReason: s.returnedReason,
    started: sheetStarted(s),
  };
}
