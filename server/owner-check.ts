/**
 * The owner organisation must be open on the day of the write (spec: "an ICB submitting data
 * is a current ICB"). When it has closed, the message names its successor(s).
 */
import type { ReferenceData } from "../organisations/index.ts";
import { formatLongDate } from "../engine/index.ts";

export function closedOwnerMessage(reference: ReferenceData, ownerOrg: string, today: string): string | null {
  const org = reference.find(ownerOrg, { on: today });
  if (!org) return `The owning organisation ${ownerOrg} is not in the organisation reference data, so records cannot be written for it.`;
  if (reference.isOpen(ownerOrg, today, org.type)) return null;
  const successors = reference
    .successorsOf(ownerOrg, org.type)
    .filter((s) => !s.viaSubIcbLocation)
    .map((s) => reference.find(s.successorCode, { type: s.successorType, on: today }))
    .filter((o): o is NonNullable<typeof o> => Boolean(o));
  const unique = [...new Map(successors.map((o) => [o.code, o])).values()];
  const closed = org.closeDate ? `closed on ${formatLongDate(org.closeDate)}` : "is not open";
  const next = unique.length
    ? `; ${unique.length === 1 ? "its successor is" : "its successors are"} ${unique.map((o) => `${o.name} (${o.code})`).join(" and ")}`
    : "";
  return `${org.name} (${org.code}) ${closed}${next}. Cases can only be added or changed for a current ${org.type === "icb" ? "ICB" : "organisation"}.`;
}
