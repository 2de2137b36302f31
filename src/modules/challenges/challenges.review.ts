import { AppError } from '../../platform/http/errors.ts';
import type { ReviewSubjectProvider } from '../review/index.ts';
import type { ChallengeService } from './challenges.service.ts';

/** Review subject 'challenge': the accepted applications of a challenge in its review stage; adoption writes their committee scores. */
export function challengeReviewProvider(svc: ChallengeService): ReviewSubjectProvider {
  return {
    async header(tenantId, subjectId) {
      const c = await svc.getChallenge(tenantId, subjectId);
      const challenge = { id: c.id, code: c.code, title: c.title, status: c.status };
      return { type: 'challenge', ...challenge, challenge, raceId: null };
    },
    async roundItems(tenantId, subjectId) {
      const c = await svc.getChallenge(tenantId, subjectId);
      if (c.status !== 'review') throw new AppError('INVALID_STATE', `a review round is created for a challenge in its review stage (this one is ${c.status})`);
      const subjects = await svc.reviewSubjects(tenantId, { challengeId: c.id });
      if (subjects.length === 0) throw new AppError('INVALID_STATE', 'the challenge has no accepted application to review');
      return subjects;
    },
    items: (tenantId, subjectId, itemIds, db) => svc.reviewSubjects(tenantId, { challengeId: subjectId, applicationIds: itemIds }, db),
    adopt: (tx, ctx, subjectId, scores, source) => svc.adoptReviewScores(tx, ctx, subjectId, scores, source),
  };
}
