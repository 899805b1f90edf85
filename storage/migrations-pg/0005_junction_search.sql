-- Written by hand: Drizzle cannot declare functions or GIN indexes over an expression.
-- The list search's index of word junctions (storage/junction-grams.ts): each search text's
-- grams of seven characters centred on a space, ASCII letters folded as the search's LIKE has
-- them. pg_trgm cannot narrow a phrase of common words: every trigram of "care concerns risk" is
-- in a quarter or more of all texts, and its index keeps no positions, so every text holding
-- them all was read and tested (1.3 s at 1,000,000 cases). Where the words meet they are rare
-- together, and the texts holding all of a search's grams are few; LIKE still decides.
-- scrt_junctions must cut the same grams as junctionGrams (a test holds them to each other). It
-- works on words, split at each space: the gram at a space is the last three characters of the
-- text before it and the first three after it, which the four words either side always hold
-- (each brings a separator at least; concat_ws leaves out the missing ones at either end).
-- Cutting seven characters at each position of the text cost twice as much (55 µs a text,
-- against 24), and slicing the words for each space grew with the square of their number.
-- (On a large database the index takes a while to build: about 2 minutes for 2,000,000 texts.)
CREATE FUNCTION scrt_junctions(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array(SELECT b || ' ' || a FROM (
    SELECT right(concat_ws(' ', lag(w, 3) OVER o, lag(w, 2) OVER o, lag(w, 1) OVER o, w), 3) AS b,
           left(concat_ws(' ', lead(w, 1) OVER o, lead(w, 2) OVER o, lead(w, 3) OVER o, lead(w, 4) OVER o), 3) AS a
    FROM unnest(string_to_array(t, ' ')) WITH ORDINALITY AS x(w, k) WINDOW o AS (ORDER BY k)
  ) AS z WHERE length(b) = 3 AND length(a) = 3)
$$;
--> statement-breakpoint
CREATE INDEX "record_search_junctions_idx" ON "record_search" USING gin ((scrt_junctions("folded")) COLLATE "C");
--> statement-breakpoint
-- The planner's figures for the new index's expression, which tell it how many texts hold a gram.
ANALYZE "record_search";
