CREATE TABLE `extract_log` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`collection` text NOT NULL,
	`as_at` text NOT NULL,
	`quarter` text,
	`format` text NOT NULL,
	`scope` text NOT NULL,
	`rows` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `extract_log_created_idx` ON `extract_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `revisions_record_created_idx` ON `revisions` (`record_id`,`created_at`);