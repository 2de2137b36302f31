// The registry's public face: other modules use its service and types, never its tables.
export { bulkLoadRegistry, type BulkLoad } from './registry.service.ts';
export { RegistryService, type OrganizationRow, type ZoneRow, type OrganizationInput, type QualificationInput, type FiguresInput, type PersonInput } from './registry.service.ts';
export { ORGANIZATION_TYPES, PRIORITY_FIELDS, QUALIFICATION_KINDS, type OrganizationType, type PriorityField, type QualificationKind } from './registry.tables.ts';
export { isIsoDate, isOrcid, qualificationStatus, shanghaiDate } from './registry.rules.ts';
export { registryImportJobHandlers, registryImportsOf, RegistryImportService, IMPORT_CHECK_JOB } from './import/index.ts';
export { ORG_TYPE_LABELS, ORG_TYPE_LABELS_EN, QUALIFICATION_KIND_LABELS, QUALIFICATION_KIND_LABELS_EN } from './import/labels.ts';
/**
 * The organisations table, for foreign keys and for joining an organisation's name into another
 * module's lists. Everything else about organisations goes through RegistryService.
 */
export { organizations as organizationsTable } from './registry.tables.ts';
