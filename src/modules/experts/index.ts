// The experts module's public face (issue #5): the expert pool and conflicts of interest (回避).
export { ExpertService, type ConflictView, type ExpertInput, type ExpertView } from './experts.service.ts';
export { CONFLICT_KINDS, type ConflictKind } from './experts.tables.ts';
export { detectConflicts, normalizeName, type ApplicationFacts, type DetectedConflict, type ExpertFacts } from './experts.rules.ts';
export { expertRoutes } from './experts.routes.ts';
