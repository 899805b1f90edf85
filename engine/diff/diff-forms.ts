/**
 * What changed between two compiled versions of a collection, each change marked breaking
 * (stored records valid under the old version may be invalid or lose meaning under the new
 * one) or not. Items and codes are matched by key: keys never change meaning.
 */
import type { Condition } from "../language/types.ts";
import type { CompiledForm, CompiledItem, CompiledRule } from "../compile/compiled-form.ts";

export type ChangeKind =
  | "owner_changed"
  | "item_added"
  | "item_removed"
  | "type_changed"
  | "label_changed"
  | "choice_list_changed"
  | "code_added"
  | "code_removed"
  | "code_retired"
  | "code_label_changed"
  | "became_required"
  | "became_optional"
  | "condition_changed"
  | "limit_tightened"
  | "limit_loosened"
  | "pattern_changed"
  | "writers_changed"
  | "rule_added"
  | "rule_removed"
  | "rule_changed";

export interface Change {
  kind: ChangeKind;
  breaking: boolean;
  /** Dotted item path, when the change is about one item. */
  item?: string;
  code?: string;
  description: string;
}

export function diffForms(from: CompiledForm, to: CompiledForm): Change[] {
  const changes: Change[] = [];
  const add = (c: Change) => changes.push(c);
  if (from.ownerOrganisationType !== to.ownerOrganisationType) {
    add({ kind: "owner_changed", breaking: true, description: `records are owned by ${to.ownerOrganisationType.toUpperCase()}s instead of ${from.ownerOrganisationType.toUpperCase()}s` });
  }
  const a = flatten(from.items);
  const b = flatten(to.items);
  for (const [path, old] of a) {
    if (!b.has(path)) add({ kind: "item_removed", breaking: true, item: path, description: `removed item ${path} (${old.label})` });
  }
  for (const [path, item] of b) {
    const old = a.get(path);
    if (!old) {
      const needed = item.required || item.requiredWhen;
      add({
        kind: "item_added",
        breaking: Boolean(needed),
        item: path,
        description: `added item ${path} (${item.label})${item.required ? ", required" : item.requiredWhen ? ", required when a condition holds" : ", optional"}`,
      });
      continue;
    }
    diffItem(old, item, from, to, add);
  }
  diffRules(from.rules, to.rules, add);
  return changes;
}

function flatten(items: CompiledItem[]): Map<string, CompiledItem> {
  const out = new Map<string, CompiledItem>();
  const walk = (list: CompiledItem[]) => {
    for (const i of list) {
      out.set(i.path, i);
      if (i.items) walk(i.items);
    }
  };
  walk(items);
  return out;
}

