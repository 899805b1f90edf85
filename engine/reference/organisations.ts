/**
 * NHS commissioning organisation reference data (regions, STPs, CCGs, sub-ICB locations, ICBs)
 * with open/close dates, parent memberships over time and successions.
 *
 * The data lives in CSV files (forms/reference/organisations/*.csv, described in the README
 * there), not in code, so that later reorganisations (more ICB mergers are expected from
 * April 2027) are a data change. `referenceDataFromCsv` does no I/O (usable in a browser);
 * `loadReferenceData(dir)` reads the three files from a directory.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD). `openDate` is the first day an organisation
 * was operational, `closeDate` the last day (inclusive) or null while it is still open.
 * Membership `toDate` is likewise inclusive.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { isIsoDate } from "../runtime/dates.ts";

// ---------------------------------------------------------------------------------------------
// Types

export type OrganisationType = "region" | "stp" | "ccg" | "sub_icb_location" | "icb";

/** All organisation types, in the order used for sorting (broadest first, then chronology). */
export const ORGANISATION_TYPES: readonly OrganisationType[] = ["region", "stp", "ccg", "sub_icb_location", "icb"];

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

export type SuccessionKind = "became_sub_icb_location" | "transferred_to_icb" | "merger" | "split" | "acquisition";

export const SUCCESSION_KINDS: readonly SuccessionKind[] = ["became_sub_icb_location", "transferred_to_icb", "merger", "split", "acquisition"];

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

// ---------------------------------------------------------------------------------------------
// Column layouts of the three files

export const ORGANISATION_COLUMNS = ["code", "type", "name", "open_date", "close_date", "ons_code"] as const;
export const MEMBERSHIP_COLUMNS = ["child_code", "child_type", "parent_code", "parent_type", "from_date", "to_date"] as const;
export const SUCCESSION_COLUMNS = [
  "predecessor_code",
  "predecessor_type",
  "successor_code",
  "successor_type",
  "effective_date",
  "kind",
  "via_sub_icb_location",
  "note",
] as const;

export const FILE_NAMES = {
  organisations: "organisations.csv",
  memberships: "memberships.csv",
  successions: "successions.csv",
} as const;

/** Which parent types each child type may have. */
const ALLOWED_PARENT_TYPES: Readonly<Record<OrganisationType, readonly OrganisationType[]>> = {
  region: [],
  stp: ["region"],
  ccg: ["stp"],
  sub_icb_location: ["icb"],
  icb: ["region"],
};

// ---------------------------------------------------------------------------------------------
// Dates

export { isIsoDate };

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** The calendar date `days` days after (or before, if negative) `iso`. */
export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);
}

