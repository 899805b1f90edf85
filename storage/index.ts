/** The storage layer's public API: the contract, and its SQLite implementation. */
export * from "./types.ts";
export { changedItems, openSqliteStore, MIGRATIONS_FOLDER, type SqliteStoreOptions } from "./sqlite-store.ts";
export { UNIQUE_KEY_FORMAT, uniqueValueKey } from "./unique-key.ts";
export { ftsQuery, searchMatch, searchTerms, tagToken, passageSegments, MAX_QUERY_TERMS } from "./fts-query.ts";
