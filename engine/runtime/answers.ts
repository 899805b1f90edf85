/**
 * The one meaning of hidden items and defaults, shared by the browser and the server: which
 * items a record's answers hide (shown_when), the answers as the standard wants them sent
 * (text trimmed, blanks and hidden answers removed), and the answers a new record or a new
 * entry starts with. The compiled validator refuses an answer to a hidden item
 * (compile/json-schema.ts); these functions are how a form avoids sending one.
 */
import type { CompiledForm, CompiledItem } from "../compile/compiled-form.ts";
import type { Condition } from "../language/types.ts";
import { conditionItems, evaluateCondition } from "./conditions.ts";

type RecordData = Record<string, unknown>;

/**
 * A level's items by key. Compiled items never change, so each level's map is made once (the
 * server asks on every write, for the same few lists).
 */
const byKeyOf = new WeakMap<readonly CompiledItem[], ReadonlyMap<string, CompiledItem>>();
export function itemsByKey(items: readonly CompiledItem[]): ReadonlyMap<string, CompiledItem> {
  let byKey = byKeyOf.get(items);
  if (!byKey) byKeyOf.set(items, (byKey = new Map(items.map((i) => [i.key, i]))));
  return byKey;
}

/** What a level's conditions need, found once per compiled list of items. */
interface LevelConditions {
  /** Items with a shown_when. */
  conditional: readonly CompiledItem[];
  /** This level's items that some shown_when reads: the only answers hiding depends on. */
  shownReads: readonly CompiledItem[];
  /** This level's items that some shown_when or forbidden_when reads. */
  anyReads: readonly CompiledItem[];
}
const conditionsOf = new WeakMap<readonly CompiledItem[], LevelConditions>();
function conditionsAt(items: readonly CompiledItem[]): LevelConditions {
  let found = conditionsOf.get(items);
  if (!found) {
    const byKey = itemsByKey(items);
    // Conditions read only this level's items: a key that is no item here is never an answer they see.
    const readBy = (conditions: (Condition | undefined)[]) =>
      [...new Set(conditions.flatMap((c) => (c ? conditionItems(c) : [])))].flatMap((key) => byKey.get(key) ?? []);
    found = {
      conditional: items.filter((i) => i.shownWhen),
      shownReads: readBy(items.map((i) => i.shownWhen)),
      anyReads: readBy(items.flatMap((i) => [i.shownWhen, i.forbiddenWhen])),
    };
    conditionsOf.set(items, found);
  }
  return found;
}

function isObject(value: unknown): value is RecordData {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Trimmed text, or undefined for a blank or missing answer. */
function cleanValue(value: unknown, item: CompiledItem | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }
  if (Array.isArray(value)) {
    if (item?.type === "repeating_group") {
      // Entries are kept even when blank: removing one silently would lose what the person added.
      return value.length ? value.map((entry) => (isObject(entry) ? cleanLevel(entry, item.items ?? []) : entry)) : undefined;
    }
    const list = value.map((v) => (typeof v === "string" ? v.trim() : v)).filter((v) => v !== undefined && v !== null && v !== "");
    return list.length ? list : undefined;
  }
  return value;
}

/**
 * The keys of the items at one level (top level, or one entry of a group) that are hidden by
 * their shown_when condition. An item hidden here counts as unanswered when the conditions of
 * the others are evaluated, so an item shown only when a hidden item is answered is hidden too.
 */
export function hiddenItemKeys(items: readonly CompiledItem[], data: Readonly<RecordData>): Set<string> {
  const { conditional, shownReads } = conditionsAt(items);
  let hidden = new Set<string>();
  if (!conditional.length) return hidden;
  // Conditions read other items' answers; repeat until the hidden set settles (bounded, so a
  // definition whose conditions chase each other cannot loop).
  for (let round = 0; round <= conditional.length; round++) {
    // Only the answers some condition reads are looked at (keys that are no item, refused by
    // the validator however many were sent, never are).
    const view: RecordData = {};
    for (const { key } of shownReads) if (!hidden.has(key) && Object.hasOwn(data, key)) view[key] = data[key];
    const next = new Set(conditional.filter((i) => !evaluateCondition(i.shownWhen!, view)).map((i) => i.key));
    // Settled when the next round would see the same answers, so would hide the same items.
    if (shownReads.every(({ key }) => next.has(key) === hidden.has(key))) return next;
    hidden = next;
  }
  return hidden;
}

