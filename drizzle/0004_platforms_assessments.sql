CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`value` text,
	`na` integer DEFAULT false NOT NULL,
	`assurance` text DEFAULT 'claimed' NOT NULL,
	`note` text,
	`version` integer NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_question_unique` ON `answers` (`assessment_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform_id` integer NOT NULL,
	`template_version_id` integer NOT NULL,
	`origin` text DEFAULT 'analyst' NOT NULL,
	`state` text NOT NULL,
	`assessors` text DEFAULT '[]' NOT NULL,
	`due_date` text,
	`valid_until` text,
	`amends_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_at` integer,
	`finalized_at` integer,
	`finalized_by` integer,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_version_id`) REFERENCES `template_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`amends_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`finalized_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessments_state_check" CHECK("assessments"."state" in ('draft', 'in_review', 'final')),
	CONSTRAINT "assessments_origin_check" CHECK("assessments"."origin" in ('analyst', 'self'))
);
--> statement-breakpoint
CREATE INDEX `assessments_platform_idx` ON `assessments` (`platform_id`,`finalized_at`);--> statement-breakpoint
CREATE INDEX `assessments_state_idx` ON `assessments` (`state`);--> statement-breakpoint
CREATE TABLE `assessment_results` (
	`assessment_id` integer PRIMARY KEY NOT NULL,
	`template_sha256` text NOT NULL,
	`score` real,
	`assured_score` real,
	`answered_score` real,
	`coverage` real,
	`grade` text,
	`band_grade` text,
	`knockouts` integer NOT NULL,
	`result` text NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessment_results_grade_idx` ON `assessment_results` (`grade`);--> statement-breakpoint
CREATE INDEX `assessment_results_score_idx` ON `assessment_results` (`score`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`kind` text NOT NULL,
	`url` text,
	`label` text,
	`sha256` text,
	`filename` text,
	`media_type` text,
	`size` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_assessment_idx` ON `evidence` (`assessment_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `evidence_sha_idx` ON `evidence` (`sha256`);--> statement-breakpoint
CREATE TABLE `platforms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`jurisdictions` text DEFAULT '[]' NOT NULL,
	`website` text,
	`description` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "platforms_kind_check" CHECK("platforms"."kind" in ('exchange', 'custodian', 'defi', 'market_maker', 'wallet', 'other')),
	CONSTRAINT "platforms_status_check" CHECK("platforms"."status" in ('prospect', 'under_review', 'approved', 'rejected', 'monitoring'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platforms_name_unique` ON `platforms` (lower("name"));--> statement-breakpoint
CREATE INDEX `platforms_status_idx` ON `platforms` (`status`);