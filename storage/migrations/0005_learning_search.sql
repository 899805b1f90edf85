-- The learning library's full-text index: FTS5 over record_texts.text, with record_texts as its
-- external content (the text is stored once). Written by hand because Drizzle cannot declare a
-- virtual table; the triggers keep the index in step with record_texts inside the writing
-- transaction, so a rolled-back write leaves both unchanged. Porter stemming over unicode61
-- (diacritics removed): "neglected" finds "neglect", "naïve" finds "naive".
CREATE VIRTUAL TABLE `record_texts_fts` USING fts5(`text`, content='record_texts', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `record_texts_fts_insert` AFTER INSERT ON `record_texts` BEGIN
  INSERT INTO `record_texts_fts` (rowid, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_texts_fts_delete` AFTER DELETE ON `record_texts` BEGIN
  INSERT INTO `record_texts_fts` (`record_texts_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_texts_fts_update` AFTER UPDATE OF `text` ON `record_texts` BEGIN
  INSERT INTO `record_texts_fts` (`record_texts_fts`, rowid, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `record_texts_fts` (rowid, `text`) VALUES (new.`id`, new.`text`);
END;
