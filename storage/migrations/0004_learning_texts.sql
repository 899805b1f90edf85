CREATE TABLE `record_texts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`record_id` text NOT NULL,
	`collection` text NOT NULL,
	`owner_org` text NOT NULL,
	`item` text NOT NULL,
	`text` text NOT NULL,
	`facets` text DEFAULT '[]' NOT NULL,
	`tags` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `record_texts_record_idx` ON `record_texts` (`record_id`);--> statement-breakpoint
CREATE TABLE `search_settings` (
	`collection` text PRIMARY KEY NOT NULL,
	`signature` text NOT NULL,
	`built_at` text NOT NULL
);
