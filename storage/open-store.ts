/**
 * Opens the store a target names: a SQLite file (the embedded default) or a PostgreSQL
 * database by URL (for several instances on one database).
 */
import { openPostgresStore } from "./pg-store.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./types.ts";

export type StoreTarget = { file: string; onStatement?: (sql: string) => void } | { url: string; onStatement?: (sql: string) => void; poolSize?: number };

export function openStore(target: StoreTarget): Promise<Store> {
  return "url" in target ? openPostgresStore(target) : openSqliteStore(target);
}
