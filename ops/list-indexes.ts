/**
 * The list settings of every collection, as storage's index step needs them (which items the
 * list sorts, filters, narrows by date and searches), taken from each collection's current
 * version; and the step itself, run by everything that opens the tracker's database.
 */
import type { CompiledForm, FormRegistry } from "../engine/index.ts";
import type { ListIndexProgress, ListIndexReport, ListIndexSettings, Store } from "../storage/index.ts";

export function listIndexSettings(form: CompiledForm): ListIndexSettings {
  const list = form.collection.list;
  const typeOf = (key: string) => form.items.find((i) => i.key === key)?.type;
  return {
    collection: form.collection.id,
    sort: list.columns,
    equals: list.filters.filter((k) => typeOf(k) !== "multiple_choice"),
    includes: list.filters.filter((k) => typeOf(k) === "multiple_choice"),
    dates: list.dateFilters,
    search: list.search,
  };
}

export async function prepareListIndexes(store: Store, registry: FormRegistry, onProgress?: (progress: ListIndexProgress) => void): Promise<ListIndexReport> {
  const settings: ListIndexSettings[] = [];
  for (const collection of registry.collections()) {
    const form = (registry.published(collection) ?? registry.versions(collection)[0])?.form;
    if (form) settings.push(listIndexSettings(form));
  }
  return store.prepareListIndexes(settings, onProgress);
}

/** The report in a sentence or two, for logs and the data commands; undefined when nothing changed. */
export function describeListIndexes(report: ListIndexReport): string | undefined {
  const parts: string[] = [];
  if (report.created.length) parts.push(`made ${report.created.length} list index${report.created.length === 1 ? "" : "es"} (${report.created.join(", ")})`);
  if (report.dropped.length) parts.push(`dropped ${report.dropped.length} (${report.dropped.join(", ")})`);
  const columns = report.keyColumns;
  if (columns?.added.length) parts.push(`added the key column${columns.added.length === 1 ? "" : "s"} ${columns.added.join(", ")} to the records (the table rewritten in ${columns.seconds.toFixed(1)} s)`);
  if (columns?.dropped.length) parts.push(`dropped the key column${columns.dropped.length === 1 ? "" : "s"} ${columns.dropped.join(", ")}`);
  // A new, empty database has nothing to fill: only a refill of stored records is news.
  for (const r of report.rebuilt.filter((r) => r.records > 0)) parts.push(`filled the list's search and choice tables of ${r.collection} from ${r.records.toLocaleString("en-GB")} records in ${r.seconds.toFixed(1)} s`);
  if (report.junctions?.texts) parts.push(`indexed where words meet in ${report.junctions.texts.toLocaleString("en-GB")} stored search texts in ${report.junctions.seconds.toFixed(1)} s`);
  return parts.length ? `List indexes: ${parts.join("; ")}.` : undefined;
}

/**
 * Lines that say how far a long index step has gone (at a million records it takes minutes,
 * and the tracker does not answer until it is done): a refill at most once every `everyMs`;
 * the key columns, which say nothing until they are made, once as they begin.
 */
export function listIndexProgressLines(say: (line: string) => void, everyMs = 5000): (progress: ListIndexProgress) => void {
  let last = performance.now();
  return (progress) => {
    if (progress.step === "key columns") {
      if (progress.records > 0) {
        say(`List indexes: adding the key column${progress.columns.length === 1 ? "" : "s"} ${progress.columns.join(", ")} to ${progress.records.toLocaleString("en-GB")} records. The database rewrites each record once; at a million records this takes minutes.`);
      }
      return;
    }
    const now = performance.now();
    if (now - last < everyMs) return;
    last = now;
    if (progress.step === "search junctions") {
      say(`List indexes: indexing where words meet in the stored search texts: ${progress.texts.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")}.`);
      return;
    }
    say(`List indexes: filling the list's search and choice tables of ${progress.collection}: ${progress.records.toLocaleString("en-GB")} of ${progress.total.toLocaleString("en-GB")} records.`);
  };
}
