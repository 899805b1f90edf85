import { describe, expect, it } from "vitest";
import type { RJSFSchema } from "@rjsf/utils";
import { displayKey, displaySchema } from "./display-schema.ts";
import { actionPlan, minimalCase, scrt, TODAY } from "./test-fixtures.ts";

type Ui = Record<string, unknown>;
const props = (schema: RJSFSchema) => schema.properties as Record<string, RJSFSchema>;
const ui = (uiSchema: Ui, key: string) => uiSchema[key] as Ui;
const options = (uiSchema: Ui, key: string) => ui(uiSchema, key)["ui:options"] as Ui;

/** Every keyword used anywhere in a schema. */
function keywords(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => keywords(s, found));
  else if (schema && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      found.add(k);
      if (k === "properties") Object.values(v as object).forEach((p) => keywords(p, found));
      else keywords(v, found);
    }
  }
  return found;
}

describe("displaySchema (S-CRT 2.0)", () => {
  it("keeps the shape and strips every rule: no allOf, if/then, pattern or format", () => {
    expect(scrt.schema.allOf).toBeDefined();
    const { schema } = displaySchema(scrt, minimalCase(), "editor");
    const used = keywords(schema);
    for (const rule of ["allOf", "if", "then", "else", "pattern", "format", "anyOf", "oneOf", "not", "$data"]) expect(used.has(rule)).toBe(false);
    expect(props(schema).date_added).toEqual({ title: "Date added", type: "string" });
    expect(props(schema).incident_date).toEqual({ title: "Incident date", type: "string" });
    expect(props(schema).review_type!.enum).toContain("dhr");
    expect(props(schema).themes).toMatchObject({ type: "array", uniqueItems: true, items: { type: "string" } });
  });

  it("lists as required only the always-required items that are shown", () => {
    const { schema } = displaySchema(scrt, { ...minimalCase(), status: "closed", review_type: "other" }, "editor");
    expect(schema.required).toEqual(scrt.items.filter((i) => i.required).map((i) => i.key));
    expect(schema.required).not.toContain("date_closed");
    expect(schema.required).not.toContain("review_type_other");
  });

  it("removes the items not shown for the current answers", () => {
    const open = props(displaySchema(scrt, minimalCase(), "editor").schema);
    for (const key of ["date_closed", "review_type_other", "icb_chief_nurse_assured", "regional_chief_nurse_accepted"]) expect(open).not.toHaveProperty(key);
    expect(open).toHaveProperty("status");
    expect(open).toHaveProperty("latest_update");

    const closedDhr = props(displaySchema(scrt, { ...minimalCase(), status: "closed", review_type: "dhr" }, "editor").schema);
    for (const key of ["date_closed", "icb_chief_nurse_assured", "regional_chief_nurse_accepted"]) expect(closedDhr).toHaveProperty(key);
    expect(closedDhr).not.toHaveProperty("review_type_other");

    const other = props(displaySchema(scrt, { ...minimalCase(), review_type: "other" }, "editor").schema);
    expect(other).toHaveProperty("review_type_other");
  });

  it("leaves hidden items out of the order (the rest follow with *)", () => {
    const { uiSchema } = displaySchema(scrt, minimalCase(), "editor");
    const order = uiSchema["ui:order"] as string[];
    expect(order).not.toContain("date_closed");
    expect(order.at(-1)).toBe("*");
    expect(order.slice(0, 3)).toEqual(["status", "date_added", "designated_professional"]);
    expect((uiSchema["ui:options"] as Ui).sections).toEqual(scrt.sections);
  });

  it("does not fill in defaults: a stored record's missing answers stay missing", () => {
    const { schema } = displaySchema(scrt, {}, "editor");
    expect(props(schema).status).not.toHaveProperty("default");
  });

  it("marks items the writer role may not write as read-only", () => {
    const data = { ...minimalCase(), review_type: "dhr" };
    const editor = displaySchema(scrt, data, "editor").uiSchema as Ui;
    expect(ui(editor, "regional_chief_nurse_accepted")["ui:readonly"]).toBe(true);
    expect(ui(editor, "icb_chief_nurse_assured")["ui:readonly"]).toBeUndefined();
    expect(ui(editor, "status")["ui:readonly"]).toBeUndefined();

    const regional = displaySchema(scrt, data, "regional").uiSchema as Ui;
    expect(ui(regional, "regional_chief_nurse_accepted")["ui:readonly"]).toBeUndefined();
    expect(ui(regional, "icb_chief_nurse_assured")["ui:readonly"]).toBe(true);
    expect(ui(regional, "status")["ui:readonly"]).toBe(true);

    const nobody = displaySchema(scrt, data, null);
    const shown = Object.keys(props(nobody.schema));
    expect(shown.length).toBeGreaterThan(15);
    for (const key of shown) expect(ui(nobody.uiSchema as Ui, key)["ui:readonly"]).toBe(true);
  });

  it("keeps the compiled widgets and options, and marks optional items", () => {
    const uiSchema = displaySchema(scrt, minimalCase(), "editor").uiSchema as Ui;
    expect(ui(uiSchema, "date_added")["ui:widget"]).toBe("nhsDate");
    expect(ui(uiSchema, "report_link")["ui:widget"]).toBe("uri");
    expect(ui(uiSchema, "review_type")["ui:enumNames"]).toHaveLength(8);
    expect(options(uiSchema, "brief_overview")).toMatchObject({ maxLength: 4000, rows: 5, optional: false, itemType: "long_text" });
    expect(options(uiSchema, "latest_update").optional).toBe(true);
    // Required only when the latest update is answered.
    expect(options(uiSchema, "date_of_update").optional).toBe(true);
    const withUpdate = displaySchema(scrt, { ...minimalCase(), latest_update: "Panel met" }, "editor").uiSchema as Ui;
    expect(options(withUpdate, "date_of_update").optional).toBe(false);
  });

  it("has a key that changes exactly when what is shown or required changes", () => {
    const base = displayKey(scrt, minimalCase());
    expect(displayKey(scrt, { ...minimalCase(), designated_professional: "Someone else" })).toBe(base);
    expect(displayKey(scrt, { ...minimalCase(), status: "closed" })).not.toBe(base);
    expect(displayKey(scrt, { ...minimalCase(), latest_update: "Panel met" })).not.toBe(base);
  });
});

