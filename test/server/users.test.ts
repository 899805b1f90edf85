/**
 * User administration over the real app and a real SQLite file: only national users with the
 * user-administrator permission may use it; accounts are checked against the reference data
 * with each problem at its field; deactivating ends the person's session on its next request;
 * an administrator cannot lock themselves out; every change is in the audit trail.
 */
import { Ajv } from "ajv";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "../../api/index.ts";
import type { ManagedUser, RoleChoicesBody, UserPage } from "../../api/index.ts";
import { startTracker, type Client, type Tracker } from "./harness.ts";

const ajv = new Ajv({ allErrors: true, strict: false });
let tracker: Tracker;
let admin: Client;
let adminId: string;

function expectBody<T>(res: LightMyRequestResponse, status: number, schema: object): T {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as T;
  const validate = ajv.compile(schema);
  expect(validate(body) ? [] : validate.errors, res.body.slice(0, 500)).toEqual([]);
  return body;
}

function expectError(res: LightMyRequestResponse, status: number, code: string): { message: string; errors?: { path: string; code: string; message: string }[] } {
  const body = expectBody<{ code: string; message: string; errors?: { path: string; code: string; message: string }[] }>(res, status, api.errorBodySchema);
  expect(body.code, res.body).toBe(code);
  return body;
}

/** PATCH, which the shared test client does not offer. */
function patch(client: Client, url: string, body: unknown): Promise<LightMyRequestResponse> {
  return tracker.app.inject({ method: "PATCH", url, headers: { cookie: client.cookie, "x-csrf-token": client.csrfToken }, payload: body as object });
}

async function addUser(body: Record<string, unknown>): Promise<ManagedUser> {
  return expectBody<ManagedUser>(await admin.post("/api/users", body), 201, api.managedUserSchema);
}

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-11-21" });
  const national = (await tracker.context.store.getUserByUsername("national"))!;
  await tracker.context.store.updateUser(national.id, { userAdmin: true });
  adminId = national.id;
  admin = await tracker.signIn("national");
});
afterAll(() => tracker?.destroy());

describe("who may administer accounts", () => {
  it("is stated by /auth/me: national users with the permission only", async () => {
    const me = (await admin.get("/auth/me")).json() as api.SessionBody;
    expect(me.permissions.administerUsers).toBe(true);
    for (const who of ["icb.lsc", "region.nw", "standards"]) {
      const body = (await (await tracker.signIn(who)).get("/auth/me")).json() as api.SessionBody;
      expect(body.permissions.administerUsers, who).toBe(false);
    }
  });

  it("refuses everyone else (403) and anyone not signed in (401), before reading the body", async () => {
    const anonymous = tracker.anonymous();
    expectError(await anonymous.get("/api/users"), 401, "unauthenticated");
    expectError(await anonymous.post("/api/users", { email: "a@nhs.net" }), 401, "unauthenticated");
    // A national user without the permission is refused like anyone else.
    await tracker.context.store.ensureUser({ username: "national.two", displayName: "National Two", role: "national", orgCode: "X24" });
    for (const who of ["icb.lsc", "region.nw", "standards", "national.two"]) {
      const client = await tracker.signIn(who);
      expectError(await client.get("/api/users"), 403, "forbidden");
      expectError(await client.get("/api/users/roles"), 403, "forbidden");
      expectError(await client.get(`/api/users/${adminId}`), 403, "forbidden");
      expectError(await client.post("/api/users", "not json", { "content-type": "application/json" }), 403, "forbidden");
      expectError(await patch(client, `/api/users/${adminId}`, { active: false }), 403, "forbidden");
    }
    expect((await tracker.context.store.getUser(adminId))!.active).toBe(true);
  });
});

