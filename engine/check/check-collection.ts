/**
 * Semantic checks that the language schema cannot express: references between items, rules
 * and choice lists; duplicates; conditions that can never be true. Every problem carries the
 * position of the node it is about.
 */
import { basename } from "node:path";
import type { ChoiceListDefinition, CollectionDefinition, Condition, ItemDefinition, RuleDefinition, VersionDefinition } from "../language/types.ts";
import { DATE_OPERATORS } from "../language/types.ts";
import { DEFAULT_MAX_LENGTH, DEFINITION_LIMITS } from "../language/limits.ts";
import { patternProblem } from "./check-pattern.ts";
import type { Loaded, LoadedCollection } from "../load/load-collection.ts";
import type { PathSegment, SourceFile } from "../load/source-file.ts";
import { suggest } from "../load/schema-check.ts";
import type { Problem } from "../problems.ts";
import { conditionItems, evaluateCondition } from "../runtime/conditions.ts";

export function checkCollection(collection: LoadedCollection): Problem[] {
  const problems: Problem[] = [];
  const lists = checkChoiceLists(collection.choiceLists, problems);
  const settings = collection.settings;
  if (settings) {
    const folder = basename(collection.dir);
    if (settings.definition.collection !== folder) {
      problems.push(settings.source.problem(["collection"], `collection "${settings.definition.collection}" must match its folder name "${folder}"`, "collection_mismatch"));
    }
  }

  const seenVersions = new Map<string, Loaded<VersionDefinition>>();
  for (const version of collection.versions) {
    const def = version.definition;
    const src = version.source;
    if (settings && def.collection !== settings.definition.collection) {
      problems.push(src.problem(["collection"], `collection "${def.collection}" does not match collection.yaml ("${settings.definition.collection}")`, "collection_mismatch"));
    }
    const expectedFile = basename(src.file).replace(/\.ya?ml$/, "");
    if (expectedFile !== def.version) {
      problems.push(src.problem(["version"], `version "${def.version}" must match its file name "${basename(src.file)}"`, "version_mismatch"));
    }
    if (seenVersions.has(def.version)) {
      problems.push(src.problem(["version"], `version "${def.version}" is also defined in ${seenVersions.get(def.version)!.source.file}`, "duplicate_version"));
    }
    seenVersions.set(def.version, version);
    checkVersion(version, lists, problems);
  }

  const published = collection.versions.filter((v) => v.definition.status === "published");
  for (const extra of published.slice(1)) {
    problems.push(extra.source.problem(["status"], `only one version may be published; ${published[0]!.source.file} is published too`, "two_published"));
  }
  for (const version of collection.versions) {
    const sup = version.definition.supersedes;
    if (sup !== undefined && !seenVersions.has(sup)) {
      problems.push(version.source.problem(["supersedes"], `supersedes "${sup}", which is not a version of this collection`, "unknown_version"));
    }
  }

  if (settings) checkSettingsReferences(settings.definition, settings.source, collection.versions, lists, problems);
  return problems;
}

function checkSettingsReferences(
  settings: CollectionDefinition,
  source: SourceFile,
  versions: Loaded<VersionDefinition>[],
  lists: ChoiceLists,
  problems: Problem[],
): void {
  const current = versions.find((v) => v.definition.status === "published") ?? versions[versions.length - 1];
  if (!current) return;
  const keys = new Set(current.definition.items.map((i) => i.key));
  const check = (path: PathSegment[], key: string) => {
    if (!keys.has(key)) problems.push(source.problem(path, `"${key}" is not an item of version ${current.definition.version}`, "unknown_item"));
  };
  if (settings.record_title) check(["record_title"], settings.record_title);
  for (const part of ["filters", "search", "columns"] as const) {
    (settings.list?.[part] ?? []).forEach((key, i) => check(["list", part, i], key));
  }
  const scope: Scope = { items: new Map(current.definition.items.map((i) => [i.key, i])), path: ["items"] };
  checkAnalysisReferences(settings, scope, current.definition.version, lists, source, problems);
  checkRecordStatus(settings, scope, current.definition.version, lists, source, problems);
  checkActions(settings, scope, current.definition.version, lists, source, problems);
  checkViewsRepeatingWaitingLists(settings, source, problems);
}

