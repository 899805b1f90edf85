/**
 * Every record of one collection (and version), a batch at a time in id order: the one loop
 * that migrations, owner moves and data checks share, so none holds the whole table at once.
 */
import type { Store, StoredRecord } from "../storage/index.ts";

/** Records read at a time: most of a transaction of LONE_BULK_TRANSACTION_MS (a migration writes about 3,000 a second), few enough to hold in memory. */
const BATCH = 1_000;

export interface ScanOptions {
  collection: string;
  version?: string;
  batchSize?: number;
  /** Awaited after each batch. */
  afterBatch?: () => Promise<void>;
  /**
   * Runs each batch's visits in short transactions of their own (store.bulk, each open about as
   * long as store.bulkTransactionMs says): a run that writes holds the database for a moment at
   * a time, so a server using the same file waits at most that long, never for the whole run. A run stopped part way leaves whole batches done, and a
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
      limit: options.batchSize ?? BATCH,
    });
    if (!batch.length) return;
    if (!options.transactionPerBatch) for (const record of batch) await visit(record);
    else {
      // Each transaction ends once it has been open its time (or the batch is done): on a busy
      // machine a batch's work (migrating, validating) can take seconds, and a tracker waiting
      // for the database gives up after five.
      let next = 0;
      while (next < batch.length) {
        const sliceMs = store.bulkTransactionMs();
        await store.bulk(async () => {
          const started = performance.now();
          do await visit(batch[next++]!);
          while (next < batch.length && performance.now() - started < sliceMs);
        });
      }
    }
    await options.afterBatch?.();
    afterId = batch[batch.length - 1]!.id;
  }
}
