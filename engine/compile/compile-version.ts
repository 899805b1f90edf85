/**
 * Compiles one version of a checked collection into a CompiledForm. Pure: the same
 * definitions always give the same (deeply equal, and byte-identical when serialised) form.
 */
import { DEFAULT_MAX_LENGTH } from "../language/limits.ts";
import { createHash } from "node:crypto";
import { relative } from "node:path";
import type { ChoiceListDefinition, CollectionDefinition, ItemDefinition, RuleDefinition, VersionDefinition, WriterRole } from "../language/types.ts";
import { DATE_OPERATORS } from "../language/types.ts";
import type { LoadedCollection } from "../load/load-collection.ts";
import { describeCondition } from "../runtime/conditions.ts";
import { COMPILED_FORM_FORMAT, type CompiledAction, type CompiledChoiceList, type CompiledDashboard, type CompiledLearning, type CompiledList, type CompiledForm, type CompiledItem, type CompiledRule, type CompiledSection, type InputWidth } from "./compiled-form.ts";
import { defaultMessages } from "./default-messages.ts";
import { buildJsonSchema } from "./json-schema.ts";
import { buildUiSchema } from "./ui-schema.ts";

const DEFAULT_LENGTH = DEFAULT_MAX_LENGTH;

export function compileVersion(collection: LoadedCollection, version: string): CompiledForm {
  const settings = collection.settings?.definition;
  const loaded = collection.versions.find((v) => v.definition.version === version);
  if (!settings || !loaded) throw new Error(`no version ${version} in ${collection.dir}`);
  const def = loaded.definition;

  // Only the choice lists this version uses travel with it.
  const allLists = new Map(collection.choiceLists.map((l) => [l.definition.list, l]));
  const used = [...new Set(flatItems(def.items).flatMap((i) => (i.choices ? [i.choices] : [])))].sort();
  const choiceLists: Record<string, CompiledChoiceList> = {};
  for (const name of used) choiceLists[name] = compileChoiceList(allLists.get(name)!.definition);

  const defaultWriters = settings.default_writers ?? ["editor"];
  const sectionOf = new Map<string, string>();
  for (const s of def.sections ?? []) for (const key of s.items) sectionOf.set(key, s.id);

  const topLabels = new Map(def.items.map((i) => [i.key, i]));
  const items = def.items.map((item) => compileItem(item, undefined, topLabels, choiceLists, defaultWriters, sectionOf));
  const rules = (def.rules ?? []).map((r) => compileRule(r, def));
  const sections: CompiledSection[] = def.sections
    ? def.sections.map((s) => ({ id: s.id, title: s.title, ...(s.description ? { description: s.description } : {}), items: [...s.items] }))
    : [{ id: "main", title: def.title ?? settings.title, items: def.items.map((i) => i.key) }];

  const title = def.title ?? `${settings.title}, version ${def.version}`;
  const { schema, errorMap } = buildJsonSchema(items, rules, (name) => choiceLists[name]!.choices.map((c) => c.code), {
    id: `urn:form:${settings.collection}:${def.version}`,
    title,
  });

  const sourceFiles = [collection.settings!.source, loaded.source, ...used.map((n) => allLists.get(n)!.source)];
  const hash = createHash("sha256");
  for (const f of sourceFiles) hash.update(f.text);

  return {
    format: COMPILED_FORM_FORMAT,
    collection: {
      id: settings.collection,
      title: settings.title,
      shortTitle: settings.short_title ?? settings.title,
      ...(settings.description ? { description: settings.description } : {}),
      ...(settings.record_title ? { recordTitle: settings.record_title } : {}),
      list: compileList(settings.list ?? {}),
      ...(settings.dashboard ? { dashboard: compileDashboard(settings.dashboard) } : {}),
      ...(settings.learning ? { learning: compileLearning(settings.learning) } : {}),
      ...(settings.record_status ? { recordStatus: { item: settings.record_status.item, colours: { ...settings.record_status.colours } } } : {}),
      ...(settings.actions?.length ? { actions: settings.actions.map(compileAction) } : {}),
    },
    version: def.version,
    status: def.status,
    effectiveFrom: def.effective_from,
    supersedes: def.supersedes ?? null,
    title,
    ownerOrganisationType: def.owner_organisation_type ?? settings.owner_organisation_type,
    sections,
    layout: def.layout ?? "single_page",
    items,
    choiceLists,
    rules,
    schema,
    uiSchema: buildUiSchema(items, sections, choiceLists),
    errorMap,
    sourceHash: hash.digest("hex"),
    // f.file is relative to the display root, not to the working directory: use the real path.
    sources: sourceFiles.map((f) => relative(collection.dir, f.path) || f.path).map((p) => p.split("\\").join("/")),
  };
}

function compileList(def: NonNullable<CollectionDefinition["list"]>): CompiledList {
  return {
    filters: def.filters ?? [],
    search: def.search ?? [],
    columns: def.columns ?? [],
    dateFilters: def.date_filters ?? [],
    views: (def.views ?? []).map((v) => ({
      id: v.id,
      title: v.title,
      roles: [...v.roles],
      ...(v.when ? { when: v.when } : {}),
      ...(v.complete !== undefined ? { complete: v.complete } : {}),
      ...(v.migrated !== undefined ? { migrated: v.migrated } : {}),
      ...(v.not_updated_for_days !== undefined ? { notUpdatedForDays: v.not_updated_for_days } : {}),
    })),
  };
}

