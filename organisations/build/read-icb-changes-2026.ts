/**
 * Reading the ICB changes of 1 April 2026: the successions file and the list of the 36 ICBs
 * open afterwards, checked against the July 2022 lookup and each other, and from them which
 * ICBs were abolished and which are new.
 */
import { isIsoDate } from "../dates.ts";
import type { Changes2026, Config2021, Config2022, Icb, Icb2026, IcbSuccession, Region } from "./model.ts";
import { SOURCE_FILES, SourceError, readSource, type SourceRow } from "./source-files.ts";

const f21 = SOURCE_FILES.ccg2021;
const f22 = SOURCE_FILES.sicbl2022;
const fs26 = SOURCE_FILES.icbSuccessions2026;
const fi26 = SOURCE_FILES.icbs2026;

/** Reads both files; `notes` gets the ONS codes of unchanged ICBs that differ from July 2022. */
export function readIcbChanges2026(dir: string, c21: Config2021, c22: Config2022, notes: string[]): Changes2026 {
  const succRows = readSource(dir, fs26, ["predecessor_icb_ods", "predecessor_icb_name", "successor_icb_ods", "successor_icb_name", "succession_date", "succession_type"]);
  const icbRows = readSource(dir, fi26, ["ICB_ODS", "ICB_ONS", "ICB_NAME", "NHSER_ODS", "NHSER_NAME", "status"]);
  const icbs26 = readIcbs2026(icbRows, c21.regions);
  const { successions, successorsOf, successorCodes } = readSuccessions(succRows, c22.icbs, icbs26);
  // A predecessor that is not itself a successor (QRL is only a successor) is abolished the day before.
  const abolished = new Map<string, string>();
  for (const [pred, list] of successorsOf) {
    const first = list[0];
    if (first && !successorCodes.has(pred)) abolished.set(pred, first.date);
  }
  const newIcbs = newIcbsOf(successions, c22.icbs, icbs26, abolished);
  const changeDate = checkOpenAfterChange(c22.icbs, icbs26, abolished, newIcbs, notes);
  return { successions, successorsOf, icbs26, abolished, newIcbs, changeDate };
}

function readIcbs2026(rows: readonly SourceRow[], regions: Map<string, Region>): Map<string, Icb2026> {
  const icbs26 = new Map<string, Icb2026>();
  for (const r of rows) {
    const code = r.get("ICB_ODS");
    if (icbs26.has(code)) throw new SourceError(fi26, r.line, `ICB ${code} appears twice`);
    const region = r.get("NHSER_ODS");
    const known = regions.get(region);
    if (!known) throw new SourceError(fi26, r.line, `unknown region ${region}`);
    if (known.name !== r.get("NHSER_NAME")) throw new SourceError(fi26, r.line, `region ${region} is called ${JSON.stringify(r.get("NHSER_NAME"))} here but ${JSON.stringify(known.name)} in ${f21}`);
    icbs26.set(code, { name: r.get("ICB_NAME"), ons: r.get("ICB_ONS"), region, regionName: r.get("NHSER_NAME"), status: r.get("status"), line: r.line });
  }
  return icbs26;
}

function readSuccessions(
  rows: readonly SourceRow[],
  icbs: Map<string, Icb>,
  icbs26: Map<string, Icb2026>,
): { successions: IcbSuccession[]; successorsOf: Map<string, IcbSuccession[]>; successorCodes: Set<string> } {
  const successions: IcbSuccession[] = [];
  const successorsOf = new Map<string, IcbSuccession[]>();
  const successorCodes = new Set<string>();
  for (const r of rows) {
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
    const s: IcbSuccession = { predecessor: pred, successor: succ, date, kind, line: r.line };
    list.push(s);
    successorsOf.set(pred, list);
    successorCodes.add(succ);
    successions.push(s);
  }
  return { successions, successorsOf, successorCodes };
}

/** ICBs that did not exist in July 2022 and appear as successors are new on their succession date. */
function newIcbsOf(successions: readonly IcbSuccession[], icbs: Map<string, Icb>, icbs26: Map<string, Icb2026>, abolished: Map<string, string>): Map<string, string> {
  const newIcbs = new Map<string, string>();
  for (const s of successions) {
    const info = icbs26.get(s.successor);
    if (icbs.has(s.successor)) {
      if (abolished.has(s.successor)) throw new SourceError(fs26, s.line, `successor ${s.successor} is itself abolished`);
      continue;
    }
    if (!info?.status.startsWith("new")) throw new SourceError(fi26, info?.line ?? null, `${s.successor} is not in ${f22} but its status is not "new ..."`);
    newIcbs.set(s.successor, s.date);
  }
  return newIcbs;
}

/** The 2026 file must list exactly the ICBs open after the changes; returns the one change date. */
function checkOpenAfterChange(icbs: Map<string, Icb>, icbs26: Map<string, Icb2026>, abolished: Map<string, string>, newIcbs: Map<string, string>, notes: string[]): string {
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
  return changeDate;
}
