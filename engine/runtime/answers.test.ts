/**
 * The one meaning of hidden items: an answer to an item whose shown_when does not hold is
 * refused by the compiled validator (at the top level and in each entry of a group), unless
 * the item keeps hidden answers; the cleaning a form does before sending removes exactly those
 * answers; defaults come from one function.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { cleanData, defaultAnswers, entryDefaults, evaluateCondition, hiddenItems, initialData, itemsThatMustBeEmpty, type CompiledForm, type RecordValidator } from "../index.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";

const TODAY = "2025-06-15";
let form: CompiledForm;
let validate: RecordValidator;

beforeAll(async () => {
  ({ form, validate } = await compileSynthetic({
    choices: { status: ["open", "closed"], kind: ["visit", "call", "other"], yes_no: ["yes", "no"] },
    versions: {
      "1.0": {
        items: [
          { key: "status", label: "Status", type: "single_choice", choices: "status", required: true, default: "open" },
          { key: "opened", label: "Date opened", type: "date", required: true, default: "today" },
          { key: "closed_on", label: "Date closed", type: "date", shown_when: { item: "status", equals: "closed" }, required_when: { item: "status", equals: "closed" } },
          {
            key: "reason",
            label: "Reason for closing",
            type: "short_text",
            shown_when: { item: "status", equals: "closed" },
            messages: { forbidden: "Only give a reason for closing once the case is closed" },
          },
          // Shown only when a hidden item is answered: hidden too when that one is hidden.
          { key: "reason_detail", label: "Reason detail", type: "long_text", shown_when: { item: "reason", present: true } },
          { key: "legacy_note", label: "Legacy note", type: "short_text", shown_when: { item: "status", equals: "closed" }, keep_when_hidden: true },
          { key: "flags", label: "Flags", type: "multiple_choice", choices: "yes_no" },
          {
            key: "contacts",
            label: "Contacts",
            type: "repeating_group",
            min_items: 1,
            items: [
              { key: "kind", label: "Kind", type: "single_choice", choices: "kind", required: true, default: "visit" },
              { key: "kind_other", label: "Other kind", type: "short_text", shown_when: { item: "kind", equals: "other" } },
              { key: "on", label: "Date of contact", type: "date", default: "today" },
            ],
          },
        ],
      },
    },
  }));
});

const base = () => ({ status: "open", opened: "2025-01-02", contacts: [{ kind: "visit" }] });

describe("the compiled validator refuses answers to hidden items", () => {
  it("accepts a record without them, and the same answers once they are shown", () => {
    expect(validate(base(), { today: TODAY }).errors).toEqual([]);
    expect(validate({ ...base(), status: "closed", closed_on: "2025-02-01", reason: "Done", reason_detail: "All agreed" }, { today: TODAY }).errors).toEqual([]);
  });

  it("refuses an answer to a hidden item with the forbidden code and the default message naming the condition", () => {
    expect(validate({ ...base(), closed_on: "2025-02-01" }, { today: TODAY }).errors).toEqual([
      { path: "/closed_on", code: "forbidden", message: "Date closed must be left empty unless Status is Closed" },
    ]);
  });

  it("uses the item's own forbidden message", () => {
    expect(validate({ ...base(), reason: "Done" }, { today: TODAY }).errors).toEqual([
      { path: "/reason", code: "forbidden", message: "Only give a reason for closing once the case is closed" },
    ]);
  });

  it("refuses a hidden item when its status is missing, not only when it says otherwise", () => {
    const { status: _status, ...noStatus } = { ...base(), closed_on: "2025-02-01" };
    expect(validate(noStatus, { today: TODAY }).errors.map((e) => [e.path, e.code])).toEqual([
      ["/status", "required"],
      ["/closed_on", "forbidden"],
    ]);
  });

  it("treats blank answers and empty lists as not sent", () => {
    expect(validate({ ...base(), closed_on: "", reason: "   " }, { today: TODAY }).errors).toEqual([]);
  });

  it("refuses a hidden answer inside an entry of a repeating group, at that entry's pointer", () => {
    const data = { ...base(), contacts: [{ kind: "other", kind_other: "Letter" }, { kind: "call", kind_other: "Letter" }] };
    expect(validate(data, { today: TODAY }).errors).toEqual([{ path: "/contacts/1/kind_other", code: "forbidden", message: "Other kind must be left empty unless Kind is Other" }]);
  });

  it("keeps a hidden answer when the item says keep_when_hidden", () => {
    expect(validate({ ...base(), legacy_note: "From the old system" }, { today: TODAY }).errors).toEqual([]);
    expect(form.items.find((i) => i.key === "legacy_note")?.keepWhenHidden).toBe(true);
  });
});

describe("cleaning before sending removes what the validator would refuse", () => {
  it("drops hidden answers, cascading through items shown by a hidden one, and trims text", () => {
    const data = { ...base(), closed_on: "2025-02-01", reason: " Done ", reason_detail: "x", flags: [], legacy_note: "  kept  " };
    const cleaned = cleanData(form, data);
    expect(cleaned).toEqual({ status: "open", opened: "2025-01-02", contacts: [{ kind: "visit" }] });
    expect(validate(cleaned, { today: TODAY }).valid).toBe(true);
    expect([...hiddenItems(form.items, data)].sort()).toEqual(["closed_on", "legacy_note", "reason", "reason_detail"]);
  });

  it("cleans each entry of a group by its own answers", () => {
    const cleaned = cleanData(form, { ...base(), contacts: [{ kind: "other", kind_other: "Letter" }, { kind: "call", kind_other: "Letter" }] });
    expect(cleaned.contacts).toEqual([{ kind: "other", kind_other: "Letter" }, { kind: "call" }]);
  });

  it("names the answers that must be empty, so clearing them needs no permission", () => {
    expect([...itemsThatMustBeEmpty(form.items, base())].sort()).toEqual(["closed_on", "reason", "reason_detail"]);
    expect([...itemsThatMustBeEmpty(form.items, { ...base(), status: "closed", reason: "Done" })]).toEqual([]);
  });
});

describe("defaults come from one function", () => {
  it("starts a new record with each item's default, today for dates, and the entries a group needs", () => {
    expect(initialData(form, TODAY)).toEqual({ status: "open", opened: TODAY, contacts: [{ kind: "visit", on: TODAY }] });
    expect(defaultAnswers(form.items, TODAY)).toEqual(initialData(form, TODAY));
  });

  it("starts a new entry of a group with the entry items' defaults", () => {
    const group = form.items.find((i) => i.key === "contacts")!;
    expect(entryDefaults(group, TODAY)).toEqual({ kind: "visit", on: TODAY });
  });
});

/**
 * hiddenItems and itemsThatMustBeEmpty look only at the answers some condition reads, and stop
 * once another round could not change what conditions see. Checked here against the plain
 * definition: every answer trimmed, hidden answers removed, rounds repeated until the hidden set
 * stops changing.
 */
