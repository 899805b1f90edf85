/**
 * The PostgreSQL realisation of the list's index needs (list-index-plan.ts): expression indexes
 * on single answers of the records' JSON (the queries in pg-list.ts use the very same
 * expressions, so the planner can use them), and the side tables of multiple-choice and search
 * answers, kept in step with every record write in the writing transaction. The step is
 * idempotent, as SQLite's is (sqlite-indexes.ts), and runs under an advisory lock so that two
 * instances starting together do not build the same index twice.
 */
import { checkItemKey, listIndexNeeds, normalSettings, type IndexNeed, type ListIndexProgress, type ListIndexReport, type ListIndexSettings } from "./list-index-plan.ts";
import type { PgDb } from "./pg-db.ts";
import { sideRowsOf, sameSideRows } from "./sqlite-indexes.ts";
import type { RecordData } from "./types.ts";

const PREFIX = "lx1_";
const REBUILD_BATCH = 2_000;
/** The advisory lock key of the index step (any constant no other lock of the tracker uses). */
export const LIST_INDEX_LOCK = 0x5c47_1d01;

/** The record's answer as text (equals filters, date ranges, the search fallback). */
export function answerText(item: string): string {
  return `(records.data->>'${checkItemKey(item, "answer")}')`;
}

/**
 * The record's answer as an order key: jsonb orders numbers as numbers and before text, as
 * SQLite's json_extract does; a JSON null counts as no answer.
 */
export function orderKey(item: string): string {
  return `(nullif((records.data->'${checkItemKey(item, "answer")}')::jsonb, 'null'::jsonb))`;
}

/** Records without an answer come last in either direction (see sqlite-indexes.ts). */
export function orderFlag(item: string, dir: "asc" | "desc"): string {
  return dir === "asc" ? `(${answerText(item)} IS NULL)` : `(${answerText(item)} IS NOT NULL)`;
}

function indexName(need: IndexNeed): string {
  const base = `${PREFIX}${need.collection.replace(/-/g, "_")}__${need.item}`;
  return need.kind === "order" ? `${base}__${need.dir}` : `${base}__lookup`;
}

function indexSql(need: IndexNeed, name: string): string {
  // Index expressions are written without the table name.
  const bare = (s: string) => s.replace(/records\./g, "");
  const columns = need.kind === "order" ? ["collection", bare(orderFlag(need.item, need.dir)), bare(orderKey(need.item)), "id"] : ["collection", bare(answerText(need.item)), "updated_at", "id"];
  return `CREATE INDEX IF NOT EXISTS "${name}" ON records (${columns.join(", ")})`;
}

export class PgListIndexes {
  private built = new Map<string, ListIndexSettings>();

  constructor(private readonly db: PgDb) {}

  async load(): Promise<void> {
    const rows = await this.db.query<{ collection: string; settings: string }>("SELECT collection, settings FROM list_index_settings");
    this.built = new Map(rows.map((r) => [r.collection, JSON.parse(r.settings) as ListIndexSettings]));
  }

  settingsOf(collection: string): ListIndexSettings | undefined {
    return this.built.get(collection);
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
      for (const s of settings) for (const need of listIndexNeeds(s)) wanted.set(indexName(need), indexSql(need, indexName(need)));
      const existing = new Set(
        (await this.db.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'records' AND starts_with(indexname, $1)", [PREFIX])).map((r) => r.name),
      );
      for (const name of existing) {
        if (wanted.has(name)) continue;
        await this.db.exec(`DROP INDEX IF EXISTS "${name}"`);
        report.dropped.push(name);
      }
      for (const [name, ddl] of wanted) {
        if (existing.has(name)) continue;
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
      if (report.created.length || report.dropped.length) await this.db.exec("ANALYZE records");
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
      onProgress?.({ collection, records, total });
    }
    return { collection, records, seconds: (performance.now() - started) / 1000 };
  }
}
