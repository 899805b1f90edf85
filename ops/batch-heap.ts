/**
 * A data command's heap: kept close to what it holds. An import or migration makes garbage at
 * a steady rate (each row's text, answers and JSON live for one chunk), and V8 lets the heap
 * grow up to fourfold between full collections when collecting is cheap, as it is here: a
 * 100,000-row import held 30 MiB and peaked at 150-160 MiB of heap. Letting it grow by at most
 * BATCH_HEAP_GROWTH_PERCENT between collections kept its peak at 96-113 MiB (2 runs
 * each of 75% and 100%) for no measurable loss of time (bench/import-migrate.ts). The server keeps V8's own
 * policy: its requests' latency matters more than its footprint.
 */
import { setFlagsFromString } from "node:v8";

export const BATCH_HEAP_GROWTH_PERCENT = 75;

let applied = false;

/** For the whole process, once: only a process that is a data command should ask. */
export function keepHeapTightForBatchWork(): void {
  if (applied) return;
  applied = true;
  // A V8 setting V8 reads at every full collection, so it applies from the next one on.
  setFlagsFromString(`--heap-growing-percent=${BATCH_HEAP_GROWTH_PERCENT}`);
}