/** A problem for a key that names no item of the version, with a suggestion. */
function unknownItem(source: SourceFile, path: PathSegment[], key: string, scope: Scope, version: string): Problem {
  const hint = suggest(key, [...scope.items.keys()]);
  return source.problem(path, `"${key}" is not an item of version ${version}${hint ? `; did you mean "${hint}"?` : ""}`, "unknown_item");
}

/** The codes of a single choice item's list, or a problem saying why the item cannot be used so. */
function singleChoiceCodes(source: SourceFile, path: PathSegment[], key: string, scope: Scope, version: string, lists: ChoiceLists, problems: Problem[]): string[] | undefined {
  const item = scope.items.get(key);
  if (!item) {
    problems.push(unknownItem(source, path, key, scope, version));
    return undefined;
  }
  if (item.type !== "single_choice") {
    problems.push(source.problem(path, `"${key}" must be a single choice item, but it is ${item.type.replace(/_/g, " ")}`, "wrong_item_type"));
    return undefined;
  }
  return lists.get(item.choices ?? "")?.definition.choices.map((c) => c.code);
}

/** record_status names a single choice item, and colours only its codes. */
function checkRecordStatus(settings: CollectionDefinition, scope: Scope, version: string, lists: ChoiceLists, source: SourceFile, problems: Problem[]): void {
  const status = settings.record_status;
  if (!status) return;
  const codes = singleChoiceCodes(source, ["record_status", "item"], status.item, scope, version, lists, problems);
  if (!codes) return;
  for (const code of Object.keys(status.colours ?? {})) {
    if (!codes.includes(code)) problems.push(source.problem(["record_status", "colours", code], `"${code}" is not a code of "${status.item}"`, "unknown_code"));
  }
}

/**
 * Each action asks top-level items of the published version, sets single choice items to
 * codes of their lists (not items it also asks), reads known items in its condition, and has
 * an id of its own.
 */
function checkActions(settings: CollectionDefinition, scope: Scope, version: string, lists: ChoiceLists, source: SourceFile, problems: Problem[]): void {
  const seen = new Set<string>();
  (settings.actions ?? []).forEach((action, i) => {
    const at: PathSegment[] = ["actions", i];
    if (seen.has(action.id)) problems.push(source.problem([...at, "id"], `duplicate action id "${action.id}"`, "duplicate_id"));
    seen.add(action.id);
    if (action.when) checkConditionReferences(action.when, [...at, "when"], `action ${action.id}`, scope, lists, source, problems);
    action.asks.forEach((key, k) => {
      const item = scope.items.get(key);
      if (!item) problems.push(unknownItem(source, [...at, "asks", k], key, scope, version));
      else if (action.sets && key in action.sets) problems.push(source.problem([...at, "asks", k], `"${key}" is both set and asked by action "${action.id}"`, "conflicting_action"));
    });
    for (const [key, code] of Object.entries(action.sets ?? {})) {
      const codes = singleChoiceCodes(source, [...at, "sets", key], key, scope, version, lists, problems);
      if (codes && !codes.includes(code)) {
        problems.push(source.problem([...at, "sets", key], `"${code}" is not a code of choice list "${scope.items.get(key)!.choices}" (item "${key}")`, "unknown_code"));
      }
    }
  });
}

/**
 * The records awaiting an action are listed once, by the action's waiting_list (whose people
 * take the action from there). A saved view of the same records, by the same title or by the
 * same condition (the action's own and its questions still blank), would be a second rule
 * for one thing, free to drift from the first.
 */
