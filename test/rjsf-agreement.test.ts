/**
 * The compiled schema is standard JSON Schema: RJSF's stock Ajv 8 validator
 * (@rjsf/validator-ajv8, with $data and ajv-formats' comparison keywords) reaches the same
 * verdict as the engine's precompiled validator on the same records, and fails the same items.
 */
import { customizeValidator } from "@rjsf/validator-ajv8";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCollectionDir, type CompiledForm, compileRecordValidator, itemPathOf, PROJECT_ROOT, type RecordValidator } from "../engine/index.ts";
import { validCase } from "./server/harness.ts";

let form: CompiledForm;
let engine: RecordValidator;
beforeAll(async () => {
  form = compileCollectionDir(join(PROJECT_ROOT, "forms/s-crt")).find((f) => f.version === "2.0")!;
  engine = (await compileRecordValidator(form)).validate;
});

const records: [string, Record<string, unknown>][] = [
  ["a valid case", validCase()],
  ["a closed case without its date", validCase("X", { status: "closed" })],
  ["date added before the incident", validCase("X", { date_added: "2026-09-01" })],
  ["date closed on the incident date", validCase("X", { status: "closed", date_closed: "2026-09-12" })],
  ["publication before sign-off", validCase("X", { date_report_signed_off: "2026-10-10", publication_date: "2026-10-09" })],
  ["lower-case initials", validCase("X", { designated_professional_initials: "ab" })],
  ["an unknown code", validCase("X", { review_type: "xyz" })],
  ["repeated themes", validCase("X", { themes: ["domestic", "domestic"] })],
  ["other type without its description", validCase("X", { review_type: "other" })],
  ["DHR item on a SAR", validCase("X", { review_type: "sar", icb_chief_nurse_assured: "yes" })],
  ["an unknown item", validCase("X", { colour: "blue" })],
  ["an http link", validCase("X", { report_link: "http://example.org/report" })],
];

describe("RJSF's stock validator agrees with the engine", () => {
  it.each(records)("%s", (_name, data) => {
    const rjsf = customizeValidator({ ajvOptionsOverrides: { $data: true, allErrors: true } });
    const theirs = rjsf.rawValidation(form.schema, data);
    const ours = engine(data, { today: "2026-11-21" });
    const theirErrors = (theirs.errors ?? []).filter((e) => e.keyword !== "if");
    expect(theirErrors.length === 0).toBe(ours.valid);
    const theirItems = new Set(theirErrors.map((e) => itemPathOf(e.keyword === "required" ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.keyword === "additionalProperties" ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.instancePath)));
    expect(theirItems).toEqual(new Set(ours.errors.map((e) => itemPathOf(e.path))));
  });
});
