/**
 * The vocabulary of the NHS organisation model: organisation periods, memberships over time,
 * successions, and the answers the queries give.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD). `openDate` is the first day an organisation
 * was operational, `closeDate` the last day (inclusive) or null while it is still open.
 * Membership `toDate` is likewise inclusive.
 */

/** All organisation types, in the order used for sorting (broadest first, then chronology). */
export const ORGANISATION_TYPES = ["region", "stp", "ccg", "sub_icb_location", "icb"] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export interface Organisation {
  /** ODS code, upper case. The same code can exist with two types (a CCG and the sub-ICB location it became; an STP and the ICB with its code). */
  readonly code: string;
  readonly type: OrganisationType;
  readonly name: string;
  /** First day operational (YYYY-MM-DD). */
  readonly openDate: string;
  /** Last day operational, inclusive (YYYY-MM-DD), or null if still open. */
  readonly closeDate: string | null;
  /** ONS (GSS) code as at `openDate`, if known. */
  readonly onsCode: string | null;
}

/** A child organisation belongs to a parent from `fromDate` to `toDate` (inclusive; null = open). */
export interface Membership {
  readonly childCode: string;
  readonly childType: OrganisationType;
  readonly parentCode: string;
  readonly parentType: OrganisationType;
  readonly fromDate: string;
  readonly toDate: string | null;
}

export const SUCCESSION_KINDS = ["became_sub_icb_location", "transferred_to_icb", "merger", "split", "acquisition"] as const;
export type SuccessionKind = (typeof SUCCESSION_KINDS)[number];

export interface Succession {
  readonly predecessorCode: string;
  readonly predecessorType: OrganisationType;
  readonly successorCode: string;
  readonly successorType: OrganisationType;
  /** First day on which the successor took over (the predecessor's last day is the day before). */
  readonly effectiveDate: string;
  readonly kind: SuccessionKind;
  /** For a split: the predecessor's sub-ICB location that went to this successor (for `transferred_to_icb`: the CCG's own sub-ICB location). */
  readonly viaSubIcbLocation: string | null;
  readonly note: string | null;
}

/** Result of {@link ReferenceData.resolveOpenOrganisation}. */
export type Resolution =
  /** The code itself names an organisation (of the target type) open on the date. */
  | { readonly kind: "open"; readonly organisation: Organisation }
  /**
   * Exactly one organisation of the target type, open on the date, takes the code's place.
   * `path` lists the succession records followed, oldest first. It is empty when an open
   * sub-ICB location was mapped to its ICB by membership alone (no reorganisation involved).
   * `via` is the sub-ICB location whose ICB membership decided the answer, if any.
   */
  | { readonly kind: "succeeded"; readonly organisation: Organisation; readonly path: readonly Succession[]; readonly via?: Organisation }
  /** Several organisations could have taken over and the data cannot decide: a person must choose. */
  | { readonly kind: "ambiguous"; readonly candidates: readonly Organisation[]; readonly reason: string }
  /** Unknown code, or nothing of the target type was open on the date. */
  | { readonly kind: "unknown"; readonly reason: string };

export interface ResolveOptions {
  /**
   * The type of organisation wanted. Default: the code's own lineage (a CCG's lineage continues
   * as a sub-ICB location; every other type as itself). `"icb"` maps CCGs and sub-ICB locations
   * to ICBs through the sub-ICB location's ICB membership on the date.
   */
  readonly targetType?: OrganisationType;
  /** Only consider the code as this type (e.g. "ccg" for 02Q as the 2021 CCG). */
  readonly type?: OrganisationType;
}

export interface FindOptions {
  readonly type?: OrganisationType;
  /** Prefer the period open on this date; if none is, the period nearest in time to it. */
  readonly on?: string;
}

/** The text of the three reference files. */
export interface ReferenceCsv {
  readonly organisations: string;
  readonly memberships: string;
  readonly successions: string;
}

/** File names (or paths) used in error messages. */
export interface ReferenceFileNames {
  readonly organisations: string;
  readonly memberships: string;
  readonly successions: string;
}

/** Raised for any problem in a reference data file; `file` and `line` say where. */
export class ReferenceDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(line === null ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = "ReferenceDataError";
  }
}