function checkViewsRepeatingWaitingLists(settings: CollectionDefinition, source: SourceFile, problems: Problem[]): void {
  const waiting = (settings.actions ?? []).filter((a) => a.waiting_list);
  if (!waiting.length) return;
  (settings.list?.views ?? []).forEach((view, i) => {
    const viewTests = view.when && view.complete === undefined && view.migrated === undefined && view.not_updated_for_days === undefined ? conjuncts(view.when) : undefined;
    const same = waiting.find((action) => {
      if (action.waiting_list!.trim().toLowerCase() === view.title.trim().toLowerCase()) return true;
      if (!viewTests) return false;
      const actionTests = new Set([...(action.when ? conjuncts(action.when) : []), ...action.asks.map((item) => canonicalJson({ item, present: false }))]);
      return viewTests.size === actionTests.size && [...viewTests].every((t) => actionTests.has(t));
    });
    if (same) {
      problems.push(
        source.problem(["list", "views", i], `view "${view.id}" repeats the waiting list of action "${same.id}" ("${same.waiting_list}"); list those records once, with the action's waiting_list`, "duplicate_list"),
      );
    }
  });
}

/** A condition as the set of tests that must all hold (nested `all`s flattened), each as canonical JSON. */
function conjuncts(condition: Condition): Set<string> {
  if ("all" in condition) return new Set(condition.all.flatMap((c) => [...conjuncts(c)]));
  return new Set([canonicalJson(condition)]);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

const TYPE_GROUPS = {
  date: { types: ["date"], name: "a date item" },
  choice: { types: ["single_choice", "multiple_choice"], name: "a choice item" },
  text: { types: ["short_text", "long_text"], name: "a text item" },
} as const;

/** The list's date filters and views, the dashboard and learning sections name items of the published version, each of the right type. */
function checkAnalysisReferences(settings: CollectionDefinition, scope: Scope, version: string, lists: ChoiceLists, source: SourceFile, problems: Problem[]): void {
  const expect = (path: PathSegment[], key: string | undefined, group: keyof typeof TYPE_GROUPS) => {
    if (key === undefined) return;
    const item = scope.items.get(key);
    if (!item) {
      const hint = suggest(key, [...scope.items.keys()]);
      problems.push(source.problem(path, `"${key}" is not an item of version ${version}${hint ? `; did you mean "${hint}"?` : ""}`, "unknown_item"));
    } else if (!(TYPE_GROUPS[group].types as readonly string[]).includes(item.type)) {
      problems.push(source.problem(path, `"${key}" must be ${TYPE_GROUPS[group].name}, but it is ${item.type.replace(/_/g, " ")}`, "wrong_item_type"));
    }
  };
  const uniqueIds = (entries: { id: string }[], path: PathSegment[]) => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.id)) problems.push(source.problem([...path, i, "id"], `duplicate id "${e.id}"`, "duplicate_id"));
      seen.add(e.id);
    });
  };
  (settings.list?.date_filters ?? []).forEach((key, i) => expect(["list", "date_filters", i], key, "date"));
  (settings.list?.views ?? []).forEach((view, i) => {
    if (view.when) checkConditionReferences(view.when, ["list", "views", i, "when"], view.id, scope, lists, source, problems);
    // A view that tests nothing would only repeat the whole list under another name.
    else if (view.complete === undefined && view.migrated === undefined && view.not_updated_for_days === undefined) {
      problems.push(source.problem(["list", "views", i], `view "${view.id}" needs a test: when, complete, migrated or not_updated_for_days`, "empty_view"));
    }
  });
  uniqueIds(settings.list?.views ?? [], ["list", "views"]);
  const dashboard = settings.dashboard;
  if (dashboard) {
    checkConditionReferences(dashboard.open_when, ["dashboard", "open_when"], "dashboard", scope, lists, source, problems);
    expect(["dashboard", "opened_on"], dashboard.opened_on, "date");
    expect(["dashboard", "closed_on"], dashboard.closed_on, "date");
    (dashboard.breakdowns ?? []).forEach((key, i) => expect(["dashboard", "breakdowns", i], key, "choice"));
    (dashboard.durations ?? []).forEach((d, i) => {
      expect(["dashboard", "durations", i, "from"], d.from, "date");
      expect(["dashboard", "durations", i, "to"], d.to, "date");
    });
    (dashboard.outstanding ?? []).forEach((o, i) => checkConditionReferences(o.when, ["dashboard", "outstanding", i, "when"], "dashboard", scope, lists, source, problems));
    uniqueIds(dashboard.durations ?? [], ["dashboard", "durations"]);
    uniqueIds(dashboard.outstanding ?? [], ["dashboard", "outstanding"]);
  }
  const learning = settings.learning;
  if (learning) {
    learning.items.forEach((key, i) => expect(["learning", "items", i], key, "text"));
    (learning.filters ?? []).forEach((key, i) => expect(["learning", "filters", i], key, "choice"));
    expect(["learning", "signed_off"], learning.signed_off, "date");
  }
}

