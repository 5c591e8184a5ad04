CREATE TABLE `evidence_waivers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`reason` text NOT NULL,
	`waived_by` integer,
	`waived_at` integer NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`waived_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_waivers_question_unique` ON `evidence_waivers` (`assessment_id`,`question_id`);--> statement-breakpoint
-- Like answers and evidence (0005): a final assessment's waivers are what its report cites, so they never change again.
CREATE TRIGGER `evidence_waivers_final_insert` BEFORE INSERT ON `evidence_waivers`
WHEN (SELECT state FROM assessments WHERE id = NEW.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_waivers_final_delete` BEFORE DELETE ON `evidence_waivers`
WHEN (SELECT state FROM assessments WHERE id = OLD.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_waivers_no_update` BEFORE UPDATE ON `evidence_waivers`
BEGIN
	SELECT RAISE(ABORT, 'a waiver is given or withdrawn, never edited');
END;
