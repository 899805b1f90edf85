/**
 * The PostgreSQL realisation of the list's index needs (list-index-plan.ts).
 *
 * Each single answer a list orders, filters or narrows by is a stored generated column of the
 * records table (`lk_<item>`, the answer as jsonb), and the indexes are on those columns. An
 * index on an expression of the JSON would serve the same queries, but PostgreSQL never reads
 * one without the table: a deep page skipping 25,000 entries fetched 25,000 records (0.5 s at a
 * million, 2 s for an ICB's). On plain columns the skipped entries, the counts and the sorts of a
 * date range's matches are read from the index alone.
 *
 * The multiple-choice and search answers have side tables, kept in step with every record
 * write in the writing transaction. The step is idempotent, as SQLite's is (sqlite-indexes.ts),
 * and runs under an advisory lock so that two instances starting together do not build the same
 * index twice.
 */
import { createHash } from "node:crypto";
import { checkItemKey, COLLECTION_ID, keyedItems, listIndexes, listIndexName, normalSettings, rangeFromOrderIndex, type ListIndex, type ListIndexProgress, type ListIndexReport, type ListIndexSettings } from "./list-index-plan.ts";
import type { PgDb } from "./pg-db.ts";
import { sideRowsOf, sameSideRows } from "./sqlite-indexes.ts";
import type { RecordData } from "./types.ts";

/** Every derived index's name starts with this; the digit changes when their shape does (1: on expressions of the JSON). */
const PREFIX = "lx2_";
/** Derived indexes of any shape, this one's and older ones (dropped when their shape is not this one's). */
const ANY_PREFIX = /^lx[0-9]+_/;
/** Every key column's name starts with this. */
const KEY_PREFIX = "lk_";
/** PostgreSQL's longest identifier, in bytes (longer ones are cut short, silently). */
const MAX_IDENTIFIER = 63;
const REBUILD_BATCH = 2_000;
/** The advisory lock key of the index step (any constant no other lock of the tracker uses). */
export const LIST_INDEX_LOCK = 0x5c47_1d01;

