// Officer-facing shapes of rounds, panels, draws and assignments. Experts never reach these (their own views are
// the sheets routes'), so identities are shown.
import type { Actor } from '../../platform/auth/policy.ts';
import { reviewPolicy } from './review.policy.ts';
import type { RoundView, PanelMember } from './review.service.ts';
import type { DrawView, StoredDrawResult } from './review.draws.ts';
import type { DrawCandidate } from './review.rules.ts';

const ACTIONS: Record<string, string[]> = {
  draft: ['edit', 'cancel', 'panel', 'draw', 'assign', 'change', 'open'],
  open: ['extend', 'cancel', 'panel', 'change', 'close'],
  closed: ['adopt'],
};

export function presentRound(r: RoundView, actor: Actor) {
  return {
    id: r.id,
    challenge: r.challenge,
    subject: { type: r.subject.type, id: r.subject.id, code: r.subject.code, title: r.subject.title, status: r.subject.status, raceId: r.subject.raceId },
    name: r.name,
    status: r.status,
    blind: r.blind,
    criteria: r.criteria,
    commentRequired: r.commentRequired,
    expertsPerItem: r.expertsPerItem,
    minLoad: r.minLoad,
    onePerOrganization: r.onePerOrganization,
    rankBy: r.rankBy,
    disagreementCenti: r.disagreementCenti,
    deadline: r.deadline.toISOString(),
    lastRun: r.lastRun ?? null,
    counts: r.counts,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    openedAt: r.openedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    adoptedAt: r.adoptedAt?.toISOString() ?? null,
    actions: reviewPolicy.manage(actor) ? (ACTIONS[r.status] ?? []) : [],
  };
}

export function presentPanel(items: PanelMember[]) {
  return {
    items: items.map((m) => ({
      expertId: m.id,
      name: m.name,
      organizationId: m.organizationId,
      organizationName: m.organizationName,
      affiliation: m.affiliation,
      title: m.title,
      fields: m.fields,
      keywords: m.keywords,
      availability: m.availability,
      unavailableUntil: m.unavailableUntil,
      available: m.available,
      hasAccount: m.userId !== null,
      profileMaxLoad: m.maxLoad,
      maxLoadOverride: m.maxLoadOverride,
      effectiveMaxLoad: m.effectiveMaxLoad,
      assigned: m.assigned,
      source: m.source,
      drawId: m.drawId,
      addedAt: m.addedAt.toISOString(),
    })),
  };
}

export function presentDraw(d: DrawView) {
  return {
    id: d.id,
    roundId: d.roundId,
    mode: d.mode,
    seed: d.seed,
    algorithm: d.algorithm,
    params: d.params as { fields: string[] },
    candidates: d.candidates as DrawCandidate[],
    result: d.result as StoredDrawResult,
    experts: d.experts,
    drawnBy: d.drawnBy,
    drawnAt: d.drawnAt.toISOString(),
  };
}
