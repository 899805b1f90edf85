/**
 * `forms diff` on two tiny versions: every kind of change, each marked breaking or not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { diffForms, formatChanges, type Change, type CompiledForm } from "../index.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";

const text = (key: string, extra: Record<string, unknown> = {}) => ({ key, label: labelOf(key), type: "short_text", ...extra });
function labelOf(key: string): string {
  return key[0]!.toUpperCase() + key.slice(1).replace(/_/g, " ");
}

describe("diffForms", () => {
  let before: CompiledForm;
  let after: CompiledForm;
  let changes: Change[];
  beforeAll(async () => {
    ({ form: before } = await compileSynthetic({
      choices: {
        status: ["open", "closed", "paused", "legacy"],
        theme: ["abuse", "neglect"],
      },
      versions: {
        "1.0": {
          items: [
            text("removed_item"),
            text("type_changed"),
            text("label_changed"),
            text("becomes_required"),
            text("becomes_optional", { required: true }),
            text("driver"),
            text("gains_required_when"),
            text("loses_required_when", { required_when: { item: "driver", present: true } }),
            text("forbidden_changes", { forbidden_when: { item: "driver", present: true } }),
            text("lengths", { max_length: 100, min_length: 5 }),
            text("gains_pattern"),
            text("loses_pattern", { pattern: "^a+$" }),
            text("changes_pattern", { pattern: "^a+$" }),
            text("writers_change"),
            { key: "counts", label: "Counts", type: "multiple_choice", choices: "theme", min_items: 2 },
            { key: "link", label: "Link", type: "url", schemes: ["http", "https"] },
            { key: "status", label: "Status", type: "single_choice", choices: "status" },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme" },
            { key: "steps", label: "Steps", type: "repeating_group", items: [{ key: "due", label: "Due", type: "date" }] },
            { key: "opened", label: "Opened", type: "date" },
          ],
          rules: [
            { item: "opened", not_after: "today", message: "Not in the future" },
            { item: "steps.due", not_before: "opened", message: "Not before opening" },
          ],
        },
      },
    }));
    ({ form: after } = await compileSynthetic({
      choices: {
        status: {
          choices: [
            { code: "open", label: "Open case" },
            { code: "closed", label: "Closed" },
            { code: "legacy", label: "Legacy", retired: true },
            { code: "reopened", label: "Reopened" },
          ],
        },
        theme: ["abuse", "neglect"],
        theme_2: ["abuse", "neglect"],
      },
      versions: {
        "2.0": {
          owner_organisation_type: "ccg",
          items: [
            { key: "type_changed", label: "Type changed", type: "long_text" },
            text("label_changed", { label: "Label now changed" }),
            text("becomes_required", { required: true }),
            text("becomes_optional"),
            text("driver"),
            text("gains_required_when", { required_when: { item: "driver", present: true } }),
            text("loses_required_when"),
            text("forbidden_changes", { forbidden_when: { item: "driver", present: false } }),
            text("lengths", { max_length: 50, min_length: 2 }),
            text("gains_pattern", { pattern: "^b+$" }),
            text("loses_pattern"),
            text("changes_pattern", { pattern: "^[ab]+$" }),
            text("writers_change", { writers: ["regional"] }),
            { key: "counts", label: "Counts", type: "multiple_choice", choices: "theme", max_items: 3 },
            { key: "link", label: "Link", type: "url" },
            { key: "status", label: "Status", type: "single_choice", choices: "status" },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme_2" },
            {
              key: "steps",
              label: "Steps",
              type: "repeating_group",
              items: [
                { key: "due", label: "Due", type: "date" },
                { key: "owner", label: "Owner", type: "short_text", required: true },
              ],
            },
            { key: "opened", label: "Opened", type: "date" },
            text("new_optional"),
            text("new_required", { required: true }),
            text("new_conditional", { required_when: { item: "driver", present: true } }),
          ],
          rules: [
            { item: "opened", not_after: "today", message: "Opened cannot be in the future" },
            { item: "steps.due", not_after: "today", message: "Not in the future" },
          ],
        },
      },
    }));
    changes = diffForms(before, after);
  });

  const about = (item: string) => changes.filter((c) => c.item === item).map(({ kind, breaking, description, code }) => ({ kind, breaking, description, ...(code ? { code } : {}) }));

  it("finds nothing between a version and itself", () => {
    expect(diffForms(before, before)).toEqual([]);
    expect(formatChanges([])).toBe("No differences.\n");
  });

  it("owner organisation type (breaking)", () => {
    expect(changes[0]).toEqual({ kind: "owner_changed", breaking: true, description: "records are owned by CCGs instead of ICBs" });
  });

  it("items removed (breaking) and added (breaking only when they can be required)", () => {
    expect(about("removed_item")).toEqual([{ kind: "item_removed", breaking: true, description: "removed item removed_item (Removed item)" }]);
    expect(about("new_optional")).toEqual([{ kind: "item_added", breaking: false, description: "added item new_optional (New optional), optional" }]);
    expect(about("new_required")).toEqual([{ kind: "item_added", breaking: true, description: "added item new_required (New required), required" }]);
    expect(about("new_conditional")).toEqual([
      { kind: "item_added", breaking: true, description: "added item new_conditional (New conditional), required when a condition holds" },
    ]);
    expect(about("steps.owner")).toEqual([{ kind: "item_added", breaking: true, description: "added item steps.owner (Owner), required" }]);
  });

  it("type changed (breaking), and nothing else reported about that item", () => {
    expect(about("type_changed")).toEqual([{ kind: "type_changed", breaking: true, description: "type_changed: type changed from short_text to long_text" }]);
  });

  it("label changed (not breaking)", () => {
    expect(about("label_changed")).toEqual([{ kind: "label_changed", breaking: false, description: 'label_changed: label changed from "Label changed" to "Label now changed"' }]);
  });

  it("became required (breaking) or optional (not breaking)", () => {
    expect(about("becomes_required")).toEqual([{ kind: "became_required", breaking: true, description: "becomes_required: now required" }]);
    expect(about("becomes_optional")).toEqual([{ kind: "became_optional", breaking: false, description: "becomes_optional: no longer always required" }]);
  });

  it("conditions: breaking when the new version has one, not when it is removed", () => {
    expect(about("gains_required_when")).toEqual([{ kind: "condition_changed", breaking: true, description: "gains_required_when: required_when added" }]);
    expect(about("loses_required_when")).toEqual([{ kind: "condition_changed", breaking: false, description: "loses_required_when: required_when removed" }]);
    expect(about("forbidden_changes")).toEqual([{ kind: "condition_changed", breaking: true, description: "forbidden_changes: forbidden_when changed" }]);
  });

  it("limits tightened (breaking) and loosened (not breaking)", () => {
    expect(about("lengths")).toEqual([
      { kind: "limit_tightened", breaking: true, description: "lengths: maximum length 100 → 50" },
      { kind: "limit_loosened", breaking: false, description: "lengths: minimum length 5 → 2" },
    ]);
    expect(about("counts")).toEqual([
      { kind: "limit_tightened", breaking: true, description: "counts: maximum entries none → 3" },
      { kind: "limit_loosened", breaking: false, description: "counts: minimum entries 2 → none" },
    ]);
    expect(about("link")).toEqual([{ kind: "limit_tightened", breaking: true, description: "link: web addresses must now start with https" }]);
  });

  it("patterns added or changed (breaking) and removed (not breaking)", () => {
    expect(about("gains_pattern")).toEqual([{ kind: "pattern_changed", breaking: true, description: "gains_pattern: pattern added: ^b+$" }]);
    expect(about("loses_pattern")).toEqual([{ kind: "pattern_changed", breaking: false, description: "loses_pattern: pattern ^a+$ removed" }]);
    expect(about("changes_pattern")).toEqual([{ kind: "pattern_changed", breaking: true, description: "changes_pattern: pattern changed from ^a+$ to ^[ab]+$" }]);
  });

  it("writers changed (not breaking)", () => {
    expect(about("writers_change")).toEqual([{ kind: "writers_changed", breaking: false, description: "writers_change: written by regional (was editor)" }]);
  });

  it("codes removed (breaking), relabelled, retired and added (not breaking)", () => {
    expect(about("status")).toEqual([
      { kind: "code_label_changed", breaking: false, code: "open", description: 'status: code open label changed from "Open" to "Open case"' },
      { kind: "code_removed", breaking: true, code: "paused", description: "status: removed code paused (Paused)" },
      { kind: "code_retired", breaking: false, code: "legacy", description: "status: code legacy retired (kept in stored records, no longer offered)" },
      { kind: "code_added", breaking: false, code: "reopened", description: "status: added code reopened (Reopened)" },
    ]);
  });

  it("another choice list with the same codes (not breaking)", () => {
    expect(about("themes")).toEqual([{ kind: "choice_list_changed", breaking: false, description: "themes: choice list theme → theme_2" }]);
  });

  it("rules added (breaking), removed and reworded (not breaking)", () => {
    expect(about("opened")).toEqual([{ kind: "rule_changed", breaking: false, description: "rule message changed: opened not after today" }]);
    expect(about("steps.due")).toEqual([
      { kind: "rule_removed", breaking: false, description: "rule removed: steps.due not before opened" },
      { kind: "rule_added", breaking: true, description: "rule added: steps.due not after today" },
    ]);
  });

  it("reports nothing about unchanged items", () => {
    expect(about("driver")).toEqual([]);
    expect(about("steps")).toEqual([]);
    expect(about("steps.due")).toHaveLength(2);
  });

  it("formats changes one a line, breaking first in each line, with a count", () => {
    const some = changes.filter((c) => c.item === "becomes_required" || c.item === "becomes_optional");
    expect(formatChanges(some)).toBe("BREAKING      becomes_required: now required\nnon-breaking  becomes_optional: no longer always required\n\n2 changes, 1 breaking.\n");
  });
});
