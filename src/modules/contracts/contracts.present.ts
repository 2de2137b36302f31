import type { Actor } from '../../platform/auth/policy.ts';
import { currentTerms } from './contracts.core.ts';
import { contractPolicy } from './contracts.policy.ts';
import { isOverdue, reconcile, trancheReleasable } from './contracts.rules.ts';
import type { ContractService, ContractView } from './contracts.service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type ListItem = Awaited<ReturnType<ContractService['list']>>['items'][number];

export function presentSummary(r: ListItem) {
  return {
    id: r.c.id,
    code: r.c.code,
    title: r.c.title,
    challengeId: r.c.challengeId,
    organizationId: r.c.organizationId,
    organizationName: r.orgName,
    status: r.c.status,
    health: r.health,
    version: r.c.version,
    totalFen: r.c.totalFen,
    releasedFen: r.c.releasedFen,
    startsOn: r.c.startsOn,
    endsOn: r.c.endsOn,
    nextDueOn: r.nextDueOn,
    milestonesAccepted: r.milestonesAccepted,
    milestonesTotal: r.milestonesTotal,
  };
}

/** What the actor may do now, so the page shows only the buttons the server would accept. */
export function contractActions(v: ContractView, actor: Actor): string[] {
  const { c } = v;
  const office = contractPolicy.manage(actor);
  const team = contractPolicy.own(actor, c);
  const confirmed = new Set(v.confirmations.filter((x) => x.version === c.version).map((x) => x.side));
  const openChange = v.changes.some((x) => x.status === 'open');
  const active = c.status === 'active';
  const out: string[] = [];
  if (c.status === 'pending' && ((office && !confirmed.has('office')) || (team && !confirmed.has('organization')))) out.push('confirm');
  if (office && c.status === 'pending') out.push('amend');
  if ((office || team) && active && !openChange) out.push('propose_change');
  if (office && openChange) out.push('decide_change');
  if (team && active) out.push('submit_evidence', 'submit_report');
  if (team && v.orders.some((o) => o.status === 'open')) out.push('respond_order');
  if (office && active) out.push('decide_milestone', 'decide_report', 'issue_order', 'release');
  if (office && v.orders.some((o) => o.status === 'responded')) out.push('close_order');
  if (office && v.ledger.some((e) => e.kind === 'release')) out.push('reverse');
  out.push('export');
  return out;
}

