/**
 * What a collection's list needs from the database so that no list query reads every record,
 * said without any one database's words: the storage of each dialect (sqlite-indexes.ts for
 * SQLite) realises these needs as it can. Derived from the collection's list settings, which the
 * caller takes from the definitions: storage never knows an item key of its own.
 */

/** A collection's list settings, as far as its queries go. */
export interface ListIndexSettings {
  collection: string;
  /** Items the list may be ordered by. */
  sort: string[];
  /** Single-choice items the list may be filtered by (the answer equals one of the codes). */
  equals: string[];
  /** Multiple-choice items the list may be filtered by (the answer includes one of the codes). */
  includes: string[];
  /** Date items the list may be narrowed by (from and to). */
  dates: string[];
  /** Text items the list's search looks in ("contains", ignoring case). */
  search: string[];
}

/**
 * How far a long index step has gone: a refill of a collection's side tables (after each
 * batch), or the key columns about to be added (PostgreSQL rewrites every record once for
 * them, in one statement that says nothing until it is done).
 */
export type ListIndexProgress =
  | { step: "side tables"; collection: string; records: number; /** The collection's records when the refill began. */ total: number }
  | { step: "key columns"; columns: string[]; /** Every collection's records, each rewritten. */ records: number }
  | { step: "search junctions"; texts: number; /** The search texts stored before the junction index (SQLite migration 0014). */ total: number };

export interface ListIndexReport {
  /** Names of the indexes made. */
  created: string[];
  /** Names of the indexes dropped (their collection's settings no longer ask for them). */
  dropped: string[];
  /** Collections whose side tables (choices, search) were filled again, and how many records that took. */
  rebuilt: { collection: string; records: number; seconds: number }[];
  /** Key columns of the answers the list reads, where a database keeps them (PostgreSQL): present only when some were added or dropped. */
  keyColumns?: { added: string[]; dropped: string[]; seconds: number };
  /** The search texts stored before the junction index, indexed by this step (SQLite): present only when there were some. */
  junctions?: { texts: number; seconds: number };
}

export type IndexNeed =
  /** Records in the order of an item's answer (records without one last), then id. */
  | { kind: "order"; collection: string; item: string; dir: "asc" | "desc" }
  /** Records whose answer equals a value or falls in a range, most recently changed first. */
  | { kind: "lookup"; collection: string; item: string };

/** Item keys as the engine's identifier grammar has them: the only text ever written into SQL as a literal. */
export const ITEM_KEY = /^[a-z][a-z0-9_]*$/;
/** Collection ids as the definition language has them. */
export const COLLECTION_ID = /^[a-z][a-z0-9-]*$/;

export function checkItemKey(item: string, what: string): string {
  if (!ITEM_KEY.test(item)) throw new Error(`Invalid item key for ${what}: ${JSON.stringify(item)}`);
  return item;
}

/** The indexes a collection's list needs (answers' side tables are separate: every multiple choice and search item has one). */
export function listIndexNeeds(settings: ListIndexSettings): IndexNeed[] {
  if (!COLLECTION_ID.test(settings.collection)) throw new Error(`Invalid collection id: ${JSON.stringify(settings.collection)}`);
  const needs: IndexNeed[] = [];
  const { collection } = settings;
  for (const item of unique(settings.sort)) {
    checkItemKey(item, "sort");
    needs.push({ kind: "order", collection, item, dir: "asc" }, { kind: "order", collection, item, dir: "desc" });
  }
  for (const item of unique([...settings.equals, ...settings.dates])) needs.push({ kind: "lookup", collection, item: checkItemKey(item, "filter") });
  for (const item of [...settings.includes, ...settings.search]) checkItemKey(item, "filter or search");
  return needs;
}

/** An index a collection's list is given: a need, read across every owner or within one. */
export interface ListIndex {
  need: IndexNeed;
  /** Whether the owner comes first: the lists of an ICB's users. */
  byOwner: boolean;
}

/**
 * The indexes a collection's list is given, on either database. Each costs every write of a
 * record, so the needs are met with as few as the queries allow:
 * - an order's ascending index also serves its descending need, read backwards a block at a
 *   time (the answered records, then the blank ones, so that these come last either way);
 * - each order has a second index within an owner: an ICB's users list only their own records,
 *   and walking the order across every owner to find them took seconds for a deep page;
 * - a date range on an item the list can be ordered by is read from its order index (the
 *   range says the answer is there, so the "no answer" flag is fixed and the range follows),
 *   within an owner too, so such a date needs no lookup index.
 */
export function listIndexes(settings: ListIndexSettings): ListIndex[] {
  return listIndexNeeds(settings).flatMap((need): ListIndex[] => {
    if (need.kind === "order") return need.dir === "asc" ? [{ need, byOwner: false }, { need, byOwner: true }] : [];
    return rangeFromOrderIndex(settings, need.item) ? [] : [{ need, byOwner: false }];
  });
}

/** An index's name, `<prefix><collection>__<item>__<kind>`: the prefix says whose (and of which shape) it is. */
export function listIndexName(prefix: string, { need, byOwner }: ListIndex): string {
  const base = `${prefix}${need.collection.replace(/-/g, "_")}__${need.item}`;
  return need.kind === "order" ? `${base}__${byOwner ? "owner_" : ""}${need.dir}` : `${base}__lookup`;
}

/** Whether a date range on the item is read from its order indexes (listIndexes). */
export function rangeFromOrderIndex(settings: ListIndexSettings, item: string): boolean {
  return settings.sort.includes(item) && settings.dates.includes(item) && !settings.equals.includes(item);
}

/** The items whose single answer a list orders, filters or narrows by (not the side tables' multiple choices and texts). */
export function keyedItems(settings: ListIndexSettings): string[] {
  return unique([...settings.sort, ...settings.equals, ...settings.dates]).map((item) => checkItemKey(item, "list key"));
}

/** The settings with sorted, unique lists, so that two equal settings have one JSON text. */
export function normalSettings(settings: ListIndexSettings): ListIndexSettings {
  const norm = (xs: string[]) => unique(xs).sort();
  return { collection: settings.collection, sort: norm(settings.sort), equals: norm(settings.equals), includes: norm(settings.includes), dates: norm(settings.dates), search: norm(settings.search) };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