function same(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

function diffItem(old: CompiledItem, item: CompiledItem, from: CompiledForm, to: CompiledForm, add: (c: Change) => void): void {
  const path = item.path;
  if (old.type !== item.type) {
    add({ kind: "type_changed", breaking: true, item: path, description: `${path}: type changed from ${old.type} to ${item.type}` });
    return;
  }
  if (old.label !== item.label) add({ kind: "label_changed", breaking: false, item: path, description: `${path}: label changed from "${old.label}" to "${item.label}"` });
  if (!old.required && item.required) add({ kind: "became_required", breaking: true, item: path, description: `${path}: now required` });
  if (old.required && !item.required) add({ kind: "became_optional", breaking: false, item: path, description: `${path}: no longer always required` });
  const conditions: [string, Condition | undefined, Condition | undefined, boolean][] = [
    ["required_when", old.requiredWhen, item.requiredWhen, item.requiredWhen !== undefined],
    ["forbidden_when", old.forbiddenWhen, item.forbiddenWhen, item.forbiddenWhen !== undefined],
    ["shown_when", old.shownWhen, item.shownWhen, false],
  ];
  for (const [name, before, after, tighter] of conditions) {
    if (!same(before, after)) {
      const what = before === undefined ? "added" : after === undefined ? "removed" : "changed";
      add({ kind: "condition_changed", breaking: tighter, item: path, description: `${path}: ${name} ${what}` });
    }
  }
  limit(path, "maximum length", old.maxLength, item.maxLength, "max", add);
  limit(path, "minimum length", old.minLength, item.minLength, "min", add);
  limit(path, "maximum entries", old.maxItems, item.maxItems, "max", add);
  limit(path, "minimum entries", old.minItems, item.minItems, "min", add);
  if (old.pattern !== item.pattern) {
    const what = old.pattern === undefined ? `added: ${item.pattern}` : item.pattern === undefined ? `${old.pattern} removed` : `changed from ${old.pattern} to ${item.pattern}`;
    add({ kind: "pattern_changed", breaking: item.pattern !== undefined, item: path, description: `${path}: pattern ${what}` });
  }
  if (old.schemes && item.schemes && old.schemes.some((s) => !item.schemes!.includes(s))) {
    add({ kind: "limit_tightened", breaking: true, item: path, description: `${path}: web addresses must now start with ${item.schemes.join(" or ")}` });
  }
  if (!same(old.writers, item.writers)) add({ kind: "writers_changed", breaking: false, item: path, description: `${path}: written by ${item.writers.join(", ")} (was ${old.writers.join(", ")})` });
  if (old.choices && item.choices) diffCodes(path, from.choiceLists[old.choices]!.choices, to.choiceLists[item.choices]!.choices, old.choices !== item.choices ? [old.choices, item.choices] : undefined, add);
}

function limit(path: string, name: string, before: number | undefined, after: number | undefined, kind: "max" | "min", add: (c: Change) => void): void {
  if (before === after) return;
  const tighter = kind === "max" ? after !== undefined && (before === undefined || after < before) : after !== undefined && (before === undefined || after > before);
  add({
    kind: tighter ? "limit_tightened" : "limit_loosened",
    breaking: tighter,
    item: path,
    description: `${path}: ${name} ${before ?? "none"} → ${after ?? "none"}`,
  });
}

function diffCodes(
  path: string,
  before: { code: string; label: string; retired: boolean }[],
  after: { code: string; label: string; retired: boolean }[],
  renamedList: [string, string] | undefined,
  add: (c: Change) => void,
): void {
  if (renamedList) add({ kind: "choice_list_changed", breaking: false, item: path, description: `${path}: choice list ${renamedList[0]} → ${renamedList[1]}` });
  const next = new Map(after.map((c) => [c.code, c]));
  const prev = new Map(before.map((c) => [c.code, c]));
  for (const c of before) {
    const n = next.get(c.code);
    if (!n) add({ kind: "code_removed", breaking: true, item: path, code: c.code, description: `${path}: removed code ${c.code} (${c.label})` });
    else {
      if (n.label !== c.label) add({ kind: "code_label_changed", breaking: false, item: path, code: c.code, description: `${path}: code ${c.code} label changed from "${c.label}" to "${n.label}"` });
      if (n.retired && !c.retired) add({ kind: "code_retired", breaking: false, item: path, code: c.code, description: `${path}: code ${c.code} retired (kept in stored records, no longer offered)` });
    }
  }
  for (const c of after) {
    if (!prev.has(c.code)) add({ kind: "code_added", breaking: false, item: path, code: c.code, description: `${path}: added code ${c.code} (${c.label})` });
  }
}

function ruleKey(r: CompiledRule): string {
  return `${r.item} ${r.op} ${r.target}`;
}

function diffRules(before: CompiledRule[], after: CompiledRule[], add: (c: Change) => void): void {
  const prev = new Map(before.map((r) => [ruleKey(r), r]));
  const next = new Map(after.map((r) => [ruleKey(r), r]));
  const text = (r: CompiledRule) => `${r.item} ${r.op.replace("_", " ")} ${r.target}`;
  for (const [key, r] of prev) if (!next.has(key)) add({ kind: "rule_removed", breaking: false, item: r.item, description: `rule removed: ${text(r)}` });
  for (const [key, r] of next) {
    const old = prev.get(key);
    if (!old) add({ kind: "rule_added", breaking: true, item: r.item, description: `rule added: ${text(r)}` });
    else if (old.message !== r.message) add({ kind: "rule_changed", breaking: false, item: r.item, description: `rule message changed: ${text(r)}` });
  }
}

export function formatChanges(changes: Change[]): string {
  if (!changes.length) return "No differences.\n";
  const lines = changes.map((c) => `${c.breaking ? "BREAKING    " : "non-breaking"}  ${c.description}`);
  const breaking = changes.filter((c) => c.breaking).length;
  return `${lines.join("\n")}\n\n${changes.length} change${changes.length === 1 ? "" : "s"}, ${breaking} breaking.\n`;
}
