/**
 * Reading where each sub-ICB location of an abolished ICB went on 1 April 2026: named in the
 * splits file for the split ICBs, the single successor for an ICB that merged whole, and for
 * a sub-ICB location divided at practice level (D4U1Y), the parts its note names.
 */
import type { Changes2026, Config2022, IcbSuccession, PracticeLevelSplit, Splits2026 } from "./model.ts";
import { SOURCE_FILES, SourceError, readSource, type SourceRow } from "./source-files.ts";

const f22 = SOURCE_FILES.sicbl2022;
const fs26 = SOURCE_FILES.icbSuccessions2026;
const fi26 = SOURCE_FILES.icbs2026;
const fsp = SOURCE_FILES.sicblSplits2026;

type ViaRow = Splits2026["viaRows"][number];

export function readSplits2026(dir: string, c22: Config2022, ch: Changes2026): Splits2026 {
  const rows = readSource(dir, fsp, ["sub_icb_location_ods", "predecessor_icb_ods", "successor_icb_ods", "successor_icb_name", "note"]);
  const icbFrom2026 = new Map<string, string>();
  const viaRows: ViaRow[] = [];
  const practiceLevel = new Map<string, PracticeLevelSplit>();
  for (const r of rows) {
    const code = r.get("sub_icb_location_ods");
    const pred = r.get("predecessor_icb_ods");
    const s = c22.sicbls.get(code);
    if (!s) throw new SourceError(fsp, r.line, `${code} is not a sub-ICB location in ${f22}`);
    if (s.icb !== pred) throw new SourceError(fsp, r.line, `${code} is in ${s.icb} in ${f22}, not ${pred}`);
    const succs = ch.successorsOf.get(pred) ?? [];
    if (succs.length < 2 || !succs.some((x) => x.kind === "split")) throw new SourceError(fsp, r.line, `${pred} is not split in ${fs26}`);
    if (icbFrom2026.has(code) || practiceLevel.has(code)) throw new SourceError(fsp, r.line, `${code} appears twice`);
    const succ = r.opt("successor_icb_ods");
    if (succ !== "") {
      checkSingleSuccessor(r, pred, succ, succs, ch);
      icbFrom2026.set(code, succ);
      viaRows.push({ pred, succ, sicbl: code, note: r.opt("note") });
      continue;
    }
    practiceLevel.set(code, readPracticeLevelNote(r, code, pred, succs));
  }
  assignMergedSubIcbLocations(c22, ch, icbFrom2026, practiceLevel);
  const newSicbls = checkPracticeLevelParts(c22, ch, icbFrom2026, practiceLevel);
  return { icbFrom2026, viaRows, practiceLevel, newSicbls };
}

function checkSingleSuccessor(r: SourceRow, pred: string, succ: string, succs: readonly IcbSuccession[], ch: Changes2026): void {
  const target = succs.find((x) => x.successor === succ);
  if (!target) throw new SourceError(fsp, r.line, `${succ} is not a successor of ${pred} in ${fs26}`);
  if (target.kind !== "split") throw new SourceError(fsp, r.line, `${pred} → ${succ} is a ${target.kind}, not a split, in ${fs26}`);
  if (`${r.get("successor_icb_name")} Integrated Care Board` !== ch.icbs26.get(succ)?.name) {
    throw new SourceError(fsp, r.line, `${succ} is called ${JSON.stringify(r.get("successor_icb_name"))} here but ${JSON.stringify(ch.icbs26.get(succ)?.name)} in ${fi26}`);
  }
}

/** No single successor: the note names, per successor ICB, the sub-ICB location that took the practices. */
function readPracticeLevelNote(r: SourceRow, code: string, pred: string, succs: readonly IcbSuccession[]): PracticeLevelSplit {
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
  return { pred, note, parts };
}

/** Every sub-ICB location of an abolished ICB needs exactly one 2026 ICB (or a practice-level split). */
function assignMergedSubIcbLocations(c22: Config2022, ch: Changes2026, icbFrom2026: Map<string, string>, practiceLevel: Map<string, PracticeLevelSplit>): void {
  for (const [code, s] of c22.sicbls) {
    if (!ch.abolished.has(s.icb) || icbFrom2026.has(code) || practiceLevel.has(code)) continue;
    const succs = ch.successorsOf.get(s.icb) ?? [];
    const only = succs[0];
    if (succs.length !== 1 || !only) throw new SourceError(f22, s.line, `${code} is in ${s.icb}, which has ${succs.length} successors, but ${fsp} does not say where ${code} went`);
    if (only.kind !== "merger") throw new SourceError(fs26, only.line, `${s.icb} has a single successor but the kind is ${only.kind}`);
    icbFrom2026.set(code, only.successor);
  }
}

/** Check the practice-level parts against the 2026 ICB of each named sub-ICB location; returns the new ones. */
function checkPracticeLevelParts(
  c22: Config2022,
  ch: Changes2026,
  icbFrom2026: Map<string, string>,
  practiceLevel: Map<string, PracticeLevelSplit>,
): Splits2026["newSicbls"] {
  const newSicbls: Splits2026["newSicbls"] = new Map();
  for (const [code, split] of practiceLevel) {
    for (const p of split.parts) {
      if (p.how === "via") {
        const s = c22.sicbls.get(p.sicbl);
        if (!s) throw new SourceError(fsp, null, `${code} note: ${p.sicbl} is not a sub-ICB location in ${f22}`);
        const icbThen = icbFrom2026.get(p.sicbl) ?? (ch.abolished.has(s.icb) ? undefined : s.icb);
        if (icbThen !== p.icb) throw new SourceError(fsp, null, `${code} note: ${p.sicbl} is in ${icbThen ?? "no ICB"} from ${ch.changeDate}, not ${p.icb}`);
      } else {
        if (c22.sicbls.has(p.sicbl)) throw new SourceError(fsp, null, `${code} note: "new" ${p.sicbl} already exists in ${f22}`);
        newSicbls.set(p.sicbl, { icb: p.icb, open: ch.changeDate, from: code });
      }
    }
  }
  return newSicbls;
}
