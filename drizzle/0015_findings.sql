CREATE TABLE `conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`platform_id` integer NOT NULL,
	`text` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text NOT NULL,
	`closed_how` text,
	`closed_by` integer,
	`closed_at` integer,
	`closing_note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conditions_status_check" CHECK("conditions"."status" in ('open', 'closed')),
	CONSTRAINT "conditions_closed_how_check" CHECK("conditions"."closed_how" is null or "conditions"."closed_how" in ('findings_closed', 'signed_off'))
);
--> statement-breakpoint
CREATE INDEX `conditions_platform_idx` ON `conditions` (`platform_id`,`status`);--> statement-breakpoint
CREATE INDEX `conditions_review_idx` ON `conditions` (`review_id`);--> statement-breakpoint
CREATE INDEX `conditions_due_idx` ON `conditions` (`status`,`due_on`);--> statement-breakpoint
CREATE TABLE `condition_findings` (
	`condition_id` integer NOT NULL,
	`finding_id` integer NOT NULL,
	PRIMARY KEY(`condition_id`, `finding_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_findings_finding_idx` ON `condition_findings` (`finding_id`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform_id` integer NOT NULL,
	`assessment_id` integer,
	`title` text NOT NULL,
	`detail` text,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`origin` text NOT NULL,
	`owner_name` text,
	`owner_email` text,
	`internal_owner_id` integer,
	`due_on` text,
	`dismissed_reason` text,
	`merged_into_id` integer,
	`accepted_by` integer,
	`accepted_at` integer,
	`acceptance_rationale` text,
	`acceptance_expires_on` text,
	`acceptance_review_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`internal_owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merged_into_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acceptance_review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "findings_severity_check" CHECK("findings"."severity" in ('critical', 'high', 'medium', 'low')),
	CONSTRAINT "findings_status_check" CHECK("findings"."status" in ('proposed', 'open', 'sent', 'remediated', 'verified', 'accepted', 'dismissed')),
	CONSTRAINT "findings_origin_check" CHECK("findings"."origin" in ('proposed', 'manual'))
);
--> statement-breakpoint
CREATE INDEX `findings_platform_idx` ON `findings` (`platform_id`,`status`);--> statement-breakpoint
CREATE INDEX `findings_assessment_idx` ON `findings` (`assessment_id`);--> statement-breakpoint
CREATE INDEX `findings_due_idx` ON `findings` (`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `findings_internal_owner_idx` ON `findings` (`internal_owner_id`,`status`);--> statement-breakpoint
CREATE TABLE `finding_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`finding_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`remediation_request_id` integer,
	`from_status` text,
	`to_status` text,
	`note` text,
	`details` text,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`remediation_request_id`) REFERENCES `remediation_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finding_events_finding_idx` ON `finding_events` (`finding_id`,`at`);--> statement-breakpoint
CREATE TABLE `finding_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`finding_id` integer NOT NULL,
	`request_id` integer,
	`kind` text NOT NULL,
	`url` text,
	`label` text,
	`sha256` text,
	`filename` text,
	`media_type` text,
	`size` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `remediation_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finding_evidence_finding_idx` ON `finding_evidence` (`finding_id`);--> statement-breakpoint
CREATE INDEX `finding_evidence_sha_idx` ON `finding_evidence` (`sha256`);--> statement-breakpoint
CREATE TABLE `finding_questions` (
	`finding_id` integer NOT NULL,
	`question_id` text NOT NULL,
	PRIMARY KEY(`finding_id`, `question_id`),
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finding_questions_question_idx` ON `finding_questions` (`question_id`);--> statement-breakpoint
CREATE TABLE `finding_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`finding_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`plan` text NOT NULL,
	`target_on` text,
	`done_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `remediation_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `finding_responses_unique` ON `finding_responses` (`finding_id`,`request_id`);--> statement-breakpoint
CREATE TABLE `remediation_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`respondent_name` text NOT NULL,
	`respondent_email` text NOT NULL,
	`message` text,
	`expires_at` integer NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`opened_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `remediation_requests_token_hash_unique` ON `remediation_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `remediation_requests_platform_idx` ON `remediation_requests` (`platform_id`);--> statement-breakpoint
CREATE TABLE `remediation_request_findings` (
	`request_id` integer NOT NULL,
	`finding_id` integer NOT NULL,
	PRIMARY KEY(`request_id`, `finding_id`),
	FOREIGN KEY (`request_id`) REFERENCES `remediation_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `remediation_request_findings_finding_idx` ON `remediation_request_findings` (`finding_id`);--> statement-breakpoint
CREATE TABLE `remediation_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `remediation_requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `remediation_sessions_request_idx` ON `remediation_sessions` (`request_id`);--> statement-breakpoint
-- A finding's history is what an auditor reads to see who decided what and when: appended, never rewritten.
CREATE TRIGGER `finding_events_no_update` BEFORE UPDATE ON `finding_events`
BEGIN
	SELECT RAISE(ABORT, 'a finding''s history is never changed');
END;
--> statement-breakpoint
CREATE TRIGGER `finding_events_no_delete` BEFORE DELETE ON `finding_events`
BEGIN
	SELECT RAISE(ABORT, 'a finding''s history is never changed');
END;
