/**
 * Unique identifiers are compared as they look (storage/unique-key.ts). A database written
 * before that holds keys of the first format (the value, lower-cased when ignoring case) and
 * may hold two cases whose identifiers are look-alikes: at the next start its keys are
 * recomputed, the newer of the two is flagged for a person, and look-alikes are refused from
 * then on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNIQUE_KEY_FORMAT } from "../../storage/index.ts";
import { RECORDS, startTracker, validCase, type Tracker } from "./harness.ts";

const TODAY = "2026-11-21";
const LOOKALIKE = "STEIS\u20112024\u200B-7";
let tracker: Tracker;
let older: { id: string; revision: number; data: Record<string, unknown> };
let newer: { id: string; revision: number; data: Record<string, unknown> };

beforeAll(async () => {
  const before = await startTracker({ today: TODAY });
  const lsc = await before.signIn("icb.lsc");
  const created = await lsc.post(RECORDS, { data: validCase("STEIS-2024-7") });
  expect(created.statusCode, created.body).toBe(201);
  older = created.json();
  // As the previous format stored them: the look-alike was let in, each with its lower-cased value as its key.
  const user = await before.context.store.getUserByUsername("icb.lsc");
  const written = await before.context.store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase(LOOKALIKE), userId: user!.id, complete: true, missing: [], unique: [] });
  if (written.kind !== "ok") throw new Error(written.kind);
  newer = written.record;
  await before.stop();
  await before.raw("UPDATE record_unique_values SET value_key = $1", ["steis-2024-7"]);
  await before.raw("INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) VALUES ('s-crt', 'QE1', 'steis_or_local_id', $1, $2)", [LOOKALIKE.toLowerCase(), newer.id]);
  // No format recorded: the keys are of the first one (SQLite keeps it in user_version, PostgreSQL in store_meta).
  if (before.dialect === "sqlite") await before.raw("PRAGMA user_version = 0");
  else await before.raw("DELETE FROM store_meta WHERE key = 'unique_key_format'");
  tracker = await startTracker({ today: TODAY, dataDir: before.dataDir });
});

afterAll(() => tracker?.destroy());

describe("starting on a database with keys of the first format", () => {
  it("recomputes them and records their format; the older case keeps its identifier's claim", async () => {
    expect(await tracker.context.store.uniqueKeyFormat()).toBe(UNIQUE_KEY_FORMAT);
    expect(await tracker.raw("SELECT value_key AS key, record_id AS id FROM record_unique_values")).toEqual([{ key: "steis-2024-7", id: older.id }]);
  });

  it("flags the newer of the two look-alikes for review, naming the item, and changes nothing else", async () => {
    const lsc = await tracker.signIn("icb.lsc");
    const flagged = (await lsc.get(`${RECORDS}/${newer.id}`)).json() as { revision: number; data: unknown; reviewFlags: string[] };
    expect(flagged.revision).toBe(1);
    expect(flagged.data).toEqual(newer.data);
    expect(flagged.reviewFlags).toEqual([expect.stringMatching(/^Its StEIS Number\/Local Identifier looks the same as another case's .*give one of them a new identifier\.$/)]);
    expect(((await lsc.get(`${RECORDS}/${older.id}`)).json() as { reviewFlags: string[] }).reviewFlags).toEqual([]);
    expect(((await lsc.get(`${RECORDS}?flagged=yes`)).json() as { items: { id: string }[] }).items.map((r) => r.id)).toEqual([newer.id]);
  });

  it("refuses look-alikes from then on, the flagged case's own until a person gives it a new identifier", async () => {
    const lsc = await tracker.signIn("icb.lsc");
    const again = await lsc.post(RECORDS, { data: validCase("steis\u20132024-7") });
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json()).toMatchObject({ code: "duplicate_value", errors: [{ path: "/steis_or_local_id" }] });
    const kept = await lsc.put(`${RECORDS}/${newer.id}`, { data: { ...newer.data, latest_update: "Still the same identifier.", date_of_update: TODAY } }, { "if-match": '"1"' });
    expect(kept.statusCode, kept.body).toBe(422);
    const renamed = await lsc.put(`${RECORDS}/${newer.id}`, { data: { ...newer.data, steis_or_local_id: "STEIS-2024-8" } }, { "if-match": '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });
});