type ChoiceLists = Map<string, Loaded<ChoiceListDefinition>>;

function checkChoiceLists(lists: Loaded<ChoiceListDefinition>[], problems: Problem[]): ChoiceLists {
  const byName: ChoiceLists = new Map();
  for (const list of lists) {
    const def = list.definition;
    const fileName = basename(list.source.file).replace(/\.ya?ml$/, "");
    if (def.list !== fileName) problems.push(list.source.problem(["list"], `choice list "${def.list}" must match its file name "${basename(list.source.file)}"`, "list_mismatch"));
    if (byName.has(def.list)) problems.push(list.source.problem(["list"], `choice list "${def.list}" is also defined in ${byName.get(def.list)!.source.file}`, "duplicate_list"));
    byName.set(def.list, list);
    const codes = new Set<string>();
    const labels = new Set<string>();
    def.choices.forEach((choice, i) => {
      if (codes.has(choice.code)) problems.push(list.source.problem(["choices", i, "code"], `duplicate code "${choice.code}" in choice list "${def.list}"`, "duplicate_code"));
      if (labels.has(choice.label)) problems.push(list.source.problem(["choices", i, "label"], `duplicate label "${choice.label}" in choice list "${def.list}"`, "duplicate_label"));
      codes.add(choice.code);
      labels.add(choice.label);
    });
    if (def.choices.every((c) => c.retired)) problems.push(list.source.problem(["choices"], `every code of "${def.list}" is retired: nothing can be chosen`, "all_retired"));
  }
  return byName;
}

interface Scope {
  /** Items visible to conditions and rules at this level, by key. */
  items: Map<string, ItemDefinition>;
  /** For a group's items, the top-level scope (date rules may compare with top-level dates). */
  parent?: Scope;
  path: PathSegment[];
}

function checkVersion(version: Loaded<VersionDefinition>, lists: ChoiceLists, problems: Problem[]): void {
  const src = version.source;
  const def = version.definition;
  const top = checkItems(def.items, ["items"], undefined, src, lists, problems);
  checkRules(def.rules ?? [], top, src, problems);
  checkSections(def, src, problems);
}

/** Which item types each type-specific key applies to. */
const TYPE_KEYS: Record<string, readonly string[]> = {
  max_length: ["short_text", "long_text"],
  min_length: ["short_text", "long_text"],
  pattern: ["short_text", "long_text"],
  choices: ["single_choice", "multiple_choice"],
  schemes: ["url"],
  min_items: ["multiple_choice", "repeating_group"],
  max_items: ["multiple_choice", "repeating_group"],
  items: ["repeating_group"],
  entry_label: ["repeating_group"],
  unique: ["short_text"],
  width: ["short_text", "url"],
};

