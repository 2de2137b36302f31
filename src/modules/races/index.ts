// Horse race (赛马, issue #6 part 3). Public face of the module: other code imports only this file.
export { RaceService, type RaceRow, type RaceView } from './races.service.ts';
export { raceGateReviewProvider } from './races.review.ts';
export { raceRoutes } from './races.routes.ts';
export { FUNDS_RULES, OUTCOMES, type FundsRule, type Outcome } from './races.tables.ts';
