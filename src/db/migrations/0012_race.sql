CREATE TABLE "race_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"race_id" uuid NOT NULL,
	"gate_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"outcome" text,
	"reason" text,
	"conditions" text,
	"score_centi" integer,
	"rank" integer,
	"round_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"released_fen" bigint DEFAULT 0 NOT NULL,
	"cancelled_fen" bigint DEFAULT 0 NOT NULL,
	"reallocated_in_fen" bigint DEFAULT 0 NOT NULL,
	"reallocated_out_fen" bigint DEFAULT 0 NOT NULL,
	"ledger_entry_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "race_decisions_reason" CHECK ("race_decisions"."outcome" is distinct from 'eliminate' or length(trim(coalesce("race_decisions"."reason", ''))) > 0),
	CONSTRAINT "race_decisions_conditions" CHECK ("race_decisions"."outcome" is distinct from 'pass_with_conditions' or length(trim(coalesce("race_decisions"."conditions", ''))) > 0),
	CONSTRAINT "race_decisions_money" CHECK ("race_decisions"."released_fen" >= 0 and "race_decisions"."cancelled_fen" >= 0 and "race_decisions"."reallocated_in_fen" >= 0 and "race_decisions"."reallocated_out_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "race_gates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"race_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"targets" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence_closed_at" timestamp with time zone,
	"evidence_closed_by" uuid,
	"review_round_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "race_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"race_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"status" text DEFAULT 'racing' NOT NULL,
	"budget_fen" bigint NOT NULL,
	"eliminated_at_gate" integer,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "races" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"challenge_id" uuid NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"funds_rule" text NOT NULL,
	"outcome" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "races_outcome_when_finished" CHECK (("races"."status" = 'finished') = ("races"."outcome" is not null))
);
--> statement-breakpoint
ALTER TABLE "contract_milestones" ADD COLUMN "gate_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "race_decisions" ADD CONSTRAINT "race_decisions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_decisions" ADD CONSTRAINT "race_decisions_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_decisions" ADD CONSTRAINT "race_decisions_gate_id_race_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."race_gates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_decisions" ADD CONSTRAINT "race_decisions_team_id_race_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."race_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_decisions" ADD CONSTRAINT "race_decisions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_gates" ADD CONSTRAINT "race_gates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_gates" ADD CONSTRAINT "race_gates_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_gates" ADD CONSTRAINT "race_gates_evidence_closed_by_users_id_fk" FOREIGN KEY ("evidence_closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_gates" ADD CONSTRAINT "race_gates_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_teams" ADD CONSTRAINT "race_teams_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_teams" ADD CONSTRAINT "race_teams_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_teams" ADD CONSTRAINT "race_teams_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "race_teams" ADD CONSTRAINT "race_teams_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "races" ADD CONSTRAINT "races_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "races" ADD CONSTRAINT "races_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "race_decisions_uq" ON "race_decisions" USING btree ("gate_id","team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "race_gates_uq" ON "race_gates" USING btree ("race_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "race_teams_contract_uq" ON "race_teams" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "race_teams_race_idx" ON "race_teams" USING btree ("race_id");--> statement-breakpoint
CREATE INDEX "race_teams_org_idx" ON "race_teams" USING btree ("tenant_id","organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "races_code_uq" ON "races" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "races_challenge_idx" ON "races" USING btree ("tenant_id","challenge_id");