export function presentDetail(v: ContractView, actor: Actor, files: { id: string; name: string; mimeType: string; sizeBytes: number }[], people: { id: string; name: string }[]) {
  const { c } = v;
  const seqOf = new Map(v.milestones.map((m) => [m.id, m.seq]));
  const trancheSeq = new Map(v.tranches.map((t) => [t.id, t.seq]));
  const reversed = new Set(v.ledger.filter((e) => e.reversesId).map((e) => e.reversesId));
  const next = v.milestones.filter((m) => m.status !== 'accepted').sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    challengeId: c.challengeId,
    applicationId: c.applicationId,
    organizationId: c.organizationId,
    organizationName: v.orgName,
    organizationNameEn: v.orgNameEn,
    status: c.status,
    health: v.health,
    version: c.version,
    fundingMode: c.fundingMode,
    totalFen: c.totalFen,
    releasedFen: c.releasedFen,
    remainingFen: c.totalFen - c.releasedFen,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    nextDueOn: next?.dueOn ?? null,
    milestonesAccepted: v.milestones.filter((m) => m.status === 'accepted').length,
    milestonesTotal: v.milestones.length,
    officerId: c.officerId,
    today: v.today,
    terms: currentTerms(c, v.milestones, v.tranches),
    confirmedSides: v.confirmations.filter((x) => x.version === c.version).map((x) => x.side),
    confirmations: v.confirmations.map((x) => ({ version: x.version, side: x.side, userId: x.userId, confirmedAt: x.confirmedAt.toISOString() })),
    versions: v.versions.map((x) => ({ version: x.version, changes: x.changes, reason: x.reason, changeRequestId: x.changeRequestId, createdBy: x.createdBy, createdAt: x.createdAt.toISOString() })),
    changeRequests: v.changes.map((x) => ({
      id: x.id,
      baseVersion: x.baseVersion,
      terms: x.terms,
      changes: x.changes,
      reason: x.reason,
      proposedBy: x.proposedBy,
      proposedSide: x.proposedSide,
      proposedAt: x.proposedAt.toISOString(),
      status: x.status,
      decidedBy: x.decidedBy,
      decidedAt: iso(x.decidedAt),
      decisionReason: x.decisionReason,
      appliedVersion: x.appliedVersion,
    })),
    milestones: v.milestones.map((m) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      deliverable: m.deliverable,
      dueOn: m.dueOn,
      evidence: m.evidence,
      gateId: m.gateId,
      status: m.status,
      overdue: m.status === 'overdue' || isOverdue(m, v.today),
      submittedAt: iso(m.submittedAt),
      decidedAt: iso(m.decidedAt),
      decisionNote: m.decisionNote,
      overdueSince: m.overdueSince,
      submissions: v.evidence.filter((e) => e.milestoneId === m.id).map((e) => ({ id: e.id, items: e.items, note: e.note, submittedBy: e.submittedBy, submittedAt: e.submittedAt.toISOString() })),
    })),
    tranches: v.tranches.map((t) => ({
      id: t.id,
      seq: t.seq,
      amountFen: t.amountFen,
      releasedFen: t.releasedFen,
      remainingFen: t.amountFen - t.releasedFen,
      trigger: t.trigger,
      milestoneId: t.milestoneId,
      milestoneSeq: t.milestoneId ? (seqOf.get(t.milestoneId) ?? null) : null,
      dueOn: t.dueOn,
      status: t.status,
      releasable: t.amountFen > t.releasedFen && trancheReleasable(t, c.status, v.milestones),
    })),
    reports: v.reports.map((r) => ({ id: r.id, periodFrom: r.periodFrom, periodTo: r.periodTo, narrative: r.narrative, figures: r.figures, attachmentIds: r.attachmentIds, status: r.status, submittedBy: r.submittedBy, submittedAt: r.submittedAt.toISOString(), decidedAt: iso(r.decidedAt), decisionNote: r.decisionNote })),
    orders: v.orders.map((o) => ({
      id: o.id,
      code: o.code,
      milestoneId: o.milestoneId,
      reason: o.reason,
      responseDueOn: o.responseDueOn,
      overdue: o.status === 'open' && o.responseDueOn < v.today,
      status: o.status,
      issuedBy: o.issuedBy,
      issuedAt: o.issuedAt.toISOString(),
      response: o.response,
      responseAttachmentIds: o.responseAttachmentIds,
      respondedAt: iso(o.respondedAt),
      closedAt: iso(o.closedAt),
      closeNote: o.closeNote,
    })),
    ledger: v.ledger.map((e) => ({ id: e.id, trancheId: e.trancheId, trancheSeq: trancheSeq.get(e.trancheId) ?? 0, kind: e.kind, amountFen: e.amountFen, reversesId: e.reversesId, reversed: reversed.has(e.id), note: e.note, approvedBy: e.approvedBy, approvedAt: e.approvedAt.toISOString() })),
    reconciliation: reconcile(c, v.tranches, v.ledger),
    files,
    people,
    actions: contractActions(v, actor),
  };
}

/** Every file id a contract's page names: evidence, reports and supervision responses. */
export function fileIdsOf(v: ContractView): string[] {
  const ids = [...v.evidence.flatMap((e) => e.items.map((i) => i.attachmentId)), ...v.reports.flatMap((r) => r.attachmentIds), ...v.orders.flatMap((o) => o.responseAttachmentIds)];
  return [...new Set(ids.filter((x): x is string => x !== null))];
}

/** Every user id a contract's page names, for display names. */
export function userIdsOf(v: ContractView): string[] {
  const ids = [
    v.c.officerId,
    ...v.confirmations.map((x) => x.userId),
    ...v.versions.map((x) => x.createdBy),
    ...v.changes.flatMap((x) => [x.proposedBy, x.decidedBy]),
    ...v.evidence.map((e) => e.submittedBy),
    ...v.reports.map((r) => r.submittedBy),
    ...v.orders.map((o) => o.issuedBy),
    ...v.ledger.map((e) => e.approvedBy),
  ];
  return [...new Set(ids.filter((x): x is string => x !== null))];
}
