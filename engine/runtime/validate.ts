/**
 * Validation of one record's data against a compiled form: the precompiled schema validator
 * (standalone Ajv code, no `new Function`) plus the runtime rules, with every error turned
 * into one item's JSON pointer and a message a person understands. Pure: runs the same in the
 * browser and on the server.
 */
import type { CompiledForm, CompiledItem, ErrorSpec } from "../compile/compiled-form.ts";
import { formatLongDate, isIsoDate, todayInLondon } from "./dates.ts";
import { itemsByKey } from "./answers.ts";
import { compileRuntimeRules } from "./rules.ts";
import { visibleText } from "./text.ts";

export interface ValidationError {
  /** JSON pointer of the item, e.g. "/date_added" or "/recommendations/0/due_date". */
  path: string;
  code: string;
  message: string;
  /** The rule's id, for errors from cross-field rules. */
  rule?: string;
}

export interface ValidationResult {
  valid: boolean;
  /** At most the context's maxErrors errors, in the order of the form. */
  errors: ValidationError[];
  /** How many further errors were found and left out of `errors`; absent when none were. */
  moreErrors?: number;
}

/**
 * The most errors a validation lists by default. Nobody reads more on a form, and a body of
 * tens of thousands of bad keys must not come back as a response of megabytes.
 */
export const MAX_ERRORS = 100;

export interface ValidationContext {
  /** The calendar date of the write (default: today in Europe/London). */
  today?: string;
  /** The record's stored data before this write: retired codes already there stay allowed. */
  previous?: Readonly<Record<string, unknown>> | null;
  /** The most errors listed (default MAX_ERRORS); the rest are counted in moreErrors. */
  maxErrors?: number;
}

/** The shape of an Ajv error, as standalone validator code produces it. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface SchemaValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export type RecordValidator = (data: unknown, context?: ValidationContext) => ValidationResult;

/** Lower numbers win when one item has several errors: show the most basic problem first. */
const PRIORITY: Record<string, number> = { invalid_record: 0, unknown_item: 1, required: 2, forbidden: 3, invalid_characters: 3.5, invalid: 4, untrimmed: 4, out_of_range: 4.5, too_long: 5, too_short: 5, pattern: 6, duplicate: 7, too_few: 8, too_many: 8, retired: 9 };

export function createRecordValidator(form: CompiledForm, schemaValidate: SchemaValidateFunction): RecordValidator {
  const itemsByPath = new Map<string, CompiledItem>();
  const walk = (items: CompiledItem[]) => {
    for (const item of items) {
      itemsByPath.set(item.path, item);
      if (item.items) walk(item.items);
    }
  };
  walk(form.items);
  const order = new Map([...itemsByPath.keys()].map((path, i) => [path, i]));
  const top = levelOf(form.items);
  const runtimeRules = compileRuntimeRules(form);

  return (data, context = {}) => {
    const today = context.today ?? todayInLondon();
    // Most records have nothing blank, untrimmed or unknown: they go to the schema as they are.
    // Only one that has is read again and copied without what the schema must not see.
    const { view, errors } = isObject(data) && needsCleaning(data, top) ? blankAsAbsent(data, top) : { view: data, errors: [] as ValidationError[] };
    if (!schemaValidate(view)) {
      for (const e of schemaValidate.errors ?? []) {
        const mapped = describeSchemaError(e, form.errorMap[e.schemaPath], itemsByPath);
        if (mapped) errors.push(mapped);
      }
    }
    if (isObject(view)) runtimeRules(view, { today, previous: context.previous ?? null }, errors);
    if (errors.length === 0) return { valid: true, errors };
    // Page order: by top-level item, then entry number, then the entry's item. Each key is
    // computed once, not once per comparison: there may be tens of thousands of errors.
    const chosen =
      errors.length === 1
        ? errors
        : onePerPath(errors)
            .map((error) => ({ error, key: sortKey(error.path, order) }))
            .sort((a, b) => compareKeys(a.key, b.key) || (a.error.path < b.error.path ? -1 : a.error.path > b.error.path ? 1 : 0))
            .map((e) => e.error);
    const max = context.maxErrors ?? MAX_ERRORS;
    if (chosen.length <= max) return { valid: chosen.length === 0, errors: chosen };
    return { valid: false, errors: chosen.slice(0, max), moreErrors: chosen.length - max };
  };
}

