-- Written by hand: Drizzle cannot declare functions or GIN indexes over an expression.
-- A search of one or two characters has no trigram, so pg_trgm cannot help it, and it read
-- every search text (about 450 ms at 1,000,000 cases when few or none hold it). Each text's
-- characters and pairs of neighbouring characters are indexed (ASCII letters folded, as the
-- search's LIKE has them), so a short search that few texts hold finds its candidates there;
-- LIKE still decides. The index is over "C" collation: its keys are compared byte by byte,
-- which costs a write about a quarter less than the database's collation would.
-- (On a large database the index takes a while to build: about 2 minutes for 2,000,000 texts.)
CREATE FUNCTION scrt_short_pieces(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT c || array(SELECT x || y FROM unnest(c[1:cardinality(c) - 1], c[2:]) AS z(x, y)) FROM string_to_array(t, NULL) AS c
$$;
--> statement-breakpoint
CREATE INDEX "record_search_short_idx" ON "record_search" USING gin ((scrt_short_pieces("folded")) COLLATE "C");
--> statement-breakpoint
-- The planner's figures for the new index's expression, which tell it how many texts hold a pair.
ANALYZE "record_search";
