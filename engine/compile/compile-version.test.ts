/**
 * What compiling a synthetic collection gives: sections (given, or one default section),
 * length defaults, url schemes, unique settings, writers, default messages, rules, the choice
 * lists that travel with a version, and byte-identical output for the same input.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compileCollectionDir, compileRecordValidator, DefinitionError, type CompiledForm, type CompiledItem } from "../index.ts";
import { compileSynthetic, removeCollection, writeCollection, type CollectionSpec } from "../test-support/synthetic.ts";

const itemOf = (form: CompiledForm, path: string): CompiledItem => {
  const [head, sub] = path.split(".");
  const top = form.items.find((i) => i.key === head);
  const item = sub === undefined ? top : top?.items?.find((i) => i.key === sub);
  if (!item) throw new Error(`no item ${path}`);
  return item;
};

describe("compiled items", () => {
  let form: CompiledForm;
  beforeAll(async () => {
    ({ form } = await compileSynthetic({
      collection: { title: "Synthetic reviews", default_writers: ["editor", "regional"] },
      choices: { status: ["open", "closed"], unused: ["x", "y"] },
      versions: {
        "1.0": {
          items: [
            { key: "reference", label: "Case reference", type: "short_text", unique: { within: "owner", ignore_case: true } },
            { key: "other_ref", label: "Other reference", type: "short_text", max_length: 20, unique: { within: "collection" }, messages: { unique: "Taken" } },
            { key: "initials", label: "Lead initials", question: "What are the lead's initials?", message_name: "the lead's initials", type: "short_text", max_length: 4, pattern: "^[A-Z]+$" },
            { key: "code", label: "Code", type: "short_text", max_length: 8, width: 30 },
            { key: "summary", label: "Summary", type: "long_text" },
            { key: "report_link", label: "Report link", type: "url" },
            { key: "any_link", label: "Any link", type: "url", schemes: ["http", "https"] },
            { key: "opened", label: "Opened", type: "date", default: "today", writers: ["national"] },
            { key: "status", label: "Status", type: "single_choice", choices: "status", default: "open" },
            {
              key: "actions",
              label: "Actions",
              type: "repeating_group",
              writers: ["regional"],
              items: [
                { key: "what", label: "What", type: "short_text", default: "To do" },
                { key: "due", label: "Due", type: "date" },
              ],
            },
          ],
          rules: [
            { item: "actions.due", not_before: "opened", message: "m1" },
            { item: "actions.due", not_after: "today", message: "m2" },
            { id: "own_id", item: "opened", not_after: "today", message: "m3" },
          ],
        },
      },
    }));
  });

  it("fills in the default maximum lengths (200, 4,000, 2,000 for urls) and none for other types", () => {
    expect(["reference", "other_ref", "summary", "report_link", "opened", "status", "actions"].map((p) => itemOf(form, p).maxLength)).toEqual([
      200,
      20,
      4000,
      2000,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("allows https only, unless schemes says otherwise", () => {
    expect(itemOf(form, "report_link").schemes).toEqual(["https"]);
    expect(itemOf(form, "any_link").schemes).toEqual(["http", "https"]);
    expect(itemOf(form, "reference").schemes).toBeUndefined();
  });

  it("compiles unique settings, with ignore_case false unless given", () => {
    expect(itemOf(form, "reference").unique).toEqual({ within: "owner", ignoreCase: true });
    expect(itemOf(form, "other_ref").unique).toEqual({ within: "collection", ignoreCase: false });
    expect(itemOf(form, "summary").unique).toBeUndefined();
    expect(itemOf(form, "reference").messages.unique).toBe("Another record already has this case reference");
    expect(itemOf(form, "other_ref").messages.unique).toBe("Taken");
  });

  it("gives writers from the item, else its group, else the collection's default_writers", () => {
    expect(["reference", "opened", "actions", "actions.what"].map((p) => itemOf(form, p).writers)).toEqual([
      ["editor", "regional"],
      ["national"],
      ["regional"],
      ["regional"],
    ]);
  });

  it("keeps the label as the item's name and the question as what the form asks", () => {
    expect(itemOf(form, "initials")).toMatchObject({ label: "Lead initials", question: "What are the lead's initials?" });
    expect(itemOf(form, "reference").question).toBeUndefined();
    expect(form.uiSchema.initials).toMatchObject({ "ui:title": "What are the lead's initials?" });
    expect(form.uiSchema.reference).not.toHaveProperty("ui:title");
  });

  it("names the item in messages by its message_name, capitalised where a message starts with it", () => {
    expect(itemOf(form, "initials").messages).toMatchObject({
      required: "Enter the lead's initials",
      pattern: "The lead's initials is not in the right format",
      max_length: "The lead's initials must be 4 characters or fewer",
    });
  });

  it("sizes inputs from max_length (the narrowest NHS width that fits, full beyond 30) unless width says otherwise", () => {
    expect(itemOf(form, "initials").width).toBe(4);
    expect(itemOf(form, "other_ref").width).toBe(20);
    expect(itemOf(form, "code").width).toBe(30);
    expect(itemOf(form, "reference").width).toBe("full");
    expect(itemOf(form, "report_link").width).toBe("full");
    expect(itemOf(form, "summary").width).toBeUndefined();
    expect(form.uiSchema.initials).toMatchObject({ "ui:options": { width: 4 } });
  });

  it("shows every section on one page unless the layout says pages", () => {
    expect(form.layout).toBe("single_page");
  });

  it("fills in every default message of a text item", () => {
    expect(itemOf(form, "reference").messages).toEqual({
      required: "Enter case reference",
      forbidden: "Case reference must be left empty",
      pattern: "Case reference is not in the right format",
      max_length: "Case reference must be 200 characters or fewer",
      min_length: "Case reference must be 0 characters or more",
      invalid: "Case reference must be text",
      untrimmed: "Case reference must not start or end with spaces or blank lines",
      invalid_characters: "Case reference must not contain control characters or hidden formatting characters",
      out_of_range: "Case reference must be between 1 January 1900 and 31 December 2100",
      duplicate: "Select each option for case reference only once",
      min_items: "Select at least 1 option for case reference",
      max_items: "Select at most 0 options for case reference",
      unique: "Another record already has this case reference",
      retired: "Case reference is no longer used",
      unknown: "Case reference is not an item of this form",
    });
  });

  it("gives dotted paths to the items of a repeating group", () => {
    expect(itemOf(form, "actions").items?.map((i) => i.path)).toEqual(["actions.what", "actions.due"]);
  });

  it("puts text and code defaults in the schema and marks today defaults for the form", () => {
    const properties = form.schema.properties as Record<string, { default?: unknown; items?: { properties: Record<string, { default?: unknown }> } }>;
    expect(properties.status?.default).toBe("open");
    expect(properties.actions?.items?.properties.what?.default).toBe("To do");
    expect(properties.opened?.default).toBeUndefined();
    expect((form.uiSchema.opened as { "ui:options": { defaultToday?: boolean } })["ui:options"].defaultToday).toBe(true);
  });

  it("compiles rules with ids, resolved targets, and today rules left to the runtime", () => {
    expect(form.rules).toEqual([
      { id: "actions__due__not_before__opened", item: "actions.due", op: "not_before", target: "opened", message: "m1", runtime: false },
      { id: "actions__due__not_after__today", item: "actions.due", op: "not_after", target: "today", message: "m2", runtime: true },
      { id: "own_id", item: "opened", op: "not_after", target: "today", message: "m3", runtime: true },
    ]);
  });

  it("carries only the choice lists the version uses, with retired marked", () => {
    expect(form.choiceLists).toEqual({
      status: {
        name: "status",
        title: "status",
        choices: [
          { code: "open", label: "Open", retired: false },
          { code: "closed", label: "Closed", retired: false },
        ],
      },
    });
  });

  it("titles the version after the collection unless it has its own title", () => {
    expect(form.title).toBe("Synthetic reviews, version 1.0");
    expect(form.collection).toEqual({ id: "synthetic", title: "Synthetic reviews", shortTitle: "Synthetic reviews", list: { filters: [], search: [], columns: [], dateFilters: [], views: [] } });
    expect(form.sources).toEqual(["collection.yaml", "versions/1.0.yaml", "choices/status.yaml"]);
  });
});

describe("sections", () => {
  const items = [
    { key: "first", label: "First", type: "short_text" },
    { key: "second", label: "Second", type: "short_text" },
    { key: "third", label: "Third", type: "short_text" },
  ];

  it("puts every item in one section, titled after the version, when none are given", async () => {
    const { form } = await compileSynthetic({ versions: { "1.0": { title: "Version title", items } } });
    expect(form.sections).toEqual([{ id: "main", title: "Version title", items: ["first", "second", "third"] }]);
    expect(form.items.map((i) => i.section)).toEqual([undefined, undefined, undefined]);
    expect(form.uiSchema["ui:order"]).toEqual(["first", "second", "third"]);
  });

  it("titles the default section after the collection when the version has no title", async () => {
    const { form } = await compileSynthetic({ collection: { title: "Collection title" }, versions: { "1.0": { items } } });
    expect(form.sections).toEqual([{ id: "main", title: "Collection title", items: ["first", "second", "third"] }]);
  });

  it("keeps the given sections, in their order, and tells each item its section", async () => {
    const { form } = await compileSynthetic({
      versions: {
        "1.0": {
          sections: [
            { id: "later", title: "Later", description: "Filled in later", items: ["third", "first"] },
            { id: "now", title: "Now", items: ["second"] },
          ],
          items,
        },
      },
    });
    expect(form.sections).toEqual([
      { id: "later", title: "Later", description: "Filled in later", items: ["third", "first"] },
      { id: "now", title: "Now", items: ["second"] },
    ]);
    expect(form.items.map((i) => [i.key, i.section])).toEqual([
      ["first", "later"],
      ["second", "now"],
      ["third", "later"],
    ]);
    expect(form.uiSchema["ui:order"]).toEqual(["third", "first", "second"]);
  });
});

describe("compile determinism", () => {
  const spec: CollectionSpec = {
    choices: { status: ["open", "closed"], theme: ["a", "b", "c"] },
    versions: {
      "1.0": {
        items: [
          { key: "status", label: "Status", type: "single_choice", choices: "status", required: true },
          { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme", required_when: { item: "status", equals: "closed" } },
          { key: "opened", label: "Opened", type: "date" },
          { key: "closed", label: "Closed", type: "date", forbidden_when: { not: { item: "status", equals: "closed" } } },
          { key: "steps", label: "Steps", type: "repeating_group", items: [{ key: "when", label: "When", type: "date" }] },
        ],
        rules: [
          { item: "closed", after: "opened", message: "After ({other})" },
          { item: "steps.when", not_after: "today", message: "Not in the future" },
        ],
      },
      "2.0": { supersedes: "1.0", items: [{ key: "status", label: "Status", type: "single_choice", choices: "status" }] },
    },
  };

  it("gives byte-identical JSON and validator code for the same definitions, in any folder", async () => {
    const first = writeCollection(spec);
    const second = writeCollection(spec);
    try {
      const a = compileCollectionDir(first);
      const again = compileCollectionDir(first);
      const b = compileCollectionDir(second);
      expect(a.map((f) => f.version)).toEqual(["1.0", "2.0"]);
      expect(JSON.stringify(again)).toBe(JSON.stringify(a));
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect((await compileRecordValidator(b[0]!)).code).toBe((await compileRecordValidator(a[0]!)).code);
    } finally {
      removeCollection(first);
      removeCollection(second);
    }
  });

  it("changes the source hash when a definition file changes", () => {
    const first = writeCollection(spec);
    const changed = writeCollection({ ...spec, choices: { ...spec.choices, status: ["open", "closed", "paused"] } });
    try {
      const [a] = compileCollectionDir(first);
      const [b] = compileCollectionDir(changed);
      expect(b!.sourceHash).not.toBe(a!.sourceHash);
      expect(b!.choiceLists.status!.choices.map((c) => c.code)).toEqual(["open", "closed", "paused"]);
    } finally {
      removeCollection(first);
      removeCollection(changed);
    }
  });
});

describe("compiling a collection with problems", () => {
  it("throws a DefinitionError listing every problem", async () => {
    const error = await compileSynthetic({
      versions: { "1.0": { items: [{ key: "a", label: "A", type: "date" }], rules: [{ item: "a", before: "b", message: "m" }] } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).problems.map((p) => [p.code, p.message])).toEqual([["unknown_item", 'rule compares "a" with unknown item "b"']]);
  });
});
