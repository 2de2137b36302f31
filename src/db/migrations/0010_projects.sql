CREATE TABLE "project_baselines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"items" jsonb NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"responsible_org_id" uuid,
	"responsible_unit" text NOT NULL,
	"responsible_person" text NOT NULL,
	"contact_phone" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"budget_fen" bigint,
	"description" text DEFAULT '' NOT NULL,
	"computed_status" text NOT NULL,
	"override_status" text,
	"override_reason" text,
	"override_by" uuid,
	"override_by_label" text,
	"override_at" timestamp with time zone,
	"status" text NOT NULL,
	"overdue_days" integer DEFAULT 0 NOT NULL,
	"next_due_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_items_dates" CHECK ("project_items"."end_date" >= "project_items"."start_date"),
	CONSTRAINT "project_items_override_reason" CHECK ("project_items"."override_status" is null or length(trim("project_items"."override_reason")) > 0),
	CONSTRAINT "project_items_budget" CHECK ("project_items"."budget_fen" is null or "project_items"."budget_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "project_kpis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"start_value" double precision DEFAULT 0 NOT NULL,
	"target" double precision NOT NULL,
	"actual" double precision,
	"due_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"owner_office" text DEFAULT '' NOT NULL,
	"year" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"public_slug" text,
	"published_at" timestamp with time zone,
	"status_as_of" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_lists_year" CHECK ("project_lists"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "project_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"planned_date" date NOT NULL,
	"actual_date" date
);
--> statement-breakpoint
CREATE TABLE "project_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "project_status_history_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"source" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"computed_status" text NOT NULL,
	"reason" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_status_history_reason" CHECK ("project_status_history"."source" <> 'override' or length(trim("project_status_history"."reason")) > 0)
);
--> statement-breakpoint
ALTER TABLE "project_baselines" ADD CONSTRAINT "project_baselines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_baselines" ADD CONSTRAINT "project_baselines_list_id_project_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."project_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_baselines" ADD CONSTRAINT "project_baselines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_items" ADD CONSTRAINT "project_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_items" ADD CONSTRAINT "project_items_list_id_project_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."project_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_items" ADD CONSTRAINT "project_items_responsible_org_id_organizations_id_fk" FOREIGN KEY ("responsible_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_items" ADD CONSTRAINT "project_items_override_by_users_id_fk" FOREIGN KEY ("override_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_kpis" ADD CONSTRAINT "project_kpis_item_id_project_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."project_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_lists" ADD CONSTRAINT "project_lists_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_item_id_project_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."project_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_history" ADD CONSTRAINT "project_status_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_history" ADD CONSTRAINT "project_status_history_item_id_project_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."project_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_history" ADD CONSTRAINT "project_status_history_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "project_baselines_name_uq" ON "project_baselines" USING btree ("list_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "project_items_code_uq" ON "project_items" USING btree ("list_id","code");--> statement-breakpoint
CREATE INDEX "project_items_list_status_idx" ON "project_items" USING btree ("tenant_id","list_id","status");--> statement-breakpoint
CREATE INDEX "project_kpis_item_idx" ON "project_kpis" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_kpis_name_uq" ON "project_kpis" USING btree ("item_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "project_lists_slug_uq" ON "project_lists" USING btree ("tenant_id","public_slug") WHERE public_slug is not null;--> statement-breakpoint
CREATE INDEX "project_lists_tenant_year_idx" ON "project_lists" USING btree ("tenant_id","year");--> statement-breakpoint
CREATE INDEX "project_milestones_item_idx" ON "project_milestones" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_milestones_name_uq" ON "project_milestones" USING btree ("item_id","name");--> statement-breakpoint
CREATE INDEX "project_status_history_item_idx" ON "project_status_history" USING btree ("item_id","seq");