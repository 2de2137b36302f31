CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"zone_id" uuid,
	"year" integer NOT NULL,
	"value" numeric(24, 4),
	"amount_fen" bigint,
	"origin" text NOT NULL,
	"contributors" integer,
	"inputs" jsonb,
	"computed_at" timestamp with time zone,
	"source" text,
	"note" text,
	"entered_by" uuid,
	"entered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_values_indicator_zone_year_uq" UNIQUE NULLS NOT DISTINCT("indicator_id","zone_id","year"),
	CONSTRAINT "indicator_values_year_ck" CHECK ("indicator_values"."year" between 1949 and 2200),
	CONSTRAINT "indicator_values_origin_ck" CHECK (("indicator_values"."origin" = 'computed' and "indicator_values"."computed_at" is not null) or ("indicator_values"."origin" = 'official' and "indicator_values"."source" is not null and "indicator_values"."entered_at" is not null and "indicator_values"."value" is not null))
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"unit_en" text NOT NULL,
	"value_type" text NOT NULL,
	"scale" integer NOT NULL,
	"frequency" text DEFAULT 'annual' NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"formula_zh" text NOT NULL,
	"formula_en" text NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"is_headline" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicators_scale_ck" CHECK ("indicators"."scale" between 0 and 4)
);
--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_values_tenant_year_idx" ON "indicator_values" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_tenant_code_uq" ON "indicators" USING btree ("tenant_id","code");