describe("listing accounts", () => {
  it("lists accounts by name, never the system's own, with each one's organisation by name", async () => {
    const page = expectBody<UserPage>(await admin.get("/api/users"), 200, api.userPageSchema);
    const names = page.items.map((u) => u.displayName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en-GB")));
    expect(page.items.some((u) => u.username === "system.data")).toBe(false);
    expect(page.items.find((u) => u.username === "region.nw")).toMatchObject({ role: "regional", roleName: "Regional user", organisation: { code: "Y62", name: "NHS England North West" }, active: true, signInLinked: false });
    expect(page.items.find((u) => u.username === "national")).toMatchObject({ userAdmin: true, organisation: { code: "X24", name: "NHS England" }, lastSignInAt: expect.any(String) });
    expect(page).toMatchObject({ total: page.items.length, page: 1, pageSize: 50 });
  });

  it("finds accounts by words in their name, email or organisation, pages them, and refuses a bad page size", async () => {
    const found = expectBody<UserPage>(await admin.get("/api/users?q=lancashire%20sam"), 200, api.userPageSchema);
    expect(found.items.map((u) => u.username)).toEqual(["icb.lsc.viewer"]);
    expect((await admin.get("/api/users?q=qe1")).json()).toMatchObject({ total: 2 });
    const second = expectBody<UserPage>(await admin.get("/api/users?pageSize=2&page=2"), 200, api.userPageSchema);
    expect(second.items).toHaveLength(2);
    expect(second.total).toBeGreaterThan(4);
    expect(expectError(await admin.get("/api/users?pageSize=201"), 400, "invalid_request").message).toMatch(/"pageSize" must be a whole number from 1 to 200/);
    expectError(await admin.get("/api/users/00000000-0000-4000-8000-000000000000"), 404, "not_found");
  });

  it("offers each role the organisations open today that fit it", async () => {
    const roles = expectBody<RoleChoicesBody>(await admin.get("/api/users/roles"), 200, api.roleChoicesBodySchema);
    const byRole = new Map(roles.items.map((r) => [r.role, r]));
    expect(byRole.get("icb_editor")!.organisations).toContainEqual({ code: "QE1", name: "NHS Lancashire and South Cumbria Integrated Care Board" });
    expect(byRole.get("icb_editor")!.organisations.some((o) => o.code === "QMJ")).toBe(false);
    expect(byRole.get("regional")!.organisations).toContainEqual({ code: "Y62", name: "NHS England North West" });
    expect(byRole.get("standards_admin")).toMatchObject({ roleName: "Standards admin", userAdminAllowed: false, organisations: [{ code: "X24", name: "NHS England" }] });
    expect(byRole.get("national")!.userAdminAllowed).toBe(true);
  });
});

describe("adding an account", () => {
  it("names each problem at its field (422), and adds nothing", async () => {
    const before = (await tracker.context.store.listUsers()).length;
    const res = await admin.post("/api/users", { email: "someone at nhs.net", displayName: "x".repeat(201), role: "icb_editor", orgCode: "QMJ", userAdmin: true });
    const body = expectError(res, 422, "validation_failed");
    expect(body.errors!.map((e) => [e.path, e.code])).toEqual([
      ["/email", "invalid_email"],
      ["/displayName", "too_long"],
      ["/orgCode", "org_closed"],
      ["/userAdmin", "admin_not_national"],
    ]);
    expect(body.errors![2]!.message).toBe("QMJ NHS North Central London Integrated Care Board closed on 31 March 2026: choose its successor, NHS West and North London Integrated Care Board (Z9B2Z)");
    expect(expectError(await admin.post("/api/users", {}), 422, "validation_failed").errors!.map((e) => e.path)).toEqual(["/email", "/displayName", "/role", "/orgCode"]);
    expect(expectError(await admin.post("/api/users", { email: "a@nhs.net", role: "boss", displayName: "A", orgCode: "QE1" }), 422, "validation_failed").errors).toEqual([
      { path: "/role", code: "unknown_role", message: "Role must be one of icb_editor, icb_viewer, regional, national, standards_admin" },
    ]);
    // Wrong types and unknown fields are not an account at all.
    expect(expectError(await admin.post("/api/users", { email: 3 }), 400, "invalid_request").message).toMatch(/"email" must be text/);
    expect(expectError(await admin.post("/api/users", { email: "a@nhs.net", password: "x" }), 400, "invalid_request").message).toMatch(/Unexpected "password"/);
    expect((await tracker.context.store.listUsers()).length).toBe(before);
  });

  it("adds an account (201), its username its email; the same email again is 409; audited as the administrator", async () => {
    const added = await addUser({ email: " Robin.Banks@NHS.net ", displayName: " Robin Banks ", role: "icb_editor", orgCode: "z9b2z" });
    expect(added).toMatchObject({ email: "robin.banks@nhs.net", username: "robin.banks@nhs.net", displayName: "Robin Banks", role: "icb_editor", roleName: "ICB editor", organisation: { code: "Z9B2Z", name: "NHS West and North London Integrated Care Board" }, userAdmin: false, active: true, lastSignInAt: null, signInLinked: false });
    expectBody(await admin.get(`/api/users/${added.id}`), 200, api.managedUserSchema);
    const again = expectError(await admin.post("/api/users", { email: "ROBIN.BANKS@nhs.net", displayName: "R", role: "icb_viewer", orgCode: "QE1" }), 409, "user_exists");
    expect(again.errors).toEqual([{ path: "/email", code: "user_exists", message: "An account with the email robin.banks@nhs.net already exists" }]);
    const entries = await tracker.context.store.listAudit({ limit: 5, actions: ["user_added"] });
    expect(entries.items).toHaveLength(1);
    expect(entries.items[0]).toMatchObject({ userId: adminId, actor: "national", subjectUserId: added.id, ip: expect.any(String), details: { role: "icb_editor", orgCode: "Z9B2Z", userAdmin: false } });
  });

  it("makes another user administrator, who may then administer accounts", async () => {
    const second = await addUser({ email: "second.admin@nhs.net", displayName: "Second Admin", role: "national", orgCode: "X24", userAdmin: true });
    expect(second.userAdmin).toBe(true);
    const client = await tracker.signIn("second.admin@nhs.net");
    expectBody(await client.get("/api/users"), 200, api.userPageSchema);
  });
});

describe("changing an account", () => {
  it("changes role and organisation together; a role whose organisation does not fit is 422; audited with what changed", async () => {
    const user = await addUser({ email: "mover@nhs.net", displayName: "Mover", role: "icb_viewer", orgCode: "QE1" });
    const wrong = expectError(await patch(admin, `/api/users/${user.id}`, { role: "regional" }), 422, "validation_failed");
    expect(wrong.errors).toEqual([{ path: "/orgCode", code: "org_wrong_type", message: "QE1 NHS Lancashire and South Cumbria Integrated Care Board is an ICB: Regional users belong to an NHS England region" }]);
    const moved = expectBody<ManagedUser>(await patch(admin, `/api/users/${user.id}`, { role: "regional", orgCode: "Y56", displayName: "Mover" }), 200, api.managedUserSchema);
    expect(moved).toMatchObject({ role: "regional", organisation: { code: "Y56", name: "NHS England London" } });
    const entry = (await tracker.context.store.listAudit({ limit: 1, actions: ["user_changed"] })).items[0];
    expect(entry).toMatchObject({ subjectUserId: user.id, userId: adminId, details: { fields: ["role", "orgCode"], role: { from: "icb_viewer", to: "regional" }, orgCode: { from: "QE1", to: "Y56" } } });
    // Names are not codes: the trail says the name changed, not what to.
    expectBody(await patch(admin, `/api/users/${user.id}`, { displayName: "Moved Person" }), 200, api.managedUserSchema);
    expect((await tracker.context.store.listAudit({ limit: 1, actions: ["user_changed"] })).items[0]!.details).toEqual({ fields: ["displayName"] });

    expect(expectError(await patch(admin, `/api/users/${user.id}`, {}), 400, "invalid_request").message).toMatch(/Send at least one of/);
    expect(expectError(await patch(admin, `/api/users/${user.id}`, { email: "x@nhs.net" }), 400, "invalid_request").message).toMatch(/Unexpected "email"/);
    expectError(await patch(admin, "/api/users/00000000-0000-4000-8000-000000000000", { active: false }), 404, "not_found");
    const system = (await tracker.context.store.getUserByUsername("system.data")) ?? (await tracker.context.store.ensureUser({ username: "system.data", displayName: "System", role: "national", orgCode: "X24", source: "system" }));
    expectError(await patch(admin, `/api/users/${system.id}`, { active: false }), 404, "not_found");
  });

  it("deactivating ends the person's session at once: their next request is 401; reactivated, they can sign in again", async () => {
    const user = await addUser({ email: "leaver@nhs.net", displayName: "Leaver", role: "icb_editor", orgCode: "QE1" });
    const leaver = await tracker.signIn("leaver@nhs.net");
    expect((await leaver.get("/api/collections")).statusCode).toBe(200);

    const off = expectBody<ManagedUser>(await patch(admin, `/api/users/${user.id}`, { active: false }), 200, api.managedUserSchema);
    expect(off.active).toBe(false);
    expectError(await leaver.get("/api/collections"), 401, "unauthenticated");
    expectError(await leaver.get("/auth/me"), 401, "unauthenticated");
    await expect(tracker.signIn("leaver@nhs.net")).rejects.toThrow(/401/);
    const listed = (await admin.get("/api/users?status=deactivated")).json() as UserPage;
    expect(listed.items.map((u) => u.username)).toEqual(["leaver@nhs.net"]);

    expectBody(await patch(admin, `/api/users/${user.id}`, { active: true }), 200, api.managedUserSchema);
    const back = await tracker.signIn("leaver@nhs.net");
    expect((await back.get("/api/collections")).statusCode).toBe(200);
    const actions = (await tracker.context.store.listAudit({ limit: 5, actions: ["user_deactivated", "user_reactivated"] })).items;
    expect(actions.map((e) => [e.action, e.subjectUserId, e.userId])).toEqual([
      ["user_reactivated", user.id, adminId],
      ["user_deactivated", user.id, adminId],
    ]);
  });

  it("an administrator cannot deactivate themselves, remove their own permission or change their own role (409)", async () => {
    const self = `/api/users/${adminId}`;
    expect(expectError(await patch(admin, self, { active: false }), 409, "own_account").errors).toEqual([{ path: "/active", code: "own_account", message: "You cannot deactivate your own account: ask another user administrator" }]);
    expect(expectError(await patch(admin, self, { userAdmin: false }), 409, "own_account").errors![0]!.path).toBe("/userAdmin");
    expectError(await patch(admin, self, { role: "standards_admin", userAdmin: false }), 409, "own_account");
    expect((await tracker.context.store.getUser(adminId))!).toMatchObject({ active: true, userAdmin: true, role: "national" });
    expect((await admin.get("/api/users")).statusCode).toBe(200);
  });

  it("a user administrator permission is for national users only", async () => {
    const user = await addUser({ email: "viewer@nhs.net", displayName: "Viewer", role: "icb_viewer", orgCode: "QE1" });
    expect(expectError(await patch(admin, `/api/users/${user.id}`, { userAdmin: true }), 422, "validation_failed").errors).toEqual([
      { path: "/userAdmin", code: "admin_not_national", message: "Only national users can be user administrators; ICB viewers cannot" },
    ]);
  });
});

describe("the OpenAPI document", () => {
  it("describes the user administration routes", async () => {
    const doc = (await tracker.app.inject({ method: "GET", url: "/docs/json" })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/users/{id}"] ?? {})).toEqual(expect.arrayContaining(["get", "patch"]));
    expect(Object.keys(doc.paths["/api/users"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
  });
});