/** An error's place on the page: each segment's position among the items, or its entry number. */
function sortKey(pointer: string, order: ReadonlyMap<string, number>): number[] {
  const key: number[] = [];
  let path = "";
  for (const seg of segmentsOf(pointer)) {
    if (isIndex(seg)) key.push(Number(seg));
    else {
      path = path ? `${path}.${unescapePointer(seg)}` : unescapePointer(seg);
      key.push(order.get(path) ?? 1e9);
    }
  }
  return key;
}

/** "/a/0/b" → ["a", "0", "b"]. */
function segmentsOf(pointer: string): string[] {
  return pointer.length > 1 ? pointer.slice(1).split("/") : pointer === "/" ? [""] : [];
}

/** An entry number: digits only. */
function isIndex(segment: string): boolean {
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

type Data = Record<string, unknown>;

/** One level of items (the top level, or a repeating group's entry), looked up by key. */
interface Level {
  byKey: ReadonlyMap<string, CompiledItem>;
  /** The levels of this level's repeating groups. */
  groups: Map<string, Level>;
}

function levelOf(items: readonly CompiledItem[]): Level {
  return {
    byKey: itemsByKey(items),
    groups: new Map(items.filter((i) => i.type === "repeating_group").map((i) => [i.key, levelOf(i.items ?? [])])),
  };
}

const TEXT_TYPES = new Set(["short_text", "long_text", "url"]);

/**
 * Whether blankAsAbsent has anything to do: a key that is no item, a blank answer (a blank
 * string, an empty list) or untrimmed text, at the top level or in an entry of a group.
 * Reads the record in place and allocates nothing.
 */
function needsCleaning(object: Readonly<Data>, level: Level): boolean {
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const item = level.byKey.get(key);
    if (!item) return true;
    const value = object[key];
    if (typeof value === "string") {
      if (plainlyTrimmed(value)) continue;
      const trimmed = value.trim();
      if (trimmed === "" || (trimmed !== value && TEXT_TYPES.has(item.type))) return true;
    } else if (Array.isArray(value)) {
      if (value.length === 0) return true;
      const group = level.groups.get(key);
      if (group) for (const entry of value) if (isObject(entry) && needsCleaning(entry, group)) return true;
    }
  }
  return false;
}

/**
 * Neither blank nor untrimmed, seen from its first and last characters alone when both are
 * printable ASCII other than a space (most answers); anything else is left to trim().
 */
function plainlyTrimmed(value: string): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127;
}

/**
 * The standard's conventions, applied without changing what was sent: blank strings and empty
 * lists count as absent (the schema sees them removed), and text must already be trimmed (forms
 * trim it; an API client gets a clear error rather than a silent change).
 */
function blankAsAbsent(data: Data, top: Level): { view: unknown; errors: ValidationError[] } {
  const errors: ValidationError[] = [];
  const clean = (object: Data, level: Level, prefix: string): Data => {
    const out: Data = {};
    for (const key of Object.keys(object)) {
      const value = object[key];
      const item = level.byKey.get(key);
      // A key that is no item is refused whatever its value. It is reported here and kept from
      // the schema, whose errors for it (one Ajv error object per key, all of them) would cost
      // more than the check itself on a body of tens of thousands of keys.
      if (!item) {
        errors.push({ path: `${prefix}/${escapePointer(key)}`, code: "unknown_item", message: `"${shownKey(key)}" is not an item of this form` });
        continue;
      }
      if (typeof value === "string") {
        if (value.trim() === "") continue;
        if (value !== value.trim() && TEXT_TYPES.has(item.type)) {
          errors.push({ path: `${prefix}/${escapePointer(key)}`, code: "untrimmed", message: item.messages.untrimmed });
        }
      }
      // An empty list is as blank as an empty string: otherwise min_items would refuse an unanswered item.
      if (Array.isArray(value) && value.length === 0) continue;
      const group = level.groups.get(key);
      if (group && Array.isArray(value)) {
        out[key] = value.map((entry, i) => (isObject(entry) ? clean(entry, group, `${prefix}/${escapePointer(key)}/${i}`) : entry));
        continue;
      }
      out[key] = value;
    }
    return out;
  };
  return { view: clean(data, top, ""), errors };
}

