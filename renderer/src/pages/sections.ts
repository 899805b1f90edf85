/**
 * A version whose layout is `pages` is filled in one section at a time from a task list. This
 * module holds the pure part of that: which sections the list shows and with what status,
 * the form and validator of one section's page, and where a section's page is. Every fact
 * comes from the compiled form and the engine's validator: no rule is written twice.
 */
import {
  cleanData,
  conditionItems,
  type CompiledForm,
  type CompiledSection,
  hiddenItems,
  isPresent,
  type RecordValidator,
  type ValidationError,
} from "../../../engine/runtime/index.ts";
import { errorItem, limitForm } from "../form/index.ts";
import { stableJson } from "./draft-keeper.ts";

type Data = Record<string, unknown>;

export type SectionStatus = "completed" | "incomplete" | "not_started" | "cannot_start";

/** The words the task list shows for each status (the service manual's). */
export const STATUS_TEXT: Record<SectionStatus, string> = {
  completed: "Completed",
  incomplete: "Incomplete",
  not_started: "Not yet started",
  cannot_start: "Cannot start yet",
};

export interface TaskListEntry {
  section: CompiledSection;
  status: SectionStatus;
  /** The problems with the section's answers (the validator's, for its items only). */
  errors: ValidationError[];
}

/** The sections to show as pages, or null when the version is drawn as one page. */
export function pagedSections(form: CompiledForm): CompiledSection[] | null {
  return form.layout === "pages" && form.sections.length ? form.sections : null;
}

/** The section holding a top-level item. */
export function sectionOf(form: CompiledForm, itemKey: string): CompiledSection | undefined {
  return form.sections.find((s) => s.items.includes(itemKey));
}

/** Whether an error (a JSON pointer's path) is about one of the section's items. */
export function inSection(section: CompiledSection, path: string): boolean {
  return section.items.includes(errorItem(path));
}

/**
 * The task list: each section with its status, in the definition's order.
 *
 * - A section whose every item is hidden for these answers has nothing to ask. It is "Cannot
 *   start yet" while a condition that hides it reads an unanswered item (answering that item
 *   may open it), and is left out when the answers already decided it does not apply.
 * - "Not yet started": nothing answered in it beyond what the form started with (`untouched`:
 *   a new record's defaults), and the user has not saved it.
 * - "Completed": started and the validator finds nothing wrong with its items.
 * - "Incomplete": started, with problems left.
 *
 * `errors` are the validator's errors for the whole record as it stands (cleaned), so a rule
 * between sections counts against the section of the item it is about.
 */
export function taskList(
  form: CompiledForm,
  answers: Readonly<Data>,
  errors: readonly ValidationError[],
  options: { untouched?: Readonly<Data>; saved?: ReadonlySet<string> } = {},
): TaskListEntry[] {
  const hidden = hiddenItems(form.items, answers);
  const clean = cleanData(form, answers);
  const untouched = cleanData(form, options.untouched ?? {});
  const byKey = new Map(form.items.map((i) => [i.key, i]));
  const entries: TaskListEntry[] = [];
  for (const section of form.sections) {
    const shown = section.items.filter((k) => byKey.has(k) && !hidden.has(k));
    if (!shown.length) {
      const waiting = section.items.some((k) => {
        const condition = byKey.get(k)?.shownWhen;
        return condition !== undefined && conditionItems(condition).some((read) => !isPresent(clean[read]));
      });
      if (waiting) entries.push({ section, status: "cannot_start", errors: [] });
      continue;
    }
    const own = errors.filter((e) => inSection(section, e.path));
    const started = options.saved?.has(section.id) === true || shown.some((k) => isPresent(clean[k]) && stableJson(clean[k]) !== stableJson(untouched[k]));
    entries.push({ section, status: !started ? "not_started" : own.length ? "incomplete" : "completed", errors: own });
  }
  return entries;
}

/**
 * The compiled form as one section's page draws it: only the section's items (the rest of
 * the record's answers stay in the data, so shown_when and rules still read them), and no
 * section heading (the page's own heading is the section's title).
 */
export function sectionForm(form: CompiledForm, section: CompiledSection): CompiledForm {
  const limited = limitForm(form, section.items);
  const options = form.uiSchema["ui:options"];
  const uiOptions = typeof options === "object" && options !== null ? (options as Record<string, unknown>) : {};
  return { ...limited, uiSchema: { ...form.uiSchema, "ui:options": { ...uiOptions, sections: [section], sectionHeadings: false } } };
}

/**
 * The version's validator, judging the whole record as it stands but reporting only the
 * section's problems: a section page can be completed while others are still to do.
 */
export function sectionValidator(validate: RecordValidator, section: CompiledSection): RecordValidator {
  return (data, context) => {
    // Every error, so a long list elsewhere cannot push this section's out of the result.
    const result = validate(data, { ...context, maxErrors: Number.MAX_SAFE_INTEGER });
    const errors = result.errors.filter((e) => inSection(section, e.path));
    return { valid: errors.length === 0, errors };
  };
}

/** The sections the user has saved with "Save and continue", kept for the tab (a reload keeps them). */
export function savedSections(collection: string, key: string): Set<string> {
  try {
    const raw = window.sessionStorage.getItem(savedKey(collection, key));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === "string") : []);
  } catch {
    return new Set();
  }
}

export function rememberSavedSections(collection: string, key: string, saved: ReadonlySet<string>): void {
  try {
    if (saved.size) window.sessionStorage.setItem(savedKey(collection, key), JSON.stringify([...saved]));
    else window.sessionStorage.removeItem(savedKey(collection, key));
  } catch {
    // Storage full or refused: the statuses then come from the answers alone.
  }
}

function savedKey(collection: string, key: string): string {
  return `scrt:sections:${collection}:${key}`;
}
