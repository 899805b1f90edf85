/**
 * What the validator's speed rests on: a record with nothing blank reaches the schema as it is
 * (no copy), one with blanks reaches it without them while the caller's record stays untouched,
 * and the rules against today take today from each call, so one validator kept across
 * midnight judges by the new day.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildValidatorModule } from "../compile/validator-code.ts";
import { importValidatorModule } from "../compile/load-validator-module.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";
import { createRecordValidator, type RecordValidator, type SchemaValidateFunction } from "./validate.ts";

describe("the validator reads records in place", () => {
  let validate: RecordValidator;
  /** Every value the schema validator was given, in order. */
  const seen: unknown[] = [];
  beforeAll(async () => {
    const { form } = await compileSynthetic({
      versions: {
        "1.0": {
          items: [
            { key: "case_title", label: "Case title", type: "short_text", required: true },
            { key: "incident_date", label: "Incident date", type: "date" },
            { key: "closed_date", label: "Closed date", type: "date" },
            { key: "actions", label: "Actions", type: "repeating_group", items: [{ key: "what", label: "What", type: "short_text" }, { key: "due", label: "Due", type: "date" }] },
          ],
          rules: [
            { item: "incident_date", not_after: "today", message: "The incident date must be today or in the past" },
            { item: "actions.due", after: "today", message: "The due date must be after today ({other})" },
          ],
        },
      },
    });
    // The real precompiled schema validator, watched: what it is handed is what the schema sees.
    const schema = await importValidatorModule(await buildValidatorModule(form.schema));
    const watched = ((data: unknown) => {
      seen.push(data);
      const ok = schema(data);
      watched.errors = schema.errors;
      return ok;
    }) as SchemaValidateFunction;
    validate = createRecordValidator(form, watched);
  });

  it("hands a record with nothing blank to the schema itself, not a copy", () => {
    const record = { case_title: "Title", incident_date: "2024-01-01", actions: [{ what: "Call", due: "2024-07-01" }] };
    seen.length = 0;
    expect(validate(record, { today: "2024-06-15" })).toEqual({ valid: true, errors: [] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(record);
  });

  it("hands the schema a view without blanks and leaves the record as it was sent", () => {
    const record = { case_title: "Title", incident_date: " ", closed_date: "", actions: [{ what: "", due: "2024-07-01" }] };
    const before = structuredClone(record);
    seen.length = 0;
    expect(validate(record, { today: "2024-06-15" })).toEqual({ valid: true, errors: [] });
    expect(record).toEqual(before);
    expect(seen[0]).not.toBe(record);
    expect(seen[0]).toEqual({ case_title: "Title", actions: [{ due: "2024-07-01" }] });
  });

  it("still asks for a required answer that is blank, without changing the record", () => {
    const record = { case_title: "  " };
    expect(validate(record, { today: "2024-06-15" }).errors).toEqual([{ path: "/case_title", code: "required", message: "Enter case title" }]);
    expect(record).toEqual({ case_title: "  " });
  });

  it("judges the rules against today by the day each call gives, with one validator", () => {
    const record = { case_title: "Title", incident_date: "2024-06-16", actions: [{ due: "2024-06-16" }] };
    // The evening before: the incident date is tomorrow, the due date is after today.
    expect(validate(record, { today: "2024-06-15" }).errors).toEqual([{ path: "/incident_date", code: "not_after", message: "The incident date must be today or in the past", rule: "incident_date__not_after__today" }]);
    // After midnight the same validator accepts the incident date and refuses the due date.
    expect(validate(record, { today: "2024-06-16" }).errors).toEqual([
      { path: "/actions/0/due", code: "after", message: "The due date must be after today (16 June 2024)", rule: "actions__due__after__today" },
    ]);
  });

  it("leaves a rule against today to the schema's own error when the date is not a real one", () => {
    expect(validate({ case_title: "Title", incident_date: "2999-02-30" }, { today: "2024-06-15" }).errors).toEqual([
      { path: "/incident_date", code: "invalid", message: expect.any(String) },
    ]);
  });
});
