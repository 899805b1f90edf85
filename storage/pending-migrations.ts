/**
 * Which of a folder's migrations an existing database has not had yet, by the tags of its
 * drizzle-kit journal, so that opening can say so before a long one runs (building an index over
 * every search text takes minutes at a million cases, and the instance seems to hang meanwhile).
 * Drizzle records each applied migration's journal time (`when`) as `created_at`; what is newer
 * than the newest of those is pending. A new database (nothing applied) has none worth telling.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Journal {
  entries: { tag: string; when: number }[];
}

export function pendingMigrations(folder: string, newestApplied: number | undefined): string[] {
  if (newestApplied === undefined) return [];
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as Journal;
  return journal.entries.filter((entry) => entry.when > newestApplied).map((entry) => entry.tag);
}

/** Told, before they run, which migrations an existing database is about to have. */
export type MigrationsNotice = (tags: string[]) => void;
