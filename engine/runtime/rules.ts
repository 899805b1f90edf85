/**
 * The checks a schema compiled once cannot make: dates compared with today (the day of the
 * write), and retired choice codes (allowed only where the stored record already had them).
 * One function, shared by server and browser, so both reach the same verdict.
 */
import type { CompiledForm, CompiledItem, CompiledRule } from "../compile/compiled-form.ts";
import { formatLongDate, isIsoDate } from "./dates.ts";
import type { ValidationError } from "./validate.ts";

type Data = Readonly<Record<string, unknown>>;

export function checkRuntimeRules(form: CompiledForm, data: Data, context: { today: string; previous: Data | null }): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const rule of form.rules) {
    if (!rule.runtime) continue;
    for (const { pointer, value } of valuesAt(data, rule.item)) {
      if (isIsoDate(value) && !holds(value, rule.op, context.today)) {
        // For a rule against today, today is the other date that {other} names.
        const message = rule.message.replace(/\{today\}/g, context.today).replace(/\{other\}/g, formatLongDate(context.today));
        errors.push({ path: pointer, code: rule.op, message, rule: rule.id });
      }
    }
  }
  for (const item of form.items) {
    if (item.choices) errors.push(...retiredCodeErrors(form, item, data[item.key], context.previous?.[item.key], `/${item.key}`));
    if (item.type !== "repeating_group" || !Array.isArray(data[item.key])) continue;
    // An entry may keep a retired code it already had; entries are matched by position.
    const previousEntries = context.previous?.[item.key];
    (data[item.key] as unknown[]).forEach((entry, i) => {
      if (!entry || typeof entry !== "object") return;
      const before = Array.isArray(previousEntries) ? (previousEntries[i] as Data | undefined) : undefined;
      for (const sub of item.items ?? []) {
        if (sub.choices) errors.push(...retiredCodeErrors(form, sub, (entry as Data)[sub.key], before?.[sub.key], `/${item.key}/${i}/${sub.key}`));
      }
    });
  }
  return errors;
}

function holds(value: string, op: CompiledRule["op"], limit: string): boolean {
  switch (op) {
    case "before":
      return value < limit;
    case "not_before":
      return value >= limit;
    case "after":
      return value > limit;
    case "not_after":
      return value <= limit;
  }
}

/** Values of a dotted item path: one for a top-level item, one per entry for a group's item. */
function valuesAt(data: Data, path: string): { pointer: string; value: unknown }[] {
  const [head, sub] = path.split(".") as [string, string | undefined];
  if (sub === undefined) return [{ pointer: `/${head}`, value: data[head] }];
  const entries = data[head];
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry, i) =>
    entry && typeof entry === "object" ? [{ pointer: `/${head}/${i}/${sub}`, value: (entry as Data)[sub] }] : [],
  );
}

function retiredCodeErrors(form: CompiledForm, item: CompiledItem, value: unknown, previous: unknown, pointer: string): ValidationError[] {
  const list = form.choiceLists[item.choices!];
  if (!list) return [];
  const retired = new Set(list.choices.filter((c) => c.retired).map((c) => c.code));
  if (retired.size === 0) return [];
  const had = new Set(Array.isArray(previous) ? previous : [previous]);
  const given = Array.isArray(value) ? value : [value];
  return given
    .filter((code): code is string => typeof code === "string" && retired.has(code) && !had.has(code))
    .slice(0, 1)
    .map((code) => ({
      path: pointer,
      code: "retired",
      message: item.messages.retired.replace("{choice}", list.choices.find((c) => c.code === code)?.label ?? code),
    }));
}
