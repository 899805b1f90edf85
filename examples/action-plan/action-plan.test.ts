/**
 * The action-plan example collection, run through the real engine (no mocks): a second
 * collection that the engine knows nothing about, to show that a folder of YAML is enough.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDictionaryMarkdown, buildTypeScript, compileCollectionDir, type CompiledForm, compileRecordValidator, diffForms, FormRegistry, type JsonSchema, lint, PROJECT_ROOT, type RecordValidator, type ValidationError } from "../../engine/index.ts";

const DIR = join(PROJECT_ROOT, "examples", "action-plan");
/** Fixed, so no result depends on the day the tests run. */
const TODAY = "2025-06-01";

interface Entry {
  owner?: unknown;
  recommendation?: unknown;
  due_date?: unknown;
  status?: unknown;
  completed_date?: unknown;
  [key: string]: unknown;
}
interface PlanRecord {
  plan_agreed_date?: unknown;
  target_completion_date?: unknown;
  plan_status?: unknown;
  date_closed?: unknown;
  recommendations?: Entry[];
  [key: string]: unknown;
}

/** A complete, valid record (made up: no real people or reviews). */
function validRecord(): PlanRecord & { recommendations: Entry[] } {
  return {
    review_reference: "SAR-2024-07",
    accountable_role: "Designated Nurse for Safeguarding Adults",
    plan_status: "open",
    plan_agreed_date: "2024-03-03",
    target_completion_date: "2025-03-31",
    recommendations: [
      {
        owner: "Safeguarding adults team",
        recommendation: "Add a prompt about carers to the safeguarding referral form.",
        due_date: "2024-09-30",
        status: "complete",
        completed_date: "2024-09-01",
      },
      {
        owner: "Mental health liaison team",
        recommendation: "Run refresher training on mental capacity assessments.",
        due_date: "2025-01-31",
        status: "in_progress",
      },
    ],
  };
}

function entry(record: PlanRecord, i: number): Entry {
  const e = record.recommendations?.[i];
  if (!e) throw new Error(`no entry ${i}`);
  return e;
}

