/**
 * A migration is checked against both versions it connects: unknown items and codes in its
 * steps, and breaking changes no step covers, each at its file:line:column.
 */
import { describe, expect, it } from "vitest";
import type { Problem } from "../index.ts";
import { checkSynthetic, type CollectionSpec } from "../test-support/synthetic.ts";

const MIGRATION = "migrations/1.0-to-2.0.yaml";

const VERSIONS: CollectionSpec["versions"] = {
  "1.0": {
    items: [
      { key: "kept", label: "Kept", type: "short_text" },
      { key: "gone", label: "Gone", type: "short_text" },
      { key: "kind", label: "Kind", type: "single_choice", choices: "kind" },
    ],
  },
  "2.0": {
    supersedes: "1.0",
    items: [
      { key: "kept", label: "Kept", type: "short_text" },
      { key: "kind", label: "Kind", type: "single_choice", choices: "kind_new" },
      { key: "added", label: "Added", type: "short_text", required: true },
    ],
  },
};

function check(steps: string[]) {
  const checked = checkSynthetic({
    choices: { kind: ["a", "b", "old"], kind_new: ["a", "b"] },
    versions: VERSIONS,
    migrations: { "1.0-to-2.0": ['collection: synthetic', 'from: "1.0"', 'to: "2.0"', "steps:", ...steps, ""].join("\n") },
  });
  const at = (marker: string, column: number, message: string, code: string): Problem => ({
    file: `synthetic/${MIGRATION}`,
    line: checked.lineOf(MIGRATION, marker),
    column,
    message,
    code,
  });
  return { problems: checked.problems, at };
}

const COVERING = ["  - archive: { item: gone }", "  - map_codes: { item: kind, codes: { old: b } }", "  - default: { item: added, value: none }"];

describe("checkMigration", () => {
  it("accepts a migration whose steps cover every breaking change", () => {
    expect(check(COVERING).problems).toEqual([]);
  });

  it("reports each breaking change no step covers, at the steps", () => {
    const { problems, at } = check(["  - copy: { from: kept, to: kept } # first"]);
    expect(problems).toEqual([
      at("# first", 3, "breaking change not covered: added item added (Added), required", "uncovered_change"),
      at("# first", 3, "breaking change not covered: kind: removed code old (Old)", "uncovered_change"),
      at("# first", 3, "breaking change not covered: removed item gone (Gone)", "uncovered_change"),
    ]);
  });

  it("reports items a step names that are not in the version it reads or writes", () => {
    const { problems, at } = check([...COVERING, "  - rename: { from: nope, to: kept }", "  - accept_incomplete: { items: [missing], reason: r }"]);
    expect(problems).toEqual([
      at("from: nope", 21, '"nope" is not an item of version 1.0', "unknown_item"),
      at("missing", 34, '"missing" is not an item of version 2.0', "unknown_item"),
    ]);
  });

  it("reports codes that are not codes of the item, and a split that keeps the answer outside its targets", () => {
    const { problems, at } = check([
      ...COVERING,
      "  - map_codes: { item: kind, codes: { gone: a, b: zzz } }",
      "  - split: { from: gone, to: [kept, added], keep_in: other, flag: f }",
    ]);
    expect(problems).toEqual([
      at("gone: a", 45, '"gone" is not a code of "kind" in version 1.0', "unknown_code"),
      at("gone: a", 51, '"zzz" is not a code of "kind" in version 2.0', "unknown_code"),
      at("keep_in: other", 54, 'keep_in "other" must be one of the split\'s targets', "invalid_step"),
    ]);
  });
});
