/**
 * Conditional reveals: a follow-on item whose shown_when asks about one choice item, and which
 * follows that item in the form's order, is drawn under the option that reveals it (the NHS
 * "conditional reveal") instead of further down the page.
 */
import type { CompiledForm, Condition } from "../../../engine/runtime/index.ts";

export interface Reveal {
  /** The follow-on item. */
  key: string;
  /** The choice item it is drawn under. */
  parent: string;
  /** The parent's codes under which it is drawn. */
  codes: string[];
}

/** The codes of `parent` for which the condition holds, when it tests nothing else. */
function codesOf(condition: Condition): { item: string; codes: string[] } | null {
  if ("equals" in condition) return { item: condition.item, codes: [condition.equals] };
  if ("in" in condition) return { item: condition.item, codes: [...condition.in] };
  if ("includes" in condition) return { item: condition.item, codes: [condition.includes] };
  return null;
}

/**
 * The top-level items drawn as reveals, by key. An item is one when its shown_when names a
 * choice item that comes before it in `order` with nothing between them but other reveals of
 * the same item: "Other type of review" straight after "Type of review". Anything else stays
 * where it is, so a reveal never jumps over an unrelated question.
 */
export function revealsOf(form: CompiledForm, order: readonly string[]): Map<string, Reveal> {
  const byKey = new Map(form.items.map((item) => [item.key, item]));
  const reveals = new Map<string, Reveal>();
  let parent: string | null = null;
  for (const key of order) {
    const item = byKey.get(key);
    const tested = item?.shownWhen ? codesOf(item.shownWhen) : null;
    if (item && tested && tested.item === parent) {
      reveals.set(key, { key, parent, codes: tested.codes });
      continue;
    }
    const type = item?.type;
    parent = type === "single_choice" || type === "multiple_choice" ? key : null;
  }
  return reveals;
}
