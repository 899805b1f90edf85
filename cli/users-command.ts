/**
 * `scrt users`: accounts from the command line, with the same rules and audit trail as the
 * web app's user administration (ops/accounts.ts). It is how a new installation gets its first
 * user administrator (`users add ... --admin`), and how the demo users of a development run
 * are removed before production starts.
 * Exit codes: 0 done, 1 refused (the account's problems are listed), 2 unusable input.
 */
import { userInfo } from "node:os";
import { isIsoDate, todayInLondon } from "../engine/index.ts";
import { loadReferenceData, type ReferenceData } from "../organisations/index.ts";
import { addAccount, changeAccount, loadConfig, openConfiguredStore, organisationName, type AccountActor, type AccountError } from "../ops/index.ts";
import type { Store, User } from "../storage/index.ts";
import { UsageError, type Output } from "./output.ts";

export interface UsersOptions {
  email?: string;
  name?: string;
  role?: string;
  org?: string;
  admin?: boolean;
  json?: boolean;
  today?: string;
}

const FLAG_OF: Record<AccountError["path"], string> = { "/email": "--email", "/displayName": "--name", "/role": "--role", "/orgCode": "--org", "/userAdmin": "--admin", "/active": "--email" };

interface Accounts {
  store: Store;
  reference: ReferenceData;
  today: string;
  by: AccountActor;
}

/** The database and the reference data only: accounts need no compiled forms. */
async function openAccounts(today: string): Promise<Accounts> {
  const config = loadConfig();
  const reference = loadReferenceData(config.referenceDir);
  const store = await openConfiguredStore({ ...config, readWorkers: 0 });
  return { store, reference, today, by: { userId: null, actor: cliActor() } };
}

/** The audit trail names the operating system's user who ran the command, when it can tell. */
function cliActor(): string {
  try {
    const name = userInfo().username;
    return name ? `cli:${name}` : "cli";
  } catch {
    return "cli";
  }
}

export async function runUsers(sub: string | undefined, opts: UsersOptions, out: Output): Promise<number> {
  const today = opts.today ?? todayInLondon();
  if (!isIsoDate(today)) throw new UsageError(`--today must be a date like 2026-11-21, not "${today}"`, false);
  switch (sub) {
    case "add":
      if (opts.email === undefined || opts.name === undefined || opts.role === undefined || opts.org === undefined) throw new UsageError("users add needs --email E --name N --role R --org CODE (add --admin for a user administrator)");
      return withAccounts(today, (a) => add(a, opts, out));
    case "list":
      return withAccounts(today, (a) => list(a, opts, out));
    case "deactivate":
    case "reactivate":
      if (!opts.email?.trim()) throw new UsageError(`users ${sub} needs --email E`);
      return withAccounts(today, (a) => setActive(a, sub === "reactivate", opts, out));
    case "remove-demo":
      return withAccounts(today, (a) => removeDemo(a, out));
    default:
      throw new UsageError(sub ? `unknown command "users ${sub}"` : "users needs add, list, deactivate, reactivate or remove-demo");
  }
}

async function withAccounts(today: string, work: (accounts: Accounts) => Promise<number>): Promise<number> {
  const accounts = await openAccounts(today);
  try {
    return await work(accounts);
  } finally {
    await accounts.store.close();
  }
}

function refused(out: Output, what: string, errors: AccountError[]): number {
  out.stderr(`${what}:\n${errors.map((e) => `  ${FLAG_OF[e.path]}: ${e.message}\n`).join("")}`);
  return 1;
}

function describeUser(user: User, a: Accounts): string {
  return `${user.email ?? user.username} (${user.displayName}), ${user.role} of ${user.orgCode} ${organisationName(a.reference, user.orgCode, a.today)}${user.userAdmin ? ", user administrator" : ""}`;
}

async function add(a: Accounts, opts: UsersOptions, out: Output): Promise<number> {
  const result = await addAccount(a.store, a.reference, a.today, { email: opts.email!, displayName: opts.name!, role: opts.role!, orgCode: opts.org!, userAdmin: opts.admin === true }, a.by);
  if (result.kind === "invalid") return refused(out, "users add: the account was not added", result.errors);
  if (result.kind === "exists") {
    out.stderr(`users add: ${result.message}.\n`);
    return 1;
  }
  out.stdout(`Added ${describeUser(result.user, a)}.\nThey sign in with the identity provider using this email address; the first sign-in links the account.\n`);
  return 0;
}

