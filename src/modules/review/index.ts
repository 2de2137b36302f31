// Expert review (issue #5). Public face of the module: other code imports only this file.
export * from './assignment/index.ts';
export * from './affinity/index.ts';
export * from './scoring/index.ts';
export { ReviewSheetService } from './sheets/sheets.service.ts';
export { reviewSheetRoutes } from './sheets/sheets.routes.ts';
export { REVIEW_REMINDERS_KIND, reviewReminderHandler, scheduleReviewReminders } from './sheets/sheets.jobs.ts';
export { ReviewService, type RoundInput, type RoundPatch, type RoundView, type PanelMember } from './review.service.ts';
export { ReviewAssignmentService, type AssignmentsView, type SwapInput } from './review.assignment.service.ts';
export { ReviewDrawService, type DrawInput, type DrawVerification, type DrawView } from './review.draws.ts';
export { ReviewReader, type PoolExpert } from './review.reader.ts';
export { reviewRoundRoutes } from './review.routes.ts';
export { ReviewSubjects, type ReviewSubject, type ReviewSubjectProvider, type SubjectHeader } from './review.subjects.ts';
export { reviewRounds as reviewRoundsTable } from './review.tables.ts';
