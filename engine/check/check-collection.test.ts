/**
 * Semantic problems in synthetic collections (what the language schema cannot see), each at
 * its file:line:column: unknown items in rules, conditions and sections, duplicates, type
 * mismatches, unknown choice lists and codes, conditions that can never hold, and versions
 * that claim to be published without having been.
 */
import { describe, expect, it } from "vitest";
import type { Problem } from "../index.ts";
import { checkSynthetic, type CollectionSpec } from "../test-support/synthetic.ts";

const HEADER = 'collection: synthetic\nversion: "1.0"\nstatus: draft\neffective_from: 2025-01-01\n';
const VERSION = "versions/1.0.yaml";
const CHOICES: CollectionSpec["choices"] = { status: ["open", "closed"], theme: ["abuse", "other"] };

/** Checks a collection whose version file is `HEADER + lines`, with the status and theme lists. */
function check(lines: string[], rest: Omit<CollectionSpec, "versions"> = { choices: CHOICES }) {
  const checked = checkSynthetic({ ...rest, versions: { "1.0": HEADER + lines.join("\n") + "\n" } });
  const at = (marker: string, column: number, message: string, code: string, file = VERSION): Problem => ({
    file: `synthetic/${file}`,
    line: checked.lineOf(file, marker),
    column,
    message,
    code,
  });
  return { problems: checked.problems, at };
}

const STATUS = ["  - key: status", "    label: Status", "    type: single_choice", "    choices: status"];
const THEMES = ["  - key: themes", "    label: Themes", "    type: multiple_choice", "    choices: theme"];
const OPENED = ["  - key: opened", "    label: Opened", "    type: date"];

describe("a clean synthetic collection", () => {
  it("has no problems", () => {
    const { problems } = check(["items:", ...STATUS, ...THEMES, ...OPENED, "rules:", "  - item: opened", "    not_after: today", "    message: Not in the future"]);
    expect(problems).toEqual([]);
  });
});

describe("unknown item references", () => {
  it("in a rule's item and in what it compares with", () => {
    const { problems, at } = check([
      "items:",
      ...OPENED,
      "rules:",
      "  - item: openned",
      "    not_after: today",
      "    message: m1",
      "  - item: opened",
      "    after: created",
      "    message: m2",
    ]);
    expect(problems).toEqual([
      at("item: openned", 11, 'rule names unknown item "openned"', "unknown_item"),
      at("after: created", 12, 'rule compares "opened" with unknown item "created"', "unknown_item"),
    ]);
  });

  it("in a condition, with a suggestion", () => {
    const { problems, at } = check(["items:", ...STATUS, "  - key: closed", "    label: Closed", "    type: date", "    required_when: { item: stauts, equals: closed }"]);
    expect(problems).toEqual([at("stauts", 28, 'condition of "closed" names unknown item "stauts"; did you mean "status"?', "unknown_item")]);
  });

  it("in a condition inside a repeating group that names a top-level item", () => {
    const { problems, at } = check([
      "items:",
      ...STATUS,
      "  - key: steps",
      "    label: Steps",
      "    type: repeating_group",
      "    items:",
      "      - key: note",
      "        label: Note",
      "        type: short_text",
      "        forbidden_when: { item: status, equals: open }",
    ]);
    expect(problems).toEqual([
      at(
        "forbidden_when",
        33,
        'condition of "note" names unknown item "status" in this repeating group (conditions may only read items of the same entry)',
        "unknown_item",
      ),
    ]);
  });

  it("in a section, and an item in no section", () => {
    const { problems, at } = check([
      "sections:",
      "  - id: main",
      "    title: Main",
      "    items: [statu]",
      "items:",
      ...STATUS,
    ]);
    expect(problems).toEqual([
      at("items: [statu]", 13, 'section "main" lists unknown item "statu"; did you mean "status"?', "unknown_item"),
      at("key: status", 10, 'item "status" is not in any section', "unplaced_item"),
    ]);
  });

  it("in collection.yaml's record title and list settings", () => {
    const { problems, at } = check(["items:", ...OPENED], {
      collection: "collection: synthetic\ntitle: Synthetic\nowner_organisation_type: icb\nrecord_title: title\nlist:\n  columns: [opened, closed]\n",
    });
    expect(problems).toEqual([
      at("record_title", 15, '"title" is not an item of version 1.0', "unknown_item", "collection.yaml"),
      at("columns", 21, '"closed" is not an item of version 1.0', "unknown_item", "collection.yaml"),
    ]);
  });
});

