/**
 * Who may see and write what. Pure functions over the signed-in user, the compiled form and
 * the organisation reference data: routes ask these, never decide themselves, and the
 * renderer is told their answers (user and record permissions) rather than repeating them.
 */
import type { OrganisationRef, OrganisationStatus, ReadScope, RecordPermissions, UserPermissions } from "../api/index.ts";
import { actionApplies, type CompiledAction, type CompiledForm, formatLongDate, type FormRegistry, isPresent, itemsByKey, itemsThatMustBeEmpty, type ReaderRole, type WriterRole } from "../engine/index.ts";
import { ownerOnDay, type ReferenceData } from "../organisations/index.ts";
import type { RecordData, Role, StoredRecord, User } from "../storage/index.ts";

const WRITER_ROLE: Record<Role, WriterRole | null> = {
  icb_editor: "editor",
  icb_viewer: null,
  regional: "regional",
  national: "national",
  standards_admin: null,
};

export const ROLE_NAMES: Record<Role, string> = {
  icb_editor: "ICB editor",
  icb_viewer: "ICB viewer",
  regional: "Regional user",
  national: "National user",
  standards_admin: "Standards admin",
};

const READER_ROLE: Record<Role, ReaderRole | null> = {
  icb_editor: "editor",
  icb_viewer: "viewer",
  regional: "regional",
  national: "national",
  standards_admin: null,
};

/** The role as a definition's saved views name it; null for those who do not read records. */
export function readerRole(user: User): ReaderRole | null {
  return READER_ROLE[user.role];
}

export function readsRecords(user: User): boolean {
  return user.role !== "standards_admin";
}

export function createsRecords(user: User): boolean {
  return user.role === "icb_editor";
}

export function writerRole(user: User): WriterRole | null {
  return WRITER_ROLE[user.role];
}

export function assignsOwners(user: User): boolean {
  return user.role === "national";
}

export function importsLegacy(user: User): boolean {
  return user.role === "national";
}

/** The extract log says who took which data out: national users oversee it. */
export function viewsExtractLog(user: User): boolean {
  return user.role === "national";
}

/** User administrators are national users given that permission (scrt users add --admin, or another administrator). */
export function administersUsers(user: User): boolean {
  return user.role === "national" && user.userAdmin;
}

/** The audit trail says who looked at and changed which case: national users oversee it. */
export function viewsAudit(user: User): boolean {
  return user.role === "national";
}

/** Standards admins check versions before they are published; publishing is the CLI's. */
export function managesDefinitions(user: User): boolean {
  return user.role === "standards_admin";
}

export function seesManyOrganisations(user: User): boolean {
  return user.role === "regional" || user.role === "national";
}

/** Whose records a user reads, in words the renderer can say ("your region's cases"); Visibility lists the organisations. */
export function readScope(user: User): ReadScope | null {
  switch (user.role) {
    case "national":
      return "all";
    case "regional":
      return "region";
    case "icb_editor":
    case "icb_viewer":
      return "icb";
    case "standards_admin":
      return null;
  }
}

function isIcbUser(user: User): boolean {
  return user.role === "icb_editor" || user.role === "icb_viewer";
}

/**
 * The owner organisation must be open on the day of a write (spec: "an ICB submitting data is
 * a current ICB"). When it has closed, the message names its successor(s).
 */
export function ownerStatus(reference: ReferenceData, ownerOrg: string, today: string): OrganisationStatus {
  const org = reference.find(ownerOrg, { on: today });
  if (!org) {
    return { code: ownerOrg, name: ownerOrg, open: false, successors: [], message: `The owning organisation ${ownerOrg} is not in the organisation reference data, so records cannot be written for it.` };
  }
  if (reference.isOpen(ownerOrg, today, org.type)) return { code: org.code, name: org.name, open: true, successors: [], message: null };
  const found = reference
    .successorsOf(ownerOrg, org.type)
    .filter((s) => !s.viaSubIcbLocation)
    .map((s) => reference.find(s.successorCode, { type: s.successorType, on: today }))
    .filter((o): o is NonNullable<typeof o> => Boolean(o));
  const successors: OrganisationRef[] = [...new Map(found.map((o) => [o.code, { code: o.code, name: o.name }])).values()];
  const closed = org.closeDate ? `closed on ${formatLongDate(org.closeDate)}` : "is not open";
  const next = successors.length
    ? `; ${successors.length === 1 ? "its successor is" : "its successors are"} ${successors.map((o) => `${o.name} (${o.code})`).join(" and ")}`
    : "";
  const message = `${org.name} (${org.code}) ${closed}${next}. Cases can only be added or changed for a current ${org.type === "icb" ? "ICB" : "organisation"}.`;
  return { code: org.code, name: org.name, open: false, successors, message };
}

