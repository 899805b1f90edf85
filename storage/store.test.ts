import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { storeTargets, type StorePlace } from "./test-stores.ts";
import { openSqliteStore, UNIQUE_KEY_FORMAT, type NewRecord, type RecordCondition, type RecordQuery, type Store, type StoredRecord, type UniqueConstraint, type WriteResult } from "./index.ts";

let place: StorePlace;
let file: string;
let store: Store;

describe.each(storeTargets())("the $dialect store", ({ dialect, create: createPlace }) => {
const sqliteOnly = it.runIf(dialect === "sqlite");

beforeEach(async () => {
  place = await createPlace();
  file = place.location;
  store = await place.open();
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  await place.drop();
});

const COLLECTION = "case-review";

function newRecord(data: Record<string, unknown>, extra: Partial<NewRecord> = {}): NewRecord {
  return {
    collection: COLLECTION,
    version: "1.0.0",
    ownerOrg: "QWE",
    data,
    userId: "user-1",
    complete: true,
    missing: [],
    unique: [],
    ...extra,
  };
}

function steis(value: string, ignoreCase = false, within: UniqueConstraint["within"] = "owner"): UniqueConstraint[] {
  return [{ item: "steis_number", value, ignoreCase, within }];
}

function ok(result: WriteResult): StoredRecord {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.record;
}

async function create(data: Record<string, unknown>, extra: Partial<NewRecord> = {}): Promise<StoredRecord> {
  return ok(await store.createRecord(newRecord(data, extra)));
}

/** Row counts straight from the database, through a second connection. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["records", "revisions", "record_unique_values"]) {
    counts[table] = Number((await place.raw<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  }
  return counts;
}

function query(extra: Partial<RecordQuery> = {}): RecordQuery {
  return { collection: COLLECTION, owners: "all", page: 1, pageSize: 50, ...extra };
}

describe("opening", () => {
  sqliteOnly("creates the folder, uses WAL on the file and applies the migrations", async () => {
    expect(existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toEqual(
        expect.arrayContaining(["import_keys", "record_unique_values", "records", "revisions", "sessions", "users"]),
      );
      // Tables that were written and never read are gone (migration 0002).
      expect(tables).not.toContain("organisations");
      expect(tables).not.toContain("collection_versions");
    } finally {
      raw.close();
    }
  });

  it("opens an already migrated database again", async () => {
    const second = await place.open();
    expect(await second.countRecords()).toBe(0);
    await second.close();
  });

  sqliteOnly("works in memory for quick tests", async () => {
    const memory = await openSqliteStore({ file: ":memory:" });
    ok(await memory.createRecord(newRecord({ a: 1 })));
    expect(await memory.countRecords(COLLECTION)).toBe(1);
    await memory.close();
  });
});

describe("records", () => {
  it("round-trips data exactly", async () => {
    const data = {
      title: "Ünïcode — “quotes” and 'apostrophes' \\ backslash %_",
      count: 3,
      ratio: 0.125,
      flag: false,
      nothing: null,
      list: ["b", "a"],
      nested: { z: 1, a: [{ deep: true }], s: "3" },
      numeric_string: "007",
      empty: "",
    };
    const created = await create(data, { complete: false, missing: ["/title", "/nested/z"], at: "2024-05-01T10:00:00.000Z" });
    expect(created).toMatchObject({
      collection: COLLECTION,
      version: "1.0.0",
      ownerOrg: "QWE",
      revision: 1,
      complete: false,
      missing: ["/title", "/nested/z"],
      createdAt: "2024-05-01T10:00:00.000Z",
      createdBy: "user-1",
      updatedAt: "2024-05-01T10:00:00.000Z",
      updatedBy: "user-1",
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await store.getRecord(COLLECTION, created.id);
    expect(read).toEqual(created);
    expect(read?.data).toStrictEqual(data);
    expect(JSON.stringify(read?.data)).toBe(JSON.stringify(data));
    expect(typeof read?.complete).toBe("boolean");
  });

  it("finds a record only in its own collection", async () => {
    const created = await create({ a: 1 });
    expect(await store.getRecord("other", created.id)).toBeUndefined();
    expect(await store.getRecord(COLLECTION, "no-such-id")).toBeUndefined();
    expect(await store.history("other", created.id)).toEqual([]);
    const update = await store.updateRecord({ ...newRecord({ a: 2 }), collection: "other", id: created.id, expectedRevision: 1 });
    expect(update).toEqual({ kind: "not_found" });
  });

  it("keeps every revision with the items it changed", async () => {
    const created = await create({ b: 1, a: "x", nested: { p: 1, q: 2 }, gone: true }, { at: "2024-01-01T00:00:00.000Z" });
    const second = ok(
      await store.updateRecord({
        collection: COLLECTION,
        id: created.id,
        expectedRevision: 1,
        version: "1.1.0",
        data: { b: 1, a: "y", nested: { q: 2, p: 1 }, added: [1] },
        userId: "user-2",
        complete: false,
        missing: ["/c"],
        unique: [],
        at: "2024-01-02T00:00:00.000Z",
      }),
    );
    expect(second).toMatchObject({
      revision: 2,
      version: "1.1.0",
      complete: false,
      missing: ["/c"],
      createdAt: "2024-01-01T00:00:00.000Z",
      createdBy: "user-1",
      updatedAt: "2024-01-02T00:00:00.000Z",
      updatedBy: "user-2",
    });
    const third = ok(
      await store.updateRecord({
        collection: COLLECTION,
        id: created.id,
        expectedRevision: 2,
        version: "1.1.0",
        data: second.data,
        userId: "user-3",
        complete: true,
        missing: [],
        unique: [],
        reason: "migration",
        at: "2024-01-03T00:00:00.000Z",
      }),
    );
    expect(third.revision).toBe(3);

    const history = await store.history(COLLECTION, created.id);
    expect(history.map((r) => [r.revision, r.reason, r.changedItems, r.createdBy, r.version])).toEqual([
      [1, "create", ["a", "b", "gone", "nested"], "user-1", "1.0.0"],
      // nested only changed key order: not a change
      [2, "update", ["a", "added", "gone"], "user-2", "1.1.0"],
      [3, "migration", [], "user-3", "1.1.0"],
    ]);
    expect(history[0]).toMatchObject({
      recordId: created.id,
      ownerOrg: "QWE",
      data: { b: 1, a: "x", nested: { p: 1, q: 2 }, gone: true },
      createdAt: "2024-01-01T00:00:00.000Z",
    });
    expect(history[1]?.data).toEqual({ b: 1, a: "y", nested: { q: 2, p: 1 }, added: [1] });
  });

  it("stores a record carried to another version before it was stored with how it arrived as revision 1", async () => {
    const arrived = { version: "0.9.0", ownerOrg: "OLD", data: { a: "x", dropped: 1, nested: { p: 1, q: 2 } }, reason: "import" };
    const pending = { candidates: ["QWE", "QRS"], reason: "split between two successors" };
    const created = await create(
      { a: "x", nested: { q: 2, p: 1 }, added: [1] },
      { arrived, reason: "migration 0.9.0 to 1.0.0", ownerPending: pending, reviewFlags: ["check it"], unique: steis("S-1"), at: "2024-01-01T00:00:00.000Z" },
    );
    expect(created).toMatchObject({ revision: 2, version: "1.0.0", ownerOrg: "QWE", ownerPending: pending, reviewFlags: ["check it"] });
    expect(await store.getRecord(COLLECTION, created.id)).toEqual(created);
    const history = await store.history(COLLECTION, created.id);
    expect(history.map((r) => [r.revision, r.version, r.ownerOrg, r.reason, r.changedItems, r.data, r.createdAt])).toEqual([
      [1, "0.9.0", "OLD", "import", ["a", "dropped", "nested"], arrived.data, "2024-01-01T00:00:00.000Z"],
      // nested only changed key order: not a change
      [2, "1.0.0", "QWE", "migration 0.9.0 to 1.0.0", ["added", "dropped"], { a: "x", nested: { q: 2, p: 1 }, added: [1] }, "2024-01-01T00:00:00.000Z"],
    ]);
    // Its unique values are the stored version's, under its owner, and an update goes on from revision 2.
    expect(await store.createRecord(newRecord({}, { unique: steis("S-1") }))).toMatchObject({ kind: "duplicate", otherId: created.id });
    expect((await store.updateRecord({ collection: COLLECTION, id: created.id, expectedRevision: 2, version: "1.0.0", data: { a: "y" }, userId: "u", complete: true, missing: [], unique: [] })).kind).toBe("ok");
    expect(await store.listOwnerPending(COLLECTION)).toEqual([expect.objectContaining({ id: created.id })]);
  });

  it("applies only one of two updates from the same revision", async () => {
    const created = await create({ a: 1 });
    const base = { collection: COLLECTION, id: created.id, expectedRevision: 1, version: "1.0.0", userId: "u", complete: true, missing: [], unique: [] };
    const first = await store.updateRecord({ ...base, data: { a: 2 } });
    const second = await store.updateRecord({ ...base, data: { a: 3 } });
    expect(first.kind).toBe("ok");
    expect(second).toEqual({ kind: "conflict", currentRevision: 2 });
    expect((await store.getRecord(COLLECTION, created.id))?.data).toEqual({ a: 2 });
    const history = await store.history(COLLECTION, created.id);
    expect(history.map((r) => r.revision)).toEqual([1, 2]);
  });

  it("lets exactly one of 20 concurrent updates from the same revision win", async () => {
    const created = await create({ n: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        store.updateRecord({
          collection: COLLECTION,
          id: created.id,
          expectedRevision: 1,
          version: "1.0.0",
          data: { n: n + 1 },
          userId: `u${n}`,
          complete: true,
          missing: [],
          unique: [],
        }),
      ),
    );
    const winners = results.filter((r) => r.kind === "ok");
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.kind === "conflict")).toHaveLength(19);
    for (const r of results) if (r.kind === "conflict") expect(r.currentRevision).toBe(2);
    const history = await store.history(COLLECTION, created.id);
    expect(history.map((r) => r.revision)).toEqual([1, 2]);
    expect((await store.getRecord(COLLECTION, created.id))?.data).toEqual(winners[0]?.kind === "ok" ? winners[0].record.data : null);
  });

  it("lets exactly one of concurrent updates through two stores on the same database win, as two processes would", async () => {
    const created = await create({ n: 0 });
    // A second store: its own connections (SQLite: its own file handle; PostgreSQL: its own pool).
    const other = await place.open();
    try {
      const stores = [store, other];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          stores[n % 2]!.updateRecord({ collection: COLLECTION, id: created.id, expectedRevision: 1, version: "1.0.0", data: { n: n + 1 }, userId: `u${n}`, complete: true, missing: [], unique: [] }),
        ),
      );
      expect(results.filter((r) => r.kind === "ok")).toHaveLength(1);
      expect(results.filter((r) => r.kind === "conflict")).toHaveLength(19);
      expect((await other.history(COLLECTION, created.id)).map((r) => r.revision)).toEqual([1, 2]);
      // And of two stores claiming one unique value at once, exactly one gets it.
      const claims = await Promise.all(Array.from({ length: 10 }, (_, n) => stores[n % 2]!.createRecord(newRecord({ n }, { unique: steis("RACE-1") }))));
      expect(claims.filter((r) => r.kind === "ok")).toHaveLength(1);
      expect(claims.filter((r) => r.kind === "duplicate")).toHaveLength(9);
    } finally {
      await other.close();
    }
  });

  it("updates concurrently from successive revisions without losing any", async () => {
    const created = await create({ n: 0 });
    let revision = created.revision;
    for (let n = 1; n <= 10; n++) {
      const result = ok(
        await store.updateRecord({ collection: COLLECTION, id: created.id, expectedRevision: revision, version: "1.0.0", data: { n }, userId: "u", complete: true, missing: [], unique: [] }),
      );
      expect(result.revision).toBe(revision + 1);
      revision = result.revision;
    }
    const history = await store.history(COLLECTION, created.id);
    expect(history.map((r) => r.revision)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(history.map((r) => r.data["n"])).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });
});

describe("unique values", () => {
  it("rejects a duplicate within an owner and writes nothing", async () => {
    const first = await create({ steis_number: "2024/123" }, { unique: steis("2024/123") });
    const before = await store.countRecords(COLLECTION);
    const duplicate = await store.createRecord(newRecord({ steis_number: "2024/123" }, { unique: steis("2024/123") }));
    expect(duplicate).toEqual({ kind: "duplicate", item: "steis_number", otherId: first.id });
    expect(await store.countRecords(COLLECTION)).toBe(before);
    expect(await store.countRecords()).toBe(1);
    expect(await rowCounts()).toEqual({ records: 1, revisions: 1, record_unique_values: 1 });
  });

  it("compares case-insensitively only when asked", async () => {
    const first = await create({ steis_number: "AB-1" }, { unique: steis("AB-1", true) });
    expect(await store.createRecord(newRecord({ steis_number: "ab-1" }, { unique: steis("ab-1", true) }))).toEqual({
      kind: "duplicate",
      item: "steis_number",
      otherId: first.id,
    });
    // A case-sensitive constraint on another item keeps its case.
    await create({ ref: "X" }, { unique: [{ item: "ref", value: "X", ignoreCase: false, within: "owner" }] });
    await create({ ref: "x" }, { unique: [{ item: "ref", value: "x", ignoreCase: false, within: "owner" }] });
    expect(await store.countRecords(COLLECTION)).toBe(3);
  });

  it("allows the same value for another owner, but not collection-wide", async () => {
    await create({ steis_number: "1" }, { unique: steis("1"), ownerOrg: "QWE" });
    await create({ steis_number: "1" }, { unique: steis("1"), ownerOrg: "QRV" });
    await create({ steis_number: "1" }, { unique: steis("1"), ownerOrg: "QRV", collection: "other-collection" });
    const national = await create({ ref: "N1" }, { unique: steis("N1", false, "collection"), ownerOrg: "QWE" });
    expect(await store.createRecord(newRecord({ ref: "N1" }, { unique: steis("N1", false, "collection"), ownerOrg: "QRV" }))).toEqual({
      kind: "duplicate",
      item: "steis_number",
      otherId: national.id,
    });
    expect(await store.countRecords()).toBe(4);
  });

  it("rejects a duplicate on update and leaves the record and its history as they were", async () => {
    const a = await create({ steis_number: "A" }, { unique: steis("A", true) });
    const b = await create({ steis_number: "B" }, { unique: steis("B", true) });
    const result = await store.updateRecord({
      collection: COLLECTION,
      id: b.id,
      expectedRevision: 1,
      version: "1.0.0",
      data: { steis_number: "a" },
      userId: "u",
      complete: true,
      missing: [],
      unique: steis("a", true),
    });
    expect(result).toEqual({ kind: "duplicate", item: "steis_number", otherId: a.id });
    expect(await store.getRecord(COLLECTION, b.id)).toEqual(b);
    expect(await store.history(COLLECTION, b.id)).toHaveLength(1);
    expect(await rowCounts()).toEqual({ records: 2, revisions: 2, record_unique_values: 2 });
    // b still holds "B": a third record cannot take it.
    expect((await store.createRecord(newRecord({}, { unique: steis("b", true) }))).kind).toBe("duplicate");
  });

  it("releases old values on update and keeps its own value across updates", async () => {
    const a = await create({ steis_number: "A" }, { unique: steis("A") });
    const base = { collection: COLLECTION, id: a.id, version: "1.0.0", userId: "u", complete: true, missing: [] };
    ok(await store.updateRecord({ ...base, expectedRevision: 1, data: { steis_number: "A", x: 1 }, unique: steis("A") }));
    ok(await store.updateRecord({ ...base, expectedRevision: 2, data: { steis_number: "C" }, unique: steis("C") }));
    // "A" is free again.
    await create({ steis_number: "A" }, { unique: steis("A") });
    expect((await store.createRecord(newRecord({}, { unique: steis("C") }))).kind).toBe("duplicate");
  });

  it.each([
    ["a non-breaking hyphen", "STEIS\u20112024-1"],
    ["a hyphen and an en dash", "STEIS\u20102024\u20131"],
    ["a minus sign", "STEIS\u22122024-1"],
    ["a zero-width space", "STEIS-2024\u200B-1"],
    ["a zero-width joiner, a word joiner and a byte-order mark", "ST\u200DEIS\u2060-2024-\uFEFF1"],
    ["full-width letters, digits and hyphen", "\uFF33\uFF34\uFF25\uFF29\uFF33\uFF0D\uFF12\uFF10\uFF12\uFF14\uFF0D\uFF11"],
  ])("counts a value that differs only by %s as the same value", async (_name, lookalike) => {
    const first = await create({ steis_number: "STEIS-2024-1" }, { unique: steis("STEIS-2024-1") });
    expect(await store.createRecord(newRecord({ steis_number: lookalike }, { unique: steis(lookalike) }))).toEqual({ kind: "duplicate", item: "steis_number", otherId: first.id });
    await create({ steis_number: "STEIS-2024-2" }, { unique: steis("STEIS-2024-2") });
  });

  it("counts an accent written as a separate mark as the same as the accented letter", async () => {
    const accented = await create({ steis_number: "Caf\u00E9-1" }, { unique: steis("Caf\u00E9-1") });
    expect(await store.createRecord(newRecord({}, { unique: steis("Cafe\u0301-1") }))).toEqual({ kind: "duplicate", item: "steis_number", otherId: accented.id });
    await create({ steis_number: "Cafe-1" }, { unique: steis("Cafe-1") });
  });

  it("folds case after the Unicode forms when asked to ignore case", async () => {
    const first = await create({ steis_number: "ab-1" }, { unique: steis("ab-1", true) });
    for (const lookalike of ["AB\u20111", "\uFF21\uFF22-1", "Ab\u200B-1"]) {
      expect(await store.createRecord(newRecord({}, { unique: steis(lookalike, true) })), lookalike).toEqual({ kind: "duplicate", item: "steis_number", otherId: first.id });
    }
  });

  describe("a database whose keys were made by the first format (the value, lower-cased when ignoring case)", () => {
    /** Claims as format 1 stored them (written straight to the file: today's store would refuse the look-alikes). */
    async function formatOneClaims(claims: { record: StoredRecord; item: string; ignoreCase: boolean }[]): Promise<void> {
      for (const { record, item, ignoreCase } of claims) {
        const value = String(record.data[item]);
        await place.raw("INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) VALUES ($1, $2, $3, $4, $5)", [record.collection, record.ownerOrg, item, ignoreCase ? value.toLowerCase() : value, record.id]);
      }
      await place.raw(dialect === "sqlite" ? "PRAGMA user_version = 0" : "DELETE FROM store_meta WHERE key = 'unique_key_format'");
    }
    const keys = async () =>
      (await place.raw<{ item: string; key: string }>("SELECT item, value_key AS key FROM record_unique_values ORDER BY item, value_key")).map((r) => `${r.item}=${r.key}`);
    const rekey = { ignoreCaseOf: ({ item }: { item: string }) => (item === "ref" ? false : item === "steis_number" ? true : undefined), flag: ({ item }: { item: string }) => `Its ${item} is the same as another case's` };

    it("says its keys are of format 1 until they are recomputed, then of the current format", async () => {
      await formatOneClaims([]);
      expect(await store.uniqueKeyFormat()).toBe(1);
      await store.rekeyUniqueValues(rekey);
      expect(await store.uniqueKeyFormat()).toBe(UNIQUE_KEY_FORMAT);
      const reopened = await place.open();
      expect(await reopened.uniqueKeyFormat()).toBe(UNIQUE_KEY_FORMAT);
      await reopened.close();
    });

    it("recomputes every key from the record's answer; the older of two look-alikes keeps it, the other is flagged and nothing else changes", async () => {
      const older = await create({ steis_number: "STEIS-2024-1", ref: "R\u20111" });
      const newer = await create({ steis_number: "steis\u20112024\u200B-1" });
      const other = await create({ steis_number: "\uFF21\uFF22-2" });
      const unknown = await create({ gone: "X\u2013Y" });
      await formatOneClaims([
        { record: older, item: "steis_number", ignoreCase: true },
        { record: older, item: "ref", ignoreCase: false },
        // Stored before look-alikes were compared: format 1 let both in.
        { record: newer, item: "steis_number", ignoreCase: true },
        { record: other, item: "steis_number", ignoreCase: true },
        // An item no form names as unique any more: its key keeps its case.
        { record: unknown, item: "gone", ignoreCase: false },
      ]);
      expect(await keys()).toEqual(["gone=X\u2013Y", "ref=R\u20111", "steis_number=steis-2024-1", "steis_number=steis\u20112024\u200B-1", "steis_number=\uFF41\uFF42-2"]);
      const before = await Promise.all([older, newer, other, unknown].map((r) => store.history(COLLECTION, r.id)));

      const report = await store.rekeyUniqueValues(rekey);

      expect(report).toEqual({ values: 5, changed: 4, clashes: [{ collection: COLLECTION, item: "steis_number", recordId: newer.id, heldBy: older.id }] });
      expect(await keys()).toEqual(["gone=X-Y", "ref=R-1", "steis_number=ab-2", "steis_number=steis-2024-1"]);
      expect((await store.getRecord(COLLECTION, newer.id))!.reviewFlags).toEqual(["Its steis_number is the same as another case's"]);
      for (const record of [older, other, unknown]) expect(await store.getRecord(COLLECTION, record.id)).toEqual(record);
      expect({ ...(await store.getRecord(COLLECTION, newer.id))!, reviewFlags: [] }).toEqual(newer);
      expect(await Promise.all([older, newer, other, unknown].map((r) => store.history(COLLECTION, r.id)))).toEqual(before);
      // The keys now catch look-alikes of what is stored.
      expect(await store.createRecord(newRecord({}, { unique: steis("ab\u20102", true) }))).toEqual({ kind: "duplicate", item: "steis_number", otherId: other.id });
      // Running it again changes nothing and flags nothing twice.
      expect(await store.rekeyUniqueValues(rekey)).toEqual({ values: 4, changed: 0, clashes: [] });
      expect((await store.getRecord(COLLECTION, newer.id))!.reviewFlags).toHaveLength(1);
    });
  });

  it("does not trip over the same constraint given twice", async () => {
    await create({ steis_number: "A" }, { unique: [...steis("A"), ...steis("a", true), ...steis("a", true)] });
    expect(await store.countRecords()).toBe(1);
  });
});

