/**
 * Compiles items and rules into one JSON Schema (draft-07, Ajv with $data and ajv-formats)
 * and, alongside it, the error map: for each schema location that can fail, which item the
 * failure is about and what to tell the person. Rules that need "today" are left to
 * runtime/rules.ts because a schema compiled once cannot know the date of each write.
 */
import type { Condition, DateOperator } from "../language/types.ts";
import { EARLIEST_DATE, LATEST_DATE } from "../runtime/dates.ts";
import { HIDDEN_CHARACTER_CLASS } from "../runtime/text.ts";
import type { CompiledItem, CompiledRule, ErrorSpec, JsonSchema } from "./compiled-form.ts";

const LIMIT_KEYWORD: Record<DateOperator, string> = {
  not_before: "formatMinimum",
  after: "formatExclusiveMinimum",
  not_after: "formatMaximum",
  before: "formatExclusiveMaximum",
};

const NON_BLANK_TEXT = "\\S";
const BLANK_TEXT = "^\\s*$";

/**
 * A search for a character no text may hold (runtime/text.ts), refused with `not`: a search scans
 * long text once, without the backtracking stack that matching the whole string would need.
 */
const HIDDEN_CHARACTERS = `${HIDDEN_CHARACTER_CLASS}|\\r(?!\\n)`;

export interface SchemaBuild {
  schema: JsonSchema;
  errorMap: Record<string, ErrorSpec>;
}

/** Codes of a choice list, in order (retired codes included: stored records may hold them). */
export type CodesOf = (list: string) => string[];

export function buildJsonSchema(items: CompiledItem[], rules: CompiledRule[], codesOf: CodesOf, meta: { id: string; title: string }): SchemaBuild {
  const errorMap: Record<string, ErrorSpec> = {};
  const register = (schemaPath: string, spec: ErrorSpec) => {
    errorMap[schemaPath] = spec;
  };
  const body = objectSchema(items, rules.filter((r) => !r.runtime), "#", register, codesOf);
  const schema: JsonSchema = { $schema: "http://json-schema.org/draft-07/schema#", $id: meta.id, title: meta.title, ...body };
  register("#/type", { code: "invalid_record", message: "The record's data must be a JSON object of items and answers" });
  return { schema, errorMap };
}

type Register = (schemaPath: string, spec: ErrorSpec) => void;

function objectSchema(items: CompiledItem[], rules: CompiledRule[], base: string, register: Register, codesOf: CodesOf): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const allOf: JsonSchema[] = [];
  for (const item of items) {
    properties[item.key] = propertySchema(item, rules, `${base}/properties/${item.key}`, register, codesOf);
    if (item.required) required.push(item.key);
    if (item.requiredWhen) {
      const at = `${base}/allOf/${allOf.length}/then`;
      const present = presenceSchema(item, true);
      allOf.push({ if: conditionSchema(item.requiredWhen, siblingsOf(items)), then: { required: [item.key], properties: { [item.key]: present.schema } } });
      register(`${at}/required`, { code: "required" });
      register(`${at}/properties/${item.key}/${present.keyword}`, { code: "required", item: item.path, message: item.messages.required });
    }
    if (item.shownWhen && !item.keepWhenHidden) {
      // A hidden item is not sent: an answer to it is refused, like a forbidden one.
      const at = `${base}/allOf/${allOf.length}/else`;
      const blank = presenceSchema(item, false);
      allOf.push({ if: conditionSchema(item.shownWhen, siblingsOf(items)), else: { properties: { [item.key]: blank.schema } } });
      register(`${at}/properties/${item.key}/${blank.keyword}`, { code: "forbidden", item: item.path, message: item.messages.forbidden });
    }
    if (item.forbiddenWhen) {
      const at = `${base}/allOf/${allOf.length}/then`;
      const blank = presenceSchema(item, false);
      allOf.push({ if: conditionSchema(item.forbiddenWhen, siblingsOf(items)), then: { properties: { [item.key]: blank.schema } } });
      register(`${at}/properties/${item.key}/${blank.keyword}`, { code: "forbidden", item: item.path, message: item.messages.forbidden });
    }
  }
  register(`${base}/required`, { code: "required" });
  register(`${base}/additionalProperties`, { code: "unknown_item" });
  const schema: JsonSchema = { type: "object", additionalProperties: false, properties };
  if (required.length) schema.required = required;
  if (allOf.length) schema.allOf = allOf;
  return schema;
}

