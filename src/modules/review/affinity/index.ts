// Text affinity between applications and experts (issue #5): a pure computation, no database. docs/review-affinity.md
export { computeAffinity, AffinityMatrix, type AffinityStats } from './affinity.ts';
export { referenceAffinity } from './reference.ts';
export {
  AFFINITY_DEFAULTS,
  AffinityInputError,
  APPLICATION_SOURCES,
  EXPERT_SOURCES,
  type AffinityDocument,
  type AffinityNormalisation,
  type AffinityOptions,
  type AffinityTerm,
  type ApplicationSource,
  type ExpertProfileText,
  type ExpertSource,
} from './types.ts';
