/**
 * The schema and UI schema RJSF renders from, derived from the compiled form for the current
 * answers and the signed-in user's writer role.
 *
 * The compiled JSON Schema carries every rule (root `allOf` of if/then conditionals, date
 * checks in `if`/`then`, presence checks in `allOf`). None of that belongs in what RJSF draws:
 * the engine's validator is the only judge of the data, and shown_when conditions decide what
 * is on screen. So the display schema keeps only the shape (types, titles, hints, choices,
 * list limits), `required` only for always-required items, and leaves out the items that are
 * not shown for the current answers. Items the user's role may not write are marked
 * `ui:readonly` (the theme shows them as text).
 */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { cleanData, type CompiledForm, defaultAnswers, type CompiledItem, evaluateCondition, hiddenItems, type JsonSchema, type WriterRole } from "../../../engine/runtime/index.ts";
import type { RecordData } from "./types.ts";

export interface DisplaySchema {
  schema: RJSFSchema;
  uiSchema: UiSchema<RecordData>;
}

/** Keywords that carry rules, not shape: the engine's validator enforces them. */
const RULE_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "not", "if", "then", "else", "pattern", "format", "dependentRequired", "dependencies", "$schema", "$id", "minLength", "maxLength"]);

type Ui = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of a property's schema without rule keywords (recursing into group entries). */
function shapeOf(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (RULE_KEYWORDS.has(keyword)) continue;
    if (keyword === "properties" && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? shapeOf(v) : v]));
    } else if (keyword === "items" && isObject(value)) {
      out.items = shapeOf(value);
    } else {
      out[keyword] = Array.isArray(value) ? [...(value as unknown[])] : isObject(value) ? structuredClone(value) : value;
    }
  }
  return out;
}

function canWrite(item: CompiledItem, writerRole: WriterRole | null): boolean {
  return writerRole !== null && item.writers.includes(writerRole);
}

/** Optional for these answers: neither always required nor required by a condition that holds. */
function isOptional(item: CompiledItem, view: Readonly<RecordData>): boolean {
  if (item.required) return false;
  return !(item.requiredWhen && evaluateCondition(item.requiredWhen, view));
}

function choiceHints(form: CompiledForm, item: CompiledItem): Record<string, string> | undefined {
  const list = item.choices ? form.choiceLists[item.choices] : undefined;
  const hints = Object.fromEntries((list?.choices ?? []).filter((c) => c.hint).map((c) => [c.code, c.hint!]));
  return Object.keys(hints).length ? hints : undefined;
}

/**
 * The UI schema entry of one item: the compiled entry plus what depends on the user and the
 * answers (read-only, optional, choice hints, hidden for a group entry's item).
 */
function itemUi(form: CompiledForm, item: CompiledItem, compiled: Ui, view: Readonly<RecordData>, writerRole: WriterRole | null, hidden: boolean): Ui {
  const options: Ui = { ...(isObject(compiled["ui:options"]) ? compiled["ui:options"] : {}) };
  const entry: Ui = { ...compiled, "ui:options": options };
  if (!canWrite(item, writerRole)) entry["ui:readonly"] = true;
  options.optional = isOptional(item, view);
  options.itemType = item.type;
  const hints = choiceHints(form, item);
  if (hints) options.choiceHints = hints;
  if (hidden) entry["ui:widget"] = "hidden";
  return entry;
}

/** The per-entry UI schema of a repeating group: each entry hides its own items by shown_when. */
function groupEntriesUi(form: CompiledForm, group: CompiledItem, compiled: Ui, writerRole: WriterRole | null): (entry: unknown) => Ui {
  const subItems = group.items ?? [];
  return (entry: unknown) => {
    const data = isObject(entry) ? entry : {};
    const hidden = hiddenItems(subItems, data);
    const ui: Ui = { ...compiled };
    for (const sub of subItems) {
      const subCompiled = isObject(compiled[sub.key]) ? (compiled[sub.key] as Ui) : {};
      ui[sub.key] = itemUi(form, sub, subCompiled, data, writerRole, hidden.has(sub.key));
    }
    return ui;
  };
}

export interface DisplayOptions {
  /** The date new group entries' "today" dates start with. */
  today?: string;
}

/**
 * What RJSF renders for these answers: the compiled schema reduced to its shape, without the
 * items that are not shown; the UI schema with read-only marks for items `writerRole` may not
 * write (all items when it is null), "optional" marks, and per-entry hiding inside groups.
 */
export function displaySchema(form: CompiledForm, data: Readonly<RecordData>, writerRole: WriterRole | null, options: DisplayOptions = {}): DisplaySchema {
  const compiled = form.schema;
  const hidden = hiddenItems(form.items, data);
  const view = cleanData(form, data);

  const compiledProperties = isObject(compiled.properties) ? compiled.properties : {};
  const properties: Record<string, JsonSchema> = {};
  for (const item of form.items) {
    if (hidden.has(item.key)) continue;
    const property = compiledProperties[item.key];
    if (!isObject(property)) continue;
    const shape = shapeOf(property);
    // New records get their defaults from initialData; the schema must not fill in answers
    // missing from a stored record.
    delete shape.default;
    if (item.type === "repeating_group" && isObject(shape.items)) {
      // ...but a new entry of a group starts with its items' defaults.
      const entryProps = isObject(shape.items.properties) ? (shape.items.properties as Record<string, JsonSchema>) : {};
      // Without a date to call today, a date defaulting to today starts empty.
      for (const [key, value] of Object.entries(defaultAnswers(item.items ?? [], options.today ?? ""))) {
        const subSchema = entryProps[key];
        if (subSchema && value !== "") subSchema.default = value;
      }
    }
    properties[item.key] = shape;
  }
  const schema: RJSFSchema = { type: "object", properties: properties as RJSFSchema["properties"] };
  if (typeof compiled.title === "string") schema.title = compiled.title;
  const required = (Array.isArray(compiled.required) ? (compiled.required as string[]) : []).filter((k) => k in properties);
  if (required.length) schema.required = required;

  const compiledUi = form.uiSchema;
  const uiSchema: Ui = {};
  for (const [key, value] of Object.entries(compiledUi)) {
    if (key.startsWith("ui:")) uiSchema[key] = isObject(value) || Array.isArray(value) ? structuredClone(value) : value;
  }
  const order = Array.isArray(compiledUi["ui:order"]) ? (compiledUi["ui:order"] as string[]) : [];
  uiSchema["ui:order"] = [...order.filter((k) => k in properties), "*"];
  for (const item of form.items) {
    if (!(item.key in properties)) continue;
    const compiledEntry = isObject(compiledUi[item.key]) ? (compiledUi[item.key] as Ui) : {};
    const entry = itemUi(form, item, compiledEntry, view, writerRole, false);
    if (item.type === "repeating_group") {
      const entriesUi = isObject(compiledEntry.items) ? (compiledEntry.items as Ui) : {};
      entry.items = groupEntriesUi(form, item, entriesUi, writerRole);
    }
    uiSchema[item.key] = entry;
  }
  return { schema, uiSchema: uiSchema as UiSchema<RecordData> };
}

/**
 * A string that changes exactly when the display schema would: which items are shown and
 * which are required for the current answers. Lets the form re-derive the schema only then.
 */
export function displayKey(form: CompiledForm, data: Readonly<RecordData>): string {
  const hidden = hiddenItems(form.items, data);
  const view = cleanData(form, data);
  return form.items.map((i) => (hidden.has(i.key) ? "h" : isOptional(i, view) ? "o" : "r")).join("");
}
