/**
 * Each condition form (equals, in, includes, present, all, any, not) in required_when and in
 * forbidden_when, through the compiled validator, and the same conditions evaluated directly.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { describeCondition, evaluateCondition, type Condition, type RecordValidator, type ValidationError } from "../index.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";

interface Case {
  form: string;
  condition: Condition;
  /** Answers to the items the condition reads that make it true, and some that make it false. */
  holds: Record<string, unknown>[];
  fails: Record<string, unknown>[];
  /** How the default forbidden message reads the condition. */
  reads: string;
}

const CASES: Case[] = [
  {
    form: "equals",
    condition: { item: "status", equals: "closed" },
    holds: [{ status: "closed" }],
    fails: [{}, { status: "open" }],
    reads: "Status is Closed",
  },
  {
    form: "in",
    condition: { item: "status", in: ["closed", "withdrawn"] },
    holds: [{ status: "closed" }, { status: "withdrawn" }],
    fails: [{}, { status: "open" }],
    reads: "Status is one of Closed, Withdrawn",
  },
  {
    form: "includes",
    condition: { item: "themes", includes: "other" },
    holds: [{ themes: ["other"] }, { themes: ["abuse", "other"] }],
    fails: [{}, { themes: ["abuse"] }],
    reads: "Themes includes Other",
  },
  {
    form: "present",
    condition: { item: "note", present: true },
    holds: [{ note: "x" }],
    fails: [{}, { note: "" }, { note: "   " }],
    reads: "Note is answered",
  },
  {
    form: "absent",
    condition: { item: "note", present: false },
    holds: [{}, { note: " " }],
    fails: [{ note: "x" }],
    reads: "Note is not answered",
  },
  {
    form: "present_list",
    condition: { item: "themes", present: true },
    holds: [{ themes: ["abuse"] }],
    fails: [{}, { themes: [] }],
    reads: "Themes is answered",
  },
  {
    form: "all",
    condition: { all: [{ item: "status", equals: "closed" }, { item: "themes", includes: "abuse" }] },
    holds: [{ status: "closed", themes: ["abuse", "neglect"] }],
    fails: [{ status: "closed" }, { themes: ["abuse"] }, { status: "open", themes: ["abuse"] }],
    reads: "Status is Closed and Themes includes Abuse",
  },
  {
    form: "any",
    condition: { any: [{ item: "status", equals: "withdrawn" }, { item: "note", present: true }] },
    holds: [{ status: "withdrawn" }, { note: "x" }, { status: "open", note: "x" }],
    fails: [{}, { status: "open" }],
    reads: "Status is Withdrawn or Note is answered",
  },
  {
    form: "not",
    condition: { not: { item: "status", equals: "open" } },
    holds: [{}, { status: "closed" }],
    fails: [{ status: "open" }],
    reads: "Status is not Open",
  },
  {
    form: "not_all",
    condition: { not: { all: [{ item: "status", equals: "open" }, { item: "note", present: true }] } },
    holds: [{}, { status: "open" }, { note: "x" }],
    fails: [{ status: "open", note: "x" }],
    reads: "not (Status is Open and Note is answered)",
  },
];

const label = (kind: string, form: string) => `${kind} ${form.replace(/_/g, " ")}`;

