/**
 * `forms lint` on the repository and on broken copies of the S-CRT definitions: each kind of
 * problem is reported at its exact file:line:column, and the command exits 1.
 */
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { formatProblem, lint } from "../engine/index.ts";
import { copyCollection, runCli, type TempCollection } from "./helpers.ts";

let copy: TempCollection;
afterEach(() => copy?.cleanup());

/** Lints the copy and returns its problems as file:line:column: message, paths relative to the copy's root. */
function problems(c: TempCollection): string[] {
  return lint([c.dir], { displayRoot: c.root }).problems.filter((p) => p.code !== "fixed_version_changed").map(formatProblem);
}

describe("forms lint on the repository", () => {
  it("finds no problems and exits 0", () => {
    const result = runCli(["forms", "lint"]);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/no problems/);
    expect(result.status).toBe(0);
  });
});

describe("forms lint on broken copies", () => {
  it("says where a file lacks its language version, and how to add it", () => {
    copy = copyCollection();
    copy.edit("choices/yes_no.yaml", "language: 1\n", "");
    const line = copy.lineOf("versions/1.0.yaml", "language: 1");
    copy.edit("versions/1.0.yaml", "language: 1\n", "");
    expect(problems(copy)).toEqual([
      's-crt/choices/yes_no.yaml:2:1: missing "language": add `language: 1` as the first key (the version of the definition language this file is written in)',
      `s-crt/versions/1.0.yaml:${line}:1: missing "language": add \`language: 1\` as the first key (the version of the definition language this file is written in)`,
    ]);
  });

  it("refuses a file in a newer language than the engine knows, at the key", () => {
    copy = copyCollection();
    const line = copy.edit("migrations/1.0-to-2.0.yaml", "language: 1\n", "language: 2\n", "language: 2");
    const result = runCli(["forms", "lint", copy.dir], { cwd: copy.root });
    expect(result.stdout).toBe(`s-crt/migrations/1.0-to-2.0.yaml:${line}:11: language 2 is newer than this engine knows (it reads language 1): update the engine, or write this file in language 1\n`);
    expect(result.status).toBe(1);
  });

  it("reports an unknown key at the key, with a suggestion", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    label: Date added\n", "    label: Date added\n    requried: true\n", "requried: true");
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:5: unknown key "requried" in item "date_added"; did you mean "required"?`]);
  });

  it("reports an unknown key in collection.yaml and in a choice list", () => {
    copy = copyCollection();
    const a = copy.edit("collection.yaml", "record_title:", "colour: blue\nrecord_title:", "colour: blue");
    const b = copy.edit("choices/yes_no.yaml", '    label: "No"\n', '    label: "No"\n    retierd: true\n', "retierd");
    expect(problems(copy)).toEqual([
      `s-crt/choices/yes_no.yaml:${b}:5: unknown key "retierd" in choice "no"; did you mean "retired"?`,
      `s-crt/collection.yaml:${a}:1: unknown key "colour"`,
    ]);
  });

  it("reports a rule naming an unknown item", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    not_before: date_report_signed_off", "    not_before: date_report_sign_off", "date_report_sign_off");
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:17: rule compares "publication_date" with unknown item "date_report_sign_off"`]);
  });

  it("reports a rule on an unknown item", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "  - item: publication_date\n", "  - item: publication_day\n", "publication_day");
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:11: rule names unknown item "publication_day"`]);
  });

  it("reports a date rule on a non-date item, and with a non-date item", () => {
    copy = copyCollection();
    const a = copy.edit("versions/2.0.yaml", "  - item: incident_date\n    not_after: today", "  - item: brief_overview\n    not_after: today", "item: brief_overview");
    const b = copy.edit("versions/2.0.yaml", "    not_before: date_report_signed_off", "    not_before: report_link", "not_before: report_link");
    expect(problems(copy)).toEqual([
      `s-crt/versions/2.0.yaml:${a}:11: date rule on "brief_overview", which is a long text item, not a date`,
      `s-crt/versions/2.0.yaml:${b}:17: rule compares "publication_date" with "report_link", which is a url item, not a date`,
    ]);
  });

  it("reports duplicate YAML keys", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    label: Incident date\n", "    label: Incident date\n    label: Date of incident\n", "Date of incident");
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:5: duplicate key "label"`]);
  });

  it("reports a duplicate item key", () => {
    copy = copyCollection();
    copy.edit("versions/2.0.yaml", "  - key: recommendations\n", "  - key: lessons_learned\n");
    const line = copy.lineOf("versions/2.0.yaml", "label: Recommendations") - 1;
    expect(problems(copy)).toContain(`s-crt/versions/2.0.yaml:${line}:10: duplicate item key "lessons_learned"`);
  });

  it("reports a duplicate choice code", () => {
    copy = copyCollection();
    const line = copy.edit("choices/abuse_theme.yaml", "{ code: fgm,", "{ code: sexual,", "{ code: sexual, label: Female");
    expect(problems(copy)).toEqual([`s-crt/choices/abuse_theme.yaml:${line}:13: duplicate code "sexual" in choice list "abuse_theme"`]);
  });

  it("reports a choice list that does not exist", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    choices: review_type_v2\n", "    choices: review_typ_v2\n", "review_typ_v2");
    expect(problems(copy)).toEqual([
      `s-crt/versions/2.0.yaml:${line}:14: choice list "review_typ_v2" does not exist (item "review_type"); did you mean "review_type_v2"?`,
    ]);
  });

  it("reports a condition that can never be true", () => {
    copy = copyCollection();
    const line = copy.edit(
      "versions/2.0.yaml",
      "    required_when: { item: status, equals: closed }\n    messages",
      "    required_when: { all: [{ item: status, equals: closed }, { item: status, equals: open }] }\n    messages",
      "equals: open }] }",
    );
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:20: required_when of "date_closed" can never be true`]);
  });

  it("reports a condition comparing with a code its item does not have", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    shown_when: { item: status, equals: closed }", "    shown_when: { item: status, equals: shut }", "equals: shut");
    expect(problems(copy)).toEqual([
      `s-crt/versions/2.0.yaml:${line}:41: "shut" is not a code of choice list "case_status" (item "status"), so this condition can never be true`,
    ]);
  });

  it("reports an item that could be required and forbidden at once", () => {
    copy = copyCollection();
    const line = copy.edit(
      "versions/2.0.yaml",
      "    required_when: { item: status, equals: closed }\n",
      "    required_when: { item: status, equals: closed }\n    forbidden_when: { item: status, in: [open, closed] }\n",
      "in: [open, closed]",
    );
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:21: "date_closed" can be both required and forbidden at once`]);
  });

  it("reports an item that could be required while hidden, since a hidden item cannot be answered", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    required_when: { item: review_type, equals: other }", "    required_when: { item: review_type, in: [other, sar] }", "in: [other, sar]");
    expect(problems(copy)).toEqual([
      `s-crt/versions/2.0.yaml:${line}:20: "review_type_other" can be required while it is hidden (shown_when does not hold), and a hidden item cannot be answered`,
    ]);
  });

  it("reports keep_when_hidden on an item that is never hidden", () => {
    copy = copyCollection();
    const line = copy.edit("versions/2.0.yaml", "    type: long_text\n    required: true\n", "    type: long_text\n    required: true\n    keep_when_hidden: true\n", "keep_when_hidden");
    expect(problems(copy)).toEqual([`s-crt/versions/2.0.yaml:${line}:23: keep_when_hidden of "brief_overview" needs a shown_when: the item is never hidden`]);
  });

  it("reports YAML syntax errors, and a version that is not text", () => {
    copy = copyCollection();
    const a = copy.edit("versions/1.0.yaml", 'version: "1.0"', "version: 1.0", "version: 1.0");
    const b = copy.edit("choices/publicity.yaml", "  - code: public\n", "  - code: public\n   label: [Public\n", "[Public");
    const found = problems(copy);
    expect(found).toContain(`s-crt/versions/1.0.yaml:${a}:10: "version" must be text (put it in quotes)`);
    expect(found.some((p) => p.startsWith(`s-crt/choices/publicity.yaml:${b}:`) && p.includes("YAML"))).toBe(true);
  });

  it("exits 1 from the command line and prints each problem", () => {
    copy = copyCollection();
    copy.edit("versions/2.0.yaml", "    choices: review_type_v2\n", "    choices: review_type_v3\n");
    copy.edit("versions/2.0.yaml", "  - item: publication_date\n", "  - item: publication_day\n");
    const result = runCli(["forms", "lint", "s-crt"], { cwd: copy.root });
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split("\n");
    // The two broken references, and that a published version was changed at all.
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^s-crt\/versions\/2\.0\.yaml:\d+:\d+: /);
    expect(lines[0]).toBe("s-crt/versions/2.0.yaml:1:1: s-crt/versions/2.0.yaml has changed since version 2.0 was published: a published version is fixed. Undo the change, or put it in a new draft version");
    expect(result.stderr).toMatch(/3 problems found/);
  });

  it("lints the collection of any file inside it, a migration included", () => {
    copy = copyCollection();
    const clean = runCli(["forms", "lint", join(copy.root, "s-crt/migrations/1.0-to-2.0.yaml")]);
    expect(clean.stderr).toMatch(/1 collection, 2 versions: no problems/);
    expect(clean.status).toBe(0);
    const line = copy.edit("migrations/1.0-to-2.0.yaml", "from: \"1.0\"", "from: \"0.9\"", "from: \"0.9\"");
    const broken = runCli(["forms", "lint", join(copy.root, "s-crt/migrations/1.0-to-2.0.yaml")], { cwd: copy.root });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`s-crt/migrations/1.0-to-2.0.yaml:${line}:`);
  });

  it("exits 1 when the path holds no collection", () => {
    copy = copyCollection();
    const result = runCli(["forms", "lint", join(copy.root, "nothing-here")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No collections found/);
  });
});

