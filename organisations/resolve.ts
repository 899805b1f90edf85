/**
 * What a (possibly old) code stands for on a date: follow successions, and for ICBs the
 * sub-ICB location's ICB membership, until reaching open organisations of the wanted type.
 * One answer is "succeeded"; several are "ambiguous", because only a person can tell which
 * successor a record belongs to (a split ICB, or a sub-ICB location divided at practice level).
 */
import { isOpenOn, pickFor } from "./dates.ts";
import { cmp, compareSuccessions, keyOf, normaliseCode, orgKey } from "./keys.ts";
import { describeOrganisation, TYPE_LABELS } from "./labels.ts";
import type { OrganisationTables } from "./tables.ts";
import type { Membership, Organisation, OrganisationType, Resolution, ResolveOptions, Succession } from "./types.ts";

interface Reached {
  readonly org: Organisation;
  readonly path: readonly Succession[];
}

/** The one query resolution needs from the public API: regions have their own date rules there. */
export interface RegionLookup {
  regionOf(code: string, date: string, type?: OrganisationType): Organisation | undefined;
}

export class Resolver {
  readonly #regions: RegionLookup;
  readonly #tables: OrganisationTables;

  constructor(regions: RegionLookup, tables: OrganisationTables) {
    this.#regions = regions;
    this.#tables = tables;
  }

  /** `date` must already be checked as a calendar date. */
  resolve(code: string, date: string, opts: ResolveOptions): Resolution {
    const all = this.#tables.findAll(code, opts.type);
    if (all.length === 0) {
      return { kind: "unknown", reason: `no organisation with code ${normaliseCode(code)}${opts.type ? ` of type ${opts.type}` : ""}` };
    }
    const target = opts.targetType;
    if (target !== undefined) {
      const sameType = all.filter((o) => o.type === target);
      const openNow = sameType.find((o) => isOpenOn(o, date));
      if (openNow) return { kind: "open", organisation: openNow };
    }
    const start = pickFor(target !== undefined && all.some((o) => o.type === target) ? all.filter((o) => o.type === target) : all, date) as Organisation;
    if (target === undefined && isOpenOn(start, date)) return { kind: "open", organisation: start };
    const wanted = target ?? (start.type === "ccg" ? "sub_icb_location" : start.type);
    if (start.type === wanted && isOpenOn(start, date)) return { kind: "open", organisation: start };
    if (date < start.openDate && (start.type === wanted || wanted !== "icb")) {
      return { kind: "unknown", reason: `${describeOrganisation(start)} did not open until ${start.openDate}` };
    }
    if (wanted === "icb" && (start.type === "ccg" || start.type === "sub_icb_location")) return this.#toIcbThroughSubIcbLocation(start, date);
    if (wanted === "region") return this.#toRegion(start, date);
    return this.#bySuccession(start, date, wanted);
  }

