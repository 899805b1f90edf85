/**
 * Reading answers for people: finding an item by its path, the label of a choice code, and
 * one answer as text (dates as "3 March 2024", codes as their labels).
 */
import { type CompiledForm, type CompiledItem, formatLongDate, isPresent } from "../../../engine/runtime/index.ts";

export const NOT_ANSWERED = "Not answered";

/**
 * The item at a path: a top-level key ("status"), a dotted path ("recommendations.due_date"),
 * a JSON pointer ("/recommendations/0/due_date") or a list of segments (entry numbers ignored).
 */
export function itemAt(form: CompiledForm, path: string | readonly (string | number)[]): CompiledItem | undefined {
  const segments = (typeof path === "string" ? (path.startsWith("/") ? path.split("/").slice(1).map(unescapePointer) : path.split(".")) : path.map(String)).filter(
    (s) => s !== "" && !/^\d+$/.test(s),
  );
  let level: readonly CompiledItem[] = form.items;
  let found: CompiledItem | undefined;
  for (const key of segments) {
    found = level.find((i) => i.key === key);
    if (!found) return undefined;
    level = found.items ?? [];
  }
  return found;
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The label of a choice code for an item ("closed" → "Closed"); the code itself if unknown. */
export function choiceLabel(form: CompiledForm, item: CompiledItem, code: unknown): string {
  const list = item.choices ? form.choiceLists[item.choices] : undefined;
  const choice = list?.choices.find((c) => c.code === code);
  return choice ? choice.label : String(code);
}

/** "recommendation" → "Recommendation". */
export function capitalise(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** True when an answer counts as given (blank text and empty lists do not). */
export function isAnswered(value: unknown): boolean {
  return isPresent(value);
}

/**
 * One answer as plain text, for summaries and history pages: dates as "3 March 2024", choice
 * codes as their labels (several joined with ", "), a group as the number of its entries,
 * "Not answered" for a blank answer. `path` is as for itemAt; an unknown item shows the value.
 */
export function formatAnswer(form: CompiledForm, path: string | readonly (string | number)[], value: unknown): string {
  return formatItemAnswer(form, itemAt(form, path), value);
}

/** As formatAnswer, for an item already found (undefined: the value as text). */
export function formatItemAnswer(form: CompiledForm, item: CompiledItem | undefined, value: unknown): string {
  if (!isPresent(value)) return NOT_ANSWERED;
  if (!item) return plain(value);
  switch (item.type) {
    case "date":
      return formatLongDate(value);
    case "single_choice":
      return choiceLabel(form, item, value);
    case "multiple_choice":
      return Array.isArray(value) ? value.map((code) => choiceLabel(form, item, code)).join(", ") : choiceLabel(form, item, value);
    case "repeating_group": {
      if (!Array.isArray(value)) return plain(value);
      const label = item.entryLabel ?? "entry";
      return `${value.length} ${value.length === 1 ? label : plural(label)}`;
    }
    default:
      return plain(value);
  }
}

function plain(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(plain).join(", ");
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function plural(label: string): string {
  if (/[^aeiou]y$/.test(label)) return `${label.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(label)) return `${label}es`;
  return `${label}s`;
}

/** "a recommendation", "an action". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}
