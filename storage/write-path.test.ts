/**
 * The write path checks before it writes: a batch of new records, or a bulk run of updates,
 * refuses one record (a duplicate value, a row already imported) without undoing or losing the
 * others, and what a write returns is exactly what a read gives afterwards.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type NewRecord, type Store, type StoredRecord, type WriteResult } from "./index.ts";

let dir: string;
let file: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "scrt-write-path-"));
  file = join(dir, "scrt.db");
  store = await openSqliteStore({ file });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const COLLECTION = "case-review";

function newRecord(steis: string, extra: Partial<NewRecord> = {}): NewRecord {
  return {
    collection: COLLECTION,
    version: "1.0",
    ownerOrg: "QWE",
    data: { steis_number: steis, summary: `Case ${steis}` },
    userId: "user-1",
    complete: true,
    missing: [],
    unique: [{ item: "steis_number", value: steis, ignoreCase: true, within: "owner" }],
    search: { texts: [{ item: "summary", text: `Case ${steis}` }], facets: [] },
    ...extra,
  };
}

function ok(result: WriteResult | undefined): StoredRecord {
  if (result?.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.record;
}

/** Rows of each table for one record, read through a second connection to the file. */
function rowsOf(id: string): Record<string, number> {
  const raw = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => (raw.prepare(sql).get(id) as { n: number }).n;
    return {
      records: count("SELECT count(*) AS n FROM records WHERE id = ?"),
      revisions: count("SELECT count(*) AS n FROM revisions WHERE record_id = ?"),
      unique: count("SELECT count(*) AS n FROM record_unique_values WHERE record_id = ?"),
      texts: count("SELECT count(*) AS n FROM record_texts WHERE record_id = ?"),
      importKeys: count("SELECT count(*) AS n FROM import_keys WHERE record_id = ?"),
    };
  } finally {
    raw.close();
  }
}

function totalRecords(): number {
  const raw = new Database(file, { readonly: true });
  try {
    return (raw.prepare("SELECT count(*) AS n FROM records").get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe("writes check before they write", () => {
  it("stores every record of a batch but the one refused, whose refusal leaves nothing", async () => {
    const earlier = ok(await store.createRecord(newRecord("2024/1", { importKey: "row-1" })));
    const results = await store.createRecords([
      newRecord("2024/2", { importKey: "row-2" }),
      newRecord("2024/3", { importKey: "row-1" }),
      // The same value as the batch's own first record, in another case.
      newRecord("2024/2".toUpperCase(), { importKey: "row-4", data: { steis_number: "2024/2", summary: "Another case" } }),
      newRecord("2024/5", { importKey: "row-5" }),
    ]);
    expect(results.map((r) => r.kind)).toEqual(["ok", "already_imported", "duplicate", "ok"]);
    expect(results[1]).toEqual({ kind: "already_imported", id: earlier.id });
    expect(results[2]).toEqual({ kind: "duplicate", item: "steis_number", otherId: ok(results[0]).id });
    expect(totalRecords()).toBe(3);
    for (const r of [results[0], results[3]]) expect(rowsOf(ok(r).id)).toEqual({ records: 1, revisions: 1, unique: 1, texts: 1, importKeys: 1 });
  });

  it("refuses a duplicate inside a bulk run without undoing the run's other writes", async () => {
    const a = ok(await store.createRecord(newRecord("2024/1")));
    const b = ok(await store.createRecord(newRecord("2024/2")));
    const results = await store.bulk(async () => [
      await store.updateRecord({ collection: COLLECTION, id: a.id, expectedRevision: 1, version: "2.0", data: { steis_number: "2024/1", summary: "Changed" }, userId: "user-2", complete: true, missing: [], unique: [{ item: "steis_number", value: "2024/1", ignoreCase: true, within: "owner" }] }),
      await store.updateRecord({ collection: COLLECTION, id: b.id, expectedRevision: 1, version: "2.0", data: { steis_number: "2024/1", summary: "Clash" }, userId: "user-2", complete: true, missing: [], unique: [{ item: "steis_number", value: "2024/1", ignoreCase: true, within: "owner" }] }),
      await store.createRecord(newRecord("2024/9")),
    ]);
    expect(results.map((r) => r.kind)).toEqual(["ok", "duplicate", "ok"]);
    expect((await store.getRecord(COLLECTION, a.id))).toMatchObject({ revision: 2, version: "2.0", data: { summary: "Changed" } });
    // The refused update changed nothing: same revision, same data, its own value still held.
    expect(await store.getRecord(COLLECTION, b.id)).toEqual(b);
    expect(rowsOf(b.id)).toEqual({ records: 1, revisions: 1, unique: 1, texts: 1, importKeys: 0 });
    expect(totalRecords()).toBe(3);
  });

  it("returns from create and update exactly the record a read gives afterwards", async () => {
    const created = ok(await store.createRecord(newRecord("2024/1", { archive: { old: "x" }, reviewFlags: ["check"], at: "2026-01-01T10:00:00.000Z" })));
    expect(created).toEqual(await store.getRecord(COLLECTION, created.id));
    const owner = { candidates: ["QWE", "QRS"], reason: "two candidates" };
    const moved = ok(await store.updateRecord({ collection: COLLECTION, id: created.id, expectedRevision: 1, version: "2.0", data: { steis_number: "2024/1" }, userId: "user-2", complete: false, missing: ["/summary"], unique: [], ownerOrg: "QRS", ownerPending: owner, at: "2026-01-02T10:00:00.000Z" }));
    expect(moved).toEqual(await store.getRecord(COLLECTION, created.id));
    expect(moved).toMatchObject({ revision: 2, ownerOrg: "QRS", createdAt: "2026-01-01T10:00:00.000Z", updatedAt: "2026-01-02T10:00:00.000Z", archive: { old: "x" }, reviewFlags: ["check"], ownerPending: owner });
    // Archive, flags and the owner queue entry stay as they were when an update does not give them.
    const again = ok(await store.updateRecord({ collection: COLLECTION, id: created.id, expectedRevision: 2, version: "2.0", data: { steis_number: "2024/1", summary: "Back" }, userId: "user-2", complete: true, missing: [], unique: [] }));
    expect(again).toEqual(await store.getRecord(COLLECTION, created.id));
    expect(again).toMatchObject({ revision: 3, archive: { old: "x" }, reviewFlags: ["check"], ownerPending: owner });
  });
});
