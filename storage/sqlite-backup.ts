/**
 * Copying a live SQLite database and telling whether a file is a tracker database. Plain
 * better-sqlite3, no Drizzle and no migrations: a backup must work whatever the state of the
 * definitions, and an inspection must never change the file it looks at.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS_FOLDER } from "./sqlite-store.ts";

export interface CopyProgress {
  totalPages: number;
  copiedPages: number;
  /** How many times a write by another connection sent the copy back to the first page. */
  restarts: number;
  /** True once the copy has given up on steps and copies everything left in one pass. */
  onePass: boolean;
}

export interface CopyOptions {
  /** Pages per step (default 1,000: about 4 MiB, a few milliseconds). */
  pagesPerStep?: number;
  /** After this many restarts the rest is copied in one step (default 3). */
  restartsBeforeOnePass?: number;
  /** Called between steps. */
  onProgress?: (progress: CopyProgress) => void;
  /** How messages name the source (default: its path). */
  name?: string;
}

export interface CopyDone {
  ok: true;
  /** Every transaction committed before this moment is in the copy. */
  takenAt: Date;
  pages: number;
  restarts: number;
  onePass: boolean;
}

export interface StorageFailure<Code extends string> {
  ok: false;
  code: Code;
  message: string;
}

export type CopyResult = CopyDone | StorageFailure<"no_database" | "not_sqlite" | "damaged" | "copy_failed">;

/** Pass "copy all that is left" to sqlite3_backup_step through better-sqlite3, which takes no negative count. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies `source` into `dest` (an existing empty file, so that the caller chooses its mode) with
 * SQLite's online backup, which lets writers carry on. A write by another process between two
 * steps sends the copy back to the first page; under steady writes it would never end, so after
 * a few restarts it copies the rest in one step, inside one read transaction, which in WAL mode
 * holds up no writer. The copy is left in rollback-journal mode: one self-contained file.
 */
export async function copySqliteDatabase(source: string, dest: string, options: CopyOptions = {}): Promise<CopyResult> {
  const pagesPerStep = options.pagesPerStep ?? 1000;
  const restartsBeforeOnePass = options.restartsBeforeOnePass ?? 3;
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, code: "no_database", message: `${options.name ?? source} cannot be opened: ${errorText(error)}` };
  }
  let takenAt = new Date();
  let restarts = 0;
  let onePass = false;
  let previousRemaining = Number.POSITIVE_INFINITY;
  try {
    db.pragma("busy_timeout = 5000");
    const done = await db.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages >= previousRemaining) restarts += 1;
        previousRemaining = remainingPages;
        if (restarts >= restartsBeforeOnePass) onePass = true;
        options.onProgress?.({ totalPages, copiedPages: totalPages - remainingPages, restarts, onePass });
        // The next step starts straight after this returns; a commit before now is either in
        // the pages already copied or restarts the copy, so it is in the finished copy.
        takenAt = new Date();
        return onePass ? ALL_PAGES : pagesPerStep;
      },
    });
    db.close();
    const copy = new Database(dest, { fileMustExist: true });
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    return { ok: true, takenAt, pages: done.totalPages, restarts, onePass };
  } catch (error) {
    if (db.open) db.close();
    const name = options.name ?? source;
    if (sqliteCode(error) === "SQLITE_NOTADB") return { ok: false, code: "not_sqlite", message: `${name} is not a SQLite database` };
    if (sqliteCode(error) === "SQLITE_CORRUPT") return { ok: false, code: "damaged", message: `${name} is damaged: ${errorText(error)}` };
    return { ok: false, code: "copy_failed", message: `copying ${name} failed: ${errorText(error)}` };
  }
}

/** Every SQLite database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/**
 * A cheap first look, before anything slower: `not_sqlite` when the file does not start as a
 * SQLite database does, `not_tracker` when it is empty (SQLite would take it for a new one).
 */
export function sqliteHeaderCheck(path: string, name = path): { ok: true } | StorageFailure<"not_sqlite" | "not_tracker" | "unreadable"> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return { ok: false, code: "unreadable", message: `${name} cannot be read: ${errorText(error)}` };
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return { ok: false, code: "not_tracker", message: `${name} is empty, not a tracker database` };
    if (read < head.length || !head.equals(SQLITE_HEADER)) return { ok: false, code: "not_sqlite", message: `${name} is not a SQLite database` };
    return { ok: true };
  } finally {
    closeSync(fd);
  }
}

