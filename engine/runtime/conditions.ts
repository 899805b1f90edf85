/**
 * Conditions (required_when, shown_when, forbidden_when) evaluated over record data.
 * Pure and dependency-free: the renderer uses it to show and hide items, the checker uses it
 * to find conditions that can never be true, and it agrees with the compiled JSON Schema.
 */
import type { Condition } from "../language/types.ts";

/** Empty strings, blank strings and empty lists count as absent (the standard's convention). */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function evaluateCondition(condition: Condition, data: Readonly<Record<string, unknown>>): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, data));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, data));
  if ("not" in condition) return !evaluateCondition(condition.not, data);
  const value = data[condition.item];
  if ("equals" in condition) return value === condition.equals;
  if ("in" in condition) return typeof value === "string" && condition.in.includes(value);
  if ("includes" in condition) return Array.isArray(value) && value.includes(condition.includes);
  return isPresent(value) === condition.present;
}

/** Every item key a condition reads. */
export function conditionItems(condition: Condition): string[] {
  if ("all" in condition) return [...new Set(condition.all.flatMap(conditionItems))];
  if ("any" in condition) return [...new Set(condition.any.flatMap(conditionItems))];
  if ("not" in condition) return conditionItems(condition.not);
  return [condition.item];
}

/** Plain-English reading of a condition, for messages and the data dictionary. */
export function describeCondition(condition: Condition, labelOf: (key: string) => string, choiceLabel: (key: string, code: string) => string): string {
  const d = (c: Condition) => describeCondition(c, labelOf, choiceLabel);
  if ("all" in condition) return condition.all.map(d).join(" and ");
  if ("any" in condition) return condition.any.map(d).join(" or ");
  if ("not" in condition) {
    const inner = condition.not;
    if ("equals" in inner) return `${labelOf(inner.item)} is not ${choiceLabel(inner.item, inner.equals)}`;
    if ("present" in inner) return `${labelOf(inner.item)} is ${inner.present ? "not answered" : "answered"}`;
    return `not (${d(inner)})`;
  }
  const label = labelOf(condition.item);
  if ("equals" in condition) return `${label} is ${choiceLabel(condition.item, condition.equals)}`;
  if ("in" in condition) return `${label} is one of ${condition.in.map((c) => choiceLabel(condition.item, c)).join(", ")}`;
  if ("includes" in condition) return `${label} includes ${choiceLabel(condition.item, condition.includes)}`;
  return `${label} is ${condition.present ? "answered" : "not answered"}`;
}
