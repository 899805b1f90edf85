/**
 * Group commit on the embedded store: writes asked for together share one transaction, each
 * caller hears of its own write only once it is committed, one write that throws fails alone,
 * and nothing asked for is lost to closing the store or to a bulk run that rolls back.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type Store, type WriteResult } from "./index.ts";
import { caseReviewRecord, rawSqlite } from "./test-stores.ts";

let dir: string;
let file: string;
let statements: string[];
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "scrt-group-"));
  file = join(dir, "scrt.db");
  statements = [];
  store = await openSqliteStore({ file, onStatement: (sql) => statements.push(sql) });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const newRecord = (steis: string) => caseReviewRecord(steis);

const commits = () => statements.filter((s) => /^COMMIT/i.test(s.trim())).length;
const storedCount = async () => Number((await rawSqlite<{ n: number }>(file, "SELECT count(*) AS n FROM records"))[0]!.n);

describe("the SQLite store's group commit", () => {
  it("commits writes asked for together in one transaction, and answers each with its own result", async () => {
    const before = commits();
    const results = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => store.createRecord(newRecord(`G-${i}`))),
      store.appendAudit({ action: "case_created", actor: "someone", details: {} }),
    ]);
    expect(commits() - before).toBe(1);
    const written = results.slice(0, 12) as WriteResult[];
    expect(written.map((r) => r.kind)).toEqual(Array(12).fill("ok"));
    expect(new Set(written.map((r) => (r.kind === "ok" ? r.record.data["steis_number"] : null))).size).toBe(12);
    expect(await storedCount()).toBe(12);
  });

  it("applies a group's writes in the order they were asked for: the second of two updates from one revision is a conflict", async () => {
    const created = await store.createRecord(newRecord("ORDER-1"));
    if (created.kind !== "ok") throw new Error(created.kind);
    const update = (summary: string) => store.updateRecord({ collection: "case-review", id: created.record.id, expectedRevision: 1, version: "1.0", data: { steis_number: "ORDER-1", summary }, userId: "user-1", complete: true, missing: [], unique: [] });
    const [first, second] = await Promise.all([update("first"), update("second")]);
    expect(first.kind).toBe("ok");
    expect(second).toEqual({ kind: "conflict", currentRevision: 2 });
    expect((await store.getRecord("case-review", created.record.id))?.data["summary"]).toBe("first");
  });

  it("fails only the write that throws: the others in its group are stored", async () => {
    // A detail that cannot be written as JSON makes that one entry's body throw inside the group.
    const results = await Promise.allSettled([
      store.createRecord(newRecord("KEEP-1")),
      store.appendAudit({ action: "case_viewed", actor: "someone", details: { count: 1n } as unknown as Record<string, unknown> }),
      store.createRecord(newRecord("KEEP-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await storedCount()).toBe(2);
    expect((await store.listAudit({ limit: 10 })).items.filter((e) => e.action === "case_viewed")).toHaveLength(0);
  });

  it("stores a write that was asked for but not awaited when the store closes", async () => {
    void store.createRecord(newRecord("CLOSING-1"));
    await store.close();
    expect(await storedCount()).toBe(1);
    store = await openSqliteStore({ file });
  });

  it("commits writes already asked for before a bulk run begins, so its rollback cannot take them", async () => {
    const asked = store.createRecord(newRecord("BEFORE-BULK"));
    await expect(
      store.bulk(async () => {
        await store.createRecord(newRecord("IN-BULK"));
        // A bulk run awaits other work between its writes: the event loop turns while it is open.
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error("the bulk run fails");
      }),
    ).rejects.toThrow("the bulk run fails");
    expect((await asked).kind).toBe("ok");
    const kept = await rawSqlite<{ steis: string }>(file, "SELECT json_extract(data, '$.steis_number') AS steis FROM records");
    expect(kept.map((r) => r.steis)).toEqual(["BEFORE-BULK"]);
  });
});
