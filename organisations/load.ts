/**
 * Loading the three reference files (forms/reference/organisations/*.csv, described in the
 * README there) and checking them against each other: dates, keys, allowed parents,
 * overlapping memberships, and successions that go from a closed organisation to an open one.
 *
 * The data lives in CSV files, not in code, so that later reorganisations (more ICB mergers are
 * expected from April 2027) are a data change. `referenceDataFromCsv` does no I/O (usable in a
 * browser); `loadReferenceData(dir)` reads the three files from a directory.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FILE_NAMES, MEMBERSHIP_COLUMNS, ONS_RE, ORGANISATION_COLUMNS, SUCCESSION_COLUMNS, field, parseCode, parseDate, parseType, readCsv } from "./csv.ts";
import { isOpenOn } from "./dates.ts";
import { keyOf, orgKey } from "./keys.ts";
import { ReferenceData } from "./reference-data.ts";
import {
  ReferenceDataError,
  SUCCESSION_KINDS,
  type Membership,
  type Organisation,
  type OrganisationType,
  type ReferenceCsv,
  type ReferenceFileNames,
  type Succession,
  type SuccessionKind,
} from "./types.ts";

/** Which parent types each child type may have. */
const ALLOWED_PARENT_TYPES: Readonly<Record<OrganisationType, readonly OrganisationType[]>> = {
  region: [],
  stp: ["region"],
  ccg: ["stp"],
  sub_icb_location: ["icb"],
  icb: ["region"],
};

function parseOrganisations(text: string, file: string): Organisation[] {
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
  return orgs;
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
    for (const o of [child, parent]) checkWithinPeriod(o, fromDate, toDate, file, row.line);
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

function checkWithinPeriod(o: Organisation, fromDate: string, toDate: string | null, file: string, line: number): void {
  const endsInside = o.closeDate === null || (toDate !== null && toDate <= o.closeDate);
  if (fromDate < o.openDate || !endsInside) {
    throw new ReferenceDataError(
      file,
      line,
      `membership ${fromDate}..${toDate ?? "(open)"} is outside the period of ${o.code} (${o.type}) ${o.openDate}..${o.closeDate ?? "(open)"}`,
    );
  }
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
  const orgs = parseOrganisations(csv.organisations, fileNames.organisations);
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
