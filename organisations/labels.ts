/** How organisations are named in messages people read. */
import type { Organisation, OrganisationType } from "./types.ts";

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
