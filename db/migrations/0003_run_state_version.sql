ALTER TABLE "runs" ADD COLUMN "event_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
UPDATE "runs" SET "event_seq" = coalesce((SELECT max("seq") FROM "run_events" e WHERE e."run_id" = "runs"."id"), 0);--> statement-breakpoint
UPDATE "runs" SET "cancel_requested_at" = (SELECT min("at") FROM "run_events" e WHERE e."run_id" = "runs"."id" AND e."type" = 'run.cancel_requested');