/** What a signed-in user may do, as /auth/me states it. */
export function userPermissions(user: User, registry: FormRegistry, reference: ReferenceData, today: string): { permissions: UserPermissions; organisationStatus: OrganisationStatus | null } {
  const organisationStatus = isIcbUser(user) ? ownerStatus(reference, user.orgCode, today) : null;
  const mayCreate = createsRecords(user) && organisationStatus?.open === true;
  return {
    permissions: {
      createIn: mayCreate ? registry.collections().filter((c) => registry.published(c) !== undefined) : [],
      writerRole: writerRole(user),
      seesManyOrganisations: seesManyOrganisations(user),
      manageDefinitions: managesDefinitions(user),
      assignOwners: assignsOwners(user),
      importLegacy: importsLegacy(user),
      analyse: readsRecords(user),
      viewExtractLog: viewsExtractLog(user),
      readScope: readScope(user),
      administerUsers: administersUsers(user),
      viewAudit: viewsAudit(user),
    },
    organisationStatus,
  };
}

/**
 * Top-level items of a record's version that the user's role may write, given the record's
 * answers: an item the answers hide or forbid (the regional item of a case that is not a DHR)
 * cannot be written by anyone, so it does not count.
 */
export function writableItems(user: User, form: CompiledForm, data: RecordData): string[] {
  const role = writerRole(user);
  if (role === null) return [];
  const mustBeEmpty = itemsThatMustBeEmpty(form.items, data);
  return form.items.filter((item) => item.writers.includes(role) && !mustBeEmpty.has(item.key)).map((item) => item.key);
}

/** What the caller may do with one record they can see, as each record in a response states it. */
export function recordPermissions(user: User, form: CompiledForm, record: Pick<StoredRecord, "data">, ownerOpen: boolean): RecordPermissions {
  const items = writableItems(user, form, record.data);
  const edit = items.length > 0 && form.status !== "retired" && ownerOpen;
  const actions = edit ? (form.collection.actions ?? []).filter((action) => mayTakeAction(user, form, action, record.data)).map((a) => a.id) : [];
  return { edit, writableItems: items, actions };
}

/**
 * Whether the action is open to the user on a record they may edit: its `when` holds on the
 * answers as they stand, and they may write every item it asks and sets once its answers are
 * set (an item hidden until then, like the date a case closed, becomes writable by the action).
 */
function mayTakeAction(user: User, form: CompiledForm, action: CompiledAction, data: RecordData): boolean {
  if (!actionApplies(action, data)) return false;
  const writable = new Set(writableItems(user, form, { ...data, ...action.sets }));
  return [...action.asks, ...Object.keys(action.sets)].every((key) => writable.has(key));
}

/** Whether the user's role could take the action on some record: it writes every item the action asks and sets. */
export function roleTakesAction(user: User, form: CompiledForm, action: CompiledAction): boolean {
  const role = writerRole(user);
  if (role === null) return false;
  const byKey = itemsByKey(form.items);
  return [...action.asks, ...Object.keys(action.sets)].every((key) => byKey.get(key)?.writers.includes(role) ?? false);
}

/**
 * The owner organisations whose records a user may see: their own ICB, every organisation
 * that has ever been in their region, or all. Computed once per user from reference data.
 */
export class Visibility {
  private readonly byRegion = new Map<string, string[]>();

  constructor(reference: ReferenceData) {
    for (const type of ["icb", "ccg"] as const) {
      for (const org of reference.list(type)) {
        // A record stays with its owner's region as the owner was when it was open.
        const region = reference.regionOf(org.code, org.closeDate ?? org.openDate, type)?.code;
        if (!region) continue;
        if (!this.byRegion.has(region)) this.byRegion.set(region, []);
        this.byRegion.get(region)!.push(org.code);
      }
    }
  }

  owners(user: User): string[] | "all" {
    switch (user.role) {
      case "national":
        return "all";
      case "regional":
        return [...(this.byRegion.get(user.orgCode) ?? [])].sort();
      case "icb_editor":
      case "icb_viewer":
        return [user.orgCode];
      case "standards_admin":
        return [];
    }
  }

