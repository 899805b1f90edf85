/**
 * The ids the form gives its fields, and the focusable element a link to an answer should
 * target (error summary links, "Change" links): a date's day box, a choice's first option,
 * a group's first entry (or its "Add" button when it has none).
 *
 * Ids are RJSF's: "root_" + the path joined by "_": root_date_added,
 * root_recommendations_0_due_date. A date's boxes add -day, -month and -year; options after
 * the first add -2, -3, ...; a group's "Add" button adds -add.
 */
import { type CompiledForm, hiddenItems } from "../../../engine/runtime/index.ts";
import { itemAt, unescapePointer } from "./answers.ts";
import type { RecordData } from "./types.ts";

export const ID_PREFIX = "root";
export const ID_SEPARATOR = "_";

/** The id of the field at a path (segments, dotted path or JSON pointer). */
export function fieldId(path: string | readonly (string | number)[]): string {
  return [ID_PREFIX, ...segmentsOf(path)].join(ID_SEPARATOR);
}

/** "/recommendations/0/due_date" → ["recommendations", "0", "due_date"]; "" → []. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer || pointer === "/") return [];
  return pointer.split("/").slice(1).map(unescapePointer);
}

function segmentsOf(path: string | readonly (string | number)[]): string[] {
  if (typeof path !== "string") return path.map(String);
  if (path.startsWith("/") || path === "") return pointerSegments(path);
  return path.split(".");
}

/**
 * The id of the element a link to this answer should move focus to, or undefined for the
 * record as a whole. `data` is the form's current data (to find a group's first entry).
 */
export function answerTargetId(form: CompiledForm, path: string | readonly (string | number)[], data: Readonly<RecordData>): string | undefined {
  const segments = segmentsOf(path);
  if (!segments.length) return undefined;
  const item = itemAt(form, segments);
  const id = fieldId(segments);
  if (!item) return id;
  if (item.type === "date") return `${id}-day`;
  if (item.type === "repeating_group") {
    const entries = valueAt(data, segments);
    const first = Array.isArray(entries) ? entries[0] : undefined;
    if (first && typeof first === "object" && !Array.isArray(first)) {
      const hidden = hiddenItems(item.items ?? [], first);
      const sub = (item.items ?? []).find((i) => !hidden.has(i.key));
      if (sub) return answerTargetId(form, [...segments, "0", sub.key], data);
    }
    return `${id}-add`;
  }
  return id;
}

function valueAt(data: Readonly<RecordData>, segments: readonly string[]): unknown {
  let value: unknown = data;
  for (const s of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[s];
  }
  return value;
}

/**
 * Whether the answer at a path is on the form for these answers: false when it, or the entry
 * or item it belongs to, is hidden by a shown_when condition.
 */
export function isShownPath(form: CompiledForm, path: string | readonly (string | number)[], data: Readonly<RecordData>): boolean {
  let items = form.items;
  let level: unknown = data;
  for (const segment of segmentsOf(path)) {
    if (/^\d+$/.test(segment)) {
      level = Array.isArray(level) ? level[Number(segment)] : undefined;
      continue;
    }
    const item = items.find((i) => i.key === segment);
    if (!item) return true;
    if (hiddenItems(items, level).has(segment)) return false;
    level = level !== null && typeof level === "object" && !Array.isArray(level) ? (level as Record<string, unknown>)[segment] : undefined;
    items = item.items ?? [];
  }
  return true;
}