  /** Follow successions (effective on or before `date`) breadth-first to open organisations of type `wanted`. */
  #reach(start: Organisation, date: string, wanted: OrganisationType): { found: Reached[]; deadEnds: Organisation[] } {
    const found = new Map<string, Reached>();
    const deadEnds: Organisation[] = [];
    const seen = new Set<string>([orgKey(start)]);
    let frontier: Reached[] = [{ org: start, path: [] }];
    while (frontier.length > 0) {
      const next: Reached[] = [];
      for (const r of frontier) {
        if (isOpenOn(r.org, date)) {
          if (r.org.type === wanted && !found.has(orgKey(r.org))) found.set(orgKey(r.org), r);
          continue;
        }
        const out = this.#tables.successionsFrom(r.org.code, r.org.type).filter((s) => s.effectiveDate <= date).sort(compareSuccessions);
        if (out.length === 0) deadEnds.push(r.org);
        for (const s of out) {
          const key = keyOf(s.successorCode, s.successorType);
          const org = this.#tables.get(s.successorCode, s.successorType);
          if (!org || seen.has(key)) continue;
          seen.add(key);
          next.push({ org, path: [...r.path, s] });
        }
      }
      frontier = next;
    }
    return { found: [...found.values()].sort((a, b) => cmp(a.org.code, b.org.code)), deadEnds };
  }

  #bySuccession(start: Organisation, date: string, wanted: OrganisationType): Resolution {
    const { found } = this.#reach(start, date, wanted);
    const [only] = found;
    if (found.length === 1 && only) return { kind: "succeeded", organisation: only.org, path: only.path };
    if (found.length > 1) {
      const branches = found.map((r) => `${r.org.code} ${r.org.name}`);
      const first = found.map((r) => r.path[0]).filter((s): s is Succession => s !== undefined);
      return { kind: "ambiguous", candidates: found.map((r) => r.org), reason: this.#ambiguityReason(start, branches, first) };
    }
    const closed = start.closeDate !== null ? `closed after ${start.closeDate}` : "not open";
    return { kind: "unknown", reason: `${describeOrganisation(start)} ${closed} and no ${TYPE_LABELS[wanted]} open on ${date} succeeds it` };
  }

  #toIcbThroughSubIcbLocation(start: Organisation, date: string): Resolution {
    let sicbl: Organisation | undefined = start;
    let prefix: Succession[] = [];
    if (start.type === "ccg") {
      sicbl = this.#tables.subIcbLocationOfCcg(start);
      const transfer = this.#tables.successionsFrom(start.code, start.type).find((s) => s.kind === "transferred_to_icb");
      if (transfer) prefix = [transfer];
      if (!sicbl) return this.#bySuccession(start, date, "icb");
    }
    if (date < sicbl.openDate) {
      return { kind: "unknown", reason: `no ICB existed for ${describeOrganisation(start)} on ${date}: ${describeOrganisation(sicbl)} and its ICB start on ${sicbl.openDate}` };
    }
    // The sub-ICB location itself, or its successors if it has closed.
    const locations: Reached[] = isOpenOn(sicbl, date) ? [{ org: sicbl, path: [] }] : this.#reach(sicbl, date, "sub_icb_location").found;
    const byIcb = new Map<string, { icb: Organisation; via: Organisation; path: Succession[] }>();
    const branches: string[] = [];
    for (const loc of locations) {
      const icb = this.#tables.parentOn(loc.org, "icb", date);
      if (!icb) continue;
      branches.push(loc.org === sicbl ? `${icb.code} ${icb.name}` : `${loc.org.code} in ${icb.code} ${icb.name}`);
      if (byIcb.has(orgKey(icb))) continue;
      const last = loc.path[loc.path.length - 1];
      const entered = last ? last.effectiveDate : loc.org.openDate;
      byIcb.set(orgKey(icb), { icb, via: loc.org, path: [...prefix, ...loc.path, ...this.#icbChangesOf(loc.org, entered, date)] });
    }
    const results = [...byIcb.values()].sort((a, b) => cmp(a.icb.code, b.icb.code));
    const [only] = results;
    if (results.length === 1 && only) return { kind: "succeeded", organisation: only.icb, path: only.path, via: only.via };
    if (results.length > 1) {
      const first = locations.map((r) => r.path[0]).filter((s): s is Succession => s !== undefined);
      return { kind: "ambiguous", candidates: results.map((r) => r.icb), reason: this.#ambiguityReason(sicbl, branches, first) };
    }
    return { kind: "unknown", reason: `${describeOrganisation(sicbl)} has no ICB on ${date}` };
  }

  /** ICB successions behind each change of a sub-ICB location's ICB after `after`, up to `date`. */
  #icbChangesOf(sicbl: Organisation, after: string, date: string): Succession[] {
    const ms = this.#tables.parentsOf(sicbl).filter((m) => m.parentType === "icb");
    const path: Succession[] = [];
    for (let i = 1; i < ms.length; i++) {
      const prev = ms[i - 1] as Membership;
      const cur = ms[i] as Membership;
      if (cur.fromDate <= after || cur.fromDate > date) continue;
      const candidates = this.#tables
        .successionsFrom(prev.parentCode, "icb")
        .filter((s) => s.successorType === "icb" && s.successorCode === cur.parentCode && s.effectiveDate === cur.fromDate);
      const s = candidates.find((x) => x.viaSubIcbLocation === sicbl.code) ?? candidates.find((x) => x.viaSubIcbLocation === null);
      if (s) path.push(s);
    }
    return path;
  }

  #toRegion(start: Organisation, date: string): Resolution {
    if (isOpenOn(start, date)) {
      const region = this.#regions.regionOf(start.code, date, start.type);
      return region ? { kind: "succeeded", organisation: region, path: [] } : { kind: "unknown", reason: `${describeOrganisation(start)} has no region on ${date}` };
    }
    if (start.type === "stp" || start.type === "region") return this.#bySuccession(start, date, "region");
    const viaIcb = this.resolve(start.code, date, { type: start.type, targetType: "icb" });
    if (viaIcb.kind === "unknown") return viaIcb;
    const icbs = viaIcb.kind === "ambiguous" ? viaIcb.candidates : [viaIcb.organisation];
    const regions = new Map<string, Organisation>();
    for (const icb of icbs) {
      const r = this.#tables.regionOfIcb(icb, date);
      if (r) regions.set(orgKey(r), r);
    }
    const list = [...regions.values()].sort((a, b) => cmp(a.code, b.code));
    const [only] = list;
    if (list.length === 1 && only) return { kind: "succeeded", organisation: only, path: viaIcb.kind === "succeeded" ? viaIcb.path : [] };
    if (list.length > 1) return { kind: "ambiguous", candidates: list, reason: viaIcb.kind === "ambiguous" ? viaIcb.reason : "several regions" };
    return { kind: "unknown", reason: `no region found for ${describeOrganisation(start)} on ${date}` };
  }

  /** Why a resolution is ambiguous: how `start` was succeeded and, for an ICB, which sub-ICB location went where. */
  #ambiguityReason(start: Organisation, branches: readonly string[], first: readonly Succession[]): string {
    const when = first[0] ? ` on ${first[0].effectiveDate}` : "";
    const vias = this.#tables
      .successionsFrom(start.code, start.type)
      .filter((s) => s.viaSubIcbLocation !== null && s.kind !== "transferred_to_icb")
      .map((s) => `${s.viaSubIcbLocation} → ${s.successorCode}`)
      .sort();
    const decide = vias.length > 0 ? ` Its sub-ICB location decides: ${vias.join(", ")}.` : "";
    const practiceLevel = first.some((s) => s.kind === "split" && s.predecessorType === "sub_icb_location")
      ? ` It was divided at practice level: the GP practice decides.`
      : "";
    return (
      `${describeOrganisation(start)} was succeeded${when} by more than one organisation (${branches.join("; ")}); ` +
      `the code alone does not say which, so a person must choose.${decide}${practiceLevel}`
    );
  }
}
