/**
 * Worker of the import-and-migrate benchmark, in its own process so that its peak memory is
 * its own: imports the CSV given as argument into a fresh data folder, then dry-runs and
 * applies the 1.0 → 2.0 uplift. Prints one JSON line of figures.
 */
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { FormRegistry, PROJECT_ROOT } from "../engine/index.ts";
import { loadReferenceData, ownerResolverFrom } from "../organisations/index.ts";
import { importLegacy, migrateRecords } from "../ops/index.ts";
import { openSqliteStore } from "../storage/index.ts";

const [csv, dataDir] = process.argv.slice(2) as [string, string];
const registry = await FormRegistry.load([join(PROJECT_ROOT, "forms")]);
const reference = loadReferenceData(join(PROJECT_ROOT, "forms/reference/organisations"));
const migration = registry.migration("s-crt", "1.0", "2.0")!;
const store = await openSqliteStore({ file: join(dataDir, "tracker.sqlite") });
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
  importLegacy({ store, form: registry.get("s-crt", "1.0")!, reference, open: () => createReadStream(csv), today: "2026-11-21", userId: user.id, chunkSize: 1000 }),
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
    import: { rows: imported.result.rows, imported: imported.result.imported, problems: imported.result.problems.length, seconds: imported.seconds, cpuSeconds: imported.cpuSeconds, peakRssMiB: imported.peakRssMiB, peakHeapMiB: imported.peakHeapMiB },
    dryRun: { records: dryRun.result.records, seconds: dryRun.seconds, cpuSeconds: dryRun.cpuSeconds, peakRssMiB: dryRun.peakRssMiB, peakHeapMiB: dryRun.peakHeapMiB },
    apply: { records: applied.result.records, seconds: applied.seconds, cpuSeconds: applied.cpuSeconds, peakRssMiB: applied.peakRssMiB, peakHeapMiB: applied.peakHeapMiB },
  }),
);
