/**
 * The account rules against the real organisation reference data and a real SQLite file:
 * what a role needs of its organisation, closed ICBs named with their successors, every
 * problem at its field, and the audit trail of each change.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadReferenceData } from "../organisations/index.ts";
import { openSqliteStore, type Store } from "../storage/index.ts";
import { addAccount, changeAccount, checkNewAccount, checkOrganisation, roleChoices, type AccountActor, type AccountInput } from "./accounts.ts";
import { DEFAULT_REFERENCE_DIR } from "./config.ts";

const reference = loadReferenceData(DEFAULT_REFERENCE_DIR);
const TODAY = "2026-11-21";
const CLI: AccountActor = { userId: null, actor: "cli:tester" };
const VALID: AccountInput = { email: "  Ann.Other@NHS.net ", displayName: " Ann Other ", role: "icb_editor", orgCode: "qe1" };

function errorsOf(input: AccountInput): { path: string; code: string; message: string }[] {
  const checked = checkNewAccount(reference, input, TODAY);
  return "errors" in checked ? checked.errors : [];
}

describe("checking a new account", () => {
  it("normalises a valid account: email lower-cased and trimmed as the username, name trimmed, code upper-cased", () => {
    expect(checkNewAccount(reference, VALID, TODAY)).toEqual({
      account: { username: "ann.other@nhs.net", email: "ann.other@nhs.net", displayName: "Ann Other", role: "icb_editor", orgCode: "QE1", userAdmin: false },
    });
  });

  it("reports every problem at once, each at its field", () => {
    expect(errorsOf({}).map((e) => [e.path, e.code])).toEqual([
      ["/email", "required"],
      ["/displayName", "required"],
      ["/role", "required"],
      ["/orgCode", "required"],
    ]);
  });

  it.each([
    ["no at sign", "ann.nhs.net"],
    ["no domain dot", "ann@nhs"],
    ["two at signs", "ann@x@nhs.net"],
    ["a space", "ann other@nhs.net"],
    ["a control character", "ann\u0000@nhs.net"],
    ["a trailing dot", "ann@nhs.net."],
  ])("refuses an email with %s", (_why, email) => {
    expect(errorsOf({ ...VALID, email })).toEqual([{ path: "/email", code: "invalid_email", message: expect.stringMatching(/correct format/) }]);
  });

  it("refuses names that are too long or hold control characters or direction marks", () => {
    expect(errorsOf({ ...VALID, displayName: "a".repeat(201) })[0]).toMatchObject({ path: "/displayName", code: "too_long" });
    expect(errorsOf({ ...VALID, displayName: "a".repeat(200) })).toEqual([]);
    expect(errorsOf({ ...VALID, displayName: "Ann\nOther" })[0]).toMatchObject({ path: "/displayName", code: "invalid_characters" });
    expect(errorsOf({ ...VALID, displayName: "Ann \u202EsrehtO" })[0]).toMatchObject({ path: "/displayName", code: "invalid_characters" });
    expect(errorsOf({ ...VALID, displayName: "Ann \uD800" })[0]).toMatchObject({ path: "/displayName", code: "invalid_characters" });
  });

  it("refuses an unknown role, naming the roles", () => {
    expect(errorsOf({ ...VALID, role: "admin" })).toEqual([{ path: "/role", code: "unknown_role", message: "Role must be one of icb_editor, icb_viewer, regional, national, standards_admin" }]);
  });

  it("needs an organisation that exists, is open today and fits the role", () => {
    expect(errorsOf({ ...VALID, orgCode: "ZZZ" })[0]).toMatchObject({ path: "/orgCode", code: "unknown_organisation" });
    expect(errorsOf({ ...VALID, orgCode: "Y62" })[0]).toEqual({ path: "/orgCode", code: "org_wrong_type", message: "Y62 North West is an NHS England region: ICB editors belong to an open ICB" });
    expect(errorsOf({ ...VALID, orgCode: "X24" })[0]).toMatchObject({ path: "/orgCode", code: "org_wrong_type" });
    expect(errorsOf({ ...VALID, role: "regional", orgCode: "Y62" })).toEqual([]);
    expect(errorsOf({ ...VALID, role: "regional", orgCode: "QE1" })[0]).toMatchObject({ code: "org_wrong_type" });
    expect(errorsOf({ ...VALID, role: "national", orgCode: "X24" })).toEqual([]);
    expect(errorsOf({ ...VALID, role: "standards_admin", orgCode: "Y62" })[0]).toMatchObject({ code: "org_wrong_type", message: expect.stringContaining("NHS England (X24)") });
    // A CCG code is not an ICB, however it continued.
    expect(errorsOf({ ...VALID, orgCode: "02Q" })[0]).toMatchObject({ code: "org_wrong_type" });
  });

  it("names a closed ICB's successor", () => {
    expect(checkOrganisation(reference, "icb_viewer", "QMJ", TODAY)).toEqual({
      path: "/orgCode",
      code: "org_closed",
      message: "QMJ NHS North Central London Integrated Care Board closed on 31 March 2026: choose its successor, NHS West and North London Integrated Care Board (Z9B2Z)",
    });
    // Before it closed, it was a fine choice.
    expect(checkOrganisation(reference, "icb_viewer", "QMJ", "2026-03-31")).toEqual({ orgCode: "QMJ" });
    expect(checkOrganisation(reference, "icb_viewer", "Z9B2Z", TODAY)).toEqual({ orgCode: "Z9B2Z" });
  });

  it("gives the user administrator permission to national users only", () => {
    expect(errorsOf({ ...VALID, userAdmin: true })).toEqual([{ path: "/userAdmin", code: "admin_not_national", message: "Only national users can be user administrators; ICB editors cannot" }]);
    expect(errorsOf({ ...VALID, role: "national", orgCode: "X24", userAdmin: true })).toEqual([]);
  });

  it("offers each role the organisations open today that fit it", () => {
    const choices = new Map(roleChoices(reference, TODAY).map((c) => [c.role, c]));
    const icbs = choices.get("icb_editor")!.organisations.map((o) => o.code);
    expect(icbs).toContain("QE1");
    expect(icbs).toContain("Z9B2Z");
    expect(icbs).not.toContain("QMJ");
    expect(choices.get("regional")!.organisations.map((o) => o.code).sort()).toEqual(["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"]);
    expect(choices.get("national")!.organisations).toEqual([{ code: "X24", name: "NHS England" }]);
    expect([...choices.values()].filter((c) => c.userAdminAllowed).map((c) => c.role)).toEqual(["national"]);
  });
});

describe("adding and changing accounts in storage", () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "scrt-accounts-"));
    store = await openSqliteStore({ file: join(dir, "tracker.sqlite") });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("adds an account once, audited; the same email again (in any case) exists", async () => {
    const added = await addAccount(store, reference, TODAY, VALID, CLI);
    expect(added.kind).toBe("added");
    const user = added.kind === "added" ? added.user : undefined;
    expect(user).toMatchObject({ username: "ann.other@nhs.net", email: "ann.other@nhs.net", source: "admin", active: true, userAdmin: false });
    const again = await addAccount(store, reference, TODAY, { ...VALID, email: "ANN.OTHER@nhs.net" }, CLI);
    expect(again).toMatchObject({ kind: "exists", message: "An account with the email ann.other@nhs.net already exists" });
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: "user_added", actor: "cli:tester", userId: null, subjectUserId: user!.id, details: { role: "icb_editor", orgCode: "QE1", userAdmin: false } });
  });

  it("changes role and organisation together, deactivates and reactivates, each audited with what changed", async () => {
    const added = await addAccount(store, reference, TODAY, VALID, CLI);
    if (added.kind !== "added") throw new Error("not added");
    const id = added.user.id;
    const session = await store.createSession({ userId: id, method: "dev", lifetimeSeconds: 3600 });

    // A new role must come with an organisation that fits it.
    expect(await changeAccount(store, reference, TODAY, id, { role: "regional" }, CLI)).toMatchObject({ kind: "invalid", errors: [{ path: "/orgCode", code: "org_wrong_type" }] });
    const moved = await changeAccount(store, reference, TODAY, id, { role: "regional", orgCode: "y62", displayName: "Ann Other" }, CLI);
    expect(moved).toMatchObject({ kind: "changed", changed: ["role", "orgCode"], user: { role: "regional", orgCode: "Y62" } });
    // Its sessions ended with the change.
    expect(await store.getSession(session.id)).toBeUndefined();
    expect(await changeAccount(store, reference, TODAY, id, { role: "regional" }, CLI)).toMatchObject({ kind: "unchanged" });

    expect(await changeAccount(store, reference, TODAY, id, { active: false }, CLI)).toMatchObject({ kind: "changed", changed: ["active"], user: { active: false } });
    expect(await changeAccount(store, reference, TODAY, id, { active: true }, CLI)).toMatchObject({ kind: "changed", user: { active: true } });

    const actions = (await store.listAudit({ limit: 10 })).items.reverse().map((e) => [e.action, e.details]);
    expect(actions).toEqual([
      ["user_added", { role: "icb_editor", orgCode: "QE1", userAdmin: false }],
      ["user_changed", { fields: ["role", "orgCode"], role: { from: "icb_editor", to: "regional" }, orgCode: { from: "QE1", to: "Y62" } }],
      ["user_deactivated", { role: "regional", orgCode: "Y62" }],
      ["user_reactivated", { role: "regional", orgCode: "Y62" }],
    ]);
  });

  it("will not reactivate an account into a closed ICB without choosing its successor", async () => {
    const user = await store.createUser({ username: "old@nhs.net", email: "old@nhs.net", displayName: "Old", role: "icb_editor", orgCode: "QMJ" });
    await store.updateUser(user.id, { active: false });
    expect(await changeAccount(store, reference, TODAY, user.id, { active: true }, CLI)).toMatchObject({ kind: "invalid", errors: [{ path: "/orgCode", code: "org_closed", message: expect.stringContaining("Z9B2Z") }] });
    expect(await changeAccount(store, reference, TODAY, user.id, { active: true, orgCode: "Z9B2Z" }, CLI)).toMatchObject({ kind: "changed", user: { active: true, orgCode: "Z9B2Z" } });
  });

  it("keeps an administrator from locking themselves out", async () => {
    const admin = await store.createUser({ username: "admin@nhs.net", email: "admin@nhs.net", displayName: "Admin", role: "national", orgCode: "X24", userAdmin: true });
    const self: AccountActor = { userId: admin.id, actor: admin.username };
    expect(await changeAccount(store, reference, TODAY, admin.id, { active: false }, self)).toMatchObject({ kind: "own_account", field: "/active" });
    expect(await changeAccount(store, reference, TODAY, admin.id, { userAdmin: false }, self)).toMatchObject({ kind: "own_account", field: "/userAdmin" });
    expect(await changeAccount(store, reference, TODAY, admin.id, { role: "standards_admin", userAdmin: false }, self)).toMatchObject({ kind: "own_account" });
    // A national user's role cannot change while they keep the permission.
    expect(await changeAccount(store, reference, TODAY, admin.id, { role: "standards_admin" }, CLI)).toMatchObject({ kind: "invalid", errors: [{ path: "/userAdmin", code: "admin_not_national" }] });
    expect(await changeAccount(store, reference, TODAY, admin.id, { displayName: "Admin Person" }, self)).toMatchObject({ kind: "changed", changed: ["displayName"] });
    expect((await store.getUser(admin.id))!).toMatchObject({ active: true, userAdmin: true, role: "national" });
  });

  it("does not administer the system's own account", async () => {
    const system = await store.ensureUser({ username: "system.data", displayName: "Data migration", role: "national", orgCode: "X24", source: "system" });
    expect(await changeAccount(store, reference, TODAY, system.id, { active: false }, CLI)).toEqual({ kind: "not_found" });
  });
});
