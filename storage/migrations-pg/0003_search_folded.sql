-- The list's search tests each candidate's text with LIKE after the trigram index has found
-- it. Folding the text's ASCII letters to lower case per row at that point cost more than the
-- rest of the search (about 37 µs a row at 200,000 records): the folded text is now stored
-- once, when it is written, and the trigram index is over it. (ALTER TABLE rewrites the table:
-- on a large database this step takes a while, under the migration's advisory lock.)
ALTER TABLE "record_search" ADD COLUMN IF NOT EXISTS "folded" text GENERATED ALWAYS AS (translate("text", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED NOT NULL;
--> statement-breakpoint
DROP INDEX IF EXISTS "record_search_trgm_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "record_search_folded_trgm_idx" ON "record_search" USING gin ("folded" gin_trgm_ops);
