CREATE TABLE `verifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`decision` text NOT NULL,
	`value` text,
	`na` integer DEFAULT false NOT NULL,
	`rationale` text,
	`comment` text,
	`claim_version` integer NOT NULL,
	`answered_at` integer,
	`decided_by` integer,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "verifications_decision_check" CHECK("verifications"."decision" in ('accepted', 'adjusted', 'clarification'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verifications_question_unique` ON `verifications` (`assessment_id`,`question_id`);--> statement-breakpoint
ALTER TABLE `assessment_results` ADD `claimed_score` real;--> statement-breakpoint
ALTER TABLE `assessment_results` ADD `claimed_result` text;--> statement-breakpoint
-- Verifications are part of what a final assessment froze, like its answers.
CREATE TRIGGER `verifications_final_insert` BEFORE INSERT ON `verifications`
WHEN (SELECT state FROM assessments WHERE id = NEW.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `verifications_final_update` BEFORE UPDATE ON `verifications`
WHEN (SELECT state FROM assessments WHERE id = OLD.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `verifications_final_delete` BEFORE DELETE ON `verifications`
WHEN (SELECT state FROM assessments WHERE id = OLD.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
