CREATE TABLE `list_index_settings` (
	`collection` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`built_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `record_choices` (
	`record_id` text NOT NULL,
	`collection` text NOT NULL,
	`item` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`collection`, `item`, `value`, `record_id`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `record_choices_record_idx` ON `record_choices` (`record_id`,`item`);--> statement-breakpoint
CREATE TABLE `record_search` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`record_id` text NOT NULL,
	`collection` text NOT NULL,
	`item` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `record_search_record_idx` ON `record_search` (`record_id`,`item`);--> statement-breakpoint
DROP INDEX `records_collection_owner_idx`;--> statement-breakpoint
DROP INDEX `records_collection_updated_idx`;--> statement-breakpoint
CREATE INDEX `records_collection_owner_updated_idx` ON `records` (`collection`,`owner_org`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `records_collection_created_idx` ON `records` (`collection`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `records_collection_updated_idx` ON `records` (`collection`,`updated_at`,`id`);