const SHOWN_KEY_LENGTH = 60;

/**
 * An unknown key as a message shows it: its first characters only (the pointer in `path` has it
 * whole), with characters that would hide or disguise text written as \u{...}.
 */
function shownKey(key: string): string {
  if (key.length <= SHOWN_KEY_LENGTH) return visibleText(key);
  // Cut between characters, never inside a surrogate pair.
  return `${visibleText([...key.slice(0, SHOWN_KEY_LENGTH + 1)].slice(0, SHOWN_KEY_LENGTH).join(""))}…`;
}

function isObject(value: unknown): value is Data {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

function onePerPath(errors: ValidationError[]): ValidationError[] {
  const best = new Map<string, ValidationError>();
  for (const e of errors) {
    const current = best.get(e.path);
    if (!current || (PRIORITY[e.code] ?? 10) < (PRIORITY[current.code] ?? 10)) best.set(e.path, e);
  }
  return [...best.values()];
}

/** "/recommendations/0/due_date" → "recommendations.due_date". */
export function itemPathOf(pointer: string): string {
  let path = "";
  for (const seg of segmentsOf(pointer)) {
    if (isIndex(seg)) continue;
    path = path ? `${path}.${unescapePointer(seg)}` : unescapePointer(seg);
  }
  return path;
}

function unescapePointer(s: string): string {
  return s.includes("~") ? s.replace(/~1/g, "/").replace(/~0/g, "~") : s;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The error's place cut to its item's depth ("/recommendations/0/due_date/x" for item
 * "recommendations.due_date" gives "/recommendations/0/due_date"): the item's segments and an
 * entry number between each pair. Most errors are already at their item's depth.
 */
function pointerToItem(instancePath: string, item: string): string {
  if (instancePath === "") return "/";
  let depth = 1;
  for (let i = 0; i < item.length; i++) if (item.charCodeAt(i) === 46) depth += 2;
  let end = 0;
  for (let seen = 0; seen < depth; seen++) {
    end = instancePath.indexOf("/", end + 1);
    if (end === -1) return instancePath;
  }
  return instancePath.slice(0, end);
}

function describeSchemaError(e: SchemaError, spec: ErrorSpec | undefined, items: Map<string, CompiledItem>): ValidationError | undefined {
  if (e.keyword === "if") return undefined;
  if (spec?.code === "required" && spec.item === undefined) {
    const prefix = itemPathOf(e.instancePath);
    const key = String(e.params.missingProperty);
    const item = items.get(prefix ? `${prefix}.${key}` : key);
    return { path: `${e.instancePath}/${escapePointer(key)}`, code: "required", message: item?.messages.required ?? `Enter ${key}` };
  }
  if (spec?.code === "unknown_item") {
    const key = String(e.params.additionalProperty);
    return { path: `${e.instancePath}/${escapePointer(key)}`, code: "unknown_item", message: `"${key}" is not an item of this form` };
  }
  if (spec?.code === "invalid_record") return { path: e.instancePath, code: "invalid_record", message: spec.message ?? "Invalid record" };
  if (!spec || !spec.item) {
    // Every schema location the compiler emits is in the error map; reaching here is a compiler bug.
    const item = items.get(itemPathOf(e.instancePath));
    return { path: e.instancePath, code: "invalid", message: item ? item.messages.invalid : "This answer is not valid" };
  }
  // A date rule whose other date is not a real date says nothing useful: that date has its own error.
  if (e.keyword.startsWith("format") && e.keyword !== "format" && !isIsoDate(e.params.limit)) return undefined;
  const path = pointerToItem(e.instancePath, spec.item);
  const template = spec.message ?? "This answer is not valid";
  const message = template.includes("{other}") ? template.replace(/\{other\}/g, formatLongDate(e.params.limit)) : template;
  return { path, code: spec.code, message, ...(spec.rule ? { rule: spec.rule } : {}) };
}
