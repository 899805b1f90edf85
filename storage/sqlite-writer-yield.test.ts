/**
 * When a bulk writer pauses between its transactions, and how long it may make them: pauses and
 * short transactions only once another connection has committed to the file, for POLITE_MS
 * after the last such commit. Real SQLite files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { BULK_TRANSACTION_MS, LONE_BULK_TRANSACTION_MS, openSqliteStore } from "./index.ts";
import { POLITE_MS, WriterYield } from "./sqlite-writer-yield.ts";

let dir: string;
let bulk: Database.Database;
let server: Database.Database;
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scrt-writer-yield-"));
  const file = join(dir, "t.sqlite");
  bulk = new Database(file);
  bulk.pragma("journal_mode = WAL");
  bulk.exec("CREATE TABLE t (n INTEGER)");
  server = new Database(file);
  clock = 1_000_000;
});
afterEach(() => {
  bulk.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

it("never pauses while the bulk writer is alone on the file, whatever it writes and whoever checkpoints", () => {
  const writerYield = new WriterYield(bulk, () => clock);
  for (let i = 0; i < 5; i++) {
    bulk.prepare("INSERT INTO t VALUES (?)").run(i);
    expect(writerYield.pauseAfter(100)).toBe(0);
  }
  // Another connection copying the log into the file (the checkpoint thread) changes nothing.
  server.pragma("wal_checkpoint(PASSIVE)");
  expect(writerYield.pauseAfter(100)).toBe(0);
});

it("pauses for half the time the lock was held (10 to 100 ms) once another connection commits, until POLITE_MS after its last commit", () => {
  const writerYield = new WriterYield(bulk, () => clock);
  expect(writerYield.pauseAfter(100)).toBe(0);
  server.prepare("INSERT INTO t VALUES (?)").run(1);
  expect(writerYield.pauseAfter(100)).toBe(50);
  expect(writerYield.pauseAfter(4)).toBe(10);
  expect(writerYield.pauseAfter(1_000)).toBe(100);
  clock += POLITE_MS - 1;
  expect(writerYield.pauseAfter(100)).toBe(50);
  clock += 1;
  expect(writerYield.pauseAfter(100)).toBe(0);
  // A later commit starts the polite window again.
  server.prepare("INSERT INTO t VALUES (?)").run(2);
  expect(writerYield.pauseAfter(60)).toBe(30);
});

it("gives a data command's store long transactions while it is alone on the file, and short ones once another connection writes", async () => {
  const file = join(dir, "store.sqlite");
  const command = await openSqliteStore({ file, yieldToOtherWriters: true });
  const served = await openSqliteStore({ file });
  try {
    expect(command.bulkTransactionMs()).toBe(LONE_BULK_TRANSACTION_MS);
    // Its own writes leave it alone.
    await command.createRecord({ collection: "c", version: "1", ownerOrg: "A", data: {}, userId: "u", complete: true, missing: [], unique: [] });
    expect(command.bulkTransactionMs()).toBe(LONE_BULK_TRANSACTION_MS);
    // A server's connection has its own requests waiting: never long.
    expect(served.bulkTransactionMs()).toBe(BULK_TRANSACTION_MS);
    await served.createRecord({ collection: "c", version: "1", ownerOrg: "A", data: {}, userId: "u", complete: true, missing: [], unique: [] });
    expect(command.bulkTransactionMs()).toBe(BULK_TRANSACTION_MS);
    expect(BULK_TRANSACTION_MS).toBeLessThan(LONE_BULK_TRANSACTION_MS);
  } finally {
    await command.close();
    await served.close();
  }
});
