/** The rows of memberships.csv: which parent each organisation belonged to, and when. */
import { addDays } from "../dates.ts";
import { CCGS_LAST_DAY, CONFIG_2021_FROM, ICBS_ESTABLISHED, type MembershipRow, type Sources } from "./model.ts";

export function deriveMemberships({ c21, c22, changes, splits }: Sources): MembershipRow[] {
  const memberships: MembershipRow[] = [];
  for (const [code, c] of c21.ccgs) memberships.push({ child_code: code, child_type: "ccg", parent_code: c.stp, parent_type: "stp", from_date: CONFIG_2021_FROM, to_date: CCGS_LAST_DAY });
  for (const [code, s] of c21.stps) memberships.push({ child_code: code, child_type: "stp", parent_code: s.region, parent_type: "region", from_date: CONFIG_2021_FROM, to_date: CCGS_LAST_DAY });
  for (const [code, s] of c22.sicbls) {
    const moves = changes.abolished.has(s.icb);
    memberships.push({ child_code: code, child_type: "sub_icb_location", parent_code: s.icb, parent_type: "icb", from_date: ICBS_ESTABLISHED, to_date: moves ? addDays(changes.changeDate, -1) : "" });
    const next = splits.icbFrom2026.get(code);
    if (moves && next) memberships.push({ child_code: code, child_type: "sub_icb_location", parent_code: next, parent_type: "icb", from_date: changes.changeDate, to_date: "" });
  }
  for (const [code, n] of splits.newSicbls) memberships.push({ child_code: code, child_type: "sub_icb_location", parent_code: n.icb, parent_type: "icb", from_date: n.open, to_date: "" });
  for (const [code, i] of c22.icbs) {
    const gone = changes.abolished.get(code);
    memberships.push({ child_code: code, child_type: "icb", parent_code: i.region, parent_type: "region", from_date: ICBS_ESTABLISHED, to_date: gone ? addDays(gone, -1) : "" });
  }
  for (const [code, open] of changes.newIcbs) {
    const i = changes.icbs26.get(code);
    if (i) memberships.push({ child_code: code, child_type: "icb", parent_code: i.region, parent_type: "region", from_date: open, to_date: "" });
  }
  return memberships;
}
