/**
 * The database files are readable by the tracker's account only: a new database and the -wal
 * and -shm SQLite makes beside it, and an existing database (with its side files) made under a
 * looser umask. Real files on a real file system; modes are POSIX, and the tests run on Linux.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openSqliteStore } from "./index.ts";

const mode = (path: string) => statSync(path).mode & 0o777;
const dir = mkdtempSync(join(tmpdir(), "scrt-modes-"));
let umask: number;

beforeAll(() => {
  // A common default, under which SQLite would make 0644 files: a 077 umask would hide the bug.
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

it("creates a new database, its -wal and its -shm 0600", async () => {
  const file = join(dir, "new", "tracker.sqlite");
  const store = await openSqliteStore({ file });
  try {
    await store.ensureUser({ username: "u", displayName: "U", role: "national", orgCode: "X24" });
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(path), path).toBe(true);
      expect(mode(path).toString(8), path).toBe("600");
    }
  } finally {
    await store.close();
  }
});

it("narrows an existing 0644 database and the side files left beside it to 0600 when it opens", async () => {
  const file = join(dir, "old.sqlite");
  // Another connection keeps the -wal and -shm in being, as a running (or killed) server would.
  const other = new Database(file);
  try {
    other.pragma("journal_mode = WAL");
    other.exec("CREATE TABLE t (x)");
    other.exec("INSERT INTO t VALUES (1)");
    for (const path of [file, `${file}-wal`, `${file}-shm`]) chmodSync(path, 0o644);
    const store = await openSqliteStore({ file });
    await store.close();
    expect(mode(file).toString(8)).toBe("600");
    for (const path of [`${file}-wal`, `${file}-shm`]) if (existsSync(path)) expect(mode(path).toString(8), path).toBe("600");
    expect(existsSync(`${file}-wal`)).toBe(true);
  } finally {
    other.close();
  }
});
