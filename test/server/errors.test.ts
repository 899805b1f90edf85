/**
 * Every 4xx path of the API, over the real app and a real SQLite file: the right status, a
 * JSON body with a human message, and never a stack trace or SQL. Failed writes leave the
 * stored record and its history as they were. See DESIGN.md ("HTTP API", "Errors").
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../api/index.ts";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const TODAY = "2026-11-21";
const VALIDATE = "/api/collections/s-crt/validate";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: { path: string; code: string; message: string }[];
  currentRevision?: number;
}
interface RecordBody {
  id: string;
  revision: number;
  version: string;
  ownerOrg: string;
  data: Record<string, unknown>;
  updatedAt: string;
}

let tracker: Tracker;
let lsc: Client;
let nel: Client;
let viewer: Client;
let regional: Client;
/** A QE1 record that only failing requests touch (until the tests that change it on purpose). */
let base: RecordBody;
let counter = 0;

/** Asserts the error contract: status, JSON, a machine code, a message string, no stack trace, no SQL. */
function expectError(res: LightMyRequestResponse, status: number, message?: RegExp | string, code?: ErrorCode): ErrorBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.json() as ErrorBody;
  expect(typeof body.message, res.body).toBe("string");
  expect(body.message.trim().length).toBeGreaterThan(5);
  expect(body.statusCode).toBe(status);
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  expect(res.body).not.toMatch(/SQLITE|sqlite_|SELECT |INSERT /);
  expect(res.body).not.toMatch(/node_modules|\/work\/|Error: /);
  if (message !== undefined) expect(body.message).toMatch(message);
  expect(Object.keys(ERROR_CODES), res.body).toContain(body.code);
  if (code !== undefined) expect(body.code, res.body).toBe(code);
  return body;
}

function recordUrl(id: string): string {
  return `${RECORDS}/${id}`;
}

async function create(client: Client, id: string, overrides: Record<string, unknown> = {}): Promise<RecordBody> {
  const res = await client.post(RECORDS, { data: validCase(id, overrides) });
  if (res.statusCode !== 201) throw new Error(`fixture ${id} was not created: ${res.statusCode} ${res.body}`);
  return res.json() as RecordBody;
}

/** The record and its history as the API shows them to icb.lsc. */
async function snapshot(id: string): Promise<{ record: RecordBody; history: unknown }> {
  const record = await lsc.get(recordUrl(id));
  const history = await lsc.get(`${recordUrl(id)}/history`);
  expect(record.statusCode).toBe(200);
  expect(history.statusCode).toBe(200);
  return { record: record.json() as RecordBody, history: history.json() };
}

async function expectUnchanged(id: string, before: { record: RecordBody; history: unknown }): Promise<void> {
  const after = await snapshot(id);
  expect(after.record.revision).toBe(before.record.revision);
  expect(after.record.data).toEqual(before.record.data);
  expect(after.record.updatedAt).toBe(before.record.updatedAt);
  expect(after.history).toEqual(before.history);
}

/** A request from a signed-in client that leaves out the CSRF token (or sends another). */
function withoutCsrf(client: Client, method: "POST" | "PUT", url: string, payload: object, headers: Record<string, string> = {}) {
  return tracker.app.inject({ method, url, payload, headers: { cookie: client.cookie, ...headers } });
}

beforeAll(async () => {
  tracker = await startTracker({ today: TODAY });
  lsc = await tracker.signIn("icb.lsc");
  nel = await tracker.signIn("icb.nel");
  viewer = await tracker.signIn("icb.lsc.viewer");
  regional = await tracker.signIn("region.nw");
  base = await create(lsc, "ERR-BASE-1");
});

afterAll(() => tracker?.destroy());

// ---------------------------------------------------------------------------------------------
// Unreadable bodies, on every route that takes one.
// ---------------------------------------------------------------------------------------------
type BodyRoute = "create" | "update" | "validate";
const BODY_ROUTES: BodyRoute[] = ["create", "update", "validate"];

/** Sends a raw payload to a body route as icb.lsc; updates carry the right If-Match. */
async function sendRaw(route: BodyRoute, payload: string, contentType: string): Promise<LightMyRequestResponse> {
  const headers = { "content-type": contentType };
  switch (route) {
    case "create":
      return lsc.post(RECORDS, payload, headers);
    case "validate":
      return lsc.post(VALIDATE, payload, headers);
    case "update": {
      const current = (await lsc.get(recordUrl(base.id))).json() as RecordBody;
      return lsc.put(recordUrl(base.id), payload, { ...headers, "if-match": `"${current.revision}"` });
    }
  }
}

const JSON_TYPE = "application/json";
const big = JSON.stringify({ data: validCase("ERR-BIG", { brief_overview: "a".repeat(1_100_000) }) });

