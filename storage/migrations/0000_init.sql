CREATE TABLE `collection_versions` (
	`collection` text NOT NULL,
	`version` text NOT NULL,
	`status` text NOT NULL,
	`source_hash` text NOT NULL,
	`loaded_at` text NOT NULL,
	PRIMARY KEY(`collection`, `version`)
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`code` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`open_date` text NOT NULL,
	`close_date` text,
	`successors` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`code`, `type`)
);
--> statement-breakpoint
CREATE TABLE `record_unique_values` (
	`collection` text NOT NULL,
	`scope` text NOT NULL,
	`item` text NOT NULL,
	`value_key` text NOT NULL,
	`record_id` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_unique_values_key_idx` ON `record_unique_values` (`collection`,`scope`,`item`,`value_key`);--> statement-breakpoint
CREATE INDEX `record_unique_values_record_idx` ON `record_unique_values` (`record_id`);--> statement-breakpoint
CREATE TABLE `records` (
	`id` text PRIMARY KEY NOT NULL,
	`collection` text NOT NULL,
	`version` text NOT NULL,
	`owner_org` text NOT NULL,
	`revision` integer NOT NULL,
	`data` text NOT NULL,
	`complete` integer NOT NULL,
	`missing` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `records_collection_owner_idx` ON `records` (`collection`,`owner_org`);--> statement-breakpoint
CREATE INDEX `records_collection_updated_idx` ON `records` (`collection`,`updated_at`);--> statement-breakpoint
CREATE TABLE `revisions` (
	`record_id` text NOT NULL,
	`revision` integer NOT NULL,
	`version` text NOT NULL,
	`owner_org` text NOT NULL,
	`data` text NOT NULL,
	`changed_items` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`reason` text NOT NULL,
	PRIMARY KEY(`record_id`, `revision`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`org_code` text NOT NULL,
	`external_issuer` text,
	`external_subject` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);