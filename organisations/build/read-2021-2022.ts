/**
 * Reading the two ONS lookups: April 2021 (CCG → STP → region) and July 2022 (sub-ICB
 * location → ICB → region), and checking them against each other.
 */
import type { Ccg, Config2021, Config2022, Icb, Region, Stp, SubIcbLocation } from "./model.ts";
import { SOURCE_FILES, SourceError, readSource, sameEveryTime } from "./source-files.ts";

const f21 = SOURCE_FILES.ccg2021;
const f22 = SOURCE_FILES.sicbl2022;

export function readConfig2021(dir: string): Config2021 {
  const rows = readSource(dir, f21, ["CCG21CD", "CCG21CDH", "CCG21NM", "STP21CD", "STP21CDH", "STP21NM", "NHSER21CD", "NHSER21CDH", "NHSER21NM"]);
  const ccgs = new Map<string, Ccg>();
  const stps = new Map<string, Stp>();
  const regions = new Map<string, Region>();
  for (const r of rows) {
    const code = r.get("CCG21CDH");
    if (ccgs.has(code)) throw new SourceError(f21, r.line, `CCG ${code} appears twice (first on line ${ccgs.get(code)?.line})`);
    ccgs.set(code, { name: r.get("CCG21NM"), ons: r.get("CCG21CD"), stp: r.get("STP21CDH"), line: r.line });
    sameEveryTime(stps, r.get("STP21CDH"), { name: r.get("STP21NM"), ons: r.get("STP21CD"), region: r.get("NHSER21CDH"), line: r.line }, f21, r.line, "STP");
    sameEveryTime(regions, r.get("NHSER21CDH"), { name: r.get("NHSER21NM"), ons: r.get("NHSER21CD"), line: r.line }, f21, r.line, "region");
  }
  return { ccgs, stps, regions };
}

/** Reads the July 2022 lookup; `notes` gets the ONS codes that changed since April 2021. */
export function readConfig2022(dir: string, c21: Config2021, notes: string[]): Config2022 {
  const rows = readSource(dir, f22, ["SICBL22CD", "SICBL22CDH", "SICBL22NM", "ICB22CD", "ICB22CDH", "ICB22NM", "NHSER22CD", "NHSER22CDH", "NHSER22NM"]);
  const sicbls = new Map<string, SubIcbLocation>();
  const icbs = new Map<string, Icb>();
  const regions22 = new Map<string, Region>();
  for (const r of rows) {
    const code = r.get("SICBL22CDH");
    if (sicbls.has(code)) throw new SourceError(f22, r.line, `sub-ICB location ${code} appears twice (first on line ${sicbls.get(code)?.line})`);
    sicbls.set(code, { name: r.get("SICBL22NM"), ons: r.get("SICBL22CD"), icb: r.get("ICB22CDH"), line: r.line });
    sameEveryTime(icbs, r.get("ICB22CDH"), { name: r.get("ICB22NM"), ons: r.get("ICB22CD"), region: r.get("NHSER22CDH"), line: r.line }, f22, r.line, "ICB");
    sameEveryTime(regions22, r.get("NHSER22CDH"), { name: r.get("NHSER22NM"), ons: r.get("NHSER22CD"), line: r.line }, f22, r.line, "region");
    const region21 = c21.regions.get(r.get("NHSER22CDH"));
    if (!region21) throw new SourceError(f22, r.line, `region ${r.get("NHSER22CDH")} is not in ${f21}`);
    if (region21.name !== r.get("NHSER22NM")) {
      throw new SourceError(f22, r.line, `region ${r.get("NHSER22CDH")} is called ${JSON.stringify(r.get("NHSER22NM"))} here but ${JSON.stringify(region21.name)} in ${f21}`);
    }
  }
  checkSameCodes(c21.ccgs, sicbls);
  noteOnsChanges(c21, regions22, sicbls, notes);
  return { sicbls, icbs };
}

/** Each CCG's ODS code lives on as a sub-ICB location code: the two sets must be the same. */
function checkSameCodes(ccgs: Map<string, Ccg>, sicbls: Map<string, SubIcbLocation>): void {
  for (const [code, c] of ccgs) if (!sicbls.has(code)) throw new SourceError(f21, c.line, `CCG ${code} has no sub-ICB location with the same code in ${f22}`);
  for (const [code, s] of sicbls) if (!ccgs.has(code)) throw new SourceError(f22, s.line, `sub-ICB location ${code} has no CCG with the same code in ${f21}`);
}

function noteOnsChanges(c21: Config2021, regions22: Map<string, Region>, sicbls: Map<string, SubIcbLocation>, notes: string[]): void {
  for (const [code, r] of regions22) {
    const r21 = c21.regions.get(code);
    if (r21 && r21.ons !== r.ons) notes.push(`region ${code} ${r.name}: ONS code ${r21.ons} in April 2021, ${r.ons} in July 2022 (organisations.csv keeps ${r21.ons}, the code as at open_date)`);
  }
  for (const [code, s] of sicbls) {
    const c = c21.ccgs.get(code);
    if (c && c.ons !== s.ons) notes.push(`${code}: ONS code ${c.ons} as a CCG, ${s.ons} as a sub-ICB location`);
  }
}
