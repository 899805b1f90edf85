/**
 * The audit trail over the real server: each audited action is done through the API, then
 * read back through GET /api/audit as a national user, who must find exactly one entry saying
 * who, when, from where and what, and nothing of the case's contents. Only national users read
 * the trail; bad parameters are 400s naming the parameter; the trail cannot be changed.
 */
import { Ajv } from "ajv";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditBodySchema, type AuditBody, type AuditItem } from "../../api/index.ts";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

/** Answers no entry may ever hold: each appears in exactly one case. */
const SECRET_OVERVIEW = "Zephyrine marmalade overview 4471: nothing of this may reach the audit trail.";
const SECRET_UPDATE = "Quillwort lantern update 9013, also never in the trail.";
const SECRET_ID = "AUDIT/ZX-0042";

const validateBody = new Ajv({ allErrors: true, strict: false }).compile(auditBodySchema);

let tracker: Tracker;
let national: Client;
let lsc: Client;
let caseId = "";

/** GET /api/audit as the national user: 200, in the declared shape. */
async function trail(query: string, client: Client = national): Promise<AuditBody> {
  const res = await client.get(`/api/audit${query ? `?${query}` : ""}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as AuditBody;
  expect(validateBody(body) ? [] : validateBody.errors).toEqual([]);
  return body;
}

/** The one entry the query finds (the test fails if there are none or several). */
async function onlyEntry(query: string): Promise<AuditItem> {
  const { items } = await trail(query);
  expect(items, JSON.stringify(items, null, 1)).toHaveLength(1);
  return items[0]!;
}

async function userId(username: string): Promise<string> {
  return (await tracker.context.store.getUserByUsername(username))!.id;
}

/** An entry written by this request: at between the two moments, from inject's address. */
function expectRecent(entry: AuditItem, before: string): void {
  expect(entry.at >= before, `${entry.at} is before ${before}`).toBe(true);
  expect(entry.at <= new Date().toISOString()).toBe(true);
  expect(entry.ip).toBe("127.0.0.1");
}

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-11-21" });
  national = await tracker.signIn("national");
  lsc = await tracker.signIn("icb.lsc");
});
afterAll(() => tracker?.destroy());

describe("each action is recorded once, with who, when, where and what", () => {
  it("case_created: the editor, the new case and its version", async () => {
    const before = new Date().toISOString();
    const res = await lsc.post(RECORDS, { data: validCase(SECRET_ID, { brief_overview: SECRET_OVERVIEW }) });
    expect(res.statusCode, res.body).toBe(201);
    caseId = (res.json() as { id: string }).id;
    const entry = await onlyEntry(`case=${caseId}&action=case_created`);
    expectRecent(entry, before);
    expect(entry).toMatchObject({
      action: "case_created",
      actionName: "Added a case",
      user: { id: await userId("icb.lsc"), username: "icb.lsc", displayName: expect.stringContaining("Alex Morgan"), organisation: { code: "QE1" } },
      actor: "icb.lsc",
      collection: "s-crt",
      recordId: caseId,
      subjectUserId: null,
      details: { version: "2.0", revision: 1 },
    });
  });

  it("a refused create (invalid data) is not an action", async () => {
    const res = await lsc.post(RECORDS, { data: validCase("AUDIT-BAD", { date_added: "not a date" }) });
    expect(res.statusCode).toBe(422);
    const { items } = await trail(`user=icb.lsc&action=case_created`);
    expect(items.map((e) => e.recordId)).toEqual([caseId]);
  });

  it("case_viewed: reading the case, with the revision seen; a 404 for someone who may not see it is not a view", async () => {
    const before = new Date().toISOString();
    expect((await lsc.get(`${RECORDS}/${caseId}`)).statusCode).toBe(200);
    const nel = await tracker.signIn("icb.nel");
    expect((await nel.get(`${RECORDS}/${caseId}`)).statusCode).toBe(404);
    const entry = await onlyEntry(`case=${caseId}&action=case_viewed`);
    expectRecent(entry, before);
    expect(entry).toMatchObject({ action: "case_viewed", actionName: "Viewed a case", user: { username: "icb.lsc" }, actor: "icb.lsc", collection: "s-crt", recordId: caseId, details: { revision: 1 } });
  });

  it("case_history_viewed: reading the case's history", async () => {
    const before = new Date().toISOString();
    const viewer = await tracker.signIn("icb.lsc.viewer");
    expect((await viewer.get(`${RECORDS}/${caseId}/history`)).statusCode).toBe(200);
    const entry = await onlyEntry(`case=${caseId}&action=case_history_viewed`);
    expectRecent(entry, before);
    expect(entry).toMatchObject({ actionName: "Viewed a case's history", user: { username: "icb.lsc.viewer" }, recordId: caseId, details: { revision: 1 } });
  });

  it("case_changed: the keys of the items changed, never their values; a save without changes, a stale one or a refused one is not recorded", async () => {
    const current = (await lsc.get(`${RECORDS}/${caseId}`)).json() as { data: Record<string, unknown> };
    const before = new Date().toISOString();
    const data = { ...current.data, latest_update: SECRET_UPDATE, date_of_update: "2026-11-20" };
    const res = await lsc.put(`${RECORDS}/${caseId}`, { data }, { "if-match": '"1"' });
    expect(res.statusCode, res.body).toBe(200);
    // The same data again changes nothing; a stale revision and a viewer's write are refused.
    expect((await lsc.put(`${RECORDS}/${caseId}`, { data }, { "if-match": '"2"' })).statusCode).toBe(200);
    expect((await lsc.put(`${RECORDS}/${caseId}`, { data: { ...data, media_interest: "yes" } }, { "if-match": '"1"' })).statusCode).toBe(412);
    const viewer = await tracker.signIn("icb.lsc.viewer");
    expect((await viewer.put(`${RECORDS}/${caseId}`, { data: { ...data, media_interest: "yes" } }, { "if-match": '"2"' })).statusCode).toBe(403);

    const entry = await onlyEntry(`case=${caseId}&action=case_changed`);
    expectRecent(entry, before);
    expect(entry).toMatchObject({ actionName: "Changed a case", user: { username: "icb.lsc" }, collection: "s-crt", recordId: caseId });
    expect(entry.details).toEqual({ items: expect.any(Array), revision: 2 });
    expect([...(entry.details.items as string[])].sort()).toEqual(["date_of_update", "latest_update"]);
  });

  it("case_changed by a national user assigning an owner from the queue: the owner codes, and no answers", async () => {
    const { store } = tracker.context;
    const created = await lsc.post(RECORDS, { data: validCase("AUDIT-OWNER-1") });
    const record = (await store.getRecord("s-crt", (created.json() as { id: string }).id))!;
    // As a succession that could not decide would leave it.
    const pending = await store.updateRecord({
      collection: "s-crt", id: record.id, expectedRevision: 1, version: "2.0", data: record.data, userId: record.createdBy,
      complete: true, missing: [], unique: [], ownerPending: { candidates: ["QE1", "QMF"], reason: "a test split" }, reason: "owner closed: test",
    });
    expect(pending.kind).toBe("ok");
    const before = new Date().toISOString();
    const res = await national.post(`/api/collections/s-crt/records/${record.id}/owner`, { ownerOrg: "QMF" }, { "if-match": '"2"' });
    expect(res.statusCode, res.body).toBe(200);
    const entry = await onlyEntry(`case=${record.id}&action=case_changed`);
    expectRecent(entry, before);
    expect(entry).toMatchObject({ actionName: "Assigned a case's owner", user: { username: "national" }, recordId: record.id, details: { owner: { from: "QE1", to: "QMF" }, revision: 3 } });
  });

  it("case_created for a legacy import: one entry for the file, with counts; none for a dry run or a repeat that adds nothing", async () => {
    const url = "/api/collections/s-crt/import?version=1.0&wait=true";
    const csv = buildLegacyCsv(5, 11).text;
    expect((await national.post(`${url}&dryRun=true`, csv, { "content-type": "text/csv" })).statusCode).toBe(200);
    const before = new Date().toISOString();
    const res = await national.post(url, csv, { "content-type": "text/csv" });
    expect(res.statusCode, res.body).toBe(200);
    expect((await national.post(url, csv, { "content-type": "text/csv" })).json()).toMatchObject({ imported: 0, alreadyImported: 5 });
    const entry = await onlyEntry(`user=national&action=case_created`);
    expectRecent(entry, before);
    expect(entry).toMatchObject({ actionName: "Imported cases from a legacy file", collection: "s-crt", recordId: null, details: { import: true, version: "1.0", rows: 5, imported: 5, alreadyImported: 0 } });
  });

  it("extract_downloaded: day, quarter, format, scope and rows, once the file is written; checking an extract is not one", async () => {
    expect((await national.get("/api/collections/s-crt/extract/check?quarter=2026-27-Q3")).statusCode).toBe(200);
    expect((await trail("action=extract_downloaded")).items).toEqual([]);
    // Cases made through the API carry the machine's time, which may be after the server's fixed today.
    const { store } = tracker.context;
    const written = await store.createRecord({
      collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase("AUDIT-EXTRACT-1", { date_added: "2026-11-01" }),
      userId: await userId("icb.lsc"), complete: true, missing: [], unique: [], at: "2026-11-01T10:00:00.000Z",
    });
    expect(written.kind).toBe("ok");
    const before = new Date().toISOString();
    const res = await lsc.get("/api/collections/s-crt/extract?quarter=2026-27-Q3&format=csv");
    expect(res.statusCode).toBe(200);
    const rows = res.body.split("\r\n").length - 2;
    expect(rows).toBe(1);
    const entry = await onlyEntry("action=extract_downloaded");
    expectRecent(entry, before);
    const [logged] = (await national.get("/api/extract-log")).json().items as { id: string }[];
    expect(entry).toMatchObject({
      actionName: "Downloaded an extract",
      user: { username: "icb.lsc" },
      collection: "s-crt",
      recordId: null,
      details: { asAt: "2026-11-21", quarter: "2026-27-Q3", format: "csv", scope: "QE1", rows, extractId: logged!.id },
    });
  });

  it("dashboard_viewed: the day, the quarter and the narrowing asked for", async () => {
    const region = await tracker.signIn("region.nw");
    const before = new Date().toISOString();
    expect((await region.get("/api/collections/s-crt/dashboard?asAt=2026-11-01")).statusCode).toBe(200);
    expect((await national.get("/api/collections/s-crt/dashboard?quarter=2026-27-Q2&region=Y62")).statusCode).toBe(200);
    // Refused: a regional user asking for another region's figures.
    expect((await region.get("/api/collections/s-crt/dashboard?region=Y56")).statusCode).toBe(403);
    const regional = await onlyEntry("user=region.nw&action=dashboard_viewed");
    expectRecent(regional, before);
    expect(regional).toMatchObject({ actionName: "Viewed the dashboard", collection: "s-crt", details: { asAt: "2026-11-01", quarter: null, region: null, owner: null, scope: "Y62" } });
    const nationally = await onlyEntry("user=national&action=dashboard_viewed");
    expect(nationally.details).toEqual({ asAt: "2026-09-30", quarter: "2026-27-Q2", region: "Y62", owner: null, scope: "Y62" });
  });
});

describe("signing in and out (written by the sign-in plugins)", () => {
  it("sign_in and sign_out with the dev sign-in", async () => {
    const before = new Date().toISOString();
    const nel = await tracker.signIn("icb.nel");
    const id = await userId("icb.nel");
    const signIn = (await trail(`user=${id}&action=sign_in`)).items[0]!;
    expectRecent(signIn, before);
    expect(signIn).toMatchObject({ actionName: "Signed in", user: { id, username: "icb.nel" }, actor: "icb.nel", details: { method: "dev" } });
    const between = new Date().toISOString();
    expect((await nel.post("/auth/logout")).statusCode).toBe(200);
    const signOut = await onlyEntry(`user=${id}&action=sign_out`);
    expectRecent(signOut, between);
    expect(signOut).toMatchObject({ actionName: "Signed out", user: { username: "icb.nel" }, actor: "icb.nel" });
  });

  it("sign_in_failed: the name given, with no account", async () => {
    const before = new Date().toISOString();
    const res = await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "no.such.person" } });
    expect(res.statusCode).toBe(401);
    const entry = await onlyEntry("action=sign_in_failed");
    expectRecent(entry, before);
    expect(entry).toMatchObject({ actionName: "Sign-in failed", user: null, actor: "no.such.person", details: { method: "dev", reason: "unknown_user" } });
  });

  it("session_ended after the idle timeout", async () => {
    const idle = await startTracker({ today: "2026-11-21", config: { sessionIdleSeconds: 1 } });
    try {
      const editor = await idle.signIn("icb.lsc");
      await sleep(1200);
      const before = new Date().toISOString();
      expect((await editor.get("/auth/me")).statusCode).toBe(401);
      const overseer = await idle.signIn("national");
      const res = await overseer.get("/api/audit?action=session_ended");
      expect(res.statusCode, res.body).toBe(200);
      const { items } = res.json() as AuditBody;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ actionName: "Session ended after inactivity", user: { username: "icb.lsc" }, actor: "icb.lsc", details: { reason: "idle" } });
      expect(items[0]!.at >= before).toBe(true);
    } finally {
      await idle.destroy();
    }
  });
});

describe("who may read the trail", () => {
  it("national users only: everyone else is refused (403) whatever they ask, and the anonymous 401", async () => {
    for (const username of ["icb.lsc", "icb.lsc.viewer", "icb.nel", "region.nw", "standards"]) {
      const client = await tracker.signIn(username);
      for (const url of ["/api/audit", "/api/audit?pageSize=nonsense", `/api/audit?case=${caseId}`]) {
        const res = await client.get(url);
        expect(res.statusCode, `${username} ${url}`).toBe(403);
        expect(res.json()).toMatchObject({ code: "forbidden" });
      }
    }
    const anonymous = await tracker.anonymous().get("/api/audit");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: "unauthenticated" });
  });

  it("and the case's answers are in no entry", async () => {
    const everything: AuditItem[] = [];
    let next: number | null = null;
    do {
      const page: AuditBody = await trail(`pageSize=200${next ? `&before=${next}` : ""}`);
      everything.push(...page.items);
      next = page.next;
    } while (next !== null);
    expect(everything.length).toBeGreaterThan(15);
    const text = JSON.stringify(everything);
    for (const secret of [SECRET_OVERVIEW, SECRET_UPDATE, SECRET_ID, "Zephyrine", "Quillwort"]) expect(text).not.toContain(secret);
  });
});

describe("filters and pages", () => {
  /** Entries about one made-up user at known moments, around the clocks going back (25 October 2026, 02:00 BST). */
  const subject = "filter-test-user";
  const moments = [
    "2026-07-31T22:59:59.999Z", // 31 July, 23:59:59.999 in London
    "2026-07-31T23:00:00.000Z", // 1 August, midnight in London
    "2026-08-01T12:00:00.000Z",
    "2026-10-25T23:30:00.000Z", // 25 October, 23:30 in London (GMT again)
    "2026-10-26T00:00:00.000Z", // 26 October, midnight in London
  ];
  beforeAll(async () => {
    for (const [i, at] of moments.entries()) {
      await tracker.context.store.appendAudit({ action: i % 2 ? "case_viewed" : "dashboard_viewed", userId: subject, actor: subject, at, recordId: i % 2 ? "filter-case" : null });
    }
  });
  const ats = async (query: string) => (await trail(`user=${subject}&${query}`)).items.map((e) => e.at);

  it("by user (id or username), case and one or several actions", async () => {
    expect(await ats("")).toEqual([...moments].reverse());
    expect((await trail(`user=${subject}&case=filter-case`)).items.map((e) => e.at)).toEqual([moments[3], moments[1]]);
    expect(await ats("action=case_viewed")).toEqual([moments[3], moments[1]]);
    expect(await ats("action=case_viewed&action=dashboard_viewed")).toHaveLength(5);
    expect(await ats("action=case_viewed,sign_in")).toHaveLength(2);
    const lscId = await userId("icb.lsc");
    expect((await trail("user=icb.lsc")).items.map((e) => e.user?.id)).toEqual((await trail(`user=${lscId}`)).items.map((e) => e.user?.id));
    expect((await trail("user=icb.lsc")).items.every((e) => e.user?.username === "icb.lsc")).toBe(true);
  });

  it("by days in UK time (to includes its whole day) or by instants (to excluded)", async () => {
    expect(await ats("from=2026-08-01&to=2026-08-01")).toEqual([moments[2], moments[1]]);
    expect(await ats("to=2026-07-31")).toEqual([moments[0]]);
    expect(await ats("from=2026-10-25&to=2026-10-25")).toEqual([moments[3]]);
    expect(await ats("from=2026-10-26")).toEqual([moments[4]]);
    expect(await ats(`from=${encodeURIComponent("2026-08-01T13:00:00+01:00")}&to=2026-10-26T00:00:00Z`)).toEqual([moments[3], moments[2]]);
  });

  it("a page at a time, newest first, with no entry missed or repeated", async () => {
    const seen: string[] = [];
    let next: number | null = null;
    let pages = 0;
    do {
      const page: AuditBody = await trail(`user=${subject}&pageSize=2${next ? `&before=${next}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.at));
      next = page.next;
      pages++;
    } while (next !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...moments].reverse());
  });

  it("by collection", async () => {
    expect((await trail(`case=${caseId}&collection=s-crt`)).items.length).toBeGreaterThan(0);
    expect((await trail(`case=${caseId}&collection=other`)).items).toEqual([]);
  });

  it("is described in the OpenAPI document, under its own tag", async () => {
    const doc = (await national.get("/docs/json")).json() as { tags: { name: string }[]; paths: Record<string, { get?: { tags?: string[]; parameters?: { name: string }[] } }> };
    expect(doc.tags.map((t) => t.name)).toContain("audit");
    const route = doc.paths["/api/audit"]?.get;
    expect(route?.tags).toEqual(["audit"]);
    expect(route?.parameters?.map((p) => p.name).sort()).toEqual(["action", "before", "case", "collection", "from", "pageSize", "to", "user"]);
  });

  it("offers every action, in words", async () => {
    const { actions } = await trail("pageSize=1");
    expect(actions).toContainEqual({ code: "case_viewed", name: "Viewed a case" });
    expect(actions).toContainEqual({ code: "sign_in_failed", name: "Sign-in failed" });
  });

  it("a bad parameter is a 400 naming it, never a server error", async () => {
    const cases: [string, string][] = [
      ["action=case_eaten", '"action"'],
      ["action=case_viewed&action=nope", '"action"'],
      ["from=2026-13-01", '"from"'],
      ["from=yesterday", '"from"'],
      ["from=0100-01-01", '"from"'],
      ["to=2026-02-30", '"to"'],
      ["to=2026-11-21T25:00:00Z", '"to"'],
      ["to=2026-11-21T10:00:00", '"to"'],
      ["from=2026-11-21&to=2026-11-20", '"to"'],
      ["before=abc", '"before"'],
      ["before=0", '"before"'],
      ["pageSize=201", '"pageSize"'],
      ["pageSize=0", '"pageSize"'],
      ["pageSize=1&pageSize=2", '"pageSize"'],
      ["colour=blue", '"colour"'],
    ];
    for (const [query, named] of cases) {
      const res = await national.get(`/api/audit?${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      const body = res.json() as { code: string; message: string };
      expect(body.code).toBe("invalid_request");
      expect(body.message, query).toContain(named);
    }
  });
});

describe("the trail cannot be changed", () => {
  it("the running tracker's database refuses UPDATE and DELETE of audit entries, and the trail reads as before", async () => {
    const before = await trail("pageSize=200");
    await expect(tracker.raw("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(tracker.raw("DELETE FROM audit_log WHERE action = 'case_viewed'")).rejects.toThrow(/append-only/);
    expect((await trail("pageSize=200")).items).toEqual(before.items);
  });
});
