import { beforeAll, describe, expect, it } from "vitest";
import { compileRecordValidator, type RecordValidator } from "../../../engine/index.ts";
import { displaySchema } from "./display-schema.ts";
import { createRjsfValidator, propertyOf, toErrorSchema } from "./rjsf-validator.ts";
import { actionPlan, minimalCase, scrt, TODAY } from "./test-fixtures.ts";

let engine: RecordValidator;
let planEngine: RecordValidator;
beforeAll(async () => {
  engine = (await compileRecordValidator(scrt)).validate;
  planEngine = (await compileRecordValidator(actionPlan)).validate;
});

describe("the RJSF validator adapter", () => {
  it("puts an engine error at its field, with the engine's message", () => {
    const validator = createRjsfValidator(scrt, engine, { today: TODAY });
    const data = { ...minimalCase(), date_added: "2024-03-01" };
    const expected = engine(data, { today: TODAY }).errors;
    expect(expected).toHaveLength(1);
    const { errors, errorSchema } = validator.validateFormData(data, displaySchema(scrt, data, "editor").schema);
    expect(errorSchema.date_added?.__errors).toEqual([expected[0]!.message]);
    expect(errorSchema.date_added?.__errors?.[0]).toMatch(/^The date the case was added must be the same as or after the incident date \(5 March 2024\)$/);
    expect(errors).toEqual([{ name: expected[0]!.code, property: ".date_added", message: expected[0]!.message, params: { path: "/date_added" }, stack: expected[0]!.message }]);
  });

  it("reports nothing for valid data", () => {
    const validator = createRjsfValidator(scrt, engine, { today: TODAY });
    expect(validator.validateFormData(minimalCase(), {})).toEqual({ errors: [], errorSchema: {} });
    expect(validator.isValid({}, minimalCase(), {})).toBe(true);
  });

  it("validates the cleaned data: untrimmed text, blank answers and hidden items are not errors", () => {
    const validator = createRjsfValidator(scrt, engine, { today: TODAY });
    const data = { ...minimalCase(), designated_professional: " Jo Smith ", latest_update: "  ", date_closed: "2024-09-01", review_type_other: "x" };
    expect(engine(data, { today: TODAY }).valid).toBe(false);
    expect(validator.validateFormData(data, {}).errors).toEqual([]);
  });

  it("reports required items, a half-typed date and conditional rules with the engine's words", () => {
    const validator = createRjsfValidator(scrt, engine, { today: TODAY });
    const { errorSchema } = validator.validateFormData({ status: "closed", incident_date: "2024-03-", latest_update: "Met" }, {});
    expect(errorSchema.date_closed?.__errors).toEqual(["Enter the date the case was closed"]);
    expect(errorSchema.date_of_update?.__errors).toEqual(["Enter the date of the latest update"]);
    expect(errorSchema.incident_date?.__errors?.[0]).toMatch(/must be a real date/);
    expect(errorSchema.themes?.__errors).toEqual(["Select at least one abuse or vulnerability theme"]);
    expect(errorSchema.media_interest?.__errors).toEqual(["Select yes if there is media interest in the case"]);
  });

  it("uses the context's today for rules that compare with today", () => {
    const data = { ...minimalCase(), incident_date: "2024-10-05", date_added: "2024-10-06" };
    expect(createRjsfValidator(scrt, engine, { today: TODAY }).validateFormData(data, {}).errorSchema.incident_date?.__errors).toEqual(["The incident date must be today or in the past"]);
    expect(createRjsfValidator(scrt, engine, () => ({ today: "2024-10-06" })).validateFormData(data, {}).errors).toEqual([]);
  });

  it("puts errors inside a group entry at the entry's field", () => {
    const validator = createRjsfValidator(actionPlan, planEngine, { today: TODAY });
    const data = {
      review_reference: "SAR-2024-07",
      accountable_role: "Head of safeguarding",
      plan_status: "open",
      plan_agreed_date: "2024-05-01",
      target_completion_date: "2024-12-01",
      recommendations: [{ owner: "GP team", recommendation: "Audit", due_date: "2024-06-01", status: "complete" }],
    };
    const { errors, errorSchema } = validator.validateFormData(data, {});
    expect((errorSchema.recommendations as Record<string, { completed_date?: { __errors?: string[] } }>)["0"]?.completed_date?.__errors).toEqual(["Enter the date the action was completed"]);
    expect(errors.map((e) => e.property)).toEqual([".recommendations.0.completed_date"]);
  });

  it("gives RJSF's raw validation the engine's errors", () => {
    const validator = createRjsfValidator(scrt, engine, { today: TODAY });
    const raw = validator.rawValidation<{ path: string }>({}, { ...minimalCase(), themes: [] });
    expect(raw.errors?.map((e) => e.path)).toEqual(["/themes"]);
  });
});

describe("toErrorSchema (server errors for extraErrors)", () => {
  it("nests errors by JSON pointer segments, once per message", () => {
    const schema = toErrorSchema([
      { path: "/date_added", code: "required", message: "Enter date added" },
      { path: "/date_added", code: "required", message: "Enter date added" },
      { path: "/recommendations/1/due_date", code: "after", message: "Due date must be later" },
      { path: "/recommendations", code: "too_many", message: "Too many" },
      { path: "", code: "invalid_record", message: "Not a record" },
      { path: "/a~1b", code: "unknown_item", message: "Unknown" },
    ]);
    expect(schema).toEqual({
      __errors: ["Not a record"],
      date_added: { __errors: ["Enter date added"] },
      recommendations: { __errors: ["Too many"], 1: { due_date: { __errors: ["Due date must be later"] } } },
      "a/b": { __errors: ["Unknown"] },
    });
  });

  it("writes properties as RJSF does", () => {
    expect(propertyOf("/date_added")).toBe(".date_added");
    expect(propertyOf("/recommendations/0/due_date")).toBe(".recommendations.0.due_date");
    expect(propertyOf("")).toBe(".");
  });
});
