/**
 * What a data command's database connection is: the embedded file the configuration names, as
 * a bulk writer: the bigger page cache bulk writes need (DATA_COMMAND_PAGE_CACHE_MIB), while the
 * server keeps the driver's default cache (better-sqlite3 builds SQLite with 16 MiB). Both
 * checkpoint in the background (BULK_LOG_PAGES).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { configFor, DATA_COMMAND_PAGE_CACHE_MIB, openTracker } from "../ops/index.ts";
import { BULK_LOG_PAGES, openSqliteStore, type SqliteStore } from "../storage/index.ts";
import { openDataContext } from "./data-context.ts";

let dir: string;
const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scrt-data-context-"));
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

it("opens a data command's database as a bulk writer: its page cache, and checkpoints in the background", async () => {
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  const context = await openDataContext("s-crt", "import");
  try {
    expect((context.store as SqliteStore).pageCacheKiB()).toBe(DATA_COMMAND_PAGE_CACHE_MIB * 1024);
    expect((context.store as SqliteStore).logPagesBeforeCheckpoint()).toBe(BULK_LOG_PAGES);
  } finally {
    await context.close();
  }
});

it("leaves the server's connection at the driver's default page cache, checkpointing in the background too", async () => {
  const plain = new Database(":memory:");
  const defaultKiB = -Number(plain.pragma("cache_size", { simple: true }));
  plain.close();
  const tracker = await openTracker(configFor(dir));
  try {
    expect((tracker.store as SqliteStore).pageCacheKiB()).toBe(defaultKiB);
    expect((tracker.store as SqliteStore).logPagesBeforeCheckpoint()).toBe(BULK_LOG_PAGES);
    expect(defaultKiB).toBeLessThan(DATA_COMMAND_PAGE_CACHE_MIB * 1024);
  } finally {
    await tracker.close();
  }
});

it("refuses a page cache that is not a positive size, before opening anything", async () => {
  await expect(openSqliteStore({ file: join(dir, "t.sqlite"), pageCacheMiB: 0 })).rejects.toThrow(/pageCacheMiB/);
  await expect(openSqliteStore({ file: join(dir, "t.sqlite"), pageCacheMiB: Number.NaN })).rejects.toThrow(/pageCacheMiB/);
  const store = (await openSqliteStore({ file: join(dir, "t.sqlite"), pageCacheMiB: 8 })) as SqliteStore;
  try {
    expect(store.pageCacheKiB()).toBe(8 * 1024);
  } finally {
    await store.close();
  }
});
