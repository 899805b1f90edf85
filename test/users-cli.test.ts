/**
 * `scrt users` as an operator runs it on a new installation, against the same DATA_DIR as the
 * server: the first user administrator, refusals at each flag, the table, deactivation that
 * ends sessions at once, and the removal of a development run's demo users. Each change is
 * in the audit trail under the operating system's user.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore, type Store } from "../storage/index.ts";
import { configFor, seedUsers } from "../ops/index.ts";
import { runCli } from "./helpers.ts";

const dataDir = mkdtempSync(join(tmpdir(), "scrt-users-"));
const env = { DATA_DIR: dataDir };
const TODAY = ["--today", "2026-11-21"];
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The database as the server would open it, for what the commands cannot show. */
async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore({ file: configFor(dataDir).databaseFile });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

// Each command is a new process (tsx, then the reference data): slow on a busy machine.
describe("scrt users", { timeout: 240_000 }, () => {
  it("says how to add the first administrator when there are no accounts", () => {
    const result = runCli(["users", "list"], { env });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("users add --email E --name N --role national --org X24 --admin");
  });

  it("adds the first user administrator, the email lower-cased as the username", async () => {
    const result = runCli(["users", "add", "--email", " Pat.Boss@NHS.net", "--name", "Pat Boss", "--role", "national", "--org", "x24", "--admin", ...TODAY], { env });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Added pat\.boss@nhs\.net \(Pat Boss\), national of X24 NHS England, user administrator\./);
    const user = await withStore((store) => store.getUserByUsername("pat.boss@nhs.net"));
    expect(user).toMatchObject({ email: "pat.boss@nhs.net", role: "national", orgCode: "X24", userAdmin: true, active: true, source: "admin" });
    const audit = await withStore((store) => store.listAudit({ limit: 5, actions: ["user_added"] }));
    expect(audit.items[0]).toMatchObject({ action: "user_added", userId: null, actor: `cli:${userInfo().username}`, subjectUserId: user!.id, details: { role: "national", orgCode: "X24", userAdmin: true } });
  });

  it("refuses an account with problems (exit 1), each named by its flag, and adds nothing", async () => {
    const result = runCli(["users", "add", "--email", "not-an-email", "--name", " ", "--role", "icb_editor", "--org", "QMJ", "--admin", ...TODAY], { env });
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toEqual([
      "users add: the account was not added:",
      "  --email: Enter an email address in the correct format, like name@nhs.net",
      "  --name: Enter the person's full name",
      "  --org: QMJ NHS North Central London Integrated Care Board closed on 31 March 2026: choose its successor, NHS West and North London Integrated Care Board (Z9B2Z)",
      "  --admin: Only national users can be user administrators; ICB editors cannot",
      "",
    ]);
    expect((await withStore((store) => store.listUsers())).map((u) => u.username)).toEqual(["pat.boss@nhs.net"]);
  });

  it("refuses an email that already has an account, in any case (exit 1), and a missing flag (exit 2)", () => {
    const again = runCli(["users", "add", "--email", "PAT.BOSS@nhs.net", "--name", "Pat", "--role", "national", "--org", "X24", ...TODAY], { env });
    expect(again.status).toBe(1);
    expect(again.stderr).toBe("users add: An account with the email pat.boss@nhs.net already exists.\n");
    const missing = runCli(["users", "add", "--email", "a@nhs.net", "--role", "icb_editor", "--org", "QE1"], { env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^scrt: users add needs --email E --name N --role R --org CODE/);
  });

  it("lists accounts as a table, and as JSON", () => {
    expect(runCli(["users", "add", "--email", "ann@nhs.net", "--name", "Ann Other", "--role", "icb_viewer", "--org", "QE1", ...TODAY], { env }).status).toBe(0);
    const table = runCli(["users", "list"], { env });
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^email\/username +name +role +organisation +active +admin +last sign-in$/);
    expect(lines[1]).toMatch(/^ann@nhs\.net +Ann Other +icb_viewer +QE1 NHS Lancashire and South Cumbria Integrated Care Board +yes +no +never$/);
    expect(lines[2]).toMatch(/^pat\.boss@nhs\.net +Pat Boss +national +X24 NHS England +yes +yes +never$/);
    // Columns line up: every row's "active" cell starts where the heading does.
    const at = lines[0]!.indexOf("active");
    expect(lines.slice(1).map((l) => l.slice(at, at + 3))).toEqual(["yes", "yes"]);

    const json = runCli(["users", "list", "--json"], { env });
    expect(json.status).toBe(0);
    const { items } = JSON.parse(json.stdout) as { items: { email: string; organisation: { code: string; name: string }; active: boolean; userAdmin: boolean; signInLinked: boolean }[] };
    expect(items.map((i) => [i.email, i.organisation.code, i.active, i.userAdmin, i.signInLinked])).toEqual([
      ["ann@nhs.net", "QE1", true, false, false],
      ["pat.boss@nhs.net", "X24", true, true, false],
    ]);
  });

  it("deactivates an account: its sessions end at once; then reactivates it", async () => {
    const session = await withStore(async (store) => store.createSession({ userId: (await store.getUserByEmail("ann@nhs.net"))!.id, method: "oidc", lifetimeSeconds: 3600 }));
    const off = runCli(["users", "deactivate", "--email", "Ann@NHS.net", ...TODAY], { env });
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/^Deactivated ann@nhs\.net \(Ann Other\), .*: their sessions have ended and they cannot sign in\./);
    await withStore(async (store) => {
      expect(await store.getSession(session.id)).toBeUndefined();
      expect((await store.getUserByEmail("ann@nhs.net"))!.active).toBe(false);
    });
    expect(runCli(["users", "list"], { env }).stdout).toMatch(/ann@nhs\.net .* no +no +never/);
    expect(runCli(["users", "deactivate", "--email", "ann@nhs.net"], { env })).toMatchObject({ status: 0, stdout: "ann@nhs.net is already deactivated.\n" });

    const on = runCli(["users", "reactivate", "--email", "ann@nhs.net", ...TODAY], { env });
    expect(on.status).toBe(0);
    expect(on.stdout).toMatch(/^Reactivated ann@nhs\.net .*: they can sign in again\./);
    const nobody = runCli(["users", "deactivate", "--email", "nobody@nhs.net"], { env });
    expect(nobody.status).toBe(2);
    expect(nobody.stderr).toMatch(/no account has the email nobody@nhs\.net/);

    const actions = await withStore(async (store) => (await store.listAudit({ limit: 10, actions: ["user_deactivated", "user_reactivated"] })).items.map((e) => e.action));
    expect(actions).toEqual(["user_reactivated", "user_deactivated"]);
  });

  it("removes a development run's demo users and dev sessions, keeping everyone else", async () => {
    await withStore(async (store) => {
      await seedUsers(store);
      const demo = (await store.getUserByUsername("icb.lsc"))!;
      await store.createSession({ userId: demo.id, method: "dev", lifetimeSeconds: 3600 });
      expect(await store.countDevAccess()).toEqual({ users: 7, sessions: 1 });
    });
    expect(runCli(["users", "list"], { env }).stdout).toContain("7 of these are demo users from a development run");
    const result = runCli(["users", "remove-demo"], { env });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("Removed 7 demo users and 1 dev session. Records and audit entries they wrote are kept.\n");
    await withStore(async (store) => {
      expect(await store.countDevAccess()).toEqual({ users: 0, sessions: 0 });
      expect((await store.listUsers()).map((u) => u.username)).toEqual(["ann@nhs.net", "pat.boss@nhs.net"]);
    });
  });
});
