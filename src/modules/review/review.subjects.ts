// What a review round reviews, behind one interface: the challenges module provides 'challenge' (the accepted
// applications of a challenge in its review stage), the race module 'race_gate' (the racing teams at a gate,
// with their gate evidence). The review module knows only this registry, never the modules behind it.
import type { Db } from '../../platform/db/client.ts';
import type { CommandContext } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { ReviewSubject } from '../challenges/index.ts';
import type { SubjectType } from './review.tables.ts';

export type { ReviewSubject };

/** The subject a round belongs to, as round lists and pages show it. */
export interface SubjectHeader {
  type: SubjectType;
  id: string;
  code: string;
  title: string;
  status: string;
  /** The challenge behind the subject (for a race gate: the race's challenge). */
  challenge: { id: string; code: string; title: string; status: string };
  raceId: string | null;
}

export interface ReviewSubjectProvider {
  /** The subject's header; NOT_FOUND when the tenant has no such subject. */
  header(tenantId: string, subjectId: string, db?: Db): Promise<SubjectHeader>;
  /**
   * The items of a new round, in order; INVALID_STATE when the subject cannot be reviewed now. Each item's
   * `applicationId` is the round's item id (conflicts of interest are read against it).
   */
  roundItems(tenantId: string, subjectId: string): Promise<ReviewSubject[]>;
  /** What experts and affinity read of the given items of this subject. */
  items(tenantId: string, subjectId: string, itemIds: string[], db?: Db): Promise<ReviewSubject[]>;
  /** Stores the adopted scores on the subject, inside the adoption's transaction. */
  adopt(tx: Db, ctx: CommandContext, subjectId: string, scores: readonly { applicationId: string; scoreCenti: number | null }[], source: { roundId: string; comment: string }): Promise<void>;
}

/** The providers by subject type; wired once per process (services.ts). */
export class ReviewSubjects {
  private readonly providers = new Map<SubjectType, ReviewSubjectProvider>();

  register(type: SubjectType, provider: ReviewSubjectProvider): void {
    this.providers.set(type, provider);
  }

  provider(type: SubjectType): ReviewSubjectProvider {
    const p = this.providers.get(type);
    if (!p) throw new AppError('VALIDATION_FAILED', `no review subject of type ${type}`, [{ path: 'subjectType', message: `${type} cannot be reviewed`, zh: `不支持评审此类对象：${type}` }]);
    return p;
  }

  header(tenantId: string, round: { subjectType: SubjectType; subjectId: string }, db?: Db): Promise<SubjectHeader> {
    return this.provider(round.subjectType).header(tenantId, round.subjectId, db);
  }

  /** The contents of the round's items, by item id (items the provider no longer knows are left out). */
  async contents(tenantId: string, round: { subjectType: SubjectType; subjectId: string }, itemIds: string[], db?: Db): Promise<Map<string, ReviewSubject>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.provider(round.subjectType).items(tenantId, round.subjectId, itemIds, db);
    return new Map(rows.map((s) => [s.applicationId, s]));
  }
}
