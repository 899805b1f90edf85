/**
 * The learning library's search entries: which answers of a record are searchable (the items
 * its collection's `learning` section names, present and not blank) and its facets (the codes
 * of the section's filter items, the quarter of its signed-off date), computed in this one
 * place for every write and every search; and the rebuild that brings a collection's texts up to date when they were
 * built from other items, or never (records stored before the index existed).
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { type CompiledForm, type FormRegistry, isIsoDate } from "../engine/index.ts";
import type { RecordData, RecordText, SearchEntry, Store } from "../storage/index.ts";
import { quarterOf } from "./as-at.ts";

/** The record's search entry under its collection's learning settings; empty when it has no learning library. */
export function learningEntry(form: CompiledForm, data: RecordData): SearchEntry {
  const learning = form.collection.learning;
  const texts: RecordText[] = [];
  const facets: string[] = [];
  for (const item of learning?.items ?? []) {
    const value = data[item];
    if (typeof value === "string" && value.trim() !== "") texts.push({ item, text: value });
  }
  for (const item of learning?.filters ?? []) {
    const value = data[item];
    for (const code of typeof value === "string" ? [value] : Array.isArray(value) ? value : []) if (typeof code === "string") facets.push(choiceFacet(item, code));
  }
  const signed = learning?.signedOff ? data[learning.signedOff] : undefined;
  if (learning?.signedOff && typeof signed === "string" && isIsoDate(signed)) facets.push(quarterFacet(learning.signedOff, quarterOf(signed).id));
  return { texts, facets };
}

/** The facet of a record that answered a choice item with a code. */
export function choiceFacet(item: string, code: string): string {
  return `${item}=${code}`;
}

/** The facet of a record whose date item falls in an NHS financial-year quarter. */
export function quarterFacet(item: string, quarter: string): string {
  return `${item}@${quarter}`;
}

/** What a collection's search entries are built from: when it changes, they are rebuilt. */
export function learningSignature(form: CompiledForm): string {
  return JSON.stringify({ facets: 1, learning: form.collection.learning ?? null });
}

export interface TextsRebuilt {
  collection: string;
  records: number;
  seconds: number;
}

export interface RebuildOptions {
  batchSize?: number;
  onBatch?: (collection: string, records: number) => void;
  /** Stops between batches (a server shutting down); the collection's texts stay marked as not built. */
  signal?: AbortSignal;
}

/**
 * Rebuilds the texts of every collection whose learning items differ from those its texts
 * were built from (or that were never built). Each batch is one short transaction, and the
 * loop yields to the event loop between batches, so a server keeps answering while it runs;
 * records written meanwhile carry their own texts. The signature is recorded at the end, so an
 * interrupted rebuild starts again next time.
 */
export async function rebuildLearningTexts(store: Store, registry: FormRegistry, options: RebuildOptions = {}): Promise<TextsRebuilt[]> {
  const done: TextsRebuilt[] = [];
  for (const collection of registry.collections()) {
    const form = (registry.published(collection) ?? registry.versions(collection)[0])?.form;
    if (!form) continue;
    const signature = learningSignature(form);
    const stored = await store.textsSignature(collection);
    // A collection that never had a learning library has no texts to clear.
    if ((stored === signature || (stored === undefined && !form.collection.learning))) continue;
    const started = performance.now();
    let afterId: string | undefined;
    let records = 0;
    for (;;) {
      if (options.signal?.aborted) return done;
      const batch = await store.rebuildTexts({ collection, ...(afterId ? { afterId } : {}), limit: options.batchSize ?? 500, entryOf: (record) => learningEntry(form, record.data) });
      if (!batch.lastId) break;
      records += batch.records;
      afterId = batch.lastId;
      options.onBatch?.(collection, records);
      await nextTurn();
    }
    await store.markTextsBuilt(collection, signature);
    done.push({ collection, records, seconds: (performance.now() - started) / 1000 });
  }
  return done;
}
