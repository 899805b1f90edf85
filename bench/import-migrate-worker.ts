/**
 * Worker of the import-and-migrate benchmark, in its own process so that its peak memory is
 * its own: imports the CSV given as argument into a fresh data folder (or the empty PostgreSQL
 * database a third argument names), then dry-runs and
 * applies the 1.0 → 2.0 uplift. Prints one JSON line of figures.
 *
 * The database is opened as the data commands open it (cli/data-context.ts: openTracker, no
 * read workers, a bulk writer: their page cache and background checkpoints), so every write keeps the list indexes, side tables and search indexes the
 * tracker makes at start-up; the import takes the default rows per transaction, as
 * `scrt import` and the API's import do. A store opened without them writes a third as much.
 */
import { createReadStream } from "node:fs";
import { configFor, importLegacy, migrateRecords, openTracker } from "../ops/index.ts";
import { ownerResolverFrom } from "../organisations/index.ts";

const [csv, dataDir, databaseUrl] = process.argv.slice(2) as [string, string, string | undefined];
const config = configFor(dataDir, databaseUrl ? { databaseUrl } : {});
const { store, registry, reference, listIndexes } = await openTracker({ ...config, readWorkers: 0 }, { bulkWriter: true });
if (listIndexes.created.length === 0) throw new Error("the bench expects a fresh data folder, whose list indexes this opening makes");
const migration = registry.migration("s-crt", "1.0", "2.0")!;
const user = await store.ensureUser({ username: "bench", displayName: "Bench", role: "national", orgCode: "X24" });

/** Peak resident memory during one phase, sampled every 20 ms (the OS high-water mark covers the whole process). */
async function phase<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number; peakRssMiB: number; peakHeapMiB: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  sample();
  return { result, seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB: peakRss / 2 ** 20, peakHeapMiB: peakHeap / 2 ** 20 };
}

const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
const imported = await phase(() =>
  importLegacy({ store, form: registry.get("s-crt", "1.0")!, reference, open: () => createReadStream(csv), today: "2026-11-21", userId: user.id }),
);
const migrate = (dryRun: boolean) =>
  phase(() => migrateRecords({ store, target: registry.get("s-crt", "2.0")!, migration, resolveOwner: ownerResolverFrom(reference), date: "2026-11-21", dryRun, userId: user.id }));
const dryRun = await migrate(true);
const applied = await migrate(false);
await store.close();

console.log(
  JSON.stringify({
    baselineRssMiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    listIndexes: listIndexes.created.length,
    import: { rows: imported.result.rows, imported: imported.result.imported, problems: imported.result.problems.length, seconds: imported.seconds, cpuSeconds: imported.cpuSeconds, peakRssMiB: imported.peakRssMiB, peakHeapMiB: imported.peakHeapMiB },
    dryRun: { records: dryRun.result.records, seconds: dryRun.seconds, cpuSeconds: dryRun.cpuSeconds, peakRssMiB: dryRun.peakRssMiB, peakHeapMiB: dryRun.peakHeapMiB },
    apply: { records: applied.result.records, seconds: applied.seconds, cpuSeconds: applied.cpuSeconds, peakRssMiB: applied.peakRssMiB, peakHeapMiB: applied.peakHeapMiB },
  }),
);
