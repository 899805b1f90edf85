/**
 * The real compiled forms the form module's tests run against: S-CRT (forms/s-crt) and the
 * action-plan example (examples/action-plan, which has a repeating group). Test-only: it
 * reads definition files with Node, so nothing in the browser bundle imports it.
 */
import { join } from "node:path";
import { compileCollectionDir, type CompiledForm, PROJECT_ROOT } from "../../../engine/index.ts";

function versionOf(dir: string, version: string): CompiledForm {
  const form = compileCollectionDir(join(PROJECT_ROOT, dir)).find((f) => f.version === version);
  if (!form) throw new Error(`${dir} has no version ${version}`);
  return form;
}

export const scrt: CompiledForm = versionOf("forms/s-crt", "2.0");
export const actionPlan: CompiledForm = versionOf("examples/action-plan", "1.0");

export const TODAY = "2024-09-30";

/** A v2.0 case with only the always-required items answered: an open Serious Incident. */
export function minimalCase(): Record<string, unknown> {
  return {
    status: "open",
    date_added: "2024-03-12",
    designated_professional: "Jo Smith",
    designated_professional_initials: "JS",
    safeguarding_partnership: "Leeds Safeguarding Adults Board",
    steis_or_local_id: "2024/12345",
    review_type: "si",
    incident_date: "2024-03-05",
    brief_overview: "An adult at risk was harmed while in hospital.",
    themes: ["organisational"],
    media_interest: "yes",
  };
}
