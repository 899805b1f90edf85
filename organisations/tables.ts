/**
 * The loaded tables indexed for lookup by code, by (code, type) and by both ends of every
 * membership and succession. Shared by the public queries (reference-data.ts) and the
 * resolution through successions (resolve.ts), which need the same indexes but not each
 * other's internals.
 */
import { clampToPeriod, membershipCovers } from "./dates.ts";
import { cmp, keyOf, normaliseCode, orgKey } from "./keys.ts";
import type { Membership, Organisation, OrganisationType, Succession } from "./types.ts";

export class OrganisationTables {
  readonly #byCode = new Map<string, Organisation[]>();
  readonly #byKey = new Map<string, Organisation>();
  readonly #parents = new Map<string, Membership[]>();
  readonly #children = new Map<string, Membership[]>();
  readonly #successorsOf = new Map<string, Succession[]>();
  readonly #predecessorsOf = new Map<string, Succession[]>();

  constructor(organisations: readonly Organisation[], memberships: readonly Membership[], successions: readonly Succession[]) {
    for (const o of organisations) {
      push(this.#byCode, o.code, o);
      this.#byKey.set(orgKey(o), o);
    }
    for (const m of memberships) {
      push(this.#parents, keyOf(m.childCode, m.childType), m);
      push(this.#children, keyOf(m.parentCode, m.parentType), m);
    }
    for (const list of this.#parents.values()) list.sort((a, b) => cmp(a.fromDate, b.fromDate));
    for (const s of successions) {
      push(this.#successorsOf, keyOf(s.predecessorCode, s.predecessorType), s);
      push(this.#predecessorsOf, keyOf(s.successorCode, s.successorType), s);
    }
  }

  /** Every period of a code (in any case) of the given type (any type if none), in file order. */
  findAll(code: string, type?: OrganisationType): Organisation[] {
    const all = this.#byCode.get(normaliseCode(code)) ?? [];
    return all.filter((o) => type === undefined || o.type === type);
  }

  /** The organisation with exactly this (already upper-case) code and type. */
  get(code: string, type: OrganisationType): Organisation | undefined {
    return this.#byKey.get(keyOf(code, type));
  }

  /** Memberships with `org` as the child, oldest first. */
  parentsOf(org: Organisation): readonly Membership[] {
    return this.#parents.get(orgKey(org)) ?? [];
  }

  /** The parent of the given type that `child` belongs to on `date`, if any. */
  parentOn(child: Organisation, parentType: OrganisationType, date: string): Organisation | undefined {
    const m = this.parentsOf(child).find((x) => x.parentType === parentType && membershipCovers(x, date));
    return m ? this.get(m.parentCode, m.parentType) : undefined;
  }

  /** Memberships with `org` as the parent, in file order. */
  childrenOf(org: Organisation): readonly Membership[] {
    return this.#children.get(orgKey(org)) ?? [];
  }

  /** Successions out of exactly this organisation, in file order. */
  successionsFrom(code: string, type: OrganisationType): readonly Succession[] {
    return this.#successorsOf.get(keyOf(code, type)) ?? [];
  }

  /** Successions into exactly this organisation, in file order. */
  successionsTo(org: Organisation): readonly Succession[] {
    return this.#predecessorsOf.get(orgKey(org)) ?? [];
  }

  /** The sub-ICB location a CCG became on 1 July 2022, if any. */
  subIcbLocationOfCcg(ccg: Organisation): Organisation | undefined {
    const s = this.successionsFrom(ccg.code, ccg.type).find((x) => x.kind === "became_sub_icb_location");
    return s ? this.get(s.successorCode, s.successorType) : undefined;
  }

  /** An ICB's region on `date`, or as at its last (first) day if it had closed (not yet opened). */
  regionOfIcb(icb: Organisation, date: string): Organisation | undefined {
    return this.parentOn(icb, "region", clampToPeriod(icb, date));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
