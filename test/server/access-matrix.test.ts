/**
 * Every role against every route, over the real app and a real SQLite file: who may list,
 * create, read, change and see the history of which records, and which items a role may write.
 * A record outside the caller's scope is 404 (never 403) and never shows up in a list, its
 * total or a search. See DESIGN.md ("HTTP API", seeded users) and server/access.ts.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../api/index.ts";
import type { StoredRecord } from "../../storage/index.ts";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const USERS = ["anonymous", "icb.lsc", "icb.lsc.viewer", "icb.nel", "icb.ncl", "region.nw", "national", "standards"] as const;
type Who = (typeof USERS)[number];
type Route = "list" | "create" | "validate" | "collections" | "form" | "read" | "update" | "history" | "extract" | "extractLog" | "dashboard" | "learning";
type Target = "QE1" | "QMF" | "-";

interface RecordBody {
  id: string;
  revision: number;
  ownerOrg: string;
  version: string;
  data: Record<string, unknown>;
  owner: { code: string; name: string; region: { code: string; name: string } | null };
}
interface ListBody {
  items: RecordBody[];
  total: number;
  page: number;
  pageSize: number;
}

const VALIDATE = "/api/collections/s-crt/validate";
const FORM = "/api/collections/s-crt/versions/2.0";
/** Today for every rule and organisation check in this file. */
const TODAY = "2026-11-21";

let tracker: Tracker;
const clients = {} as Record<Who, Client>;
/** The records the matrix reads and writes: one per owner. */
const matrixRecord = {} as Record<"QE1" | "QMF", RecordBody>;
/** The body of a 404 for an id that does not exist at all. */
let unknownIdBody: unknown;
let counter = 0;

async function create(client: Client, id: string, overrides: Record<string, unknown> = {}): Promise<RecordBody> {
  const res = await client.post(RECORDS, { data: validCase(id, overrides) });
  if (res.statusCode !== 201) throw new Error(`fixture ${id} was not created: ${res.statusCode} ${res.body}`);
  return res.json() as RecordBody;
}

async function stored(id: string): Promise<StoredRecord> {
  const record = await tracker.context.store.getRecord("s-crt", id);
  if (!record) throw new Error(`record ${id} is missing from storage`);
  return record;
}

/** PUT the record's current data with the given changes, with the right If-Match. */
async function putWith(client: Client, id: string, changes: Record<string, unknown>, drop: string[] = []): Promise<LightMyRequestResponse> {
  const current = await stored(id);
  const data: Record<string, unknown> = { ...current.data, ...changes };
  for (const key of drop) delete data[key];
  return client.put(`${RECORDS}/${id}`, { data }, { "if-match": `"${current.revision}"` });
}