const UNREADABLE: [string, string, string, number, RegExp, ErrorCode][] = [
  ["malformed JSON", '{"data": {', JSON_TYPE, 400, /not valid JSON/, "invalid_json"],
  ["JSON with a trailing comma", '{"data": {},}', JSON_TYPE, 400, /not valid JSON/, "invalid_json"],
  ["an empty body", "", JSON_TYPE, 400, /empty/, "invalid_json"],
  ["text/plain", JSON.stringify({ data: validCase("ERR-TEXT") }), "text/plain", 415, /JSON/, "unsupported_media_type"],
  ["application/x-www-form-urlencoded", "data=1&status=open", "application/x-www-form-urlencoded", 415, /JSON/, "unsupported_media_type"],
  ["multipart/form-data", "--x\r\n\r\n--x--", "multipart/form-data; boundary=x", 415, /JSON/, "unsupported_media_type"],
  ["a body over 1 MiB", big, JSON_TYPE, 413, /too large/, "body_too_large"],
  ["a JSON array", "[]", JSON_TYPE, 400, /JSON object/, "invalid_request"],
  ["a JSON string", '"data"', JSON_TYPE, 400, /JSON object/, "invalid_request"],
  ["a JSON number", "42", JSON_TYPE, 400, /JSON object/, "invalid_request"],
  ["JSON null", "null", JSON_TYPE, 400, /JSON object/, "invalid_request"],
  ["an object without data", '{"record": {}}', JSON_TYPE, 400, /data/, "invalid_request"],
  // 5,000 levels overflowed the stack while the update compared old and new answers (a 500).
  ["JSON nested 5,000 levels deep", `{"data": {"latest_update": ${"[".repeat(5000)}${"]".repeat(5000)}}}`, JSON_TYPE, 400, /nested more than 32 levels deep/, "invalid_json"],
];