  /** Owners that have been in a region (what a region narrows a search to, within the caller's scope). */
  inRegion(region: string): string[] {
    return [...(this.byRegion.get(region) ?? [])].sort();
  }

  canSee(user: User, ownerOrg: string): boolean {
    const owners = this.owners(user);
    return owners === "all" || owners.includes(ownerOrg);
  }
}

/**
 * The regions a user may narrow a search or report to: every region for those who see them
 * all, otherwise the one their organisation is in (narrowing can never widen a scope).
 */
export function narrowableRegions(user: User, reference: ReferenceData, today: string): OrganisationRef[] {
  const regions: ({ code: string; name: string } | undefined)[] =
    user.role === "national"
      ? reference.list("region", today)
      : user.role === "regional"
        ? [reference.find(user.orgCode, { type: "region", on: today })]
        : user.role === "standards_admin"
          ? []
          : [ownerOnDay(reference, user.orgCode, today).region ?? undefined];
  return regions.filter((r) => r !== undefined).map((r) => ({ code: r.code, name: r.name }));
}

/**
 * Items among `changed` that the user's role may not write, according to the definition.
 * Clearing an answer that the new data hides or forbids is always allowed: otherwise an ICB
 * editor who changes a DHR to another type could never remove the region's DHR answer.
 */
export function itemsNotWritable(user: User, form: CompiledForm, changed: string[], after: RecordData): string[] {
  const role = writerRole(user);
  const mustBeEmpty = itemsThatMustBeEmpty(form.items, after);
  const byKey = itemsByKey(form.items);
  return changed.filter((key) => {
    const item = byKey.get(key);
    // Unknown items are left to the validator, which names them properly.
    if (!item) return false;
    if (role !== null && item.writers.includes(role)) return false;
    return !(mustBeEmpty.has(key) && !isPresent(after[key]));
  });
}

/** Whose figures a dashboard request covers: the caller's scope, narrowed as they asked and may. */
export interface DashboardScope {
  owners: string[] | "all";
  region?: string;
  owner?: string;
  /** Whether the caller may narrow by region (national users) and by owner (anyone who sees more than one). */
  narrowsByRegion: boolean;
  narrowsByOwner: boolean;
  describe(): { level: "england" | "region" | "organisation"; code: string | null; name: string };
}

/**
 * The dashboard's scope for a user: national users England or any region or owner; regional
 * users their region or an owner in it; ICB users their own ICB. Asking for more is refused,
 * never quietly answered with less, so a caller always knows what the figures cover.
 */
export function dashboardScope(user: User, visibility: Visibility, reference: ReferenceData, ask: { region?: string | undefined; owner?: string | undefined }, day: string): DashboardScope | { forbidden: string } {
  if (!readsRecords(user)) return { forbidden: "Standards admins manage definitions, not case records" };
  const owners = visibility.owners(user);
  const region = ask.region?.toUpperCase();
  const owner = ask.owner?.toUpperCase();
  const nameOf = (code: string) => reference.find(code, { on: day })?.name ?? reference.find(code)?.name ?? code;
  if (isIcbUser(user) && region) return { forbidden: "ICB users see their own ICB's figures, not a region's" };
  if (user.role === "regional" && region && region !== user.orgCode) return { forbidden: `Regional users see their own region's figures (${user.orgCode})` };
  if (owner && owners !== "all" && !owners.includes(owner)) return { forbidden: `${owner} is not an organisation whose records you may see` };
  const narrowedRegion = user.role === "national" ? region : undefined;
  return {
    owners,
    ...(narrowedRegion ? { region: narrowedRegion } : {}),
    ...(owner ? { owner } : {}),
    narrowsByRegion: user.role === "national",
    narrowsByOwner: seesManyOrganisations(user),
    describe() {
      if (owner) return { level: "organisation", code: owner, name: nameOf(owner) };
      if (isIcbUser(user)) return { level: "organisation", code: user.orgCode, name: nameOf(user.orgCode) };
      if (user.role === "regional") return { level: "region", code: user.orgCode, name: nameOf(user.orgCode) };
      if (narrowedRegion) return { level: "region", code: narrowedRegion, name: nameOf(narrowedRegion) };
      return { level: "england", code: null, name: "England" };
    },
  };
}
