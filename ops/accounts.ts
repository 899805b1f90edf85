/**
 * Accounts: the one place that decides whether an account may be added or changed, shared by
 * `scrt users` and the API's user administration. An account's organisation is checked
 * against the reference data on the day: it must exist, be open and be what the role needs.
 * Problems are values, each at the field it is about, so the command line and the web form
 * say the same thing. Every change is written to the audit trail here, whoever asked for it.
 */
import { formatLongDate } from "../engine/index.ts";
import type { OrganisationType, ReferenceData } from "../organisations/index.ts";
import { ROLES, type Role, type Store, type User, type UserChange } from "../storage/index.ts";
import { NHS_ENGLAND } from "./seed.ts";

export const NHS_ENGLAND_NAME = "NHS England";
/** Longest display name, in characters. */
export const MAX_NAME_LENGTH = 200;
/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;

/** Which fields of an account a problem can be about (JSON pointers, as every API error). */
export type AccountField = "/email" | "/displayName" | "/role" | "/orgCode" | "/userAdmin" | "/active";

export const ACCOUNT_ERROR_CODES = [
  "required",
  "invalid_email",
  "too_long",
  "invalid_characters",
  "unknown_role",
  "unknown_organisation",
  "org_closed",
  "org_wrong_type",
  "admin_not_national",
] as const;
export type AccountErrorCode = (typeof ACCOUNT_ERROR_CODES)[number];

export interface AccountError {
  path: AccountField;
  code: AccountErrorCode;
  message: string;
}

/** What kind of organisation each role belongs to. */
type OrganisationKind = "icb" | "region" | "nhs_england";
const KIND_OF_ROLE: Record<Role, OrganisationKind> = {
  icb_editor: "icb",
  icb_viewer: "icb",
  regional: "region",
  national: "nhs_england",
  standards_admin: "nhs_england",
};
const KIND_WORDS: Record<OrganisationKind, string> = { icb: "an open ICB", region: "an NHS England region", nhs_england: `${NHS_ENGLAND_NAME} (${NHS_ENGLAND})` };
const ROLE_PEOPLE: Record<Role, string> = {
  icb_editor: "ICB editors",
  icb_viewer: "ICB viewers",
  regional: "Regional users",
  national: "National users",
  standards_admin: "Standards admins",
};
const TYPE_WORDS: Record<OrganisationType, string> = { icb: "an ICB", region: "an NHS England region", ccg: "a CCG", sub_icb_location: "a sub-ICB location", stp: "an STP" };

/** Only national users may administer accounts: they oversee every organisation's. */
export function mayAdministerUsers(role: Role): boolean {
  return role === "national";
}

/** What an account in a role needs, as the add form and `scrt users` explain it. */
export interface RoleChoice {
  role: Role;
  /** "ICB editors", for messages. */
  people: string;
  /** "an open ICB". */
  organisationKind: string;
  userAdminAllowed: boolean;
  /** The organisations an account in this role may belong to today, by name. */
  organisations: { code: string; name: string }[];
}

export function roleChoices(reference: ReferenceData, today: string): RoleChoice[] {
  const byKind: Record<OrganisationKind, { code: string; name: string }[]> = {
    icb: reference.list("icb", today).map((o) => ({ code: o.code, name: o.name })),
    region: reference.list("region", today).map((o) => ({ code: o.code, name: `NHS England ${o.name}` })),
    nhs_england: [{ code: NHS_ENGLAND, name: NHS_ENGLAND_NAME }],
  };
  return ROLES.map((role) => ({
    role,
    people: ROLE_PEOPLE[role],
    organisationKind: KIND_WORDS[KIND_OF_ROLE[role]],
    userAdminAllowed: mayAdministerUsers(role),
    organisations: byKind[KIND_OF_ROLE[role]],
  }));
}

/** An account's organisation by name: ICBs and regions from the reference data, NHS England by its code. */
export function organisationName(reference: ReferenceData, code: string, today: string): string {
  if (code === NHS_ENGLAND) return NHS_ENGLAND_NAME;
  const org = reference.find(code, { on: today });
  if (!org) return code;
  return org.type === "region" ? `NHS England ${org.name}` : org.name;
}

// --- Checking fields -----------------------------------------------------------------------

