-- The case list's search index: FTS5 with the trigram tokenizer over record_search.text (its
-- external content), so that any piece of text of three characters or more is found from the
-- index, as the list's "contains" search needs (words and stems, as the learning library's
-- index has them, would not find "isse" in "missed"). Case is ignored, as the list's search
-- ignores it. Written by hand because Drizzle cannot declare a virtual table; the triggers keep
-- the index in step with record_search inside the writing transaction.
CREATE VIRTUAL TABLE `record_search_fts` USING fts5(`text`, content='record_search', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `record_search_fts_insert` AFTER INSERT ON `record_search` BEGIN
  INSERT INTO `record_search_fts` (rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_search_fts_delete` AFTER DELETE ON `record_search` BEGIN
  INSERT INTO `record_search_fts` (`record_search_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_search_fts_update` AFTER UPDATE OF `text` ON `record_search` BEGIN
  INSERT INTO `record_search_fts` (`record_search_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `record_search_fts` (rowid, `text`) VALUES (new.`id`, new.`text`);
END;