describe("unreadable request bodies", () => {
  const rows = BODY_ROUTES.flatMap((route) => UNREADABLE.map(([name, payload, type, status, message, code]) => ({ route, name, payload, type, status, message, code })));

  it.each(rows)("$route: $name → $status $code", async ({ route, payload, type, status, message, code }) => {
    const before = await snapshot(base.id);
    const count = await tracker.context.store.countRecords("s-crt");
    expectError(await sendRaw(route, payload, type), status, message, code);
    await expectUnchanged(base.id, before);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it.each(["create", "update"] as const)("%s: data that is not an object → 400", async (route) => {
    for (const data of [null, [], "text", 1, true]) {
      expectError(await sendRaw(route, JSON.stringify({ data }), JSON_TYPE), 400, '"data" must be a JSON object of item keys and answers', "invalid_request");
    }
  });

  it.each(["create", "update"] as const)("%s: keys besides data → 400 naming them", async (route) => {
    const before = await snapshot(base.id);
    const res = await sendRaw(route, JSON.stringify({ data: { ...before.record.data, latest_update: "Sneaked in.", date_of_update: TODAY }, revision: 1 }), JSON_TYPE);
    expectError(res, 400, 'Unexpected "revision": send only {"data": {...}}', "invalid_request");
    await expectUnchanged(base.id, before);
  });

  it("validate: a version that is not text → 400", async () => {
    expectError(await lsc.post(VALIDATE, { version: 2, data: validCase() }), 400, '"version" must be text, like "2.0"', "invalid_request");
  });

  it("validate: keys besides version and data → 400", async () => {
    expectError(await lsc.post(VALIDATE, { data: validCase(), extra: 1 }), 400, /Unexpected "extra"/, "invalid_request");
  });

  it.each([
    ["create without data", () => lsc.post(RECORDS, { record: {} })],
    ["create with a JSON array", () => lsc.post(RECORDS, "[]", { "content-type": JSON_TYPE })],
    ["create with data null", () => lsc.post(RECORDS, { data: null })],
    ["list with page given twice", () => lsc.get(`${RECORDS}?page=1&page=2`)],
  ])("shape errors are in the API's words, not Ajv's: %s", async (_name, send) => {
    const body = expectError(await send(), 400);
    expect(body.message).not.toMatch(/must have required property|must be (object|string)|querystring\/|body\//);
  });
});

// ---------------------------------------------------------------------------------------------
// Unknown things.
// ---------------------------------------------------------------------------------------------
describe("unknown records, collections, versions and routes", () => {
  it.each([
    ["read", () => lsc.get(recordUrl(UNKNOWN_ID))],
    ["read (not a uuid)", () => lsc.get(recordUrl("not-a-record"))],
    ["history", () => lsc.get(`${recordUrl(UNKNOWN_ID)}/history`)],
    ["update", () => lsc.put(recordUrl(UNKNOWN_ID), { data: validCase() }, { "if-match": '"1"' })],
  ])("unknown record id: %s → 404", async (_name, send) => {
    expectError(await send(), 404, "No such record", "not_found");
  });

  it.each([
    ["list", () => lsc.get("/api/collections/nope/records")],
    ["create", () => lsc.post("/api/collections/nope/records", { data: validCase() })],
    ["read", () => lsc.get(`/api/collections/nope/records/${base.id}`)],
    ["update", () => lsc.put(`/api/collections/nope/records/${base.id}`, { data: validCase() }, { "if-match": '"1"' })],
    ["history", () => lsc.get(`/api/collections/nope/records/${base.id}/history`)],
    ["validate", () => lsc.post("/api/collections/nope/validate", { data: {} })],
    ["compiled form", () => lsc.get("/api/collections/nope/versions/2.0")],
    ["validator module", () => lsc.get("/api/collections/nope/versions/2.0/validator.js")],
  ])("unknown collection: %s → 404", async (_name, send) => {
    expectError(await send(), 404, /nope/, "not_found");
  });

  it.each([
    ["compiled form", () => lsc.get("/api/collections/s-crt/versions/9.9")],
    ["validate", () => lsc.post(VALIDATE, { version: "9.9", data: validCase() })],
  ])("unknown version: %s → 404", async (_name, send) => {
    expectError(await send(), 404, /9\.9/, "not_found");
  });

  it.each([
    ["GET", "/api/nothing"],
    ["GET", "/api/collections/s-crt/nothing"],
    ["GET", "/nothing"],
    ["POST", `/api/collections/s-crt/records/${UNKNOWN_ID}/history`],
    ["DELETE", `/api/collections/s-crt/records/${UNKNOWN_ID}`],
    ["PATCH", `/api/collections/s-crt/records/${UNKNOWN_ID}`],
  ] as const)("unknown route %s %s → 404 JSON", async (method, url) => {
    const res = await tracker.app.inject({ method, url, headers: { cookie: lsc.cookie, "x-csrf-token": lsc.csrfToken } });
    expectError(res, 404, undefined, "not_found");
  });

  it.each([
    ["an invalid UTF-8 byte in a collection", "/api/collections/%cf/records"],
    ["an encoded lone surrogate in a record id", `/api/collections/s-crt/records/%ED%A0%80`],
    ["a truncated escape in a version", "/api/collections/s-crt/versions/%E9%A3"],
    ["an invalid byte in a page path", "/c/%fc%00"],
  ])("a path with %s → 400 invalid_request in the API's words, not echoing it", async (_name, url) => {
    for (const send of [() => lsc.get(url), () => tracker.app.inject({ method: "GET", url }), () => lsc.post(url, { data: validCase() })]) {
      const body = expectError(await send(), 400, "The address of the request is not valid: part of it is not correctly percent-encoded UTF-8", "invalid_request");
      expect(JSON.stringify(body)).not.toContain(url.split("/").at(-1)!);
    }
  });

  it("an unknown path under /api is a JSON 404 even for someone not signed in", async () => {
    expectError(await tracker.app.inject({ method: "GET", url: "/api/nothing" }), 404, "Nothing at GET /api/nothing", "not_found");
  });
});

// ---------------------------------------------------------------------------------------------
// If-Match on update.
// ---------------------------------------------------------------------------------------------
describe("If-Match", () => {
  let record: RecordBody;
  beforeAll(async () => {
    record = await create(lsc, "ERR-IFMATCH-1");
  });

  it("missing → 428, unchanged", async () => {
    const before = await snapshot(record.id);
    const res = await lsc.put(recordUrl(record.id), { data: { ...record.data, latest_update: "No If-Match.", date_of_update: TODAY } });
    expectError(res, 428, /If-Match/, "if_match_required");
    await expectUnchanged(record.id, before);
  });

  it.each(["abc", '"abc"', "1", '"1', "\"-1\"", '"1.0"', '"1", "2"', ""])("malformed (%s) → 400, unchanged", async (ifMatch) => {
    const before = await snapshot(record.id);
    const res = await lsc.put(recordUrl(record.id), { data: { ...record.data, latest_update: "Bad If-Match.", date_of_update: TODAY } }, { "if-match": ifMatch });
    expectError(res, 400, /If-Match/, "invalid_if_match");
    await expectUnchanged(record.id, before);
  });

  it("stale → 412 with currentRevision, unchanged", async () => {
    const first = await lsc.put(recordUrl(record.id), { data: { ...record.data, latest_update: "First change.", date_of_update: TODAY } }, { "if-match": '"1"' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const before = await snapshot(record.id);
    for (const stale of ['"1"', '"3"', '"99999999999999999999"']) {
      const res = await lsc.put(recordUrl(record.id), { data: { ...record.data, latest_update: "Lost update.", date_of_update: TODAY } }, { "if-match": stale });
      const body = expectError(res, 412, /revision 2/, "stale_revision");
      expect(body.currentRevision).toBe(2);
    }
    await expectUnchanged(record.id, before);
  });

  it("two writers with the same If-Match at once: one 200, the other 412", async () => {
    const current = (await lsc.get(recordUrl(record.id))).json() as RecordBody;
    const send = (text: string) => lsc.put(recordUrl(record.id), { data: { ...current.data, latest_update: text, date_of_update: TODAY } }, { "if-match": `"${current.revision}"` });
    const results = await Promise.all([send("Writer A."), send("Writer B.")]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    const loser = results.find((r) => r.statusCode === 412)!;
    expect(expectError(loser, 412).currentRevision).toBe(current.revision + 1);
    const after = await snapshot(record.id);
    expect(after.record.revision).toBe(current.revision + 1);
    expect((after.history as { items: unknown[] }).items).toHaveLength(current.revision + 1);
  });

  it("a weak validator of the current revision is accepted", async () => {
    const current = (await lsc.get(recordUrl(record.id))).json() as RecordBody;
    const res = await lsc.put(recordUrl(record.id), { data: { ...record.data, latest_update: "Weak If-Match.", date_of_update: TODAY } }, { "if-match": `W/"${current.revision}"` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ revision: current.revision + 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// Invalid data, duplicates, retired versions.
// ---------------------------------------------------------------------------------------------
describe("invalid data (422)", () => {
  const early = { date_added: "2026-09-01", incident_date: "2026-09-12" };
  const notBefore = "The date the case was added must be the same as or after the incident date";

  function expectDateAddedError(errors: ErrorBody["errors"]): void {
    expect(Array.isArray(errors)).toBe(true);
    for (const e of errors!) {
      expect(typeof e.path).toBe("string");
      expect(typeof e.code).toBe("string");
      expect(typeof e.message).toBe("string");
    }
    const error = errors!.find((e) => e.path === "/date_added");
    expect(error).toMatchObject({ path: "/date_added", code: "not_before" });
    expect(error!.message).toContain(notBefore);
    expect(error!.message).toContain("12 September 2026");
  }

  it("create → 422 with errors listing {path, code, message}; nothing stored", async () => {
    const count = await tracker.context.store.countRecords("s-crt");
    const body = expectError(await lsc.post(RECORDS, { data: validCase("ERR-422-1", early) }), 422, undefined, "validation_failed");
    expectDateAddedError(body.errors);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it("update → 422 with the same error; record and history unchanged", async () => {
    const before = await snapshot(base.id);
    const res = await lsc.put(recordUrl(base.id), { data: { ...before.record.data, ...early } }, { "if-match": `"${before.record.revision}"` });
    expectDateAddedError(expectError(res, 422, undefined, "validation_failed").errors);
    await expectUnchanged(base.id, before);
  });

  it("validate → 200 with valid false and the same error", async () => {
    const res = await lsc.post(VALIDATE, { data: validCase("ERR-422-1", early) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { valid: boolean; errors: ErrorBody["errors"] };
    expect(body.valid).toBe(false);
    expectDateAddedError(body.errors);
  });

  it("several problems are all listed, each at its item", async () => {
    const body = expectError(await lsc.post(RECORDS, { data: validCase("ERR-422-2", { ...early, designated_professional_initials: "ab", bogus: 1, status: undefined }) }), 422);
    const paths = body.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/date_added", "/designated_professional_initials", "/bogus", "/status"]));
    for (const e of body.errors!) expect(e.message).not.toMatch(/must match|must have required|additional properties/i);
  });

  describe("StEIS number or local identifier is unique within an ICB, ignoring case", () => {
    let first: RecordBody;
    let other: RecordBody;
    beforeAll(async () => {
      first = await create(lsc, "LSC-A-2026/00001");
      other = await create(lsc, "LSC-B-2026/00002");
      await create(lsc, "STEIS-2024-1");
    });

    it.each(["lsc-a-2026/00001", "LSC-A-2026/00001", "Lsc-A-2026/00001"])("creating %s in the same ICB → 422 at /steis_or_local_id", async (id) => {
      const count = await tracker.context.store.countRecords("s-crt");
      const body = expectError(await lsc.post(RECORDS, { data: validCase(id) }), 422, /already has this StEIS number/, "duplicate_value");
      expect(body.errors).toEqual([expect.objectContaining({ path: "/steis_or_local_id", code: "duplicate_value" })]);
      expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
    });

    it("changing another record to it → 422; that record and its history unchanged", async () => {
      const before = await snapshot(other.id);
      const res = await lsc.put(recordUrl(other.id), { data: { ...other.data, steis_or_local_id: "lsc-a-2026/00001" } }, { "if-match": `"${other.revision}"` });
      const body = expectError(res, 422);
      expect(body.errors?.map((e) => e.path)).toEqual(["/steis_or_local_id"]);
      await expectUnchanged(other.id, before);
      // The failed write did not release or take any identifier.
      expectError(await lsc.post(RECORDS, { data: validCase("lsc-b-2026/00002") }), 422);
    });

    it.each([
      ["a non-breaking hyphen", "STEIS\u20112024-1"],
      ["a zero-width space", "STEIS-2024\u200B-1"],
      ["full-width characters", "\uFF33\uFF34\uFF25\uFF29\uFF33-2024-1"],
      ["an en dash, in lower case", "steis\u20132024-1"],
    ])("an identifier that differs from a stored one only by %s → 422 duplicate at /steis_or_local_id", async (_name, lookalike) => {
      const count = await tracker.context.store.countRecords("s-crt");
      const body = expectError(await lsc.post(RECORDS, { data: validCase(lookalike) }), 422, /already has this StEIS number/, "duplicate_value");
      expect(body.errors).toEqual([expect.objectContaining({ path: "/steis_or_local_id", code: "duplicate_value" })]);
      expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
    });

    it("the same identifier in another ICB is accepted (201)", async () => {
      const res = await nel.post(RECORDS, { data: validCase("LSC-A-2026/00001") });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ ownerOrg: "QMF" });
      const lower = await nel.post(RECORDS, { data: validCase("lsc-b-2026/00002") });
      expect(lower.statusCode, lower.body).toBe(201);
    });

    it("a record may change the case of its own identifier (200)", async () => {
      const res = await lsc.put(recordUrl(first.id), { data: { ...first.data, steis_or_local_id: "lsc-a-2026/00001" } }, { "if-match": `"${first.revision}"` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ revision: first.revision + 1, data: { steis_or_local_id: "lsc-a-2026/00001" } });
    });
  });

  describe("records under the retired version 1.0", () => {
    let v1: { id: string; revision: number; data: Record<string, unknown> };
    const v1Data = {
      status: "open",
      incident_date: "2021-03-05",
      date_added: "2021-03-12",
      brief_overview: "Fictional case for tests: an adult at risk in a care home.",
      themes: ["organisational"],
      media_interest: "yes",
      designated_partnership: "Example Safeguarding Adults Board",
      steis_or_local_id: "LOCAL-V1-0001",
      review_type: "sar",
    };

    beforeAll(async () => {
      const entry = tracker.context.registry.get("s-crt", "1.0");
      expect(entry?.form.status).toBe("retired");
      expect(entry!.validate(v1Data, { today: TODAY })).toMatchObject({ valid: true, errors: [] });
      const user = await tracker.context.store.getUserByUsername("icb.lsc");
      const written = await tracker.context.store.createRecord({
        collection: "s-crt",
        version: "1.0",
        ownerOrg: "QE1",
        data: v1Data,
        userId: user!.id,
        complete: true,
        missing: [],
        unique: [],
      });
      if (written.kind !== "ok") throw new Error(`v1.0 fixture not stored: ${written.kind}`);
      v1 = written.record;
    });

    it("can be read", async () => {
      const res = await lsc.get(recordUrl(v1.id));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ version: "1.0", data: v1Data });
    });

    it("a write → 409 naming the retired version; unchanged", async () => {
      const before = await snapshot(v1.id);
      for (const data of [v1Data, { ...v1Data, latest_update: "Author appointed." }]) {
        const res = await lsc.put(recordUrl(v1.id), { data }, { "if-match": `"${v1.revision}"` });
        expectError(res, 409, /retired/, "retired_version");
      }
      await expectUnchanged(v1.id, before);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// CSRF, failed writes by role.
// ---------------------------------------------------------------------------------------------
describe("CSRF token", () => {
  it.each([
    ["create without token", () => withoutCsrf(lsc, "POST", RECORDS, { data: validCase("ERR-CSRF-1") })],
    ["create with another session's token", () => withoutCsrf(lsc, "POST", RECORDS, { data: validCase("ERR-CSRF-2") }, { "x-csrf-token": nel.csrfToken })],
    ["create with an empty token", () => withoutCsrf(lsc, "POST", RECORDS, { data: validCase("ERR-CSRF-3") }, { "x-csrf-token": "" })],
    ["validate without token", () => withoutCsrf(lsc, "POST", VALIDATE, { data: validCase() })],
    ["update without token", () => withoutCsrf(lsc, "PUT", recordUrl(base.id), { data: { ...base.data, latest_update: "No token.", date_of_update: TODAY } }, { "if-match": `"${base.revision}"` })],
    ["logout without token", () => withoutCsrf(lsc, "POST", "/auth/logout", {})],
  ])("%s → 403; nothing written", async (_name, send) => {
    const before = await snapshot(base.id);
    const count = await tracker.context.store.countRecords("s-crt");
    expectError(await send(), 403, /security token/, "csrf");
    await expectUnchanged(base.id, before);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
    expect((await lsc.get("/auth/me")).statusCode).toBe(200);
  });
});

describe("blank answers and unknown keys", () => {
  it("an unknown key is refused whatever its value, a blank one too (it was stored)", async () => {
    const count = await tracker.context.store.countRecords("s-crt");
    for (const value of [" ", "", "\t", "\uFEFF", "text"]) {
      const res = await lsc.post(RECORDS, { data: { ...validCase(`ERR-UNKNOWN-${++counter}`), not_an_item: value } });
      const body = expectError(res, 422, undefined, "validation_failed");
      expect(body.errors, JSON.stringify(value)).toContainEqual(expect.objectContaining({ path: "/not_an_item" }));
    }
    const before = await snapshot(base.id);
    const res = await lsc.put(recordUrl(base.id), { data: { ...before.record.data, not_an_item: " " } }, { "if-match": `"${before.record.revision}"` });
    expect(expectError(res, 422, undefined, "validation_failed").errors).toContainEqual(expect.objectContaining({ path: "/not_an_item" }));
    await expectUnchanged(base.id, before);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it("a blank answer is stored as absent, so a date or web address never holds spaces (they were stored)", async () => {
    const res = await lsc.post(RECORDS, { data: { ...validCase(`ERR-BLANK-${++counter}`), date_report_signed_off: " ", report_link: "\t", latest_update: "\uFEFF", themes: ["domestic"], review_type_other: "" } });
    expect(res.statusCode, res.body).toBe(201);
    const stored = await tracker.context.store.getRecord("s-crt", (res.json() as RecordBody).id);
    for (const key of ["date_report_signed_off", "report_link", "latest_update", "review_type_other"]) expect(stored!.data, key).not.toHaveProperty(key);
    const history = await tracker.context.store.history("s-crt", stored!.id);
    expect(history[0]!.data).toEqual(stored!.data);
  });

  it("a save whose only change is blank answers makes no revision", async () => {
    const before = await snapshot(base.id);
    const res = await lsc.put(recordUrl(base.id), { data: { ...before.record.data, latest_update: "   ", publication_date: "" } }, { "if-match": `"${before.record.revision}"` });
    expect(res.statusCode, res.body).toBe(200);
    await expectUnchanged(base.id, before);
  });
});

describe("control and hidden formatting characters in text", () => {
  const message = "A brief overview of the case must not contain control characters or hidden formatting characters";
  // Raw JSON text: "\\ud800" reaches the server as the JSON escape, which JSON.parse turns into a lone surrogate.
  const rawCase = (id: string, overview: string) => JSON.stringify({ data: validCase(id, { brief_overview: "PLACEHOLDER" }) }).replace("PLACEHOLDER", overview);

  it.each([
    ["NUL", "Before\\u0000after"],
    ["an ANSI escape", "\\u001b[2JCleared"],
    ["a right-to-left override", "Report \\u202Efdp.exe"],
    ["a pop directional isolate", "Text\\u2069more"],
    ["a lone high surrogate", "Broken \\ud800 text"],
    ["a lone low surrogate", "Broken \\udfff text"],
    ["a carriage return without a line feed", "One\\rtwo"],
  ])("%s: create → 422 at the item, validate says so too, and an update leaves the record unchanged", async (_name, overview) => {
    const count = await tracker.context.store.countRecords("s-crt");
    const created = expectError(await lsc.post(RECORDS, rawCase(`ERR-CHARS-${++counter}`, overview), { "content-type": JSON_TYPE }), 422, undefined, "validation_failed");
    expect(created.errors).toEqual([{ path: "/brief_overview", code: "invalid_characters", message }]);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);

    const validated = await lsc.post(VALIDATE, rawCase("ERR-CHARS-V", overview), { "content-type": JSON_TYPE });
    expect(validated.statusCode, validated.body).toBe(200);
    expect(validated.json()).toMatchObject({ valid: false, errors: [{ path: "/brief_overview", code: "invalid_characters", message }] });

    const before = await snapshot(base.id);
    const body = JSON.stringify({ data: { ...before.record.data, brief_overview: "PLACEHOLDER" } }).replace("PLACEHOLDER", overview);
    const res = await lsc.put(recordUrl(base.id), body, { "content-type": JSON_TYPE, "if-match": `"${before.record.revision}"` });
    expect(expectError(res, 422, undefined, "validation_failed").errors).toEqual([{ path: "/brief_overview", code: "invalid_characters", message }]);
    await expectUnchanged(base.id, before);
  });

  it("tabs, Windows line breaks, emoji and right-to-left script are kept as sent", async () => {
    const overview = "Line one\twith a tab\r\nLine two \u{1F600} \u05E9\u05DC\u05D5\u05DD";
    const res = await lsc.post(RECORDS, { data: validCase(`ERR-CHARS-${++counter}`, { brief_overview: overview }) });
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as RecordBody).data.brief_overview).toBe(overview);
  });
});

describe("a body with tens of thousands of problems", () => {
  /** A case with unknown keys added until its body is just under 1 MiB. */
  function hugeCase(id: string, base: Record<string, unknown> = validCase(id)): { body: string; unknown: number } {
    const data: Record<string, unknown> = { ...base };
    let unknown = 0;
    let size = JSON.stringify({ data }).length;
    while (size < 1024 * 1024 - 100) {
      const key = `not_an_item_${String(unknown).padStart(5, "0")}`;
      data[key] = 1;
      size += key.length + 5;
      unknown++;
    }
    return { body: JSON.stringify({ data }), unknown };
  }
  const SMALL = 64 * 1024;

  it("validate → the first 100 errors, a count of the rest, and a small response", async () => {
    const { body, unknown } = hugeCase("ERR-HUGE-V");
    expect(unknown).toBeGreaterThan(40_000);
    const res = await lsc.post(VALIDATE, body, { "content-type": JSON_TYPE });
    expect(res.statusCode).toBe(200);
    expect(res.body.length).toBeLessThan(SMALL);
    const result = res.json() as { valid: boolean; errors: { path: string; code: string }[]; moreErrors: number };
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(100);
    expect(result.errors[0]).toMatchObject({ path: "/not_an_item_00000", code: "unknown_item" });
    expect(result.moreErrors).toBe(unknown - 100);
  });

  it("create → 422 with the first 100 errors and the count of the rest; nothing stored", async () => {
    const count = await tracker.context.store.countRecords("s-crt");
    const { body, unknown } = hugeCase(`ERR-HUGE-${++counter}`);
    const res = await lsc.post(RECORDS, body, { "content-type": JSON_TYPE });
    expect(res.body.length).toBeLessThan(SMALL);
    const error = expectError(res, 422, `There are ${unknown} problems with this case`, "validation_failed") as ErrorBody & { moreErrors?: number };
    expect(error.errors).toHaveLength(100);
    expect(error.moreErrors).toBe(unknown - 100);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it("update → 422 the same way; the record and its history unchanged", async () => {
    const before = await snapshot(base.id);
    const { body, unknown } = hugeCase("ERR-BASE-1", before.record.data);
    const res = await lsc.put(recordUrl(base.id), body, { "content-type": JSON_TYPE, "if-match": `"${before.record.revision}"` });
    expect(res.body.length).toBeLessThan(SMALL);
    const error = expectError(res, 422, undefined, "validation_failed") as ErrorBody & { moreErrors?: number };
    expect(error.errors).toHaveLength(100);
    expect(error.moreErrors).toBe(unknown - 100);
    await expectUnchanged(base.id, before);
  });

  it("a few problems: every one listed and no count of more", async () => {
    const res = await lsc.post(VALIDATE, { data: { ...validCase(), one: 1, two: 2 } });
    expect(res.json()).toEqual({ valid: false, version: "2.0", errors: [expect.objectContaining({ path: "/one" }), expect.objectContaining({ path: "/two" })] });
  });
});

describe("dates outside 1900 to 2100", () => {
  it.each(["0000-01-01", "1899-12-31", "2101-01-01"])("incident date %s: create and update → 422 naming the item; validate says so too", async (date) => {
    const message = "The incident date must be between 1 January 1900 and 31 December 2100";
    const count = await tracker.context.store.countRecords("s-crt");
    const created = expectError(await lsc.post(RECORDS, { data: validCase(`ERR-DATE-${++counter}`, { incident_date: date }) }), 422, undefined, "validation_failed");
    expect(created.errors).toContainEqual({ path: "/incident_date", code: "out_of_range", message });
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);

    const validated = (await lsc.post(VALIDATE, { data: validCase("ERR-DATE-V", { incident_date: date }) })).json() as { valid: boolean; errors: unknown[] };
    expect(validated.valid).toBe(false);
    expect(validated.errors).toContainEqual({ path: "/incident_date", code: "out_of_range", message });

    const before = await snapshot(base.id);
    const res = await lsc.put(recordUrl(base.id), { data: { ...before.record.data, incident_date: date } }, { "if-match": `"${before.record.revision}"` });
    expect(expectError(res, 422, undefined, "validation_failed").errors).toContainEqual({ path: "/incident_date", code: "out_of_range", message });
    await expectUnchanged(base.id, before);
  });
});

describe("refused writes leave the record and its history unchanged", () => {
  it.each([
    ["an ICB viewer", () => viewer, { latest_update: "Viewer edit.", date_of_update: TODAY }, "forbidden"],
    ["a regional user changing an ICB item", () => regional, { brief_overview: "Regional edit." }, "not_writable"],
    ["an ICB editor setting the regional item", () => lsc, { regional_chief_nurse_accepted: "yes" }, "not_writable"],
  ] as const)("%s → 403 %s", async (_name, client, changes, code) => {
    const before = await snapshot(base.id);
    const res = await client().put(recordUrl(base.id), { data: { ...before.record.data, ...changes } }, { "if-match": `"${before.record.revision}"` });
    expectError(res, 403, undefined, code);
    await expectUnchanged(base.id, before);
  });

  it("another ICB's editor → 404", async () => {
    const before = await snapshot(base.id);
    const res = await nel.put(recordUrl(base.id), { data: { ...before.record.data, brief_overview: "Other ICB edit." } }, { "if-match": `"${before.record.revision}"` });
    expectError(res, 404, "No such record");
    await expectUnchanged(base.id, before);
  });

  it("after all the refusals, a good write still works and makes exactly one revision", async () => {
    const before = await snapshot(base.id);
    const res = await lsc.put(recordUrl(base.id), { data: { ...before.record.data, latest_update: "Good write.", date_of_update: TODAY } }, { "if-match": `"${before.record.revision}"` });
    expect(res.statusCode, res.body).toBe(200);
    const after = await snapshot(base.id);
    expect(after.record.revision).toBe(before.record.revision + 1);
    expect((after.history as { items: unknown[] }).items).toHaveLength(before.record.revision + 1);
  });
});

// ---------------------------------------------------------------------------------------------
// List query parameters.
// ---------------------------------------------------------------------------------------------
describe("list query parameters", () => {
  it.each([
    "page=0",
    "page=-1",
    "page=abc",
    "page=1.5",
    "page=",
    "pageSize=0",
    "pageSize=-5",
    "pageSize=abc",
    "pageSize=2.5",
    "pageSize=501",
    "pageSize=100000",
    "unknown=1",
    "pagesize=10",
    "sort=brief_overview",
    "sort=bogus",
    "dir=sideways",
    "review_type=bogus",
    "status=maybe",
    "page=1&page=2",
  ])("?%s → 400", async (query) => {
    expectError(await lsc.get(`${RECORDS}?${query}`), 400, undefined, "invalid_request");
  });

  it("names the allowed range for pageSize, and the parameter that is wrong", async () => {
    expectError(await lsc.get(`${RECORDS}?pageSize=501`), 400, '"pageSize" must be a whole number from 1 to 500', "invalid_request");
    expectError(await lsc.get(`${RECORDS}?page=0`), 400, '"page" must be a whole number from 1', "invalid_request");
    expectError(await lsc.get(`${RECORDS}?dir=up`), 400, '"dir" must be asc or desc', "invalid_request");
    expectError(await lsc.get(`${RECORDS}?page=1&page=2`), 400, 'Give "page" once', "invalid_request");
    expectError(await lsc.get(`${RECORDS}?themes=domestic&themes=neglect`), 400, 'Give "themes" once', "invalid_request");
    expectError(await lsc.get(`${RECORDS}?unknown=1`), 400, /"unknown"/, "invalid_request");
  });

  it.each(["pageSize=500", "pageSize=1&page=2", "page=999", "sort=incident_date&dir=asc", "review_type=dhr", "themes=domestic", "q=%25", "q=_"])("?%s → 200", async (query) => {
    const res = await lsc.get(`${RECORDS}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("pageSize=500 is echoed; a page past the end is empty with the true total", async () => {
    expect((await lsc.get(`${RECORDS}?pageSize=500`)).json()).toMatchObject({ pageSize: 500, page: 1 });
    const past = (await lsc.get(`${RECORDS}?page=999`)).json() as { items: unknown[]; total: number };
    expect(past.items).toEqual([]);
    expect(past.total).toBeGreaterThan(0);
  });

  it("LIKE wildcards in q are matched literally", async () => {
    const all = (await lsc.get(`${RECORDS}?pageSize=500`)).json() as { total: number };
    expect(all.total).toBeGreaterThan(0);
    expect((await lsc.get(`${RECORDS}?q=%25`)).json()).toMatchObject({ total: 0 });
    expect((await lsc.get(`${RECORDS}?q=_`)).json()).toMatchObject({ total: 0 });
  });

  it.each(["pageSize=0x10", "page=1e0", "pageSize=1e2", "pageSize=%205"])("?%s → 400", async (query) => {
    expectError(await lsc.get(`${RECORDS}?${query}`), 400);
  });
});

// ---------------------------------------------------------------------------------------------
// Sessions.
// ---------------------------------------------------------------------------------------------
describe("sessions", () => {
  it("sign-out ends the session", async () => {
    const session = await tracker.signIn("icb.lsc");
    expect((await session.get("/api/collections")).statusCode).toBe(200);
    const out = await session.post("/auth/logout");
    expect(out.statusCode, out.body).toBe(200);
    expect(out.headers["content-type"]).toMatch(/^application\/json/);
    for (const url of ["/api/collections", RECORDS, recordUrl(base.id), "/auth/me"]) {
      expectError(await session.get(url), 401, undefined, "unauthenticated");
    }
    expectError(await session.post(RECORDS, { data: validCase("ERR-AFTER-LOGOUT") }), 401);
    // Other sessions of the same user are not affected.
    expect((await lsc.get("/api/collections")).statusCode).toBe(200);
  });

  it("an unknown user cannot sign in", async () => {
    const res = await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "nobody" } });
    expectError(res, 401, undefined, "unknown_user");
    expectError(await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: {} }), 400, '"username" is missing: send {"username": "..."} naming a seeded user', "invalid_request");
  });

  it("a forged session cookie is not signed in", async () => {
    const res = await tracker.app.inject({ method: "GET", url: "/api/collections", headers: { cookie: "scrt_session=forged.value" } });
    expectError(res, 401);
  });

  describe("in production", () => {
    let production: Tracker;
    beforeAll(async () => {
      production = await startTracker({ today: TODAY, production: true });
    });
    afterAll(() => production?.destroy());

    it("the dev sign-in does not exist (404 JSON)", async () => {
      expectError(await production.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "icb.lsc" } }), 404);
      expectError(await production.app.inject({ method: "GET", url: "/auth/dev-users" }), 404);
      await expect(production.signIn("icb.lsc")).rejects.toThrow(/404/);
    });

    it("the API still answers 401 to anyone not signed in", async () => {
      expectError(await production.app.inject({ method: "GET", url: "/api/collections" }), 401);
      expectError(await production.app.inject({ method: "GET", url: RECORDS }), 401);
    });
  });
});