describe("listing", () => {
  async function seed(): Promise<Record<string, StoredRecord>> {
    const rows: Array<[string, string, Record<string, unknown>, string]> = [
      ["alpha", "QWE", { name: "Alpha Review", status: "open", themes: ["neglect", "housing"], score: 3 }, "2024-01-01T00:00:00.000Z"],
      ["beta", "QWE", { name: "beta 100% done", status: "closed", themes: ["housing"], score: 1 }, "2024-01-02T00:00:00.000Z"],
      ["gamma", "QRV", { name: "Gamma_review", status: "open", themes: ["neglect"], score: 2 }, "2024-01-03T00:00:00.000Z"],
      ["delta", "QRV", { name: "Delta 100 percent", status: "open", themes: [] }, "2024-01-04T00:00:00.000Z"],
      ["epsilon", "QOX", { name: "GammaXreview", status: "open", themes: ["neglect"], score: 5 }, "2024-01-05T00:00:00.000Z"],
    ];
    const out: Record<string, StoredRecord> = {};
    for (const [key, ownerOrg, data, at] of rows) out[key] = await create(data, { ownerOrg, at });
    await create({ name: "Alpha elsewhere", status: "open" }, { collection: "other-collection" });
    return out;
  }

  const names = (page: { items: StoredRecord[] }) => page.items.map((r) => r.data["name"]);

  it("scopes by owners", async () => {
    await seed();
    const qwe = await store.listRecords(query({ owners: ["QWE"] }));
    expect(qwe.total).toBe(2);
    expect(qwe.items.every((r) => r.ownerOrg === "QWE")).toBe(true);
    const two = await store.listRecords(query({ owners: ["QWE", "QRV"] }));
    expect(two.total).toBe(4);
    expect(two.items.map((r) => r.ownerOrg)).not.toContain("QOX");
    expect((await store.listRecords(query({ owners: [] })))).toEqual({ items: [], total: 0, totalCapped: false, next: null });
    expect((await store.listRecords(query({ owners: ["NOPE"] })))).toEqual({ items: [], total: 0, totalCapped: false, next: null });
    const all = await store.listRecords(query());
    expect(all.total).toBe(5);
    expect(all.items.every((r) => r.collection === COLLECTION)).toBe(true);
  });

  it("sorts by updatedAt descending by default", async () => {
    await seed();
    expect(names(await store.listRecords(query()))).toEqual(["GammaXreview", "Delta 100 percent", "Gamma_review", "beta 100% done", "Alpha Review"]);
    expect(names(await store.listRecords(query({ sortDir: "asc" })))).toEqual(["Alpha Review", "beta 100% done", "Gamma_review", "Delta 100 percent", "GammaXreview"]);
    expect(names(await store.listRecords(query({ sortBy: "createdAt", sortDir: "asc" }))).at(0)).toBe("Alpha Review");
  });

  it("filters on equals and includes", async () => {
    await seed();
    const open = await store.listRecords(query({ filters: [{ item: "status", match: "equals", values: ["open"] }] }));
    expect(open.total).toBe(4);
    const neglect = await store.listRecords(query({ filters: [{ item: "themes", match: "includes", values: ["neglect"] }], sortBy: "name" }));
    expect(names(neglect)).toEqual(["Alpha Review", "GammaXreview", "Gamma_review"]);
    const both = await store.listRecords(
      query({
        owners: ["QWE", "QRV"],
        filters: [
          { item: "themes", match: "includes", values: ["neglect"] },
          { item: "status", match: "equals", values: ["open"] },
        ],
        sortBy: "name",
      }),
    );
    expect(names(both)).toEqual(["Alpha Review", "Gamma_review"]);
    expect((await store.listRecords(query({ filters: [{ item: "themes", match: "includes", values: ["negl"] }] }))).total).toBe(0);
    expect((await store.listRecords(query({ filters: [{ item: "no_such_item", match: "equals", values: ["open"] }] }))).total).toBe(0);
  });

  it("matches any of several codes, date ranges, conditions, migrated records and records not updated since", async () => {
    await seed();
    const any = await store.listRecords(query({ filters: [{ item: "themes", match: "includes", values: ["housing", "nothing"] }], sortBy: "name" }));
    expect(names(any)).toEqual(["Alpha Review", "beta 100% done"]);
    expect((await store.listRecords(query({ filters: [{ item: "status", match: "equals", values: ["open", "closed"] }] }))).total).toBe(5);
    expect((await store.listRecords(query({ filters: [{ item: "status", match: "equals", values: [] }] }))).total).toBe(0);

    await create({ name: "Dated early", opened: "2024-03-01" });
    await create({ name: "Dated late", opened: "2024-03-31" });
    const range = (from?: string, to?: string) => store.listRecords(query({ dateRanges: [{ item: "opened", ...(from ? { from } : {}), ...(to ? { to } : {}) }], sortBy: "name" }));
    expect(names(await range("2024-03-01", "2024-03-31"))).toEqual(["Dated early", "Dated late"]);
    expect(names(await range("2024-03-02"))).toEqual(["Dated late"]);
    expect(names(await range(undefined, "2024-03-30"))).toEqual(["Dated early"]);

    // "not" of a test on a missing answer holds, as the engine's conditions have it.
    const where = (condition: RecordCondition) => store.listRecords(query({ where: condition, sortBy: "name" })).then(names);
    expect(await where({ all: [{ item: "status", equals: "open" }, { not: { item: "score", present: true } }] })).toEqual(["Delta 100 percent"]);
    expect(await where({ item: "themes", present: false })).toEqual(["Dated early", "Dated late", "Delta 100 percent"]);
    expect(await where({ any: [{ item: "themes", includes: "housing" }, { item: "status", in: ["closed"] }] })).toEqual(["Alpha Review", "beta 100% done"]);
    expect(await where({ not: { item: "status", equals: "open" } })).toEqual(["Dated early", "Dated late", "beta 100% done"]);

    await create({ name: "Imported" }, { reason: "import" });
    expect(names(await store.listRecords(query({ migrated: true })))).toEqual(["Imported"]);
    expect((await store.listRecords(query({ migrated: false }))).total).toBe(7);
    expect(names(await store.listRecords(query({ updatedBefore: "2024-01-02T00:00:00.000Z" })))).toEqual(["Alpha Review"]);
  });

  it("searches case-insensitively with % and _ taken literally", async () => {
    await seed();
    const search = (text: string, items = ["name"]) => store.listRecords(query({ search: { items, text }, sortBy: "name" }));
    expect(names(await search("ALPHA"))).toEqual(["Alpha Review"]);
    expect(names(await search("review"))).toEqual(["Alpha Review", "GammaXreview", "Gamma_review"]);
    expect(names(await search("100%"))).toEqual(["beta 100% done"]);
    expect(names(await search("a_r"))).toEqual(["Gamma_review"]);
    expect(names(await search("%"))).toEqual(["beta 100% done"]);
    expect(names(await search("_"))).toEqual(["Gamma_review"]);
    expect(names(await search("\\"))).toEqual([]);
    expect(names(await search("closed", ["name", "status"]))).toEqual(["beta 100% done"]);
    expect((await search("review", [])).total).toBe(0);
    expect((await search("")).total).toBe(5);
    // Scoped by owner too.
    const scoped = await store.listRecords(query({ owners: ["QRV"], search: { items: ["name"], text: "gamma" } }));
    expect(names(scoped)).toEqual(["Gamma_review"]);
    expect(scoped.total).toBe(1);
  });

  it("sorts by an item, missing values last, and pages stably", async () => {
    await seed();
    expect(names(await store.listRecords(query({ sortBy: "score" })))).toEqual(["beta 100% done", "Gamma_review", "Alpha Review", "GammaXreview", "Delta 100 percent"]);
    expect(names(await store.listRecords(query({ sortBy: "score", sortDir: "desc" })))).toEqual([
      "GammaXreview",
      "Alpha Review",
      "Gamma_review",
      "beta 100% done",
      "Delta 100 percent",
    ]);
    const seen: unknown[] = [];
    for (let page = 1; page <= 3; page++) {
      const result = await store.listRecords(query({ sortBy: "status", page, pageSize: 2 }));
      expect(result.total).toBe(5);
      expect(result.items.length).toBe(page === 3 ? 1 : 2);
      seen.push(...result.items.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(5);
    expect((await store.listRecords(query({ page: 4, pageSize: 2 })))).toEqual({ items: [], total: 5, totalCapped: false, next: null });
  });

  it("pages stably when every sort value ties", async () => {
    const at = "2024-06-01T00:00:00.000Z";
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await create({ i }, { at })).id);
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) seen.push(...(await store.listRecords(query({ page, pageSize: 2 }))).items.map((r) => r.id));
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it("rejects item keys that are not identifiers", async () => {
    await expect(store.listRecords(query({ sortBy: "name; DROP TABLE records" }))).rejects.toThrow(/Invalid item key/);
    await expect(store.listRecords(query({ filters: [{ item: 'a"b', match: "equals", values: ["x"] }] }))).rejects.toThrow(/Invalid item key/);
    await expect(store.listRecords(query({ search: { items: ["A"], text: "x" } }))).rejects.toThrow(/Invalid item key/);
  });
});

describe("durability", () => {
  it("reads everything back, with history, after closing and reopening the database", async () => {
    const created = await create({ a: 1, s: "x" }, { unique: steis("K") });
    ok(await store.updateRecord({ collection: COLLECTION, id: created.id, expectedRevision: 1, version: "2.0.0", data: { a: 2, s: "x" }, userId: "u2", complete: true, missing: [], unique: steis("K") }));
    const user = await store.ensureUser({ username: "ann", displayName: "Ann", role: "icb_editor", orgCode: "QWE" });
    await store.close();

    store = await place.open();
    const read = await store.getRecord(COLLECTION, created.id);
    expect(read).toMatchObject({ revision: 2, version: "2.0.0", data: { a: 2, s: "x" }, updatedBy: "u2" });
    const history = await store.history(COLLECTION, created.id);
    expect(history.map((r) => [r.revision, r.changedItems, r.data])).toEqual([
      [1, ["a", "s"], { a: 1, s: "x" }],
      [2, ["a"], { a: 2, s: "x" }],
    ]);
    expect(await store.getUser(user.id)).toEqual(user);
    // The unique values survived too.
    expect(await store.createRecord(newRecord({}, { unique: steis("K") }))).toEqual({ kind: "duplicate", item: "steis_number", otherId: created.id });
  });
});

describe("users and sessions", () => {
  it("ensures users idempotently by username", async () => {
    const first = await store.ensureUser({ username: "bob", displayName: "Bob", role: "regional", orgCode: "Y56" });
    const again = await store.ensureUser({ username: "bob", displayName: "Robert", role: "national", orgCode: "X24" });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ displayName: "Bob", role: "regional", externalIssuer: null, externalSubject: null });
    expect(await store.listUsers()).toHaveLength(1);
    expect(await store.getUserByUsername("bob")).toEqual(first);
    expect(await store.getUser("nobody")).toBeUndefined();
    await expect(store.createUser({ username: "bob", displayName: "B", role: "icb_viewer", orgCode: "QWE" })).rejects.toThrow(/already exists/);
    const oidc = await store.createUser({ username: "carol", displayName: "Carol", role: "standards_admin", orgCode: "X24", externalIssuer: "https://idp", externalSubject: "sub-1" });
    expect(await store.getUser(oidc.id)).toEqual(oidc);
    expect((await store.listUsers()).map((u) => u.username)).toEqual(["bob", "carol"]);
  });

  it("creates, expires and deletes sessions", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2024-03-01T12:00:00.000Z"));
    const user = await store.ensureUser({ username: "dee", displayName: "Dee", role: "icb_editor", orgCode: "QWE" });
    const session = await store.createSession({ userId: user.id, method: "dev", lifetimeSeconds: 60 });
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).not.toBe(session.id);
    expect(session.expiresAt).toBe("2024-03-01T12:01:00.000Z");
    expect(await store.getSession(session.id)).toEqual(session);
    // The one read a request makes: the session and its user, as read one at a time.
    expect(await store.getSessionWithUser(session.id)).toEqual({ session, user: await store.getUser(user.id) });
    expect((await store.getSessionWithUser(session.id))?.user).toMatchObject({ username: "dee", active: true, userAdmin: false });

    vi.setSystemTime(new Date("2024-03-01T12:00:59.000Z"));
    expect(await store.getSession(session.id)).toEqual(session);
    expect((await store.getSessionWithUser(session.id))?.session).toEqual(session);
    vi.setSystemTime(new Date("2024-03-01T12:01:00.000Z"));
    expect(await store.getSessionWithUser(session.id)).toBeUndefined();
    expect(await store.getSession(session.id)).toBeUndefined();

    const other = await store.createSession({ userId: user.id, method: "oidc", lifetimeSeconds: 60, idToken: "t" });
    await store.deleteSession(other.id);
    expect(await store.getSession(other.id)).toBeUndefined();
    expect(await store.getSession("unknown")).toBeUndefined();
    expect(await store.getSessionWithUser(other.id)).toBeUndefined();
    expect(await store.getSessionWithUser("unknown")).toBeUndefined();
  });

  it("notes activity, ends a deactivated or re-roled user's sessions, and finds accounts by email and identity", async () => {
    const user = await store.createUser({ username: "eve@nhs.net", displayName: "Eve", role: "icb_editor", orgCode: "QE1", email: " Eve@NHS.net " });
    expect(user).toMatchObject({ email: "eve@nhs.net", source: "admin", active: true, externalSubject: null });
    await expect(store.createUser({ username: "eve2", displayName: "Eve", role: "icb_editor", orgCode: "QE1", email: "EVE@nhs.net" })).rejects.toThrow(/already exists/);
    expect((await store.getUserByEmail("EVE@nhs.net"))?.id).toBe(user.id);

    const session = await store.createSession({ userId: user.id, method: "oidc", lifetimeSeconds: 600 });
    await store.touchSession(session.id, "2030-01-01T00:00:00.000Z");
    expect((await store.getSession(session.id))?.lastSeenAt).toBe("2030-01-01T00:00:00.000Z");

    await store.recordSignIn(user.id, { issuer: "https://idp.example", subject: "s-1" });
    expect((await store.getUserByExternalId("https://idp.example", "s-1"))?.id).toBe(user.id);
    expect(await store.getUserByExternalId("https://other.example", "s-1")).toBeUndefined();

    // A change of name keeps the session; a change of role or deactivation ends it.
    await store.updateUser(user.id, { displayName: "Eve A" });
    expect(await store.getSession(session.id)).toBeDefined();
    expect((await store.getSessionWithUser(session.id))?.user).toMatchObject({ displayName: "Eve A", email: "eve@nhs.net", externalIssuer: "https://idp.example", externalSubject: "s-1" });
    const again = await store.createSession({ userId: user.id, method: "oidc", lifetimeSeconds: 600 });
    const changed = await store.updateUser(user.id, { active: false });
    expect(changed).toMatchObject({ active: false, displayName: "Eve A" });
    expect((await store.getUser(user.id))?.active).toBe(false);
    expect(await store.getSession(session.id)).toBeUndefined();
    expect(await store.getSession(again.id)).toBeUndefined();
    expect(await store.updateUser("nobody", { active: true })).toBeUndefined();
  });

  it("reads a request's session and user as this store last wrote them, and afresh once anyone else changed them", async () => {
    const user = await store.createUser({ username: "fay", displayName: "Fay", role: "icb_editor", orgCode: "QE1" });
    const session = await store.createSession({ userId: user.id, method: "dev", lifetimeSeconds: 600 });
    const read = async () => store.getSessionWithUser(session.id);
    expect((await read())?.user?.displayName).toBe("Fay");
    // This store's own writes (SQLite keeps the rows between requests: see sqlite-session-cache.ts).
    await store.touchSession(session.id, "2030-01-01T00:00:00.000Z");
    expect((await read())?.session.lastSeenAt).toBe("2030-01-01T00:00:00.000Z");
    await store.updateUser(user.id, { displayName: "Fay B" });
    expect((await read())?.user?.displayName).toBe("Fay B");
    await store.recordSignIn(user.id);
    expect((await read())?.user?.lastSignInAt).not.toBeNull();
    // Another process's, straight in SQL and through a store of its own.
    await place.raw("UPDATE users SET display_name = $1 WHERE id = $2", ["Fay C", user.id]);
    expect((await read())?.user?.displayName).toBe("Fay C");
    await place.raw("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", ["2031-01-01T00:00:00.000Z", session.id]);
    expect((await read())?.session.lastSeenAt).toBe("2031-01-01T00:00:00.000Z");
    const other = await place.open();
    try {
      await other.updateUser(user.id, { active: false });
    } finally {
      await other.close();
    }
    expect(await read()).toBeUndefined();
    // And a session another process removed.
    await store.updateUser(user.id, { active: true });
    const next = await store.createSession({ userId: user.id, method: "dev", lifetimeSeconds: 600 });
    expect((await store.getSessionWithUser(next.id))?.user?.active).toBe(true);
    await place.raw("DELETE FROM sessions WHERE id = $1", [next.id]);
    expect(await store.getSessionWithUser(next.id)).toBeUndefined();
  });

  it("counts and removes demo users and dev sessions, keeping everyone else", async () => {
    const demo = await store.ensureUser({ username: "demo", displayName: "D", role: "national", orgCode: "X24", source: "demo" });
    const real = await store.createUser({ username: "real", displayName: "R", role: "national", orgCode: "X24" });
    await store.createSession({ userId: demo.id, method: "dev", lifetimeSeconds: 60 });
    await store.createSession({ userId: real.id, method: "dev", lifetimeSeconds: 60 });
    const kept = await store.createSession({ userId: real.id, method: "oidc", lifetimeSeconds: 60 });
    expect(await store.countDevAccess()).toEqual({ users: 1, sessions: 2 });
    expect(await store.removeDevAccess()).toEqual({ users: 1, sessions: 2 });
    expect(await store.countDevAccess()).toEqual({ users: 0, sessions: 0 });
    expect(await store.getSession(kept.id)).toBeDefined();
    expect((await store.listUsers()).map((u) => u.username)).toEqual(["real"]);
  });
});

