/**
 * Whether a compiled migration deals with one breaking change of `forms diff`: the one rule
 * that lint, `forms publish` and the server's publish check all ask.
 */
import type { Change } from "../diff/diff-forms.ts";
import type { CompiledMigration, CompiledStep } from "./compiled-migration.ts";

export function covers(migration: CompiledMigration, change: Change): boolean {
  const has = (pred: (s: CompiledStep) => boolean) => migration.steps.some(pred);
  const item = change.item ?? "";
  const accepted = (s: CompiledStep) => s.op === "accept_incomplete" && s.items.includes(item);
  const intoItem = (s: CompiledStep) =>
    ((s.op === "rename" || s.op === "copy") && s.to === item) ||
    (s.op === "split" && s.to.includes(item)) ||
    (s.op === "default" && s.item === item) ||
    accepted(s);
  switch (change.kind) {
    case "owner_changed":
      return migration.owner !== undefined;
    case "item_removed":
      return has((s) => ((s.op === "rename" || s.op === "split") && s.from === item) || (s.op === "archive" && s.item === item));
    case "item_added":
    case "became_required":
      return has(intoItem);
    case "code_removed":
      return has((s) => (s.op === "map_codes" && s.item === item && change.code !== undefined && change.code in s.codes) || accepted(s));
    case "type_changed":
      return has((s) => s.op === "archive" && s.item === item);
    default:
      // Tighter rules, limits, patterns and conditions: records that fail them come out incomplete.
      return has(accepted);
  }
}
