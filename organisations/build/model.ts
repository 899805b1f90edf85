/**
 * What the build reads from the sources and the rows it writes. The read steps fill the
 * source types, each checked against what was read before it; the derive steps turn them into
 * rows of the three tables.
 */
import { addDays } from "../dates.ts";
import type { OrganisationType, SuccessionKind } from "../types.ts";

/** The configuration the April 2021 ONS lookup describes: CCGs, STPs and regions as of 1 April 2021. */
export const CONFIG_2021_FROM = "2021-04-01";
/** ICBs were established, sub-ICB locations created and CCGs abolished on 1 July 2022. */
export const ICBS_ESTABLISHED = "2022-07-01";
export const CCGS_LAST_DAY = addDays(ICBS_ESTABLISHED, -1);

// ---------------------------------------------------------------------------------------------
// Read from the sources (keyed by ODS code; `line` is where the source defines it)

export interface Region {
  readonly name: string;
  readonly ons: string;
  readonly line: number;
}
export interface Stp {
  readonly name: string;
  readonly ons: string;
  readonly region: string;
  readonly line: number;
}
export interface Ccg {
  readonly name: string;
  readonly ons: string;
  readonly stp: string;
  readonly line: number;
}
export interface SubIcbLocation {
  readonly name: string;
  readonly ons: string;
  readonly icb: string;
  readonly line: number;
}
export interface Icb {
  readonly name: string;
  readonly ons: string;
  readonly region: string;
  readonly line: number;
}
/** A row of the list of the 36 ICBs open from 1 April 2026. */
export interface Icb2026 extends Icb {
  readonly regionName: string;
  readonly status: string;
}

/** April 2021: CCG → STP → region. */
export interface Config2021 {
  readonly ccgs: Map<string, Ccg>;
  readonly stps: Map<string, Stp>;
  readonly regions: Map<string, Region>;
}

/** July 2022: sub-ICB location → ICB → region. */
export interface Config2022 {
  readonly sicbls: Map<string, SubIcbLocation>;
  readonly icbs: Map<string, Icb>;
}

export type IcbSuccessionKind = Extract<SuccessionKind, "merger" | "split" | "acquisition">;

/** A row of the ICB successions file. */
export interface IcbSuccession {
  readonly predecessor: string;
  readonly successor: string;
  readonly date: string;
  readonly kind: IcbSuccessionKind;
  readonly line: number;
}

/** 1 April 2026: which ICBs went, which are new, and who succeeded whom. */
export interface Changes2026 {
  /** In file order. */
  readonly successions: readonly IcbSuccession[];
  readonly successorsOf: Map<string, IcbSuccession[]>;
  readonly icbs26: Map<string, Icb2026>;
  /** ICB code → its succession date (it closed the day before). */
  readonly abolished: Map<string, string>;
  /** ICB code → its open date. */
  readonly newIcbs: Map<string, string>;
  readonly changeDate: string;
}

/** One part of a sub-ICB location divided at practice level, as its note names it. */
export interface PracticeLevelPart {
  readonly icb: string;
  readonly how: "via" | "new";
  readonly sicbl: string;
}

export interface PracticeLevelSplit {
  readonly pred: string;
  readonly note: string;
  readonly parts: readonly PracticeLevelPart[];
}

/** 1 April 2026: where each sub-ICB location of an abolished ICB went. */
export interface Splits2026 {
  /** Sub-ICB location → its ICB from the change date. */
  readonly icbFrom2026: Map<string, string>;
  /** The sub-ICB locations of split ICBs that went whole to one successor. */
  readonly viaRows: readonly { readonly pred: string; readonly succ: string; readonly sicbl: string; readonly note: string }[];
  /** Sub-ICB location → the parts it was divided into. */
  readonly practiceLevel: Map<string, PracticeLevelSplit>;
  /** Sub-ICB locations that a practice-level split created. */
  readonly newSicbls: Map<string, { readonly icb: string; readonly open: string; readonly from: string }>;
}

export interface Sources {
  readonly c21: Config2021;
  readonly c22: Config2022;
  readonly changes: Changes2026;
  readonly splits: Splits2026;
}

// ---------------------------------------------------------------------------------------------
// Written (column names as in the files; "" for an empty field)

export interface OrgRow {
  code: string;
  type: OrganisationType;
  name: string;
  open_date: string;
  close_date: string;
  ons_code: string;
}
export interface MembershipRow {
  child_code: string;
  child_type: OrganisationType;
  parent_code: string;
  parent_type: OrganisationType;
  from_date: string;
  to_date: string;
}
export interface SuccessionRow {
  predecessor_code: string;
  predecessor_type: OrganisationType;
  successor_code: string;
  successor_type: OrganisationType;
  effective_date: string;
  kind: SuccessionKind;
  via_sub_icb_location: string;
  note: string;
}
