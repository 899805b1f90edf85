/** The rows of successions.csv: which organisation took over from which, and when, with generated notes. */
import { ICBS_ESTABLISHED, type Sources, type SuccessionRow } from "./model.ts";

/**
 * Notes added by hand to CCG rows, from the shared reference README
 * (/work/shared/reference/README.md, the description of derived/ccg21_to_sicbl22_icb22_crosswalk.csv).
 */
const CURATED_CCG_NOTES: Readonly<Record<string, string>> = {
  "01Y":
    "Glossop's practices moved from Greater Manchester to Derbyshire (source README); a Tameside and Glossop CCG record for a Glossop practice may belong to Derbyshire (Derby and Derbyshire: 15M, ICB QJ2), not QOP",
};

export function deriveSuccessions(sources: Sources): SuccessionRow[] {
  return [...ccgSuccessions(sources), ...icbSuccessions(sources), ...practiceLevelSuccessions(sources)];
}

/** 1 July 2022: each CCG became the sub-ICB location with its code, and so went to that sub-ICB location's ICB. */
function ccgSuccessions({ c21, c22 }: Sources): SuccessionRow[] {
  const rows: SuccessionRow[] = [];
  for (const [code, c] of c21.ccgs) {
    const s = c22.sicbls.get(code);
    if (!s) continue;
    const onsNote = c.ons !== s.ons ? `ONS code changed from ${c.ons} to ${s.ons}` : "";
    rows.push({
      predecessor_code: code,
      predecessor_type: "ccg",
      successor_code: code,
      successor_type: "sub_icb_location",
      effective_date: ICBS_ESTABLISHED,
      kind: "became_sub_icb_location",
      via_sub_icb_location: "",
      note: onsNote,
    });
    const stp = c21.stps.get(c.stp);
    const icb = c22.icbs.get(s.icb);
    const moved: string[] = [];
    if (stp && icb && (c.stp !== s.icb || stp.region !== icb.region)) {
      moved.push(`moved from STP ${c.stp} ${stp.name} (region ${stp.region}) to ICB ${s.icb} ${icb.name} (region ${icb.region})`);
    }
    const curated = CURATED_CCG_NOTES[code];
    if (curated) moved.push(curated);
    rows.push({
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
  return rows;
}

/** 1 April 2026: the ICB successions as in the successions file, plus one row per sub-ICB location of a split ICB. */
function icbSuccessions({ changes, splits }: Sources): SuccessionRow[] {
  const rows: SuccessionRow[] = [];
  for (const { predecessor: pred, successor: succ, kind, date } of changes.successions) {
    let note = "";
    const practice = [...splits.practiceLevel.entries()].find(([, p]) => p.pred === pred);
    if (kind === "split" && practice) note = `${practice[0]} was divided at practice level: a person must choose (see the ${practice[0]} rows)`;
    else if (kind === "split") note = "split by sub-ICB location: see the rows naming via_sub_icb_location";
    else if (kind === "acquisition") note = `${succ} continues with the same code and took over part of ${pred}`;
    rows.push({ predecessor_code: pred, predecessor_type: "icb", successor_code: succ, successor_type: "icb", effective_date: date, kind, via_sub_icb_location: "", note });
  }
  for (const v of splits.viaRows) {
    rows.push({ predecessor_code: v.pred, predecessor_type: "icb", successor_code: v.succ, successor_type: "icb", effective_date: changes.changeDate, kind: "split", via_sub_icb_location: v.sicbl, note: v.note });
  }
  return rows;
}

/** 1 April 2026: a sub-ICB location divided at practice level goes to each part, and a person must choose. */
function practiceLevelSuccessions({ changes, splits }: Sources): SuccessionRow[] {
  const rows: SuccessionRow[] = [];
  for (const [code, split] of splits.practiceLevel) {
    for (const p of split.parts) {
      rows.push({
        predecessor_code: code,
        predecessor_type: "sub_icb_location",
        successor_code: p.sicbl,
        successor_type: "sub_icb_location",
        effective_date: changes.changeDate,
        kind: "split",
        via_sub_icb_location: "",
        note: `practice-level split: some practices went to ${p.how === "new" ? "the new " : ""}${p.sicbl} (${p.icb}); a ${code} record cannot be placed from the code alone, a person must choose`,
      });
    }
  }
  return rows;
}
