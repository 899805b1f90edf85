/** The values a record must not share with others (items the definition marks `unique`). */
import type { CompiledForm, FormRegistry } from "../engine/index.ts";
import { UNIQUE_KEY_FORMAT, type RecordData, type Store, type UniqueConstraint, type UniqueRekeyReport } from "../storage/index.ts";

export function uniqueConstraints(form: CompiledForm, data: RecordData): UniqueConstraint[] {
  return form.items.flatMap((item) => {
    const value = data[item.key];
    if (!item.unique || typeof value !== "string" || value.trim() === "") return [];
    return [{ item: item.key, value, ignoreCase: item.unique.ignoreCase, within: item.unique.within }];
  });
}

/**
 * Brings stored unique-value keys to the current format (storage/unique-key.ts) before anything
 * is written: keys of an older format would let a look-alike of a stored value in, or refuse a
 * value that is no look-alike. Each record's own version says whether its item ignores case.
 * Undefined when the keys were already current.
 */
export async function upgradeUniqueKeys(store: Store, registry: FormRegistry): Promise<UniqueRekeyReport | undefined> {
  if ((await store.uniqueKeyFormat()) >= UNIQUE_KEY_FORMAT) return undefined;
  const itemOf = (claim: { collection: string; version: string; item: string }) => registry.get(claim.collection, claim.version)?.form.items.find((i) => i.key === claim.item);
  return store.rekeyUniqueValues({
    ignoreCaseOf: (claim) => itemOf(claim)?.unique?.ignoreCase,
    flag: (claim) =>
      `Its ${itemOf(claim)?.label ?? claim.item} looks the same as another case's once hyphens, dashes, invisible and full-width characters are compared as what they look like; give one of them a new identifier.`,
  });
}
