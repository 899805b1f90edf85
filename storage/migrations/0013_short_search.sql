-- A list search of one or two characters, found from the trigram index (sqlite-list.ts).
-- A trigram index holds every three characters of a text, so a text of one or two characters
-- is the start of some trigram wherever it stands, except in a text's last two characters. Each
-- text is therefore indexed with two characters no one types after it (char(1, 1), FTS_PAD in
-- sqlite-indexes.ts), and its trigrams that start with the searched text name every row that
-- holds it. The index is external content over record_search.text, which stays as answered;
-- the triggers remove entries with the text as it was indexed, pad included.
-- The entries indexed before had no pad, so the index and its table are emptied here, and the
-- list index step fills them again (with progress) when the tracker next opens the file,
-- because list_index_settings no longer says they are built.
DROP TRIGGER IF EXISTS `record_search_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `record_search_fts_update`;
--> statement-breakpoint
DELETE FROM `record_search`;
--> statement-breakpoint
INSERT INTO `record_search_fts` (`record_search_fts`) VALUES ('delete-all');
--> statement-breakpoint
DELETE FROM `list_index_settings`;
--> statement-breakpoint
CREATE TRIGGER `record_search_fts_delete` AFTER DELETE ON `record_search` BEGIN
  INSERT INTO `record_search_fts` (`record_search_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text` || char(1, 1));
END;
--> statement-breakpoint
CREATE TRIGGER `record_search_fts_update` AFTER UPDATE OF `text` ON `record_search` BEGIN
  INSERT INTO `record_search_fts` (`record_search_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text` || char(1, 1));
  INSERT INTO `record_search_fts` (rowid, `text`) VALUES (new.`id`, new.`text` || char(1, 1));
END;
--> statement-breakpoint
-- The index's terms, read by range: the trigrams that start with a searched text.
CREATE VIRTUAL TABLE `record_search_terms` USING fts5vocab(`record_search_fts`, 'row');