describe("displaySchema for a repeating group (action plan)", () => {
  const entryUi = (uiSchema: Ui, entry: unknown) => (ui(uiSchema, "recommendations").items as (entry: unknown, index: number) => Ui)(entry, 0);

  it("strips the rules inside entries and gives new entries their defaults", () => {
    const { schema } = displaySchema(actionPlan, {}, "editor", { today: TODAY });
    const group = props(schema).recommendations!;
    expect(group).toMatchObject({ type: "array", minItems: 1, maxItems: 20 });
    const entry = group.items as RJSFSchema;
    expect(entry.allOf).toBeUndefined();
    expect(entry.required).toEqual(["owner", "recommendation", "due_date", "status"]);
    expect(props(entry).due_date).toEqual({ title: "Due date", type: "string" });
    expect(props(entry).status!.default).toBe("not_started");
  });

  it("hides an entry's items by that entry's answers", () => {
    const { uiSchema } = displaySchema(actionPlan, {}, "editor");
    expect(ui(entryUi(uiSchema as Ui, { status: "in_progress" }), "completed_date")["ui:widget"]).toBe("hidden");
    expect(ui(entryUi(uiSchema as Ui, { status: "complete" }), "completed_date")["ui:widget"]).toBe("nhsDate");
    expect(ui(entryUi(uiSchema as Ui, null), "owner")["ui:widget"]).toBe("text");
  });

  it("passes on retired codes and choice hints", () => {
    const { uiSchema } = displaySchema(actionPlan, {}, "editor");
    const status = options(entryUi(uiSchema as Ui, {}), "status");
    expect(status.retiredCodes).toEqual(["overdue"]);
    expect(status.choiceHints).toMatchObject({ overdue: expect.stringContaining("overdue") });
  });

  it("marks an entry's items read-only for a role that may not write them", () => {
    const { uiSchema } = displaySchema(actionPlan, {}, "national");
    expect(ui(uiSchema as Ui, "recommendations")["ui:readonly"]).toBe(true);
    expect(ui(entryUi(uiSchema as Ui, {}), "owner")["ui:readonly"]).toBe(true);
  });
});