export interface CollectionCount {
  collection: string;
  records: number;
}

export interface DatabaseInfo {
  /** "ok", or the checker's first findings. */
  integrity: string[];
  records: CollectionCount[];
  revisions: number;
  users: number;
  /** Schema migrations the file has, and how many this code knows. */
  migrationsApplied: number;
  migrationsKnown: number;
  /** Known migrations the file lacks: applied when the tracker next opens it. */
  migrationsPending: number;
}

export type InspectResult =
  | { ok: true; info: DatabaseInfo }
  | StorageFailure<"not_sqlite" | "damaged" | "not_tracker" | "newer_schema" | "unreadable">;

/** Tables every tracker database has had since its first migration. */
const TRACKER_TABLES = ["__drizzle_migrations", "records", "revisions", "users"];

/**
 * Says whether `file` is a sound tracker database and what it holds, opened read-only.
 * `quick` runs quick_check (checks pages and records, not that indexes match their tables)
 * instead of integrity_check, for databases large enough that the full check takes minutes.
 */
export function inspectTrackerDatabase(path: string, options: { quick?: boolean; name?: string } = {}): InspectResult {
  const file = options.name ?? path;
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, code: "unreadable", message: `${file} cannot be opened: ${errorText(error)}` };
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma(`${options.quick ? "quick_check" : "integrity_check"}(10)`) as Record<string, string>[]).map((row) => String(Object.values(row)[0]));
    } catch (error) {
      if (sqliteCode(error) === "SQLITE_NOTADB") return { ok: false, code: "not_sqlite", message: `${file} is not a SQLite database` };
      if (sqliteCode(error) === "SQLITE_CORRUPT") return { ok: false, code: "damaged", message: `${file} is damaged: ${errorText(error)}` };
      throw error;
    }
    if (integrity.length !== 1 || integrity[0] !== "ok") {
      return { ok: false, code: "damaged", message: `${file} fails SQLite's ${options.quick ? "quick" : "integrity"} check: ${integrity.join("; ")}` };
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = TRACKER_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0) {
      return { ok: false, code: "not_tracker", message: `${file} is a SQLite database but not the tracker's: it has no ${missing.join(", ")} table${missing.length === 1 ? "" : "s"}` };
    }
    const applied = db.prepare("SELECT created_at FROM __drizzle_migrations ORDER BY created_at").pluck().all() as number[];
    const known = knownMigrationTimes();
    const newest = applied.at(-1) ?? 0;
    const latestKnown = known.at(-1) ?? 0;
    if (newest > latestKnown) {
      return {
        ok: false,
        code: "newer_schema",
        message: `${file} was written by a newer version of the tracker (its schema has migrations this version does not know); restore it with that version`,
      };
    }
    const records = db.prepare("SELECT collection, count(*) AS records FROM records GROUP BY collection ORDER BY collection").all() as CollectionCount[];
    const revisions = db.prepare("SELECT count(*) FROM revisions").pluck().get() as number;
    const users = db.prepare("SELECT count(*) FROM users").pluck().get() as number;
    const info: DatabaseInfo = {
      integrity,
      records,
      revisions,
      users,
      migrationsApplied: applied.length,
      migrationsKnown: known.length,
      // The migrator applies every known migration newer than the newest one applied.
      migrationsPending: known.filter((when) => when > newest).length,
    };
    return { ok: true, info };
  } catch (error) {
    return { ok: false, code: "unreadable", message: `${file} cannot be read: ${errorText(error)}` };
  } finally {
    db.close();
  }
}

/**
 * Folds the -wal of a database that no process has open (its server was killed) into the
 * database file, so that the file alone holds every committed write. Returns false when the
 * file could not be opened or checkpointed (damaged): it is then left exactly as it was.
 */
export function checkpointDatabase(file: string): boolean {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    return false;
  }
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
    return true;
  } catch {
    return false;
  } finally {
    // As the last connection, closing also removes the emptied -wal and the -shm.
    db.close();
  }
}

/** The creation times of the migrations this code carries (drizzle's journal), oldest first. */
function knownMigrationTimes(): number[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: { when: number }[] };
  return journal.entries.map((e) => e.when).sort((a, b) => a - b);
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
