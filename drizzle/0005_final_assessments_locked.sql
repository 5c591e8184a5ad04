-- A final assessment is what committees cite: its answers, evidence and its
-- own row never change again. The server refuses with a clear message; these
-- triggers make sure no other path can either. "Amend" starts a new draft.
CREATE TRIGGER `assessments_final_frozen` BEFORE UPDATE ON `assessments`
WHEN OLD.state = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `assessments_final_kept` BEFORE DELETE ON `assessments`
WHEN OLD.state = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `answers_final_insert` BEFORE INSERT ON `answers`
WHEN (SELECT state FROM assessments WHERE id = NEW.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `answers_final_update` BEFORE UPDATE ON `answers`
WHEN (SELECT state FROM assessments WHERE id = OLD.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `answers_final_delete` BEFORE DELETE ON `answers`
WHEN (SELECT state FROM assessments WHERE id = OLD.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_final_insert` BEFORE INSERT ON `evidence`
WHEN (SELECT state FROM assessments WHERE id = NEW.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_final_delete` BEFORE DELETE ON `evidence`
WHEN (SELECT state FROM assessments WHERE id = OLD.assessment_id) = 'final'
BEGIN
	SELECT RAISE(ABORT, 'a final assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE ON `evidence`
BEGIN
	SELECT RAISE(ABORT, 'evidence is added or removed, never edited');
END;
