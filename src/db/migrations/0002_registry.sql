CREATE TABLE "annual_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"revenue_fen" bigint,
	"rd_expenditure_fen" bigint,
	"employees" integer,
	"rd_staff" integer,
	"patents_applied" integer,
	"patents_granted" integer,
	"tax_paid_fen" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_figures_non_negative_ck" CHECK (coalesce("annual_figures"."revenue_fen", 0) >= 0 and coalesce("annual_figures"."rd_expenditure_fen", 0) >= 0 and coalesce("annual_figures"."employees", 0) >= 0 and coalesce("annual_figures"."rd_staff", 0) >= 0 and coalesce("annual_figures"."patents_applied", 0) >= 0 and coalesce("annual_figures"."patents_granted", 0) >= 0 and coalesce("annual_figures"."tax_paid_fen", 0) >= 0),
	CONSTRAINT "annual_figures_year_ck" CHECK ("annual_figures"."year" between 1949 and 2200)
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"organization_id" uuid,
	"name_zh" text NOT NULL,
	"name_en" text,
	"title" text,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"orcid" text,
	"bio" text,
	"search_vector" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"certificate_no" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"exchange" text,
	"ticker" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qualifications_validity_ck" CHECK ("qualifications"."valid_to" is null or "qualifications"."valid_to" >= "qualifications"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"parent_id" uuid,
	"level" text NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "organizations_tenant_name_idx";--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "short_name" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "zone_id" uuid;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "industry_code" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "priority_field" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "founded_on" date;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "ror_id" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "keywords" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "search_vector" "tsvector";--> statement-breakpoint
ALTER TABLE "annual_figures" ADD CONSTRAINT "annual_figures_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_figures" ADD CONSTRAINT "annual_figures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualifications" ADD CONSTRAINT "qualifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qualifications" ADD CONSTRAINT "qualifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_parent_id_zones_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annual_figures_org_year_uq" ON "annual_figures" USING btree ("organization_id","year");--> statement-breakpoint
CREATE INDEX "annual_figures_tenant_year_idx" ON "annual_figures" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE INDEX "people_tenant_org_idx" ON "people" USING btree ("tenant_id","organization_id");--> statement-breakpoint
CREATE INDEX "people_search_idx" ON "people" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "people_tenant_orcid_uq" ON "people" USING btree ("tenant_id","orcid");--> statement-breakpoint
CREATE UNIQUE INDEX "qualifications_org_kind_from_uq" ON "qualifications" USING btree ("organization_id","kind","valid_from");--> statement-breakpoint
CREATE INDEX "qualifications_tenant_kind_idx" ON "qualifications" USING btree ("tenant_id","kind","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "zones_tenant_code_uq" ON "zones" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "zones_parent_idx" ON "zones" USING btree ("parent_id");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organizations_tenant_zone_idx" ON "organizations" USING btree ("tenant_id","zone_id");--> statement-breakpoint
CREATE INDEX "organizations_tenant_type_idx" ON "organizations" USING btree ("tenant_id","type");--> statement-breakpoint
CREATE INDEX "organizations_search_idx" ON "organizations" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "organizations_tenant_name_idx" ON "organizations" USING btree ("tenant_id","name_zh","id");