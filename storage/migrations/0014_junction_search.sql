-- The list search's index of word junctions (storage/junction-grams.ts): each search text's
-- grams of seven characters centred on a space, so that a phrase of common words is found from
-- the few texts where its words meet, not from every text holding its trigrams (112 ms at
-- 1,000,000 cases). One FTS5 row per record_search row, with the same rowid; its only column
-- holds the grams as tokens (hex, which the ascii tokenizer keeps whole). Contentless, as the
-- grams are never read back, and without positions (detail='none'): a search asks which texts
-- hold all its grams, and LIKE decides. contentless_delete lets a row go by its rowid alone.
-- The store writes each new text's row itself (sqlite-indexes.ts), as it does the trigram
-- index's (migration 0012); a text is never rewritten in place, only deleted and added again.
CREATE VIRTUAL TABLE `record_search_junctions` USING fts5(`grams`, content='', contentless_delete=1, detail='none', tokenize='ascii');
--> statement-breakpoint
CREATE TRIGGER `record_search_junctions_delete` AFTER DELETE ON `record_search` BEGIN
  DELETE FROM `record_search_junctions` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
-- The texts already stored are indexed by the list index step when the tracker next opens the
-- file, a batch (one short transaction) at a time, up to the newest text there is now (texts
-- added later are indexed as they are written); the list uses the index once this row is gone.
CREATE TABLE `record_search_junctions_fill` (`upto` integer NOT NULL, `after` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `record_search_junctions_fill` (`upto`, `after`) SELECT max(`id`), 0 FROM `record_search` HAVING count(*) > 0;
