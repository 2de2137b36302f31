// Every table of every module, for drizzle-kit and the typed database handle.
export * from '../platform/auth/auth.tables.ts';
export * from '../platform/audit/audit.tables.ts';
export * from '../platform/jobs/jobs.tables.ts';
export * from '../platform/files/files.tables.ts';
export * from '../platform/mail/mail.tables.ts';
export * from '../platform/calendar/calendar.tables.ts';
export * from '../modules/registry/registry.tables.ts';
export * from '../modules/registry/import/import.tables.ts';
export * from '../modules/indicators/indicators.tables.ts';
export * from '../platform/notify/notify.tables.ts';
export * from '../modules/challenges/challenges.tables.ts';
export * from '../modules/contracts/contracts.tables.ts';
export * from '../modules/experts/experts.tables.ts';
export * from '../modules/review/review.tables.ts';
export * from '../modules/projects/projects.tables.ts';
export * from '../modules/races/races.tables.ts';
