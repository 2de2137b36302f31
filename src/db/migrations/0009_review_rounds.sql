CREATE TABLE "review_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"affinity" double precision DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"seed" text NOT NULL,
	"algorithm" text NOT NULL,
	"params" jsonb NOT NULL,
	"candidates" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_panel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"max_load" integer,
	"source" text DEFAULT 'manual' NOT NULL,
	"draw_id" uuid,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_panel_max_load" CHECK ("review_panel"."max_load" is null or "review_panel"."max_load" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "review_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"blind" text DEFAULT 'double' NOT NULL,
	"criteria" jsonb NOT NULL,
	"comment_required" boolean DEFAULT true NOT NULL,
	"experts_per_item" integer DEFAULT 3 NOT NULL,
	"min_load" integer DEFAULT 0 NOT NULL,
	"one_per_organization" boolean DEFAULT true NOT NULL,
	"rank_by" text DEFAULT 'trimmed' NOT NULL,
	"disagreement_centi" integer DEFAULT 2000 NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"last_run" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"adopted_at" timestamp with time zone,
	"adopted_by" uuid,
	CONSTRAINT "review_rounds_k" CHECK ("review_rounds"."experts_per_item" between 1 and 50),
	CONSTRAINT "review_rounds_min_load" CHECK ("review_rounds"."min_load" between 0 and 1000),
	CONSTRAINT "review_rounds_disagreement" CHECK ("review_rounds"."disagreement_centi" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "review_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"comments" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"overall_comment" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"total_centi" integer,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"returned_reason" text,
	CONSTRAINT "review_sheets_total" CHECK ("review_sheets"."total_centi" is null or "review_sheets"."total_centi" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_draws" ADD CONSTRAINT "review_draws_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_draws" ADD CONSTRAINT "review_draws_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_draws" ADD CONSTRAINT "review_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel" ADD CONSTRAINT "review_panel_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel" ADD CONSTRAINT "review_panel_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel" ADD CONSTRAINT "review_panel_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rounds" ADD CONSTRAINT "review_rounds_adopted_by_users_id_fk" FOREIGN KEY ("adopted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_sheets" ADD CONSTRAINT "review_sheets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_sheets" ADD CONSTRAINT "review_sheets_round_id_review_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."review_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_sheets" ADD CONSTRAINT "review_sheets_assignment_id_review_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."review_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "review_assignments_uq" ON "review_assignments" USING btree ("round_id","item_id","expert_id");--> statement-breakpoint
CREATE INDEX "review_assignments_expert_idx" ON "review_assignments" USING btree ("tenant_id","expert_id");--> statement-breakpoint
CREATE INDEX "review_draws_round_idx" ON "review_draws" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_items_uq" ON "review_items" USING btree ("round_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_panel_uq" ON "review_panel" USING btree ("round_id","expert_id");--> statement-breakpoint
CREATE INDEX "review_rounds_subject_idx" ON "review_rounds" USING btree ("tenant_id","subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_rounds_live_uq" ON "review_rounds" USING btree ("tenant_id","subject_type","subject_id") WHERE status in ('draft', 'open');--> statement-breakpoint
CREATE UNIQUE INDEX "review_sheets_assignment_uq" ON "review_sheets" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "review_sheets_round_idx" ON "review_sheets" USING btree ("round_id");