/**
 * The S-CRT form as a SurveyJS survey (survey-core), made from the compiled form item by item
 * the way a SurveyJS author would write it, and validated with SurveyModel.validate. One model
 * is made once and given each record in turn (the cheapest way SurveyJS allows). What cannot be
 * the same is in README.md.
 */
import { FunctionFactory, SurveyModel } from "survey-core";
import type { CompiledForm, CompiledItem, CompiledRule, Condition } from "../../engine/index.ts";
import { EARLIEST_DATE, LATEST_DATE, isIsoDate } from "../../engine/index.ts";

type Element = Record<string, unknown>;

/** A condition in SurveyJS's expression language; `prefix` is "row." inside a dynamic panel ("panel."). */
function expression(condition: Condition, prefix: string): string {
  if ("all" in condition) return condition.all.map((c) => `(${expression(c, prefix)})`).join(" and ");
  if ("any" in condition) return condition.any.map((c) => `(${expression(c, prefix)})`).join(" or ");
  if ("not" in condition) return `!(${expression(condition.not, prefix)})`;
  const value = `{${prefix}${condition.item}}`;
  if ("equals" in condition) return `${value} = '${condition.equals}'`;
  if ("in" in condition) return `${value} anyof [${condition.in.map((c) => `'${c}'`).join(", ")}]`;
  if ("includes" in condition) return `${value} contains '${condition.includes}'`;
  return condition.present ? `${value} notempty` : `${value} empty`;
}

const OPERATOR: Record<CompiledRule["op"], string> = { before: "<", not_before: ">=", after: ">", not_after: "<=" };

let registeredToday: string | undefined;

/**
 * SurveyJS's own today() is a Date at midnight in the machine's time zone; the standard's
 * today is a calendar date in London. A function of the bench's own gives the date as text.
 */
function registerFunctions(today: string): void {
  registeredToday = today;
  if (FunctionFactory.Instance.hasFunction("scrtToday")) return;
  FunctionFactory.Instance.register("scrtToday", () => registeredToday);
  FunctionFactory.Instance.register("scrtRealDate", (params: unknown[]) => params[0] === undefined || params[0] === null || params[0] === "" || isIsoDate(params[0]));
}

function element(item: CompiledItem, form: CompiledForm, prefix: string): Element {
  const el: Element = { name: item.key, title: item.label, isRequired: item.required };
  const validators: Element[] = [];
  if (item.requiredWhen) el.requiredIf = expression(item.requiredWhen, prefix);
  if (item.shownWhen) el.visibleIf = expression(item.shownWhen, prefix);
  const self = `{${prefix}${item.key}}`;
  if (item.forbiddenWhen) validators.push({ type: "expression", expression: `${self} empty or !(${expression(item.forbiddenWhen, prefix)})`, text: item.messages.forbidden });
  const choices = item.choices ? form.choiceLists[item.choices]!.choices.filter((c) => !c.retired).map((c) => ({ value: c.code, text: c.label })) : [];
  switch (item.type) {
    case "short_text":
    case "url":
      el.type = "text";
      if (item.maxLength || item.minLength) validators.push({ type: "text", ...(item.maxLength ? { maxLength: item.maxLength } : {}), ...(item.minLength ? { minLength: item.minLength } : {}) });
      if (item.pattern) validators.push({ type: "regex", regex: item.pattern, text: item.messages.pattern });
      if (item.type === "url") {
        el.inputType = "url";
        validators.push({ type: "regex", regex: `^(${(item.schemes ?? ["https"]).join("|")})://`, text: item.messages.invalid });
      }
      break;
    case "long_text":
      el.type = "comment";
      if (item.maxLength) validators.push({ type: "text", maxLength: item.maxLength });
      break;
    case "date":
      el.type = "text";
      el.inputType = "date";
      validators.push({ type: "expression", expression: `scrtRealDate(${self})`, text: item.messages.invalid });
      validators.push({ type: "expression", expression: `${self} empty or (${self} >= '${EARLIEST_DATE}' and ${self} <= '${LATEST_DATE}')`, text: item.messages.out_of_range });
      for (const rule of form.rules.filter((r) => r.item === item.path)) {
        const other = rule.target === "today" ? "scrtToday()" : `{${prefix}${rule.target.split(".").pop()}}`;
        const guard = rule.target === "today" ? `${self} empty` : `${self} empty or ${other} empty`;
        validators.push({ type: "expression", expression: `${guard} or ${self} ${OPERATOR[rule.op]} ${other}`, text: rule.message });
      }
      break;
    case "single_choice":
      el.type = "radiogroup";
      el.choices = choices;
      break;
    case "multiple_choice":
      el.type = "checkbox";
      el.choices = choices;
      break;
    case "repeating_group":
      el.type = "paneldynamic";
      el.templateElements = (item.items ?? []).map((sub) => element(sub, form, "panel."));
      if (item.minItems) el.minPanelCount = item.minItems;
      if (item.maxItems) el.maxPanelCount = item.maxItems;
      break;
  }
  if (validators.length) el.validators = validators;
  return el;
}

export function surveyJson(form: CompiledForm): { elements: Element[] } {
  return { elements: form.items.map((item) => element(item, form, "")) };
}

/** True when SurveyJS finds no error in the record. */
export function surveyValidator(form: CompiledForm, today: string): (record: Record<string, unknown>) => boolean {
  registerFunctions(today);
  const survey = new SurveyModel(surveyJson(form));
  return (record) => {
    survey.data = record;
    return survey.validate(false, false);
  };
}