function assertDate(date: string, what = "date"): void {
  if (typeof date !== "string" || !isIsoDate(date)) throw new Error(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

/** Is the organisation operational on `date` (open and close dates inclusive)? */
export function isOpenOn(org: Organisation, date: string): boolean {
  return org.openDate <= date && (org.closeDate === null || date <= org.closeDate);
}

function membershipCovers(m: Membership, date: string): boolean {
  return m.fromDate <= date && (m.toDate === null || date <= m.toDate);
}

/** Days between `date` and the period (0 if inside it). */
function distanceInDays(org: Organisation, date: string): number {
  if (date < org.openDate) return dayNumber(org.openDate) - dayNumber(date);
  if (org.closeDate !== null && date > org.closeDate) return dayNumber(date) - dayNumber(org.closeDate);
  return 0;
}

function clampToPeriod(org: Organisation, date: string): string {
  if (date < org.openDate) return org.openDate;
  if (org.closeDate !== null && date > org.closeDate) return org.closeDate;
  return date;
}

// ---------------------------------------------------------------------------------------------
// Keys and ordering

const typeRank = (t: OrganisationType): number => ORGANISATION_TYPES.indexOf(t);
const keyOf = (code: string, type: OrganisationType): string => `${type}:${code}`;
const orgKey = (o: Organisation): string => keyOf(o.code, o.type);
const normaliseCode = (code: string): string => String(code).trim().toUpperCase();
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Human-readable labels for the organisation types. */
export const TYPE_LABELS: Readonly<Record<OrganisationType, string>> = {
  region: "region",
  stp: "STP",
  ccg: "CCG",
  sub_icb_location: "sub-ICB location",
  icb: "ICB",
};

/** "07H NHS West Essex CCG (CCG)" */
export function describeOrganisation(org: Organisation): string {
  return `${org.code} ${org.name} (${TYPE_LABELS[org.type]})`;
}

// ---------------------------------------------------------------------------------------------
// CSV reading with line numbers

interface CsvRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

function readCsv(text: string, file: string, columns: readonly string[]): CsvRow[] {
  // csv-parse counts lines correctly only with LF line ends; CR LF inside quoted values becomes LF.
  const normalised = text.replace(/\r\n?/g, "\n");
  let parsed: { info: { lines: number }; record: string[] }[];
  try {
    parsed = parse(normalised, { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    throw new ReferenceDataError(file, typeof err.lines === "number" ? err.lines : null, `not valid CSV: ${err.message ?? String(e)}`);
  }
  const [header, ...records] = parsed;
  if (!header) throw new ReferenceDataError(file, null, "file is empty (expected a header row)");
  const names = header.record.map((h) => h.trim());
  const missing = columns.filter((c) => !names.includes(c));
  const unexpected = names.filter((n) => !columns.includes(n));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (missing.length || unexpected.length || dup !== undefined) {
    const parts = [
      missing.length ? `missing column(s) ${missing.join(", ")}` : "",
      unexpected.length ? `unexpected column(s) ${unexpected.join(", ")}` : "",
      dup !== undefined ? `duplicate column ${dup}` : "",
    ].filter(Boolean);
    throw new ReferenceDataError(file, header.info.lines, `bad header: ${parts.join("; ")} (expected ${columns.join(",")})`);
  }
  return records.map(({ info, record }) => {
    const newlinesInside = record.reduce((n, v) => n + (v.split("\n").length - 1), 0);
    const values: Record<string, string> = {};
    names.forEach((n, i) => (values[n] = record[i] ?? ""));
    return { line: info.lines - newlinesInside, values };
  });
}

function field(row: CsvRow, name: string): string {
  return (row.values[name] ?? "").trim();
}

// ---------------------------------------------------------------------------------------------
// Parsing and validating the three files

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

const CODE_RE = /^[A-Z0-9]+$/;
const ONS_RE = /^[A-Z][0-9]{8}$/;

function parseType(row: CsvRow, column: string, file: string): OrganisationType {
  const v = field(row, column);
  if (!(ORGANISATION_TYPES as readonly string[]).includes(v)) {
    throw new ReferenceDataError(file, row.line, `${column} ${JSON.stringify(v)} is not one of ${ORGANISATION_TYPES.join(", ")}`);
  }
  return v as OrganisationType;
}

function parseCode(row: CsvRow, column: string, file: string, optional = false): string | null {
  const v = field(row, column);
  if (v === "" && optional) return null;
  if (!CODE_RE.test(v)) throw new ReferenceDataError(file, row.line, `${column} ${JSON.stringify(v)} is not an ODS code (upper-case letters and digits)`);
  return v;
}

function parseDate(row: CsvRow, column: string, file: string, optional: boolean): string | null {
  const v = field(row, column);
  if (v === "" && optional) return null;
  if (!isIsoDate(v)) throw new ReferenceDataError(file, row.line, `${column} ${JSON.stringify(v)} is not a valid date YYYY-MM-DD`);
  return v;
}

function parseOrganisations(text: string, file: string): { orgs: Organisation[]; lines: Map<string, number> } {
  const orgs: Organisation[] = [];
  const lines = new Map<string, number>();
  for (const row of readCsv(text, file, ORGANISATION_COLUMNS)) {
    const code = parseCode(row, "code", file) as string;
    const type = parseType(row, "type", file);
    const name = field(row, "name");
    if (name === "") throw new ReferenceDataError(file, row.line, "name is empty");
    const openDate = parseDate(row, "open_date", file, false) as string;
    const closeDate = parseDate(row, "close_date", file, true);
    if (closeDate !== null && closeDate < openDate) throw new ReferenceDataError(file, row.line, `close_date ${closeDate} is before open_date ${openDate}`);
    const ons = field(row, "ons_code");
    if (ons !== "" && !ONS_RE.test(ons)) throw new ReferenceDataError(file, row.line, `ons_code ${JSON.stringify(ons)} is not an ONS code like E54000008`);
    const key = keyOf(code, type);
    const previous = lines.get(key);
    if (previous !== undefined) throw new ReferenceDataError(file, row.line, `duplicate organisation ${code} (${type}); first defined on line ${previous}`);
    lines.set(key, row.line);
    orgs.push({ code, type, name, openDate, closeDate, onsCode: ons === "" ? null : ons });
  }
  return { orgs, lines };
}

function parseMemberships(text: string, file: string, orgs: Map<string, Organisation>): Membership[] {
  const out: Membership[] = [];
  const byChild = new Map<string, { m: Membership; line: number }[]>();
  for (const row of readCsv(text, file, MEMBERSHIP_COLUMNS)) {
    const childCode = parseCode(row, "child_code", file) as string;
    const childType = parseType(row, "child_type", file);
    const parentCode = parseCode(row, "parent_code", file) as string;
    const parentType = parseType(row, "parent_type", file);
    const fromDate = parseDate(row, "from_date", file, false) as string;
    const toDate = parseDate(row, "to_date", file, true);
    const child = orgs.get(keyOf(childCode, childType));
    if (!child) throw new ReferenceDataError(file, row.line, `unknown child ${childCode} (${childType}): not in organisations`);
    const parent = orgs.get(keyOf(parentCode, parentType));
    if (!parent) throw new ReferenceDataError(file, row.line, `unknown parent ${parentCode} (${parentType}): not in organisations`);
    if (!ALLOWED_PARENT_TYPES[childType].includes(parentType)) {
      throw new ReferenceDataError(file, row.line, `a ${childType} cannot have a ${parentType} parent`);
    }
    if (toDate !== null && toDate < fromDate) throw new ReferenceDataError(file, row.line, `to_date ${toDate} is before from_date ${fromDate}`);
    for (const o of [child, parent]) {
      const endsInside = o.closeDate === null || (toDate !== null && toDate <= o.closeDate);
      if (fromDate < o.openDate || !endsInside) {
        throw new ReferenceDataError(
          file,
          row.line,
          `membership ${fromDate}..${toDate ?? "(open)"} is outside the period of ${o.code} (${o.type}) ${o.openDate}..${o.closeDate ?? "(open)"}`,
        );
      }
    }
    const m: Membership = { childCode, childType, parentCode, parentType, fromDate, toDate };
    const key = `${keyOf(childCode, childType)}>${parentType}`;
    const list = byChild.get(key) ?? [];
    for (const other of list) {
      const overlaps = other.m.fromDate <= (toDate ?? "9999-12-31") && fromDate <= (other.m.toDate ?? "9999-12-31");
      if (overlaps) {
        throw new ReferenceDataError(file, row.line, `${childCode} (${childType}) already has a ${parentType} parent for part of this period (line ${other.line})`);
      }
    }
    list.push({ m, line: row.line });
    byChild.set(key, list);
    out.push(m);
  }
  return out;
}

function parseSuccessions(text: string, file: string, orgs: Map<string, Organisation>): Succession[] {
  const out: Succession[] = [];
  const seen = new Map<string, number>();
  for (const row of readCsv(text, file, SUCCESSION_COLUMNS)) {
    const predecessorCode = parseCode(row, "predecessor_code", file) as string;
    const predecessorType = parseType(row, "predecessor_type", file);
    const successorCode = parseCode(row, "successor_code", file) as string;
    const successorType = parseType(row, "successor_type", file);
    const effectiveDate = parseDate(row, "effective_date", file, false) as string;
    const kind = field(row, "kind");
    if (!(SUCCESSION_KINDS as readonly string[]).includes(kind)) {
      throw new ReferenceDataError(file, row.line, `kind ${JSON.stringify(kind)} is not one of ${SUCCESSION_KINDS.join(", ")}`);
    }
    const via = parseCode(row, "via_sub_icb_location", file, true);
    const note = field(row, "note");
    const pred = orgs.get(keyOf(predecessorCode, predecessorType));
    if (!pred) throw new ReferenceDataError(file, row.line, `unknown predecessor ${predecessorCode} (${predecessorType}): not in organisations`);
    const succ = orgs.get(keyOf(successorCode, successorType));
    if (!succ) throw new ReferenceDataError(file, row.line, `unknown successor ${successorCode} (${successorType}): not in organisations`);
    if (via !== null && !orgs.has(keyOf(via, "sub_icb_location"))) {
      throw new ReferenceDataError(file, row.line, `unknown via_sub_icb_location ${via}: not a sub-ICB location in organisations`);
    }
    if (isOpenOn(pred, effectiveDate)) {
      throw new ReferenceDataError(file, row.line, `predecessor ${predecessorCode} (${predecessorType}) is still open on the effective date ${effectiveDate}`);
    }
    if (!isOpenOn(succ, effectiveDate)) {
      throw new ReferenceDataError(file, row.line, `successor ${successorCode} (${successorType}) is not open on the effective date ${effectiveDate}`);
    }
    const key = [predecessorType, predecessorCode, successorType, successorCode, effectiveDate, kind, via ?? ""].join("|");
    const previous = seen.get(key);
    if (previous !== undefined) throw new ReferenceDataError(file, row.line, `duplicate succession (same as line ${previous})`);
    seen.set(key, row.line);
    out.push({
      predecessorCode,
      predecessorType,
      successorCode,
      successorType,
      effectiveDate,
      kind: kind as SuccessionKind,
      viaSubIcbLocation: via,
      note: note === "" ? null : note,
    });
  }
  return out;
}

/**
 * Build {@link ReferenceData} from the text of the three CSV files. No I/O. Throws
 * {@link ReferenceDataError} (message "<file> line <n>: ...") on any problem in the data.
 */
export function referenceDataFromCsv(csv: ReferenceCsv, fileNames: ReferenceFileNames = FILE_NAMES): ReferenceData {
  const { orgs } = parseOrganisations(csv.organisations, fileNames.organisations);
  const byKey = new Map(orgs.map((o) => [orgKey(o), o]));
  const memberships = parseMemberships(csv.memberships, fileNames.memberships, byKey);
  const successions = parseSuccessions(csv.successions, fileNames.successions, byKey);
  return new ReferenceData(orgs, memberships, successions);
}

/** Read organisations.csv, memberships.csv and successions.csv from `dir`. */
export function loadReferenceData(dir: string): ReferenceData {
  const paths = {
    organisations: join(dir, FILE_NAMES.organisations),
    memberships: join(dir, FILE_NAMES.memberships),
    successions: join(dir, FILE_NAMES.successions),
  };
  const read = (p: string): string => {
    try {
      return readFileSync(p, "utf8");
    } catch (e) {
      throw new ReferenceDataError(p, null, `cannot read file: ${(e as Error).message}`);
    }
  };
  return referenceDataFromCsv(
    { organisations: read(paths.organisations), memberships: read(paths.memberships), successions: read(paths.successions) },
    paths,
  );
}

// ---------------------------------------------------------------------------------------------
// Queries

interface Reached {
  readonly org: Organisation;
  readonly path: readonly Succession[];
}

export class ReferenceData {
  readonly organisations: readonly Organisation[];
  readonly memberships: readonly Membership[];
  readonly successions: readonly Succession[];

  readonly #byCode = new Map<string, Organisation[]>();
  readonly #byKey = new Map<string, Organisation>();
  readonly #parents = new Map<string, Membership[]>();
  readonly #children = new Map<string, Membership[]>();
  readonly #successorsOf = new Map<string, Succession[]>();
  readonly #predecessorsOf = new Map<string, Succession[]>();

  constructor(organisations: readonly Organisation[], memberships: readonly Membership[], successions: readonly Succession[]) {
    this.organisations = Object.freeze([...organisations]);
    this.memberships = Object.freeze([...memberships]);
    this.successions = Object.freeze([...successions]);
    for (const o of this.organisations) {
      push(this.#byCode, o.code, o);
      this.#byKey.set(orgKey(o), o);
    }
    for (const m of this.memberships) {
      push(this.#parents, keyOf(m.childCode, m.childType), m);
      push(this.#children, keyOf(m.parentCode, m.parentType), m);
    }
    for (const list of this.#parents.values()) list.sort((a, b) => cmp(a.fromDate, b.fromDate));
    for (const s of this.successions) {
      push(this.#successorsOf, keyOf(s.predecessorCode, s.predecessorType), s);
      push(this.#predecessorsOf, keyOf(s.successorCode, s.successorType), s);
    }
  }

  /** Every period recorded for a code (any type unless `type` is given). Case-insensitive. */
  findAll(code: string, type?: OrganisationType): Organisation[] {
    const all = this.#byCode.get(normaliseCode(code)) ?? [];
    return all.filter((o) => type === undefined || o.type === type);
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
    return this.#byKey.get(keyOf(normaliseCode(code), type));
  }

  /** Is there a period for this code (and type, if given) that is open on `date`? */
  isOpen(code: string, date: string, type?: OrganisationType): boolean {
    assertDate(date);
    return this.findAll(code, type).some((o) => isOpenOn(o, date));
  }

  /** The parent of the given type that `child` belongs to on `date`, if any. */
  parentOf(child: Organisation, parentType: OrganisationType, date: string): Organisation | undefined {
    assertDate(date);
    const m = (this.#parents.get(orgKey(child)) ?? []).find((x) => x.parentType === parentType && membershipCovers(x, date));
    return m ? this.#byKey.get(keyOf(m.parentCode, m.parentType)) : undefined;
  }

  /** Members of `parent` on `date` (optionally only of one type), sorted by code. */
  childrenOf(parent: Organisation, date: string, childType?: OrganisationType): Organisation[] {
    assertDate(date);
    return (this.#children.get(orgKey(parent)) ?? [])
      .filter((m) => membershipCovers(m, date) && (childType === undefined || m.childType === childType))
      .map((m) => this.#byKey.get(keyOf(m.childCode, m.childType)))
      .filter((o): o is Organisation => o !== undefined)
      .sort((a, b) => cmp(a.code, b.code));
  }

  /** Membership history of an organisation (all parents over time), oldest first. */
  membershipsOf(child: Organisation): Membership[] {
    return [...(this.#parents.get(orgKey(child)) ?? [])];
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
        const sicbl = this.#subIcbLocationOfCcg(org);
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
        return icb ? this.#regionOfIcb(icb, date) : undefined;
      }
      case "sub_icb_location": {
        const icb = this.parentOf(org, "icb", date);
        return icb ? this.#regionOfIcb(icb, date) : undefined;
      }
      case "icb":
        return this.#regionOfIcb(org, date);
    }
  }

  /** Direct successors of a code (all its types unless `type` is given), by effective date then code. */
  successorsOf(code: string, type?: OrganisationType): Succession[] {
    return this.findAll(code, type)
      .flatMap((o) => this.#successorsOf.get(orgKey(o)) ?? [])
      .sort(compareSuccessions);
  }

  /** Direct predecessors of a code (all its types unless `type` is given). */
  predecessorsOf(code: string, type?: OrganisationType): Succession[] {
    return this.findAll(code, type)
      .flatMap((o) => this.#predecessorsOf.get(orgKey(o)) ?? [])
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
    const all = this.findAll(code, opts.type);
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
    if (wanted === "icb" && (start.type === "ccg" || start.type === "sub_icb_location")) return this.#resolveToIcbThroughSubIcbLocation(start, date);
    if (wanted === "region") return this.#resolveToRegion(start, date);
    return this.#resolveBySuccession(start, date, wanted);
  }

  // -------------------------------------------------------------------------------------------

  #regionOfIcb(icb: Organisation, date: string): Organisation | undefined {
    return this.parentOf(icb, "region", clampToPeriod(icb, date));
  }

  #subIcbLocationOfCcg(ccg: Organisation): Organisation | undefined {
    const s = (this.#successorsOf.get(orgKey(ccg)) ?? []).find((x) => x.kind === "became_sub_icb_location");
    return s ? this.#byKey.get(keyOf(s.successorCode, s.successorType)) : undefined;
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
        const out = (this.#successorsOf.get(orgKey(r.org)) ?? []).filter((s) => s.effectiveDate <= date).sort(compareSuccessions);
        if (out.length === 0) deadEnds.push(r.org);
        for (const s of out) {
          const key = keyOf(s.successorCode, s.successorType);
          const org = this.#byKey.get(key);
          if (!org || seen.has(key)) continue;
          seen.add(key);
          next.push({ org, path: [...r.path, s] });
        }
      }
      frontier = next;
    }
    return { found: [...found.values()].sort((a, b) => cmp(a.org.code, b.org.code)), deadEnds };
  }

  #resolveBySuccession(start: Organisation, date: string, wanted: OrganisationType): Resolution {
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

  #resolveToIcbThroughSubIcbLocation(start: Organisation, date: string): Resolution {
    let sicbl: Organisation | undefined = start;
    let prefix: Succession[] = [];
    if (start.type === "ccg") {
      sicbl = this.#subIcbLocationOfCcg(start);
      const transfer = (this.#successorsOf.get(orgKey(start)) ?? []).find((s) => s.kind === "transferred_to_icb");
      if (transfer) prefix = [transfer];
      if (!sicbl) return this.#resolveBySuccession(start, date, "icb");
    }
    if (date < sicbl.openDate) {
      return { kind: "unknown", reason: `no ICB existed for ${describeOrganisation(start)} on ${date}: ${describeOrganisation(sicbl)} and its ICB start on ${sicbl.openDate}` };
    }
    // The sub-ICB location itself, or its successors if it has closed.
    const locations: Reached[] = isOpenOn(sicbl, date) ? [{ org: sicbl, path: [] }] : this.#reach(sicbl, date, "sub_icb_location").found;
    const byIcb = new Map<string, { icb: Organisation; via: Organisation; path: Succession[] }>();
    const branches: string[] = [];
    for (const loc of locations) {
      const icb = this.parentOf(loc.org, "icb", date);
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
    const ms = (this.#parents.get(orgKey(sicbl)) ?? []).filter((m) => m.parentType === "icb");
    const path: Succession[] = [];
    for (let i = 1; i < ms.length; i++) {
      const prev = ms[i - 1] as Membership;
      const cur = ms[i] as Membership;
      if (cur.fromDate <= after || cur.fromDate > date) continue;
      const candidates = (this.#successorsOf.get(keyOf(prev.parentCode, "icb")) ?? []).filter(
        (s) => s.successorType === "icb" && s.successorCode === cur.parentCode && s.effectiveDate === cur.fromDate,
      );
      const s = candidates.find((x) => x.viaSubIcbLocation === sicbl.code) ?? candidates.find((x) => x.viaSubIcbLocation === null);
      if (s) path.push(s);
    }
    return path;
  }

  #resolveToRegion(start: Organisation, date: string): Resolution {
    if (isOpenOn(start, date)) {
      const region = this.regionOf(start.code, date, start.type);
      return region ? { kind: "succeeded", organisation: region, path: [] } : { kind: "unknown", reason: `${describeOrganisation(start)} has no region on ${date}` };
    }
    if (start.type === "stp" || start.type === "region") return this.#resolveBySuccession(start, date, "region");
    const viaIcb = this.resolveOpenOrganisation(start.code, date, { type: start.type, targetType: "icb" });
    if (viaIcb.kind === "unknown") return viaIcb;
    const icbs = viaIcb.kind === "ambiguous" ? viaIcb.candidates : [viaIcb.organisation];
    const regions = new Map<string, Organisation>();
    for (const icb of icbs) {
      const r = this.#regionOfIcb(icb, date);
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
    const vias = (this.#successorsOf.get(orgKey(start)) ?? [])
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compareSuccessions(a: Succession, b: Succession): number {
  return (
    cmp(a.effectiveDate, b.effectiveDate) ||
    typeRank(a.successorType) - typeRank(b.successorType) ||
    cmp(a.successorCode, b.successorCode) ||
    cmp(a.viaSubIcbLocation ?? "", b.viaSubIcbLocation ?? "")
  );
}

/** The period open on `date`; else the one nearest in time (later one on a tie); undefined if none. */
function pickFor(periods: readonly Organisation[], date: string): Organisation | undefined {
  let best: Organisation | undefined;
  let bestDistance = Infinity;
  for (const o of periods) {
    const d = distanceInDays(o, date);
    if (
      best === undefined ||
      d < bestDistance ||
      (d === bestDistance && (o.openDate > best.openDate || (o.openDate === best.openDate && typeRank(o.type) > typeRank(best.type))))
    ) {
      best = o;
      bestDistance = d;
    }
  }
  return best;
}
