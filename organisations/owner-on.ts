/**
 * An owner organisation as it stood on a day: its name, whether it was open, and its NHS
 * England region (for an organisation closed by then, the region it was in when it closed, so
 * a record keeps the region it belonged to).
 */
import type { ReferenceData } from "./reference-data.ts";
import type { OrganisationType } from "./types.ts";

export interface OwnerOnDay {
  code: string;
  name: string;
  type: OrganisationType | null;
  open: boolean;
  region: { code: string; name: string } | null;
}

export function ownerOnDay(reference: ReferenceData, code: string, on: string): OwnerOnDay {
  const org = reference.find(code, { on });
  const region = org ? reference.regionOf(code, org.closeDate && org.closeDate < on ? org.closeDate : on, org.type) : undefined;
  return {
    code,
    name: org?.name ?? code,
    type: org?.type ?? null,
    open: org ? reference.isOpen(code, on, org.type) : false,
    region: region ? { code: region.code, name: region.name } : null,
  };
}