function siblingsOf(items: CompiledItem[]): Map<string, CompiledItem> {
  return new Map(items.map((i) => [i.key, i]));
}

/** A value that counts as present (non-blank) or absent (blank), for the item's type. */
function presenceSchema(item: CompiledItem, present: boolean): { schema: JsonSchema; keyword: string } {
  if (item.type === "multiple_choice" || item.type === "repeating_group") {
    return present ? { schema: { minItems: 1 }, keyword: "minItems" } : { schema: { maxItems: 0 }, keyword: "maxItems" };
  }
  return present ? { schema: { pattern: NON_BLANK_TEXT }, keyword: "pattern" } : { schema: { pattern: BLANK_TEXT }, keyword: "pattern" };
}

function propertySchema(item: CompiledItem, rules: CompiledRule[], at: string, register: Register, codesOf: CodesOf): JsonSchema {
  const m = item.messages;
  const s: JsonSchema = { title: item.label };
  if (item.hint) s.description = item.hint;
  const invalid = (keyword: string) => register(`${at}/${keyword}`, { code: "invalid", item: item.path, message: m.invalid });
  const allOf: JsonSchema[] = [];
  if (item.required) {
    const present = presenceSchema(item, true);
    register(`${at}/allOf/${allOf.length}/${present.keyword}`, { code: "required", item: item.path, message: m.required });
    allOf.push(present.schema);
  }
  if (item.type === "short_text" || item.type === "long_text" || item.type === "url") {
    register(`${at}/allOf/${allOf.length}/not`, { code: "invalid_characters", item: item.path, message: m.invalid_characters });
    allOf.push({ not: { type: "string", pattern: HIDDEN_CHARACTERS } });
  }
  switch (item.type) {
    case "short_text":
    case "long_text":
      s.type = "string";
      invalid("type");
      if (item.minLength !== undefined) {
        s.minLength = item.minLength;
        register(`${at}/minLength`, { code: "too_short", item: item.path, message: m.min_length });
      }
      s.maxLength = item.maxLength;
      register(`${at}/maxLength`, { code: "too_long", item: item.path, message: m.max_length });
      if (item.pattern) {
        // The pattern runs only on an answer within max_length: Ajv checks every keyword when
        // asked for all errors, and a long answer must cost no more than the longest allowed one.
        s.if = { maxLength: item.maxLength };
        s.then = { pattern: item.pattern };
        register(`${at}/then/pattern`, { code: "pattern", item: item.path, message: m.pattern });
      }
      break;
    case "date": {
      // Blank counts as absent, so the date checks apply only to a non-blank value.
      s.type = "string";
      invalid("type");
      invalid("then/format");
      // Every date lies in the standard's range whatever the definition says: a year 0000 or
      // 9999 is a typing slip, and spreadsheets and databases downstream cannot hold some of
      // them. A definition narrows the range with rules (not_after: today, not_before: another date).
      const then: JsonSchema = { format: "date", formatMinimum: EARLIEST_DATE, formatMaximum: LATEST_DATE };
      register(`${at}/then/formatMinimum`, { code: "out_of_range", item: item.path, message: m.out_of_range });
      register(`${at}/then/formatMaximum`, { code: "out_of_range", item: item.path, message: m.out_of_range });
      const limits: JsonSchema[] = [];
      for (const rule of rules.filter((r) => r.item === item.path)) {
        const keyword = LIMIT_KEYWORD[rule.op];
        register(`${at}/then/allOf/${limits.length}/${keyword}`, { code: rule.op, item: item.path, message: rule.message, rule: rule.id });
        limits.push({ format: "date", [keyword]: { $data: relativePointer(item.path, rule.target) } });
      }
      if (limits.length) then.allOf = limits;
      s.if = { pattern: NON_BLANK_TEXT };
      s.then = then;
      break;
    }
    case "url": {
      const schemes = item.schemes ?? ["https"];
      s.type = "string";
      s.maxLength = item.maxLength;
      s.if = { pattern: NON_BLANK_TEXT };
      s.then = { format: "uri", pattern: `^(${schemes.join("|")})://[^\\s/?#]+` };
      invalid("type");
      invalid("then/format");
      invalid("then/pattern");
      register(`${at}/maxLength`, { code: "too_long", item: item.path, message: m.max_length });
      break;
    }
    case "single_choice":
      s.type = "string";
      s.enum = codesOf(item.choices!);
      invalid("type");
      invalid("enum");
      break;
    case "multiple_choice":
      s.type = "array";
      s.items = { type: "string", enum: codesOf(item.choices!) };
      s.uniqueItems = true;
      invalid("type");
      invalid("items/type");
      invalid("items/enum");
      register(`${at}/uniqueItems`, { code: "duplicate", item: item.path, message: m.duplicate });
      break;
    case "repeating_group":
      s.type = "array";
      invalid("type");
      s.items = objectSchema(item.items ?? [], rules, `${at}/items`, register, codesOf);
      register(`${at}/items/type`, { code: "invalid", item: item.path, message: m.invalid });
      break;
  }
  if (item.minItems !== undefined) {
    s.minItems = item.minItems;
    register(`${at}/minItems`, { code: "too_few", item: item.path, message: m.min_items });
  }
  if (item.maxItems !== undefined) {
    s.maxItems = item.maxItems;
    register(`${at}/maxItems`, { code: "too_many", item: item.path, message: m.max_items });
  }
  if (item.default !== undefined && item.default !== "today") s.default = item.default;
  if (allOf.length) s.allOf = allOf;
  return s;
}

