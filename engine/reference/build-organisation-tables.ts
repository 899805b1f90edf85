/**
 * Regenerates the normalised organisation reference tables
 *   forms/reference/organisations/{organisations,memberships,successions}.csv
 * from the verbatim source files in forms/reference/organisations/sources/.
 *
 *   npx tsx engine/reference/build-organisation-tables.ts          # write the three files
 *   npx tsx engine/reference/build-organisation-tables.ts --check  # exit 1 if they are out of date
 *
 * Output is deterministic: rows sorted, "\n" line ends, no BOM, fields quoted only when they
 * contain a comma, quote or line break. Every derivation made here is listed in
 * forms/reference/organisations/README.md; keep the two in step.
 *
 * The sources are cross-checked against each other and the build stops (naming file and line)
 * on anything inconsistent, rather than guessing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import {
  FILE_NAMES,
  MEMBERSHIP_COLUMNS,
  ORGANISATION_COLUMNS,
  ORGANISATION_TYPES,
  SUCCESSION_COLUMNS,
  addDays,
  isIsoDate,
  referenceDataFromCsv,
  type OrganisationType,
  type ReferenceCsv,
  type SuccessionKind,
} from "./organisations.ts";

export const ORGANISATIONS_DIR = fileURLToPath(new URL("../../forms/reference/organisations/", import.meta.url));
export const SOURCES_DIR = join(ORGANISATIONS_DIR, "sources");

export const SOURCE_FILES = {
  ccg2021: "ons_ccg21_stp21_nhser21_lookup_april2021.csv",
  sicbl2022: "ons_sicbl22_icb22_nhser22_lookup_july2022.csv",
  icbSuccessions2026: "icb_successions_2026-04-01_ods.csv",
  sicblSplits2026: "sicbl_splits_2026-04-01.csv",
  icbs2026: "icb_2026_36_icbs_from_2026-04-01.csv",
} as const;

/** The configuration the April 2021 ONS lookup describes: CCGs, STPs and regions as of 1 April 2021. */
const CONFIG_2021_FROM = "2021-04-01";
/** ICBs were established, sub-ICB locations created and CCGs abolished on 1 July 2022. */
const ICBS_ESTABLISHED = "2022-07-01";
const CCGS_LAST_DAY = addDays(ICBS_ESTABLISHED, -1);

/**
 * Notes added by hand to CCG rows, from the shared reference README
 * (/work/shared/reference/README.md, the description of derived/ccg21_to_sicbl22_icb22_crosswalk.csv).
 */
const CURATED_CCG_NOTES: Readonly<Record<string, string>> = {
  "01Y":
    "Glossop's practices moved from Greater Manchester to Derbyshire (source README); a Tameside and Glossop CCG record for a Glossop practice may belong to Derbyshire (Derby and Derbyshire: 15M, ICB QJ2), not QOP",
};

// ---------------------------------------------------------------------------------------------
// Reading the sources

interface SourceRow {
  readonly line: number;
  get(column: string): string;
  opt(column: string): string;
}