function checkItems(
  items: ItemDefinition[],
  basePath: PathSegment[],
  parent: Scope | undefined,
  src: SourceFile,
  lists: ChoiceLists,
  problems: Problem[],
): Scope {
  const scope: Scope = { items: new Map(), path: basePath, ...(parent ? { parent } : {}) };
  items.forEach((item, i) => {
    const path = [...basePath, i];
    if (scope.items.has(item.key)) problems.push(src.problem([...path, "key"], `duplicate item key "${item.key}"`, "duplicate_item"));
    else scope.items.set(item.key, item);
  });

  items.forEach((item, i) => {
    const path = [...basePath, i];
    const at = (key: string, message: string, code: string) => problems.push(src.problem([...path, key], message, code));
    for (const [key, types] of Object.entries(TYPE_KEYS)) {
      if (item[key as keyof ItemDefinition] !== undefined && !(types as readonly string[]).includes(item.type)) {
        at(key, `"${key}" does not apply to a ${item.type.replace(/_/g, " ")} item ("${item.key}")`, "key_not_for_type");
      }
    }
    const isChoice = item.type === "single_choice" || item.type === "multiple_choice";
    if (isChoice && !item.choices) problems.push(src.problem(path, `choice item "${item.key}" needs "choices" naming a choice list`, "missing_choices"));
    const list = item.choices ? lists.get(item.choices) : undefined;
    if (item.choices && isChoice && !list) {
      const hint = suggest(item.choices, [...lists.keys()]);
      at("choices", `choice list "${item.choices}" does not exist (item "${item.key}")${hint ? `; did you mean "${hint}"?` : ""}`, "unknown_list");
    }
    if (item.type === "repeating_group") {
      if (parent) at("type", `repeating groups cannot be nested ("${item.key}")`, "nested_group");
      if (!item.items) problems.push(src.problem(path, `repeating group "${item.key}" needs "items"`, "missing_items"));
      else if (!parent) checkItems(item.items, [...path, "items"], scope, src, lists, problems);
    }
    // A pattern on another type is refused above and never compiled.
    if (item.pattern !== undefined && TYPE_KEYS.pattern!.includes(item.type)) {
      const verdict = patternProblem(item.pattern, item.max_length ?? DEFAULT_MAX_LENGTH[item.type] ?? 0);
      if (verdict) at("pattern", `pattern of "${item.key}" is refused: ${verdict.reason}`, verdict.code);
    }
    if (item.min_length !== undefined && item.max_length !== undefined && item.min_length > item.max_length) {
      at("min_length", `min_length (${item.min_length}) is more than max_length (${item.max_length}) for "${item.key}"`, "impossible_length");
    }
    if (item.min_items !== undefined && item.max_items !== undefined && item.min_items > item.max_items) {
      at("min_items", `min_items (${item.min_items}) is more than max_items (${item.max_items}) for "${item.key}"`, "impossible_count");
    }
    if (item.unique && parent) at("unique", `"unique" applies only to top-level items ("${item.key}")`, "key_not_for_type");
    if (item.default !== undefined) checkDefault(item, list?.definition, [...path, "default"], src, problems);
    if (item.required === true && item.required_when) at("required_when", `"${item.key}" has both required: true and required_when`, "conflicting_required");

    const conditions: [keyof ItemDefinition, Condition | undefined][] = [
      ["required_when", item.required_when],
      ["shown_when", item.shown_when],
      ["forbidden_when", item.forbidden_when],
    ];
    const valid: Partial<Record<string, Condition>> = {};
    for (const [key, condition] of conditions) {
      if (!condition) continue;
      const before = problems.length;
      checkConditionReferences(condition, [...path, key], item.key, scope, lists, src, problems);
      if (problems.length > before) continue;
      if (!satisfiable(condition, scope, lists)) {
        at(key, `${key} of "${item.key}" can never be true`, "never_true");
        continue;
      }
      valid[key] = condition;
    }
    if (item.required === true && valid.shown_when) {
      at("shown_when", `"${item.key}" is required but may be hidden: use required_when with the same condition`, "required_but_hidden");
    }
    if (item.required === true && valid.forbidden_when) {
      at("forbidden_when", `"${item.key}" is required, so forbidden_when would make the record impossible to complete`, "required_and_forbidden");
    }
    if (item.keep_when_hidden !== undefined && !item.shown_when) {
      at("keep_when_hidden", `keep_when_hidden of "${item.key}" needs a shown_when: the item is never hidden`, "keep_without_shown_when");
    }
    // A hidden answer is refused, so an item required while hidden could never be completed.
    if (valid.required_when && valid.shown_when && !item.keep_when_hidden && satisfiable({ all: [valid.required_when, { not: valid.shown_when }] }, scope, lists)) {
      at("required_when", `"${item.key}" can be required while it is hidden (shown_when does not hold), and a hidden item cannot be answered`, "required_but_hidden");
    }
    if (valid.required_when && valid.forbidden_when && satisfiable({ all: [valid.required_when, valid.forbidden_when] }, scope, lists)) {
      at("forbidden_when", `"${item.key}" can be both required and forbidden at once`, "required_and_forbidden");
    }
  });
  return scope;
}