/** A name as PostgreSQL keeps it: a long one shortened with a hash of the whole, so that two never become one. */
function identifier(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER - hash.length - 1)}_${hash}`;
}

/** The key column of an item's answer. */
export function keyColumnName(item: string): string {
  return identifier(KEY_PREFIX + checkItemKey(item, "list key"));
}

/**
 * The record's answer as jsonb, a JSON null counting as no answer: the key column's definition,
 * and what a list reads before the index step has made the column. jsonb orders numbers as
 * numbers and before text, as SQLite's json_extract does.
 */
export function answerKey(item: string): string {
  return `(nullif((records.data->'${checkItemKey(item, "answer")}')::jsonb, 'null'::jsonb))`;
}

/** The record's answer as text: a multiple-choice answer that is a single code, and the search when it has no side table. */
export function answerText(item: string): string {
  return `(records.data->>'${checkItemKey(item, "answer")}')`;
}

function keyColumnSql(item: string): string {
  // Generated column expressions are written without the table name.
  return `ADD COLUMN IF NOT EXISTS "${keyColumnName(item)}" jsonb GENERATED ALWAYS AS ${answerKey(item).replace(/records\./g, "")} STORED`;
}

function indexName(index: ListIndex): string {
  return identifier(listIndexName(PREFIX, index));
}

/**
 * Each index is partial, on its collection's records only (a record written to one collection
 * does not pay for every other collection's indexes); the list's queries name the collection as
 * a parameter, which PostgreSQL's plan for those values (the driver's unnamed statements) sees.
 * An order index has a "no answer" flag first, so that records without one come last; it
 * carries the update time, so that a date range read from it in the list's default order
 * (newest first) is sorted from the index alone. A lookup index carries the owner, so that an
 * ICB's list filters its entries without reading the records.
 */
function indexSql(index: ListIndex, name: string): string {
  const { need, byOwner } = index;
  if (!COLLECTION_ID.test(need.collection)) throw new Error(`Invalid collection id: ${JSON.stringify(need.collection)}`);
  const key = `"${keyColumnName(need.item)}"`;
  const body =
    need.kind === "order" ? `(${byOwner ? "owner_org, " : ""}(${key} IS NULL), ${key}, id) INCLUDE (updated_at)` : `(${key}, updated_at, id) INCLUDE (owner_org)`;
  return `CREATE INDEX IF NOT EXISTS "${name}" ON records ${body} WHERE collection = '${need.collection}'`;
}

/** How a list reads a collection's single answers: from key columns once the index step made them. */
export interface ListKeys {
  /** The settings the collection's indexes and side tables were built from; undefined before the step. */
  settings: ListIndexSettings | undefined;
  /** The answer as jsonb (a JSON null as SQL NULL): its key column, or the same read from the JSON. */
  key(item: string): string;
  /** Whether a date range on the item is read from its order indexes (a "no answer" flag fixed, see listIndexes). */
  rangeFromOrderIndex(item: string): boolean;
}

/** A collection's ListKeys: its settings' items that have a column read from it, any other from the JSON. */
function listKeys(settings: ListIndexSettings | undefined, columns: ReadonlySet<string>): ListKeys {
  const keyed = new Set(settings ? keyedItems(settings).filter((item) => columns.has(keyColumnName(item))) : []);
  return {
    settings,
    key: (item) => (keyed.has(item) ? `records."${keyColumnName(item)}"` : answerKey(item)),
    rangeFromOrderIndex: (item) => settings !== undefined && keyed.has(item) && rangeFromOrderIndex(settings, item),
  };
}

export class PgListIndexes {
  private built = new Map<string, ListIndexSettings>();
  /** How each built collection's lists read their answers (made at load, read by every list). */
  private keys = new Map<string, ListKeys>();

  constructor(private readonly db: PgDb) {}

  async load(): Promise<void> {
    const rows = await this.db.query<{ collection: string; settings: string }>("SELECT collection, settings FROM list_index_settings");
    this.built = new Map(rows.map((r) => [r.collection, JSON.parse(r.settings) as ListIndexSettings]));
    const columns = new Set(await this.keyColumns());
    this.keys = new Map([...this.built].map(([collection, settings]) => [collection, listKeys(settings, columns)]));
  }

  private async keyColumns(): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'records' AND starts_with(column_name, $1)",
      [KEY_PREFIX],
    );
    return rows.map((r) => r.name);
  }

  /** How a list of the collection reads its answers: from the key columns its settings made, once they exist. */
  keysOf(collection: string): ListKeys {
    return this.keys.get(collection) ?? listKeys(undefined, new Set());
  }

  async created(collection: string, recordId: string, data: RecordData): Promise<void> {
    const settings = this.built.get(collection);
    if (settings) await this.insert(settings, collection, recordId, data);
  }

  async updated(collection: string, recordId: string, before: RecordData, after: RecordData): Promise<void> {
    const settings = this.built.get(collection);
    if (!settings || sameSideRows(settings, before, after)) return;
    await this.db.exec("DELETE FROM record_choices WHERE record_id = $1", [recordId]);
    await this.db.exec("DELETE FROM record_search WHERE record_id = $1", [recordId]);
    await this.insert(settings, collection, recordId, after);
  }

  private insert(settings: ListIndexSettings, collection: string, recordId: string, data: RecordData): Promise<void> {
    return this.insertMany(settings, collection, [{ id: recordId, data }]);
  }

  /** The side rows of many records in one statement a table (a refill writes a batch at a time). */
  private async insertMany(settings: ListIndexSettings, collection: string, records: { id: string; data: RecordData }[]): Promise<void> {
    const choices = { ids: [] as string[], items: [] as string[], values: [] as string[] };
    const texts = { ids: [] as string[], items: [] as string[], texts: [] as string[] };
    for (const record of records) {
      const rows = sideRowsOf(settings, record.data);
      for (const c of rows.choices) choices.ids.push(record.id), choices.items.push(c.item), choices.values.push(c.value);
      for (const t of rows.texts) texts.ids.push(record.id), texts.items.push(t.item), texts.texts.push(t.text);
    }
    if (choices.ids.length)
      await this.db.exec(
        "INSERT INTO record_choices (record_id, collection, item, value) SELECT record_id, $1, item, value FROM unnest($2::text[], $3::text[], $4::text[]) AS t(record_id, item, value) ON CONFLICT DO NOTHING",
        [collection, choices.ids, choices.items, choices.values],
      );
    if (texts.ids.length)
      await this.db.exec("INSERT INTO record_search (record_id, collection, item, text) SELECT record_id, $1, item, text FROM unnest($2::text[], $3::text[], $4::text[]) AS t(record_id, item, text)", [
        collection,
        texts.ids,
        texts.items,
        texts.texts,
      ]);
  }

  prepare(all: ListIndexSettings[], onProgress?: (progress: ListIndexProgress) => void): Promise<ListIndexReport> {
    return this.db.withAdvisoryLock(LIST_INDEX_LOCK, async () => {
      // What another instance built while this one waited for the lock counts as built.
      await this.load();
      const report: ListIndexReport = { created: [], dropped: [], rebuilt: [] };
      const wanted = new Map<string, string>();
      const settings = all.map(normalSettings);
      for (const s of settings) for (const index of listIndexes(s)) wanted.set(indexName(index), indexSql(index, indexName(index)));
      const wantedColumns = new Map(settings.flatMap((s) => keyedItems(s)).map((item) => [keyColumnName(item), item]));
      const existing = (await this.db.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'records'"))
        .map((r) => r.name)
        .filter((name) => ANY_PREFIX.test(name));
      for (const name of existing) {
        if (wanted.has(name)) continue;
        await this.db.exec(`DROP INDEX IF EXISTS "${name}"`);
        report.dropped.push(name);
      }
      const columns = await this.keyColumns();
      const dropColumns = columns.filter((name) => !wantedColumns.has(name));
      const addColumns = [...wantedColumns].filter(([name]) => !columns.includes(name));
      if (dropColumns.length || addColumns.length) {
        if (addColumns.length) {
          const records = Number((await this.db.one<{ n: string | number }>("SELECT count(*) AS n FROM records"))!.n);
          onProgress?.({ step: "key columns", columns: addColumns.map(([name]) => name), records });
        }
        const started = performance.now();
        // One statement: adding stored columns rewrites the table (once, however many), which
        // takes minutes at a million records and holds it for that time; dropping one is instant.
        await this.db.exec(`ALTER TABLE records ${[...dropColumns.map((name) => `DROP COLUMN IF EXISTS "${name}"`), ...addColumns.map(([, item]) => keyColumnSql(item))].join(", ")}`);
        report.keyColumns = { added: addColumns.map(([name]) => name), dropped: dropColumns, seconds: (performance.now() - started) / 1000 };
      }
      for (const [name, ddl] of wanted) {
        if (existing.includes(name)) continue;
        await this.db.exec(ddl);
        report.created.push(name);
      }
      const names = new Set(settings.map((s) => s.collection));
      for (const collection of this.built.keys()) {
        if (names.has(collection)) continue;
        await this.db.transaction(async () => {
          await this.db.exec("DELETE FROM record_choices WHERE collection = $1", [collection]);
          await this.db.exec("DELETE FROM record_search WHERE collection = $1", [collection]);
          await this.db.exec("DELETE FROM list_index_settings WHERE collection = $1", [collection]);
        });
      }
      for (const s of settings) {
        const before = this.built.get(s.collection);
        const sideChanged = !before || JSON.stringify([before.includes, before.search]) !== JSON.stringify([s.includes, s.search]);
        if (sideChanged) report.rebuilt.push(await this.refill(s, onProgress));
        await this.db.exec(
          "INSERT INTO list_index_settings (collection, settings, built_at) VALUES ($1, $2, $3) ON CONFLICT (collection) DO UPDATE SET settings = excluded.settings, built_at = excluded.built_at",
          [s.collection, JSON.stringify(s), new Date().toISOString()],
        );
      }
      await this.load();
      // A rewritten table's pages are not yet marked all-visible, and until they are every "index
      // only" read visits the table too: VACUUM marks them (as autovacuum would, later).
      if (report.keyColumns?.added.length) await this.db.exec("VACUUM (ANALYZE) records");
      else if (report.created.length || report.keyColumns) await this.db.exec("ANALYZE records");
      // Refilled side tables are planned with the figures of what they held before (often
      // nothing) until autovacuum next looks: a search and a choice filter at 200,000 records
      // took 0.2-0.5 s meanwhile, and 20-30 ms once analysed.
      if (report.rebuilt.some((r) => r.records > 0)) await this.db.exec("ANALYZE record_choices, record_search");
      return report;
    });
  }

  /** Fills a collection's side tables again from its records, a batch (one short transaction) at a time. */
  private async refill(settings: ListIndexSettings, onProgress?: (progress: ListIndexProgress) => void): Promise<ListIndexReport["rebuilt"][number]> {
    const started = performance.now();
    const { collection } = settings;
    this.built.delete(collection);
    await this.db.transaction(async () => {
      await this.db.exec("DELETE FROM record_choices WHERE collection = $1", [collection]);
      await this.db.exec("DELETE FROM record_search WHERE collection = $1", [collection]);
    });
    const total = Number((await this.db.one<{ n: string | number }>("SELECT count(*) AS n FROM records WHERE collection = $1", [collection]))!.n);
    let after = "";
    let records = 0;
    for (;;) {
      const rows = await this.db.query<{ id: string; data: RecordData }>("SELECT id, data FROM records WHERE collection = $1 AND id > $2 ORDER BY id LIMIT $3", [collection, after, REBUILD_BATCH]);
      if (!rows.length) break;
      await this.db.transaction(() => this.insertMany(settings, collection, rows));
      records += rows.length;
      after = rows.at(-1)!.id;
      onProgress?.({ step: "side tables", collection, records, total });
    }
    return { collection, records, seconds: (performance.now() - started) / 1000 };
  }
}
