// The registry's public face: other modules use its service and types, never its tables.
export { bulkLoadRegistry, type BulkLoad } from './registry.service.ts';
export { RegistryService, type OrganizationRow, type ZoneRow, type OrganizationInput, type QualificationInput, type FiguresInput, type PersonInput } from './registry.service.ts';
export { ORGANIZATION_TYPES, PRIORITY_FIELDS, QUALIFICATION_KINDS, type OrganizationType, type PriorityField, type QualificationKind } from './registry.tables.ts';
export { qualificationStatus, shanghaiDate } from './registry.rules.ts';
export { registryImportJobHandlers, registryImportsOf, RegistryImportService, IMPORT_CHECK_JOB } from './import/index.ts';
