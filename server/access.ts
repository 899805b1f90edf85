/**
 * Who may see and write what. Pure functions over the signed-in user, the compiled form and
 * the organisation reference data: routes ask these, never decide themselves.
 */
import { type CompiledForm, evaluateCondition, isPresent, type WriterRole } from "../engine/index.ts";
import type { ReferenceData } from "../organisations/index.ts";
import type { RecordData, Role, User } from "../storage/types.ts";

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

export function readsRecords(user: User): boolean {
  return user.role !== "standards_admin";
}

export function createsRecords(user: User): boolean {
  return user.role === "icb_editor";
}

export function writerRole(user: User): WriterRole | null {
  return WRITER_ROLE[user.role];
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

  canSee(user: User, ownerOrg: string): boolean {
    const owners = this.owners(user);
    return owners === "all" || owners.includes(ownerOrg);
  }
}

/** Top-level items whose answers differ between two versions of a record's data. */
export function changedItems(before: RecordData, after: RecordData): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/**
 * Items among `changed` that the user's role may not write, according to the definition.
 * Clearing an answer that the new data makes forbidden is always allowed: otherwise an ICB
 * editor who changes a DHR to another type could never remove the region's DHR answer.
 */
export function itemsNotWritable(user: User, form: CompiledForm, changed: string[], after: RecordData): string[] {
  const role = writerRole(user);
  return changed.filter((key) => {
    const item = form.items.find((i) => i.key === key);
    // Unknown items are left to the validator, which names them properly.
    if (!item) return false;
    if (role !== null && item.writers.includes(role)) return false;
    const cleared = !isPresent(after[key]);
    return !(cleared && item.forbiddenWhen && evaluateCondition(item.forbiddenWhen, after));
  });
}
