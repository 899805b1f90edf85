/**
 * Backup and restore of the embedded SQLite database. A backup reads the database through
 * SQLite (never a file copy, which could catch a write half done) while the server runs; a
 * restore replaces the database only while nothing else uses the data folder, and keeps what
 * it replaced. Neither compiles the forms: they must work when the definitions do not.
 */
import { randomUUID } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, openSync, realpathSync, renameSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { checkpointDatabase, copySqliteDatabase, inspectTrackerDatabase, sqliteHeaderCheck, PRIVATE_FILE_MODE, SIDE_FILE_SUFFIXES, type CopyProgress, type DatabaseInfo } from "../storage/index.ts";
import type { Config } from "./config.ts";
import { takeDataLock } from "./data-lock.ts";

export type { CopyProgress } from "../storage/index.ts";

export interface OpsFailure<Code extends string> {
  ok: false;
  code: Code;
  message: string;
}

export interface BackupOptions {
  out: string;
  /** Replace `out` if it exists. */
  force?: boolean;
  /** Check the copy with quick_check instead of integrity_check. */
  quick?: boolean;
  onProgress?: (progress: CopyProgress) => void;
  /** Called when the copy is complete and its check begins (minutes, for a large database). */
  onChecking?: () => void;
}

export interface BackupDone extends DatabaseInfo {
  ok: true;
  file: string;
  bytes: number;
  /** Every write committed before this moment is in the backup. */
  takenAt: Date;
  seconds: number;
  restarts: number;
  onePass: boolean;
}

export type BackupFailureCode = "exists" | "not_writable" | "no_folder" | "same_file" | "no_database" | "not_sqlite" | "damaged" | "copy_failed" | "not_tracker" | "newer_schema" | "unreadable";
export type BackupResult = BackupDone | OpsFailure<BackupFailureCode>;

/** Writes a verified copy of the database to `options.out` (0600), while the server may be writing. */
export async function backupDatabase(config: Config, options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const out = resolve(options.out);
  if (isDatabaseFile(config, out)) return { ok: false, code: "same_file", message: `${options.out} is the tracker's database itself; back up to another file` };
  if (!isFolder(dirname(out))) return { ok: false, code: "no_folder", message: `the folder of ${options.out} does not exist` };
  if (isFolder(out)) return { ok: false, code: "no_folder", message: `${options.out} is a folder; give the backup a file name` };
  if (existsSync(out) && !options.force) return { ok: false, code: "exists", message: `${options.out} exists; choose another file or pass --force to replace it` };
  if (!existsSync(config.databaseFile)) return { ok: false, code: "no_database", message: `there is no tracker database in ${config.dataDir} (no ${basename(config.databaseFile)})` };

  // Written beside the target and moved into place once verified, so a failed or interrupted
  // backup never leaves a file at the target that looks like a backup.
  const partial = join(dirname(out), `.${basename(out)}.partial-${randomUUID()}`);
  const created = createPrivateFile(partial, `the folder of ${options.out}`);
  if (!created.ok) return created;
  const removePartial = () => removeFiles([partial, `${partial}-journal`]);
  try {
    const copy = await copySqliteDatabase(config.databaseFile, partial, { onProgress: options.onProgress });
    if (!copy.ok) return copy;
    options.onChecking?.();
    const check = inspectTrackerDatabase(partial, { quick: options.quick ?? false, name: `the copy of ${config.databaseFile}` });
    if (!check.ok) return check;
    syncFile(partial);
    if (options.force) renameSync(partial, out);
    else if (!linkNoReplace(partial, out)) return { ok: false, code: "exists", message: `${options.out} appeared while the backup ran; it was left as it is` };
    syncFolder(dirname(out));
    return { ok: true, ...check.info, file: out, bytes: statSync(out).size, takenAt: copy.takenAt, seconds: (performance.now() - started) / 1000, restarts: copy.restarts, onePass: copy.onePass };
  } finally {
    removePartial();
  }
}

export interface RestoreOptions {
  file: string;
  quick?: boolean;
  /** The moment used to name the replaced database (default: now). */
  now?: Date;
}

export interface RestoreDone extends DatabaseInfo {
  ok: true;
  database: string;
  /** Where the replaced database was kept; undefined when there was none. */
  keptAside: string | undefined;
  /** Said when a lock left by a dead process was found and removed. */
  staleLock: string | undefined;
  /** Side files of the replaced database: moved beside the copy kept aside, or removed. */
  sideFiles: string[];
}

export type RestoreFailureCode = "no_file" | "not_writable" | "same_file" | "locked" | "no_database" | "not_sqlite" | "damaged" | "copy_failed" | "not_tracker" | "newer_schema" | "unreadable";
export type RestoreResult = RestoreDone | OpsFailure<RestoreFailureCode>;

