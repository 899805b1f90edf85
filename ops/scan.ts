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
  /**
   * Runs each batch's visits in one transaction of its own (store.bulk): a run that writes holds
   * the database for one batch at a time, so a server using the same file waits at most that
   * long, never for the whole run. A run stopped part way leaves whole batches done, and a
   * second run carries on (each write takes a record out of what the scan looks for).
   */
  transactionPerBatch?: boolean;
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
    const visitAll = async () => {
      for (const record of batch) await visit(record);
    };
    if (options.transactionPerBatch) await store.bulk(visitAll);
    else await visitAll();
    await options.afterBatch?.();
    afterId = batch[batch.length - 1]!.id;
  }
}
