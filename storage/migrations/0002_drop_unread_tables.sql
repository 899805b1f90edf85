DROP TABLE `collection_versions`;--> statement-breakpoint
DROP TABLE `organisations`;