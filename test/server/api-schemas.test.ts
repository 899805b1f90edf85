/**
 * The API's bodies as api/ declares them: real responses (over the real app and a real SQLite
 * file) validate against their schemas, record data passes through serialisation whole, the
 * OpenAPI document carries the response schemas, and /auth/me states what each user may do.
 */
import { Ajv } from "ajv";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../api/index.ts";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const ajv = new Ajv({ allErrors: true, strict: false });
let tracker: Tracker;
let lsc: Client;

function expectBody(res: LightMyRequestResponse, status: number, schema: object): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as Record<string, unknown>;
  const validate = ajv.compile(schema);
  expect(validate(body) ? [] : validate.errors, res.body.slice(0, 500)).toEqual([]);
  return body;
}

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-11-21" });
  lsc = await tracker.signIn("icb.lsc");
});
afterAll(() => tracker?.destroy());

describe("responses validate against api/'s schemas", () => {
  it("sessions and users", async () => {
    const login = await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "icb.lsc" } });
    expectBody(login, 200, api.sessionBodySchema);
    expectBody(await lsc.get("/auth/me"), 200, api.sessionBodySchema);
    expectBody(await lsc.get("/auth/dev-users"), 200, api.devUsersBodySchema);
    const other = await tracker.signIn("icb.nel");
    expectBody(await other.post("/auth/logout"), 200, api.signedOutBodySchema);
  });

  it("collections, compiled forms and validation", async () => {
    expectBody(await lsc.get("/api/collections"), 200, api.collectionsBodySchema);
    const form = expectBody(await lsc.get("/api/collections/s-crt/versions/2.0"), 200, api.compiledFormSchema);
    // A compiled form is served whole, not cut down to what a schema names.
    expect(form).toEqual(JSON.parse(JSON.stringify(tracker.context.registry.get("s-crt", "2.0")!.form)));
    expectBody(await lsc.post("/api/collections/s-crt/validate", { data: validCase() }), 200, api.validateBodySchema);
    expectBody(await lsc.post("/api/collections/s-crt/validate", { version: "2.0", data: {} }), 200, api.validateBodySchema);
  });

  it("records: create, read, update, list and history; data passes through whole", async () => {
    const data = validCase("SCHEMA-1", { latest_update: "Every answer survives serialisation.", date_of_update: "2026-11-20", themes: ["domestic", "neglect"] });
    const created = expectBody(await lsc.post(RECORDS, { data }), 201, api.recordSchema);
    expect(created.data).toEqual(data);
    expect(created.permissions).toMatchObject({ edit: true });
    const id = created.id as string;
    const read = expectBody(await lsc.get(`${RECORDS}/${id}`), 200, api.recordSchema);
    expect(read.data).toEqual(data);
    const changed = { ...data, brief_overview: "Changed." };
    const updated = expectBody(await lsc.put(`${RECORDS}/${id}`, { data: changed }, { "if-match": '"1"' }), 200, api.recordSchema);
    expect(updated.data).toEqual(changed);
    const page = expectBody(await lsc.get(`${RECORDS}?q=SCHEMA-1`), 200, api.recordPageSchema);
    expect((page.items as { data: unknown }[])[0]!.data).toEqual(changed);
    expectBody(await lsc.get(`${RECORDS}/${id}/history`), 200, api.historyBodySchema);
  });

  it("the owner queue and the publish check", async () => {
    const national = await tracker.signIn("national");
    expectBody(await national.get("/api/collections/s-crt/owner-queue"), 200, api.ownerQueueBodySchema);
    const standards = await tracker.signIn("standards");
    expectBody(await standards.get("/api/collections/s-crt/versions/2.0/publish-check"), 200, api.publishCheckBodySchema);
  });

  it("errors, each with a code from api/'s list", async () => {
    const bodies = [
      expectBody(await tracker.anonymous().get("/api/collections"), 401, api.errorBodySchema),
      expectBody(await lsc.get(`${RECORDS}/nope`), 404, api.errorBodySchema),
      expectBody(await lsc.get(`${RECORDS}?pageSize=0`), 400, api.errorBodySchema),
      expectBody(await lsc.post(RECORDS, { data: validCase("SCHEMA-2", { date_added: "2020-01-01" }) }), 422, api.errorBodySchema),
      expectBody(await lsc.put(`${RECORDS}/${(await lsc.post(RECORDS, { data: validCase("SCHEMA-3") })).json().id}`, { data: validCase("SCHEMA-3") }, { "if-match": '"7"' }), 412, api.errorBodySchema),
      expectBody(await (await tracker.signIn("icb.ncl")).post(RECORDS, { data: validCase("SCHEMA-4") }), 422, api.errorBodySchema),
    ];
    expect(bodies.map((b) => b.code)).toEqual(["unauthenticated", "not_found", "invalid_request", "validation_failed", "stale_revision", "owner_closed"]);
  });
});

