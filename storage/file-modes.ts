/**
 * The database holds safeguarding case details: only the account that runs the tracker may
 * read its files. SQLite creates a database's -wal and -shm files with the main file's mode, so
 * making the main file 0600 before SQLite opens it is enough for the files it creates later.
 */
import { chmodSync, closeSync, existsSync, openSync } from "node:fs";

/** Read and write for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** The files SQLite keeps beside a database in WAL mode. */
export const SIDE_FILE_SUFFIXES = ["-wal", "-shm"] as const;

/**
 * Creates the database file 0600 when it does not exist, and narrows an existing one (and any
 * -wal and -shm left beside it) to 0600: files made by an earlier version of the tracker, or
 * copied in by hand, took the umask's mode.
 */
export function makeDatabaseFilePrivate(file: string): void {
  if (!existsSync(file)) {
    // "a" creates without truncating, so a file made in between by another process is kept.
    closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
  }
  for (const path of [file, ...SIDE_FILE_SUFFIXES.map((s) => file + s)]) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE);
    } catch (error) {
      // A side file may vanish between the look and the chmod (another process checkpointed);
      // a file owned by another account cannot be changed by us, and refusing to open would
      // not make it private either.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "EPERM") throw error;
    }
  }
}
