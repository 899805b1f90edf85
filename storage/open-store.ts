/**
 * Opens the store a target names: a SQLite file (the embedded default) or a PostgreSQL
 * database by URL (for several instances on one database).
 */
import { openPostgresStore } from "./pg-store.ts";
import { openSqliteStore, type SqliteStoreOptions } from "./sqlite-store.ts";
import type { MigrationsNotice } from "./pending-migrations.ts";
import type { Store } from "./types.ts";

export type StoreTarget = SqliteStoreOptions | { url: string; onStatement?: (sql: string) => void; poolSize?: number; onMigrations?: MigrationsNotice };

export function openStore(target: StoreTarget): Promise<Store> {
  return "url" in target ? openPostgresStore(target) : openSqliteStore(target);
}