function checkDefault(item: ItemDefinition, list: ChoiceListDefinition | undefined, path: PathSegment[], src: SourceFile, problems: Problem[]): void {
  const value = item.default!;
  if (item.type === "date") {
    if (value !== "today") problems.push(src.problem(path, `the default of date item "${item.key}" can only be "today"`, "invalid_default"));
  } else if (item.type === "single_choice") {
    if (list && !list.choices.some((c) => c.code === value && !c.retired)) {
      problems.push(src.problem(path, `default "${value}" of "${item.key}" is not a current code of choice list "${list.list}"`, "invalid_default"));
    }
  } else if (item.type !== "short_text" && item.type !== "long_text") {
    problems.push(src.problem(path, `a ${item.type.replace(/_/g, " ")} item cannot have a default ("${item.key}")`, "invalid_default"));
  }
}

function checkConditionReferences(
  condition: Condition,
  path: PathSegment[],
  owner: string,
  scope: Scope,
  lists: ChoiceLists,
  src: SourceFile,
  problems: Problem[],
  depth = 1,
): void {
  const nested = "all" in condition || "any" in condition || "not" in condition;
  // Conditions are evaluated on every write and enumerated by lint: bound how deep they go.
  if (nested && depth > DEFINITION_LIMITS.conditionDepth) {
    problems.push(src.problem(path, `condition of "${owner}" nests all, any and not more than ${DEFINITION_LIMITS.conditionDepth} deep, the most a definition may`, "too_large"));
    return;
  }
  if ("all" in condition) return condition.all.forEach((c, i) => checkConditionReferences(c, [...path, "all", i], owner, scope, lists, src, problems, depth + 1));
  if ("any" in condition) return condition.any.forEach((c, i) => checkConditionReferences(c, [...path, "any", i], owner, scope, lists, src, problems, depth + 1));
  if ("not" in condition) return checkConditionReferences(condition.not, [...path, "not"], owner, scope, lists, src, problems, depth + 1);
  const target = scope.items.get(condition.item);
  if (!target) {
    const where = scope.parent ? " in this repeating group (conditions may only read items of the same entry)" : "";
    const hint = suggest(condition.item, [...scope.items.keys()]);
    problems.push(src.problem([...path, "item"], `condition of "${owner}" names unknown item "${condition.item}"${where}${hint ? `; did you mean "${hint}"?` : ""}`, "unknown_item"));
    return;
  }
  if (condition.item === owner) {
    problems.push(src.problem([...path, "item"], `condition of "${owner}" cannot depend on "${owner}" itself`, "self_reference"));
    return;
  }
  const codes = target.choices ? lists.get(target.choices)?.definition.choices.map((c) => c.code) : undefined;
  const checkCode = (code: string, at: PathSegment[]) => {
    if (codes && !codes.includes(code)) {
      problems.push(src.problem(at, `"${code}" is not a code of choice list "${target.choices}" (item "${target.key}"), so this condition can never be true`, "unknown_code"));
    }
  };
  if ("equals" in condition || "in" in condition) {
    if (target.type !== "single_choice") {
      problems.push(src.problem([...path, "equals" in condition ? "equals" : "in"], `"${"equals" in condition ? "equals" : "in"}" compares a single choice item, but "${target.key}" is ${target.type.replace(/_/g, " ")}`, "condition_type"));
      return;
    }
    if ("equals" in condition) checkCode(condition.equals, [...path, "equals"]);
    else condition.in.forEach((c, i) => checkCode(c, [...path, "in", i]));
  }
  if ("includes" in condition) {
    if (target.type !== "multiple_choice") {
      problems.push(src.problem([...path, "includes"], `"includes" reads a multiple choice item, but "${target.key}" is ${target.type.replace(/_/g, " ")}`, "condition_type"));
      return;
    }
    checkCode(condition.includes, [...path, "includes"]);
  }
}

