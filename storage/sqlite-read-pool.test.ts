/**
 * Reads answered by worker threads (readWorkers) are the reads answered in-process: the same
 * lists, searches, histories, counts and scans from the same file, every committed write seen
 * at once, errors of the same kind, and a bulk run's reads of its own uncommitted writes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteReadPool } from "./sqlite-read-pool.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { NewRecord, RecordQuery, Store } from "./types.ts";

const COLLECTION = "cases";

function newRecord(n: number, owner: string): NewRecord {
  return {
    collection: COLLECTION,
    version: "1.0",
    ownerOrg: owner,
    data: { title: `Case ${n}`, overview: n % 2 ? "a missed appointment" : "a delayed referral", n },
    userId: "u1",
    complete: true,
    missing: [],
    unique: [],
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    search: { texts: [{ item: "overview", text: n % 2 ? "a missed appointment" : "a delayed referral" }], facets: [] },
  };
}

describe("reads in worker threads", () => {
  let dir: string;
  let inProcess: Store;
  let pooled: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scrt-read-pool-"));
    const file = join(dir, "t.sqlite");
    inProcess = await openSqliteStore({ file });
    for (let n = 1; n <= 30; n++) await inProcess.createRecord(newRecord(n, n % 3 ? "QE1" : "QMF"));
    pooled = await openSqliteStore({ file, readWorkers: 2 });
  });

  afterAll(async () => {
    await pooled?.close();
    await inProcess?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts real worker threads that answer from the file (no silent fall back to the main thread)", async () => {
    const pool = new SqliteReadPool(join(dir, "t.sqlite"), 1);
    try {
      expect(await pool.run("countRecords", [COLLECTION])).toBe(await inProcess.countRecords(COLLECTION));
      await expect(pool.run("history", [COLLECTION, "x"])).resolves.toEqual([]);
    } finally {
      await pool.close();
    }
    await expect(pool.run("countRecords", [COLLECTION])).rejects.toThrow(/closed/);
  });

  it("answers every heavy read as the in-process store does", async () => {
    const list: RecordQuery = { collection: COLLECTION, owners: ["QE1"], page: 2, pageSize: 5, sortBy: "createdAt", sortDir: "asc" };
    expect(await pooled.listRecords(list)).toEqual(await inProcess.listRecords(list));
    const search = { collection: COLLECTION, query: "missed", owners: "all", page: 1, pageSize: 10 } as const;
    const found = await pooled.searchTexts(search);
    expect(found.total).toBe(15);
    expect(found).toEqual(await inProcess.searchTexts(search));
    const [first] = (await inProcess.listRecords({ collection: COLLECTION, owners: "all", page: 1, pageSize: 1 })).items;
    expect(await pooled.history(COLLECTION, first!.id)).toEqual(await inProcess.history(COLLECTION, first!.id));
    expect(await pooled.countRecords(COLLECTION)).toBe(30);
    const asAt = { collection: COLLECTION, at: "2026-01-01T00:00:20.000Z", owners: "all" as const, limit: 50 };
    expect(await pooled.scanRecordsAsAt(asAt)).toEqual(await inProcess.scanRecordsAsAt(asAt));
    expect((await pooled.scanRecordsAsAt(asAt)).length).toBe(20);
    const revisions = { collection: COLLECTION, afterSeq: 3, limit: 10 };
    expect(await pooled.scanRevisions(revisions)).toEqual(await inProcess.scanRevisions(revisions));
  });

  it("sees a write as soon as it is committed, by this store or another", async () => {
    const before = await pooled.countRecords(COLLECTION);
    const mine = await pooled.createRecord(newRecord(100, "QE1"));
    expect(await pooled.countRecords(COLLECTION)).toBe(before + 1);
    await inProcess.createRecord(newRecord(101, "QE1"));
    expect(await pooled.countRecords(COLLECTION)).toBe(before + 2);
    if (mine.kind !== "ok") throw new Error(mine.kind);
    const updated = await pooled.updateRecord({ collection: COLLECTION, id: mine.record.id, expectedRevision: 1, version: "1.0", data: { title: "Changed" }, userId: "u1", complete: true, missing: [], unique: [] });
    expect(updated.kind).toBe("ok");
    expect((await pooled.history(COLLECTION, mine.record.id)).map((r) => r.revision)).toEqual([1, 2]);
  });

  it("keeps the kind of error a read throws (a bad cursor is a RangeError)", async () => {
    await expect(pooled.listRecords({ collection: COLLECTION, owners: "all", page: 1, pageSize: 5, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(RangeError);
    await expect(pooled.listRecords({ collection: COLLECTION, owners: "all", page: 1, pageSize: Number.NaN })).rejects.toThrow(/pageSize must be a number/);
  });

  it("reads inside a bulk run in-process, where the run's own writes are", async () => {
    const before = await pooled.countRecords(COLLECTION);
    const seen = await pooled.bulk(async () => {
      await pooled.createRecord(newRecord(200, "QMF"));
      return pooled.countRecords(COLLECTION);
    });
    expect(seen).toBe(before + 1);
  });

  it("finds a short search beyond ASCII from a worker's read-only connection, folded as the search index folds it", async () => {
    await pooled.prepareListIndexes([{ collection: COLLECTION, sort: [], equals: [], includes: [], dates: [], search: ["overview"] }]);
    const cafe = await pooled.createRecord({ ...newRecord(31, "QE1"), data: { title: "Case 31", overview: "a café visit", n: 31 } });
    const spoken = await pooled.createRecord({ ...newRecord(32, "QE1"), data: { title: "Case 32", overview: "ΛΌΓΟΣ SAID", n: 32 } });
    if (cafe.kind !== "ok" || spoken.kind !== "ok") throw new Error("not created");
    const found = async (text: string) => (await pooled.listRecords({ collection: COLLECTION, owners: "all", page: 1, pageSize: 10, search: { items: ["overview"], text } })).items.map((r) => r.id);
    expect(await found("é")).toEqual([cafe.record.id]);
    // LIKE ignores the case of ASCII letters only: "É" is not "é", nor "σ" "Σ".
    expect(await found("É")).toEqual([]);
    expect(await found("ΓΟ")).toEqual([spoken.record.id]);
    expect(await found("γο")).toEqual([]);
  });

  it("answers reads in parallel, more than there are workers", async () => {
    const counts = await Promise.all(Array.from({ length: 7 }, () => pooled.countRecords(COLLECTION)));
    expect(new Set(counts).size).toBe(1);
  });
});
