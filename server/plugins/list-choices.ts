/**
 * The regions and owner organisations a user may narrow the case list to: national users
 * every region and ICB, regional users the ICBs of their region, ICB users none (they see
 * one). Worked out once per region and role, since reference data does not change while the
 * server runs.
 */
import type { OrganisationRef, OwnerOption } from "../../api/index.ts";
import type { User } from "../../storage/index.ts";
import type { ServerContext } from "../context.ts";

export interface ListChoices {
  regions: OrganisationRef[];
  owners: OwnerOption[];
}

const NONE: ListChoices = { regions: [], owners: [] };

export function ownerChoices(context: ServerContext): (user: User) => ListChoices {
  const cache = new Map<string, ListChoices>();
  const compute = (user: User): ListChoices => {
    const { reference, visibility } = context;
    const today = context.today();
    const type = "icb" as const;
    const icbs = reference.list(type).map((o) => ({ code: o.code, name: o.name, region: reference.regionOf(o.code, o.closeDate ?? today, type)?.code ?? null }));
    if (user.role === "national") {
      return { regions: reference.list("region", today).map((r) => ({ code: r.code, name: r.name })), owners: icbs };
    }
    if (user.role === "regional") {
      const mine = new Set(visibility.inRegion(user.orgCode));
      return { regions: [], owners: icbs.filter((o) => mine.has(o.code)) };
    }
    return NONE;
  };
  return (user) => {
    if (user.role !== "national" && user.role !== "regional") return NONE;
    const key = user.role === "national" ? "national" : `regional:${user.orgCode}`;
    let choices = cache.get(key);
    if (!choices) cache.set(key, (choices = compute(user)));
    return choices;
  };
}