/**
 * Whether some answers to the items a condition reads make it true. The items' answers are
 * enumerated: absent or each code for single choices, absent or any subset of the codes the
 * condition mentions (or other codes) for multiple choices, absent or present otherwise.
 */
function satisfiable(condition: Condition, scope: Scope, lists: ChoiceLists): boolean {
  const keys = conditionItems(condition);
  const mentioned = mentionedCodes(condition);
  const domains = keys.map((key) => {
    const item = scope.items.get(key)!;
    if (item.type === "single_choice") {
      // An unknown list is reported on its own; do not also call the condition impossible.
      const codes = lists.get(item.choices ?? "")?.definition.choices.map((c) => c.code) ?? [...allCodes(condition, key), "\u0000other"];
      return [undefined, ...codes];
    }
    if (item.type === "multiple_choice") {
      const codes = [...(mentioned.get(key) ?? []), "\u0000other"];
      const subsets: unknown[] = [undefined];
      for (let mask = 1; mask < 1 << codes.length && mask < 1 << 10; mask++) subsets.push(codes.filter((_, i) => mask & (1 << i)));
      return subsets;
    }
    return [undefined, "x"];
  });
  const total = domains.reduce((n, d) => n * d.length, 1);
  if (total > 200_000) return true; // too many combinations to try: assume it can be true
  const data: Record<string, unknown> = {};
  const tryFrom = (i: number): boolean => {
    if (i === keys.length) return evaluateCondition(condition, data);
    for (const v of domains[i]!) {
      data[keys[i]!] = v;
      if (tryFrom(i + 1)) return true;
    }
    return false;
  };
  return tryFrom(0);
}

function allCodes(condition: Condition, key: string): string[] {
  if ("all" in condition) return condition.all.flatMap((c) => allCodes(c, key));
  if ("any" in condition) return condition.any.flatMap((c) => allCodes(c, key));
  if ("not" in condition) return allCodes(condition.not, key);
  if (condition.item !== key) return [];
  if ("equals" in condition) return [condition.equals];
  if ("in" in condition) return condition.in;
  return [];
}

function mentionedCodes(condition: Condition, into = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if ("all" in condition) condition.all.forEach((c) => mentionedCodes(c, into));
  else if ("any" in condition) condition.any.forEach((c) => mentionedCodes(c, into));
  else if ("not" in condition) mentionedCodes(condition.not, into);
  else if ("includes" in condition) {
    if (!into.has(condition.item)) into.set(condition.item, new Set());
    into.get(condition.item)!.add(condition.includes);
  }
  return into;
}

function ruleOperator(rule: RuleDefinition): { op: (typeof DATE_OPERATORS)[number]; target: string } | undefined {
  for (const op of DATE_OPERATORS) if (rule[op] !== undefined) return { op, target: rule[op]! };
  return undefined;
}

/** Resolves "key" or "group.key" to the item, and says which scope it belongs to. */
export function resolveItemPath(path: string, top: Scope): { item: ItemDefinition; group?: ItemDefinition } | undefined {
  const [first, second] = path.split(".");
  const head = top.items.get(first!);
  if (!head) return undefined;
  if (second === undefined) return { item: head };
  const sub = head.type === "repeating_group" ? head.items?.find((i) => i.key === second) : undefined;
  return sub ? { item: sub, group: head } : undefined;
}

const CONTRADICTIONS: [string, string][] = [
  ["before", "after"],
  ["before", "not_before"],
  ["after", "not_after"],
];