async function list(client: Client, query = ""): Promise<ListBody> {
  const res = await client.get(`${RECORDS}?pageSize=500${query ? `&${query}` : ""}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ListBody;
}

interface ErrorJson {
  code: string;
  message: string;
  errors?: { path: string; code: string; message: string }[];
  successors?: { code: string; name: string }[];
}

function expectJsonError(res: LightMyRequestResponse, status: number, code?: string): ErrorJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = res.json() as { message?: unknown; code?: unknown };
  expect(typeof body.message).toBe("string");
  expect(Object.keys(ERROR_CODES), res.body).toContain(body.code);
  if (code !== undefined) expect(body.code, res.body).toBe(code);
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  expect(res.body).not.toMatch(/SQLITE|sqlite_|SELECT |INSERT /);
  return body as ErrorJson;
}

beforeAll(async () => {
  tracker = await startTracker({ today: TODAY });
  for (const who of USERS) clients[who] = who === "anonymous" ? tracker.anonymous() : await tracker.signIn(who);
  matrixRecord.QE1 = await create(clients["icb.lsc"], "LSC-MATRIX-1");
  matrixRecord.QMF = await create(clients["icb.nel"], "NEL-MATRIX-1");
  const unknown = await clients["icb.lsc"].get(`${RECORDS}/00000000-0000-4000-8000-000000000000`);
  expect(unknown.statusCode).toBe(404);
  unknownIdBody = unknown.json();
});

afterAll(() => tracker?.destroy());

// ---------------------------------------------------------------------------------------------
// The matrix. "update" sends the record's current data with a new latest update (an item only
// ICB editors may write) and the correct If-Match. Columns for owner-independent routes have
// no target; read, update and history are tried on the QE1 record and on the QMF record.
// ---------------------------------------------------------------------------------------------
const COLUMNS: [Route, Target][] = [
  ["list", "-"],
  ["create", "-"],
  ["validate", "-"],
  ["collections", "-"],
  ["form", "-"],
  ["read", "QE1"],
  ["read", "QMF"],
  ["update", "QE1"],
  ["update", "QMF"],
  ["history", "QE1"],
  ["history", "QMF"],
  ["extract", "-"],
  ["extractLog", "-"],
  ["dashboard", "-"],
  ["learning", "-"],
];

// prettier-ignore
const MATRIX: Record<Who, number[]> = {
  //                 list create valid colls form  read:QE1 QMF  update:QE1 QMF  history:QE1 QMF  extract log  dash learn
  "anonymous":      [401, 401,   401,  401,  401,  401,     401,  401,       401,  401,        401,  401,    401, 401,  401],
  "icb.lsc":        [200, 201,   200,  200,  200,  200,     404,  200,       404,  200,        404,  200,    403, 200,  200],
  "icb.lsc.viewer": [200, 403,   200,  200,  200,  200,     404,  403,       404,  200,        404,  200,    403, 200,  200],
  "icb.nel":        [200, 201,   200,  200,  200,  404,     200,  404,       200,  404,        200,  200,    403, 200,  200],
  "icb.ncl":        [200, 422,   200,  200,  200,  404,     404,  404,       404,  404,        404,  200,    403, 200,  200],
  "region.nw":      [200, 403,   200,  200,  200,  200,     404,  403,       404,  200,        404,  200,    403, 200,  200],
  "national":       [200, 403,   200,  200,  200,  200,     200,  403,       403,  200,        200,  200,    200, 200,  200],
  "standards":      [403, 403,   200,  200,  200,  403,     403,  403,       403,  403,        403,  403,    403, 403,  403],
};

const ROWS = USERS.flatMap((who) =>
  COLUMNS.map(([route, target], i) => ({ who, route, target, status: MATRIX[who][i]! })),
);

async function call(who: Who, route: Route, target: Target): Promise<LightMyRequestResponse> {
  const client = clients[who];
  const id = target === "-" ? "" : matrixRecord[target].id;
  switch (route) {
    case "list":
      return client.get(`${RECORDS}?pageSize=500`);
    case "create":
      return client.post(RECORDS, { data: validCase(`MATRIX-CREATE-${++counter}`) });
    case "validate":
      return client.post(VALIDATE, { data: validCase("MATRIX-VALIDATE") });
    case "collections":
      return client.get("/api/collections");
    case "form":
      return client.get(FORM);
    case "read":
      return client.get(`${RECORDS}/${id}`);
    case "history":
      return client.get(`${RECORDS}/${id}/history`);
    case "update":
      return putWith(client, id, { latest_update: `Matrix update ${++counter} by ${who}`, date_of_update: "2026-11-20" });
    case "extract":
      return client.get(`/api/collections/s-crt/extract?asAt=${TODAY}`);
    case "extractLog":
      return client.get("/api/extract-log");
    case "dashboard":
      return client.get("/api/collections/s-crt/dashboard");
    case "learning":
      return client.get("/api/collections/s-crt/learning?q=fictional");
  }
}

describe("access matrix: every role against every route", () => {
  it("covers every user and every route", () => {
    expect(ROWS).toHaveLength(USERS.length * COLUMNS.length);
    for (const who of USERS) expect(MATRIX[who]).toHaveLength(COLUMNS.length);
  });

  it.each(ROWS)("$who: $route $target → $status", async ({ who, route, target, status }) => {
    const before = target === "-" ? undefined : await stored(matrixRecord[target].id);
    const res = await call(who, route, target);
    expect(res.statusCode, res.body).toBe(status);
    // An extract is a CSV download (its scope, row by row, is tested in extract.test.ts).
    if (route === "extract" && status === 200) return expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const body = res.json() as Record<string, unknown>;
    if (status >= 400) expectJsonError(res, status);
    // Out of scope looks exactly like not there at all: ids do not leak.
    if (status === 404) expect(body).toEqual(unknownIdBody);

    if (before) {
      const after = await stored(before.id);
      if (route === "update" && status === 200) {
        expect(after.revision).toBe(before.revision + 1);
        expect(body).toMatchObject({ id: before.id, revision: before.revision + 1, ownerOrg: target });
      } else {
        // Reads and refused writes leave the record as it was.
        expect(after.revision).toBe(before.revision);
        expect(after.data).toEqual(before.data);
      }
      if (route === "read" && status === 200) expect(body).toMatchObject({ id: before.id, ownerOrg: target, revision: before.revision, data: before.data });
      if (route === "history" && status === 200) expect((body.items as unknown[]).length).toBe(before.revision);
    }
    if (route === "create" && status === 201) expect(body).toMatchObject({ ownerOrg: who === "icb.nel" ? "QMF" : "QE1", revision: 1, version: "2.0" });
    if (route === "validate" && status === 200) expect(body).toMatchObject({ valid: true, errors: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Scope: records outside it are never listed, counted or found by a search or filter.
// ---------------------------------------------------------------------------------------------
describe("records outside the caller's scope", () => {
  const MARKER = "Periwinkle";
  let secret: RecordBody;
  let ownDhr: RecordBody;

  beforeAll(async () => {
    secret = await create(clients["icb.nel"], "NEL-SECRET-1", {
      review_type: "dhr",
      brief_overview: `Fictional case: the word ${MARKER} marks it for search tests.`,
    });
    ownDhr = await create(clients["icb.lsc"], "LSC-SCOPE-DHR-1", { review_type: "dhr" });
    await create(clients["icb.lsc"], "LSC-SCOPE-SAR-1", { review_type: "sar" });
  });

  it.each(["icb.lsc", "icb.lsc.viewer", "region.nw"] as const)("%s sees only QE1's records, and the total counts only those", async (who) => {
    const page = await list(clients[who]);
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((r) => r.ownerOrg))).toEqual(new Set(["QE1"]));
    expect(page.items.map((r) => r.id)).not.toContain(secret.id);
    expect(page.total).toBe(page.items.length);
    const all = await tracker.context.store.listRecords({ collection: "s-crt", owners: "all", page: 1, pageSize: 500 });
    expect(page.total).toBe(all.items.filter((r) => r.ownerOrg === "QE1").length);
  });

  it("icb.nel sees only QMF's records", async () => {
    const page = await list(clients["icb.nel"]);
    expect(new Set(page.items.map((r) => r.ownerOrg))).toEqual(new Set(["QMF"]));
    expect(page.items.map((r) => r.id)).toContain(secret.id);
    expect(page.total).toBe(page.items.length);
  });

  it("a closed ICB's editor sees nothing of other ICBs", async () => {
    const page = await list(clients["icb.ncl"]);
    expect(page).toMatchObject({ items: [], total: 0 });
  });

  it("national users see every ICB's records", async () => {
    const page = await list(clients.national);
    expect(new Set(page.items.map((r) => r.ownerOrg))).toEqual(new Set(["QE1", "QMF"]));
    expect(page.total).toBe(await tracker.context.store.countRecords("s-crt"));
  });

  it.each(["icb.lsc", "icb.lsc.viewer", "region.nw", "icb.ncl"] as const)("%s: a search matching another ICB's overview finds nothing (items and total)", async (who) => {
    for (const q of [MARKER, MARKER.toLowerCase(), "NEL-SECRET", "secret-1"]) {
      const page = await list(clients[who], `q=${encodeURIComponent(q)}`);
      expect(page, `q=${q}`).toMatchObject({ items: [], total: 0 });
    }
  });

  it.each(["icb.nel", "national"] as const)("%s: the same search finds the record", async (who) => {
    const page = await list(clients[who], `q=${MARKER}`);
    expect(page.items.map((r) => r.id)).toEqual([secret.id]);
    expect(page.total).toBe(1);
  });

  it.each(["icb.lsc", "region.nw"] as const)("%s: filters (review_type=dhr) count only records in scope", async (who) => {
    const page = await list(clients[who], "review_type=dhr");
    expect(page.items.map((r) => r.id)).toContain(ownDhr.id);
    expect(page.items.map((r) => r.id)).not.toContain(secret.id);
    expect(page.items.every((r) => r.ownerOrg === "QE1" && r.data.review_type === "dhr")).toBe(true);
    expect(page.total).toBe(page.items.length);
    const both = await list(clients[who], `review_type=dhr&q=${MARKER}`);
    expect(both).toMatchObject({ items: [], total: 0 });
  });

  it.each([
    ["icb.lsc", "QMF"],
    ["icb.lsc", "qmf"],
    ["icb.lsc.viewer", "QMF"],
    ["region.nw", "QMF"],
    ["icb.nel", "QE1"],
    ["icb.ncl", "QE1"],
  ] as const)("%s: ?owner=%s cannot widen scope (0 items, total 0)", async (who, owner) => {
    const page = await list(clients[who], `owner=${owner}`);
    expect(page).toMatchObject({ items: [], total: 0 });
    const searched = await list(clients[who], `owner=${owner}&q=${MARKER}`);
    expect(searched).toMatchObject({ items: [], total: 0 });
  });

  it("?owner narrows within scope", async () => {
    const mine = await list(clients["icb.lsc"], "owner=QE1");
    expect(mine.total).toBe((await list(clients["icb.lsc"])).total);
    const national = await list(clients.national, "owner=QMF");
    expect(national.total).toBeGreaterThan(0);
    expect(national.items.every((r) => r.ownerOrg === "QMF")).toBe(true);
    const regional = await list(clients["region.nw"], "owner=QE1");
    expect(regional.total).toBeGreaterThan(0);
  });

  it("a regional user's list names the ICB and its region on every item", async () => {
    const page = await list(clients["region.nw"]);
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item.owner.code).toBe(item.ownerOrg);
      expect(item.owner.name).toMatch(/Lancashire and South Cumbria/);
      expect(item.owner.region).toMatchObject({ code: "Y62", name: "North West" });
    }
    const national = await list(clients.national, "owner=QMF");
    expect(national.items[0]?.owner.region?.code).toBe("Y56");
  });

  it.each(["icb.lsc", "icb.lsc.viewer", "region.nw"] as const)("%s: read and history of QMF's record are 404, like an unknown id", async (who) => {
    for (const url of [`${RECORDS}/${secret.id}`, `${RECORDS}/${secret.id}/history`]) {
      const res = await clients[who].get(url);
      expectJsonError(res, 404);
      expect(res.json()).toEqual(unknownIdBody);
      expect(res.body).not.toContain(MARKER);
      expect(res.body).not.toContain("QMF");
    }
  });

  it("icb.nel cannot update QE1's record even with the right If-Match (404, unchanged)", async () => {
    const before = await stored(ownDhr.id);
    const res = await putWith(clients["icb.nel"], ownDhr.id, { brief_overview: "Overwritten by another ICB." });
    expectJsonError(res, 404);
    expect(res.json()).toEqual(unknownIdBody);
    const after = await stored(ownDhr.id);
    expect(after.revision).toBe(before.revision);
    expect(after.data).toEqual(before.data);
    expect(await tracker.context.store.history("s-crt", ownDhr.id)).toHaveLength(before.revision);
  });

  it("region.nw cannot update QMF's record, even the regional item (404, unchanged)", async () => {
    const before = await stored(secret.id);
    const res = await putWith(clients["region.nw"], secret.id, { regional_chief_nurse_accepted: "yes" });
    expectJsonError(res, 404);
    expect((await stored(secret.id)).revision).toBe(before.revision);
  });

  it("a record cannot be reached through another collection's URL", async () => {
    const res = await clients["icb.lsc"].get(`/api/collections/action-plan/records/${ownDhr.id}`);
    expectJsonError(res, 404);
  });
});

// ---------------------------------------------------------------------------------------------
// Items a role may write: the Regional Chief Nurse item belongs to regional and national users.
// ---------------------------------------------------------------------------------------------
describe("items a role may write", () => {
  let dhr: RecordBody;
  let sar: RecordBody;

  beforeAll(async () => {
    dhr = await create(clients["icb.lsc"], "LSC-RCN-DHR-1", { review_type: "dhr" });
    sar = await create(clients["icb.lsc"], "LSC-RCN-SAR-1", { review_type: "sar" });
  });

  it("each record says what the caller may do with it: Edit only where their role can change something", async () => {
    const permissions = async (who: Who, id: string) => {
      const res = await clients[who].get(`${RECORDS}/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { permissions: { edit: boolean; writableItems: string[] } }).permissions;
    };
    const editor = await permissions("icb.lsc", dhr.id);
    expect(editor.edit).toBe(true);
    expect(editor.writableItems).toEqual(expect.arrayContaining(["status", "latest_update", "icb_chief_nurse_assured"]));
    expect(editor.writableItems).not.toContain("regional_chief_nurse_accepted");
    expect(await permissions("icb.lsc.viewer", dhr.id)).toEqual({ edit: false, writableItems: [], actions: [] });
    // The region's item is only for DHRs: on any other case a regional or national user can change nothing.
    expect(await permissions("region.nw", dhr.id)).toEqual({ edit: true, writableItems: ["regional_chief_nurse_accepted"], actions: ["regional_acceptance"] });
    expect(await permissions("region.nw", sar.id)).toEqual({ edit: false, writableItems: [], actions: [] });
    expect(await permissions("national", dhr.id)).toEqual({ edit: true, writableItems: ["regional_chief_nurse_accepted"], actions: ["regional_acceptance"] });
    expect(await permissions("national", sar.id)).toEqual({ edit: false, writableItems: [], actions: [] });
    // Lists say the same for each item.
    const listed = (await list(clients["region.nw"], "q=LSC-RCN")).items as unknown as { id: string; permissions: { edit: boolean } }[];
    expect(Object.fromEntries(listed.map((r) => [r.id, r.permissions.edit]))).toEqual({ [dhr.id]: true, [sar.id]: false });
  });

  it("an ICB editor cannot create a case with the regional item (403 naming Regional Chief Nurse)", async () => {
    const count = await tracker.context.store.countRecords("s-crt");
    const res = await clients["icb.lsc"].post(RECORDS, { data: validCase("LSC-RCN-NEW-1", { regional_chief_nurse_accepted: "yes" }) });
    const body = expectJsonError(res, 403);
    expect(body.message).toMatch(/Regional Chief Nurse/);
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
    expect((await list(clients["icb.lsc"], "q=LSC-RCN-NEW-1")).total).toBe(0);
  });

  it("an ICB editor cannot set the regional item on update (403 naming Regional Chief Nurse, unchanged)", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["icb.lsc"], dhr.id, { regional_chief_nurse_accepted: "yes" });
    const body = expectJsonError(res, 403);
    expect(body.message).toMatch(/Regional Chief Nurse/);
    expect(body.errors).toContainEqual(expect.objectContaining({ path: "/regional_chief_nurse_accepted", code: "not_writable" }));
    const after = await stored(dhr.id);
    expect(after.revision).toBe(before.revision);
    expect(after.data).toEqual(before.data);
  });

  it("region.nw sets the regional item on a DHR case in its region (200, new revision)", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["region.nw"], dhr.id, { regional_chief_nurse_accepted: "yes" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as RecordBody & { updatedBy: { username: string } };
    expect(body.revision).toBe(before.revision + 1);
    expect(body.data.regional_chief_nurse_accepted).toBe("yes");
    expect(body.updatedBy.username).toBe("region.nw");
    expect(res.headers.etag).toBe(`"${before.revision + 1}"`);

    const history = await clients["region.nw"].get(`${RECORDS}/${dhr.id}/history`);
    expect(history.statusCode).toBe(200);
    const last = (history.json() as { items: { revision: number; createdBy: { username: string }; changes: { item: string; before: unknown; after: unknown }[] }[] }).items.at(-1);
    expect(last).toMatchObject({ revision: before.revision + 1, createdBy: { username: "region.nw" }, changes: [{ item: "regional_chief_nurse_accepted", before: null, after: "yes" }] });
  });

  it("national changes the regional item (200, new revision)", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients.national, dhr.id, { regional_chief_nurse_accepted: "no" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ revision: before.revision + 1, data: { regional_chief_nurse_accepted: "no" } });
  });

  it("the ICB editor can still change its own items while keeping the regional answer", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["icb.lsc"], dhr.id, { latest_update: "Panel met.", date_of_update: "2026-11-21" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ revision: before.revision + 1, data: { regional_chief_nurse_accepted: "no", latest_update: "Panel met." } });
  });

  it("the ICB editor cannot remove the regional answer (403)", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["icb.lsc"], dhr.id, {}, ["regional_chief_nurse_accepted"]);
    expect(expectJsonError(res, 403).message).toMatch(/Regional Chief Nurse/);
    expect((await stored(dhr.id)).revision).toBe(before.revision);
  });

  it.each([
    ["brief_overview", "Changed by the region."],
    ["status", "closed"],
    ["icb_chief_nurse_assured", "yes"],
  ])("region.nw changing %s gets 403, record unchanged", async (key, value) => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["region.nw"], dhr.id, { [key]: value });
    const body = expectJsonError(res, 403);
    expect(body.errors?.map((e) => e.path)).toContain(`/${key}`);
    const after = await stored(dhr.id);
    expect(after.revision).toBe(before.revision);
    expect(after.data).toEqual(before.data);
  });

  it("region.nw changing the regional item and another item together gets 403", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["region.nw"], dhr.id, { regional_chief_nurse_accepted: "yes", brief_overview: "Also changed." });
    const body = expectJsonError(res, 403);
    expect(body.errors?.map((e) => e.path)).toEqual(["/brief_overview"]);
    expect((await stored(dhr.id)).revision).toBe(before.revision);
  });

  it("the regional item is refused on a case that is not a DHR (422 at its path)", async () => {
    for (const who of ["region.nw", "national"] as const) {
      const before = await stored(sar.id);
      const res = await putWith(clients[who], sar.id, { regional_chief_nurse_accepted: "yes" });
      const body = expectJsonError(res, 422);
      expect(body.errors?.map((e) => e.path)).toContain("/regional_chief_nurse_accepted");
      expect((await stored(sar.id)).revision).toBe(before.revision);
    }
  });

  it("an ICB viewer cannot change the regional item or anything else (403)", async () => {
    const before = await stored(dhr.id);
    const res = await putWith(clients["icb.lsc.viewer"], dhr.id, { regional_chief_nurse_accepted: "yes" });
    expectJsonError(res, 403);
    expect((await stored(dhr.id)).revision).toBe(before.revision);
  });
});

