/**
 * Drafts over real HTTP (inject) on a real SQLite file: only the author ever sees or changes
 * a draft, a draft of a record its author can no longer see is gone, expired drafts are never
 * returned and are purged, saving the case deletes its draft, and bad input is a 4xx naming
 * the field.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const DRAFTS = "/api/collections/s-crt/drafts";
let tracker: Tracker;
let author: Client;
let sameIcb: Client;
let otherIcb: Client;
let viewer: Client;
let regional: Client;

const newKey = () => `new-${randomUUID()}`;
const del = (client: Client, url: string, headers: Record<string, string> = {}) =>
  tracker.app.inject({ method: "DELETE", url, headers: { cookie: client.cookie, "x-csrf-token": client.csrfToken, ...headers } });

beforeAll(async () => {
  tracker = await startTracker();
  author = await tracker.signIn("icb.lsc");
  otherIcb = await tracker.signIn("icb.nel");
  viewer = await tracker.signIn("icb.lsc.viewer");
  regional = await tracker.signIn("region.nw");
  // A second editor in the author's ICB: same organisation, same role, still not the author.
  await tracker.context.store.ensureUser({ username: "icb.lsc.second", displayName: "Sam Second", role: "icb_editor", orgCode: "QE1" });
  sameIcb = await tracker.signIn("icb.lsc.second");
});
afterAll(() => tracker.destroy());

describe("a new case's draft", () => {
  it("is kept for its author and listed among their drafts", async () => {
    const key = newKey();
    const put = await author.put(`${DRAFTS}/${key}`, { version: "2.0", data: { steis_or_local_id: "2026/DR-1", brief_overview: "Half writ" } });
    expect(put.statusCode, put.body).toBe(200);
    const body = put.json() as Record<string, unknown>;
    expect(body).toMatchObject({ collection: "s-crt", key, recordId: null, version: "2.0", basedOnRevision: null, data: { steis_or_local_id: "2026/DR-1" } });
    // Kept for 30 days (DRAFT_RETENTION_DAYS' default) after the last change.
    expect(Date.parse(body.expiresAt as string) - Date.parse(body.updatedAt as string)).toBe(30 * 86400 * 1000);

    const again = await author.put(`${DRAFTS}/${key}`, { version: "2.0", data: { steis_or_local_id: "2026/DR-1", brief_overview: "Now written" } });
    expect(again.statusCode).toBe(200);
    const got = await author.get(`${DRAFTS}/${key}`);
    expect(got.statusCode).toBe(200);
    expect((got.json() as { data: Record<string, unknown> }).data.brief_overview).toBe("Now written");
    const list = (await author.get("/api/drafts")).json() as { items: { key: string }[] };
    expect(list.items.map((d) => d.key)).toContain(key);
  });

  it("is never seen, changed or deleted by anyone else, even an editor of the same ICB", async () => {
    const key = newKey();
    expect((await author.put(`${DRAFTS}/${key}`, { version: "2.0", data: { brief_overview: "Mine" } })).statusCode).toBe(200);
    for (const other of [sameIcb, otherIcb]) {
      expect((await other.get(`${DRAFTS}/${key}`)).statusCode).toBe(404);
      expect(((await other.get("/api/drafts")).json() as { items: { key: string }[] }).items.map((d) => d.key)).not.toContain(key);
      expect((await del(other, `${DRAFTS}/${key}`)).statusCode).toBe(404);
      // Writing the same key makes the other user's own draft: the author's is untouched.
      expect((await other.put(`${DRAFTS}/${key}`, { version: "2.0", data: { brief_overview: "Theirs" } })).statusCode).toBe(200);
    }
    expect(((await author.get(`${DRAFTS}/${key}`)).json() as { data: Record<string, unknown> }).data.brief_overview).toBe("Mine");
    expect(((await sameIcb.get(`${DRAFTS}/${key}`)).json() as { data: Record<string, unknown> }).data.brief_overview).toBe("Theirs");
    expect((await tracker.anonymous().get(`${DRAFTS}/${key}`)).statusCode).toBe(401);
    expect((await tracker.anonymous().get("/api/drafts")).statusCode).toBe(401);
  });

  it("is refused to roles that cannot add cases, and needs the CSRF token", async () => {
    expect((await viewer.put(`${DRAFTS}/${newKey()}`, { version: "2.0", data: {} })).statusCode).toBe(403);
    expect((await regional.put(`${DRAFTS}/${newKey()}`, { version: "2.0", data: {} })).statusCode).toBe(403);
    const noToken = await tracker.app.inject({ method: "PUT", url: `${DRAFTS}/${newKey()}`, headers: { cookie: author.cookie }, payload: { version: "2.0", data: {} } });
    expect(noToken.statusCode).toBe(403);
    expect((noToken.json() as { code: string }).code).toBe("csrf");
  });

  it("is deleted when the case is saved with its key", async () => {
    const key = newKey();
    expect((await author.put(`${DRAFTS}/${key}`, { version: "2.0", data: validCase("2026/DR-SAVE") })).statusCode).toBe(200);
    const created = await author.post(RECORDS, { data: validCase("2026/DR-SAVE") }, { "x-draft-key": key });
    expect(created.statusCode, created.body).toBe(201);
    expect((await author.get(`${DRAFTS}/${key}`)).statusCode).toBe(404);
  });

  it("is deleted when the author discards it", async () => {
    const key = newKey();
    expect((await author.put(`${DRAFTS}/${key}`, { version: "2.0", data: {} })).statusCode).toBe(200);
    expect((await del(author, `${DRAFTS}/${key}`)).statusCode).toBe(204);
    expect((await author.get(`${DRAFTS}/${key}`)).statusCode).toBe(404);
    expect((await del(author, `${DRAFTS}/${key}`)).statusCode).toBe(404);
  });
});

describe("a draft of a stored case", () => {
  let id: string;
  beforeAll(async () => {
    const created = await author.post(RECORDS, { data: validCase("2026/DR-EDIT") });
    expect(created.statusCode, created.body).toBe(201);
    id = (created.json() as { id: string }).id;
  });

  it("notes the revision it started from, and is deleted when the case is saved", async () => {
    const put = await author.put(`${DRAFTS}/${id}`, { version: "2.0", data: validCase("2026/DR-EDIT", { brief_overview: "Changed" }) });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ recordId: id, basedOnRevision: 1 });
    const saved = await author.put(`${RECORDS}/${id}`, { data: validCase("2026/DR-EDIT", { brief_overview: "Changed" }) }, { "if-match": '"1"' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await author.get(`${DRAFTS}/${id}`)).statusCode).toBe(404);
  });

  it("leaves other people's drafts of the same case alone when the author saves", async () => {
    expect((await sameIcb.put(`${DRAFTS}/${id}`, { version: "2.0", data: { brief_overview: "Colleague's" }, basedOnRevision: 2 })).statusCode).toBe(200);
    const saved = await author.put(`${RECORDS}/${id}`, { data: validCase("2026/DR-EDIT", { brief_overview: "Again" }) }, { "if-match": '"2"' });
    expect(saved.statusCode, saved.body).toBe(200);
    const theirs = await sameIcb.get(`${DRAFTS}/${id}`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toMatchObject({ basedOnRevision: 2 });
  });

  it("is 404 to its author once the case is not theirs to see", async () => {
    // A user of another ICB cannot keep a draft of a case they cannot see...
    expect((await otherIcb.put(`${DRAFTS}/${id}`, { version: "2.0", data: {} })).statusCode).toBe(404);
    // ...and an author whose draft's case is no longer visible (moved to another ICB here) loses sight of it.
    expect((await author.put(`${DRAFTS}/${id}`, { version: "2.0", data: { brief_overview: "Before the move" } })).statusCode).toBe(200);
    await tracker.raw("UPDATE records SET owner_org = 'QMF' WHERE id = $1", [id]);
    expect((await author.get(`${DRAFTS}/${id}`)).statusCode).toBe(404);
    expect(((await author.get("/api/drafts")).json() as { items: { key: string }[] }).items.map((d) => d.key)).not.toContain(id);
    await tracker.raw("UPDATE records SET owner_org = 'QE1' WHERE id = $1", [id]);
    expect((await author.get(`${DRAFTS}/${id}`)).statusCode).toBe(200);
  });

  it("is refused for an unknown record, a viewer, or the wrong version", async () => {
    expect((await author.put(`${DRAFTS}/0190f000-0000-7000-8000-000000000000`, { version: "2.0", data: {} })).statusCode).toBe(404);
    expect((await viewer.put(`${DRAFTS}/${id}`, { version: "2.0", data: {} })).statusCode).toBe(403);
    const wrong = await author.put(`${DRAFTS}/${id}`, { version: "1.0", data: {} });
    expect(wrong.statusCode).toBe(422);
    expect((wrong.json() as { errors: { path: string }[] }).errors[0]!.path).toBe("/version");
  });
});

describe("bad input", () => {
  it("names the field that is wrong", async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ data: {} }, 400, /"version" is missing/],
      [{ version: "2.0" }, 400, /"data" is missing/],
      [{ version: "2.0", data: [] }, 400, /"data" must be/],
      [{ version: "2.0", data: "text" }, 400, /"data" must be/],
      [{ version: "2.0", data: {}, basedOnRevision: "3" }, 400, /"basedOnRevision" must be/],
      [{ version: "2.0", data: {}, extra: 1 }, 400, /Unexpected "extra"/],
      [{ version: "9.9", data: {} }, 422, /"version" must be one of/],
    ];
    for (const [body, status, message] of cases) {
      const res = await author.put(`${DRAFTS}/${newKey()}`, body);
      expect(res.statusCode, res.body).toBe(status);
      expect((res.json() as { message: string }).message).toMatch(message);
    }
    const badKey = await author.put(`${DRAFTS}/new-not-a-uuid`, { version: "2.0", data: {} });
    expect(badKey.statusCode).toBe(400);
    expect((badKey.json() as { message: string }).message).toMatch(/"key" must be/);
    expect((await author.get("/api/collections/nope/drafts/" + newKey())).statusCode).toBe(404);
    const notJson = await author.put(`${DRAFTS}/${newKey()}`, "{", { "content-type": "application/json" });
    expect(notJson.statusCode).toBe(400);
  });

  it("refuses a body larger than a draft needs (413), with nothing stored", async () => {
    const key = newKey();
    const res = await author.put(`${DRAFTS}/${key}`, { version: "2.0", data: { brief_overview: "x".repeat(300 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { code: string }).code).toBe("body_too_large");
    expect((await author.get(`${DRAFTS}/${key}`)).statusCode).toBe(404);
  });
});

describe("expiry", () => {
  it("never returns an expired draft, and purges it (when a draft is written, and at start-up)", async () => {
    const store = tracker.context.store;
    const me = (await store.getUserByUsername("icb.lsc"))!;
    const old = new Date(Date.now() - 31 * 86400 * 1000).toISOString();
    const key = newKey();
    await store.saveDraft({ userId: me.id, collection: "s-crt", key, recordId: null, version: "2.0", data: { brief_overview: "Old" }, basedOnRevision: null, retentionSeconds: 30 * 86400, at: old });
    expect((await author.get(`${DRAFTS}/${key}`)).statusCode).toBe(404);
    expect(((await author.get("/api/drafts")).json() as { items: { key: string }[] }).items.map((d) => d.key)).not.toContain(key);
    // Still in the table until purged: a new write purges it.
    expect(await store.getDraft(me.id, "s-crt", key, old)).toBeDefined();
    expect((await author.put(`${DRAFTS}/${newKey()}`, { version: "2.0", data: {} })).statusCode).toBe(200);
    expect(await store.getDraft(me.id, "s-crt", key, old)).toBeUndefined();

    // At start-up too, with the retention the configuration gives (DRAFT_RETENTION_DAYS).
    const key2 = newKey();
    await store.saveDraft({ userId: me.id, collection: "s-crt", key: key2, recordId: null, version: "2.0", data: {}, basedOnRevision: null, retentionSeconds: 60, at: old });
    await tracker.stop();
    tracker = await startTracker({ dataDir: tracker.dataDir, config: { draftRetentionSeconds: 2 * 86400 } });
    expect(await tracker.context.store.getDraft(me.id, "s-crt", key2, old)).toBeUndefined();
    author = await tracker.signIn("icb.lsc");
    const put = await author.put(`${DRAFTS}/${newKey()}`, { version: "2.0", data: {} });
    const body = put.json() as { updatedAt: string; expiresAt: string };
    expect(Date.parse(body.expiresAt) - Date.parse(body.updatedAt)).toBe(2 * 86400 * 1000);
  });
});
