CREATE TABLE `mfa_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mfa_challenges_user_idx` ON `mfa_challenges` (`user_id`);--> statement-breakpoint
CREATE TABLE `mfa_credentials` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`last_step` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mfa_recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mfa_recovery_codes_user_code_unique` ON `mfa_recovery_codes` (`user_id`,`code_hash`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- A code is accepted once: the server refuses a step at or before the last
-- one used, and so does the database, whatever path writes to it. A new
-- secret (a fresh enrolment) starts its own count.
CREATE TRIGGER `mfa_credentials_step_forward` BEFORE UPDATE OF `last_step` ON `mfa_credentials`
WHEN OLD.last_step IS NOT NULL AND NEW.secret = OLD.secret AND (NEW.last_step IS NULL OR NEW.last_step <= OLD.last_step)
BEGIN
	SELECT RAISE(ABORT, 'a TOTP time step cannot be accepted twice');
END;
--> statement-breakpoint
-- A recovery code is used once: a used code cannot be made usable again.
CREATE TRIGGER `mfa_recovery_codes_used_kept` BEFORE UPDATE ON `mfa_recovery_codes`
WHEN OLD.used_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'a used recovery code cannot be used again');
END;
