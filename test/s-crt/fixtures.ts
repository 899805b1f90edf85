/**
 * Shared fixtures for the S-CRT data-standard tests (../../../shared/standard/s-crt-data-items.md):
 * the compiled v2.0 and v1.0 forms and their validators, built through the real code path
 * (definitions → compiled form → precompiled standalone validator module → record validator),
 * complete valid records for each version, and assertion helpers.
 *
 * Every validation here passes an explicit "today" so no test depends on the real date.
 */
import { join } from "node:path";
import { expect } from "vitest";
import { compileCollectionDir, type CompiledForm, compileRecordValidator, PROJECT_ROOT, type RecordValidator, type ValidationResult } from "../../engine/index.ts";

/** The date of every write in these tests (a Monday), unless a test says otherwise. */
export const TODAY = "2024-09-30";
/** The day after TODAY. */
export const TOMORROW = "2024-10-01";

export type Data = Record<string, unknown>;

export const forms: CompiledForm[] = compileCollectionDir(join(PROJECT_ROOT, "forms/s-crt"));

export function formOf(version: "1.0" | "2.0"): CompiledForm {
  const form = forms.find((f) => f.version === version);
  if (!form) throw new Error(`forms/s-crt has no version ${version}`);
  return form;
}

async function validatorOf(version: "1.0" | "2.0"): Promise<RecordValidator> {
  const form = formOf(version);
  return (await compileRecordValidator(form)).validate;
}

const validatorV2 = await validatorOf("2.0");
const validatorV1 = await validatorOf("1.0");

/** Validates against version 2.0 on the given day (default TODAY). */
export function validateV2(data: unknown, today: string = TODAY): ValidationResult {
  return validatorV2(data, { today });
}

/** Validates against version 1.0 on the given day (default TODAY). */
export function validateV1(data: unknown, today: string = TODAY): ValidationResult {
  return validatorV1(data, { today });
}

/**
 * A complete, valid v2.0 record: every item answered. Closed case, a Domestic Homicide Review
 * (so both DHR-only items may be answered), with a latest update and its date.
 * Returns a fresh copy each time.
 */
export function validV2(): Data {
  return {
    status: "closed",
    date_added: "2024-03-12",
    date_closed: "2024-09-20",
    designated_professional: "Jo Smith",
    designated_professional_initials: "JS",
    safeguarding_partnership: "Leeds Safeguarding Adults Board",
    steis_or_local_id: "2024/12345",
    review_type: "dhr",
    incident_date: "2024-03-05",
    brief_overview: "An adult at risk died following a period of domestic abuse.",
    themes: ["domestic", "psychological"],
    media_interest: "no",
    latest_update: "Panel met; draft report circulated to partners.",
    date_of_update: "2024-06-14",
    date_report_signed_off: "2024-07-01",
    publication_date: "2024-08-01",
    report_link: "https://www.example.org/reports/dhr-2024-01.pdf",
    organisational_learning: "Routine enquiry about domestic abuse was not made.",
    lessons_learned: "Information sharing between GP and police was slow.",
    recommendations: "Embed routine enquiry in primary care.",
    icb_chief_nurse_assured: "yes",
    regional_chief_nurse_accepted: "no",
  };
}

