/**
 * Checks a migration against the two compiled versions it connects: every item and code it
 * names exists where it should, and every breaking change of `forms diff` is covered by a
 * step. Problems carry the position of the step (or of `steps` for what is missing).
 */
import type { CompiledForm, CompiledItem } from "../compile/compiled-form.ts";
import { diffForms, type Change } from "../diff/diff-forms.ts";
import type { MigrationDefinition, MigrationStep } from "../language/types.ts";
import type { Loaded } from "../load/load-collection.ts";
import type { PathSegment } from "../load/source-file.ts";
import type { Problem } from "../problems.ts";
import { compileMigration } from "./compile-migration.ts";
import { covers } from "./covers.ts";
import { conditionItems } from "../runtime/conditions.ts";

export function checkMigration(migration: Loaded<MigrationDefinition>, forms: Map<string, CompiledForm>): Problem[] {
  const { definition: def, source } = migration;
  const problems: Problem[] = [];
  const at = (path: PathSegment[], message: string, code: string) => problems.push(source.problem(path, message, code));
  const expectedName = `${def.from}-to-${def.to}.yaml`;
  if (!source.file.endsWith(expectedName)) at([], `a migration from ${def.from} to ${def.to} must be in a file named ${expectedName}`, "migration_name");
  const from = forms.get(def.from);
  const to = forms.get(def.to);
  if (!from) at(["from"], `version "${def.from}" does not exist`, "unknown_version");
  if (!to) at(["to"], `version "${def.to}" does not exist`, "unknown_version");
  if (!from || !to) return problems;

  const inFrom = (key: string) => from.items.find((i) => i.key === key);
  const inTo = (key: string) => to.items.find((i) => i.key === key);
  const needFrom = (path: PathSegment[], key: string) => {
    if (!inFrom(key)) at(path, `"${key}" is not an item of version ${def.from}`, "unknown_item");
  };
  const needTo = (path: PathSegment[], key: string) => {
    if (!inTo(key)) at(path, `"${key}" is not an item of version ${def.to}`, "unknown_item");
  };
  const codesOf = (form: CompiledForm, item: CompiledItem | undefined) => (item?.choices ? form.choiceLists[item.choices]!.choices.map((c) => c.code) : undefined);

  def.steps.forEach((step, i) => {
    const p: PathSegment[] = ["steps", i];
    if ("rename" in step) {
      needFrom([...p, "rename", "from"], step.rename.from);
      needTo([...p, "rename", "to"], step.rename.to);
    } else if ("copy" in step) {
      needFrom([...p, "copy", "from"], step.copy.from);
      needTo([...p, "copy", "to"], step.copy.to);
    } else if ("split" in step) {
      needFrom([...p, "split", "from"], step.split.from);
      step.split.to.forEach((k, j) => needTo([...p, "split", "to", j], k));
      if (!step.split.to.includes(step.split.keep_in)) at([...p, "split", "keep_in"], `keep_in "${step.split.keep_in}" must be one of the split's targets`, "invalid_step");
    } else if ("map_codes" in step) {
      const item = step.map_codes.item;
      needFrom([...p, "map_codes", "item"], item);
      needTo([...p, "map_codes", "item"], item);
      const fromCodes = codesOf(from, inFrom(item));
      const toCodes = codesOf(to, inTo(item));
      for (const [old, replacement] of Object.entries(step.map_codes.codes)) {
        if (fromCodes && !fromCodes.includes(old)) at([...p, "map_codes", "codes", old], `"${old}" is not a code of "${item}" in version ${def.from}`, "unknown_code");
        if (toCodes && !toCodes.includes(replacement)) at([...p, "map_codes", "codes", old], `"${replacement}" is not a code of "${item}" in version ${def.to}`, "unknown_code");
      }
    } else if ("default" in step) {
      const item = inTo(step.default.item);
      needTo([...p, "default", "item"], step.default.item);
      const codes = codesOf(to, item);
      if (codes && !codes.includes(step.default.value)) at([...p, "default", "value"], `"${step.default.value}" is not a code of "${step.default.item}" in version ${def.to}`, "unknown_code");
      if (item?.type === "date" && step.default.value !== "today" && !/^\d{4}-\d{2}-\d{2}$/.test(step.default.value)) at([...p, "default", "value"], "a date default must be a date or today", "invalid_step");
    } else if ("archive" in step) {
      needFrom([...p, "archive", "item"], step.archive.item);
    } else if ("flag" in step) {
      for (const key of step.flag.when ? conditionItems(step.flag.when) : []) needFrom([...p, "flag", "when"], key);
    } else if ("accept_incomplete" in step) {
      step.accept_incomplete.items.forEach((k, j) => needTo([...p, "accept_incomplete", "items", j], k));
    }
  });

  const compiled = compileMigration(migration, to);
  for (const change of diffForms(from, to).filter((c) => c.breaking)) {
    if (!covers(compiled, change)) at(["steps"], `breaking change not covered: ${change.description}`, "uncovered_change");
  }
  return problems;
}
