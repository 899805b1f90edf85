import { beforeAll, describe, expect, it } from "vitest";
import { compileRecordValidator } from "../../../engine/index.ts";
import { cleanData, type CompiledForm, initialData, type RecordValidator } from "../../../engine/runtime/index.ts";
import { displaySchema } from "../form/display-schema.ts";
import { actionPlan, scrt, TODAY } from "../form/test-fixtures.ts";
import { pagedSections, sectionForm, sectionOf, sectionValidator, taskList } from "./sections.ts";

let validate: RecordValidator;
beforeAll(async () => {
  validate = (await compileRecordValidator(actionPlan)).validate;
});

const plan = () => ({
  review_reference: "SAR-2024-07",
  accountable_role: "Director of Nursing",
  plan_status: "open",
  plan_agreed_date: "2024-06-01",
  target_completion_date: "2025-03-31",
});
const recommendation = (due = "2024-12-01") => ({ owner: "Safeguarding team", recommendation: "Train staff on escalation.", due_date: due, status: "not_started" });

/** Each section's status for these answers, as the task list shows them. */
function statuses(form: CompiledForm, answers: Record<string, unknown>, options: Parameters<typeof taskList>[3] = {}) {
  const errors = validate(cleanData(form, answers), { today: TODAY }).errors;
  return Object.fromEntries(taskList(form, answers, errors, options).map((e) => [e.section.id, e.status]));
}

/** The action plan with its closing date moved into a section of its own, shown only for a closed plan. */
function withClosingSection(): CompiledForm {
  const [first, ...rest] = actionPlan.sections;
  return {
    ...actionPlan,
    sections: [{ ...first!, items: first!.items.filter((k) => k !== "date_closed") }, { id: "closing", title: "Closing the plan", items: ["date_closed"] }, ...rest],
  };
}

describe("which versions are drawn as pages", () => {
  it("is the layout's word: the action plan says pages, S-CRT 2.0 one page", () => {
    expect(pagedSections(actionPlan)?.map((s) => s.id)).toEqual(["plan", "actions"]);
    expect(pagedSections(scrt)).toBeNull();
    expect(pagedSections({ ...actionPlan, sections: [] })).toBeNull();
  });

  it("finds the section holding an item", () => {
    expect(sectionOf(actionPlan, "date_closed")?.id).toBe("plan");
    expect(sectionOf(actionPlan, "recommendations")?.id).toBe("actions");
    expect(sectionOf(actionPlan, "nothing")).toBeUndefined();
  });
});

describe("the task list's statuses", () => {
  it("says a new record's sections are not yet started, though defaults fill some answers and required ones are missing", () => {
    const start = initialData(actionPlan, TODAY);
    expect(start.plan_status).toBe("open");
    expect(statuses(actionPlan, start, { untouched: start })).toEqual({ plan: "not_started", actions: "not_started" });
  });

  it("says incomplete for some answers with problems left, and completed when the validator finds none in the section", () => {
    const start = initialData(actionPlan, TODAY);
    const some = { ...start, review_reference: "SAR-2024-07" };
    expect(statuses(actionPlan, some, { untouched: start })).toEqual({ plan: "incomplete", actions: "not_started" });
    const planDone = { ...start, ...plan() };
    expect(statuses(actionPlan, planDone, { untouched: start })).toEqual({ plan: "completed", actions: "not_started" });
    expect(statuses(actionPlan, { ...planDone, recommendations: [recommendation()] }, { untouched: start })).toEqual({ plan: "completed", actions: "completed" });
  });

  it("counts a rule between sections against the section of the item it is about", () => {
    // The due date falls after the plan's target date: the recommendation is wrong, not the plan.
    const entries = taskList(actionPlan, { ...plan(), recommendations: [recommendation("2025-06-01")] }, validate({ ...plan(), recommendations: [recommendation("2025-06-01")] }, { today: TODAY }).errors);
    expect(entries.map((e) => [e.section.id, e.status])).toEqual([
      ["plan", "completed"],
      ["actions", "incomplete"],
    ]);
    expect(entries[1]!.errors.map((e) => e.path)).toEqual(["/recommendations/0/due_date"]);
  });

  it("counts any answer of a stored record as started, and a section saved on its page as started", () => {
    expect(statuses(actionPlan, plan())).toEqual({ plan: "completed", actions: "not_started" });
    expect(statuses(actionPlan, {}, { untouched: {} })).toEqual({ plan: "not_started", actions: "not_started" });
    expect(statuses(actionPlan, {}, { saved: new Set(["plan"]) })).toEqual({ plan: "incomplete", actions: "not_started" });
  });

  it("says cannot start yet for a section its conditions hide until an unanswered question is answered, and leaves it out once the answers rule it out", () => {
    const form = withClosingSection();
    expect(statuses(form, { ...plan(), plan_status: undefined })).toMatchObject({ closing: "cannot_start" });
    expect(statuses(form, plan())).not.toHaveProperty("closing");
    // Opened by an answer elsewhere, it waits to be started; a wrong answer in it makes it incomplete.
    expect(statuses(form, { ...plan(), plan_status: "closed" })).toMatchObject({ plan: "completed", closing: "not_started" });
    expect(statuses(form, { ...plan(), plan_status: "closed", date_closed: "2024-01-01" })).toMatchObject({ closing: "incomplete" });
    expect(statuses(form, { ...plan(), plan_status: "closed", date_closed: "2024-09-01" })).toMatchObject({ closing: "completed" });
    expect(taskList(form, plan(), []).map((e) => e.section.id)).toEqual(["plan", "actions"]);
  });
});

describe("a section's page", () => {
  it("checks only its section's items, with the version's own validator and messages", () => {
    const [planSection, actionsSection] = actionPlan.sections;
    const data = { ...plan(), plan_agreed_date: "2024-07-01", target_completion_date: "2024-06-01" };
    const whole = validate(data, { today: TODAY });
    const planCheck = sectionValidator(validate, planSection!)(data, { today: TODAY });
    expect(planCheck.valid).toBe(false);
    expect(planCheck.errors).toEqual(whole.errors.filter((e) => e.path === "/target_completion_date"));
    // The missing recommendations belong to the other section's page.
    expect(whole.errors.some((e) => e.path === "/recommendations")).toBe(true);
    expect(planCheck.errors.some((e) => e.path === "/recommendations")).toBe(false);
    const actionsCheck = sectionValidator(validate, actionsSection!)({ recommendations: [recommendation()] }, { today: TODAY });
    expect(actionsCheck).toEqual({ valid: true, errors: [] });
  });

  it("draws only its section's items, without a second heading, keeping the rest of the answers", () => {
    const [planSection] = actionPlan.sections;
    const form = sectionForm(actionPlan, planSection!);
    const data = { ...plan(), plan_status: "closed", recommendations: [recommendation()] };
    const { schema, uiSchema } = displaySchema(form, data, "editor");
    expect(Object.keys(schema.properties ?? {})).toEqual(["review_reference", "accountable_role", "plan_status", "plan_agreed_date", "target_completion_date", "date_closed"]);
    expect(uiSchema["ui:options"]).toMatchObject({ sections: [planSection], sectionHeadings: false });
    // The other section's answers are still the record's: cleaning keeps them.
    expect(cleanData(form, data).recommendations).toEqual([recommendation()]);
  });
});