function compileDashboard(def: NonNullable<CollectionDefinition["dashboard"]>): CompiledDashboard {
  return {
    openWhen: def.open_when,
    openedOn: def.opened_on,
    ...(def.closed_on ? { closedOn: def.closed_on } : {}),
    breakdowns: def.breakdowns ?? [],
    durations: (def.durations ?? []).map((d) => ({ ...d })),
    outstanding: (def.outstanding ?? []).map((o) => ({ ...o })),
  };
}

function compileLearning(def: NonNullable<CollectionDefinition["learning"]>): CompiledLearning {
  return { items: def.items, filters: def.filters ?? [], ...(def.signed_off ? { signedOff: def.signed_off } : {}) };
}

function compileAction(def: NonNullable<CollectionDefinition["actions"]>[number]): CompiledAction {
  return {
    id: def.id,
    title: def.title,
    ...(def.when ? { when: def.when } : {}),
    sets: { ...def.sets },
    asks: [...def.asks],
    done: def.done,
    ...(def.waiting_list ? { waitingList: def.waiting_list } : {}),
  };
}

function flatItems(items: ItemDefinition[]): ItemDefinition[] {
  return items.flatMap((i) => [i, ...flatItems(i.items ?? [])]);
}

function compileChoiceList(def: ChoiceListDefinition): CompiledChoiceList {
  return {
    name: def.list,
    title: def.title ?? def.list,
    choices: def.choices.map((c) => ({ code: c.code, label: c.label, ...(c.hint ? { hint: c.hint } : {}), retired: Boolean(c.retired) })),
  };
}

function compileItem(
  item: ItemDefinition,
  group: ItemDefinition | undefined,
  scope: Map<string, ItemDefinition>,
  lists: Record<string, CompiledChoiceList>,
  defaultWriters: WriterRole[],
  sectionOf: Map<string, string>,
): CompiledItem {
  const labelOf = (key: string) => scope.get(key)?.label ?? key;
  const choiceLabel = (key: string, code: string) => {
    const list = scope.get(key)?.choices;
    return lists[list ?? ""]?.choices.find((c) => c.code === code)?.label ?? code;
  };
  const reasons = {
    ...(item.forbidden_when ? { forbidden: describeCondition(item.forbidden_when, labelOf, choiceLabel) } : {}),
    ...(item.shown_when ? { shown: describeCondition(item.shown_when, labelOf, choiceLabel) } : {}),
  };
  const subScope = new Map((item.items ?? []).map((i) => [i.key, i]));
  const compiled: CompiledItem = {
    key: item.key,
    path: group ? `${group.key}.${item.key}` : item.key,
    label: item.label,
    ...(item.question ? { question: item.question } : {}),
    ...(item.hint ? { hint: item.hint } : {}),
    ...(item.type === "short_text" || item.type === "url" ? { width: item.width ?? widthFor(item.max_length ?? DEFAULT_LENGTH[item.type]) } : {}),
    type: item.type,
    required: item.required === true,
    ...(item.required_when ? { requiredWhen: item.required_when } : {}),
    ...(item.shown_when ? { shownWhen: item.shown_when } : {}),
    ...(item.shown_when && item.keep_when_hidden ? { keepWhenHidden: true as const } : {}),
    ...(item.forbidden_when ? { forbiddenWhen: item.forbidden_when } : {}),
    ...(DEFAULT_LENGTH[item.type] ? { maxLength: item.max_length ?? DEFAULT_LENGTH[item.type] } : {}),
    ...(item.min_length !== undefined ? { minLength: item.min_length } : {}),
    ...(item.pattern ? { pattern: item.pattern } : {}),
    ...(item.choices ? { choices: item.choices } : {}),
    ...(item.type === "url" ? { schemes: item.schemes ?? ["https"] } : {}),
    ...(item.min_items !== undefined ? { minItems: item.min_items } : {}),
    ...(item.max_items !== undefined ? { maxItems: item.max_items } : {}),
    ...(item.entry_label ? { entryLabel: item.entry_label } : {}),
    ...(item.default !== undefined ? { default: item.default } : {}),
    writers: item.writers ?? defaultWriters,
    ...(item.unique ? { unique: { within: item.unique.within, ignoreCase: item.unique.ignore_case ?? false } } : {}),
    ...(sectionOf.has(item.key) && !group ? { section: sectionOf.get(item.key)! } : {}),
    messages: defaultMessages({ ...item, max_length: item.max_length ?? DEFAULT_LENGTH[item.type] }, reasons),
  };
  if (item.items) {
    compiled.items = item.items.map((sub) => compileItem(sub, item, subScope, lists, item.writers ?? defaultWriters, sectionOf));
  }
  return compiled;
}

const INPUT_WIDTHS = [2, 3, 4, 5, 10, 20, 30] as const;

/** The narrowest of the NHS input widths that holds an answer of this length. */
function widthFor(maxLength: number | undefined): InputWidth {
  return INPUT_WIDTHS.find((w) => maxLength !== undefined && maxLength <= w) ?? "full";
}

function compileRule(rule: RuleDefinition, def: VersionDefinition): CompiledRule {
  const op = DATE_OPERATORS.find((o) => rule[o] !== undefined)!;
  let target = rule[op]!;
  // Inside a repeating group, a plain key names a sibling in the same entry unless it is a top-level item.
  const group = rule.item.includes(".") ? rule.item.split(".")[0]! : undefined;
  if (group && target !== "today" && !target.includes(".") && !def.items.some((i) => i.key === target)) target = `${group}.${target}`;
  return {
    id: rule.id ?? `${rule.item.replace(".", "__")}__${op}__${target.replace(".", "__")}`,
    item: rule.item,
    op,
    target,
    message: rule.message,
    runtime: target === "today",
  };
}