describe("hidden items are found from the answers conditions read, as from all the answers", () => {
  let chain: CompiledForm;
  beforeAll(async () => {
    ({ form: chain } = await compileSynthetic({
      id: "chain",
      choices: { abc: ["a", "b", "c"] },
      versions: {
        "1.0": {
          items: [
            { key: "first", label: "First", type: "single_choice", choices: "abc" },
            // A chain four deep, each shown by the one before: hiding one hides the rest.
            { key: "second", label: "Second", type: "short_text", shown_when: { item: "first", in: ["a", "b"] } },
            { key: "third", label: "Third", type: "multiple_choice", choices: "abc", shown_when: { item: "second", present: true } },
            { key: "fourth", label: "Fourth", type: "short_text", shown_when: { any: [{ item: "third", includes: "b" }, { not: { item: "first", present: true } }] } },
            { key: "fifth", label: "Fifth", type: "short_text", shown_when: { all: [{ item: "fourth", present: true }, { item: "first", equals: "a" }] } },
            { key: "unread", label: "Read by nothing", type: "short_text" },
            { key: "barred", label: "Barred", type: "short_text", forbidden_when: { item: "unread", present: true } },
          ],
        },
      },
    }));
  });

  function plainHidden(items: CompiledForm["items"], data: Record<string, unknown>): Set<string> {
    const trimmed: Record<string, unknown> = {};
    for (const item of items) {
      const value = data[item.key];
      const cleaned = typeof value === "string" ? value.trim() || undefined : Array.isArray(value) ? (value.length ? value : undefined) : (value ?? undefined);
      if (cleaned !== undefined) trimmed[item.key] = cleaned;
    }
    let hidden = new Set<string>();
    for (;;) {
      const view = Object.fromEntries(Object.entries(trimmed).filter(([key]) => !hidden.has(key)));
      const next = new Set(items.filter((i) => i.shownWhen && !evaluateCondition(i.shownWhen, view)).map((i) => i.key));
      if (next.size === hidden.size && [...next].every((k) => hidden.has(k))) return next;
      hidden = next;
    }
  }

  it("for any answers to a chain of conditions", () => {
    const text = fc.constantFrom(undefined, "", "  ", "x", " y ");
    const answers = fc.record(
      {
        first: fc.constantFrom(undefined, "a", "b", "c", ""),
        second: text,
        third: fc.constantFrom(undefined, [], ["a"], ["b"], ["a", "b"], ["c"]),
        fourth: text,
        fifth: text,
        unread: text,
        barred: text,
        // Keys that are no item are never what a condition reads.
        stray: fc.constantFrom(undefined, "a", "x"),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(answers, (data) => {
        const plain = plainHidden(chain.items, data);
        expect([...hiddenItems(chain.items, data)].sort()).toEqual([...plain].sort());
        const barred = typeof data.unread === "string" && data.unread.trim() !== "";
        expect([...itemsThatMustBeEmpty(chain.items, data)].sort()).toEqual([...plain, ...(barred ? ["barred"] : [])].sort());
      }),
      { numRuns: 500 },
    );
  });
});
