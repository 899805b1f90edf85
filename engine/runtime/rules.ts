/**
 * The checks a schema compiled once cannot make: dates compared with today (the day of the
 * write), and retired choice codes (allowed only where the stored record already had them).
 * One function, shared by server and browser, so both reach the same verdict.
 *
 * The form's rules are turned into plain functions once per form (compileRuntimeRules); today
 * is a parameter of each call, never baked in, so a validator kept for days stays right after
 * midnight.
 */
import type { CompiledForm, CompiledItem, CompiledRule } from "../compile/compiled-form.ts";
import { formatLongDate, isIsoDate } from "./dates.ts";
import type { ValidationError } from "./validate.ts";

type Data = Readonly<Record<string, unknown>>;

export interface RuntimeContext {
  today: string;
  previous: Data | null;
}

/** Appends the errors of the runtime rules for one record (already read with blanks as absent). */
export type RuntimeRules = (data: Data, context: RuntimeContext, errors: ValidationError[]) => void;

const compiled = new WeakMap<CompiledForm, RuntimeRules>();

export function checkRuntimeRules(form: CompiledForm, data: Data, context: RuntimeContext): ValidationError[] {
  let rules = compiled.get(form);
  if (!rules) compiled.set(form, (rules = compileRuntimeRules(form)));
  const errors: ValidationError[] = [];
  rules(data, context, errors);
  return errors;
}

export function compileRuntimeRules(form: CompiledForm): RuntimeRules {
  const checks = [...form.rules.filter((r) => r.runtime).map(todayRule), ...retiredCodeChecks(form)];
  if (checks.length === 0) return () => {};
  return (data, context, errors) => {
    for (const check of checks) check(data, context, errors);
  };
}

/**
 * One rule against today. The comparison comes first: it is a string comparison, and a value
 * that satisfies it needs no further look. Only a value that breaks it is checked for being a
 * real date (the schema reports one that is not), which is the rare case.
 */
function todayRule(rule: CompiledRule): RuntimeRules {
  const holds = HOLDS[rule.op];
  const fail = (value: string, pointer: string, today: string, errors: ValidationError[]) => {
    if (holds(value, today) || !isIsoDate(value)) return;
    // For a rule against today, today is the other date that {other} names.
    const message = rule.message.replace(/\{today\}/g, today).replace(/\{other\}/g, formatLongDate(today));
    errors.push({ path: pointer, code: rule.op, message, rule: rule.id });
  };
  const [head, sub] = rule.item.split(".") as [string, string | undefined];
  if (sub === undefined) {
    const pointer = `/${head}`;
    return (data, { today }, errors) => {
      const value = data[head];
      if (typeof value === "string") fail(value, pointer, today, errors);
    };
  }
  return (data, { today }, errors) => {
    const entries = data[head];
    if (!Array.isArray(entries)) return;
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (!entry || typeof entry !== "object") continue;
      const value = (entry as Data)[sub];
      if (typeof value === "string") fail(value, `/${head}/${i}/${sub}`, today, errors);
    }
  };
}

const HOLDS: Record<CompiledRule["op"], (value: string, limit: string) => boolean> = {
  before: (value, limit) => value < limit,
  not_before: (value, limit) => value >= limit,
  after: (value, limit) => value > limit,
  not_after: (value, limit) => value <= limit,
};

/** The checks of items whose choice list has retired codes; none for a form without any. */
function retiredCodeChecks(form: CompiledForm): RuntimeRules[] {
  const checks: RuntimeRules[] = [];
  for (const item of form.items) {
    const top = retiredCheck(form, item);
    if (top) {
      const pointer = `/${item.key}`;
      checks.push((data, { previous }, errors) => top(data[item.key], previous?.[item.key], pointer, errors));
    }
    if (item.type !== "repeating_group") continue;
    const subs = (item.items ?? []).flatMap((sub) => {
      const check = retiredCheck(form, sub);
      return check ? [{ key: sub.key, check }] : [];
    });
    if (!subs.length) continue;
    // An entry may keep a retired code it already had; entries are matched by position.
    checks.push((data, { previous }, errors) => {
      const entries = data[item.key];
      if (!Array.isArray(entries)) return;
      const previousEntries = previous?.[item.key];
      entries.forEach((entry: unknown, i) => {
        if (!entry || typeof entry !== "object") return;
        const before = Array.isArray(previousEntries) ? (previousEntries[i] as Data | undefined) : undefined;
        for (const { key, check } of subs) check((entry as Data)[key], before?.[key], `/${item.key}/${i}/${key}`, errors);
      });
    });
  }
  return checks;
}

type RetiredCheck = (value: unknown, previous: unknown, pointer: string, errors: ValidationError[]) => void;

function retiredCheck(form: CompiledForm, item: CompiledItem): RetiredCheck | undefined {
  const list = item.choices ? form.choiceLists[item.choices] : undefined;
  if (!list) return undefined;
  const retired = new Set(list.choices.filter((c) => c.retired).map((c) => c.code));
  if (retired.size === 0) return undefined;
  return (value, previous, pointer, errors) => {
    const given = Array.isArray(value) ? value : [value];
    const had = new Set(Array.isArray(previous) ? previous : [previous]);
    const code = given.find((c): c is string => typeof c === "string" && retired.has(c) && !had.has(c));
    if (code === undefined) return;
    errors.push({ path: pointer, code: "retired", message: item.messages.retired.replace("{choice}", list.choices.find((c) => c.code === code)?.label ?? code) });
  };
}
