CREATE TABLE `import_keys` (
	`collection` text NOT NULL,
	`import_key` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`collection`, `import_key`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `records` ADD `archive` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `records` ADD `review_flags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `records` ADD `owner_pending` text;