describe("roles that may not create", () => {
  it("the editor of a closed ICB gets 422 naming the successor", async () => {
    const count = await tracker.context.store.countRecords("s-crt");
    const res = await clients["icb.ncl"].post(RECORDS, { data: validCase("NCL-0001") });
    const body = expectJsonError(res, 422, "owner_closed");
    expect(body.errors).toBeUndefined();
    expect(body.successors).toEqual([{ code: "Z9B2Z", name: expect.stringContaining("NHS West and North London") }]);
    expect(body.message).toContain("NHS West and North London");
    expect(body.message).toContain("Z9B2Z");
    expect(body.message).toContain("North Central London");
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it.each(["icb.lsc.viewer", "region.nw", "national", "standards"] as const)("%s cannot create a case (403, nothing stored)", async (who) => {
    const count = await tracker.context.store.countRecords("s-crt");
    const res = await clients[who].post(RECORDS, { data: validCase(`NOPE-${who}`) });
    expectJsonError(res, 403, "forbidden");
    expect(await tracker.context.store.countRecords("s-crt")).toBe(count);
  });

  it("standards admins are told why record routes are closed to them", async () => {
    const res = await clients.standards.get(RECORDS);
    expect(expectJsonError(res, 403, "forbidden").message).toMatch(/Standards admins/);
  });

  it("anonymous callers get 401 on every /api route, whatever the record", async () => {
    const anon = clients.anonymous;
    const id = matrixRecord.QE1.id;
    for (const res of [
      await anon.get(RECORDS),
      await anon.get(`${RECORDS}?q=${"LSC"}`),
      await anon.get(`${RECORDS}/${id}`),
      await anon.get(`${RECORDS}/${id}/history`),
      await anon.get(`${RECORDS}/00000000-0000-4000-8000-000000000000`),
      await anon.put(`${RECORDS}/${id}`, { data: validCase("X") }, { "if-match": '"1"' }),
      await anon.post(RECORDS, { data: validCase("X") }),
      await anon.post(VALIDATE, { data: validCase("X") }),
      await anon.get("/api/collections"),
      await anon.get(FORM),
      await anon.get(`${FORM}/validator.js`),
      await anon.get("/auth/me"),
    ]) {
      expectJsonError(res, 401, "unauthenticated");
      expect(res.body).not.toContain("LSC-MATRIX");
    }
  });

  it.each([
    ["a body without data", () => clients.anonymous.post(RECORDS, { record: {} })],
    ["malformed JSON", () => clients.anonymous.post(RECORDS, '{"data":', { "content-type": "application/json" })],
    ["a text/plain body", () => clients.anonymous.post(RECORDS, "data", { "content-type": "text/plain" })],
    ["an update without data", () => clients.anonymous.put(`${RECORDS}/${matrixRecord.QE1.id}`, {}, { "if-match": '"1"' })],
  ])("anonymous callers get 401 before anything else is checked: %s", async (_name, send) => {
    expectJsonError(await send(), 401, "unauthenticated");
  });
});