/**
 * A published version is fixed in what it means for data (keys, types, labels, limits,
 * conditions, writers, rules, codes), not in how it is presented: wording and layout may
 * improve in place.
 */
describe("what a fixed version's lock covers", () => {
  const changed = (c: TempCollection) => lint([c.dir], { displayRoot: c.root }).problems.filter((p) => p.code === "fixed_version_changed").map((p) => p.file);

  it.each([
    ["a hint", "    hint: A StEIS number looks like 2024/12345.", "    hint: For example, 2024/12345."],
    ["a question", "    question: What is the StEIS number or local identifier?", "    question: What is the case's StEIS number or local identifier?"],
    ["a message name", "    message_name: the incident date\n", "    message_name: the date of the incident\n"],
    ["an input width", "    width: 20\n", "    width: 30\n"],
    ["an item's own message", "      required: Enter the date the case was closed\n", "      required: Enter when the case was closed\n"],
    ["a rule's message", "    message: The incident date must be today or in the past\n", "    message: The incident date must not be in the future\n"],
    ["the sections", "  - id: learning\n    title: Learning\n", "  - id: learning\n    title: What was learned\n"],
    ["the layout", "owner_organisation_type: icb\n", "owner_organisation_type: icb\nlayout: pages\n"],
  ])("lets %s change in a published version", (_what, find, replace) => {
    copy = copyCollection();
    copy.edit("versions/2.0.yaml", find, replace);
    expect(changed(copy)).toEqual([]);
  });

  it.each([
    ["a limit", "    max_length: 50\n", "    max_length: 40\n"],
    ["a label", "    label: Incident date\n", "    label: Date of incident\n"],
    ["a type", "  - key: report_link\n    label: Link to report\n", "  - key: report_link\n    label: Link to report\n    type: short_text\n"],
    ["a condition", "    required_when: { item: latest_update, present: true }", "    required_when: { item: latest_update, present: false }"],
    ["a rule", "    not_before: date_report_signed_off\n", "    after: date_report_signed_off\n"],
    ["who may write an item", "    writers: [regional, national]\n", "    writers: [regional]\n"],
    ["a required item", "    type: long_text\n    required: true\n", "    type: long_text\n"],
  ])("refuses %s changed in a published version", (_what, find, replace) => {
    copy = copyCollection();
    if (_what === "a type") copy.edit("versions/2.0.yaml", "    type: url\n", "");
    copy.edit("versions/2.0.yaml", find, replace);
    expect(changed(copy)).toEqual(["s-crt/versions/2.0.yaml"]);
  });

  it("refuses a changed code or answer of a choice list a published version uses, but not its hint", () => {
    copy = copyCollection();
    copy.edit("choices/review_type_v2.yaml", "    label: Rapid Review\n", "    label: Rapid Review\n    hint: Done within 15 working days.\n");
    expect(changed(copy)).toEqual([]);
    copy.edit("choices/review_type_v2.yaml", "  - code: rapid_review\n", "  - code: rapid\n");
    expect(changed(copy)).toContain("s-crt/versions/2.0.yaml");
  });

  it("keeps a version locked before wording was free fixed word for word", () => {
    copy = copyCollection();
    // A lock written by the earlier engine: the whole file, hints and all.
    copy.write("versions.lock.yaml", `versions:\n  "1.0":\n    status: retired\n    fingerprint: sha256:0d63b4eba44a4fb5a2fef9f83bf291284b61f4a9cc6d8b4a0e1570cbf4c624f4\n  "2.0":\n    status: published\n    fingerprint: sha256:0000\n`);
    expect(changed(copy)).toEqual(["s-crt/versions/2.0.yaml"]);
  });
});
