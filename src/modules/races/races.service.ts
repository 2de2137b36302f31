import { and, asc, desc, eq, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { appendAudit, type CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import { organizationsTable as organizations } from '../registry/index.ts';
import { contractMilestonesTable as contractMilestones, contractsTable as contracts, contractTranchesTable as contractTranches, ledgerError, type ContractService } from '../contracts/index.ts';
import type { ChallengeService } from '../challenges/index.ts';
import { reviewRoundsTable as reviewRounds } from '../review/index.ts';
import { raceDecisions, raceGates, races, raceTeams, type FundsRule, type GateTarget, type Outcome, type RaceStatus } from './races.tables.ts';
import { afterGate, contractUnfit, currentGate, decisionRefusal, gateErrors, rankScores, reallocate } from './races.rules.ts';
import { racePolicy } from './races.policy.ts';
import './races.events.ts';

export type RaceRow = typeof races.$inferSelect;
export type GateRow = typeof raceGates.$inferSelect;
export type TeamRow = typeof raceTeams.$inferSelect;
export type DecisionRow = typeof raceDecisions.$inferSelect;

export interface RaceCreateInput {
  challengeId: string;
  title: string;
  fundsRule: FundsRule;
  contractIds?: string[] | undefined;
  gates: { title: string; dueOn: string; targets?: GateTarget[] | undefined }[];
}

export interface DecisionInput {
  outcome: Outcome;
  reason?: string | null | undefined;
  conditions?: string | null | undefined;
}

export interface RaceListFilter {
  q?: string | undefined;
  status?: RaceStatus | undefined;
  organizationId?: string | undefined;
  sort?: 'code' | '-code' | 'created' | '-created' | undefined;
}

export type RaceView = Awaited<ReturnType<RaceService['view']>>;

function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let x = err as { code?: string; constraint?: string; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (x.code === '23505' && (x.constraint ?? '').includes(constraint)) return true;
  }
  return false;
}

const invalid = (what: string, status: string) => new AppError('INVALID_STATE', `${what} is not possible while the ${status}`);

/**
 * 赛马 (issue #6 part 3): the awarded teams of a challenge race through shared gates. At each gate the
 * evidence is closed, an expert round (the review module, subject 'race_gate') scores the teams side by
 * side, the officer records pass / pass with conditions / eliminate with reasons, and deciding the gate
 * releases the passing teams' tranches, terminates the eliminated teams' contracts and returns or
 * reallocates their money — one transaction per command, each with its audit events.
 */
export class RaceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly contracts: ContractService,
    private readonly challenges: ChallengeService,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // ---- reads ------------------------------------------------------------------------------

  async get(tenantId: string, id: string, db: Db = this.db): Promise<RaceRow> {
    const [row] = await db.select().from(races).where(and(eq(races.tenantId, tenantId), eq(races.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'race not found');
    return row;
  }

  private async lock(tx: Db, tenantId: string, id: string): Promise<RaceRow> {
    const [row] = await tx.select().from(races).where(and(eq(races.tenantId, tenantId), eq(races.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'race not found');
    return row;
  }

  /** The race if the actor may read it: the office and auditors any, an applicant one their organisation races in (404 otherwise). */
  async visible(actor: Actor, id: string): Promise<RaceRow> {
    const r = await this.get(actor.tenantId, id);
    if (racePolicy.read(actor)) return r;
    if (racePolicy.applicant(actor)) {
      const [t] = await this.db.select({ id: raceTeams.id }).from(raceTeams).where(and(eq(raceTeams.raceId, id), eq(raceTeams.organizationId, actor.organizationId!)));
      if (t) return r;
    }
    throw new AppError('NOT_FOUND', 'race not found');
  }

  async list(tenantId: string, f: RaceListFilter, page: { offset: number; limit: number }) {
    const conds: SQL[] = [eq(races.tenantId, tenantId)];
    if (f.status) conds.push(eq(races.status, f.status));
    if (f.organizationId) conds.push(inArray(races.id, this.db.select({ id: raceTeams.raceId }).from(raceTeams).where(eq(raceTeams.organizationId, f.organizationId))));
    if (f.q?.trim()) {
      const like = `%${f.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      conds.push(or(ilike(races.code, like), ilike(races.title, like))!);
    }
    const order = { code: asc(races.code), '-code': desc(races.code), created: asc(races.createdAt), '-created': desc(races.createdAt) }[f.sort ?? '-created'];
    const where = and(...conds);
    const [rows, total] = await Promise.all([
      this.db.select().from(races).where(where).orderBy(order, asc(races.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(races).where(where),
    ]);
    const ids = rows.map((r) => r.id);
    const [gates, teams] = ids.length ? await Promise.all([this.db.select().from(raceGates).where(inArray(raceGates.raceId, ids)), this.db.select().from(raceTeams).where(inArray(raceTeams.raceId, ids))]) : [[], []];
    const challenges = new Map<string, { id: string; code: string; title: string }>();
    for (const id of new Set(rows.map((r) => r.challengeId))) {
      const c = await this.challenges.getChallenge(tenantId, id);
      challenges.set(id, { id: c.id, code: c.code, title: c.title });
    }
    const items = rows.map((r) => {
      const g = gates.filter((x) => x.raceId === r.id);
      const t = teams.filter((x) => x.raceId === r.id);
      const cur = currentGate(g);
      return {
        race: r,
        challenge: challenges.get(r.challengeId)!,
        gatesTotal: g.length,
        currentGate: cur,
        teamsTotal: t.length,
        teamsRacing: t.filter((x) => x.status === 'racing').length,
        winners: t.filter((x) => x.status === 'winner').length,
      };
    });
    return { items, total: Number(total[0]?.n ?? 0) };
  }

  /** Everything the race pages show, read in one go. */
  async view(tenantId: string, id: string) {
    const race = await this.get(tenantId, id);
    const db = this.db;
    const [challenge, gates, teamRows, decisions, rounds] = await Promise.all([
      this.challenges.getChallenge(tenantId, race.challengeId),
      db.select().from(raceGates).where(eq(raceGates.raceId, id)).orderBy(asc(raceGates.seq)),
      db
        .select({ t: raceTeams, code: contracts.code, title: contracts.title, contractStatus: contracts.status, totalFen: contracts.totalFen, releasedFen: contracts.releasedFen, orgName: organizations.nameZh })
        .from(raceTeams)
        .innerJoin(contracts, eq(contracts.id, raceTeams.contractId))
        .innerJoin(organizations, eq(organizations.id, raceTeams.organizationId))
        .where(eq(raceTeams.raceId, id))
        .orderBy(asc(contracts.code)),
      db.select().from(raceDecisions).where(eq(raceDecisions.raceId, id)),
      db.select({ id: reviewRounds.id, subjectId: reviewRounds.subjectId, name: reviewRounds.name, status: reviewRounds.status, createdAt: reviewRounds.createdAt }).from(reviewRounds).where(and(eq(reviewRounds.tenantId, tenantId), eq(reviewRounds.subjectType, 'race_gate'))),
    ]);
    const gateIds = gates.map((g) => g.id);
    const contractIds = teamRows.map((t) => t.t.contractId);
    const [milestones, tranches] = contractIds.length
      ? await Promise.all([
          db.select().from(contractMilestones).where(and(inArray(contractMilestones.contractId, contractIds), gateIds.length ? inArray(contractMilestones.gateId, gateIds) : sql`false`)),
          db.select().from(contractTranches).where(inArray(contractTranches.contractId, contractIds)),
        ])
      : [[], []];
    const evidence = await this.contracts.latestEvidence(db, milestones.map((m) => m.id));
    const latestRound = new Map<string, (typeof rounds)[number]>();
    for (const r of [...rounds].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) if (gateIds.includes(r.subjectId)) latestRound.set(r.subjectId, r);
    return { race, challenge: { id: challenge.id, code: challenge.code, title: challenge.title }, gates, teams: teamRows, decisions, milestones, tranches, evidence, rounds: latestRound, today: shanghaiDate(this.now()) };
  }

  /** Challenges whose contracts can race: two or more, not terminated or completed, none racing yet. */
  async candidates(tenantId: string) {
    const rows = await this.db
      .select({ c: contracts, orgName: organizations.nameZh })
      .from(contracts)
      .innerJoin(organizations, eq(organizations.id, contracts.organizationId))
      .where(and(eq(contracts.tenantId, tenantId), notInArray(contracts.status, ['terminated', 'completed'])))
      .orderBy(asc(contracts.code));
    const racing = new Set((await this.db.select({ id: raceTeams.contractId }).from(raceTeams).where(eq(raceTeams.tenantId, tenantId))).map((r) => r.id));
    const byChallenge = new Map<string, typeof rows>();
    for (const r of rows) byChallenge.set(r.c.challengeId, [...(byChallenge.get(r.c.challengeId) ?? []), r]);
    const ms = rows.length ? await this.db.select().from(contractMilestones).where(inArray(contractMilestones.contractId, rows.map((r) => r.c.id))).orderBy(asc(contractMilestones.seq)) : [];
    const out = [];
    for (const [challengeId, list] of byChallenge) {
      if (list.length < 2 || list.some((r) => racing.has(r.c.id))) continue;
      const ch = await this.challenges.getChallenge(tenantId, challengeId);
      const contractsOut = list.map((r) => ({ id: r.c.id, code: r.c.code, title: r.c.title, organizationName: r.orgName, status: r.c.status, totalFen: r.c.totalFen, milestones: ms.filter((m) => m.contractId === r.c.id).map((m) => ({ seq: m.seq, title: m.title, dueOn: m.dueOn })) }));
      out.push({ challengeId, code: ch.code, title: ch.title, targets: list[0]!.c.targets.map((t) => ({ indicator: t.indicator, target: t.target, unit: t.unit })), maxGates: Math.min(...contractsOut.map((c) => c.milestones.length)), contracts: contractsOut });
    }
    return out.sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  // ---- commands ---------------------------------------------------------------------------

  /** A race from a challenge's contracts: gates written, each team's milestone i bound to gate i as a new contract version. */
  async create(ctx: CommandContext, input: RaceCreateInput): Promise<RaceRow> {
    const errors: FieldError[] = gateErrors(input.gates);
    if (!input.title.trim()) errors.push({ path: 'title', message: 'is required', zh: '请填写赛马名称' });
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    const challenge = await this.challenges.getChallenge(ctx.tenantId, input.challengeId);
    let list = await this.db.select().from(contracts).where(and(eq(contracts.tenantId, ctx.tenantId), eq(contracts.challengeId, challenge.id))).orderBy(asc(contracts.code));
    if (input.contractIds) {
      const unknown = input.contractIds.filter((id) => !list.some((c) => c.id === id));
      if (unknown.length) throw new AppError('VALIDATION_FAILED', 'some contracts are not of this challenge', unknown.map((id) => ({ path: `contractIds/${input.contractIds!.indexOf(id)}`, message: 'is not a contract of this challenge', zh: '不是该榜单的任务书' })));
      list = list.filter((c) => input.contractIds!.includes(c.id));
    } else list = list.filter((c) => c.status !== 'terminated' && c.status !== 'completed');
    if (list.length < 2) throw new AppError('RACE_TOO_FEW_TEAMS', `the challenge has ${list.length} contract(s) to race; a race needs at least 2`);
    const racing = await this.db.select({ contractId: raceTeams.contractId }).from(raceTeams).where(inArray(raceTeams.contractId, list.map((c) => c.id)));
    if (racing.length) {
      const codes = list.filter((c) => racing.some((r) => r.contractId === c.id)).map((c) => c.code);
      throw new AppError('RACE_ALREADY_RACING', `already racing: ${codes.join(', ')}`, codes.map((code) => ({ path: 'contractIds', message: `${code} already races`, zh: `${code} 已在赛马中` })));
    }
    const ms = await this.db.select().from(contractMilestones).where(inArray(contractMilestones.contractId, list.map((c) => c.id)));
    const unfit = list.flatMap((c, i) => contractUnfit({ code: c.code, status: c.status, milestones: ms.filter((m) => m.contractId === c.id) }, input.gates.length, i));
    if (unfit.length) throw new AppError('RACE_CONTRACT_UNFIT', unfit.map((e) => e.message).join('; '), unfit);
    const defaultTargets = list[0]!.targets.map((t) => ({ indicator: t.indicator, target: t.target, unit: t.unit }));
    try {
      return await inTransaction(this.db, async (tx) => {
        const now = this.now();
        const prefix = `SM-${shanghaiDate(now).slice(0, 4)}-`;
        const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(races).where(and(eq(races.tenantId, ctx.tenantId), sql`${races.code} like ${prefix + '%'}`));
        const code = `${prefix}${String(Number(n?.n ?? 0) + 1).padStart(3, '0')}`;
        const [race] = await tx.insert(races).values({ tenantId: ctx.tenantId, code, challengeId: challenge.id, title: input.title.trim(), fundsRule: input.fundsRule, createdBy: ctx.actorUserId, createdAt: now, updatedAt: now }).returning();
        const gates = await tx
          .insert(raceGates)
          .values(input.gates.map((g, i) => ({ tenantId: ctx.tenantId, raceId: race!.id, seq: i + 1, title: g.title.trim(), dueOn: g.dueOn, targets: g.targets ?? defaultTargets })))
          .returning();
        for (const c of list) {
          await tx.insert(raceTeams).values({ tenantId: ctx.tenantId, raceId: race!.id, contractId: c.id, organizationId: c.organizationId, budgetFen: c.totalFen });
          await this.contracts.reviseIn(
            tx,
            ctx,
            c.id,
            (terms) => {
              for (const g of gates) {
                const m = terms.milestones.find((x) => x.seq === g.seq)!;
                m.gateId = g.id;
                m.dueOn = g.dueOn;
              }
              return terms;
            },
            `纳入赛马 ${code}：里程碑与关卡对齐（Joined race ${code}: milestones aligned to its gates）`,
          );
        }
        await appendAudit(tx, ctx, { action: 'race.created', targetType: 'race', targetId: race!.id, summary: { code, challengeId: challenge.id, fundsRule: input.fundsRule, gates: gates.length, contracts: list.map((c) => c.code) } });
        return race!;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'race_teams_contract_uq')) throw new AppError('RACE_ALREADY_RACING', 'a contract joined another race meanwhile');
      throw err;
    }
  }

  private async gateOf(tx: Db, raceId: string, gateId: string): Promise<{ gate: GateRow; gates: GateRow[] }> {
    const gates = await tx.select().from(raceGates).where(eq(raceGates.raceId, raceId)).orderBy(asc(raceGates.seq));
    const gate = gates.find((g) => g.id === gateId);
    if (!gate) throw new AppError('NOT_FOUND', 'gate not found');
    return { gate, gates };
  }

  private requireCurrent(race: RaceRow, gate: GateRow, gates: GateRow[], status: GateRow['status'], what: string) {
    if (race.status !== 'running') throw invalid(what, `race is ${race.status}`);
    const cur = currentGate(gates);
    if (cur?.id !== gate.id) throw new AppError('INVALID_STATE', `${what}: gate ${gate.seq} is not the current gate${cur ? ` (gate ${cur.seq} is)` : ''}`);
    if (gate.status !== status) throw invalid(what, `gate is ${gate.status}`);
  }

  /** open → review: the teams' gate milestones stop taking evidence. */
  async closeEvidence(ctx: CommandContext, raceId: string, gateId: string): Promise<GateRow> {
    return inTransaction(this.db, async (tx) => {
      const race = await this.lock(tx, ctx.tenantId, raceId);
      const { gate, gates } = await this.gateOf(tx, raceId, gateId);
      this.requireCurrent(race, gate, gates, 'open', 'closing the evidence');
      const teams = await tx.select().from(raceTeams).where(and(eq(raceTeams.raceId, raceId), eq(raceTeams.status, 'racing')));
      const ms = teams.length ? await tx.select().from(contractMilestones).where(and(eq(contractMilestones.gateId, gateId), inArray(contractMilestones.contractId, teams.map((t) => t.contractId)))) : [];
      await this.contracts.closeGateIn(tx, ctx.tenantId, gateId, ms.map((m) => m.id));
      const now = this.now();
      const [row] = await tx.update(raceGates).set({ status: 'review', evidenceClosedAt: now, evidenceClosedBy: ctx.actorUserId }).where(eq(raceGates.id, gateId)).returning();
      await tx.update(races).set({ updatedAt: now }).where(eq(races.id, raceId));
      await appendAudit(tx, ctx, { action: 'race_gate.evidence_closed', targetType: 'race_gate', targetId: gateId, summary: { raceId, seq: gate.seq, milestones: ms.length } });
      return row!;
    });
  }

  /** Whether each team's gate milestone has evidence in (submitted, and not returned since). */
  private async evidenceIn(tx: Db, gateId: string, contractIds: string[]): Promise<Map<string, { milestoneId: string; submitted: boolean }>> {
    if (contractIds.length === 0) return new Map();
    const ms = await tx.select().from(contractMilestones).where(and(eq(contractMilestones.gateId, gateId), inArray(contractMilestones.contractId, contractIds)));
    const ev = await this.contracts.latestEvidence(tx, ms.map((m) => m.id));
    return new Map(ms.map((m) => [m.contractId, { milestoneId: m.id, submitted: ev.has(m.id) && (m.status === 'submitted' || m.status === 'accepted') }]));
  }

  /** The officer's outcome for one racing team at the current gate, once its review round is adopted; changeable until the gate is decided. */
  async recordDecision(ctx: CommandContext, raceId: string, gateId: string, teamId: string, input: DecisionInput): Promise<DecisionRow> {
    const reason = input.reason?.trim() || null;
    const conditions = input.conditions?.trim() || null;
    return inTransaction(this.db, async (tx) => {
      const race = await this.lock(tx, ctx.tenantId, raceId);
      const { gate, gates } = await this.gateOf(tx, raceId, gateId);
      const [team] = await tx.select().from(raceTeams).where(and(eq(raceTeams.raceId, raceId), eq(raceTeams.id, teamId)));
      if (!team) throw new AppError('NOT_FOUND', 'team not found');
      this.requireCurrent(race, gate, gates, 'review', 'recording a decision');
      if (!gate.reviewRoundId) throw new AppError('GATE_REVIEW_NOT_ADOPTED', `gate ${gate.seq}: adopt its expert review round first`);
      if (team.status !== 'racing') throw invalid('recording a decision', `team is ${team.status}`);
      const ev = (await this.evidenceIn(tx, gateId, [team.contractId])).get(team.contractId);
      const refusal = decisionRefusal({ outcome: input.outcome, reason, conditions }, ev?.submitted ?? false);
      if (refusal) throw new AppError(refusal.code, refusal.errors.map((e) => `${e.path} ${e.message}`).join('; '), refusal.errors);
      const now = this.now();
      const [before] = await tx.select().from(raceDecisions).where(and(eq(raceDecisions.gateId, gateId), eq(raceDecisions.teamId, teamId)));
      const values = { outcome: input.outcome, reason: input.outcome === 'pass' && !reason ? null : reason, conditions: input.outcome === 'pass_with_conditions' ? conditions : null, recordedBy: ctx.actorUserId, recordedAt: now };
      const [row] = before
        ? await tx.update(raceDecisions).set(values).where(eq(raceDecisions.id, before.id)).returning()
        : await tx.insert(raceDecisions).values({ tenantId: ctx.tenantId, raceId, gateId, teamId, ...values }).returning();
      await appendAudit(tx, ctx, { action: 'race_decision.recorded', targetType: 'race_team', targetId: teamId, summary: { raceId, gateSeq: gate.seq, teamId, outcome: input.outcome, reason: values.reason, conditions: values.conditions, previous: before?.outcome ?? null } });
      return row!;
    });
  }

  /**
   * Decides the current gate in one transaction: passing teams' milestones accepted and their gate tranches
   * released through the ledger; eliminated teams' contracts terminated and their unreleased money returned
   * or reallocated to the remaining teams' next-gate tranches; at the last gate, or with no team left, the
   * race finishes. Nothing is written unless all of it succeeds.
   */
  async decide(ctx: CommandContext, raceId: string, gateId: string): Promise<RaceRow> {
    try {
      return await inTransaction(this.db, (tx) => this.decideIn(tx, ctx, raceId, gateId));
    } catch (e) {
      throw ledgerError(e);
    }
  }

  private async decideIn(tx: Db, ctx: CommandContext, raceId: string, gateId: string): Promise<RaceRow> {
    const race = await this.lock(tx, ctx.tenantId, raceId);
    const { gate, gates } = await this.gateOf(tx, raceId, gateId);
    this.requireCurrent(race, gate, gates, 'review', 'deciding the gate');
    if (!gate.reviewRoundId) throw new AppError('GATE_REVIEW_NOT_ADOPTED', `gate ${gate.seq}: adopt its expert review round first`);
    const teams = await tx
      .select({ t: raceTeams, code: contracts.code })
      .from(raceTeams)
      .innerJoin(contracts, eq(contracts.id, raceTeams.contractId))
      .where(and(eq(raceTeams.raceId, raceId), eq(raceTeams.status, 'racing')))
      .orderBy(asc(contracts.code));
    const decisions = new Map((await tx.select().from(raceDecisions).where(eq(raceDecisions.gateId, gateId))).map((d) => [d.teamId, d]));
    const missing = teams.filter((x) => !decisions.get(x.t.id)?.outcome);
    if (missing.length) throw new AppError('GATE_DECISIONS_MISSING', `no decision yet for ${missing.map((x) => x.code).join(', ')}`, missing.map((x) => ({ path: `teams/${x.t.id}`, message: `${x.code} has no decision`, zh: `${x.code} 尚无关卡结论` })));
    const evidence = await this.evidenceIn(tx, gateId, teams.map((x) => x.t.contractId));
    for (const x of teams) {
      const d = decisions.get(x.t.id)!;
      const refusal = decisionRefusal({ outcome: d.outcome!, reason: d.reason, conditions: d.conditions }, evidence.get(x.t.contractId)?.submitted ?? false);
      if (refusal) throw new AppError(refusal.code, `${x.code}: ${refusal.errors[0]!.message}`, refusal.errors.map((e) => ({ ...e, path: `teams/${x.t.id}/${e.path}` })));
    }
    const lastGate = gate.seq === Math.max(...gates.map((g) => g.seq));
    const note = (d: DecisionRow) => `赛马 ${race.code} 第 ${gate.seq} 关${d.outcome === 'pass_with_conditions' ? `有条件通过：${d.conditions}` : '通过'}`;
    const passed = teams.filter((x) => decisions.get(x.t.id)!.outcome !== 'eliminate');
    const eliminated = teams.filter((x) => decisions.get(x.t.id)!.outcome === 'eliminate');
    const money = new Map(teams.map((x) => [x.t.id, { releasedFen: 0, cancelledFen: 0, reallocatedInFen: 0, reallocatedOutFen: 0, ledgerEntryIds: [] as string[] }]));
    // Passing teams: the gate milestone accepted, its tranches released.
    for (const x of passed) {
      const d = decisions.get(x.t.id)!;
      const entries = await this.contracts.passGateIn(tx, ctx, x.t.contractId, evidence.get(x.t.contractId)!.milestoneId, note(d));
      const m = money.get(x.t.id)!;
      m.releasedFen = entries.reduce((s, e) => s + e.amountFen, 0);
      m.ledgerEntryIds = entries.map((e) => e.id);
    }
    // Eliminated teams: the contract terminated, its unreleased money freed.
    let freedFen = 0;
    for (const x of eliminated) {
      const d = decisions.get(x.t.id)!;
      const { cancelledFen } = await this.contracts.terminateIn(tx, ctx, x.t.contractId, `赛马 ${race.code} 第 ${gate.seq} 关淘汰：${d.reason}`);
      money.get(x.t.id)!.cancelledFen = cancelledFen;
      freedFen += cancelledFen;
      await tx.update(raceTeams).set({ status: 'eliminated', eliminatedAtGate: gate.seq, reason: d.reason }).where(eq(raceTeams.id, x.t.id));
      await appendAudit(tx, ctx, { action: 'race_team.eliminated', targetType: 'race_team', targetId: x.t.id, summary: { raceId, gateSeq: gate.seq, contractId: x.t.contractId, reason: d.reason!, cancelledFen } });
    }
    // The freed money: back to the budget, or split over the remaining teams' next-gate tranches.
    const next = gates.find((g) => g.seq === gate.seq + 1);
    const nextMs = next && passed.length ? await tx.select().from(contractMilestones).where(and(eq(contractMilestones.gateId, next.id), inArray(contractMilestones.contractId, passed.map((x) => x.t.contractId)))) : [];
    const nextTranches = nextMs.length ? await tx.select().from(contractTranches).where(and(inArray(contractTranches.milestoneId, nextMs.map((m) => m.id)), eq(contractTranches.status, 'planned'))).orderBy(asc(contractTranches.seq)) : [];
    const plan = reallocate(
      race.fundsRule,
      freedFen,
      passed.map((x) => {
        const m = nextMs.find((y) => y.contractId === x.t.contractId);
        return { teamId: x.t.id, rank: decisions.get(x.t.id)!.rank, code: x.code, trancheId: (m && nextTranches.find((t) => t.milestoneId === m.id)?.id) ?? null };
      }),
    );
    for (const s of plan.shares) {
      const x = passed.find((p) => p.t.id === s.teamId)!;
      await this.contracts.raiseTrancheIn(tx, ctx, x.t.contractId, s.trancheId, s.fen, `赛马 ${race.code} 第 ${gate.seq} 关：淘汰队伍的经费按规则重新分配（reallocated from eliminated teams）`);
      money.get(s.teamId)!.reallocatedInFen = s.fen;
    }
    if (plan.shares.length) for (const x of eliminated) money.get(x.t.id)!.reallocatedOutFen = money.get(x.t.id)!.cancelledFen;
    for (const x of teams) await tx.update(raceDecisions).set(money.get(x.t.id)!).where(eq(raceDecisions.id, decisions.get(x.t.id)!.id));
    const now = this.now();
    await tx.update(raceGates).set({ status: 'decided', decidedAt: now, decidedBy: ctx.actorUserId }).where(eq(raceGates.id, gateId));
    const after = afterGate(new Map(teams.map((x) => [x.t.id, decisions.get(x.t.id)!.outcome!])), lastGate);
    const winners = [...after.statuses].filter(([, s]) => s === 'winner').map(([id]) => id);
    if (winners.length) await tx.update(raceTeams).set({ status: 'winner' }).where(inArray(raceTeams.id, winners));
    const [row] = await tx
      .update(races)
      .set({ updatedAt: now, ...(after.finished ? { status: 'finished' as const, outcome: after.outcome, finishedAt: now } : {}) })
      .where(eq(races.id, raceId))
      .returning();
    const sum = (k: 'releasedFen' | 'cancelledFen') => [...money.values()].reduce((s, m) => s + m[k], 0);
    await appendAudit(tx, ctx, {
      action: 'race_gate.decided',
      targetType: 'race_gate',
      targetId: gateId,
      summary: { raceId, seq: gate.seq, passed: passed.map((x) => x.code), eliminated: eliminated.map((x) => x.code), releasedFen: sum('releasedFen'), cancelledFen: sum('cancelledFen'), returnedFen: plan.returnedFen, reallocated: plan.shares.map((s) => ({ teamId: s.teamId, fen: s.fen })) },
    });
    if (after.finished) await appendAudit(tx, ctx, { action: 'race.finished', targetType: 'race', targetId: raceId, summary: { outcome: after.outcome!, winners: teams.filter((x) => winners.includes(x.t.id)).map((x) => x.code) } });
    return row!;
  }

  // ---- the review subject 'race_gate' -------------------------------------------------------

  async gateRow(tenantId: string, gateId: string, db: Db = this.db) {
    const [row] = await db.select({ g: raceGates, r: races }).from(raceGates).innerJoin(races, eq(races.id, raceGates.raceId)).where(and(eq(raceGates.tenantId, tenantId), eq(raceGates.id, gateId)));
    if (!row) throw new AppError('NOT_FOUND', 'race gate not found');
    return { gate: row.g, race: row.r };
  }

  /** The gate with its race and challenge; never inside a transaction (the challenge is read outside it). */
  async gateHeader(tenantId: string, gateId: string) {
    const { gate, race } = await this.gateRow(tenantId, gateId);
    const c = await this.challenges.getChallenge(tenantId, race.challengeId);
    return { gate, race, challenge: { id: c.id, code: c.code, title: c.title, status: c.status } };
  }

  /** What experts read of each team at a gate: the contract, the gate's targets and the team's gate evidence. */
  async gateSubjects(tenantId: string, gateId: string, applicationIds: string[] | null, db: Db = this.db) {
    const { gate, race } = await this.gateRow(tenantId, gateId, db);
    const conds: SQL[] = [eq(raceTeams.raceId, race.id)];
    if (applicationIds) conds.push(inArray(contracts.applicationId, applicationIds.length ? applicationIds : ['00000000-0000-0000-0000-000000000000']));
    else conds.push(eq(raceTeams.status, 'racing'));
    const teams = await db.select({ t: raceTeams, c: contracts }).from(raceTeams).innerJoin(contracts, eq(contracts.id, raceTeams.contractId)).where(and(...conds)).orderBy(asc(contracts.code));
    if (teams.length === 0) return [];
    const base = new Map((await this.challenges.reviewSubjects(tenantId, { applicationIds: teams.map((x) => x.c.applicationId) }, db)).map((s) => [s.applicationId, s]));
    const ms = await db.select().from(contractMilestones).where(and(eq(contractMilestones.gateId, gateId), inArray(contractMilestones.contractId, teams.map((x) => x.c.id))));
    const ev = await this.contracts.latestEvidence(db, ms.map((m) => m.id));
    const targets = gate.targets.map((t) => `${t.indicator}：${t.target}${t.unit}`).join('；');
    return teams.flatMap(({ c }) => {
      const s = base.get(c.applicationId);
      if (!s) return [];
      const m = ms.find((x) => x.contractId === c.id);
      const e = m ? ev.get(m.id) : undefined;
      const lines = (e?.items ?? []).map((i) => `${m!.evidence[i.requirement]?.label ?? `#${i.requirement + 1}`}：${i.value ?? '（文件）'}`);
      return [
        {
          ...s,
          code: c.code,
          title: c.title,
          summary: [`关卡 ${gate.seq}「${gate.title}」（${gate.dueOn}）考核目标：${targets}`, m ? `里程碑：${m.title}——${m.deliverable}` : '', lines.length ? `佐证材料：${lines.join('；')}` : '佐证材料：未提交', e?.note ? `说明：${e.note}` : ''].filter(Boolean).join('\n'),
          technicalRoute: m?.deliverable ?? '',
          budgetTotalFen: c.totalFen,
          budget: [],
          milestones: m ? [{ title: m.title, month: 0, deliverable: m.deliverable }] : [],
          attachmentIds: (e?.items ?? []).map((i) => i.attachmentId).filter((x): x is string => x !== null),
          scoreCenti: null,
        },
      ];
    });
  }

  /** The adopted round's scores and ranks onto the gate's decisions (in the adoption's transaction). */
  async adoptGateScores(tx: Db, ctx: CommandContext, gateId: string, scores: readonly { applicationId: string; scoreCenti: number | null }[], roundId: string): Promise<void> {
    const { gate, race } = await this.gateRow(ctx.tenantId, gateId, tx);
    await this.lock(tx, ctx.tenantId, race.id);
    const [g] = await tx.select().from(raceGates).where(eq(raceGates.id, gateId)).for('update');
    if (g!.status !== 'review') throw new AppError('INVALID_STATE', `adopting scores is not possible while the gate is ${g!.status}`);
    const teams = await tx.select({ t: raceTeams, applicationId: contracts.applicationId }).from(raceTeams).innerJoin(contracts, eq(contracts.id, raceTeams.contractId)).where(eq(raceTeams.raceId, race.id));
    const rows = rankScores(
      scores.flatMap((s) => {
        const t = teams.find((x) => x.applicationId === s.applicationId);
        return t ? [{ teamId: t.t.id, scoreCenti: s.scoreCenti }] : [];
      }),
    );
    for (const r of rows) {
      const [d] = await tx.select().from(raceDecisions).where(and(eq(raceDecisions.gateId, gateId), eq(raceDecisions.teamId, r.teamId)));
      if (d) await tx.update(raceDecisions).set({ scoreCenti: r.scoreCenti, rank: r.rank, roundId }).where(eq(raceDecisions.id, d.id));
      else await tx.insert(raceDecisions).values({ tenantId: ctx.tenantId, raceId: race.id, gateId, teamId: r.teamId, scoreCenti: r.scoreCenti, rank: r.rank, roundId });
    }
    await tx.update(raceGates).set({ reviewRoundId: roundId }).where(eq(raceGates.id, gateId));
    await appendAudit(tx, ctx, { action: 'race_gate.scores_adopted', targetType: 'race_gate', targetId: gateId, summary: { raceId: race.id, seq: gate.seq, roundId, scores: rows.map((r) => ({ teamId: r.teamId, scoreCenti: r.scoreCenti, rank: r.rank })) } });
  }
}
