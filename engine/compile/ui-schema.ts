/**
 * The RJSF UI schema: widgets, order, sections, questions, input widths and the display-only
 * facts the renderer needs (shown_when conditions, who may write each item, retired codes).
 * No rules live here.
 */
import type { CompiledChoiceList, CompiledItem, CompiledSection } from "./compiled-form.ts";

const WIDGETS: Record<string, string | undefined> = {
  short_text: "text",
  long_text: "textarea",
  date: "nhsDate",
  url: "uri",
  single_choice: "radio",
  multiple_choice: "checkboxes",
};

export function buildUiSchema(items: CompiledItem[], sections: CompiledSection[], lists: Record<string, CompiledChoiceList>): Record<string, unknown> {
  const order = sections.flatMap((s) => s.items);
  return {
    "ui:order": order.length ? order : items.map((i) => i.key),
    "ui:options": { sections: sections.map((s) => ({ ...s })) },
    ...itemsUi(items, lists),
  };
}

function itemsUi(items: CompiledItem[], lists: Record<string, CompiledChoiceList>): Record<string, unknown> {
  const ui: Record<string, unknown> = {};
  for (const item of items) {
    const options: Record<string, unknown> = { writers: item.writers };
    if (item.shownWhen) options.shownWhen = item.shownWhen;
    if (item.type === "long_text" || item.type === "short_text") options.maxLength = item.maxLength;
    if (item.width !== undefined) options.width = item.width;
    if (item.type === "long_text") options.rows = 5;
    // The form asks the question; the label stays the data item's name everywhere else.
    const entry: Record<string, unknown> = item.question ? { "ui:title": item.question } : {};
    const widget = WIDGETS[item.type];
    if (widget) entry["ui:widget"] = widget;
    if (item.choices) {
      const list = lists[item.choices]!;
      entry["ui:enumNames"] = list.choices.map((c) => c.label);
      const retired = list.choices.filter((c) => c.retired).map((c) => c.code);
      if (retired.length) options.retiredCodes = retired;
    }
    if (item.default === "today") options.defaultToday = true;
    if (item.type === "repeating_group") {
      options.entryLabel = item.entryLabel ?? "entry";
      options.orderable = false;
      entry.items = { "ui:order": (item.items ?? []).map((i) => i.key), ...itemsUi(item.items ?? [], lists) };
    }
    entry["ui:options"] = options;
    ui[item.key] = entry;
  }
  return ui;
}
