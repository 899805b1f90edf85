/** The storage layer's public API: the contract, its SQLite implementation (the embedded default) and its PostgreSQL one. */
export * from "./types.ts";
export { changedItems, openSqliteStore, uuidV7, MIGRATIONS_FOLDER, type SqliteStore, type SqliteStoreOptions } from "./sqlite-store.ts";
export { BULK_LOG_PAGES } from "./sqlite-checkpointer.ts";
export { UNIQUE_KEY_FORMAT, uniqueValueKey } from "./unique-key.ts";
export { ftsQuery, searchMatch, searchTerms, tagToken, passageSegments, MAX_QUERY_TERMS } from "./fts-query.ts";
export { checkpointDatabase, copySqliteDatabase, inspectTrackerDatabase, sqliteHeaderCheck, type CollectionCount, type CopyOptions, type CopyProgress, type CopyResult, type DatabaseInfo, type InspectResult, type StorageFailure } from "./sqlite-backup.ts";
export { makeDatabaseFilePrivate, PRIVATE_FILE_MODE, SIDE_FILE_SUFFIXES } from "./file-modes.ts";
export { listIndexNeeds, type IndexNeed, type ListIndexProgress, type ListIndexReport, type ListIndexSettings } from "./list-index-plan.ts";
export { cursorOrder, decodeCursor } from "./list-cursor.ts";
export { openPostgresStore, PG_MIGRATIONS_FOLDER, type PostgresStoreOptions } from "./pg-store.ts";
export { openStore, type StoreTarget } from "./open-store.ts";
export type { MigrationsNotice } from "./pending-migrations.ts";