/**
 * Ajv $data pointer from one item to another, relative to the item's value: "1/x" for a
 * sibling in the same object, "3/x" from an entry of a repeating group up to a top-level item.
 */
export function relativePointer(fromPath: string, toPath: string): string {
  const from = fromPath.split(".");
  const to = toPath.split(".");
  if (from.length === 1) return `1/${to[0]}`;
  if (to.length === 1) {
    // Either a top-level item, or a plain sibling key used inside a group rule (resolved by the checker).
    return `3/${to[0]}`;
  }
  return `1/${to[1]}`;
}

/** A condition as a JSON Schema, for `if`. Mirrors runtime/conditions.ts exactly. */
export function conditionSchema(condition: Condition, siblings: Map<string, CompiledItem>): JsonSchema {
  if ("all" in condition) return { allOf: condition.all.map((c) => conditionSchema(c, siblings)) };
  if ("any" in condition) return { anyOf: condition.any.map((c) => conditionSchema(c, siblings)) };
  if ("not" in condition) return { not: conditionSchema(condition.not, siblings) };
  const key = condition.item;
  if ("equals" in condition) return { required: [key], properties: { [key]: { const: condition.equals } } };
  if ("in" in condition) return { required: [key], properties: { [key]: { enum: condition.in } } };
  if ("includes" in condition) return { required: [key], properties: { [key]: { type: "array", contains: { const: condition.includes } } } };
  const item = siblings.get(key);
  const isList = item?.type === "multiple_choice" || item?.type === "repeating_group";
  const present: JsonSchema = isList
    ? { required: [key], properties: { [key]: { type: "array", minItems: 1 } } }
    : { required: [key], properties: { [key]: { type: "string", pattern: NON_BLANK_TEXT } } };
  return condition.present ? present : { not: present };
}