describe("the dashboard and learning settings", () => {
  const settings = (lines: string[]) => ({ choices: CHOICES, collection: ["collection: synthetic", "title: Synthetic", "owner_organisation_type: icb", ...lines, ""].join("\n") });
  const TEXT = ["  - key: lessons", "    label: Lessons", "    type: long_text"];

  it("accept items of the right types", () => {
    const { problems } = check(["items:", ...STATUS, ...THEMES, ...OPENED, ...TEXT], settings([
      "dashboard:",
      "  open_when: { item: status, equals: open }",
      "  opened_on: opened",
      "  breakdowns: [status, themes]",
      "  durations: [{ id: d, label: Days, from: opened, to: opened }]",
      "  outstanding: [{ id: o, label: Open with abuse, when: { item: themes, includes: abuse } }]",
      "learning: { items: [lessons], filters: [themes], signed_off: opened }",
    ]));
    expect(problems).toEqual([]);
  });

  it("name unknown items and codes, wrong types and repeated ids, each where it is written", () => {
    const { problems, at } = check(["items:", ...STATUS, ...THEMES, ...OPENED, ...TEXT], settings([
      "dashboard:",
      "  open_when: { item: status, equals: opn }",
      "  opened_on: openned",
      "  closed_on: status",
      "  breakdowns: [lessons]",
      "  durations:",
      "    - { id: d, label: Days, from: opened, to: opened }",
      "    - { id: d, label: Again, from: opened, to: opened }",
      "learning: { items: [status], filters: [opened] }",
    ]));
    const c = "collection.yaml";
    expect(problems).toEqual([
      at("opn", 38, '"opn" is not a code of choice list "status" (item "status"), so this condition can never be true', "unknown_code", c),
      at("openned", 14, '"openned" is not an item of version 1.0; did you mean "opened"?', "unknown_item", c),
      at("closed_on", 14, '"status" must be a date item, but it is single choice', "wrong_item_type", c),
      at("breakdowns", 16, '"lessons" must be a choice item, but it is long text', "wrong_item_type", c),
      at("label: Again", 13, 'duplicate id "d"', "duplicate_id", c),
      at("learning", 21, '"status" must be a text item, but it is single choice', "wrong_item_type", c),
      at("learning", 40, '"opened" must be a choice item, but it is date', "wrong_item_type", c),
    ]);
  });
});

describe("record status and actions", () => {
  const settings = (lines: string[]) => ({ choices: CHOICES, collection: ["collection: synthetic", "title: Synthetic", "owner_organisation_type: icb", ...lines, ""].join("\n") });
  const CLOSED = ["  - key: closed_on", "    label: Closed on", "    type: date"];

  it("accept a single choice status and actions that ask and set items of the version", () => {
    const { problems } = check(["items:", ...STATUS, ...THEMES, ...CLOSED], settings([
      "record_status: { item: status, colours: { open: blue, closed: grey } }",
      "actions:",
      "  - id: close",
      "    title: Close",
      "    when: { item: status, equals: open }",
      "    sets: { status: closed }",
      "    asks: [closed_on]",
      "    done: Record {record} closed",
      "    waiting_list: Records to close",
    ]));
    expect(problems).toEqual([]);
  });

  it("name unknown items, codes and ids, and wrong types, each where it is written", () => {
    const { problems, at } = check(["items:", ...STATUS, ...THEMES, ...CLOSED], settings([
      "record_status: { item: status, colours: { open: blue, shut: grey } }",
      "actions:",
      "  - id: close",
      "    title: Close",
      "    when: { item: status, equals: opn }",
      "    sets: { status: shut, themes: abuse }",
      "    asks: [closed_onn, status]",
      "    done: Closed",
      "  - id: close # again",
      "    title: Again",
      "    asks: [closed_on]",
      "    done: Done",
    ]));
    const c = "collection.yaml";
    expect(problems).toEqual([
      at("shut: grey", 61, '"shut" is not a code of "status"', "unknown_code", c),
      at("opn", 35, '"opn" is not a code of choice list "status" (item "status"), so this condition can never be true', "unknown_code", c),
      at("shut, themes", 21, '"shut" is not a code of choice list "status" (item "status")', "unknown_code", c),
      at("shut, themes", 35, '"themes" must be a single choice item, but it is multiple choice', "wrong_item_type", c),
      at("closed_onn", 12, '"closed_onn" is not an item of version 1.0; did you mean "closed_on"?', "unknown_item", c),
      at("closed_onn", 24, '"status" is both set and asked by action "close"', "conflicting_action", c),
      at("# again", 9, 'duplicate action id "close"', "duplicate_id", c),
    ]);
  });

  it("refuse an action without questions or with an unknown key, through the language schema", () => {
    const { problems } = check(["items:", ...STATUS], settings(["actions:", "  - { id: a, title: A, asks: [], done: D, colour: red }"]));
    expect(problems.map((p) => p.message)).toEqual(['"asks" must have at least 1 entry', 'unknown key "colour"']);
  });
});