/** A v2.0 record with only the always-required items: an open Serious Incident. */
export function minimalV2(): Data {
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

/**
 * A complete, valid v1.0 record: every item answered. Closed Serious Case Review (a v1.0-only
 * code), report link on plain http:// (allowed by v1.0). Returns a fresh copy each time.
 */
export function validV1(): Data {
  return {
    status: "closed",
    incident_date: "2021-03-05",
    date_added: "2021-03-12",
    date_closed: "2021-09-20",
    brief_overview: "A child was seriously harmed; agencies missed several opportunities.",
    themes: ["neglect", "was_not_brought"],
    media_interest: "no",
    latest_update: "Author appointed.",
    date_report_signed_off: "2021-07-01",
    publication_date: "2021-08-01",
    report_link: "http://www.example.org/reports/scr-2021-01.pdf",
    designated_partnership: "Leeds Safeguarding Children Partnership",
    steis_or_local_id: "2021/54321",
    review_type: "scr",
    lessons_learned_recommendations: "Follow up missed health appointments for children.",
    review_publicity: "public",
  };
}

/** A v1.0 record with only the always-required items: an open Safeguarding Adult Review. */
export function minimalV1(): Data {
  return {
    status: "open",
    incident_date: "2021-03-05",
    date_added: "2021-03-12",
    brief_overview: "An adult at risk died in a care home.",
    themes: ["organisational"],
    media_interest: "yes",
    designated_partnership: "Leeds Safeguarding Adults Board",
    steis_or_local_id: "LOCAL-0001",
    review_type: "sar",
  };
}

/** A copy of the record with some answers replaced or added. */
export function withAnswers(data: Data, patch: Data): Data {
  return { ...structuredClone(data), ...structuredClone(patch) };
}

/** A copy of the record without the given items. */
export function without(data: Data, ...keys: string[]): Data {
  const copy = structuredClone(data);
  for (const k of keys) delete copy[k];
  return copy;
}

/** n characters of text. */
export function text(n: number): string {
  return "a".repeat(n);
}

/** Phrases of Ajv's own messages, which must never reach a person. */
const AJV_PHRASES = [
  /must match/i,
  /must NOT/,
  /must have required property/i,
  /must be equal to/i,
  /must be (string|array|object|number|integer|boolean|null)\b/i,
  /must pass/i,
  /must be [<>]=?/,
  /should be [<>]=?/,
  /allowed values/i,
  /additional properties/i,
  /#\//,
  /\{other\}|\{today\}|\{choice\}/,
  /\bundefined\b|\bnull\b|\bNaN\b/,
];

/** A message a person understands: a sentence, no Ajv wording, no placeholders. */
export function expectHumanMessage(message: string): void {
  expect(typeof message).toBe("string");
  expect(message.trim().length, "message is empty").toBeGreaterThan(5);
  expect(message[0], `message should start with a capital: ${message}`).toMatch(/[A-Z"]/);
  for (const phrase of AJV_PHRASES) expect(message, `message is not human: ${message}`).not.toMatch(phrase);
}

/** The record is valid and there are no errors. */
export function expectValid(result: ValidationResult): void {
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

/**
 * The record is invalid, with exactly one error, at this JSON pointer, with this code; its
 * message is human and (when given) contains messagePart (a string, or every string of a list).
 */
export function expectOnlyError(result: ValidationResult, path: string, code: string, messagePart?: string | string[]): void {
  expect(result.valid).toBe(false);
  expect(result.errors.map((e) => ({ path: e.path, code: e.code }))).toEqual([{ path, code }]);
  const message = result.errors[0]!.message;
  expectHumanMessage(message);
  for (const part of messagePart === undefined ? [] : Array.isArray(messagePart) ? messagePart : [messagePart]) {
    expect(message).toContain(part);
  }
}

/** The record is invalid with exactly these errors (path and code, in the validator's order), all with human messages. */
export function expectErrors(result: ValidationResult, expected: [path: string, code: string][]): void {
  expect(result.valid).toBe(false);
  expect(result.errors.map((e) => [e.path, e.code])).toEqual(expected);
  for (const e of result.errors) expectHumanMessage(e.message);
}

/** The message of the error at this path (fails if there is none). */
export function messageAt(result: ValidationResult, path: string): string {
  const error = result.errors.find((e) => e.path === path);
  expect(error, `no error at ${path}: ${JSON.stringify(result.errors)}`).toBeDefined();
  return error!.message;
}

/** Choice lists of the standard (section "Choice lists"), code → label, transcribed from it. */
export const STANDARD_CHOICES = {
  case_status: { open: "Open", closed: "Closed" },
  yes_no: { yes: "Yes", no: "No" },
  publicity: { public: "Public", embargoed: "Embargoed" },
  review_type_v1: {
    sar: "Safeguarding Adult Review (SAR)",
    dhr: "Domestic Homicide Review (DHR)",
    scr: "Serious Case Review (SCR)",
    cspr: "Child Safeguarding Practice Review (CSPR)",
    si: "Serious Incident",
    other: "Other",
  },
  review_type_v2: {
    sar: "Safeguarding Adult Review (SAR)",
    dhr: "Domestic Homicide Review (DHR), including Domestic Abuse Related Death Reviews",
    cspr: "Local Child Safeguarding Practice Review (LCSPR)",
    rapid_review: "Rapid Review",
    national_cspr: "National Child Safeguarding Practice Review",
    si: "Serious Incident",
    mhhr: "Mental Health Homicide Review",
    other: "Other",
  },
  abuse_theme: {
    physical: "Physical abuse",
    domestic: "Domestic abuse, including coercive control",
    sexual: "Sexual abuse or violence",
    psychological: "Psychological or emotional abuse",
    financial: "Financial or material abuse",
    modern_slavery: "Modern slavery or human trafficking",
    discriminatory: "Discriminatory abuse",
    organisational: "Organisational or institutional abuse",
    neglect: "Neglect or acts of omission",
    self_neglect: "Self-neglect",
    exploitation: "Child sexual or criminal exploitation",
    fgm: "Female genital mutilation",
    honour_based: "Honour-based abuse or forced marriage",
    radicalisation: "Radicalisation",
    online: "Online abuse",
    suicide_self_harm: "Suicide or self-harm",
    mental_health: "Mental health",
    substance_misuse: "Substance misuse",
    learning_disability_autism: "Learning disability or autism",
    was_not_brought: "Was not brought or missed appointments",
    sudi: "Sudden unexpected death in infancy or childhood",
    non_accidental_injury: "Non-accidental injury",
    other: "Other",
  },
} as const;

/** Code → label of a compiled choice list. */
export function compiledChoices(form: CompiledForm, list: string): Record<string, string> {
  const compiled = form.choiceLists[list];
  if (!compiled) throw new Error(`version ${form.version} has no choice list ${list}`);
  return Object.fromEntries(compiled.choices.map((c) => [c.code, c.label]));
}
