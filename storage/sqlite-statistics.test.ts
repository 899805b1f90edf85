/**
 * The planner's statistics of a file that grows under a running tracker (sqlite-statistics.ts):
 * gathered again by the writer once the tables have changed enough, and then used by every other
 * connection already open on the file, as the read workers' are.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { openSqliteStore, type SqliteStore } from "./sqlite-store.ts";
import { caseReviewRecord } from "./test-stores.ts";

let dir: string;
let file: string;
let store: SqliteStore;
const open: Database.Database[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "scrt-statistics-"));
  file = join(dir, "tracker.sqlite");
});
afterEach(async () => {
  vi.useRealTimers();
  for (const db of open.splice(0)) db.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(options: Database.Options = {}): Database.Database {
  const db = new Database(file, options);
  open.push(db);
  return db;
}

/** How many rows sqlite_stat1 says the records table has (undefined: no figures yet). */
function recordsCounted(db: Database.Database): number | undefined {
  const row = db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'records' AND idx = 'records_collection_updated_idx'").get() as { stat: string } | undefined;
  return row ? Number(row.stat.split(" ")[0]) : undefined;
}

it("gathers the records' figures again once they have grown tenfold, and not before", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  store = (await openSqliteStore({ file })) as SqliteStore;
  const raw = connect({ readonly: true });
  await store.createRecords(Array.from({ length: 200 }, (_, i) => caseReviewRecord(`S-${i}`)));
  expect(store.checkStatistics()).toBe("gathered");
  expect(recordsCounted(raw)).toBe(200);
  await store.createRecords(Array.from({ length: 300 }, (_, i) => caseReviewRecord(`T-${i}`)));
  expect(store.checkStatistics()).toBe("unchanged");
  // The store's own timer asks, every minute.
  await store.createRecords(Array.from({ length: 2000 }, (_, i) => caseReviewRecord(`U-${i}`)));
  vi.advanceTimersByTime(60_000);
  expect(recordsCounted(raw)).toBe(2500);
});

it("has connections opened before, read-only ones too, plan with the new figures", async () => {
  store = (await openSqliteStore({ file })) as SqliteStore;
  const writer = connect();
  writer.exec("CREATE TABLE planned (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER); CREATE INDEX planned_a ON planned (a); CREATE INDEX planned_b ON planned (b)");
  const insert = writer.prepare("INSERT INTO planned (a, b) VALUES (?, ?)");
  const rows = (pairs: [number, number][]) => writer.transaction(() => pairs.forEach(([a, b]) => insert.run(a, b)))();
  // While the table is small, a tells rows apart and b does not.
  rows(Array.from({ length: 100 }, (_, i) => [i, 0]));
  expect(store.checkStatistics()).toBe("gathered");
  // A worker's connection, opened then.
  const worker = connect({ readonly: true });
  const QUERY = "SELECT id FROM planned WHERE a = 1 AND b = 5";
  // The plan of the query as the worker runs it: running a statement is when a connection sees
  // that the schema changed (an EXPLAIN alone does not look).
  const plan = () => {
    worker.prepare(QUERY).all();
    return (worker.prepare(`EXPLAIN QUERY PLAN ${QUERY}`).all() as { detail: string }[]).map((r) => r.detail).join(" ");
  };
  expect(plan()).toMatch(/INDEX planned_a/);
  // Then the table grows the other way: every new row has a = 1, and b tells them apart.
  rows(Array.from({ length: 10_000 }, (_, i) => [1, i]));
  expect(plan(), "the figures of the small table").toMatch(/INDEX planned_a/);
  expect(store.checkStatistics()).toBe("gathered");
  expect(plan()).toMatch(/INDEX planned_b/);
});

it("does not wait for a writer elsewhere, and asks again next time", async () => {
  store = (await openSqliteStore({ file })) as SqliteStore;
  await store.createRecords(Array.from({ length: 200 }, (_, i) => caseReviewRecord(`S-${i}`)));
  const other = connect();
  other.exec("BEGIN IMMEDIATE");
  const started = performance.now();
  expect(store.checkStatistics()).toBe("busy");
  expect(performance.now() - started, "no busy wait on the event loop").toBeLessThan(1_000);
  other.exec("COMMIT");
  expect(store.checkStatistics()).toBe("gathered");
  const probe = connect({ readonly: true });
  expect(recordsCounted(probe)).toBe(200);
});
