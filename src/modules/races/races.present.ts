import type { Actor } from '../../platform/auth/policy.ts';
import { racePolicy } from './races.policy.ts';
import { currentGate } from './races.rules.ts';
import type { RaceService, RaceView } from './races.service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type ListItem = Awaited<ReturnType<RaceService['list']>>['items'][number];
type Files = ReadonlyMap<string, { id: string; name: string }>;
type GateAction = 'close_evidence' | 'open_review' | 'record_decision' | 'decide' | 'submit_evidence';

export function presentSummary(x: ListItem) {
  const r = x.race;
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    status: r.status,
    fundsRule: r.fundsRule,
    outcome: r.outcome,
    challenge: x.challenge,
    gatesTotal: x.gatesTotal,
    currentGateSeq: x.currentGate?.seq ?? null,
    currentGateStatus: x.currentGate?.status ?? null,
    currentGateDueOn: x.currentGate?.dueOn ?? null,
    teamsTotal: x.teamsTotal,
    teamsRacing: x.teamsRacing,
    winners: x.winners,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Who sees what of a team: the office and auditors everything; an applicant their own team in full, other teams' outcomes only. */
function lens(v: RaceView, actor: Actor) {
  const reader = racePolicy.read(actor);
  const mine = (organizationId: string) => racePolicy.applicant(actor) && actor.organizationId === organizationId;
  const teamOrg = new Map(v.teams.map((t) => [t.t.id, t.t.organizationId]));
  return { reader, mine, full: (teamId: string) => reader || mine(teamOrg.get(teamId) ?? '') };
}

/** What the actor may do on each gate now, so the page shows only what the server would accept. */
export function gateActions(v: RaceView, actor: Actor, gateId: string): GateAction[] {
  const gate = v.gates.find((g) => g.id === gateId)!;
  const cur = currentGate(v.gates);
  const out: GateAction[] = [];
  const running = v.race.status === 'running';
  if (racePolicy.manage(actor) && running && cur?.id === gate.id) {
    const round = v.rounds.get(gate.id);
    if (gate.status === 'open') out.push('close_evidence');
    if (gate.status === 'review' && (!round || round.status === 'cancelled')) out.push('open_review');
    if (gate.status === 'review' && gate.reviewRoundId) {
      out.push('record_decision');
      const racing = v.teams.filter((t) => t.t.status === 'racing');
      if (racing.every((t) => v.decisions.some((d) => d.gateId === gate.id && d.teamId === t.t.id && d.outcome))) out.push('decide');
    }
  }
  if (running && gate.status === 'open' && v.teams.some((t) => t.t.status === 'racing' && racePolicy.applicant(actor) && actor.organizationId === t.t.organizationId)) out.push('submit_evidence');
  return out;
}

export function presentDetail(v: RaceView, actor: Actor) {
  const l = lens(v, actor);
  const cur = currentGate(v.gates);
  return {
    id: v.race.id,
    code: v.race.code,
    title: v.race.title,
    status: v.race.status,
    fundsRule: v.race.fundsRule,
    outcome: v.race.outcome,
    finishedAt: iso(v.race.finishedAt),
    createdAt: v.race.createdAt.toISOString(),
    createdBy: v.race.createdBy,
    challenge: v.challenge,
    currentGateId: v.race.status === 'running' ? (cur?.id ?? null) : null,
    gates: v.gates.map((g) => {
      const round = v.rounds.get(g.id);
      return {
        id: g.id,
        seq: g.seq,
        title: g.title,
        dueOn: g.dueOn,
        status: g.status,
        targets: g.targets,
        evidenceClosedAt: iso(g.evidenceClosedAt),
        decidedAt: iso(g.decidedAt),
        decidedBy: g.decidedBy,
        reviewRound: round && l.reader ? { id: round.id, name: round.name, status: round.status } : null,
        decisions: v.decisions
          .filter((d) => d.gateId === g.id)
          .map((d) => {
            const full = l.full(d.teamId);
            // Before the gate is decided an outcome is the office's draft: applicants do not see it.
            const outcome = l.reader || g.status === 'decided' ? d.outcome : null;
            if (!full) return { teamId: d.teamId, outcome, reason: null, conditions: null, scoreCenti: null, rank: null, recordedBy: null, recordedAt: null, releasedFen: 0, cancelledFen: 0, reallocatedInFen: 0, reallocatedOutFen: 0, ledgerEntryIds: [] };
            const shown = l.reader || g.status === 'decided';
            return {
              teamId: d.teamId,
              outcome,
              reason: shown ? d.reason : null,
              conditions: shown ? d.conditions : null,
              scoreCenti: d.scoreCenti,
              rank: d.rank,
              recordedBy: l.reader ? d.recordedBy : null,
              recordedAt: shown ? iso(d.recordedAt) : null,
              releasedFen: d.releasedFen,
              cancelledFen: d.cancelledFen,
              reallocatedInFen: d.reallocatedInFen,
              reallocatedOutFen: d.reallocatedOutFen,
              ledgerEntryIds: d.ledgerEntryIds,
            };
          }),
        actions: gateActions(v, actor, g.id),
      };
    }),
    teams: v.teams.map(({ t, code, title, orgName }) => ({
      id: t.id,
      contractId: t.contractId,
      contractCode: code,
      contractTitle: title,
      organizationId: t.organizationId,
      organizationName: orgName,
      status: t.status,
      eliminatedAtGateSeq: t.eliminatedAtGate,
      reason: l.full(t.id) ? t.reason : null,
      mine: l.mine(t.organizationId),
      milestones: l.full(t.id)
        ? v.milestones
            .filter((m) => m.contractId === t.contractId && m.gateId)
            .sort((a, b) => a.seq - b.seq)
            .map((m) => ({ gateId: m.gateId!, milestoneId: m.id, seq: m.seq, status: m.status }))
        : [],
    })),
    actions: ['export' as const],
  };
}

/** Every file id the board names (evidence files of the teams the actor may see in full). */
export function boardFileIds(v: RaceView, actor: Actor): string[] {
  const l = lens(v, actor);
  const contracts = new Set(v.teams.filter((t) => l.full(t.t.id)).map((t) => t.t.contractId));
  return [...v.evidence.values()].filter((e) => contracts.has(e.contractId)).flatMap((e) => e.items.map((i) => i.attachmentId).filter((x): x is string => x !== null));
}

export function presentBoard(v: RaceView, actor: Actor, files: Files) {
  const l = lens(v, actor);
  return {
    race: { id: v.race.id, code: v.race.code, title: v.race.title, status: v.race.status, fundsRule: v.race.fundsRule, outcome: v.race.outcome, challenge: v.challenge },
    gates: v.gates.map((g) => ({ id: g.id, seq: g.seq, title: g.title, dueOn: g.dueOn, status: g.status, targets: g.targets })),
    teams: v.teams.map(({ t, code, title, orgName, totalFen, releasedFen }) => {
      const full = l.full(t.id);
      const mine = v.decisions.filter((d) => d.teamId === t.id);
      const sum = (k: 'cancelledFen' | 'reallocatedInFen' | 'reallocatedOutFen') => mine.reduce((s, d) => s + d[k], 0);
      return {
        id: t.id,
        contractId: t.contractId,
        contractCode: code,
        contractTitle: title,
        organizationName: orgName,
        status: t.status,
        eliminatedAtGateSeq: t.eliminatedAtGate,
        reason: full ? t.reason : null,
        mine: l.mine(t.organizationId),
        full,
        money: full ? { budgetFen: t.budgetFen, totalFen, releasedFen, cancelledFen: sum('cancelledFen'), reallocatedInFen: sum('reallocatedInFen'), reallocatedOutFen: sum('reallocatedOutFen'), remainingFen: totalFen - releasedFen } : null,
        gates: v.gates.map((g) => {
          const m = v.milestones.find((x) => x.contractId === t.contractId && x.gateId === g.id);
          const e = m ? v.evidence.get(m.id) : undefined;
          const d = mine.find((x) => x.gateId === g.id);
          const outcome = d && (l.reader || g.status === 'decided') ? d.outcome : null;
          const shown = full && (l.reader || g.status === 'decided');
          return {
            gateId: g.id,
            seq: g.seq,
            milestoneId: full ? (m?.id ?? null) : null,
            milestoneStatus: full ? (m?.status ?? null) : null,
            evidence:
              full && e && m
                ? {
                    submittedAt: e.submittedAt.toISOString(),
                    note: e.note,
                    items: e.items.map((i) => ({ label: m.evidence[i.requirement]?.label ?? `#${i.requirement + 1}`, kind: m.evidence[i.requirement]?.kind ?? 'file', value: i.value, file: i.attachmentId ? { id: i.attachmentId, name: files.get(i.attachmentId)?.name ?? i.attachmentId } : null })),
                  }
                : null,
            scoreCenti: full ? (d?.scoreCenti ?? null) : null,
            rank: full ? (d?.rank ?? null) : null,
            outcome,
            reason: shown ? (d?.reason ?? null) : null,
            conditions: shown ? (d?.conditions ?? null) : null,
            releasedFen: full && d ? d.releasedFen : null,
            cancelledFen: full && d ? d.cancelledFen : null,
            reallocatedInFen: full && d ? d.reallocatedInFen : null,
            reallocatedOutFen: full && d ? d.reallocatedOutFen : null,
          };
        }),
      };
    }),
  };
}

export type RaceBoardView = ReturnType<typeof presentBoard>;
