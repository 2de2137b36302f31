// What the review commands read: the round's own rows (with the caller's handle, so a transaction can pass
// its tx) and, before any transaction opens, the applications, the expert pool and conflicts from other modules.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { shanghaiDate } from '../../platform/calendar/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { normalizeName, type ExpertService } from '../experts/index.ts';
import { reviewAssignments, reviewItems, reviewPanel, reviewRounds, reviewSheets, type ReviewAssignmentRow, type ReviewItemRow, type ReviewPanelRow, type ReviewRoundRow } from './review.tables.ts';
import { isAvailable, pairKey, type PanelFacts } from './review.rules.ts';
import { roundAffinity, type RoundAffinity } from './review.affinity-adapter.ts';
import type { ReviewSubject, ReviewSubjects } from './review.subjects.ts';

/** One expert of the pool as review needs them. */
export interface PoolExpert {
  id: string;
  userId: string | null;
  name: string;
  organizationId: string | null;
  organizationName: string | null;
  affiliation: string;
  title: string;
  fields: string[];
  keywords: string[];
  biography: string;
  availability: string;
  unavailableUntil: string | null;
  maxLoad: number;
  available: boolean;
  /** For one-per-organisation: the registry organisation, else the normalised free-text affiliation. */
  organizationKey: string | null;
}

export interface ConflictReason {
  zh: string;
  en: string;
}

/** Enough pool for any tenant; the pool is read whole for IDF and for draws. */
const POOL_LIMIT = 100_000;

export function organizationKey(e: { organizationId: string | null; affiliation: string }): string | null {
  if (e.organizationId) return `org:${e.organizationId}`;
  const n = normalizeName(e.affiliation);
  return n ? `name:${n}` : null;
}

export class ReviewReader {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly subjectsOf: ReviewSubjects,
    readonly experts: ExpertService,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now());
  }

  async round(tenantId: string, id: string, db: Db = this.db): Promise<ReviewRoundRow> {
    const [row] = await db.select().from(reviewRounds).where(and(eq(reviewRounds.tenantId, tenantId), eq(reviewRounds.id, id)));
    if (!row) throw new AppError('NOT_FOUND', 'review round not found');
    return row;
  }

  /** The round locked for the rest of the transaction. */
  async lockRound(tx: Db, tenantId: string, id: string): Promise<ReviewRoundRow> {
    const [row] = await tx.select().from(reviewRounds).where(and(eq(reviewRounds.tenantId, tenantId), eq(reviewRounds.id, id))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'review round not found');
    return row;
  }

  items(roundId: string, db: Db = this.db): Promise<ReviewItemRow[]> {
    return db.select().from(reviewItems).where(eq(reviewItems.roundId, roundId)).orderBy(asc(reviewItems.position));
  }

  panel(roundId: string, db: Db = this.db): Promise<ReviewPanelRow[]> {
    return db.select().from(reviewPanel).where(eq(reviewPanel.roundId, roundId)).orderBy(asc(reviewPanel.addedAt), asc(reviewPanel.id));
  }

  assignments(roundId: string, db: Db = this.db): Promise<ReviewAssignmentRow[]> {
    return db.select().from(reviewAssignments).where(eq(reviewAssignments.roundId, roundId)).orderBy(asc(reviewAssignments.createdAt), asc(reviewAssignments.id));
  }

  /** Sheet status per assignment id (sheets exist once the round is open). */
  async sheetStatus(roundId: string, db: Db = this.db): Promise<Map<string, { id: string; status: string }>> {
    const rows = await db.select({ id: reviewSheets.id, assignmentId: reviewSheets.assignmentId, status: reviewSheets.status }).from(reviewSheets).where(eq(reviewSheets.roundId, roundId));
    return new Map(rows.map((r) => [r.assignmentId, { id: r.id, status: r.status }]));
  }

  /** The whole expert pool of the tenant, by id. */
  async pool(tenantId: string): Promise<Map<string, PoolExpert>> {
    const { items } = await this.experts.list(tenantId, {}, { offset: 0, limit: POOL_LIMIT });
    const today = this.today();
    return new Map(
      items.map((e) => [
        e.id,
        {
          id: e.id,
          userId: e.userId,
          name: e.name,
          organizationId: e.organizationId,
          organizationName: e.organizationName,
          affiliation: e.affiliation,
          title: e.title,
          fields: e.fields,
          keywords: e.keywords,
          biography: e.biography,
          availability: e.availability,
          unavailableUntil: e.unavailableUntil,
          maxLoad: e.maxLoad,
          available: isAvailable(e, today),
          organizationKey: organizationKey(e),
        },
      ]),
    );
  }

  /** What the items of one round are about, by item id, from the round's subject provider (items it no longer knows are left out). */
  async subjects(tenantId: string, items: readonly ReviewItemRow[]): Promise<Map<string, ReviewSubject>> {
    if (items.length === 0) return new Map();
    const round = await this.round(tenantId, items[0]!.roundId);
    return this.subjectsOf.contents(tenantId, round, items.map((i) => i.itemId));
  }

  /** Binding conflicts by `pairKey(itemId, expertId)`, with their reasons. */
  async conflicts(tenantId: string, itemIds: string[], expertIds: string[]): Promise<Map<string, ConflictReason[]>> {
    if (itemIds.length === 0 || expertIds.length === 0) return new Map();
    const rows = await this.experts.conflictsFor(tenantId, itemIds, expertIds);
    return new Map(rows.map((r) => [pairKey(r.applicationId, r.expertId), r.conflicts.map((c) => ({ zh: c.reasonZh, en: c.reasonEn }))]));
  }

  /** Affinity of the items against the whole pool (publications read for every pool expert). */
  async affinity(tenantId: string, subjects: Iterable<ReviewSubject>, pool: ReadonlyMap<string, PoolExpert>): Promise<RoundAffinity> {
    const facts = await this.experts.facts(tenantId, [...pool.keys()]);
    const pubs = new Map(facts.map((f) => [f.id, f.publications]));
    return roundAffinity(
      [...subjects].map((s) => ({ applicationId: s.applicationId, title: s.title, summary: s.summary, keywords: s.keywords })),
      [...pool.values()].map((e) => ({ id: e.id, keywords: e.keywords, fields: e.fields, biography: e.biography, publications: pubs.get(e.id) ?? [] })),
    );
  }

  /** The panel as the assignment rules see it: effective max load, organisation, availability. */
  panelFacts(panel: readonly ReviewPanelRow[], pool: ReadonlyMap<string, PoolExpert>): Map<string, PanelFacts> {
    return new Map(
      panel.map((p) => {
        const e = pool.get(p.expertId);
        return [p.expertId, { maxLoad: p.maxLoad ?? e?.maxLoad ?? 0, organization: e?.organizationKey ?? null, available: e?.available ?? false }];
      }),
    );
  }

  /** Existing items by application id, for checks on ids a caller sends. */
  async itemIn(roundId: string, itemIds: string[], db: Db = this.db): Promise<ReviewItemRow[]> {
    if (itemIds.length === 0) return [];
    return db.select().from(reviewItems).where(and(eq(reviewItems.roundId, roundId), inArray(reviewItems.itemId, itemIds)));
  }
}
