-- Registry at scale (a tenant with 1,000,000 organisations; docs/benchmarks.md, "Registry at scale").
-- Filtered lists and their counts by zone and type read this index alone (with the id for the
-- qualification semi-join) instead of visiting the table, once VACUUM has marked the pages all-visible.
CREATE INDEX IF NOT EXISTS "organizations_tenant_zone_type_idx" ON "organizations" USING btree ("tenant_id", "zone_id", "type") INCLUDE ("id");
--> statement-breakpoint
-- "Holds a current qualification of these kinds": the organisations come from the index alone.
CREATE INDEX IF NOT EXISTS "qualifications_tenant_kind_validity_idx" ON "qualifications" USING btree ("tenant_id", "kind", "valid_from", "valid_to") INCLUDE ("organization_id");
