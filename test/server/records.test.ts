/**
 * Record routes end to end over a real SQLite file: create, read, list, update with If-Match,
 * concurrent updates, history with what changed, and a restart that loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

let tracker: Tracker;
let editor: Client;
afterAll(() => tracker?.destroy());
beforeAll(async () => {
  tracker = await startTracker();
  editor = await tracker.signIn("icb.lsc");
});

async function create(data: Record<string, unknown>, client = editor) {
  const res = await client.post(RECORDS, { data });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; revision: number; data: Record<string, unknown> };
}

describe("create and read", () => {
  it("stores exactly what was sent, owned by the user's ICB, and reads it back with its revision", async () => {
    const data = validCase("LSC-READ-1", { latest_update: "Chronology requested.", date_of_update: "2026-10-02" });
    const created = await create(data);
    const res = await editor.get(`${RECORDS}/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const body = res.json();
    expect(body).toMatchObject({ id: created.id, collection: "s-crt", version: "2.0", revision: 1, ownerOrg: "QE1", complete: true, missing: [] });
    expect(body.owner).toEqual({ code: "QE1", name: "NHS Lancashire and South Cumbria Integrated Care Board", type: "icb", open: true, region: { code: "Y62", name: "North West" } });
    expect(body.data).toEqual(data);
    expect(body.createdBy).toEqual({ username: "icb.lsc", displayName: expect.stringContaining("Lancashire") });
  });
});

describe("update with If-Match", () => {
  it("applies an update from the current revision and answers 412 for a stale one", async () => {
    const created = await create(validCase("LSC-UPD-1"));
    const url = `${RECORDS}/${created.id}`;
    const first = await editor.put(url, { data: validCase("LSC-UPD-1", { status: "closed", date_closed: "2026-11-20" }) }, { "if-match": '"1"' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().revision).toBe(2);
    expect(first.headers.etag).toBe('"2"');
    const stale = await editor.put(url, { data: validCase("LSC-UPD-1", { media_interest: "yes" }) }, { "if-match": '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ currentRevision: 2, message: expect.stringMatching(/Someone else has changed this case/) });
  });

  it("lets exactly one of many concurrent updates from the same revision win; no revision is lost", async () => {
    const created = await create(validCase("LSC-RACE-1"));
    const url = `${RECORDS}/${created.id}`;
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => editor.put(url, { data: validCase("LSC-RACE-1", { brief_overview: `Concurrent edit ${i}` }) }, { "if-match": '"1"' })),
    );
    const statuses = attempts.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(11);
    const winner = attempts.find((r) => r.statusCode === 200)!.json();
    const history = (await editor.get(`${url}/history`)).json().items as { revision: number; changes: { item: string; after: unknown }[] }[];
    expect(history.map((h) => h.revision)).toEqual([1, 2]);
    expect(history[1]!.changes).toEqual([{ item: "brief_overview", label: "Brief overview", before: "Fictional case for tests: adult with care and support needs.", after: winner.data.brief_overview }]);
    expect((await editor.get(url)).json().data.brief_overview).toBe(winner.data.brief_overview);
  });
});

describe("saving without changes", () => {
  it("makes no new revision, so nobody else's edit becomes stale", async () => {
    const created = await create(validCase("LSC-NOOP-1"));
    const url = `${RECORDS}/${created.id}`;
    const same = await editor.put(url, { data: validCase("LSC-NOOP-1") }, { "if-match": '"1"' });
    expect(same.statusCode).toBe(200);
    expect(same.json().revision).toBe(1);
    expect((await editor.get(`${url}/history`)).json().items).toHaveLength(1);
  });
});

describe("a DHR that stops being a DHR", () => {
  it("lets the ICB editor clear the region's DHR answer, which the new type forbids, but not change it", async () => {
    const created = await create(validCase("LSC-DHR-TYPE-1"));
    const url = `${RECORDS}/${created.id}`;
    const region = await tracker.signIn("region.nw");
    expect((await region.put(url, { data: validCase("LSC-DHR-TYPE-1", { regional_chief_nurse_accepted: "yes" }) }, { "if-match": '"1"' })).statusCode).toBe(200);
    const flipped = await editor.put(url, { data: validCase("LSC-DHR-TYPE-1", { regional_chief_nurse_accepted: "no" }) }, { "if-match": '"2"' });
    expect(flipped.statusCode).toBe(403);
    const retyped = await editor.put(url, { data: validCase("LSC-DHR-TYPE-1", { review_type: "sar" }) }, { "if-match": '"2"' });
    expect(retyped.statusCode, retyped.body).toBe(200);
    expect(retyped.json().data).not.toHaveProperty("regional_chief_nurse_accepted");
  });
});

describe("history", () => {
  it("lists every revision with who changed what, and the old and new values", async () => {
    const created = await create(validCase("LSC-HIST-1"));
    const url = `${RECORDS}/${created.id}`;
    await editor.put(url, { data: validCase("LSC-HIST-1", { latest_update: "Panel met.", date_of_update: "2026-11-02" }) }, { "if-match": '"1"' });
    const region = await tracker.signIn("region.nw");
    const accepted = await region.put(url, { data: validCase("LSC-HIST-1", { latest_update: "Panel met.", date_of_update: "2026-11-02", regional_chief_nurse_accepted: "yes" }) }, { "if-match": '"2"' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const history = (await editor.get(`${url}/history`)).json().items;
    expect(history).toHaveLength(3);
    expect(history[0]).toMatchObject({ revision: 1, reason: "create", createdBy: { username: "icb.lsc" } });
    expect(history[0].changes.map((c: { item: string }) => c.item)).toContain("steis_or_local_id");
    expect(history[1]).toMatchObject({
      revision: 2,
      createdBy: { username: "icb.lsc" },
      changes: [
        { item: "date_of_update", label: "Date of update", before: null, after: "2026-11-02" },
        { item: "latest_update", label: "Latest update", before: null, after: "Panel met." },
      ],
    });
    expect(history[2]).toMatchObject({
      revision: 3,
      createdBy: { username: "region.nw" },
      changes: [{ item: "regional_chief_nurse_accepted", label: "Regional Chief Nurse content to accept DHR health recommendations", before: null, after: "yes" }],
    });
  });
});

describe("list", () => {
  it("filters by status, review type and theme, searches overview and identifier, sorts and pages", async () => {
    const nel = await tracker.signIn("icb.nel");
    await create(validCase("NEL-LIST-1", { review_type: "sar", themes: ["financial"], brief_overview: "Searchable PARAKEET overview" }), nel);
    await create(validCase("NEL-LIST-2", { review_type: "sar", themes: ["neglect", "financial"], status: "closed", date_closed: "2026-11-01" }), nel);
    await create(validCase("NEL-LIST-3", { review_type: "si", themes: ["neglect"] }), nel);
    const list = async (query: string) => {
      const res = await nel.get(`${RECORDS}?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { data: Record<string, unknown> }[]; total: number; page: number; pageSize: number };
    };
    const ids = (page: { items: { data: Record<string, unknown> }[] }) => page.items.map((r) => r.data.steis_or_local_id);
    expect((await list("")).total).toBe(3);
    expect(ids(await list("review_type=sar&sort=steis_or_local_id&dir=asc"))).toEqual(["NEL-LIST-1", "NEL-LIST-2"]);
    expect(ids(await list("status=closed"))).toEqual(["NEL-LIST-2"]);
    expect(ids(await list("themes=neglect&sort=steis_or_local_id&dir=asc"))).toEqual(["NEL-LIST-2", "NEL-LIST-3"]);
    expect(ids(await list("q=parakeet"))).toEqual(["NEL-LIST-1"]);
    expect(ids(await list("q=nel-list-3"))).toEqual(["NEL-LIST-3"]);
    const page2 = await list("pageSize=2&page=2&sort=steis_or_local_id&dir=asc");
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(ids(page2)).toEqual(["NEL-LIST-3"]);
    // Newest first by default.
    expect(ids(await list(""))[0]).toBe("NEL-LIST-3");
  });
});

describe("restart", () => {
  it("loses nothing: records and their history read back after the server stops and starts again", async () => {
    const first = await startTracker();
    const lsc = await first.signIn("icb.lsc");
    const created = (await lsc.post(RECORDS, { data: validCase("LSC-RESTART-1") })).json();
    const updated = await lsc.put(`${RECORDS}/${created.id}`, { data: validCase("LSC-RESTART-1", { media_interest: "yes" }) }, { "if-match": '"1"' });
    expect(updated.statusCode).toBe(200);
    const before = (await lsc.get(`${RECORDS}/${created.id}/history`)).json();
    await first.stop();

    const second = await startTracker({ dataDir: first.dataDir });
    try {
      const again = await second.signIn("icb.lsc");
      const record = await again.get(`${RECORDS}/${created.id}`);
      expect(record.statusCode).toBe(200);
      expect(record.json()).toMatchObject({ revision: 2, data: validCase("LSC-RESTART-1", { media_interest: "yes" }) });
      expect((await again.get(`${RECORDS}/${created.id}/history`)).json()).toEqual(before);
      // The session cookie of the first run still works: sessions live in storage, signed with a kept secret.
      expect((await second.app.inject({ method: "GET", url: "/auth/me", headers: { cookie: lsc.cookie } })).statusCode).toBe(200);
    } finally {
      await second.destroy();
    }
  });
});
