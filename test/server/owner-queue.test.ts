/**
 * An organisation succession: records of ICBs closed on 1 April 2026 move to their successor;
 * where a split does not decide it, they wait in the owner queue until a national user chooses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerResolverFrom } from "../../organisations/index.ts";
import { moveClosedOwners } from "../../ops/index.ts";
import type { StoredRecord } from "../../storage/index.ts";
import { startTracker, validCase, type Tracker } from "./harness.ts";

let tracker: Tracker;
const ids: Record<string, string> = {};
afterAll(() => tracker?.destroy());
beforeAll(async () => {
  tracker = await startTracker({ today: "2026-11-21" });
  const { store } = tracker.context;
  const author = (await store.getUserByUsername("icb.ncl"))!;
  // Cases written while their ICBs were open (before 1 April 2026).
  for (const [owner, id] of [["QMJ", "NCL-1"], ["QNQ", "FRIMLEY-1"], ["QE1", "LSC-1"]] as const) {
    const written = await store.createRecord({
      collection: "s-crt", version: "2.0", ownerOrg: owner, data: validCase(id, { date_added: "2026-03-01", incident_date: "2026-02-10" }),
      userId: author.id, complete: true, missing: [], unique: [{ item: "steis_or_local_id", value: id, ignoreCase: true, within: "owner" }], at: "2026-03-01T10:00:00.000Z",
    });
    if (written.kind !== "ok") throw new Error(written.kind);
    ids[owner] = written.record.id;
  }
});

const move = (dryRun: boolean) =>
  moveClosedOwners({
    store: tracker.context.store,
    form: tracker.context.registry.published("s-crt")!,
    reference: tracker.context.reference,
    resolveOwner: ownerResolverFrom(tracker.context.reference),
    date: "2026-11-21",
    dryRun,
    userId: ids.QE1!,
  });
const get = (owner: string) => tracker.context.store.getRecord("s-crt", ids[owner]!) as Promise<StoredRecord>;

describe("moving records of closed ICBs", () => {
  it("dry-runs: reports the moves and the records that need a person, and changes nothing", async () => {
    const report = await move(true);
    expect(report.ownerChanges).toEqual([{ from: "QMJ", to: "Z9B2Z", rule: "QMJ → Z9B2Z (merger 2026-04-01)", records: 1 }]);
    expect(report.pendingOwners).toEqual([expect.objectContaining({ owner: "QNQ", identifier: "FRIMLEY-1", candidates: ["QRL", "S0E4D", "S9B9J"] })]);
    expect((await get("QMJ")).revision).toBe(1);
  });

  it("applies: the merged ICB's case moves, the split ICB's case joins the queue, an open ICB's case stays", async () => {
    await move(false);
    expect(await get("QMJ")).toMatchObject({ ownerOrg: "Z9B2Z", revision: 2, ownerPending: null });
    expect(await get("QNQ")).toMatchObject({ ownerOrg: "QNQ", revision: 2, ownerPending: { candidates: ["QRL", "S0E4D", "S9B9J"] } });
    expect(await get("QE1")).toMatchObject({ ownerOrg: "QE1", revision: 1 });
    const history = await tracker.context.store.history("s-crt", ids.QMJ!);
    expect(history.map((h) => [h.ownerOrg, h.reason])).toEqual([["QMJ", "create"], ["Z9B2Z", "owner succession QMJ to Z9B2Z"]]);
    const again = await move(false);
    expect(again.ownerChanges).toEqual([]);
    expect(again.pendingOwners).toEqual([]);
  });
});

describe("the owner queue", () => {
  it("lists waiting records with their candidates for national users only", async () => {
    const national = await tracker.signIn("national");
    const res = await national.get("/api/collections/s-crt/owner-queue");
    expect(res.statusCode).toBe(200);
    const [entry] = res.json().items;
    expect(entry.record.id).toBe(ids.QNQ);
    expect(entry.candidates.map((c: { code: string; name: string }) => `${c.code} ${c.name}`)).toEqual([
      "QRL NHS Hampshire and Isle of Wight Integrated Care Board",
      "S0E4D NHS Thames Valley Integrated Care Board",
      "S9B9J NHS Surrey and Sussex Integrated Care Board",
    ]);
    expect((await (await tracker.signIn("icb.lsc")).get("/api/collections/s-crt/owner-queue")).statusCode).toBe(403);
  });

  it("lets a national user choose among the candidates, and nothing else", async () => {
    const national = await tracker.signIn("national");
    const url = `/api/collections/s-crt/records/${ids.QNQ}/owner`;
    expect((await national.post(url, { ownerOrg: "QE1" }, { "if-match": '"2"' })).statusCode).toBe(422);
    expect((await national.post(url, { ownerOrg: "S9B9J" })).statusCode).toBe(428);
    expect((await national.post(url, { ownerOrg: "S9B9J" }, { "if-match": '"1"' })).statusCode).toBe(412);
    expect((await (await tracker.signIn("region.nw")).post(url, { ownerOrg: "S9B9J" }, { "if-match": '"2"' })).statusCode).toBe(403);
    const res = await national.post(url, { ownerOrg: "s9b9j" }, { "if-match": '"2"' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ownerOrg: "S9B9J", revision: 3, ownerPending: null, owner: { name: "NHS Surrey and Sussex Integrated Care Board" } });
    expect((await national.get("/api/collections/s-crt/owner-queue")).json().items).toEqual([]);
    expect((await national.post(url, { ownerOrg: "S9B9J" }, { "if-match": '"3"' })).statusCode).toBe(409);
  });
});
