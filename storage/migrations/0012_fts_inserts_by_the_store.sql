-- The store writes a new row's full-text entry itself, in the same transaction, straight after
-- the row (sqlite-indexes.ts, sqlite-store.ts). An FTS5 insert made by a trigger runs inside the
-- statement's own savepoint, and FTS5 writes its pending terms out at every savepoint: one
-- segment per row instead of one per transaction. That doubled the cost of a case's search
-- entry and made it grow with the table (measured: bench/create-records.ts). Deletes and updates
-- are rare and keep their triggers.
DROP TRIGGER IF EXISTS `record_search_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `record_texts_fts_insert`;
