CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"holidays" date[] NOT NULL,
	"workdays" date[] NOT NULL,
	"source" text NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "calendar_years_year" CHECK ("calendar_years"."year" between 2000 and 2100)
);
