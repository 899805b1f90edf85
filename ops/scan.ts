/**
 * Every record of one collection (and version), a batch at a time in id order: the one loop
 * that migrations, owner moves and data checks share, so none holds the whole table at once.
 */
import type { Store, StoredRecord } from "../storage/index.ts";

export interface ScanOptions {
  collection: string;
  version?: string;
  batchSize?: number;
  /** Awaited after each batch. */
  afterBatch?: () => Promise<void>;
}

export async function forEachRecord(store: Store, options: ScanOptions, visit: (record: StoredRecord) => Promise<void> | void): Promise<void> {
  let afterId: string | undefined;
  for (;;) {
    const batch = await store.scanRecords({
      collection: options.collection,
      ...(options.version ? { version: options.version } : {}),
      ...(afterId ? { afterId } : {}),
      limit: options.batchSize ?? 500,
    });
    if (!batch.length) return;
    for (const record of batch) await visit(record);
    await options.afterBatch?.();
    afterId = batch[batch.length - 1]!.id;
  }
}
