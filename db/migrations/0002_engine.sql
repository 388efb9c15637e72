CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'rolling_back', 'rolled_back');--> statement-breakpoint
CREATE TYPE "public"."step_status" AS ENUM('pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled', 'compensating', 'compensated');--> statement-breakpoint
CREATE TYPE "public"."resource_status" AS ENUM('creating', 'ready', 'updating', 'deleting', 'deleted', 'failed', 'lost');--> statement-breakpoint
CREATE TABLE "run_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"step_id" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"status" "step_status" DEFAULT 'pending' NOT NULL,
	"idempotency_key" text NOT NULL,
	"output" jsonb,
	"error" text,
	"logs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"not_before" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"inputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"trigger" text DEFAULT 'manual' NOT NULL,
	"actor_id" uuid,
	"parent_run_id" uuid,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"defaults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"encrypted_secret" text,
	"key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"account_id" uuid,
	"type" text NOT NULL,
	"region" text NOT NULL,
	"name" text NOT NULL,
	"external_id" text NOT NULL,
	"spec" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "resource_status" DEFAULT 'creating' NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cost_per_hour" numeric(12, 4) DEFAULT '0' NOT NULL,
	"created_by_run_id" uuid,
	"created_by_step_id" text,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_objects" (
	"provider" text NOT NULL,
	"external_id" text NOT NULL,
	"type" text NOT NULL,
	"region" text NOT NULL,
	"name" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_version_id_workflow_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."workflow_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_created_by_run_id_runs_id_fk" FOREIGN KEY ("created_by_run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "run_events_run_seq_key" ON "run_events" USING btree ("run_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "run_steps_run_step_attempt_key" ON "run_steps" USING btree ("run_id","step_id","attempt");--> statement-breakpoint
CREATE INDEX "run_steps_run_idx" ON "run_steps" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "runs_workflow_idx" ON "runs" USING btree ("workflow_id","created_at");--> statement-breakpoint
CREATE INDEX "runs_version_idx" ON "runs" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "runs_actor_idx" ON "runs" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_accounts_name_key" ON "provider_accounts" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "resources_idempotency_key" ON "resources" USING btree ("provider","idempotency_key");--> statement-breakpoint
CREATE INDEX "resources_run_idx" ON "resources" USING btree ("created_by_run_id");--> statement-breakpoint
CREATE INDEX "resources_account_idx" ON "resources" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "resources_status_idx" ON "resources" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "sim_objects_pk" ON "sim_objects" USING btree ("provider","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sim_objects_idempotency_key" ON "sim_objects" USING btree ("provider","idempotency_key");--> statement-breakpoint
CREATE INDEX "sim_objects_type_idx" ON "sim_objects" USING btree ("provider","type");