function checkRules(rules: RuleDefinition[], top: Scope, src: SourceFile, problems: Problem[]): void {
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const path: PathSegment[] = ["rules", i];
    // The schema's maxProperties leaves room for `id`, so a rule without one can carry two operators.
    const named = DATE_OPERATORS.filter((op) => rule[op] !== undefined);
    if (named.length > 1) {
      problems.push(src.problem(path, `rule ${i + 1} names both ${named[0]} and ${named[1]}: a rule uses exactly one of ${DATE_OPERATORS.join(", ")}`, "invalid_rule", named[1]));
      return;
    }
    const operator = ruleOperator(rule);
    if (!operator) {
      problems.push(src.problem(path, `rule ${i + 1} needs one of ${DATE_OPERATORS.join(", ")}`, "invalid_rule"));
      return;
    }
    const subject = resolveItemPath(rule.item, top);
    if (!subject) {
      problems.push(src.problem([...path, "item"], `rule names unknown item "${rule.item}"`, "unknown_item"));
      return;
    }
    if (subject.item.type !== "date") {
      problems.push(src.problem([...path, "item"], `date rule on "${rule.item}", which is a ${subject.item.type.replace(/_/g, " ")} item, not a date`, "rule_not_date"));
      return;
    }
    const { op, target } = operator;
    if (target !== "today") {
      // A rule inside a group may compare with a sibling ("group.key" or plain "key" of the same entry) or a top-level date.
      let other = resolveItemPath(target, top);
      if (!other && subject.group) {
        const sibling = subject.group.items?.find((s) => s.key === target);
        if (sibling) other = { item: sibling, group: subject.group };
      }
      if (!other) {
        problems.push(src.problem([...path, op], `rule compares "${rule.item}" with unknown item "${target}"`, "unknown_item"));
        return;
      }
      if (other.item.type !== "date") {
        problems.push(src.problem([...path, op], `rule compares "${rule.item}" with "${target}", which is a ${other.item.type.replace(/_/g, " ")} item, not a date`, "rule_not_date"));
        return;
      }
      if (other.group && other.group !== subject.group) {
        problems.push(src.problem([...path, op], `"${rule.item}" cannot be compared with "${target}": an item can only be compared with its own entry's items or top-level items`, "rule_scope"));
        return;
      }
      if (other.item === subject.item) {
        problems.push(src.problem([...path, op], `rule compares "${rule.item}" with itself, so it can ${op === "before" || op === "after" ? "never" : "always"} hold`, "never_true"));
        return;
      }
    }
    const id = `${rule.item} ${op} ${target}`;
    if (seen.has(id)) problems.push(src.problem(path, `rule repeats rule ${seen.get(id)! + 1} ("${id.replace(/_/g, " ")}")`, "duplicate_rule"));
    for (const [a, b] of CONTRADICTIONS) {
      const pairOp = op === a ? b : op === b ? a : undefined;
      if (pairOp && seen.has(`${rule.item} ${pairOp} ${target}`)) {
        problems.push(src.problem([...path, op], `"${rule.item} ${op} ${target}" contradicts rule ${seen.get(`${rule.item} ${pairOp} ${target}`)! + 1}: both can never hold`, "never_true"));
      }
    }
    seen.set(id, i);
  });
}

function checkSections(def: VersionDefinition, src: SourceFile, problems: Problem[]): void {
  if (def.layout === "pages" && !def.sections) problems.push(src.problem(["layout"], `layout "pages" shows each section as a page: give the version sections`, "pages_without_sections"));
  if (!def.sections) return;
  const keys = new Set(def.items.map((i) => i.key));
  const placed = new Map<string, string>();
  const ids = new Set<string>();
  def.sections.forEach((section, s) => {
    if (ids.has(section.id)) problems.push(src.problem(["sections", s, "id"], `duplicate section id "${section.id}"`, "duplicate_section"));
    ids.add(section.id);
    section.items.forEach((key, i) => {
      const at: PathSegment[] = ["sections", s, "items", i];
      if (!keys.has(key)) {
        const hint = suggest(key, [...keys]);
        problems.push(src.problem(at, `section "${section.id}" lists unknown item "${key}"${hint ? `; did you mean "${hint}"?` : ""}`, "unknown_item"));
      } else if (placed.has(key)) problems.push(src.problem(at, `item "${key}" is already in section "${placed.get(key)}"`, "duplicate_item"));
      else placed.set(key, section.id);
    });
  });
  def.items.forEach((item, i) => {
    if (!placed.has(item.key)) problems.push(src.problem(["items", i, "key"], `item "${item.key}" is not in any section`, "unplaced_item"));
  });
}