describe("the list's date filters and saved views", () => {
  const settings = (lines: string[]) => ({ choices: CHOICES, collection: ["collection: synthetic", "title: Synthetic", "owner_organisation_type: icb", "list:", ...lines, ""].join("\n") });

  it("accept date items and views whose conditions name items and codes of the version", () => {
    const { problems } = check(["items:", ...STATUS, ...THEMES, ...OPENED], settings([
      "  date_filters: [opened]",
      "  views:",
      "    - { id: open_abuse, title: Open abuse cases, roles: [editor, viewer], when: { all: [{ item: status, equals: open }, { item: themes, includes: abuse }] } }",
      "    - { id: stale, title: Not updated, roles: [national], complete: false, migrated: true, not_updated_for_days: 90 }",
    ]));
    expect(problems).toEqual([]);
  });

  it("name an unknown or non-date filter item, a bad condition, an empty view and a repeated id where each is written", () => {
    const { problems, at } = check(["items:", ...STATUS, ...THEMES, ...OPENED], settings([
      "  date_filters: [openned, status]",
      "  views:",
      "    - { id: v, title: One, roles: [regional], when: { item: status, equals: shut } }",
      "    - { id: v, title: Two, roles: [regional], when: { item: stat, present: true } }",
      "    - { id: w, title: Nothing, roles: [national] } # empty",
    ]));
    const c = "collection.yaml";
    expect(problems).toEqual([
      at("date_filters", 18, '"openned" is not an item of version 1.0; did you mean "opened"?', "unknown_item", c),
      at("date_filters", 27, '"status" must be a date item, but it is single choice', "wrong_item_type", c),
      at("title: One", 77, '"shut" is not a code of choice list "status" (item "status"), so this condition can never be true', "unknown_code", c),
      at("title: Two", 13, 'duplicate id "v"', "duplicate_id", c),
      at("title: Two", 61, 'condition of "v" names unknown item "stat"; did you mean "status"?', "unknown_item", c),
      at("# empty", 7, 'view "w" needs a test: when, complete, migrated or not_updated_for_days', "empty_view", c),
    ]);
  });

  it("refuse a role that is not a reader role, at its position", () => {
    const { problems, at } = check(["items:", ...STATUS], settings(["  views:", "    - { id: v, title: One, roles: [admin], complete: false }"]));
    expect(problems).toHaveLength(1);
    const { line } = at("roles: [admin]", 0, "", "", "collection.yaml");
    expect(problems[0]).toMatchObject({ file: "synthetic/collection.yaml", line });
    expect(problems[0]!.message).toMatch(/editor|viewer|regional|national/);
  });
});

