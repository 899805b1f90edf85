/**
 * The SQLite realisation of the list's index needs (list-index-plan.ts): expression indexes on
 * the records' JSON, with each path written as a literal (SQLite uses an expression index only
 * when the query's expression is the index's own, and a bound path never is), and the side
 * tables of multiple-choice and search answers (record_choices, record_search and its trigram
 * index), kept in step with every record write in the writing transaction.
 *
 * The index step (`prepare`) is idempotent: it makes what the settings ask for and is missing,
 * drops what they no longer ask for (the names say whose they are), and refills a collection's
 * side tables when the items they hold changed. The settings it last built from are stored, so
 * that every process opening the file (the server, a data command) writes the same side rows.
 */
import type Database from "better-sqlite3";
import { checkItemKey, COLLECTION_ID, listIndexes, listIndexName, normalSettings, type ListIndex, type ListIndexProgress, type ListIndexReport, type ListIndexSettings } from "./list-index-plan.ts";
import type { RecordData } from "./types.ts";
import { junctionGrams, junctionToken } from "./junction-grams.ts";

/** Every derived index's name starts with this; the digit changes if their shape ever does. */
const PREFIX = "lx1_";
const REBUILD_BATCH = 2_000;
/** Texts a batch of the junction index's first fill: about 100 ms each (9 µs a text). */
const JUNCTION_FILL_BATCH = 10_000;
/**
 * Indexed after every search text (never stored with it): with it, a text of one or two
 * characters starts some trigram wherever it stands, its end included (migration 0013, whose
 * triggers add the same characters when they remove an entry).
 */
export const FTS_PAD = "\u0001\u0001";

/** The record's answer to an item, as SQL: the same text in an index and in the queries that should use it. */
export function answerSql(item: string): string {
  return `json_extract(data, '$."${checkItemKey(item, "answer")}"')`;
}

/**
 * How an order index sorts: a leading "has no answer" flag puts records without one after the
 * rest (SQLite's NULLs come first ascending), then the answer, then the id. Descending order
 * reads the same index backwards, a block at a time: the answered records (flag 0), then those
 * without an answer (flag 1), so that they come last in either direction (sqlite-list.ts).
 */
export function blankFlagSql(item: string): string {
  return `(${answerSql(item)} IS NULL)`;
}

function indexName(index: ListIndex): string {
  return listIndexName(PREFIX, index);
}

/** The name of an item's order index, across every owner or within one (a query's INDEXED BY). */
export function orderIndexName(collection: string, item: string, byOwner: boolean): string {
  return indexName({ need: { kind: "order", collection, item: checkItemKey(item, "order"), dir: "asc" }, byOwner });
}

/**
 * The index as SQLite stores its text (without IF NOT EXISTS, which it drops), so that an index
 * of an older shape is seen to differ and made again. Each is partial, on its collection's rows
 * only: a record written to one collection does not pay for every other collection's indexes.
 * The list's queries name their collection as a literal (collectionSql), or SQLite could not
 * know that such an index applies.
 */
function indexSql(index: ListIndex, name: string): string {
  const { need, byOwner } = index;
  // The collection stays the first column, though each index holds one collection: the planner
  // then weighs these indexes as it did when they held every collection's rows.
  // An order index ends with the update time: a date range read from it, in the list's default
  // order (newest first), is sorted from the index alone, reading only the page's records.
  const columns = need.kind === "order" ? ["collection", ...(byOwner ? ["owner_org"] : []), blankFlagSql(need.item), answerSql(need.item), "id", "updated_at"] : ["collection", answerSql(need.item), "updated_at", "id"];
  return `CREATE INDEX "${name}" ON records (${columns.join(", ")}) WHERE ${collectionSql(need.collection)}`;
}

/** `collection = '<id>'` with the id as a literal: ids are checked against the language's grammar first. */
export function collectionSql(collection: string): string {
  if (!COLLECTION_ID.test(collection)) throw new Error(`Invalid collection id: ${JSON.stringify(collection)}`);
  return `collection = '${collection}'`;
}

/** The side rows of a record: the codes of its multiple-choice filter answers and the texts of its search answers. */
export interface SideRows {
  choices: { item: string; value: string }[];
  texts: { item: string; text: string }[];
}

export function sideRowsOf(settings: ListIndexSettings, data: RecordData): SideRows {
  const choices: SideRows["choices"] = [];
  for (const item of settings.includes) {
    const answer = data[item];
    // A single code counts as a list of one, as json_each reads it.
    for (const value of Array.isArray(answer) ? answer : [answer]) if (typeof value === "string") choices.push({ item, value });
  }
  const texts: SideRows["texts"] = [];
  for (const item of settings.search) {
    const answer = data[item];
    if (typeof answer === "string" && answer !== "") texts.push({ item, text: answer });
  }
  return { choices, texts };
}

