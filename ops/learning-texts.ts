/**
 * The learning library's texts: which answers of a record are searchable (the items its
 * collection's `learning` section names, present and not blank), computed in this one place
 * for every write; and the rebuild that brings a collection's texts up to date when they were
 * built from other items, or never (records stored before the index existed).
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { CompiledForm, FormRegistry } from "../engine/index.ts";
import type { RecordData, RecordText, Store } from "../storage/index.ts";

/** The record's searchable texts under its collection's learning settings; none when it has no learning library. */
export function learningTexts(form: CompiledForm, data: RecordData): RecordText[] {
  const texts: RecordText[] = [];
  for (const item of form.collection.learning?.items ?? []) {
    const value = data[item];
    if (typeof value === "string" && value.trim() !== "") texts.push({ item, text: value });
  }
  return texts;
}

/** What a collection's texts are built from: when it changes, they are rebuilt. */
export function learningSignature(form: CompiledForm): string {
  return JSON.stringify(form.collection.learning?.items ?? []);
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
      const batch = await store.rebuildTexts({ collection, ...(afterId ? { afterId } : {}), limit: options.batchSize ?? 500, textsOf: (record) => learningTexts(form, record.data) });
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