class SourceError extends Error {
  constructor(file: string, line: number | null, detail: string) {
    super(line === null ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = "SourceError";
  }
}

function readSource(dir: string, file: string, required: readonly string[]): SourceRow[] {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
  const records = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as { info: { lines: number }; record: string[] }[];
  const [header, ...rows] = records;
  if (!header) throw new SourceError(file, null, "empty file");
  const names = header.record.map((h) => h.trim());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) throw new SourceError(file, 1, `missing column(s) ${missing.join(", ")}`);
  return rows.map(({ info, record }) => {
    const line = info.lines - record.reduce((n, v) => n + v.split("\n").length - 1, 0);
    const opt = (column: string): string => (record[names.indexOf(column)] ?? "").trim();
    return {
      line,
      opt,
      get(column: string): string {
        const v = opt(column);
        if (v === "") throw new SourceError(file, line, `empty ${column}`);
        return v;
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Output rows

interface OrgRow {
  code: string;
  type: OrganisationType;
  name: string;
  open_date: string;
  close_date: string;
  ons_code: string;
}
interface MembershipRow {
  child_code: string;
  child_type: OrganisationType;
  parent_code: string;
  parent_type: OrganisationType;
  from_date: string;
  to_date: string;
}
interface SuccessionRow {
  predecessor_code: string;
  predecessor_type: OrganisationType;
  successor_code: string;
  successor_type: OrganisationType;
  effective_date: string;
  kind: SuccessionKind;
  via_sub_icb_location: string;
  note: string;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const rank = (t: OrganisationType): number => ORGANISATION_TYPES.indexOf(t);

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(String(row[c]))).join(","));
  return lines.join("\n") + "\n";
}

/** "NHS Thames Valley Integrated Care Board" → "Thames Valley" */
function icbShortName(icbName: string): string {
  const m = /^NHS (.+) Integrated Care Board$/.exec(icbName);
  if (!m?.[1]) throw new Error(`cannot derive a short name from ICB name ${JSON.stringify(icbName)}`);
  return m[1];
}

// ---------------------------------------------------------------------------------------------
// The build

export interface BuildResult extends ReferenceCsv {
  /** Observations about the sources worth knowing (not errors). */
  readonly notes: readonly string[];
}

export function buildOrganisationTables(sourcesDir: string = SOURCES_DIR): BuildResult {
  const notes: string[] = [];
  const orgs: OrgRow[] = [];
  const memberships: MembershipRow[] = [];
  const successions: SuccessionRow[] = [];

  // --- April 2021: CCG → STP → region ----------------------------------------------------------
  const f21 = SOURCE_FILES.ccg2021;
  const rows21 = readSource(sourcesDir, f21, ["CCG21CD", "CCG21CDH", "CCG21NM", "STP21CD", "STP21CDH", "STP21NM", "NHSER21CD", "NHSER21CDH", "NHSER21NM"]);
  const ccgs = new Map<string, { name: string; ons: string; stp: string; line: number }>();
  const stps = new Map<string, { name: string; ons: string; region: string; line: number }>();
  const regions = new Map<string, { name: string; ons: string; line: number }>();
  for (const r of rows21) {
    const code = r.get("CCG21CDH");
    if (ccgs.has(code)) throw new SourceError(f21, r.line, `CCG ${code} appears twice (first on line ${ccgs.get(code)?.line})`);
    ccgs.set(code, { name: r.get("CCG21NM"), ons: r.get("CCG21CD"), stp: r.get("STP21CDH"), line: r.line });
    sameEveryTime(stps, r.get("STP21CDH"), { name: r.get("STP21NM"), ons: r.get("STP21CD"), region: r.get("NHSER21CDH"), line: r.line }, f21, r.line, "STP");
    sameEveryTime(regions, r.get("NHSER21CDH"), { name: r.get("NHSER21NM"), ons: r.get("NHSER21CD"), line: r.line }, f21, r.line, "region");
  }

  // --- July 2022: sub-ICB location → ICB → region -----------------------------------------------
  const f22 = SOURCE_FILES.sicbl2022;
  const rows22 = readSource(sourcesDir, f22, ["SICBL22CD", "SICBL22CDH", "SICBL22NM", "ICB22CD", "ICB22CDH", "ICB22NM", "NHSER22CD", "NHSER22CDH", "NHSER22NM"]);
  const sicbls = new Map<string, { name: string; ons: string; icb: string; line: number }>();
  const icbs = new Map<string, { name: string; ons: string; region: string; line: number }>();
  const regions22 = new Map<string, { name: string; ons: string; line: number }>();
  for (const r of rows22) {
    const code = r.get("SICBL22CDH");
    if (sicbls.has(code)) throw new SourceError(f22, r.line, `sub-ICB location ${code} appears twice (first on line ${sicbls.get(code)?.line})`);
    sicbls.set(code, { name: r.get("SICBL22NM"), ons: r.get("SICBL22CD"), icb: r.get("ICB22CDH"), line: r.line });
    sameEveryTime(icbs, r.get("ICB22CDH"), { name: r.get("ICB22NM"), ons: r.get("ICB22CD"), region: r.get("NHSER22CDH"), line: r.line }, f22, r.line, "ICB");
    sameEveryTime(regions22, r.get("NHSER22CDH"), { name: r.get("NHSER22NM"), ons: r.get("NHSER22CD"), line: r.line }, f22, r.line, "region");
    const region21 = regions.get(r.get("NHSER22CDH"));
    if (!region21) throw new SourceError(f22, r.line, `region ${r.get("NHSER22CDH")} is not in ${f21}`);
    if (region21.name !== r.get("NHSER22NM")) {
      throw new SourceError(f22, r.line, `region ${r.get("NHSER22CDH")} is called ${JSON.stringify(r.get("NHSER22NM"))} here but ${JSON.stringify(region21.name)} in ${f21}`);
    }
  }
  for (const [code, c] of ccgs) if (!sicbls.has(code)) throw new SourceError(f21, c.line, `CCG ${code} has no sub-ICB location with the same code in ${f22}`);
  for (const [code, s] of sicbls) if (!ccgs.has(code)) throw new SourceError(f22, s.line, `sub-ICB location ${code} has no CCG with the same code in ${f21}`);
  for (const [code, r] of regions22) {
    const r21 = regions.get(code);
    if (r21 && r21.ons !== r.ons) notes.push(`region ${code} ${r.name}: ONS code ${r21.ons} in April 2021, ${r.ons} in July 2022 (organisations.csv keeps ${r21.ons}, the code as at open_date)`);
  }
  for (const [code, s] of sicbls) {
    const c = ccgs.get(code);
    if (c && c.ons !== s.ons) notes.push(`${code}: ONS code ${c.ons} as a CCG, ${s.ons} as a sub-ICB location`);
  }

  // --- 1 April 2026: ICB successions ------------------------------------------------------------
  const fs26 = SOURCE_FILES.icbSuccessions2026;
  const succ26 = readSource(sourcesDir, fs26, ["predecessor_icb_ods", "predecessor_icb_name", "successor_icb_ods", "successor_icb_name", "succession_date", "succession_type"]);
  const fi26 = SOURCE_FILES.icbs2026;
  const icbs26rows = readSource(sourcesDir, fi26, ["ICB_ODS", "ICB_ONS", "ICB_NAME", "NHSER_ODS", "NHSER_NAME", "status"]);
  const icbs26 = new Map<string, { name: string; ons: string; region: string; regionName: string; status: string; line: number }>();
  for (const r of icbs26rows) {
    const code = r.get("ICB_ODS");
    if (icbs26.has(code)) throw new SourceError(fi26, r.line, `ICB ${code} appears twice`);
    const region = r.get("NHSER_ODS");
    const known = regions.get(region);
    if (!known) throw new SourceError(fi26, r.line, `unknown region ${region}`);
    if (known.name !== r.get("NHSER_NAME")) throw new SourceError(fi26, r.line, `region ${region} is called ${JSON.stringify(r.get("NHSER_NAME"))} here but ${JSON.stringify(known.name)} in ${f21}`);
    icbs26.set(code, { name: r.get("ICB_NAME"), ons: r.get("ICB_ONS"), region, regionName: r.get("NHSER_NAME"), status: r.get("status"), line: r.line });
  }

  const successorsOf = new Map<string, { successor: string; date: string; kind: SuccessionKind; line: number }[]>();
  const successorCodes = new Set<string>();
  for (const r of succ26) {
    const pred = r.get("predecessor_icb_ods");
    const succ = r.get("successor_icb_ods");
    const date = r.get("succession_date");
    const kind = r.get("succession_type");
    if (!isIsoDate(date)) throw new SourceError(fs26, r.line, `bad succession_date ${JSON.stringify(date)}`);
    if (kind !== "merger" && kind !== "split" && kind !== "acquisition") throw new SourceError(fs26, r.line, `unknown succession_type ${JSON.stringify(kind)}`);
    const p = icbs.get(pred);
    if (!p) throw new SourceError(fs26, r.line, `predecessor ${pred} is not an ICB in ${f22}`);
    if (`${r.get("predecessor_icb_name")} Integrated Care Board` !== p.name) {
      throw new SourceError(fs26, r.line, `predecessor ${pred} is called ${JSON.stringify(r.get("predecessor_icb_name"))} here but ${JSON.stringify(p.name)} in ${f22}`);
    }
    const s26 = icbs26.get(succ);
    if (!s26) throw new SourceError(fs26, r.line, `successor ${succ} is not in ${fi26}`);
    if (`${r.get("successor_icb_name")} Integrated Care Board` !== s26.name) {
      throw new SourceError(fs26, r.line, `successor ${succ} is called ${JSON.stringify(r.get("successor_icb_name"))} here but ${JSON.stringify(s26.name)} in ${fi26}`);
    }
    const list = successorsOf.get(pred) ?? [];
    if (list.some((x) => x.successor === succ)) throw new SourceError(fs26, r.line, `${pred} → ${succ} appears twice`);
    if (list.some((x) => x.date !== date)) throw new SourceError(fs26, r.line, `${pred} has successions on different dates`);
    list.push({ successor: succ, date, kind, line: r.line });
    successorsOf.set(pred, list);
    successorCodes.add(succ);
  }
  // A predecessor that is not itself a successor (QRL is only a successor) is abolished the day before.
  const abolished = new Map<string, string>(); // ICB code → succession date
  for (const [pred, list] of successorsOf) {
    const first = list[0];
    if (first && !successorCodes.has(pred)) abolished.set(pred, first.date);
  }
  // ICBs that did not exist in July 2022 and appear as successors are new on their succession date.
  const newIcbs = new Map<string, string>(); // code → open date
  for (const r of succ26) {
    const succ = r.get("successor_icb_ods");
    const info = icbs26.get(succ);
    if (icbs.has(succ)) {
      if (abolished.has(succ)) throw new SourceError(fs26, r.line, `successor ${succ} is itself abolished`);
      continue;
    }
    if (!info?.status.startsWith("new")) throw new SourceError(fi26, info?.line ?? null, `${succ} is not in ${f22} but its status is not "new ..."`);
    newIcbs.set(succ, r.get("succession_date"));
  }
  // The 2026 file must list exactly the ICBs open after the changes.
  const dates = [...new Set([...abolished.values()])];
  if (dates.length !== 1) throw new SourceError(fs26, null, `expected one succession date, found ${dates.join(", ")}`);
  const changeDate = dates[0] as string;
  const expectedOpen = new Set([...[...icbs.keys()].filter((c) => !abolished.has(c)), ...newIcbs.keys()]);
  for (const code of expectedOpen) if (!icbs26.has(code)) throw new SourceError(fi26, null, `${code} should be open on ${changeDate} but is not listed`);
  for (const [code, info] of icbs26) {
    if (!expectedOpen.has(code)) throw new SourceError(fi26, info.line, `${code} is listed but should not be open on ${changeDate}`);
    const old = icbs.get(code);
    if (!old) continue;
    if (old.name !== info.name) throw new SourceError(fi26, info.line, `${code} is called ${JSON.stringify(info.name)} here but ${JSON.stringify(old.name)} in ${f22}`);
    if (old.region !== info.region) throw new SourceError(fi26, info.line, `${code} is in region ${info.region} here but ${old.region} in ${f22}`);
    if (old.ons !== info.ons) notes.push(`${code}: ONS code ${old.ons} in July 2022, ${info.ons} in ${fi26} (${info.status}); organisations.csv keeps ${old.ons}`);
  }
  for (const [code, open] of newIcbs) {
    const info = icbs26.get(code);
    if (info && info.status !== `new ${open}`) throw new SourceError(fi26, info.line, `${code} has status ${JSON.stringify(info.status)} but its successions are on ${open}`);
  }

  // --- 1 April 2026: where each sub-ICB location of an abolished ICB went ------------------------
  const fsp = SOURCE_FILES.sicblSplits2026;
  const splitRows = readSource(sourcesDir, fsp, ["sub_icb_location_ods", "predecessor_icb_ods", "successor_icb_ods", "successor_icb_name", "note"]);
  const icbFrom2026 = new Map<string, string>(); // sub-ICB location → its ICB from changeDate
  const viaRows: { pred: string; succ: string; sicbl: string; note: string }[] = [];
  const practiceLevel = new Map<string, { pred: string; note: string; parts: { icb: string; how: "via" | "new"; sicbl: string }[] }>();
  for (const r of splitRows) {
    const code = r.get("sub_icb_location_ods");
    const pred = r.get("predecessor_icb_ods");
    const s = sicbls.get(code);
    if (!s) throw new SourceError(fsp, r.line, `${code} is not a sub-ICB location in ${f22}`);
    if (s.icb !== pred) throw new SourceError(fsp, r.line, `${code} is in ${s.icb} in ${f22}, not ${pred}`);
    const succs = successorsOf.get(pred) ?? [];
    if (succs.length < 2 || !succs.some((x) => x.kind === "split")) throw new SourceError(fsp, r.line, `${pred} is not split in ${fs26}`);
    if (icbFrom2026.has(code) || practiceLevel.has(code)) throw new SourceError(fsp, r.line, `${code} appears twice`);
    const succ = r.opt("successor_icb_ods");
    if (succ !== "") {
      const target = succs.find((x) => x.successor === succ);
      if (!target) throw new SourceError(fsp, r.line, `${succ} is not a successor of ${pred} in ${fs26}`);
      if (target.kind !== "split") throw new SourceError(fsp, r.line, `${pred} → ${succ} is a ${target.kind}, not a split, in ${fs26}`);
      if (`${r.get("successor_icb_name")} Integrated Care Board` !== icbs26.get(succ)?.name) {
        throw new SourceError(fsp, r.line, `${succ} is called ${JSON.stringify(r.get("successor_icb_name"))} here but ${JSON.stringify(icbs26.get(succ)?.name)} in ${fi26}`);
      }
      icbFrom2026.set(code, succ);
      viaRows.push({ pred, succ, sicbl: code, note: r.opt("note") });
      continue;
    }
    // No single successor: the note names, per successor ICB, the sub-ICB location that took the practices.
    const note = r.get("note");
    const parts = [...note.matchAll(/\b([A-Z0-9]{3,5}) NHS [^()]*?\((via|new) ([A-Z0-9]{3,5})\)/g)].map((m) => ({
      icb: m[1] as string,
      how: m[2] as "via" | "new",
      sicbl: m[3] as string,
    }));
    if (parts.length < 2) throw new SourceError(fsp, r.line, `${code} has no successor ICB and its note does not name at least two "ICB NHS name (via|new SICBL)" parts`);
    const succSet = new Set(succs.map((x) => x.successor));
    const named = new Set(parts.map((p) => p.icb));
    for (const p of parts) if (!succSet.has(p.icb)) throw new SourceError(fsp, r.line, `note names ${p.icb}, which is not a successor of ${pred} in ${fs26}`);
    for (const x of succSet) if (!named.has(x)) throw new SourceError(fsp, r.line, `note does not say which sub-ICB location took ${pred}'s practices going to ${x}`);
    practiceLevel.set(code, { pred, note, parts });
  }
  // Every sub-ICB location of an abolished ICB needs exactly one 2026 ICB (or a practice-level split).
  for (const [code, s] of sicbls) {
    if (!abolished.has(s.icb) || icbFrom2026.has(code) || practiceLevel.has(code)) continue;
    const succs = successorsOf.get(s.icb) ?? [];
    const only = succs[0];
    if (succs.length !== 1 || !only) throw new SourceError(f22, s.line, `${code} is in ${s.icb}, which has ${succs.length} successors, but ${fsp} does not say where ${code} went`);
    if (only.kind !== "merger") throw new SourceError(fs26, only.line, `${s.icb} has a single successor but the kind is ${only.kind}`);
    icbFrom2026.set(code, only.successor);
  }
  // Check the practice-level parts against the 2026 ICB of each named sub-ICB location.
  const newSicbls = new Map<string, { icb: string; open: string; from: string }>();
  for (const [code, split] of practiceLevel) {
    for (const p of split.parts) {
      if (p.how === "via") {
        const s = sicbls.get(p.sicbl);
        if (!s) throw new SourceError(fsp, null, `${code} note: ${p.sicbl} is not a sub-ICB location in ${f22}`);
        const icbThen = icbFrom2026.get(p.sicbl) ?? (abolished.has(s.icb) ? undefined : s.icb);
        if (icbThen !== p.icb) throw new SourceError(fsp, null, `${code} note: ${p.sicbl} is in ${icbThen ?? "no ICB"} from ${changeDate}, not ${p.icb}`);
      } else {
        if (sicbls.has(p.sicbl)) throw new SourceError(fsp, null, `${code} note: "new" ${p.sicbl} already exists in ${f22}`);
        newSicbls.set(p.sicbl, { icb: p.icb, open: changeDate, from: code });
      }
    }
  }

  // --- organisations.csv ------------------------------------------------------------------------
  for (const [code, r] of regions) orgs.push({ code, type: "region", name: r.name, open_date: CONFIG_2021_FROM, close_date: "", ons_code: r.ons });
  for (const [code, s] of stps) orgs.push({ code, type: "stp", name: s.name, open_date: CONFIG_2021_FROM, close_date: CCGS_LAST_DAY, ons_code: s.ons });
  for (const [code, c] of ccgs) orgs.push({ code, type: "ccg", name: c.name, open_date: CONFIG_2021_FROM, close_date: CCGS_LAST_DAY, ons_code: c.ons });
  for (const [code, s] of sicbls) {
    const close = practiceLevel.has(code) ? addDays(changeDate, -1) : "";
    orgs.push({ code, type: "sub_icb_location", name: s.name, open_date: ICBS_ESTABLISHED, close_date: close, ons_code: s.ons });
  }
  for (const [code, n] of newSicbls) {
    const icbName = icbs26.get(n.icb)?.name as string;
    orgs.push({ code, type: "sub_icb_location", name: `NHS ${icbShortName(icbName)} ICB - ${code}`, open_date: n.open, close_date: "", ons_code: "" });
  }
  for (const [code, i] of icbs) {
    const gone = abolished.get(code);
    orgs.push({ code, type: "icb", name: i.name, open_date: ICBS_ESTABLISHED, close_date: gone ? addDays(gone, -1) : "", ons_code: i.ons });
  }
  for (const [code, open] of newIcbs) {
    const i = icbs26.get(code);
    if (!i) continue;
    orgs.push({ code, type: "icb", name: i.name, open_date: open, close_date: "", ons_code: i.ons });
  }

  // --- memberships.csv --------------------------------------------------------------------------
  for (const [code, c] of ccgs) memberships.push({ child_code: code, child_type: "ccg", parent_code: c.stp, parent_type: "stp", from_date: CONFIG_2021_FROM, to_date: CCGS_LAST_DAY });
  for (const [code, s] of stps) memberships.push({ child_code: code, child_type: "stp", parent_code: s.region, parent_type: "region", from_date: CONFIG_2021_FROM, to_date: CCGS_LAST_DAY });
  for (const [code, s] of sicbls) {
    const moves = abolished.has(s.icb);
    memberships.push({ child_code: code, child_type: "sub_icb_location", parent_code: s.icb, parent_type: "icb", from_date: ICBS_ESTABLISHED, to_date: moves ? addDays(changeDate, -1) : "" });
    const next = icbFrom2026.get(code);
    if (moves && next) memberships.push({ child_code: code, child_type: "sub_icb_location", parent_code: next, parent_type: "icb", from_date: changeDate, to_date: "" });
  }
  for (const [code, n] of newSicbls) memberships.push({ child_code: code, child_type: "sub_icb_location", parent_code: n.icb, parent_type: "icb", from_date: n.open, to_date: "" });
  for (const [code, i] of icbs) {
    const gone = abolished.get(code);
    memberships.push({ child_code: code, child_type: "icb", parent_code: i.region, parent_type: "region", from_date: ICBS_ESTABLISHED, to_date: gone ? addDays(gone, -1) : "" });
  }
  for (const [code, open] of newIcbs) {
    const i = icbs26.get(code);
    if (i) memberships.push({ child_code: code, child_type: "icb", parent_code: i.region, parent_type: "region", from_date: open, to_date: "" });
  }

  // --- successions.csv --------------------------------------------------------------------------
  for (const [code, c] of ccgs) {
    const s = sicbls.get(code);
    if (!s) continue;
    const onsNote = c.ons !== s.ons ? `ONS code changed from ${c.ons} to ${s.ons}` : "";
    successions.push({
      predecessor_code: code,
      predecessor_type: "ccg",
      successor_code: code,
      successor_type: "sub_icb_location",
      effective_date: ICBS_ESTABLISHED,
      kind: "became_sub_icb_location",
      via_sub_icb_location: "",
      note: onsNote,
    });
    const stp = stps.get(c.stp);
    const icb = icbs.get(s.icb);
    const moved: string[] = [];
    if (stp && icb && (c.stp !== s.icb || stp.region !== icb.region)) {
      moved.push(`moved from STP ${c.stp} ${stp.name} (region ${stp.region}) to ICB ${s.icb} ${icb.name} (region ${icb.region})`);
    }
    const curated = CURATED_CCG_NOTES[code];
    if (curated) moved.push(curated);
    successions.push({
      predecessor_code: code,
      predecessor_type: "ccg",
      successor_code: s.icb,
      successor_type: "icb",
      effective_date: ICBS_ESTABLISHED,
      kind: "transferred_to_icb",
      via_sub_icb_location: code,
      note: moved.join("; "),
    });
  }
  for (const r of succ26) {
    const pred = r.get("predecessor_icb_ods");
    const succ = r.get("successor_icb_ods");
    const kind = r.get("succession_type") as SuccessionKind;
    let note = "";
    const practice = [...practiceLevel.entries()].find(([, p]) => p.pred === pred);
    if (kind === "split" && practice) note = `${practice[0]} was divided at practice level: a person must choose (see the ${practice[0]} rows)`;
    else if (kind === "split") note = "split by sub-ICB location: see the rows naming via_sub_icb_location";
    else if (kind === "acquisition") note = `${succ} continues with the same code and took over part of ${pred}`;
    successions.push({ predecessor_code: pred, predecessor_type: "icb", successor_code: succ, successor_type: "icb", effective_date: r.get("succession_date"), kind, via_sub_icb_location: "", note });
  }
  for (const v of viaRows) {
    successions.push({ predecessor_code: v.pred, predecessor_type: "icb", successor_code: v.succ, successor_type: "icb", effective_date: changeDate, kind: "split", via_sub_icb_location: v.sicbl, note: v.note });
  }
  for (const [code, split] of practiceLevel) {
    for (const p of split.parts) {
      successions.push({
        predecessor_code: code,
        predecessor_type: "sub_icb_location",
        successor_code: p.sicbl,
        successor_type: "sub_icb_location",
        effective_date: changeDate,
        kind: "split",
        via_sub_icb_location: "",
        note: `practice-level split: some practices went to ${p.how === "new" ? "the new " : ""}${p.sicbl} (${p.icb}); a ${code} record cannot be placed from the code alone, a person must choose`,
      });
    }
  }

  // --- sort, write, and check with the loader ---------------------------------------------------
  orgs.sort((a, b) => rank(a.type) - rank(b.type) || cmp(a.code, b.code) || cmp(a.open_date, b.open_date));
  memberships.sort(
    (a, b) =>
      rank(a.child_type) - rank(b.child_type) ||
      cmp(a.child_code, b.child_code) ||
      cmp(a.from_date, b.from_date) ||
      rank(a.parent_type) - rank(b.parent_type) ||
      cmp(a.parent_code, b.parent_code),
  );
  successions.sort(
    (a, b) =>
      cmp(a.effective_date, b.effective_date) ||
      rank(a.predecessor_type) - rank(b.predecessor_type) ||
      cmp(a.predecessor_code, b.predecessor_code) ||
      rank(a.successor_type) - rank(b.successor_type) ||
      cmp(a.successor_code, b.successor_code) ||
      cmp(a.kind, b.kind) ||
      cmp(a.via_sub_icb_location, b.via_sub_icb_location),
  );
  const result: BuildResult = {
    organisations: toCsv<OrgRow>(ORGANISATION_COLUMNS, orgs),
    memberships: toCsv<MembershipRow>(MEMBERSHIP_COLUMNS, memberships),
    successions: toCsv<SuccessionRow>(SUCCESSION_COLUMNS, successions),
    notes,
  };
  referenceDataFromCsv(result); // throws if the tables are not consistent
  return result;
}

function sameEveryTime<T extends { line: number }>(map: Map<string, T>, code: string, value: T, file: string, line: number, what: string): void {
  const prev = map.get(code);
  if (!prev) {
    map.set(code, value);
    return;
  }
  for (const k of Object.keys(value) as (keyof T)[]) {
    if (k === "line") continue;
    if (prev[k] !== value[k]) {
      throw new SourceError(file, line, `${what} ${code} has ${String(k)} ${JSON.stringify(value[k])} here but ${JSON.stringify(prev[k])} on line ${prev.line}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

function main(argv: readonly string[]): number {
  const check = argv.includes("--check");
  const built = buildOrganisationTables();
  let stale = 0;
  for (const key of ["organisations", "memberships", "successions"] as const) {
    const path = join(ORGANISATIONS_DIR, FILE_NAMES[key]);
    let current: string | null = null;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = null;
    }
    if (current === built[key]) {
      console.log(`${FILE_NAMES[key]}: up to date (${built[key].split("\n").length - 2} rows)`);
      continue;
    }
    if (check) {
      console.error(`${FILE_NAMES[key]}: out of date; run npx tsx engine/reference/build-organisation-tables.ts`);
      stale++;
    } else {
      writeFileSync(path, built[key]);
      console.log(`${FILE_NAMES[key]}: written (${built[key].split("\n").length - 2} rows)`);
    }
  }
  for (const n of built.notes) console.log(`note: ${n}`);
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
