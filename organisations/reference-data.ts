/**
 * The questions asked of the NHS organisation model: which organisation a code names on a
 * date, whether it is open, what it belonged to and what took over from it. Built from the
 * tables by load.ts; resolving an old code to an open organisation is in resolve.ts.
 */
import { assertDate, clampToPeriod, isOpenOn, membershipCovers, pickFor } from "./dates.ts";
import { cmp, compareSuccessions, normaliseCode, typeRank } from "./keys.ts";
import { Resolver } from "./resolve.ts";
import { OrganisationTables } from "./tables.ts";
import type { FindOptions, Membership, Organisation, OrganisationType, Resolution, ResolveOptions, Succession } from "./types.ts";

export class ReferenceData {
  readonly organisations: readonly Organisation[];
  readonly memberships: readonly Membership[];
  readonly successions: readonly Succession[];

  readonly #tables: OrganisationTables;
  readonly #resolver: Resolver;

  constructor(organisations: readonly Organisation[], memberships: readonly Membership[], successions: readonly Succession[]) {
    this.organisations = Object.freeze([...organisations]);
    this.memberships = Object.freeze([...memberships]);
    this.successions = Object.freeze([...successions]);
    this.#tables = new OrganisationTables(this.organisations, this.memberships, this.successions);
    this.#resolver = new Resolver(this, this.#tables);
  }

  /** Every period recorded for a code (any type unless `type` is given). Case-insensitive. */
  findAll(code: string, type?: OrganisationType): Organisation[] {
    return this.#tables.findAll(code, type);
  }

  /**
   * The organisation period for a code. With `on`: the period open on that date, or if none is
   * open then, the period nearest in time to it. Without `on`: the most recently opened period.
   */
  find(code: string, opts: FindOptions = {}): Organisation | undefined {
    const periods = this.findAll(code, opts.type);
    if (opts.on !== undefined) {
      assertDate(opts.on, "on");
      return pickFor(periods, opts.on);
    }
    return [...periods].sort((a, b) => cmp(b.openDate, a.openDate) || typeRank(b.type) - typeRank(a.type))[0];
  }

  /** The organisation with exactly this code and type, if any. */
  get(code: string, type: OrganisationType): Organisation | undefined {
    return this.#tables.get(normaliseCode(code), type);
  }

  /** Is there a period for this code (and type, if given) that is open on `date`? */
  isOpen(code: string, date: string, type?: OrganisationType): boolean {
    assertDate(date);
    return this.findAll(code, type).some((o) => isOpenOn(o, date));
  }

  /** The parent of the given type that `child` belongs to on `date`, if any. */
  parentOf(child: Organisation, parentType: OrganisationType, date: string): Organisation | undefined {
    assertDate(date);
    return this.#tables.parentOn(child, parentType, date);
  }

  /** Members of `parent` on `date` (optionally only of one type), sorted by code. */
  childrenOf(parent: Organisation, date: string, childType?: OrganisationType): Organisation[] {
    assertDate(date);
    return this.#tables
      .childrenOf(parent)
      .filter((m) => membershipCovers(m, date) && (childType === undefined || m.childType === childType))
      .map((m) => this.#tables.get(m.childCode, m.childType))
      .filter((o): o is Organisation => o !== undefined)
      .sort((a, b) => cmp(a.code, b.code));
  }

  /** Membership history of an organisation (all parents over time), oldest first. */
  membershipsOf(child: Organisation): Membership[] {
    return [...this.#tables.parentsOf(child)];
  }

  /**
   * The ICB a code belongs to on `date`: an ICB is its own; a sub-ICB location's is its ICB
   * membership on that date; a CCG's is that of its sub-ICB location on that date, or as at the
   * sub-ICB location's first day (1 July 2022) for earlier dates. Undefined if there is none
   * (e.g. a sub-ICB location closed by then).
   */
  icbOf(code: string, date: string, type?: OrganisationType): Organisation | undefined {
    assertDate(date);
    const types: OrganisationType[] = type ? [type] : ["icb", "sub_icb_location", "ccg"];
    const org = pickFor(
      this.findAll(code).filter((o) => types.includes(o.type)),
      date,
    );
    if (!org) return undefined;
    switch (org.type) {
      case "icb":
        return org;
      case "sub_icb_location":
        return this.parentOf(org, "icb", date);
      case "ccg": {
        const sicbl = this.#tables.subIcbLocationOfCcg(org);
        if (!sicbl) return undefined;
        return this.parentOf(sicbl, "icb", date < sicbl.openDate ? sicbl.openDate : date);
      }
      default:
        return undefined;
    }
  }

  /**
   * The NHS England region a code belongs to on `date`. A CCG or STP uses the 2021 STP → region
   * lookup for dates up to its close (and as at its opening for earlier dates); after that a CCG
   * goes through its sub-ICB location's ICB. A sub-ICB location goes through its ICB on the date;
   * an ICB uses its region membership on the date (as at its last day if it has closed).
   */
  regionOf(code: string, date: string, type?: OrganisationType): Organisation | undefined {
    assertDate(date);
    const org = pickFor(this.findAll(code, type), date);
    if (!org) return undefined;
    switch (org.type) {
      case "region":
        return org;
      case "stp":
        return this.parentOf(org, "region", clampToPeriod(org, date));
      case "ccg": {
        if (org.closeDate === null || date <= org.closeDate) {
          const d = clampToPeriod(org, date);
          const stp = this.parentOf(org, "stp", d);
          return stp ? this.parentOf(stp, "region", d) : undefined;
        }
        const icb = this.icbOf(org.code, date, "ccg");
        return icb ? this.#tables.regionOfIcb(icb, date) : undefined;
      }
      case "sub_icb_location": {
        const icb = this.parentOf(org, "icb", date);
        return icb ? this.#tables.regionOfIcb(icb, date) : undefined;
      }
      case "icb":
        return this.#tables.regionOfIcb(org, date);
    }
  }

  /** Direct successors of a code (all its types unless `type` is given), by effective date then code. */
  successorsOf(code: string, type?: OrganisationType): Succession[] {
    return this.findAll(code, type)
      .flatMap((o) => this.#tables.successionsFrom(o.code, o.type))
      .sort(compareSuccessions);
  }

  /** Direct predecessors of a code (all its types unless `type` is given). */
  predecessorsOf(code: string, type?: OrganisationType): Succession[] {
    return this.findAll(code, type)
      .flatMap((o) => this.#tables.successionsTo(o))
      .sort(compareSuccessions);
  }

  /**
   * Organisations for a picker: all, or of one type, optionally only those open on `on`;
   * sorted by name, then code.
   */
  list(type?: OrganisationType, on?: string): Organisation[] {
    if (on !== undefined) assertDate(on, "on");
    return this.organisations
      .filter((o) => (type === undefined || o.type === type) && (on === undefined || isOpenOn(o, on)))
      .sort((a, b) => cmp(a.name, b.name) || cmp(a.code, b.code) || typeRank(a.type) - typeRank(b.type));
  }

  /**
   * What a (possibly old) code stands for on `date`: follow successions until reaching
   * organisations of the target type that are open on `date`.
   *
   * With `{targetType: "icb"}` a CCG or sub-ICB location code resolves through the sub-ICB
   * location's ICB membership on the date (so 07H → D7T5G and 06K → S1Y5D from 2026-04-01); a
   * closed ICB that split, or a sub-ICB location split at practice level (D4U1Y), is ambiguous.
   */
  resolveOpenOrganisation(code: string, date: string, opts: ResolveOptions = {}): Resolution {
    assertDate(date);
    return this.#resolver.resolve(code, date, opts);
  }
}
