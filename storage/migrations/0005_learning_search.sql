-- The learning library's full-text index: FTS5 over record_texts (text, tags), with record_texts
-- as its external content (stored once). Written by hand because Drizzle cannot declare a
-- virtual table; the triggers keep the index in step with record_texts inside the writing
-- transaction, so a rolled-back write leaves both unchanged. Porter stemming over unicode61
-- (diacritics removed): "neglected" finds "neglect", "naïve" finds "naive". Ranking (bm25)
-- counts the text only: tags are for narrowing, not relevance.
CREATE VIRTUAL TABLE `record_texts_fts` USING fts5(`text`, `tags`, content='record_texts', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `record_texts_fts` (`record_texts_fts`, `rank`) VALUES ('rank', 'bm25(1.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `record_texts_fts_insert` AFTER INSERT ON `record_texts` BEGIN
  INSERT INTO `record_texts_fts` (rowid, `text`, `tags`) VALUES (new.`id`, new.`text`, new.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_texts_fts_delete` AFTER DELETE ON `record_texts` BEGIN
  INSERT INTO `record_texts_fts` (`record_texts_fts`, rowid, `text`, `tags`) VALUES ('delete', old.`id`, old.`text`, old.`tags`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_texts_fts_update` AFTER UPDATE OF `text`, `tags` ON `record_texts` BEGIN
  INSERT INTO `record_texts_fts` (`record_texts_fts`, rowid, `text`, `tags`) VALUES ('delete', old.`id`, old.`text`, old.`tags`);
  INSERT INTO `record_texts_fts` (rowid, `text`, `tags`) VALUES (new.`id`, new.`text`, new.`tags`);
END;