describe("a saved view that repeats an action's waiting list", () => {
  const settings = (views: string[]) => ({
    choices: CHOICES,
    collection: [
      "collection: synthetic",
      "title: Synthetic",
      "owner_organisation_type: icb",
      "list:",
      "  views:",
      ...views,
      "actions:",
      "  - id: close",
      "    title: Close",
      "    when: { item: status, equals: open }",
      "    asks: [closed_on]",
      "    done: Record {record} closed",
      "    waiting_list: Records to close",
      "",
    ].join("\n"),
  });
  const ITEMS = ["items:", ...STATUS, "  - key: closed_on", "    label: Closed on", "    type: date"];

  it("is refused by the same title or by the same records (the action's condition and its questions blank, in any order), at the view", () => {
    const { problems, at } = check(ITEMS, settings([
      "    - { id: same_title, title: records TO close, roles: [regional], when: { item: status, equals: closed } }",
      "    - { id: same_records, title: To close, roles: [regional], when: { all: [{ item: closed_on, present: false }, { all: [{ equals: open, item: status }] }] } }",
    ]));
    const c = "collection.yaml";
    expect(problems).toEqual([
      at("id: same_title", 7, 'view "same_title" repeats the waiting list of action "close" ("Records to close"); list those records once, with the action\'s waiting_list', "duplicate_list", c),
      at("id: same_records", 7, 'view "same_records" repeats the waiting list of action "close" ("Records to close"); list those records once, with the action\'s waiting_list', "duplicate_list", c),
    ]);
  });

  it("is not refused when it lists other records or tests more than the answers", () => {
    const { problems } = check(ITEMS, settings([
      "    - { id: open, title: Open records, roles: [regional], when: { item: status, equals: open } }",
      "    - { id: stale, title: Stale open records, roles: [regional], when: { all: [{ item: status, equals: open }, { item: closed_on, present: false }] }, not_updated_for_days: 90 }",
    ]));
    expect(problems).toEqual([]);
  });
});

describe("duplicates", () => {
  it("item keys, at the second key", () => {
    const { problems, at } = check(["items:", ...OPENED, "  - key: opened # again", "    label: Opened again", "    type: date"]);
    expect(problems).toEqual([at("# again", 10, 'duplicate item key "opened"', "duplicate_item")]);
  });

  it("codes and labels in a choice list", () => {
    const { problems, at } = check(["items:", ...STATUS], {
      choices: { status: "list: status\nchoices:\n  - code: open\n    label: Open\n  - code: open # again\n    label: Opened\n  - code: shut\n    label: Open # again\n" },
    });
    const file = "choices/status.yaml";
    expect(problems).toEqual([
      at("code: open # again", 11, 'duplicate code "open" in choice list "status"', "duplicate_code", file),
      at("label: Open # again", 12, 'duplicate label "Open" in choice list "status"', "duplicate_label", file),
    ]);
  });

  it("section ids, an item in two sections, and a repeated rule", () => {
    const { problems, at } = check([
      "sections:",
      "  - id: main",
      "    title: Main",
      "    items: [opened]",
      "  - id: main # again",
      "    title: Again",
      "    items: [opened] # again",
      "items:",
      ...OPENED,
      "rules:",
      "  - item: opened",
      "    not_after: today",
      "    message: m1",
      "  - item: opened # again",
      "    not_after: today",
      "    message: m2",
    ]);
    expect(problems).toEqual([
      at("id: main # again", 9, 'duplicate section id "main"', "duplicate_section"),
      at("items: [opened] # again", 13, 'item "opened" is already in section "main"', "duplicate_item"),
      at("item: opened # again", 5, 'rule repeats rule 1 ("opened not after today")', "duplicate_rule"),
    ]);
  });
});

