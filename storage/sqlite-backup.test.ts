/**
 * The online copy and the inspection of tracker databases, on real SQLite files: a copy that
 * another connection keeps writing under still finishes and holds every write made before its
 * last step; files that are not tracker databases are told apart, each with its own code.
 */
import { cpSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, expect, it } from "vitest";
import { copySqliteDatabase, inspectTrackerDatabase, MIGRATIONS_FOLDER, openSqliteStore, sqliteHeaderCheck } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "scrt-sqlite-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An empty file for a copy to go into, as the callers make it (they choose its mode). */
function emptyFile(name: string): string {
  const path = join(dir, name);
  closeSync(openSync(path, "wx", 0o600));
  return path;
}

it("finishes a copy that a writer restarts at every step, and the copy holds every row committed before its last step", async () => {
  const source = join(dir, "busy.sqlite");
  const writer = new Database(source);
  writer.pragma("journal_mode = WAL");
  writer.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)");
  const insert = writer.prepare("INSERT INTO t (pad) VALUES (randomblob(2000))");
  writer.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run();
  })();
  const dest = emptyFile("busy-copy.sqlite");
  const seen: { restarts: number; onePass: boolean }[] = [];
  const result = await copySqliteDatabase(source, dest, {
    pagesPerStep: 200,
    onProgress: (p) => {
      seen.push({ restarts: p.restarts, onePass: p.onePass });
      // Another connection commits between every two steps, as the server does under load.
      insert.run();
    },
  });
  const rowsNow = writer.prepare("SELECT count(*) FROM t").pluck().get() as number;
  writer.close();
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.restarts).toBeGreaterThanOrEqual(3);
  expect(result.onePass).toBe(true);
  const copy = new Database(dest, { readonly: true });
  try {
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    // The last commit came from the last progress call, before the last step: it is in.
    expect(copy.prepare("SELECT count(*) FROM t").pluck().get()).toBe(rowsNow);
    // One file: the copy is not left in WAL mode, which would need side files to be read.
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
  } finally {
    copy.close();
  }
  expect(seen.at(-1)?.onePass).toBe(true);
});

it("copies step by step with progress when nothing writes", async () => {
  const source = join(dir, "quiet.sqlite");
  const db = new Database(source);
  db.exec("CREATE TABLE t (pad BLOB)");
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) db.prepare("INSERT INTO t VALUES (randomblob(2000))").run();
  })();
  db.close();
  const copied: number[] = [];
  const result = await copySqliteDatabase(source, emptyFile("quiet-copy.sqlite"), { pagesPerStep: 100, onProgress: (p) => copied.push(p.copiedPages) });
  expect(result).toMatchObject({ ok: true, restarts: 0, onePass: false });
  expect(copied.length).toBeGreaterThan(10);
  expect(copied).toEqual([...copied].sort((a, b) => a - b));
});

it("says a missing source cannot be opened, naming it", async () => {
  const result = await copySqliteDatabase(join(dir, "absent.sqlite"), emptyFile("absent-copy.sqlite"), { name: "the backup" });
  expect(result).toMatchObject({ ok: false, code: "no_database" });
  if (!result.ok) expect(result.message).toMatch(/^the backup cannot be opened/);
});

it("tells a tracker database from files that are not one", async () => {
  const tracker = join(dir, "tracker", "tracker.sqlite");
  const store = await openSqliteStore({ file: tracker });
  await store.ensureUser({ username: "u", displayName: "U", role: "national", orgCode: "X24" });
  await store.close();
  const good = inspectTrackerDatabase(tracker);
  expect(good).toMatchObject({ ok: true, info: { integrity: ["ok"], records: [], users: 1, migrationsPending: 0 } });
  if (good.ok) expect(good.info.migrationsApplied).toBe(good.info.migrationsKnown);

  const text = join(dir, "notes.txt");
  writeFileSync(text, "case notes, not a database\n".repeat(100));
  expect(sqliteHeaderCheck(text, "notes.txt")).toEqual({ ok: false, code: "not_sqlite", message: "notes.txt is not a SQLite database" });
  expect(inspectTrackerDatabase(text, { name: "notes.txt" })).toEqual({ ok: false, code: "not_sqlite", message: "notes.txt is not a SQLite database" });

  const empty = emptyFile("empty.sqlite");
  expect(sqliteHeaderCheck(empty)).toMatchObject({ ok: false, code: "not_tracker" });

  const other = join(dir, "other.sqlite");
  const db = new Database(other);
  db.exec("CREATE TABLE records (id TEXT)");
  db.close();
  const notTracker = inspectTrackerDatabase(other, { name: "other.sqlite" });
  expect(notTracker).toMatchObject({ ok: false, code: "not_tracker" });
  if (!notTracker.ok) expect(notTracker.message).toBe("other.sqlite is a SQLite database but not the tracker's: it has no __drizzle_migrations, revisions, users tables");
});

it("finds a damaged copy with the integrity check", () => {
  const file = join(dir, "damaged.sqlite");
  const db = new Database(file);
  db.exec("CREATE TABLE records (id TEXT PRIMARY KEY, pad TEXT)");
  db.exec("CREATE INDEX records_pad ON records (pad)");
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) db.prepare("INSERT INTO records VALUES (?, ?)").run(`r${i}`, `padding ${i} `.repeat(20));
  })();
  db.close();
  // Scribble over pages in the middle of the file, past the schema on page 1.
  const size = statSync(file).size;
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
  const result = inspectTrackerDatabase(file, { name: "damaged.sqlite" });
  expect(result).toMatchObject({ ok: false, code: "damaged" });
  if (!result.ok) expect(result.message).toMatch(/^damaged\.sqlite (fails SQLite's integrity check|is damaged)/);
});

it("counts the migrations an older database lacks, and refuses one from a newer tracker", () => {
  // A database made by an older tracker: its journal stopped after the first two migrations.
  const folder = join(dir, "old-migrations");
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { when: number }[] };
  const known = journal.entries.length;
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }));
  const old = join(dir, "old.sqlite");
  const sqlite = new Database(old);
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  sqlite.close();
  expect(inspectTrackerDatabase(old)).toMatchObject({ ok: true, info: { migrationsApplied: 2, migrationsKnown: known, migrationsPending: known - 2 } });

  const newer = join(dir, "newer", "newer.sqlite");
  mkdirSync(join(dir, "newer"));
  cpSync(old, newer);
  const db = new Database(newer);
  db.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('x', ?)").run(Math.max(...journal.entries.map((e) => e.when)) + 1);
  db.close();
  expect(inspectTrackerDatabase(newer, { name: "newer.sqlite" })).toMatchObject({ ok: false, code: "newer_schema" });
});
