-- Written by hand: Drizzle cannot declare an extension, operator-class indexes or triggers.
-- The case list's "contains" search: a pg_trgm GIN index over the text with ASCII letters
-- lower-cased (SQLite's lower() and LIKE ignore the case of ASCII letters only, and the list's
-- search has always been that), which serves LIKE '%...%' for any piece of text of three
-- characters or more, as SQLite's FTS5 trigram index does. pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "record_search_trgm_idx" ON "record_search" USING gin (translate("text", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') gin_trgm_ops);
--> statement-breakpoint
-- The learning library's full-text index: English stemming ("neglected" finds "neglect") with
-- diacritics removed ("naive" finds "naïve"), as SQLite's porter unicode61 tokenizer has it, in a
-- text search configuration of its own (unaccent, then the English stemmer). Queries use this
-- same expression so that the index serves them.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION scrt_english (COPY = english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION scrt_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
--> statement-breakpoint
CREATE INDEX "record_texts_fts_idx" ON "record_texts" USING gin (to_tsvector('scrt_english'::regconfig, "text"));
--> statement-breakpoint
CREATE INDEX "record_texts_collection_idx" ON "record_texts" ("collection", "id");
--> statement-breakpoint
-- The audit trail and the revisions are append-only: these triggers refuse every UPDATE and
-- DELETE, whichever connection or role asks (TRUNCATE too), so no route, command or bug can
-- rewrite who did what or what a record once said.
CREATE FUNCTION scrt_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the % is append-only: entries cannot be %', TG_ARGV[0], TG_ARGV[1];
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION scrt_refuse_change('audit trail', 'changed');
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION scrt_refuse_change('audit trail', 'deleted');
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION scrt_refuse_change('audit trail', 'deleted');
--> statement-breakpoint
CREATE TRIGGER "revisions_no_update" BEFORE UPDATE ON "revisions" FOR EACH ROW EXECUTE FUNCTION scrt_refuse_change('revision history', 'changed');
--> statement-breakpoint
CREATE TRIGGER "revisions_no_delete" BEFORE DELETE ON "revisions" FOR EACH ROW EXECUTE FUNCTION scrt_refuse_change('revision history', 'deleted');
--> statement-breakpoint
CREATE TRIGGER "revisions_no_truncate" BEFORE TRUNCATE ON "revisions" FOR EACH STATEMENT EXECUTE FUNCTION scrt_refuse_change('revision history', 'deleted');
