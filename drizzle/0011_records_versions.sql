-- Platforms and weight profiles count their saves: an edit carries the version
-- its form started from, and a stale one is refused instead of silently
-- replacing a change its author never saw. Existing rows start at 1.
-- `updated_by` says who saved last, to show beside a refused save; rows last
-- saved before this migration leave it empty.
ALTER TABLE `platforms` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `platforms` ADD `updated_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `template_versions` ADD `updated_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `weight_profiles` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `weight_profiles` ADD `updated_by` integer REFERENCES users(id);--> statement-breakpoint
-- A final assessment has at most one open amendment (a draft or in review).
-- Before this index, two could be started at once. Where a database holds
-- such a pair, the oldest stays the amendment and each newer one becomes a
-- plain draft of the same platform: every answer and piece of evidence is
-- kept, and the audit trail's assessment.amend event still says what it was
-- started from. Without this, the index below could not be created.
UPDATE `assessments` SET `amends_id` = NULL
WHERE `amends_id` IS NOT NULL AND `state` IN ('draft', 'in_review')
	AND EXISTS (
		SELECT 1 FROM `assessments` AS `older`
		WHERE `older`.`amends_id` = `assessments`.`amends_id` AND `older`.`state` IN ('draft', 'in_review') AND `older`.`id` < `assessments`.`id`
	);--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_open_amendment_unique` ON `assessments` (`amends_id`) WHERE "assessments"."amends_id" IS NOT NULL AND "assessments"."state" IN ('draft', 'in_review');
