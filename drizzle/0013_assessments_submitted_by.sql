-- Who submitted an assessment for review, so "My work" can show an analyst
-- what waits for a second analyst to finalise (and four eyes can later
-- refuse the same person finalising). Null for a platform's respondent.
ALTER TABLE `assessments` ADD `submitted_by` integer REFERENCES users(id);--> statement-breakpoint
-- Assessments in review now: the submitter is the latest assessment.submit
-- in the audit trail. Final ones are locked (0005) and keep it empty.
UPDATE `assessments` SET `submitted_by` = (
	SELECT `actor_id` FROM `audit_events`
	WHERE `action` = 'assessment.submit' AND `entity_type` = 'assessment' AND `entity_id` = CAST(`assessments`.`id` AS TEXT)
	ORDER BY `seq` DESC LIMIT 1
)
WHERE `state` = 'in_review';
