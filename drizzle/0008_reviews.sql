CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`mandate` text NOT NULL,
	`template_key` text NOT NULL,
	`profile_name` text,
	`weights` text NOT NULL,
	`status` text NOT NULL,
	`decision_rationale` text,
	`decided_by` integer,
	`decided_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reviews_status_check" CHECK("reviews"."status" in ('open', 'decided'))
);
--> statement-breakpoint
CREATE INDEX `reviews_created_by_idx` ON `reviews` (`created_by`);--> statement-breakpoint
CREATE TABLE `review_candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`position` integer NOT NULL,
	`platform_id` integer NOT NULL,
	`platform_name` text NOT NULL,
	`assessment_id` integer NOT NULL,
	`result_sha256` text NOT NULL,
	`result` text NOT NULL,
	`claimed_result` text,
	`template_version_id` integer NOT NULL,
	`finalized_at` integer NOT NULL,
	`decision` text,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`platform_id`) REFERENCES `platforms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_version_id`) REFERENCES `template_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_candidates_decision_check" CHECK("review_candidates"."decision" in ('approve', 'conditional', 'reject'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_candidates_platform_unique` ON `review_candidates` (`review_id`,`platform_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `review_candidates_assessment_unique` ON `review_candidates` (`review_id`,`assessment_id`);--> statement-breakpoint
CREATE TABLE `review_members` (
	`review_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`review_id`, `user_id`),
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_members_user_idx` ON `review_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `review_votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`rationale` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `review_candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_votes_outcome_check" CHECK("review_votes"."outcome" in ('approve', 'conditional', 'reject'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_votes_member_unique` ON `review_votes` (`review_id`,`candidate_id`,`user_id`);--> statement-breakpoint
-- A decided review is the committee's record: its decision, votes, members
-- and candidates never change again. The server refuses with a clear message;
-- these triggers make sure no other path can either. The decision is written
-- to the candidates first, then the review flips to 'decided'.
CREATE TRIGGER `reviews_decided_frozen` BEFORE UPDATE ON `reviews`
WHEN OLD.status = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `reviews_decided_kept` BEFORE DELETE ON `reviews`
WHEN OLD.status = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
-- What the committee was given to work with is fixed when the review opens.
CREATE TRIGGER `reviews_pinned` BEFORE UPDATE ON `reviews`
WHEN OLD.status = 'open' AND (
	NEW.template_key IS NOT OLD.template_key OR NEW.weights IS NOT OLD.weights OR NEW.profile_name IS NOT OLD.profile_name
	OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
)
BEGIN
	SELECT RAISE(ABORT, 'a review''s weights and chair are pinned when it opens');
END;
--> statement-breakpoint
CREATE TRIGGER `review_candidates_decided_insert` BEFORE INSERT ON `review_candidates`
WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_candidates_decided_update` BEFORE UPDATE ON `review_candidates`
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
-- A candidate is pinned to the figures the committee saw, even while the
-- review is open; only its decision is ever written after it is added.
CREATE TRIGGER `review_candidates_pinned` BEFORE UPDATE ON `review_candidates`
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) IS NOT 'decided' AND (
	NEW.review_id IS NOT OLD.review_id OR NEW.platform_id IS NOT OLD.platform_id OR NEW.platform_name IS NOT OLD.platform_name
	OR NEW.assessment_id IS NOT OLD.assessment_id OR NEW.result IS NOT OLD.result OR NEW.result_sha256 IS NOT OLD.result_sha256
	OR NEW.claimed_result IS NOT OLD.claimed_result OR NEW.template_version_id IS NOT OLD.template_version_id
	OR NEW.finalized_at IS NOT OLD.finalized_at
)
BEGIN
	SELECT RAISE(ABORT, 'a review candidate''s pinned assessment cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_candidates_kept` BEFORE DELETE ON `review_candidates`
BEGIN
	SELECT RAISE(ABORT, 'a review candidate cannot be removed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_members_decided_insert` BEFORE INSERT ON `review_members`
WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_members_decided_update` BEFORE UPDATE ON `review_members`
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_members_decided_delete` BEFORE DELETE ON `review_members`
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_votes_decided_insert` BEFORE INSERT ON `review_votes`
WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_votes_decided_update` BEFORE UPDATE ON `review_votes`
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_votes_decided_delete` BEFORE DELETE ON `review_votes`
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) = 'decided'
BEGIN
	SELECT RAISE(ABORT, 'a decided review cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `review_votes_own_candidate` BEFORE INSERT ON `review_votes`
WHEN (SELECT review_id FROM review_candidates WHERE id = NEW.candidate_id) IS NOT NEW.review_id
BEGIN
	SELECT RAISE(ABORT, 'a vote is on a candidate of its own review');
END;
--> statement-breakpoint
CREATE TRIGGER `review_votes_own_candidate_update` BEFORE UPDATE OF review_id, candidate_id ON `review_votes`
WHEN (SELECT review_id FROM review_candidates WHERE id = NEW.candidate_id) IS NOT NEW.review_id
BEGIN
	SELECT RAISE(ABORT, 'a vote is on a candidate of its own review');
END;
