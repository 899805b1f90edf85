/**
 * The S-CRT form as a Form.io form (@formio/core), made from the compiled form item by item the
 * way a Form.io author would write it, and validated with processSync over Form.io's evaluator
 * processors (conditions, clearing hidden answers, custom and standard validation). A Form.io
 * server also runs the submission processors first (defaults, filtering, fetches); they are
 * left out, which only flatters Form.io. What cannot be the same is in README.md.
 */
import { processSync, ProcessTargets } from "@formio/core";
import type { CompiledForm, CompiledItem, CompiledRule, Condition } from "../../engine/index.ts";
import { EARLIEST_DATE, LATEST_DATE } from "../../engine/index.ts";

type Component = Record<string, unknown>;

/** A condition as JavaScript over Form.io's `data` (or `row`, inside a data grid). */
function js(condition: Condition, scope: string): string {
  if ("all" in condition) return condition.all.map((c) => `(${js(c, scope)})`).join(" && ");
  if ("any" in condition) return condition.any.map((c) => `(${js(c, scope)})`).join(" || ");
  if ("not" in condition) return `!(${js(condition.not, scope)})`;
  const value = `${scope}[${JSON.stringify(condition.item)}]`;
  if ("equals" in condition) return `${value} === ${JSON.stringify(condition.equals)}`;
  if ("in" in condition) return `${JSON.stringify(condition.in)}.includes(${value})`;
  if ("includes" in condition) return `Array.isArray(${value}) && ${value}.includes(${JSON.stringify(condition.includes)})`;
  const answered = `(${value} !== undefined && ${value} !== null && ${value} !== '' && !(Array.isArray(${value}) && ${value}.length === 0))`;
  return condition.present ? answered : `!${answered}`;
}

const OPERATOR: Record<CompiledRule["op"], string> = { before: "<", not_before: ">=", after: ">", not_after: "<=" };

/**
 * A date item's custom validation: a real calendar date in the standard's range, then each
 * date rule. Form.io has no "today" of the request: the day is written into the form, which
 * must be rebuilt every day (the engine takes today with each validation).
 */
function dateChecks(item: CompiledItem, rules: CompiledRule[], today: string, scope: string): string {
  const lines = [
    "valid = true;",
    "if (input) {",
    `  var real = /^\\d{4}-\\d{2}-\\d{2}$/.test(input) && new Date(input + 'T00:00:00Z').toISOString().slice(0, 10) === input;`,
    `  if (!real) valid = ${JSON.stringify(item.messages.invalid)};`,
    `  else if (input < ${JSON.stringify(EARLIEST_DATE)} || input > ${JSON.stringify(LATEST_DATE)}) valid = ${JSON.stringify(item.messages.out_of_range)};`,
  ];
  for (const rule of rules) {
    const other = rule.target === "today" ? JSON.stringify(today) : `${scope}[${JSON.stringify(rule.target.split(".").pop())}]`;
    lines.push(`  else if (${other} && !(input ${OPERATOR[rule.op]} ${other})) valid = ${JSON.stringify(rule.message)};`);
  }
  lines.push("}");
  return lines.join("\n");
}

function component(item: CompiledItem, form: CompiledForm, today: string, scope: string): Component {
  const validate: Record<string, unknown> = { required: item.required };
  const base: Component = { key: item.key, label: item.label, input: true, validate };
  const custom: string[] = [];
  if (item.requiredWhen) custom.push(`if (valid === true && !input && (${js(item.requiredWhen, scope)})) valid = ${JSON.stringify(item.messages.required)};`);
  if (item.forbiddenWhen) custom.push(`if (valid === true && input && (${js(item.forbiddenWhen, scope)})) valid = ${JSON.stringify(item.messages.forbidden)};`);
  if (item.shownWhen) base.customConditional = `show = ${js(item.shownWhen, scope)};`;
  const values = item.choices ? form.choiceLists[item.choices]!.choices.filter((c) => !c.retired).map((c) => ({ label: c.label, value: c.code })) : [];
  switch (item.type) {
    case "short_text":
    case "url":
      Object.assign(base, { type: item.type === "url" ? "url" : "textfield" });
      if (item.maxLength) validate.maxLength = item.maxLength;
      if (item.minLength) validate.minLength = item.minLength;
      if (item.pattern) validate.pattern = item.pattern;
      // Form.io anchors a pattern at both ends itself.
      if (item.type === "url") validate.pattern = `(${(item.schemes ?? ["https"]).join("|")})://.*`;
      break;
    case "long_text":
      Object.assign(base, { type: "textarea" });
      if (item.maxLength) validate.maxLength = item.maxLength;
      break;
    case "date": {
      Object.assign(base, { type: "textfield" });
      const rules = form.rules.filter((r) => r.item === item.path);
      custom.unshift(dateChecks(item, rules, today, scope));
      break;
    }
    case "single_choice":
      Object.assign(base, { type: "radio", values });
      validate.onlyAvailableItems = true;
      break;
    case "multiple_choice":
      Object.assign(base, { type: "select", multiple: true, dataSrc: "values", data: { values } });
      validate.onlyAvailableItems = true;
      break;
    case "repeating_group":
      Object.assign(base, { type: "datagrid", components: (item.items ?? []).map((sub) => component(sub, form, today, "row")) });
      if (item.minItems) validate.minLength = item.minItems;
      if (item.maxItems) validate.maxLength = item.maxItems;
      break;
  }
  if (custom.length) validate.custom = (custom[0]!.startsWith("valid = true;") ? custom : ["valid = true;", ...custom]).join("\n");
  return base;
}

export function formioComponents(form: CompiledForm, today: string): Component[] {
  return form.items.map((item) => component(item, form, today, "data"));
}

/** True when Form.io finds no error in the record. */
export function formioValidator(form: CompiledForm, today: string): (record: Record<string, unknown>) => boolean {
  const components = formioComponents(form, today);
  return (record) => {
    // processSync writes into the submission (defaults, cleared hidden values): give it a copy, as a server handing it a parsed body would.
    const data = structuredClone(record);
    const context = { components, data, submission: { data }, processors: ProcessTargets.evaluator, scope: {} as { errors?: unknown[] }, config: { server: true } };
    processSync(context as never);
    return (context.scope.errors ?? []).length === 0;
  };
}
