import type { Actor } from '../../platform/auth/policy.ts';
import { hasRole } from '../../platform/auth/policy.ts';
import { acceptingApplications, stageOf } from './challenges.rules.ts';
import type { ApplicationRow, BatchRow, ChallengeRow, NoticeRow, ObjectionRow } from './challenges.service.ts';
import type { ContractRow } from '../contracts/index.ts';
import type { ApplicationStatus, ChallengeStatus } from './challenges.tables.ts';
import { challengePolicy } from './challenges.policy.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const scoreOf = (centi: number | null) => (centi === null ? null : centi / 100);

export function challengeActions(c: ChallengeRow, viewer: Actor, now: Date, hasActiveApplication = false): string[] {
  const out: string[] = [];
  if (challengePolicy.manage(viewer)) {
    const drafter = viewer.userId === c.createdBy || viewer.userId === c.submittedBy;
    const stage = stageOf(c.status, c.deadline, now);
    if (c.status === 'draft') out.push('edit', 'submit', 'cancel');
    if (c.status === 'pending_approval') {
      if (!drafter) out.push('approve', 'refuse');
      out.push('cancel');
    }
    if (c.status === 'approved') {
      out.push('publish', 'cancel');
      if (!drafter) out.push('refuse');
    }
    if (c.status === 'published') out.push('correct', 'cancel');
    if (stage === 'formal_check') out.push('check', 'open_review');
    if (stage === 'open') out.push('check');
    if (c.status === 'review') out.push('record_defence', 'decide');
    if (c.status === 'notice') out.push('answer_objections', 'close_notice');
  }
  if (challengePolicy.actForOrganization(viewer) && acceptingApplications(c.status, c.deadline, now) && !hasActiveApplication) out.push('apply');
  return out;
}

type Counts = Record<ApplicationStatus, number>;

export type FileInfo = { id: string; name: string; mimeType: string; sizeBytes: number };
export type FileInfos = Map<string, FileInfo>;
const filesOf = (ids: string[], files: FileInfos) => ids.map((id) => files.get(id)).filter((f): f is FileInfo => f !== undefined);

