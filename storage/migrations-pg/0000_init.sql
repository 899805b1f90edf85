CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" text NOT NULL,
	"action" text NOT NULL,
	"user_id" text,
	"actor" text NOT NULL,
	"ip" text,
	"collection" text,
	"record_id" text,
	"subject_user_id" text,
	"details" json DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"user_id" text NOT NULL,
	"collection" text NOT NULL,
	"draft_key" text NOT NULL,
	"record_id" text,
	"version" text NOT NULL,
	"data" json NOT NULL,
	"based_on_revision" integer,
	"updated_at" text NOT NULL,
	"expires_at" text NOT NULL,
	CONSTRAINT "drafts_user_id_collection_draft_key_pk" PRIMARY KEY("user_id","collection","draft_key")
);
--> statement-breakpoint
CREATE TABLE "extract_log" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"collection" text NOT NULL,
	"as_at" text NOT NULL,
	"quarter" text,
	"format" text NOT NULL,
	"scope" text NOT NULL,
	"rows" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_keys" (
	"collection" text NOT NULL,
	"import_key" text NOT NULL,
	"record_id" text NOT NULL,
	CONSTRAINT "import_keys_collection_import_key_pk" PRIMARY KEY("collection","import_key")
);
--> statement-breakpoint
CREATE TABLE "list_index_settings" (
	"collection" text PRIMARY KEY NOT NULL,
	"settings" text NOT NULL,
	"built_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_choices" (
	"record_id" text NOT NULL,
	"collection" text NOT NULL,
	"item" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "record_choices_collection_item_value_record_id_pk" PRIMARY KEY("collection","item","value","record_id")
);
--> statement-breakpoint
CREATE TABLE "record_search" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "record_search_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"record_id" text NOT NULL,
	"collection" text NOT NULL,
	"item" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_texts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "record_texts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"record_id" text NOT NULL,
	"collection" text NOT NULL,
	"owner_org" text NOT NULL,
	"item" text NOT NULL,
	"text" text NOT NULL,
	"facets" jsonb DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_unique_values" (
	"collection" text NOT NULL,
	"scope" text NOT NULL,
	"item" text NOT NULL,
	"value_key" text NOT NULL,
	"record_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "records_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"collection" text NOT NULL,
	"version" text NOT NULL,
	"owner_org" text NOT NULL,
	"revision" integer NOT NULL,
	"data" json NOT NULL,
	"complete" boolean NOT NULL,
	"missing" jsonb NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	"archive" json DEFAULT '{}' NOT NULL,
	"review_flags" jsonb DEFAULT '[]' NOT NULL,
	"owner_pending" jsonb
);
--> statement-breakpoint
CREATE TABLE "revisions" (
	"record_id" text NOT NULL,
	"revision" integer NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "revisions_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"version" text NOT NULL,
	"owner_org" text NOT NULL,
	"data" json NOT NULL,
	"changed_items" jsonb NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "revisions_record_id_revision_pk" PRIMARY KEY("record_id","revision")
);
--> statement-breakpoint
CREATE TABLE "search_settings" (
	"collection" text PRIMARY KEY NOT NULL,
	"signature" text NOT NULL,
	"built_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"method" text DEFAULT 'dev' NOT NULL,
	"created_at" text NOT NULL,
	"last_seen_at" text DEFAULT '' NOT NULL,
	"expires_at" text NOT NULL,
	"id_token" text
);
--> statement-breakpoint
CREATE TABLE "store_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"org_code" text NOT NULL,
	"email" text,
	"source" text DEFAULT 'admin' NOT NULL,
	"user_admin" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"external_issuer" text,
	"external_subject" text,
	"created_at" text NOT NULL,
	"updated_at" text,
	"last_sign_in_at" text,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_keys" ADD CONSTRAINT "import_keys_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_choices" ADD CONSTRAINT "record_choices_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_search" ADD CONSTRAINT "record_search_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_texts" ADD CONSTRAINT "record_texts_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_unique_values" ADD CONSTRAINT "record_unique_values_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_record_idx" ON "audit_log" USING btree ("record_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_user_idx" ON "audit_log" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "drafts_expires_idx" ON "drafts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "drafts_record_idx" ON "drafts" USING btree ("collection","record_id");--> statement-breakpoint
CREATE INDEX "extract_log_created_idx" ON "extract_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "record_choices_record_idx" ON "record_choices" USING btree ("record_id","item");--> statement-breakpoint
CREATE INDEX "record_search_record_idx" ON "record_search" USING btree ("record_id","item");--> statement-breakpoint
CREATE INDEX "record_texts_record_idx" ON "record_texts" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "record_unique_values_key_idx" ON "record_unique_values" USING btree ("collection","scope","item","value_key");--> statement-breakpoint
CREATE INDEX "record_unique_values_record_idx" ON "record_unique_values" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "records_collection_owner_updated_idx" ON "records" USING btree ("collection","owner_org","updated_at","id");--> statement-breakpoint
CREATE INDEX "records_collection_updated_idx" ON "records" USING btree ("collection","updated_at","id");--> statement-breakpoint
CREATE INDEX "records_collection_created_idx" ON "records" USING btree ("collection","created_at","id");--> statement-breakpoint
CREATE INDEX "records_collection_id_idx" ON "records" USING btree ("collection","id");--> statement-breakpoint
CREATE UNIQUE INDEX "records_seq_idx" ON "records" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "revisions_record_created_idx" ON "revisions" USING btree ("record_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "revisions_seq_idx" ON "revisions" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_external_idx" ON "users" USING btree ("external_issuer","external_subject");