/**
 * Puts the backup `options.file` in place of DATA_DIR's database. Refuses while a server holds
 * the data folder. The backup is copied in and checked before anything is replaced; the
 * replaced database is renamed, never deleted. An older schema is brought up to date by the
 * migrations the next time the tracker opens.
 */
export async function restoreDatabase(config: Config, options: RestoreOptions): Promise<RestoreResult> {
  const source = resolve(options.file);
  if (!existsSync(source)) return { ok: false, code: "no_file", message: `${options.file} does not exist` };
  if (!statSync(source).isFile()) return { ok: false, code: "no_file", message: `${options.file} is not a file` };
  if (isDatabaseFile(config, source)) return { ok: false, code: "same_file", message: `${options.file} is the tracker's database itself` };
  // Before the lock, so that a wrong file is named as such even while the server runs.
  const header = sqliteHeaderCheck(source, options.file);
  if (!header.ok) return header;
  const lock = takeDataLock(config.dataDir, "restore");
  if (!lock.ok) return { ok: false, code: "locked", message: `cannot restore: ${lock.message}` };
  try {
    return await restoreHoldingLock(config, options, source, lock.replacedStale);
  } finally {
    lock.release();
  }
}

async function restoreHoldingLock(config: Config, options: RestoreOptions, source: string, staleLock: string | undefined): Promise<RestoreResult> {
  const database = config.databaseFile;
  const incoming = `${database}.restoring-${randomUUID()}`;
  const created = createPrivateFile(incoming, config.dataDir);
  if (!created.ok) return created;
  try {
    // Through SQLite, not a byte copy: a backup still in WAL mode keeps its log's transactions.
    const copy = await copySqliteDatabase(source, incoming, { name: options.file });
    if (!copy.ok) return copy;
    const check = inspectTrackerDatabase(incoming, { quick: options.quick ?? false, name: options.file });
    if (!check.ok) return check;
    syncFile(incoming);

    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, "-");
    const sideFiles: string[] = [];
    let keptAside: string | undefined;
    if (existsSync(database)) {
      // Best effort: a database that cannot be checkpointed is kept aside with its -wal (below).
      checkpointDatabase(database);
      keptAside = freeName(`${database}.before-restore-${stamp}`);
      renameSync(database, keptAside);
    }
    // A -wal left by a server that was killed holds committed writes of the replaced database:
    // it goes with that database (SQLite finds it by name), never beside the restored one,
    // where SQLite would replay it onto the wrong pages. The -shm is only an index of the -wal.
    for (const suffix of SIDE_FILE_SUFFIXES) {
      const side = database + suffix;
      if (!existsSync(side)) continue;
      if (suffix === "-wal" && keptAside) {
        renameSync(side, keptAside + suffix);
        sideFiles.push(`${basename(side)} moved to ${basename(keptAside + suffix)}`);
      } else {
        unlinkSync(side);
        sideFiles.push(`${basename(side)} removed`);
      }
    }
    renameSync(incoming, database);
    syncFolder(config.dataDir);
    return { ok: true, ...check.info, database, keptAside, staleLock, sideFiles };
  } finally {
    removeFiles([incoming, `${incoming}-journal`]);
  }
}

/** An empty file only this account can read, for SQLite to copy into. */
function createPrivateFile(path: string, folder: string): { ok: true } | OpsFailure<"not_writable"> {
  try {
    closeSync(openSync(path, "wx", PRIVATE_FILE_MODE));
    return { ok: true };
  } catch (error) {
    return { ok: false, code: "not_writable", message: `cannot write in ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}

function isDatabaseFile(config: Config, path: string): boolean {
  const candidates = [config.databaseFile, ...SIDE_FILE_SUFFIXES.map((s) => config.databaseFile + s)];
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  return candidates.some((c) => resolve(c) === path || real(c) === real(path));
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** A name not yet taken: `base`, else `base-2`, `base-3`... */
function freeName(base: string): string {
  let name = base;
  for (let n = 2; existsSync(name); n++) name = `${base}-${n}`;
  return name;
}

/** Moves `from` to `to` unless `to` exists (link() refuses to replace, rename() would not). */
function linkNoReplace(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // Some network and FUSE file systems have no hard links: look, then rename.
    if ((code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP") && !existsSync(to)) {
      renameSync(from, to);
      return true;
    }
    throw error;
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the renames durable: without it a power cut can bring back the old names. */
function syncFolder(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the files themselves are synced.
  } finally {
    closeSync(fd);
  }
}

function removeFiles(paths: string[]): void {
  for (const path of paths) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}