// Control characters, bidirectional overrides and isolates (which can make a name read as
// another in a list), and lone surrogates (not text at all).
const UNSAFE_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
// A pragmatic address: one @, no spaces or characters that need quoting before it, and a
// domain of dot-separated labels with at least one dot. Mail servers decide the rest.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function checkEmail(raw: string | undefined): { email: string } | AccountError {
  const email = (raw ?? "").trim().toLowerCase();
  if (!email) return { path: "/email", code: "required", message: "Enter an email address" };
  if (email.length > MAX_EMAIL_LENGTH) return { path: "/email", code: "too_long", message: `Email address must be ${MAX_EMAIL_LENGTH} characters or fewer` };
  if (UNSAFE_TEXT.test(email) || !EMAIL.test(email)) return { path: "/email", code: "invalid_email", message: "Enter an email address in the correct format, like name@nhs.net" };
  return { email };
}

export function checkName(raw: string | undefined): { displayName: string } | AccountError {
  const displayName = (raw ?? "").trim();
  if (!displayName) return { path: "/displayName", code: "required", message: "Enter the person's full name" };
  if (UNSAFE_TEXT.test(displayName)) return { path: "/displayName", code: "invalid_characters", message: "Name must not contain control characters or text direction marks" };
  if ([...displayName].length > MAX_NAME_LENGTH) return { path: "/displayName", code: "too_long", message: `Name must be ${MAX_NAME_LENGTH} characters or fewer` };
  return { displayName };
}

export function checkRole(raw: string | undefined): { role: Role } | AccountError {
  const role = (raw ?? "").trim();
  if (!role) return { path: "/role", code: "required", message: "Choose a role" };
  const known = ROLES.find((r) => r === role);
  if (!known) return { path: "/role", code: "unknown_role", message: `Role must be one of ${ROLES.join(", ")}` };
  return { role: known };
}

/**
 * The organisation an account in `role` would belong to: it must be in the reference data,
 * open today, and of the kind the role needs. A closed ICB's message names its successors, so
 * that whoever is adding or moving the account knows what to choose instead.
 */
export function checkOrganisation(reference: ReferenceData, role: Role | null, raw: string | undefined, today: string): { orgCode: string } | AccountError {
  const code = (raw ?? "").trim().toUpperCase();
  const error = (code: AccountErrorCode, message: string): AccountError => ({ path: "/orgCode", code, message });
  if (!code) return error("required", role ? `Choose the organisation: ${ROLE_PEOPLE[role]} belong to ${KIND_WORDS[KIND_OF_ROLE[role]]}` : "Choose an organisation");
  const kind = role ? KIND_OF_ROLE[role] : null;
  if (code === NHS_ENGLAND) {
    if (kind && kind !== "nhs_england") return error("org_wrong_type", `${NHS_ENGLAND} is ${NHS_ENGLAND_NAME}: ${ROLE_PEOPLE[role!]} belong to ${KIND_WORDS[kind]}`);
    return { orgCode: code };
  }
  const periods = reference.findAll(code);
  if (!periods.length || UNSAFE_TEXT.test(code)) return error("unknown_organisation", `No organisation has the code ${code.slice(0, 20)} in the organisation reference data`);
  if (!kind) return { orgCode: code };
  if (kind === "nhs_england") return error("org_wrong_type", `${ROLE_PEOPLE[role!]} belong to ${KIND_WORDS[kind]}, not ${describe(reference, code, today)}`);
  const wanted: OrganisationType = kind;
  const org = reference.find(code, { type: wanted, on: today });
  if (!org) return error("org_wrong_type", `${describe(reference, code, today)} is ${TYPE_WORDS[reference.find(code, { on: today })!.type]}: ${ROLE_PEOPLE[role!]} belong to ${KIND_WORDS[kind]}`);
  if (!reference.isOpen(code, today, wanted)) return error("org_closed", closedMessage(reference, org.code, org.name, org.closeDate, wanted, today));
  return { orgCode: org.code };
}

function describe(reference: ReferenceData, code: string, today: string): string {
  const org = reference.find(code, { on: today });
  return org ? `${org.code} ${org.name}` : code;
}