describe("type mismatches", () => {
  it("a date rule on a text item, and a date compared with a text item", () => {
    const { problems, at } = check([
      "items:",
      ...OPENED,
      "  - key: title",
      "    label: Title",
      "    type: short_text",
      "rules:",
      "  - item: title",
      "    not_after: today",
      "    message: m1",
      "  - item: opened",
      "    not_before: title",
      "    message: m2",
    ]);
    expect(problems).toEqual([
      at("item: title", 11, 'date rule on "title", which is a short text item, not a date', "rule_not_date"),
      at("not_before: title", 17, 'rule compares "opened" with "title", which is a short text item, not a date', "rule_not_date"),
    ]);
  });

  it("a key that does not apply to the item's type", () => {
    const { problems, at } = check(["items:", ...OPENED, "    max_length: 10", "  - key: link", "    label: Link", "    type: url", "    pattern: x", ...STATUS, "    width: 10"]);
    expect(problems).toEqual([
      at("max_length: 10", 17, '"max_length" does not apply to a date item ("opened")', "key_not_for_type"),
      at("pattern: x", 14, '"pattern" does not apply to a url item ("link")', "key_not_for_type"),
      at("width: 10", 12, '"width" does not apply to a single choice item ("status")', "key_not_for_type"),
    ]);
  });

  it("a width that is not one of the NHS input widths", () => {
    const { problems } = check(["items:", "  - key: ref", "    label: Ref", "    type: short_text", "    width: 7"]);
    expect(problems.map((p) => [p.line, p.code])).toEqual([[10, "invalid_value"]]);
  });

  it("a pages layout without sections", () => {
    const { problems, at } = check(["layout: pages", "items:", ...OPENED]);
    expect(problems).toEqual([at("layout: pages", 9, 'layout "pages" shows each section as a page: give the version sections', "pages_without_sections")]);
  });

  it("a condition that reads an item of the wrong type", () => {
    const { problems, at } = check([
      "items:",
      ...STATUS,
      ...THEMES,
      "  - key: a",
      "    label: A",
      "    type: short_text",
      "    required_when: { item: status, includes: open }",
      "  - key: b",
      "    label: B",
      "    type: short_text",
      "    required_when: { item: themes, equals: other }",
    ]);
    expect(problems).toEqual([
      at("includes: open", 46, '"includes" reads a multiple choice item, but "status" is single choice', "condition_type"),
      at("equals: other", 44, '"equals" compares a single choice item, but "themes" is multiple choice', "condition_type"),
    ]);
  });

  it("a rule in one repeating group compared with another group's item", () => {
    const group = (key: string) => [`  - key: ${key}`, `    label: ${key}`, "    type: repeating_group", "    items:", "      - key: due", "        label: Due", "        type: date"];
    const { problems, at } = check(["items:", ...group("first"), ...group("second"), "rules:", "  - item: first.due", "    before: second.due", "    message: m"]);
    expect(problems).toEqual([
      at("before: second.due", 13, '"first.due" cannot be compared with "second.due": an item can only be compared with its own entry\'s items or top-level items', "rule_scope"),
    ]);
  });
});

describe("choice lists and codes", () => {
  it("an unknown choice list, with a suggestion", () => {
    const { problems, at } = check(["items:", "  - key: status", "    label: Status", "    type: single_choice", "    choices: statuses"]);
    expect(problems).toEqual([at("choices: statuses", 14, 'choice list "statuses" does not exist (item "status"); did you mean "status"?', "unknown_list")]);
  });

  it("a choice item with no list", () => {
    const { problems, at } = check(["items:", "  - key: status", "    label: Status", "    type: single_choice"]);
    expect(problems).toEqual([at("key: status", 5, 'choice item "status" needs "choices" naming a choice list', "missing_choices")]);
  });

  it("a condition naming a code its item does not have", () => {
    const { problems, at } = check([...["items:", ...STATUS], "  - key: closed", "    label: Closed", "    type: date", "    required_when: { item: status, in: [closed, shut] }"]);
    expect(problems).toEqual([at("shut", 49, '"shut" is not a code of choice list "status" (item "status"), so this condition can never be true', "unknown_code")]);
  });

  it("a list whose codes are all retired, and a default that is not a current code", () => {
    const { problems, at } = check(["items:", ...STATUS, "    default: closed"], {
      choices: { status: "list: status\nchoices:\n  - code: open\n    label: Open\n    retired: true\n  - code: closed\n    label: Closed\n    retired: 2024-01-01\n" },
    });
    expect(problems).toEqual([
      at("code: open", 3, 'every code of "status" is retired: nothing can be chosen', "all_retired", "choices/status.yaml"),
      at("default: closed", 14, 'default "closed" of "status" is not a current code of choice list "status"', "invalid_default"),
    ]);
  });
});

