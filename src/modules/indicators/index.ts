// The indicators module's public face: its service, its job and the seeding entry point.
export { IndicatorService, type Audience, type IndicatorRow, type PresentedValue, type OfficialValueInput } from './indicators.service.ts';
export { ensureStandardIndicators } from './indicators.recompute.ts';
export { scheduleRecompute, recomputeHandler, RECOMPUTE_KIND } from './indicators.jobs.ts';
export { STANDARD_INDICATORS } from './indicators.catalog.ts';
