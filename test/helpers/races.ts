// A horse race to test against: a challenge whose accepted applications became confirmed contracts (one
// per organisation, each with a member account), experts, and helpers for a gate's evidence and review.
import { eq } from 'drizzle-orm';
import type { TestEnv } from './app.ts';
import type { FixedClock } from '../../src/platform/clock.ts';
import type { UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import { inTransaction } from '../../src/platform/db/tx.ts';
import { reviewWorld } from '../../src/modules/review/sheets/fixtures.ts';
import { reviewAssignments, reviewPanel, reviewRounds, reviewSheets } from '../../src/modules/review/review.tables.ts';
import type { ContractRow } from '../../src/modules/contracts/contracts.service.ts';
import { demoPdf } from '../../src/seed/demo-contracts.ts';


export interface RaceTeamFixture {
  contract: ContractRow;
  member: UserWithRoles;
  organizationId: string;
  applicationId: string;
}

/**
 * `teams` confirmed contracts of one challenge, each 1,000,001 fen: signing 100,000, milestone 1 (样机,
 * 6 months) 300,000, milestone 2 (验证, 12 months) 300,000, acceptance 300,001. Nothing released yet.
 */
export async function raceWorld(env: TestEnv, clock: FixedClock, opts: { teams?: number } = {}) {
  const w = await reviewWorld(env, clock, { applications: opts.teams ?? 3, experts: 3 });
  const db = env.services.database;
  const teams: RaceTeamFixture[] = [];
  for (const [i, a] of w.applicants.entries()) {
    const [row] = await db.query<{ organization_id: string }>('select organization_id from applications where id = $1', [a.applicationId]);
    const organizationId = row!.organization_id;
    const member = await env.user(w.tenant, ['applicant'], { organizationId });
    const contract = await inTransaction(db.db, (tx) =>
      env.services.contracts.createFromAward(tx, w.ctxOf(w.officer), {
        challengeId: w.challengeId,
        applicationId: a.applicationId,
        organizationId,
        codePrefix: 'RW-2026-009-',
        title: `单细胞测序关键部件（队伍${i + 1}）`,
        totalFen: 1_000_001,
        fundingMode: 'before_delivery',
        startsOn: '2026-05-11',
        endsOn: '2027-05-11',
        targets: [{ indicator: '单次通量', target: '≥ 10000', unit: '细胞', verification: '第三方检测报告' }],
        milestones: [
          { title: '样机', month: 6, deliverable: '样机检测报告' },
          { title: '验证', month: 12, deliverable: '验证报告' },
        ],
        tranches: [
          { seq: 1, amountFen: 100_000, trigger: 'signing', milestoneIndex: null, dueOn: '2026-05-11' },
          { seq: 2, amountFen: 300_000, trigger: 'milestone', milestoneIndex: 0, dueOn: '2026-11-11' },
          { seq: 3, amountFen: 300_000, trigger: 'milestone', milestoneIndex: 1, dueOn: '2027-05-11' },
          { seq: 4, amountFen: 300_001, trigger: 'acceptance', milestoneIndex: null, dueOn: '2027-05-11' },
        ],
        lead: { name: a.piName, title: '研究员', phone: null, email: null },
        team: [],
      }),
    );
    await env.services.contracts.confirm(w.ctxOf(w.officer), w.actorOf(w.officer), contract.id);
    const active = await env.services.contracts.confirm(w.ctxOf(member), w.actorOf(member), contract.id);
    teams.push({ contract: active, member, organizationId, applicationId: a.applicationId });
  }

  /** The team's evidence for its milestone at the gate: one PDF per requirement. */
  async function submitEvidence(t: RaceTeamFixture, gateId: string, note = '附第三方检测报告。') {
    const v = await env.services.contracts.detail(w.tenant.id, t.contract.id);
    const m = v.milestones.find((x) => x.gateId === gateId)!;
    const files: { id: string }[] = [];
    for (const r of m.evidence) files.push(await env.services.files.upload(w.ctxOf(t.member), { filename: `${r.label}.pdf`, data: demoPdf(r.label) }));
    return env.services.contracts.progress.submitEvidence(w.ctxOf(t.member), { ...w.actorOf(t.member), organizationId: t.organizationId }, t.contract.id, m.id, { items: m.evidence.map((_, k) => ({ requirement: k, attachmentId: files[k]!.id, value: null })), note });
  }

  /** A review round for the gate through the review module, scored by one expert per team with the given totals, closed and adopted. */
  async function reviewGate(gateId: string, totals: Map<string, number>) {
    const round = await env.services.review.createRound(w.ctxOf(w.officer), { subjectType: 'race_gate', subjectId: gateId, name: '关卡评审', deadline: new Date(clock.now().getTime() + 10 * 86_400_000).toISOString(), rankBy: 'mean', expertsPerItem: 1 });
    const expert = w.experts[0]!;
    await db.db.insert(reviewPanel).values({ tenantId: w.tenant.id, roundId: round.id, expertId: expert.id, addedBy: w.officer.id });
    for (const [applicationId, total] of totals) {
      const [a] = await db.db.insert(reviewAssignments).values({ tenantId: w.tenant.id, roundId: round.id, itemId: applicationId, expertId: expert.id, source: 'manual', createdBy: w.officer.id }).returning();
      await db.db.insert(reviewSheets).values({ tenantId: w.tenant.id, roundId: round.id, assignmentId: a!.id, itemId: applicationId, expertId: expert.id, status: 'submitted', totalCenti: total, scores: {}, submittedAt: clock.now(), savedAt: clock.now() });
    }
    await db.db.update(reviewRounds).set({ status: 'closed', openedAt: clock.now(), closedAt: clock.now() }).where(eq(reviewRounds.id, round.id));
    await env.services.reviewSheets.adopt(w.ctxOf(w.officer), round.id);
    return round.id;
  }

  return { ...w, teams, submitEvidence, reviewGate };
}
