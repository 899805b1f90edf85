/**
 * Default error messages, in the GOV.UK style ("Enter the incident date"), used wherever a
 * definition does not give its own. Filled in at compile time so runtime code only looks up.
 */
import type { ItemDefinition } from "../language/types.ts";
import { EARLIEST_DATE, formatLongDate, LATEST_DATE } from "../runtime/dates.ts";
import type { ItemMessageTexts } from "./compiled-form.ts";

/** "Date added" → "date added"; labels with other capitals ("StEIS Number", "Safeguarding Partnership/Board") stay as written. */
export function lowerFirst(label: string): string {
  return /^[A-Z][^A-Z]*$/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** "the incident date" → "The incident date", where a message starts with the item's name. */
function upperFirst(name: string): string {
  return name[0]!.toUpperCase() + name.slice(1);
}

/** Plain-English readings of the item's forbidden_when and shown_when conditions. */
export interface ConditionReasons {
  forbidden?: string;
  shown?: string;
}

export function defaultMessages(item: ItemDefinition, reasons: ConditionReasons = {}): ItemMessageTexts {
  // A message_name ("the StEIS number or local identifier") names the item as the question
  // does; without one, the label does ("StEIS Number/Local Identifier", "date added").
  const label = item.message_name ? upperFirst(item.message_name) : item.label;
  const lower = item.message_name ?? lowerFirst(item.label);
  const own = item.messages ?? {};
  const isChoice = item.type === "single_choice" || item.type === "multiple_choice";
  const entry = item.entry_label ?? "entry";
  const required =
    item.type === "single_choice"
      ? `Select ${lower}`
      : item.type === "multiple_choice"
        ? `Select at least one option for ${lower}`
        : item.type === "repeating_group"
          ? `Add at least one ${entry}`
          : `Enter ${lower}`;
  const invalid: Record<string, string> = {
    short_text: `${label} must be text`,
    long_text: `${label} must be text`,
    // The date input asks for day, month and year in three boxes: the example matches its hint.
    date: `${label} must be a real date, like 27 3 2024`,
    url: `${label} must be a full web address starting with ${(item.schemes ?? ["https"]).map((s) => `${s}://`).join(" or ")}`,
    single_choice: `Select ${lower} from the list`,
    multiple_choice: `Select ${lower} from the list`,
    repeating_group: `${label} must be a list of entries`,
  };
  // "1 option", "2 entries": a count reads wrong with a plural made by adding "s" alone.
  const unit = (count: number) => (item.type === "repeating_group" ? (count === 1 ? entry : plural(entry)) : count === 1 ? "option" : "options");
  return {
    required: own.required ?? required,
    // One message for an answer that must be empty, whether forbidden_when holds or shown_when does not.
    forbidden: own.forbidden ?? (reasons.forbidden ? `${label} must be left empty when ${reasons.forbidden}` : reasons.shown ? `${label} must be left empty unless ${reasons.shown}` : `${label} must be left empty`),
    pattern: own.pattern ?? `${label} is not in the right format`,
    max_length: own.max_length ?? `${label} must be ${count(item.max_length ?? 0)} characters or fewer`,
    min_length: own.min_length ?? `${label} must be ${count(item.min_length ?? 0)} characters or more`,
    invalid: own.invalid ?? invalid[item.type]!,
    untrimmed: `${label} must not start or end with spaces or blank lines`,
    invalid_characters: `${label} must not contain control characters or hidden formatting characters`,
    out_of_range: `${label} must be between ${formatLongDate(EARLIEST_DATE)} and ${formatLongDate(LATEST_DATE)}`,
    duplicate: `Select each option for ${lower} only once`,
    min_items: own.min_items ?? `Select at least ${item.min_items ?? 1} ${unit(item.min_items ?? 1)} for ${lower}`,
    max_items: own.max_items ?? `Select at most ${item.max_items ?? 0} ${unit(item.max_items ?? 0)} for ${lower}`,
    unique: own.unique ?? `Another record already has this ${lower}`,
    retired: isChoice ? `{choice} is no longer used for ${lower}: select another option` : `${label} is no longer used`,
    unknown: `${label} is not an item of this form`,
  };
}

/** 4000 → "4,000", as the character counter under a long answer writes it. */
function count(n: number): string {
  return n.toLocaleString("en-GB");
}

/** "entry" → "entries", "visit" → "visits": entry labels are ordinary English nouns. */
function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}
