// The registry's public face: other modules use its service and types, never its tables.
export { RegistryService, type OrganizationRow } from './registry.service.ts';
export { ORGANIZATION_TYPES, type OrganizationType } from './registry.tables.ts';