export function sameSideRows(settings: ListIndexSettings, before: RecordData, after: RecordData): boolean {
  return [...settings.includes, ...settings.search].every((item) => JSON.stringify(before[item]) === JSON.stringify(after[item]));
}

export class SqliteListIndexes {
  private built = new Map<string, ListIndexSettings>();
  private readonly insertChoice: Database.Statement<[string, string, string, string]>;
  private readonly insertText: Database.Statement<[string, string, string, string]>;
  private readonly indexText: Database.Statement<[number | bigint, string]>;
  private readonly indexJunctions: Database.Statement<[number | bigint, string]>;
  private readonly deleteChoices: Database.Statement<[string]>;
  private readonly deleteTexts: Database.Statement<[string]>;

  constructor(private readonly sqlite: Database.Database) {
    this.insertChoice = sqlite.prepare("INSERT OR IGNORE INTO record_choices (record_id, collection, item, value) VALUES (?, ?, ?, ?)");
    this.insertText = sqlite.prepare("INSERT INTO record_search (record_id, collection, item, text) VALUES (?, ?, ?, ?)");
    // Written here rather than by a trigger: see migration 0012.
    this.indexText = sqlite.prepare("INSERT INTO record_search_fts (rowid, text) VALUES (?, ?)");
    this.indexJunctions = sqlite.prepare("INSERT INTO record_search_junctions (rowid, grams) VALUES (?, ?)");
    this.deleteChoices = sqlite.prepare("DELETE FROM record_choices WHERE record_id = ?");
    this.deleteTexts = sqlite.prepare("DELETE FROM record_search WHERE record_id = ?");
    this.load();
  }

  private load(): void {
    const rows = this.sqlite.prepare("SELECT collection, settings FROM list_index_settings").all() as { collection: string; settings: string }[];
    this.built = new Map(rows.map((r) => [r.collection, JSON.parse(r.settings) as ListIndexSettings]));
  }

  /** The settings a collection's indexes and side tables were built from; undefined: none (its lists read the JSON). */
  settingsOf(collection: string): ListIndexSettings | undefined {
    return this.built.get(collection);
  }

  /** Writes a new record's side rows; called inside the record's write transaction. */
  created(collection: string, recordId: string, data: RecordData): void {
    const settings = this.built.get(collection);
    if (settings) this.insert(settings, collection, recordId, data);
  }

  /** Replaces a record's side rows when an answer they hold changed; called inside the write transaction. */
  updated(collection: string, recordId: string, before: RecordData, after: RecordData): void {
    const settings = this.built.get(collection);
    if (!settings || sameSideRows(settings, before, after)) return;
    this.deleteChoices.run(recordId);
    this.deleteTexts.run(recordId);
    this.insert(settings, collection, recordId, after);
  }

  private insert(settings: ListIndexSettings, collection: string, recordId: string, data: RecordData): void {
    const rows = sideRowsOf(settings, data);
    for (const c of rows.choices) this.insertChoice.run(recordId, collection, c.item, c.value);
    for (const t of rows.texts) {
      const id = this.insertText.run(recordId, collection, t.item, t.text).lastInsertRowid;
      this.indexText.run(id, t.text + FTS_PAD);
      this.indexJunction(id, t.text);
    }
  }

  private indexJunction(id: number | bigint, text: string): void {
    const grams = junctionGrams(text);
    if (grams.length) this.indexJunctions.run(id, grams.map(junctionToken).join(" "));
  }