describe("conditions that cannot work", () => {
  it("a condition that can never be true", () => {
    const { problems, at } = check([
      "items:",
      ...STATUS,
      "  - key: a",
      "    label: A",
      "    type: short_text",
      "    required_when: { all: [{ item: status, equals: open }, { item: status, equals: closed }] }",
    ]);
    expect(problems).toEqual([at("required_when", 20, 'required_when of "a" can never be true', "never_true")]);
  });

  it("an item that can be required and forbidden at once", () => {
    const { problems, at } = check([
      "items:",
      ...STATUS,
      "  - key: a",
      "    label: A",
      "    type: short_text",
      "    required_when: { item: status, in: [open, closed] }",
      "    forbidden_when: { item: status, equals: closed } # a",
      "  - key: b",
      "    label: B",
      "    type: short_text",
      "    required: true",
      "    forbidden_when: { item: status, equals: closed } # b",
    ]);
    expect(problems).toEqual([
      at("# a", 21, '"a" can be both required and forbidden at once', "required_and_forbidden"),
      at("# b", 21, '"b" is required, so forbidden_when would make the record impossible to complete', "required_and_forbidden"),
    ]);
  });

  it("a condition on the item itself", () => {
    const { problems, at } = check([...["items:", ...STATUS], "    required_when: { item: status, equals: open }"]);
    expect(problems).toEqual([at("required_when", 28, 'condition of "status" cannot depend on "status" itself', "self_reference")]);
  });
});

describe("rules that cannot work", () => {
  it("a rule that names two operators", () => {
    const { problems, at } = check(["items:", ...OPENED, "  - key: closed", "    label: Closed", "    type: date", "rules:", "  - item: closed", "    before: today", "    after: opened", "    message: m"]);
    expect(problems).toEqual([at("after: opened", 5, "rule 1 names both before and after: a rule uses exactly one of before, not_before, after, not_after", "invalid_rule")]);
  });

  it("a rule with an id but no operator", () => {
    const { problems, at } = check(["items:", ...OPENED, "rules:", "  - id: no_operator", "    item: opened", "    message: m"]);
    expect(problems).toEqual([at("id: no_operator", 5, "rule 1 needs one of before, not_before, after, not_after", "invalid_rule")]);
  });

  it("a rule comparing a date with itself, and two rules that contradict each other", () => {
    const { problems, at } = check([
      "items:",
      ...OPENED,
      "  - key: closed",
      "    label: Closed",
      "    type: date",
      "rules:",
      "  - item: opened",
      "    before: opened # itself",
      "    message: m1",
      "  - item: closed",
      "    before: opened",
      "    message: m2",
      "  - item: closed",
      "    after: opened",
      "    message: m3",
    ]);
    expect(problems).toEqual([
      at("# itself", 13, 'rule compares "opened" with itself, so it can never hold', "never_true"),
      at("after: opened", 12, '"closed after opened" contradicts rule 2: both can never hold', "never_true"),
    ]);
  });
});

describe("files and versions", () => {
  it("a version whose number does not match its file name", () => {
    const checked = checkSynthetic({ versions: { "1.0": 'collection: synthetic\nversion: "1.1"\nstatus: draft\neffective_from: 2025-01-01\nitems:\n  - key: a\n    label: A\n    type: date\n' } });
    expect(checked.problems).toEqual([
      { file: "synthetic/versions/1.0.yaml", line: checked.lineOf(VERSION, "version:"), column: 10, message: 'version "1.1" must match its file name "1.0.yaml"', code: "version_mismatch" },
    ]);
  });

  it("a version that says it is published without a lock entry; a draft needs none", () => {
    const items = [{ key: "a", label: "A", type: "date" }];
    expect(checkSynthetic({ versions: { "1.0": { items } } }).problems).toEqual([]);
    const checked = checkSynthetic({ versions: { "1.0": { status: "published", items } } });
    expect(checked.problems).toEqual([
      {
        file: "synthetic/versions/1.0.yaml",
        line: checked.lineOf(VERSION, "status: published"),
        column: 9,
        message:
          "version 1.0 says it is published, but versions.lock.yaml has no record of it being published: make it a draft and run npm run scrt -- forms publish synthetic 1.0",
        code: "not_published",
      },
    ]);
  });

  it("a published version whose definition changed since it was locked", () => {
    const items = [{ key: "a", label: "A", type: "date" }];
    const lock = { versions: { "1.0": { status: "published", fingerprint: "sha256:0000" } } };
    const checked = checkSynthetic({ versions: { "1.0": { status: "published", items } }, lock });
    expect(checked.problems.map((p) => [p.line, p.column, p.code])).toEqual([[1, 1, "fixed_version_changed"]]);
  });
});
