import { AppError } from '../../platform/http/errors.ts';
import type { ReviewSubjectProvider } from '../review/index.ts';
import type { RaceService } from './races.service.ts';

/**
 * Review subject 'race_gate': the racing teams at a gate whose evidence is closed. Experts read the
 * contract title, the gate's targets and the team's gate evidence (not the original application);
 * adoption stores each team's score and rank on the gate's decisions.
 */
export function raceGateReviewProvider(svc: RaceService): ReviewSubjectProvider {
  return {
    async header(tenantId, gateId) {
      const { gate, race, challenge } = await svc.gateHeader(tenantId, gateId);
      return { type: 'race_gate', id: gate.id, code: `${race.code}-G${gate.seq}`, title: `${race.title} · 第 ${gate.seq} 关 ${gate.title}`, status: gate.status, challenge, raceId: race.id };
    },
    async roundItems(tenantId, gateId) {
      const { gate, race } = await svc.gateRow(tenantId, gateId);
      if (race.status !== 'running' || gate.status !== 'review') throw new AppError('INVALID_STATE', `a review round for a race gate is created once its evidence is closed (this gate is ${gate.status})`);
      const items = await svc.gateSubjects(tenantId, gateId, null);
      if (items.length === 0) throw new AppError('INVALID_STATE', 'no team is racing at this gate');
      return items;
    },
    items: (tenantId, gateId, itemIds, db) => svc.gateSubjects(tenantId, gateId, itemIds, db),
    adopt: (tx, ctx, gateId, scores, source) => svc.adoptGateScores(tx, ctx, gateId, scores, source.roundId),
  };
}
