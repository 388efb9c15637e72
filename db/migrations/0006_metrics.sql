CREATE TABLE "metric_rollups" (
	"series" text NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	CONSTRAINT "metric_rollups_pk" PRIMARY KEY("series","minute")
);
--> statement-breakpoint
CREATE TABLE "metric_sampler_state" (
	"id" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"retention_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"series" text NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "metric_samples_pk" PRIMARY KEY("series","at")
);
--> statement-breakpoint
CREATE INDEX "metric_rollups_name_minute_idx" ON "metric_rollups" USING btree ("name","minute");--> statement-breakpoint
CREATE INDEX "metric_rollups_minute_idx" ON "metric_rollups" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "metric_samples_name_at_idx" ON "metric_samples" USING btree ("name","at");--> statement-breakpoint
CREATE INDEX "metric_samples_at_idx" ON "metric_samples" USING btree ("at");