function closedMessage(reference: ReferenceData, code: string, name: string, closeDate: string | null, type: OrganisationType, today: string): string {
  const successors = [
    ...new Map(
      reference
        .successorsOf(code, type)
        .filter((s) => !s.viaSubIcbLocation)
        .map((s) => reference.find(s.successorCode, { type: s.successorType, on: today }))
        .filter((o) => o !== undefined && reference.isOpen(o.code, today, o.type))
        .map((o) => [o!.code, `${o!.name} (${o!.code})`]),
    ).values(),
  ];
  const closed = closeDate ? `closed on ${formatLongDate(closeDate)}` : "is not open";
  const choose = successors.length ? `: choose ${successors.length === 1 ? "its successor" : "one of its successors"}, ${successors.join(" or ")}` : ": choose an open organisation";
  return `${code} ${name} ${closed}${choose}`;
}

function isError<T extends object>(value: T | AccountError): value is AccountError {
  return "code" in value && "path" in value;
}

// --- New accounts --------------------------------------------------------------------------

/** A new account as typed: text from the command line or the add form. */
export interface AccountInput {
  email?: string;
  displayName?: string;
  role?: string;
  orgCode?: string;
  userAdmin?: boolean;
}

export interface CheckedAccount {
  /** The username of a new account is its email. */
  username: string;
  email: string;
  displayName: string;
  role: Role;
  orgCode: string;
  userAdmin: boolean;
}

/** Checks every field, so that all problems are reported at once. */
export function checkNewAccount(reference: ReferenceData, input: AccountInput, today: string): { account: CheckedAccount } | { errors: AccountError[] } {
  const email = checkEmail(input.email);
  const name = checkName(input.displayName);
  const role = checkRole(input.role);
  const knownRole = isError(role) ? null : role.role;
  const org = checkOrganisation(reference, knownRole, input.orgCode, today);
  const errors = [email, name, role, org].filter(isError);
  const userAdmin = input.userAdmin === true;
  if (userAdmin && knownRole && !mayAdministerUsers(knownRole)) errors.push(adminNotNational(knownRole));
  if (errors.length || isError(email) || isError(name) || isError(role) || isError(org)) return { errors };
  return { account: { username: email.email, email: email.email, displayName: name.displayName, role: role.role, orgCode: org.orgCode, userAdmin } };
}

function adminNotNational(role: Role): AccountError {
  return { path: "/userAdmin", code: "admin_not_national", message: `Only national users can be user administrators; ${ROLE_PEOPLE[role]} cannot` };
}

/** Who is acting, as the audit trail records them. */
export interface AccountActor {
  /** The signed-in administrator; null for the command line. */
  userId: string | null;
  /** Their username, or "cli:<operating system user>". */
  actor: string;
  ip?: string | null;
}

export type AddAccountResult = { kind: "added"; user: User } | { kind: "invalid"; errors: AccountError[] } | { kind: "exists"; user: User; message: string };

export async function addAccount(store: Store, reference: ReferenceData, today: string, input: AccountInput, by: AccountActor): Promise<AddAccountResult> {
  const checked = checkNewAccount(reference, input, today);
  if ("errors" in checked) return { kind: "invalid", errors: checked.errors };
  const { account } = checked;
  const existing = (await store.getUserByEmail(account.email)) ?? (await store.getUserByUsername(account.username));
  if (existing) return { kind: "exists", user: existing, message: existsMessage(existing) };
  let user: User;
  try {
    user = await store.createUser({ ...account, source: "admin" });
  } catch (e) {
    // Added by someone else between the check and the write: the store's own refusal.
    const raced = (await store.getUserByEmail(account.email)) ?? (await store.getUserByUsername(account.username));
    if (raced) return { kind: "exists", user: raced, message: existsMessage(raced) };
    throw e;
  }
  await store.appendAudit({ action: "user_added", userId: by.userId, actor: by.actor, ip: by.ip ?? null, subjectUserId: user.id, details: { role: user.role, orgCode: user.orgCode, userAdmin: user.userAdmin } });
  return { kind: "added", user };
}

function existsMessage(user: User): string {
  return `An account with the email ${user.email ?? user.username} already exists${user.active ? "" : " (deactivated: reactivate it instead)"}`;
}

// --- Changes -------------------------------------------------------------------------------

/** A change as asked for: absent fields stay as they are. */
export interface AccountChangeInput {
  displayName?: string;
  role?: string;
  orgCode?: string;
  userAdmin?: boolean;
  active?: boolean;
}

export type ChangeAccountResult =
  | { kind: "changed"; user: User; changed: (keyof UserChange)[] }
  | { kind: "unchanged"; user: User }
  | { kind: "invalid"; errors: AccountError[] }
  | { kind: "not_found" }
  | { kind: "own_account"; field: AccountField; message: string };

