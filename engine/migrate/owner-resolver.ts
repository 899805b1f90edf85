/** The owner rule of a migration, decided by the organisation reference data. */
import type { OrganisationType, ReferenceData } from "../reference/organisations.ts";
import type { OwnerResolver } from "./apply-migration.ts";

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