describe("the audit trail", () => {
  it("appends entries and pages through them newest first, filtered", async () => {
    for (let i = 0; i < 5; i++) {
      await store.appendAudit({ action: i % 2 ? "case_viewed" : "sign_in", actor: `u${i}`, userId: `u${i % 2}`, recordId: i % 2 ? "r1" : null, at: `2026-01-0${i + 1}T00:00:00.000Z` });
    }
    const first = await store.listAudit({ limit: 2 });
    expect(first.items.map((e) => e.actor)).toEqual(["u4", "u3"]);
    const second = await store.listAudit({ limit: 2, beforeSeq: first.next! });
    expect(second.items.map((e) => e.actor)).toEqual(["u2", "u1"]);
    expect((await store.listAudit({ limit: 10, recordId: "r1" })).items.map((e) => e.actor)).toEqual(["u3", "u1"]);
    expect((await store.listAudit({ limit: 10, actions: ["sign_in"], from: "2026-01-02T00:00:00.000Z", to: "2026-01-05T00:00:00.000Z" })).items.map((e) => e.actor)).toEqual(["u2"]);
    expect((await store.listAudit({ limit: 10, userId: "u1" })).next).toBeNull();
  });

  it("refuses every UPDATE and DELETE of the audit trail, even by a direct connection to the database", async () => {
    await store.appendAudit({ action: "sign_in", actor: "someone" });
    await expect(place.raw("UPDATE audit_log SET actor = 'nobody'")).rejects.toThrow(/append-only/);
    await expect(place.raw("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    expect(await place.raw("SELECT actor FROM audit_log")).toEqual([{ actor: "someone" }]);
  });

  it("stores a write's own entry in the write's transaction: with the record as written, never for a refused write, and never without the change", async () => {
    const entryOf = (action: "case_created" | "case_changed") => (r: StoredRecord) => ({ action, actor: "author", collection: r.collection, recordId: r.id, details: { revision: r.revision } });
    const first = await create({ a: 1 }, { unique: steis("S1"), audit: entryOf("case_created") });
    const changed = ok(await store.updateRecord({ collection: COLLECTION, id: first.id, expectedRevision: 1, version: "1.0.0", data: { a: 2 }, userId: "user-1", complete: true, missing: [], unique: steis("S1"), audit: entryOf("case_changed") }));
    // Refused writes: a duplicate value, a stale revision.
    expect((await store.createRecord(newRecord({ a: 3 }, { unique: steis("S1"), audit: entryOf("case_created") }))).kind).toBe("duplicate");
    expect((await store.updateRecord({ collection: COLLECTION, id: first.id, expectedRevision: 1, version: "1.0.0", data: { a: 4 }, userId: "user-1", complete: true, missing: [], unique: [], audit: entryOf("case_changed") })).kind).toBe("conflict");
    const entries = (await store.listAudit({ limit: 10 })).items.map((e) => ({ action: e.action, recordId: e.recordId, details: e.details }));
    expect(entries).toEqual([
      { action: "case_changed", recordId: first.id, details: { revision: changed.revision } },
      { action: "case_created", recordId: first.id, details: { revision: 1 } },
    ]);
    // An entry that cannot be made undoes the change: the trail and the records cannot disagree.
    const before = await rowCounts();
    await expect(store.createRecord(newRecord({ a: 5 }, { audit: () => { throw new Error("no entry"); } }))).rejects.toThrow("no entry");
    await expect(store.updateRecord({ collection: COLLECTION, id: first.id, expectedRevision: 2, version: "1.0.0", data: { a: 6 }, userId: "user-1", complete: true, missing: [], unique: [], audit: () => { throw new Error("no entry"); } })).rejects.toThrow("no entry");
    expect(await rowCounts()).toEqual(before);
    expect((await store.getRecord(COLLECTION, first.id))?.data).toEqual({ a: 2 });
    expect((await store.listAudit({ limit: 10 })).items).toHaveLength(2);
  });

  it.runIf(dialect === "postgres")("refuses every UPDATE and DELETE of the revisions, even by a direct connection to the database", async () => {
    await create({ a: 1 });
    await expect(place.raw("UPDATE revisions SET reason = 'forged'")).rejects.toThrow(/append-only/);
    await expect(place.raw("DELETE FROM revisions")).rejects.toThrow(/append-only/);
    await expect(place.raw("TRUNCATE revisions CASCADE")).rejects.toThrow(/append-only/);
    expect(await place.raw("SELECT reason FROM revisions")).toEqual([{ reason: "create" }]);
  });
});

describe("records as they stood at a moment", () => {
  it("gives each record's latest revision at or before the moment, leaves out later records, and filters by today's owner", async () => {
    const a = ok(await store.createRecord(newRecord({ a: 1 }, { at: "2026-01-01T00:00:00.000Z" })));
    ok(await store.updateRecord({ collection: COLLECTION, id: a.id, expectedRevision: 1, version: "2.0.0", data: { a: 2 }, userId: "u", complete: true, missing: [], unique: [], at: "2026-03-01T00:00:00.000Z" }));
    const b = ok(await store.createRecord(newRecord({ b: 1 }, { ownerOrg: "QMF", at: "2026-02-01T00:00:00.000Z" })));
    ok(await store.createRecord(newRecord({ c: 1 }, { at: "2026-04-01T00:00:00.000Z" })));
    const at = (moment: string, owners: string[] | "all" = "all") => store.scanRecordsAsAt({ collection: COLLECTION, at: moment, owners, limit: 10 });
    expect((await at("2025-12-31T23:59:59.999Z")).map((r) => r.id)).toEqual([]);
    // Ids are time-ordered with a random tail, so two made in the same millisecond may sort either way.
    const february = await at("2026-02-15T00:00:00.000Z");
    expect(february.map((r) => r.id)).toEqual([a.id, b.id].sort());
    expect(february.map((r) => [r.id, r.revision.revision, r.revision.data]).sort()).toEqual(
      [
        [a.id, 1, { a: 1 }],
        [b.id, 1, { b: 1 }],
      ].sort(),
    );
    expect((await at("2026-03-01T00:00:00.000Z")).find((r) => r.id === a.id)?.revision.data).toEqual({ a: 2 });
    expect((await at("2026-12-01T00:00:00.000Z", ["QMF"])).map((r) => r.id)).toEqual([b.id]);
    expect(await at("2026-12-01T00:00:00.000Z", [])).toEqual([]);
    // Batches in id order.
    const first = await store.scanRecordsAsAt({ collection: COLLECTION, at: "2026-12-01T00:00:00.000Z", owners: "all", limit: 2 });
    const rest = await store.scanRecordsAsAt({ collection: COLLECTION, at: "2026-12-01T00:00:00.000Z", owners: "all", afterId: first[1]!.id, limit: 2 });
    expect([...first, ...rest].map((r) => r.id)).toEqual([...first, ...rest].map((r) => r.id).sort());
    expect(first.length + rest.length).toBe(3);
  });

  sqliteOnly("walks the id index for scans, so no batch sorts the whole collection", async () => {
    await store.close();
    const statements: string[] = [];
    store = await openSqliteStore({ file, onStatement: (sql) => statements.push(sql) });
    await store.createRecord(newRecord({ a: 1 }));
    statements.length = 0;
    await store.scanRecords({ collection: COLLECTION, afterId: "0", limit: 500 });
    await store.scanRecordsAsAt({ collection: COLLECTION, at: "2030-01-01T00:00:00.000Z", owners: "all", afterId: "0", limit: 500 });
    const scans = statements.filter((sql) => /order by "records"\."id"/i.test(sql));
    expect(scans).toHaveLength(2);
    const raw = new Database(file, { readonly: true });
    try {
      for (const sql of scans) {
        // The logged text has its values in place, so the plan is the one SQLite used.
        const plan = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => (r as { detail: string }).detail).join("\n");
        expect(plan, sql).not.toMatch(/TEMP B-TREE/);
        expect(plan).toMatch(/sqlite_autoindex_records_1 \(id>\?\)/);
      }
    } finally {
      raw.close();
    }
  });

  sqliteOnly("walks the revisions in the order they were written, so no batch sorts them all", async () => {
    await store.close();
    const statements: string[] = [];
    store = await openSqliteStore({ file, onStatement: (sql) => statements.push(sql) });
    await store.createRecord(newRecord({ a: 1 }));
    statements.length = 0;
    const walked = await store.scanRevisions({ collection: COLLECTION, afterSeq: 0, limit: 500 });
    expect(walked.length).toBeGreaterThan(0);
    expect(walked.map((r) => r.seq)).toEqual([...walked.map((r) => r.seq)].sort((a, b) => a - b));
    const [sql] = statements.filter((text) => /order by v\.rowid/i.test(text));
    const raw = new Database(file, { readonly: true });
    try {
      const plan = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r) => (r as { detail: string }).detail).join("\n");
      // At a million records, a plan through the collection index sorted every revision for each batch.
      expect(plan, sql).not.toMatch(/TEMP B-TREE/);
      expect(plan).toMatch(/SEARCH v USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    } finally {
      raw.close();
    }
  });

});
});