describe("the OpenAPI document", () => {
  it("describes the request and response bodies", async () => {
    const res = await lsc.get("/docs/json");
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: { name: string; in: string }[] }>> };
    const records = doc.paths["/api/collections/{collection}/records"]!;
    expect(Object.keys(records.get!.responses)).toEqual(expect.arrayContaining(["200", "4XX"]));
    expect(records.get!.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["query:page", "query:pageSize", "path:collection"]));
    expect(records.post!.requestBody).toBeDefined();
    expect(doc.paths).toHaveProperty("/api/collections/{collection}/versions/{version}/publish-check");
    expect(doc.paths).not.toHaveProperty("/api/collections/{collection}/versions/{version}/publish");
    expect(doc.paths["/auth/me"]!.get!.responses).toHaveProperty("200");
    // The dashboard's figures, with its documented shape and the 503 of a first reading.
    const dashboard = doc.paths["/api/collections/{collection}/dashboard"]!.get!;
    expect(Object.keys(dashboard.responses)).toEqual(expect.arrayContaining(["200", "4XX", "503"]));
    expect(dashboard.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["query:quarter", "query:asAt", "query:region", "query:owner"]));
  });

  it("the dashboard's figures validate against its schema", async () => {
    const national = await tracker.signIn("national");
    expectBody(await national.get("/api/collections/s-crt/dashboard?quarter=2026-27-Q2"), 200, api.dashboardBodySchema);
    expectBody(await lsc.get("/api/collections/action-plan/dashboard"), 200, api.dashboardBodySchema);
  });
});

describe("/auth/me states what each user may do", () => {
  const expected: Record<string, Partial<api.UserPermissions>> = {
    "icb.lsc": { createIn: ["action-plan", "s-crt"], writerRole: "editor", seesManyOrganisations: false, manageDefinitions: false, assignOwners: false, importLegacy: false, analyse: true, viewExtractLog: false, readScope: "icb" },
    "icb.lsc.viewer": { createIn: [], writerRole: null, seesManyOrganisations: false, readScope: "icb" },
    "icb.ncl": { createIn: [], writerRole: "editor" },
    "region.nw": { createIn: [], writerRole: "regional", seesManyOrganisations: true, assignOwners: false, readScope: "region" },
    national: { createIn: [], writerRole: "national", seesManyOrganisations: true, assignOwners: true, importLegacy: true, manageDefinitions: false, analyse: true, viewExtractLog: true, readScope: "all" },
    standards: { createIn: [], writerRole: null, seesManyOrganisations: false, manageDefinitions: true, analyse: false, viewExtractLog: false, readScope: null },
  };

  it.each(Object.keys(expected))("%s", async (who) => {
    const body = (await (await tracker.signIn(who)).get("/auth/me")).json() as api.SessionBody;
    expect(body.permissions).toMatchObject(expected[who]!);
    if (who.startsWith("icb.")) expect(body.organisationStatus).not.toBeNull();
    else expect(body.organisationStatus).toBeNull();
  });

  it("an ICB user whose organisation has closed is told so, with its successor, before starting a case", async () => {
    const body = (await (await tracker.signIn("icb.ncl")).get("/auth/me")).json() as api.SessionBody;
    expect(body.organisationStatus).toMatchObject({ code: "QMJ", open: false, successors: [{ code: "Z9B2Z", name: expect.stringContaining("West and North London") }] });
    expect(body.organisationStatus!.message).toMatch(/North Central London.*closed on .*2026.*Z9B2Z/);
    expect((await (await tracker.signIn("icb.lsc")).get("/auth/me")).json()).toMatchObject({ organisationStatus: { code: "QE1", open: true, successors: [], message: null } });
  });
});
