// No imports: pure helpers that unit tests load without the API client (see test/e2e/projects-units.test.ts).
export const STATUSES = ['red', 'amber', 'green', 'done'] as const;
export type Status = (typeof STATUSES)[number];

/** The status colours of the traffic light, shared by tags, bars and charts. */
export const STATUS_COLORS: Record<Status, string> = { red: '#cf1322', amber: '#d48806', green: '#389e0d', done: '#1677ff' };
export const STATUS_TAG: Record<Status, string> = { red: 'red', amber: 'gold', green: 'green', done: 'blue' };
