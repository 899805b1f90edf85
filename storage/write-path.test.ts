/**
 * The write path checks before it writes: a batch of new records, or a bulk run of updates,
 * refuses one record (a duplicate value, a row already imported) without undoing or losing the
 * others, and what a write returns is exactly what a read gives afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caseReviewRecord, storeTargets, type StorePlace } from "./test-stores.ts";
import { type NewRecord, type Store, type StoredRecord, type WriteResult } from "./index.ts";

let place: StorePlace;
let store: Store;

describe.each(storeTargets())("the $dialect store", ({ create: createPlace }) => {
beforeEach(async () => {
  place = await createPlace();
  store = await place.open();
});

afterEach(async () => {
  await store.close();
  await place.drop();
});

const COLLECTION = "case-review";

const newRecord = caseReviewRecord;

function ok(result: WriteResult | undefined): StoredRecord {
  if (result?.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.record;
}

/** Rows of each table for one record, read through a second connection to the database. */
async function rowsOf(id: string): Promise<Record<string, number>> {
  const count = async (sql: string) => Number((await place.raw<{ n: number | string }>(sql, [id]))[0]!.n);
  return {
    records: await count("SELECT count(*) AS n FROM records WHERE id = $1"),
    revisions: await count("SELECT count(*) AS n FROM revisions WHERE record_id = $1"),
    unique: await count("SELECT count(*) AS n FROM record_unique_values WHERE record_id = $1"),
    texts: await count("SELECT count(*) AS n FROM record_texts WHERE record_id = $1"),
    importKeys: await count("SELECT count(*) AS n FROM import_keys WHERE record_id = $1"),
  };
}

async function totalRecords(): Promise<number> {
  return Number((await place.raw<{ n: number | string }>("SELECT count(*) AS n FROM records"))[0]!.n);
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
    expect(await totalRecords()).toBe(3);
    for (const r of [results[0], results[3]]) expect(await rowsOf(ok(r).id)).toEqual({ records: 1, revisions: 1, unique: 1, texts: 1, importKeys: 1 });
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
    expect(await rowsOf(b.id)).toEqual({ records: 1, revisions: 1, unique: 1, texts: 1, importKeys: 0 });
    expect(await totalRecords()).toBe(3);
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
});