/** One level's answers trimmed, with blank answers removed (hidden items still there). */
function trimLevel(data: Readonly<RecordData>, items: readonly CompiledItem[]): RecordData {
  const byKey = itemsByKey(items);
  const trimmed: RecordData = {};
  for (const [key, value] of Object.entries(data)) {
    const cleaned = cleanValue(value, byKey.get(key));
    if (cleaned !== undefined) trimmed[key] = cleaned;
  }
  return trimmed;
}

/** The answers to these items, trimmed, blanks removed: what conditions read. */
function trimItems(data: Readonly<RecordData>, items: readonly CompiledItem[]): RecordData {
  const trimmed: RecordData = {};
  for (const item of items) {
    if (!Object.hasOwn(data, item.key)) continue;
    const cleaned = cleanValue(data[item.key], item);
    if (cleaned !== undefined) trimmed[item.key] = cleaned;
  }
  return trimmed;
}

/**
 * The items at one level that are not shown for these answers, as the form and cleanData see
 * it (blank and untrimmed answers are read as the standard reads them).
 */
export function hiddenItems(items: readonly CompiledItem[], data: unknown): Set<string> {
  return hiddenItemKeys(items, trimItems(isObject(data) ? data : {}, conditionsAt(items).shownReads));
}

function cleanLevel(data: Readonly<RecordData>, items: readonly CompiledItem[]): RecordData {
  const trimmed = trimLevel(data, items);
  for (const key of hiddenItemKeys(items, trimmed)) delete trimmed[key];
  return trimmed;
}

/**
 * The data to validate and send: strings trimmed; blank strings, nulls and empty lists removed;
 * answers to items whose shown_when is false removed (inside each entry of a repeating group
 * too). Keys that are not items of the form are kept, so the validator can report them rather
 * than the form dropping data silently.
 */
export function cleanData(form: CompiledForm, data: Readonly<RecordData> | null | undefined): RecordData {
  return cleanLevel(isObject(data) ? data : {}, form.items);
}

/** The answers one new entry of a repeating group starts with. */
export function entryDefaults(group: CompiledItem, today: string): RecordData {
  return defaultAnswers(group.items ?? [], today);
}

/**
 * The answers a level of items starts with: each item's default (a choice code, or today for a
 * date whose default is "today"), and for a repeating group that needs entries, that many
 * entries with their own defaults. The one function that applies defaults.
 */
export function defaultAnswers(items: readonly CompiledItem[], today: string): RecordData {
  const data: RecordData = {};
  for (const item of items) {
    if (item.type === "repeating_group") {
      // A group that must have entries starts with that many, each with its own defaults.
      const count = Math.max(item.minItems ?? 0, item.required ? 1 : 0);
      if (count) data[item.key] = Array.from({ length: count }, () => entryDefaults(item, today));
      continue;
    }
    if (item.default === undefined) continue;
    if (item.type === "date") {
      if (item.default === "today") data[item.key] = today;
    } else if (item.type === "multiple_choice") {
      data[item.key] = [item.default];
    } else {
      data[item.key] = item.default;
    }
  }
  return data;
}

/** The answers a new record starts with (see defaultAnswers). */
export function initialData(form: CompiledForm, today: string): RecordData {
  return defaultAnswers(form.items, today);
}

/**
 * The items at one level whose answer must be empty for these answers: those hidden by
 * shown_when (unless the definition keeps their answers while hidden) and those whose
 * forbidden_when holds. Clearing such an answer is never a change a role needs permission for.
 */
export function itemsThatMustBeEmpty(items: readonly CompiledItem[], data: unknown): Set<string> {
  const view = trimItems(isObject(data) ? data : {}, conditionsAt(items).anyReads);
  const hidden = hiddenItemKeys(items, view);
  return new Set(
    items.filter((i) => (hidden.has(i.key) && !i.keepWhenHidden) || (i.forbiddenWhen !== undefined && evaluateCondition(i.forbiddenWhen, view))).map((i) => i.key),
  );
}

/**
 * The answers as they are stored: a blank answer (a blank text, an empty list) to an item is no
 * answer, so it is left out, in repeating group entries too, and stored data never holds `" "`
 * for a date or a web address. Keys that are no item are kept: the validator refuses them.
 */
export function withoutBlankAnswers(items: readonly CompiledItem[], data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const byKey = itemsByKey(items);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    const value = data[key];
    const item = byKey.get(key);
    if (item && ((typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0))) continue;
    if (item?.type === "repeating_group" && Array.isArray(value)) {
      out[key] = value.map((entry) => (entry !== null && typeof entry === "object" && !Array.isArray(entry) ? withoutBlankAnswers(item.items ?? [], entry as Record<string, unknown>) : entry));
      continue;
    }
    out[key] = value;
  }
  return out;
}