export function presentChallenge(c: ChallengeRow, viewer: Actor, now: Date, batch: BatchRow | null, counts: Counts, hasActiveApplication = false, files: FileInfos = new Map()) {
  return {
    id: c.id,
    code: c.code,
    status: c.status,
    stage: stageOf(c.status, c.deadline, now),
    acceptingApplications: acceptingApplications(c.status, c.deadline, now),
    version: c.version,
    terms: c.terms,
    attachments: filesOf(c.terms.attachmentIds, files),
    batch: batch ? { id: batch.id, code: batch.code, title: batch.title } : null,
    createdBy: c.createdBy,
    submittedBy: c.submittedBy,
    approvedBy: c.approvedBy,
    approvedAt: iso(c.approvedAt),
    publishedAt: iso(c.publishedAt),
    reviewOpenedAt: iso(c.reviewOpenedAt),
    decision: c.decision,
    cancelReason: c.cancelReason,
    counts,
    actions: challengeActions(c, viewer, now, hasActiveApplication),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** What anyone may read of a challenge once it is published: the terms and where it stands, no internal people. */
export const PUBLIC_STATUSES: ChallengeStatus[] = ['published', 'review', 'notice', 'awarded', 'not_awarded'];

export function presentPublicChallenge(c: ChallengeRow, now: Date, batch: BatchRow | null, applicationCount: number, noticeId: string | null, files: FileInfos = new Map()) {
  return {
    id: c.id,
    code: c.code,
    stage: stageOf(c.status, c.deadline, now),
    acceptingApplications: acceptingApplications(c.status, c.deadline, now),
    version: c.version,
    terms: c.terms,
    attachments: filesOf(c.terms.attachmentIds, files),
    batch: batch ? { id: batch.id, code: batch.code, title: batch.title } : null,
    publishedAt: iso(c.publishedAt),
    applicationCount,
    decision: c.decision ? { kind: c.decision.kind, reason: c.decision.reason, decidedAt: c.decision.decidedAt } : null,
    noticeId,
  };
}

export interface ApplicationView {
  a: ApplicationRow;
  orgName: string;
  challengeCode: string;
  challengeTitle: string;
  challengeStatus: ChallengeStatus;
  challengeVersion: number;
  deadline: Date;
}

export type NextStep = 'complete_and_submit' | 'correct_and_resubmit' | 'wait_for_check' | 'wait_for_review' | 'wait_for_notice' | 'sign_contract' | 'none';

function nextStep(v: ApplicationView, now: Date): NextStep {
  const { a } = v;
  if (a.status === 'draft') return now < v.deadline ? 'complete_and_submit' : 'none';
  if (a.status === 'returned') return a.correctionDueAt && now < a.correctionDueAt ? 'correct_and_resubmit' : 'none';
  if (a.status === 'submitted') return 'wait_for_check';
  if (a.status === 'accepted') {
    if (a.outcome === 'awarded') return 'sign_contract';
    if (a.outcome) return 'none';
    return v.challengeStatus === 'notice' ? 'wait_for_notice' : 'wait_for_review';
  }
  return 'none';
}

export function applicationActions(v: ApplicationView, viewer: Actor, now: Date): string[] {
  const { a } = v;
  const out: string[] = [];
  const own = hasRole(viewer, 'applicant') && viewer.organizationId === a.organizationId;
  if (own) {
    const beforeDeadline = now < v.deadline && v.challengeStatus === 'published';
    if (a.status === 'draft' && beforeDeadline) out.push('edit', 'submit');
    if (a.status === 'returned' && a.correctionDueAt && now < a.correctionDueAt) out.push('edit', 'submit');
    if (['draft', 'submitted', 'returned'].includes(a.status) && beforeDeadline) out.push('withdraw');
  }
  if (challengePolicy.manage(viewer)) {
    if (a.status === 'submitted' && v.challengeStatus === 'published') out.push('check');
  }
  return out;
}

export function presentApplication(v: ApplicationView, viewer: Actor, now: Date) {
  const { a } = v;
  const own = viewer.organizationId === a.organizationId;
  return {
    id: a.id,
    code: a.code,
    challengeId: a.challengeId,
    challengeCode: v.challengeCode,
    challengeTitle: v.challengeTitle,
    organizationId: a.organizationId,
    organizationName: v.orgName,
    status: a.status,
    content: a.content,
    budgetTotalFen: a.budgetTotalFen,
    version: a.version,
    challengeVersion: a.challengeVersion,
    termsChangedSinceSubmission: a.challengeVersion !== null && a.challengeVersion < v.challengeVersion,
    submittedAt: iso(a.submittedAt),
    checkReason: a.checkReason,
    correctionDueAt: iso(a.correctionDueAt),
    checkedAt: iso(a.checkedAt),
    // The committee's score is for officers until the result is published.
    score: own && !a.outcome ? null : scoreOf(a.scoreCenti),
    scoreComment: own && !a.outcome ? null : a.scoreComment,
    outcome: a.outcome,
    nextStep: own ? nextStep(v, now) : null,
    deadline: v.deadline.toISOString(),
    actions: applicationActions(v, viewer, now),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function presentObjection(o: ObjectionRow) {
  return {
    id: o.id,
    name: o.name,
    organization: o.organization,
    phone: o.phone,
    email: o.email,
    content: o.content,
    status: o.status,
    outcome: o.outcome,
    answer: o.answer,
    answeredAt: iso(o.answeredAt),
    createdAt: o.createdAt.toISOString(),
  };
}

function periodOf(n: NoticeRow, now: Date): 'running' | 'ended' {
  return now < n.endsAt ? 'running' : 'ended';
}

export function presentNotice(
  n: NoticeRow,
  c: { code: string; title: string },
  awardees: { applicationId: string; code: string; title: string; organizationName: string; organizationNameEn: string | null; budgetTotalFen: number; score: number | null }[],
  objections: { total: number; open: number },
  now: Date,
) {
  return {
    id: n.id,
    challengeId: n.challengeId,
    challengeCode: c.code,
    challengeTitle: c.title,
    status: n.status,
    period: periodOf(n, now),
    workingDays: n.workingDays,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    endsAt: n.endsAt.toISOString(),
    publishedAt: n.publishedAt.toISOString(),
    closedAt: iso(n.closedAt),
    reason: n.decision.reason,
    awardees,
    objectionCount: objections.total,
    openObjectionCount: objections.open,
  };
}

export function presentContract(r: { c: ContractRow; orgName: string; tranches: { seq: number; amountFen: number; trigger: string; milestoneIndex: number | null; dueOn: string; status: string }[] }) {
  return {
    id: r.c.id,
    code: r.c.code,
    applicationId: r.c.applicationId,
    organizationId: r.c.organizationId,
    organizationName: r.orgName,
    totalFen: r.c.totalFen,
    fundingMode: r.c.fundingMode,
    startsOn: r.c.startsOn,
    endsOn: r.c.endsOn,
    status: r.c.status,
    targets: r.c.targets,
    milestones: r.c.milestones,
    tranches: r.tranches.map((t) => ({ seq: t.seq, amountFen: t.amountFen, trigger: t.trigger, milestoneIndex: t.milestoneIndex, dueOn: t.dueOn, status: t.status })),
  };
}