/** An account by its email or, for accounts made without one (the demo users), its username. */
async function findAccount(a: Accounts, email: string): Promise<User> {
  const user = (await a.store.getUserByEmail(email)) ?? (await a.store.getUserByUsername(email.trim()));
  if (!user || user.source === "system") throw new UsageError(`no account has the email ${email.trim()} (see npm run scrt -- users list)`, false);
  return user;
}

async function setActive(a: Accounts, active: boolean, opts: UsersOptions, out: Output): Promise<number> {
  const user = await findAccount(a, opts.email!);
  const verb = active ? "reactivate" : "deactivate";
  const result = await changeAccount(a.store, a.reference, a.today, user.id, { active, ...(active && opts.org ? { orgCode: opts.org } : {}) }, a.by);
  switch (result.kind) {
    case "invalid":
      return refused(out, `users ${verb}: ${user.email ?? user.username} was not ${verb}d`, result.errors);
    case "unchanged":
      out.stdout(`${user.email ?? user.username} is already ${active ? "active" : "deactivated"}.\n`);
      return 0;
    case "changed":
      out.stdout(
        active
          ? `Reactivated ${describeUser(result.user, a)}: they can sign in again.\n`
          : `Deactivated ${describeUser(result.user, a)}: their sessions have ended and they cannot sign in. Records they wrote are kept.\n`,
      );
      return 0;
    case "not_found":
      throw new UsageError(`no account has the email ${opts.email!.trim()}`, false);
    case "own_account":
      // The command line acts as nobody's account.
      out.stderr(`users ${verb}: ${result.message}\n`);
      return 1;
  }
}

async function removeDemo(a: Accounts, out: Output): Promise<number> {
  const removed = await a.store.removeDevAccess();
  const users = `${removed.users} demo user${removed.users === 1 ? "" : "s"}`;
  const sessions = `${removed.sessions} dev session${removed.sessions === 1 ? "" : "s"}`;
  out.stdout(`Removed ${users} and ${sessions}. Records and audit entries they wrote are kept.\n`);
  return 0;
}

const COLUMNS = ["email/username", "name", "role", "organisation", "active", "admin", "last sign-in"] as const;

async function list(a: Accounts, opts: UsersOptions, out: Output): Promise<number> {
  const users = (await a.store.listUsers()).filter((u) => u.source !== "system");
  if (opts.json) {
    const items = users.map((u) => ({
      id: u.id,
      email: u.email,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      organisation: { code: u.orgCode, name: organisationName(a.reference, u.orgCode, a.today) },
      userAdmin: u.userAdmin,
      active: u.active,
      source: u.source,
      createdAt: u.createdAt,
      lastSignInAt: u.lastSignInAt,
      signInLinked: u.externalSubject !== null,
    }));
    out.stdout(`${JSON.stringify({ items }, null, 2)}\n`);
    return 0;
  }
  if (!users.length) {
    out.stdout(`No accounts yet. Add the first user administrator with:\n  npm run scrt -- users add --email E --name N --role national --org X24 --admin\n`);
    return 0;
  }
  const rows = users.map((u) => [
    u.email ?? u.username,
    u.displayName,
    u.role,
    `${u.orgCode} ${organisationName(a.reference, u.orgCode, a.today)}`,
    u.active ? "yes" : "no",
    u.userAdmin ? "yes" : "no",
    u.lastSignInAt ? `${u.lastSignInAt.slice(0, 16).replace("T", " ")} UTC` : "never",
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: readonly string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length))).join("  ")}\n`;
  out.stdout(line(COLUMNS) + rows.map(line).join(""));
  const demo = users.filter((u) => u.source === "demo").length;
  if (demo) out.stdout(`\n${demo} of these are demo users from a development run: production will not start until they are removed (npm run scrt -- users remove-demo).\n`);
  return 0;
}