  /**
   * Indexes the word junctions of the texts stored before migration 0014, a batch (one short
   * transaction) at a time, up to the newest text there was then; the migration's row says how
   * far it has gone, so an interrupted fill, or another process's, carries on where it stopped.
   */
  private fillJunctions(onProgress?: (progress: ListIndexProgress) => void): ListIndexReport["junctions"] {
    const state = this.sqlite.prepare<[], { upto: number; after: number }>("SELECT upto, after FROM record_search_junctions_fill");
    const first = state.get();
    if (!first) return undefined;
    const started = performance.now();
    const total = (this.sqlite.prepare("SELECT count(*) AS n FROM record_search WHERE id <= ?").get(first.upto) as { n: number }).n;
    const batch = this.sqlite.prepare<[number, number, number], { id: number; text: string }>("SELECT id, text FROM record_search WHERE id > ? AND id <= ? ORDER BY id LIMIT ?");
    const advance = this.sqlite.prepare<[number]>("UPDATE record_search_junctions_fill SET after = ?");
    const finish = this.sqlite.prepare("DELETE FROM record_search_junctions_fill");
    let texts = 0;
    for (let done = false; !done; ) {
      this.sqlite.transaction(() => {
        // Read inside the write transaction: another process may have filled this batch meanwhile.
        const now = state.get();
        const rows = now ? batch.all(now.after, now.upto, JUNCTION_FILL_BATCH) : [];
        for (const row of rows) this.indexJunction(row.id, row.text);
        texts += rows.length;
        done = !now || rows.length < JUNCTION_FILL_BATCH;
        if (done) finish.run();
        else advance.run(rows.at(-1)!.id);
      }).immediate();
      onProgress?.({ step: "search junctions", texts, total });
    }
    return { texts, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Brings the indexes and side tables to what `all` (every collection's settings) asks for.
   * Each refill batch is a short transaction of its own; the settings are stored only once a
   * collection's side tables are complete, so an interrupted step starts again at the next.
   */
  prepare(all: ListIndexSettings[], onProgress?: (progress: ListIndexProgress) => void): ListIndexReport {
    const report: ListIndexReport = { created: [], dropped: [], rebuilt: [] };
    const wanted = new Map<string, string>();
    const settings = all.map(normalSettings);
    for (const s of settings) for (const index of listIndexes(s)) wanted.set(indexName(index), indexSql(index, indexName(index)));

    const existing = new Map(
      (this.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND substr(name, 1, ?) = ?").all(PREFIX.length, PREFIX) as { name: string; sql: string }[]).map((r) => [r.name, r.sql]),
    );
    for (const [name, ddl] of existing) {
      // Not asked for any more, or of another shape (made again below).
      if (wanted.get(name) === ddl) continue;
      this.sqlite.exec(`DROP INDEX IF EXISTS "${name}"`);
      if (!wanted.has(name)) report.dropped.push(name);
    }
    for (const [name, ddl] of wanted) {
      if (existing.get(name) === ddl) continue;
      // IF NOT EXISTS: another process opening the file may have made it meanwhile.
      this.sqlite.exec(ddl.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS "));
      report.created.push(name);
    }

    const names = new Set(settings.map((s) => s.collection));
    for (const collection of this.built.keys()) {
      if (names.has(collection)) continue;
      this.sqlite.transaction(() => {
        this.sqlite.prepare("DELETE FROM record_choices WHERE collection = ?").run(collection);
        this.sqlite.prepare("DELETE FROM record_search WHERE collection = ?").run(collection);
        this.sqlite.prepare("DELETE FROM list_index_settings WHERE collection = ?").run(collection);
      }).immediate();
    }
    const junctions = this.fillJunctions(onProgress);
    if (junctions) report.junctions = junctions;
    for (const s of settings) {
      const before = this.built.get(s.collection);
      const sideChanged = !before || JSON.stringify([before.includes, before.search]) !== JSON.stringify([s.includes, s.search]);
      if (sideChanged) report.rebuilt.push(this.refill(s, onProgress));
      this.sqlite
        .prepare("INSERT INTO list_index_settings (collection, settings, built_at) VALUES (?, ?, ?) ON CONFLICT (collection) DO UPDATE SET settings = excluded.settings, built_at = excluded.built_at")
        .run(s.collection, JSON.stringify(s), new Date().toISOString());
    }
    this.load();
    // Dropping an index drops its statistics too: only a new index needs gathering them (which
    // reads every record, a minute at 1,000,000).
    if (report.created.length) this.sqlite.exec("ANALYZE");
    return report;
  }

  /** Fills a collection's side tables again from its records, a batch (one short transaction) at a time. */
  private refill(settings: ListIndexSettings, onProgress?: (progress: ListIndexProgress) => void): ListIndexReport["rebuilt"][number] {
    const started = performance.now();
    const { collection } = settings;
    // Records written meanwhile by this process must not add rows the refill adds again.
    this.built.delete(collection);
    this.sqlite.transaction(() => {
      this.sqlite.prepare("DELETE FROM record_choices WHERE collection = ?").run(collection);
      this.sqlite.prepare("DELETE FROM record_search WHERE collection = ?").run(collection);
    }).immediate();
    // "+collection": walk the id index (each batch costs the same), not a collection index.
    const batch = this.sqlite.prepare<[string, string, number], { id: string; data: string }>("SELECT id, data FROM records WHERE +collection = ? AND id > ? ORDER BY id LIMIT ?");
    const total = (this.sqlite.prepare("SELECT count(*) AS n FROM records WHERE collection = ?").get(collection) as { n: number }).n;
    let after = "";
    let records = 0;
    for (;;) {
      const rows = batch.all(collection, after, REBUILD_BATCH);
      if (!rows.length) break;
      this.sqlite.transaction(() => {
        for (const row of rows) this.insert(settings, collection, row.id, JSON.parse(row.data) as RecordData);
      }).immediate();
      records += rows.length;
      after = rows.at(-1)!.id;
      onProgress?.({ step: "side tables", collection, records, total });
    }
    return { collection, records, seconds: (performance.now() - started) / 1000 };
  }
}
