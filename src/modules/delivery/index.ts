// The officers' delivery dashboard (issue #6 part 6): read-only figures over contracts and key-project lists.
export { DeliveryService, type DeliveryFilter } from './delivery.service.ts';
export { deliveryRoutes } from './delivery.routes.ts';
export { OVERDUE_KINDS, OVERDUE_SORTS, type OverdueKind, type OverdueRow, type OverdueSort } from './delivery.queries.ts';
