/** The rows of organisations.csv: one per organisation period (derivations 1–7 of the README there). */
import { addDays } from "../dates.ts";
import { CCGS_LAST_DAY, CONFIG_2021_FROM, ICBS_ESTABLISHED, type OrgRow, type Sources } from "./model.ts";

export function deriveOrganisations({ c21, c22, changes, splits }: Sources): OrgRow[] {
  const orgs: OrgRow[] = [];
  for (const [code, r] of c21.regions) orgs.push({ code, type: "region", name: r.name, open_date: CONFIG_2021_FROM, close_date: "", ons_code: r.ons });
  for (const [code, s] of c21.stps) orgs.push({ code, type: "stp", name: s.name, open_date: CONFIG_2021_FROM, close_date: CCGS_LAST_DAY, ons_code: s.ons });
  for (const [code, c] of c21.ccgs) orgs.push({ code, type: "ccg", name: c.name, open_date: CONFIG_2021_FROM, close_date: CCGS_LAST_DAY, ons_code: c.ons });
  for (const [code, s] of c22.sicbls) {
    const close = splits.practiceLevel.has(code) ? addDays(changes.changeDate, -1) : "";
    orgs.push({ code, type: "sub_icb_location", name: s.name, open_date: ICBS_ESTABLISHED, close_date: close, ons_code: s.ons });
  }
  for (const [code, n] of splits.newSicbls) {
    const icbName = changes.icbs26.get(n.icb)?.name as string;
    orgs.push({ code, type: "sub_icb_location", name: `NHS ${icbShortName(icbName)} ICB - ${code}`, open_date: n.open, close_date: "", ons_code: "" });
  }
  for (const [code, i] of c22.icbs) {
    const gone = changes.abolished.get(code);
    orgs.push({ code, type: "icb", name: i.name, open_date: ICBS_ESTABLISHED, close_date: gone ? addDays(gone, -1) : "", ons_code: i.ons });
  }
  for (const [code, open] of changes.newIcbs) {
    const i = changes.icbs26.get(code);
    if (!i) continue;
    orgs.push({ code, type: "icb", name: i.name, open_date: open, close_date: "", ons_code: i.ons });
  }
  return orgs;
}

/** "NHS Thames Valley Integrated Care Board" → "Thames Valley", for the derived name of a new sub-ICB location. */
function icbShortName(icbName: string): string {
  const m = /^NHS (.+) Integrated Care Board$/.exec(icbName);
  if (!m?.[1]) throw new Error(`cannot derive a short name from ICB name ${JSON.stringify(icbName)}`);
  return m[1];
}
