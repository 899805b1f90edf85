/**
 * Problems of syntax and shape found while loading a synthetic collection, each at the file,
 * line and column of the offending node: YAML errors, duplicate keys, unknown keys (with a
 * suggestion), wrong types and values, malformed conditions and rules.
 */
import { describe, expect, it } from "vitest";
import { formatProblem, type Problem } from "../index.ts";
import { checkSynthetic, type CollectionSpec } from "../test-support/synthetic.ts";

const HEADER = 'collection: synthetic\nversion: "1.0"\nstatus: draft\neffective_from: 2025-01-01\n';
const VERSION = "versions/1.0.yaml";

/** Checks a collection whose version file is `HEADER + body`, plus any other files given. */
function check(body: string, rest: Omit<CollectionSpec, "versions"> = {}) {
  const checked = checkSynthetic({ ...rest, versions: { "1.0": HEADER + body } });
  const at = (file: string, marker: string, column: number, message: string, code: string): Problem => ({
    file: `synthetic/${file}`,
    line: checked.lineOf(file, marker),
    column,
    message,
    code,
  });
  return { problems: checked.problems, at };
}

describe("YAML syntax", () => {
  it("reports a duplicate key at the second occurrence", () => {
    const { problems, at } = check("items:\n  - key: title\n    label: Title\n    type: short_text\n    label: Other title\n");
    expect(problems).toEqual([at(VERSION, "label: Other title", 5, 'duplicate key "label"', "duplicate_key")]);
  });

  it("reports a syntax error where it is found, as file:line:column", () => {
    const { problems, at } = check("items:\n  - key: title\n    label: [Title\n    type: short_text\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "synthetic/versions/1.0.yaml", code: "yaml_syntax" });
    expect(problems[0]!.message).toMatch(/^YAML: /);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(at(VERSION, "label: [Title", 1, "", "").line);
    expect(formatProblem(problems[0]!)).toMatch(/^synthetic\/versions\/1\.0\.yaml:\d+:\d+: YAML: /);
  });
});

describe("unknown keys", () => {
  it("reports an unknown item key at the key, suggesting the known key it resembles", () => {
    const { problems, at } = check("items:\n  - key: title\n    label: Title\n    type: short_text\n    requried: true\n");
    expect(problems).toEqual([at(VERSION, "requried", 5, 'unknown key "requried" in item "title"; did you mean "required"?', "unknown_key")]);
    expect(formatProblem(problems[0]!)).toBe(`synthetic/versions/1.0.yaml:${problems[0]!.line}:5: unknown key "requried" in item "title"; did you mean "required"?`);
  });

  it("suggests nothing when no known key is close", () => {
    const { problems, at } = check("items:\n  - key: title\n    label: Title\n    type: short_text\n", { collection: "collection: synthetic\ntitle: Synthetic\nowner_organisation_type: icb\ncolour: blue\n" });
    expect(problems).toEqual([at("collection.yaml", "colour", 1, 'unknown key "colour"', "unknown_key")]);
  });

  it("reports unknown keys in a version, a section, a rule, a message set and a choice", () => {
    const { problems, at } = check(
      [
        "sectons: []",
        "items:",
        "  - key: opened",
        "    label: Opened",
        "    type: date",
        "    messages:",
        "      requird: Enter it",
        "rules:",
        "  - item: opened",
        "    not_after: today",
        "    mesage: Not in the future",
        "",
      ].join("\n"),
      { choices: { yes_no: "list: yes_no\nchoices:\n  - code: y\n    label: Yes\n    retierd: true\n" } },
    );
    expect(problems).toEqual([
      at("choices/yes_no.yaml", "retierd", 5, 'unknown key "retierd" in choice "y"; did you mean "retired"?', "unknown_key"),
      at(VERSION, "sectons", 1, 'unknown key "sectons"; did you mean "sections"?', "unknown_key"),
      at(VERSION, "requird", 7, 'unknown key "requird" in item "opened"; did you mean "required"?', "unknown_key"),
      at(VERSION, "item: opened", 5, 'missing "message" in rule 1', "missing_key"),
      at(VERSION, "mesage", 5, 'unknown key "mesage" in rule 1; did you mean "message"?', "unknown_key"),
    ]);
  });
});

describe("wrong types and values", () => {
  it("reports a value of the wrong type at the value", () => {
    const { problems, at } = check("items:\n  - key: title\n    label: Title\n    type: short_text\n    max_length: ten\n    required: yes\n");
    expect(problems).toEqual([
      at(VERSION, "max_length: ten", 17, '"max_length" in item "title" must be a whole number', "invalid_type"),
      at(VERSION, "required: yes", 15, '"required" in item "title" must be true or false', "invalid_type"),
    ]);
  });

  it("asks for a version number in quotes", () => {
    const checked = checkSynthetic({ versions: { "1.0": "collection: synthetic\nversion: 1.0\nstatus: draft\neffective_from: 2025-01-01\nitems:\n  - key: a\n    label: A\n    type: date\n" } });
    expect(checked.problems).toEqual([
      { file: "synthetic/versions/1.0.yaml", line: checked.lineOf(VERSION, "version: 1.0"), column: 10, message: '"version" must be text (put it in quotes)', code: "invalid_type" },
    ]);
  });

  it("lists the allowed values of an unknown item type or status", () => {
    const checked = checkSynthetic({ versions: { "1.0": 'collection: synthetic\nversion: "1.0"\nstatus: live\neffective_from: 2025-01-01\nitems:\n  - key: a\n    label: A\n    type: text\n' } });
    expect(checked.problems).toEqual([
      { file: "synthetic/versions/1.0.yaml", line: checked.lineOf(VERSION, "status: live"), column: 9, message: '"status" must be one of: draft, published, retired', code: "invalid_value" },
      {
        file: "synthetic/versions/1.0.yaml",
        line: checked.lineOf(VERSION, "type: text"),
        column: 11,
        message: '"type" in item "a" must be one of: short_text, long_text, date, single_choice, multiple_choice, url, repeating_group',
        code: "invalid_value",
      },
    ]);
  });

  it("reports a missing key at the map that lacks it, and a key that is not snake_case", () => {
    const { problems, at } = check("items:\n  - key: title\n    type: short_text\n  - key: Other\n    label: Other\n    type: short_text\n");
    expect(problems).toEqual([
      at(VERSION, "key: title", 5, 'missing "label" in item "title"', "missing_key"),
      at(VERSION, "key: Other", 10, '"key" in item "Other" must be snake_case: lowercase letters, digits and _, starting with a letter', "invalid_value"),
    ]);
  });

  it("reports a malformed condition once, at the condition", () => {
    const { problems, at } = check(
      "items:\n  - key: note\n    label: Note\n    type: short_text\n  - key: detail\n    label: Detail\n    type: short_text\n    required_when: { all: [{ item: note, presnt: true }] }\n",
    );
    expect(problems).toEqual([
      at(
        VERSION,
        "presnt",
        28,
        'not a valid condition in item "detail": use {item, equals}, {item, in}, {item, includes}, {item, present}, {all}, {any} or {not}',
        "invalid_condition",
      ),
    ]);
  });

  it("reports a rule with no operator", () => {
    const { problems, at } = check("items:\n  - key: a\n    label: A\n    type: date\nrules:\n  - item: a\n    message: No operator\n");
    expect(problems).toEqual([
      at(VERSION, "item: a", 5, "a rule in rule 1 must name its item, exactly one of before, not_before, after or not_after, and a message", "invalid_rule"),
    ]);
  });

  it("stops before the semantic checks when a file has the wrong shape", () => {
    const { problems } = check("items:\n  - key: a\n    label: A\n    type: date\n    colour: red\nrules:\n  - item: nothing\n    before: today\n    message: m\n");
    expect(problems.map((p) => p.code)).toEqual(["unknown_key"]);
  });
});
