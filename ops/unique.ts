/** The values a record must not share with others (items the definition marks `unique`). */
import type { CompiledForm } from "../engine/index.ts";
import type { RecordData, UniqueConstraint } from "../storage/index.ts";

export function uniqueConstraints(form: CompiledForm, data: RecordData): UniqueConstraint[] {
  return form.items.flatMap((item) => {
    const value = data[item.key];
    if (!item.unique || typeof value !== "string" || value.trim() === "") return [];
    return [{ item: item.key, value, ignoreCase: item.unique.ignoreCase, within: item.unique.within }];
  });
}
