CREATE TABLE `drafts` (
	`user_id` text NOT NULL,
	`collection` text NOT NULL,
	`draft_key` text NOT NULL,
	`record_id` text,
	`version` text NOT NULL,
	`data` text NOT NULL,
	`based_on_revision` integer,
	`updated_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `collection`, `draft_key`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drafts_expires_idx` ON `drafts` (`expires_at`);--> statement-breakpoint
CREATE INDEX `drafts_record_idx` ON `drafts` (`collection`,`record_id`);