/**
 * Turning the derived rows into the text of the three files. The output must be
 * deterministic, so that a rebuild from unchanged sources is byte-identical and a review sees
 * only real changes: rows sorted by the key listed in the README, "\n" line ends, no BOM,
 * fields quoted only when they contain a comma, quote or line break.
 */
import { MEMBERSHIP_COLUMNS, ORGANISATION_COLUMNS, SUCCESSION_COLUMNS } from "../csv.ts";
import { cmp, typeRank as rank } from "../keys.ts";
import type { ReferenceCsv } from "../types.ts";
import type { MembershipRow, OrgRow, SuccessionRow } from "./model.ts";

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(String(row[c]))).join(","));
  return lines.join("\n") + "\n";
}

/** Sorts the rows in place and serialises them. */
export function writeTables(orgs: OrgRow[], memberships: MembershipRow[], successions: SuccessionRow[]): ReferenceCsv {
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
  return {
    organisations: toCsv<OrgRow>(ORGANISATION_COLUMNS, orgs),
    memberships: toCsv<MembershipRow>(MEMBERSHIP_COLUMNS, memberships),
    successions: toCsv<SuccessionRow>(SUCCESSION_COLUMNS, successions),
  };
}