describe("conditions in required_when and forbidden_when", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      choices: { status: ["open", "closed", "withdrawn"], theme: ["abuse", "neglect", "other"] },
      versions: {
        "1.0": {
          items: [
            { key: "status", label: "Status", type: "single_choice", choices: "status" },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme" },
            { key: "note", label: "Note", type: "short_text" },
            ...CASES.flatMap((c) => [
              { key: `required_${c.form}`, label: label("Required", c.form), type: "short_text", required_when: c.condition },
              { key: `forbidden_${c.form}`, label: label("Forbidden", c.form), type: "short_text", forbidden_when: c.condition },
            ]),
          ],
        },
      },
    }));
  });

  /** Errors about the two items that depend on one case's condition. */
  const errorsFor = (c: Case, data: Record<string, unknown>): ValidationError[] =>
    validate(data, { today: "2024-06-15" }).errors.filter((e) => e.path === `/required_${c.form}` || e.path === `/forbidden_${c.form}`);

  for (const c of CASES) {
    describe(c.form, () => {
      it("requires the item when the condition holds, and not otherwise", () => {
        for (const data of c.holds) {
          expect(errorsFor(c, data), JSON.stringify(data)).toEqual([
            { path: `/required_${c.form}`, code: "required", message: `Enter ${label("required", c.form)}` },
          ]);
          expect(errorsFor(c, { ...data, [`required_${c.form}`]: "answered" })).toEqual([]);
        }
        for (const data of c.fails) expect(errorsFor(c, data), JSON.stringify(data)).toEqual([]);
      });

      it("forbids an answer when the condition holds, saying why, and allows it otherwise", () => {
        for (const data of c.holds) {
          expect(errorsFor(c, { ...data, [`required_${c.form}`]: "x", [`forbidden_${c.form}`]: "x" }), JSON.stringify(data)).toEqual([
            { path: `/forbidden_${c.form}`, code: "forbidden", message: `${label("Forbidden", c.form)} must be left empty when ${c.reads}` },
          ]);
          // A blank answer is no answer, so it is not forbidden.
          expect(errorsFor(c, { ...data, [`required_${c.form}`]: "x", [`forbidden_${c.form}`]: " " })).toEqual([]);
        }
        for (const data of c.fails) expect(errorsFor(c, { ...data, [`forbidden_${c.form}`]: "x" }), JSON.stringify(data)).toEqual([]);
      });

      it("evaluates the same way on its own, as the renderer does", () => {
        for (const data of c.holds) expect(evaluateCondition(c.condition, data), JSON.stringify(data)).toBe(true);
        for (const data of c.fails) expect(evaluateCondition(c.condition, data), JSON.stringify(data)).toBe(false);
      });
    });
  }
});

describe("conditions inside a repeating group", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      choices: { kind: ["visit", "call", "other"] },
      versions: {
        "1.0": {
          items: [
            { key: "kind", label: "Kind of record", type: "single_choice", choices: "kind" },
            {
              key: "contacts",
              label: "Contacts",
              type: "repeating_group",
              items: [
                { key: "kind", label: "Kind", type: "single_choice", choices: "kind" },
                { key: "detail", label: "Detail", type: "short_text", required_when: { item: "kind", equals: "other" } },
                { key: "address", label: "Address", type: "short_text", forbidden_when: { item: "kind", in: ["call", "other"] } },
              ],
            },
          ],
        },
      },
    }));
  });

  it("reads the items of the same entry, not the top-level item of the same key", () => {
    const result = validate({ kind: "other", contacts: [{ kind: "visit", address: "Home" }, { kind: "other", address: "Home" }, { kind: "call", detail: "Why" }] });
    expect(result.errors).toEqual([
      { path: "/contacts/1/detail", code: "required", message: "Enter detail" },
      { path: "/contacts/1/address", code: "forbidden", message: "Address must be left empty when Kind is one of Call, Other" },
    ]);
  });

  it("accepts entries whose conditions are met", () => {
    expect(validate({ contacts: [{ kind: "other", detail: "Why" }, { address: "Home" }] }).errors).toEqual([]);
  });
});

describe("describeCondition", () => {
  it("reads conditions with the items' labels and the codes' labels", () => {
    const labels: Record<string, string> = { status: "Status", themes: "Themes" };
    const codes: Record<string, string> = { closed: "Closed", other: "Other" };
    const read = (c: Condition) => describeCondition(c, (k) => labels[k] ?? k, (_k, code) => codes[code] ?? code);
    expect(read({ any: [{ item: "status", equals: "closed" }, { not: { item: "themes", includes: "other" } }] })).toBe("Status is Closed or not (Themes includes Other)");
    expect(read({ not: { item: "status", present: false } })).toBe("Status is answered");
  });
});
