/**
 * A compiled migration in words, for the people who review it: one sentence a step, naming
 * items by key and label and codes by code and label, in the order the steps run.
 */
import type { CompiledForm } from "../compile/compiled-form.ts";
import { describeCondition } from "../runtime/conditions.ts";
import type { CompiledMigration, CompiledStep } from "./compiled-migration.ts";

/** `from` and `to` are the compiled versions the migration connects (for labels). */
export function describeMigration(migration: CompiledMigration, from: CompiledForm, to: CompiledForm): string[] {
  const label = (form: CompiledForm, key: string) => form.items.find((i) => i.path === key)?.label;
  const named = (form: CompiledForm, key: string) => {
    const l = label(form, key);
    return l ? `\`${key}\` (${l})` : `\`${key}\``;
  };
  const codeLabel = (form: CompiledForm, item: string, code: string) => {
    const list = form.items.find((i) => i.path === item)?.choices;
    return list ? form.choiceLists[list]?.choices.find((c) => c.code === code)?.label : undefined;
  };
  const code = (form: CompiledForm, item: string, c: string) => {
    const l = codeLabel(form, item, c);
    return l ? `\`${c}\` (${l})` : `\`${c}\``;
  };
  const sentences: string[] = [];
  if (migration.owner) sentences.push(`Each record's owner becomes its ${migration.owner.resolveTo.toUpperCase()}${migration.owner.note ? `: ${migration.owner.note}` : ""}; where that cannot be decided, a national user chooses.`);
  const words = (step: CompiledStep): string => {
    switch (step.op) {
      case "rename":
        return `${named(from, step.from)} becomes ${named(to, step.to)}.`;
      case "copy":
        return `${named(from, step.from)} is copied to ${named(to, step.to)}.`;
      case "split":
        return `${named(from, step.from)} is split into ${step.to.map((k) => named(to, k)).join(" and ")}: the answer is kept in ${named(to, step.keepIn)} and the record is flagged: ${step.flag}`;
      case "map_codes":
        return Object.entries(step.codes)
          .map(([a, b]) => `In ${named(to, step.item)}, ${code(from, step.item, a)} becomes ${code(to, step.item, b)}.`)
          .join(" ");
      case "default":
        return `${named(to, step.item)} is set to ${code(to, step.item, step.value)} where it has no answer.`;
      case "archive":
        return `${named(from, step.item)} moves to the record's archive (kept, not shown on the form): ${step.reason}`;
      case "flag":
        return step.when
          ? `Records are flagged for review when ${describeCondition(step.when, (k) => label(from, k) ?? k, (k, c) => codeLabel(from, k, c) ?? c)}: ${step.reason}`
          : `Every record is flagged for review: ${step.reason}`;
      case "accept_incomplete":
        return `Records that do not meet the new rules for ${step.items.map((k) => named(to, k)).join(", ")} are kept but marked incomplete until the next edit completes them: ${step.reason}`;
    }
  };
  for (const step of migration.steps) sentences.push(words(step));
  const archived = from.items.filter((i) => !i.path.includes(".") && !migration.targetItems.includes(i.key) && !migration.steps.some((s) => ("from" in s && s.from === i.key) || (s.op === "archive" && s.item === i.key)));
  if (archived.length) sentences.push(`Answers to ${archived.map((i) => named(from, i.key)).join(", ")}, which version ${migration.to} does not have, go to the record's archive.`);
  return sentences;
}