let form: CompiledForm;
let validate: RecordValidator;
const check = (data: unknown, previous?: Record<string, unknown>) => validate(data, { today: TODAY, ...(previous ? { previous } : {}) });
const sortByPath = <T extends { path: string }>(errors: T[]): T[] => [...errors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
const errorsOf = (data: unknown): Omit<ValidationError, "rule">[] => check(data).errors.map(({ path, code, message }) => ({ path, code, message }));

beforeAll(async () => {
  const forms = compileCollectionDir(DIR);
  expect(forms.map((f) => f.version)).toEqual(["1.0"]);
  form = forms[0]!;
  validate = (await compileRecordValidator(form)).validate;
});

describe("the action-plan definitions", () => {
  it("lint finds no problems", () => {
    const result = lint([DIR]);
    expect(result.problems).toEqual([]);
    expect(result.collections).toHaveLength(1);
  });

  it("compile to the collection's own settings, sections and choice lists", () => {
    expect(form.collection.id).toBe("action-plan");
    expect(form.status).toBe("published");
    expect(form.ownerOrganisationType).toBe("icb");
    expect(form.sections.map((s) => s.id)).toEqual(["plan", "actions"]);
    expect(Object.keys(form.choiceLists).sort()).toEqual(["action_status", "plan_status"]);
    const group = form.items.find((i) => i.key === "recommendations");
    expect(group?.type).toBe("repeating_group");
    expect(group?.entryLabel).toBe("recommendation");
    expect(group?.items?.map((i) => i.path)).toEqual([
      "recommendations.owner",
      "recommendations.recommendation",
      "recommendations.due_date",
      "recommendations.status",
      "recommendations.completed_date",
    ]);
    expect(diffForms(form, form)).toEqual([]);
  });

  it("compile the group's entry with additionalProperties: false, and its rules with relative $data pointers", () => {
    const group = (form.schema.properties as Record<string, JsonSchema>).recommendations!;
    expect(group.type).toBe("array");
    expect(group.minItems).toBe(1);
    expect(group.maxItems).toBe(20);
    const entrySchema = group.items as JsonSchema;
    expect(entrySchema.type).toBe("object");
    expect(entrySchema.additionalProperties).toBe(false);
    expect(entrySchema.required).toEqual(["owner", "recommendation", "due_date", "status"]);
    const dueDate = (entrySchema.properties as Record<string, JsonSchema>).due_date!;
    // From /recommendations/N/due_date: 0 is the value, 1 the entry, 2 the list, 3 the record.
    // Date checks apply to a non-blank value only (blank counts as absent).
    const limits = (dueDate.then as JsonSchema).allOf;
    expect(limits).toContainEqual({ format: "date", formatMinimum: { $data: "3/plan_agreed_date" } });
    expect(limits).toContainEqual({ format: "date", formatMaximum: { $data: "3/target_completion_date" } });
  });

  it("generate TypeScript types with the group's entry shape", async () => {
    const ts = await buildTypeScript(form);
    expect(ts).toContain("export interface ActionPlanRecordV1_0 {");
    expect(ts).toMatch(/recommendations: \{[\s\S]*owner: string;[\s\S]*recommendation: string;[\s\S]*due_date: string;[\s\S]*status: "not_started" \| "in_progress" \| "complete" \| "overdue";[\s\S]*completed_date\?: string;[\s\S]*\}\[\];/);
    expect(ts).toContain('plan_status: "open" | "closed";');
    expect(ts).toContain("date_closed?: string;");
  });

  it("are found by the FormRegistry under examples/", async () => {
    const registry = await FormRegistry.load([join(PROJECT_ROOT, "examples")]);
    expect(registry.collections()).toContain("action-plan");
    expect(registry.published("action-plan")?.form.version).toBe("1.0");
    expect(registry.get("action-plan", "1.0")?.validate(validRecord(), { today: TODAY })).toEqual({ valid: true, errors: [] });
  });

  it("describe the group entry's required_when in the data dictionary with labels", () => {
    const md = buildDictionaryMarkdown(form);
    expect(md).toContain("| ↳ `recommendations.completed_date` | Date completed | Date (YYYY-MM-DD) | when Action status is Complete |");
  });
});

describe("validating action-plan records", () => {
  it("accepts a complete valid record", () => {
    expect(check(validRecord())).toEqual({ valid: true, errors: [] });
  });

  it("accepts a closed plan with its date closed", () => {
    const r = validRecord();
    r.plan_status = "closed";
    r.date_closed = "2025-04-15";
    expect(check(r)).toEqual({ valid: true, errors: [] });
  });

  it("target_completion_date not_before plan_agreed_date (top-level rule, {other} as a long date)", () => {
    const r = validRecord();
    r.target_completion_date = "2024-03-02";
    r.recommendations = [{ ...entry(r, 1), due_date: "2024-03-02" }];
    const result = check(r);
    expect(result.errors.find((e) => e.path === "/target_completion_date")).toEqual({
      path: "/target_completion_date",
      code: "not_before",
      message: "Target completion date must be the same as or after the date the plan was agreed (3 March 2024)",
      rule: "target_completion_date__not_before__plan_agreed_date",
    });
  });

  it("plan_agreed_date not_after today (runtime rule, uses the context's today)", () => {
    const r = validRecord();
    r.plan_agreed_date = "2025-06-02";
    r.target_completion_date = "2025-12-31";
    r.recommendations = [{ ...entry(r, 1), due_date: "2025-07-01" }];
    expect(errorsOf(r)).toEqual([{ path: "/plan_agreed_date", code: "not_after", message: "Date plan agreed must be today or in the past" }]);
    // The same data is valid a day later.
    expect(validate(r, { today: "2025-06-02" }).valid).toBe(true);
  });

  it("date_closed is required when the plan is closed and forbidden while it is open", () => {
    const closed = validRecord();
    closed.plan_status = "closed";
    expect(errorsOf(closed)).toEqual([{ path: "/date_closed", code: "required", message: "Enter the date the plan was closed" }]);
    const open = validRecord();
    open.date_closed = "2025-04-15";
    expect(errorsOf(open)).toEqual([{ path: "/date_closed", code: "forbidden", message: "Date closed must be left empty while the plan is open" }]);
  });

  it("date_closed not_before plan_agreed_date and not_after today", () => {
    const early = validRecord();
    early.plan_status = "closed";
    early.date_closed = "2024-03-02";
    expect(errorsOf(early)).toEqual([
      { path: "/date_closed", code: "not_before", message: "Date closed must be the same as or after the date the plan was agreed (3 March 2024)" },
    ]);
    const future = validRecord();
    future.plan_status = "closed";
    future.date_closed = "2025-06-02";
    expect(errorsOf(future)).toEqual([{ path: "/date_closed", code: "not_after", message: "Date closed must be today or in the past" }]);
  });

  it("recommendations.due_date not_before plan_agreed_date fails at the entry's pointer", () => {
    const r = validRecord();
    entry(r, 1).due_date = "2024-03-02";
    expect(check(r).errors).toEqual([
      {
        path: "/recommendations/1/due_date",
        code: "not_before",
        message: "Due date must be the same as or after the date the plan was agreed (3 March 2024)",
        rule: "recommendations__due_date__not_before__plan_agreed_date",
      },
    ]);
  });

  it("recommendations.due_date not_after target_completion_date fails at the entry's pointer", () => {
    const r = validRecord();
    entry(r, 0).due_date = "2025-04-01";
    expect(errorsOf(r)).toEqual([
      { path: "/recommendations/0/due_date", code: "not_after", message: "Due date must be the same as or before the plan's target completion date (31 March 2025)" },
    ]);
  });

  it("reports a group rule once per failing entry", () => {
    const r = validRecord();
    entry(r, 0).due_date = "2024-01-01";
    entry(r, 1).due_date = "2024-02-29";
    expect(errorsOf(r).map((e) => [e.path, e.code, e.message])).toEqual([
      ["/recommendations/0/due_date", "not_before", "Due date must be the same as or after the date the plan was agreed (3 March 2024)"],
      ["/recommendations/1/due_date", "not_before", "Due date must be the same as or after the date the plan was agreed (3 March 2024)"],
    ]);
  });

  it("recommendations.completed_date not_after today fails at the entry's pointer", () => {
    const r = validRecord();
    entry(r, 0).completed_date = "2025-06-02";
    expect(check(r).errors).toEqual([
      {
        path: "/recommendations/0/completed_date",
        code: "not_after",
        message: "Date completed must be today or in the past",
        rule: "recommendations__completed_date__not_after__today",
      },
    ]);
    entry(r, 0).completed_date = TODAY;
    expect(check(r).valid).toBe(true);
  });

  it("completed_date is required when that entry's status is complete", () => {
    const r = validRecord();
    delete entry(r, 0).completed_date;
    expect(errorsOf(r)).toEqual([{ path: "/recommendations/0/completed_date", code: "required", message: "Enter the date the action was completed" }]);
    // Blank text counts as absent.
    entry(r, 0).completed_date = "  ";
    expect(errorsOf(r)).toEqual([{ path: "/recommendations/0/completed_date", code: "required", message: "Enter the date the action was completed" }]);
  });

  it("the condition reads the same entry: another entry's status does not make it required", () => {
    const r = validRecord();
    // Entry 0 is complete; entry 1 is in progress with no completed date, and stays valid.
    expect(entry(r, 1).completed_date).toBeUndefined();
    expect(check(r).valid).toBe(true);
    entry(r, 1).status = "complete";
    expect(errorsOf(r)).toEqual([{ path: "/recommendations/1/completed_date", code: "required", message: "Enter the date the action was completed" }]);
  });

  it("completed_date is forbidden until that entry is complete", () => {
    const r = validRecord();
    entry(r, 1).completed_date = "2025-05-01";
    expect(errorsOf(r)).toEqual([
      { path: "/recommendations/1/completed_date", code: "forbidden", message: "Date completed must be left empty until the action is complete" },
    ]);
  });

  it("a status code not in action_status fails with code invalid", () => {
    const r = validRecord();
    entry(r, 1).status = "done";
    expect(errorsOf(r)).toEqual([{ path: "/recommendations/1/status", code: "invalid", message: "Select action status from the list" }]);
    const p = validRecord();
    p.plan_status = "paused";
    expect(errorsOf(p)).toEqual([{ path: "/plan_status", code: "invalid", message: "Select plan status from the list" }]);
  });

  it("required items of an entry fail at the entry's pointer", () => {
    const r = validRecord();
    delete entry(r, 1).owner;
    entry(r, 1).recommendation = " ";
    expect(errorsOf(r)).toEqual([
      { path: "/recommendations/1/owner", code: "required", message: "Enter action owner" },
      { path: "/recommendations/1/recommendation", code: "required", message: "Enter recommendation" },
    ]);
  });

  it("min_items: the group needs at least one recommendation", () => {
    const empty = validRecord();
    empty.recommendations = [];
    // required and min_items both fail at /recommendations; one error per item, required first.
    expect(errorsOf(empty)).toEqual([{ path: "/recommendations", code: "required", message: "Add at least one recommendation" }]);
    const absent: PlanRecord = validRecord();
    delete absent.recommendations;
    expect(errorsOf(absent)).toEqual([{ path: "/recommendations", code: "required", message: "Add at least one recommendation" }]);
    expect(form.errorMap["#/properties/recommendations/minItems"]).toEqual({ code: "too_few", item: "recommendations", message: "Add at least one recommendation" });
  });

  it("max_items: at most 20 recommendations", () => {
    const r = validRecord();
    r.recommendations = Array.from({ length: 21 }, () => ({ ...entry(validRecord(), 1) }));
    expect(errorsOf(r)).toEqual([{ path: "/recommendations", code: "too_many", message: "An action plan can have at most 20 recommendations" }]);
    r.recommendations.pop();
    expect(check(r).valid).toBe(true);
  });

  it("an unknown item fails with code unknown_item, at the top level and inside an entry", () => {
    const r = validRecord();
    r.review_lead = "someone";
    entry(r, 0).priority = "high";
    // Unknown items have no place in the form's order; compare them as a set.
    expect(sortByPath(errorsOf(r))).toEqual([
      { path: "/recommendations/0/priority", code: "unknown_item", message: '"priority" is not an item of this form' },
      { path: "/review_lead", code: "unknown_item", message: '"review_lead" is not an item of this form' },
    ]);
  });

  it("an invalid date in an entry fails with code invalid", () => {
    const r = validRecord();
    entry(r, 1).due_date = "2025-02-30";
    expect(errorsOf(r)).toEqual([{ path: "/recommendations/1/due_date", code: "invalid", message: "Due date must be a real date, like 27 3 2024" }]);
  });

  it("a retired code in a new entry fails with code retired", () => {
    const r = validRecord();
    entry(r, 1).status = "overdue";
    expect(errorsOf(r)).toEqual([
      { path: "/recommendations/1/status", code: "retired", message: "Overdue is no longer used for action status: select another option" },
    ]);
  });

  it("a retired code already stored stays allowed", () => {
    const stored = validRecord();
    entry(stored, 1).status = "overdue";
    expect(check(stored, stored).valid).toBe(true);
  });

  it("a rule is not checked when the other date is not a valid date", () => {
    for (const bad of ["2024-13-45", null, 20240303]) {
      const r = validRecord();
      r.plan_agreed_date = bad;
      expect(errorsOf(r).map((e) => e.path)).toEqual(["/plan_agreed_date"]);
    }
  });

  it("a blank optional date counts as absent", () => {
    const r = validRecord();
    entry(r, 1).completed_date = "";
    r.date_closed = "";
    expect(check(r)).toEqual({ valid: true, errors: [] });
  });

  it("errors in entries follow the order of the page", () => {
    const r = validRecord();
    r.recommendations = Array.from({ length: 11 }, () => ({ ...entry(validRecord(), 1) }));
    r.recommendations[0] = { ...entry(validRecord(), 0) };
    delete entry(r, 0).completed_date;
    entry(r, 2).due_date = "2024-01-01";
    entry(r, 10).due_date = "2024-01-01";
    expect(errorsOf(r).map((e) => e.path)).toEqual(["/recommendations/0/completed_date", "/recommendations/2/due_date", "/recommendations/10/due_date"]);
  });

  it("a record that is not an object fails with invalid_record", () => {
    expect(errorsOf([])).toEqual([{ path: "", code: "invalid_record", message: "The record's data must be a JSON object of items and answers" }]);
  });
});

describe("the CLI validates action-plan records", () => {
  const tmp = mkdtempSync(join(tmpdir(), "action-plan-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const runValidate = (record: unknown) => {
    const file = join(tmp, `record-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(record));
    const run = spawnSync("npx", ["tsx", "cli/main.ts", "validate", "action-plan", "1.0", file, "--json", "--today", TODAY], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it("exit 0 and valid JSON for a valid record, exit 1 and the errors for an invalid one", () => {
    const ok = runValidate(validRecord());
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, errors: [] });

    const bad = validRecord();
    entry(bad, 1).due_date = "2024-03-02";
    delete entry(bad, 0).completed_date;
    const failed = runValidate(bad);
    expect(failed.status, failed.stderr).toBe(1);
    const output = JSON.parse(failed.stdout) as { valid: boolean; errors: ValidationError[] };
    expect(output.valid).toBe(false);
    // Compared as a set: the order of errors across entries is the subject of an engine bug below.
    expect(sortByPath(output.errors)).toEqual([
      { path: "/recommendations/0/completed_date", code: "required", message: "Enter the date the action was completed" },
      { path: "/recommendations/1/due_date", code: "not_before", message: "Due date must be the same as or after the date the plan was agreed (3 March 2024)" },
    ]);
  }, 60_000);
});
