/**
 * The owner rule of a migration, decided by the organisation reference data: the engine runs
 * migrations knowing only the OwnerResolver it is given, and this is the one S-CRT gives it.
 */
import type { OwnerResolver } from "../engine/index.ts";
import type { ReferenceData } from "./reference-data.ts";
import type { OrganisationType } from "./types.ts";

export function ownerResolverFrom(reference: ReferenceData): OwnerResolver {
  return (code, date, targetType) => {
    const result = reference.resolveOpenOrganisation(code, date, { targetType: targetType as OrganisationType });
    switch (result.kind) {
      case "open":
        return { kind: "same", code: result.organisation.code, rule: `${result.organisation.code} is open on ${date}` };
      case "succeeded": {
        const steps = [code, ...(result.via ? [`sub-ICB location ${result.via.code}`] : []), ...result.path.map((s) => `${s.successorCode} (${s.kind.replace(/_/g, " ")} ${s.effectiveDate})`)];
        const last = steps[steps.length - 1];
        if (!last?.startsWith(result.organisation.code)) steps.push(`ICB ${result.organisation.code}`);
        return { kind: "moved", code: result.organisation.code, rule: steps.join(" → ") };
      }
      case "ambiguous":
        return { kind: "pending", candidates: result.candidates.map((c) => c.code), reason: result.reason };
      case "unknown":
        return { kind: "pending", candidates: [], reason: result.reason };
    }
  };
}
