/**
 * Checkpoints in the background (the server's and a data command's connections): the connection
 * lets the log grow (BULK_LOG_PAGES) and a worker thread copies committed pages into the
 * database file meanwhile; a store opened without asking keeps SQLite's own checkpoints. Real
 * SQLite files throughout.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { BULK_LOG_PAGES } from "./sqlite-checkpointer.ts";
import { openSqliteStore, type SqliteStore } from "./sqlite-store.ts";
import { caseReviewRecord } from "./test-stores.ts";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scrt-checkpointer-"));
  file = join(dir, "tracker.sqlite");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `chunks` transactions of 100 records, each with a text long enough to fill pages quickly. */
async function writeInBulk(store: SqliteStore, chunks: number): Promise<void> {
  const filler = "a sentence of the case's summary that takes up room. ".repeat(20);
  for (let c = 0; c < chunks; c++) {
    const results = await store.createRecords(Array.from({ length: 100 }, (_, i) => caseReviewRecord(`2026/${c * 100 + i}`, { data: { steis_number: `2026/${c * 100 + i}`, summary: filler } })));
    expect(results.every((r) => r.kind === "ok")).toBe(true);
  }
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

it("copies committed pages into the database file from the thread, long before the writer would", async () => {
  const store = (await openSqliteStore({ file, backgroundCheckpoints: true })) as SqliteStore;
  try {
    expect(store.logPagesBeforeCheckpoint()).toBe(BULK_LOG_PAGES);
    const before = sizeOf(file);
    await writeInBulk(store, 30);
    const logged = sizeOf(`${file}-wal`);
    // Far less than the writer's own threshold: only the thread can have copied it.
    expect(logged).toBeGreaterThan(4 * 2 ** 20);
    expect(logged).toBeLessThan((BULK_LOG_PAGES * 4096) / 4);
    expect(await waitFor(() => sizeOf(file) - before > 3 * 2 ** 20, 10_000)).toBe(true);
  } finally {
    await store.close();
  }
});

it("empties the log when a data command closes, though a server still has the database open", async () => {
  const server = (await openSqliteStore({ file })) as SqliteStore;
  const bulk = (await openSqliteStore({ file, backgroundCheckpoints: true })) as SqliteStore;
  try {
    await writeInBulk(bulk, 20);
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(2 ** 20);
    await bulk.close();
    // The server's connection keeps the file open, so closing the writer removes no log file;
    // the thread's last checkpoint cut it to nothing.
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(sizeOf(`${file}-wal`)).toBe(0);
    // Nothing was lost on the way: the server reads every record.
    expect(await server.countRecords("case-review")).toBe(2000);
  } finally {
    await bulk.close();
    await server.close();
  }
});

it("leaves every other connection to SQLite's own checkpoints (every 1,000 pages, on the committing thread)", async () => {
  const plain = new Database(":memory:");
  const sqliteDefault = Number(plain.pragma("wal_autocheckpoint", { simple: true }));
  plain.close();
  const store = (await openSqliteStore({ file })) as SqliteStore;
  try {
    expect(store.logPagesBeforeCheckpoint()).toBe(sqliteDefault);
    expect(sqliteDefault).toBe(1000);
  } finally {
    await store.close();
  }
});