/**
 * The checked change of an existing account: the account as it would be must satisfy the
 * rules for what changes (a new role needs an organisation that fits it; a reactivated account
 * an organisation still open). A field given with its current value is no change.
 */
export function checkAccountChange(reference: ReferenceData, user: User, input: AccountChangeInput, today: string): { change: UserChange } | { errors: AccountError[] } {
  const errors: AccountError[] = [];
  const change: UserChange = {};
  if (input.displayName !== undefined) {
    const name = checkName(input.displayName);
    if (isError(name)) errors.push(name);
    else if (name.displayName !== user.displayName) change.displayName = name.displayName;
  }
  let role = user.role;
  if (input.role !== undefined) {
    const checked = checkRole(input.role);
    if (isError(checked)) errors.push(checked);
    else {
      role = checked.role;
      if (role !== user.role) change.role = role;
    }
  }
  const orgGiven = input.orgCode !== undefined;
  const orgCode = orgGiven ? input.orgCode!.trim().toUpperCase() : user.orgCode;
  const reactivating = input.active === true && !user.active;
  // The organisation is checked whenever the account would move, change role or come back.
  if (orgGiven || change.role !== undefined || reactivating) {
    const org = checkOrganisation(reference, errors.some((e) => e.path === "/role") ? null : role, orgCode, today);
    if (isError(org)) errors.push(org);
    else if (org.orgCode !== user.orgCode) change.orgCode = org.orgCode;
  }
  const userAdmin = input.userAdmin ?? user.userAdmin;
  if (userAdmin && !mayAdministerUsers(role)) errors.push(adminNotNational(role));
  else if (input.userAdmin !== undefined && input.userAdmin !== user.userAdmin) change.userAdmin = input.userAdmin;
  if (input.active !== undefined && input.active !== user.active) change.active = input.active;
  return errors.length ? { errors } : { change };
}

/**
 * Applies a change. An administrator may not deactivate their own account, take away their own
 * permission or change their own role: there is always someone left to administer accounts.
 * Deactivating, or changing the role or organisation, ends the person's sessions at once
 * (the store does it in the same transaction).
 */
export async function changeAccount(store: Store, reference: ReferenceData, today: string, id: string, input: AccountChangeInput, by: AccountActor): Promise<ChangeAccountResult> {
  const user = await store.getUser(id);
  // The system's own account authors migrations and imports: it is nobody's to administer.
  if (!user || user.source === "system") return { kind: "not_found" };
  const checked = checkAccountChange(reference, user, input, today);
  if ("errors" in checked) return { kind: "invalid", errors: checked.errors };
  const { change } = checked;
  if (by.userId === user.id) {
    if (change.active === false) return { kind: "own_account", field: "/active", message: "You cannot deactivate your own account: ask another user administrator" };
    if (change.userAdmin === false) return { kind: "own_account", field: "/userAdmin", message: "You cannot remove your own user administrator permission: ask another user administrator" };
    if (change.role !== undefined || change.orgCode !== undefined) return { kind: "own_account", field: change.role !== undefined ? "/role" : "/orgCode", message: "You cannot change your own role or organisation: ask another user administrator" };
  }
  const changed = (Object.keys(change) as (keyof UserChange)[]).filter((k) => change[k] !== undefined);
  if (!changed.length) return { kind: "unchanged", user };
  const updated = await store.updateUser(id, change);
  if (!updated) return { kind: "not_found" };
  const entry = { userId: by.userId, actor: by.actor, ip: by.ip ?? null, subjectUserId: id };
  const others = changed.filter((k) => k !== "active");
  if (others.length) {
    // Which fields changed; values only where they are codes (never a person's name).
    const details: Record<string, unknown> = { fields: others };
    if (change.role !== undefined) details.role = { from: user.role, to: change.role };
    if (change.orgCode !== undefined) details.orgCode = { from: user.orgCode, to: change.orgCode };
    if (change.userAdmin !== undefined) details.userAdmin = change.userAdmin;
    await store.appendAudit({ ...entry, action: "user_changed", details });
  }
  if (change.active === false) await store.appendAudit({ ...entry, action: "user_deactivated", details: { role: updated.role, orgCode: updated.orgCode } });
  if (change.active === true) await store.appendAudit({ ...entry, action: "user_reactivated", details: { role: updated.role, orgCode: updated.orgCode } });
  return { kind: "changed", user: updated, changed };
}
