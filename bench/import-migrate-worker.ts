/**
 * Worker of the import-and-migrate benchmark, in its own process so that its peak memory is
 * its own: brings the CSV given as argument into a fresh data folder (or the empty PostgreSQL
 * database a fourth argument names) by one of two routes, and prints one JSON line of figures:
 * - two-step: imports the rows as 1.0 records, then dry-runs and applies the 1.0 → 2.0 uplift;
 * - one-pass: imports the rows carrying each to 2.0 as it is stored (`scrt import --to 2.0`).
 *
 * The database is opened as the data commands open it (cli/data-context.ts: openTracker, no
 * read workers, a bulk writer: their page cache and background checkpoints), so every write keeps the list indexes, side tables and search indexes the
 * tracker makes at start-up; the import takes the default rows per transaction, as
 * `scrt import` and the API's import do. A store opened without them writes a third as much.
 */
import { createReadStream } from "node:fs";
import { configFor, importLegacy, migrateRecords, openTracker, type ImportMigration } from "../ops/index.ts";
import { ownerResolverFrom } from "../organisations/index.ts";

const [route, csv, dataDir, databaseUrl] = process.argv.slice(2) as ["two-step" | "one-pass", string, string, string | undefined];
if (route !== "two-step" && route !== "one-pass") throw new Error(`the route must be two-step or one-pass, not ${JSON.stringify(route)}`);
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
const today = "2026-11-21";
const source = registry.get("s-crt", "1.0")!;
const target = registry.get("s-crt", "2.0")!;
const importFile = (migrateTo?: ImportMigration) =>
  phase(() => importLegacy({ store, form: source, reference, open: () => createReadStream(csv), today, userId: user.id, ...(migrateTo ? { migrateTo } : {}) }));
const phaseFigures = (p: Awaited<ReturnType<typeof phase>>) => ({ seconds: p.seconds, cpuSeconds: p.cpuSeconds, peakRssMiB: p.peakRssMiB, peakHeapMiB: p.peakHeapMiB });

if (route === "one-pass") {
  // `scrt import --to 2.0`: each row carried to 2.0 as it is stored.
  const imported = await importFile({ target, migration, resolveOwner: ownerResolverFrom(reference) });
  await store.close();
  const r = imported.result;
  console.log(JSON.stringify({ baselineRssMiB, maxRssMiB: process.resourceUsage().maxRSS / 1024, listIndexes: listIndexes.created.length, import: { rows: r.rows, imported: r.imported, problems: r.problems.length, migrated: r.migration?.records ?? 0, ...phaseFigures(imported) } }));
} else {
  // `scrt import`, then `scrt migrate --to 2.0 --dry-run`, then `scrt migrate --to 2.0`.
  const imported = await importFile();
  const migrate = (dryRun: boolean) => phase(() => migrateRecords({ store, target, migration, resolveOwner: ownerResolverFrom(reference), date: today, dryRun, userId: user.id }));
  const dryRun = await migrate(true);
  const applied = await migrate(false);
  await store.close();
  const r = imported.result;
  console.log(
    JSON.stringify({
      baselineRssMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      listIndexes: listIndexes.created.length,
      import: { rows: r.rows, imported: r.imported, problems: r.problems.length, ...phaseFigures(imported) },
      dryRun: { records: dryRun.result.records, ...phaseFigures(dryRun) },
      apply: { records: applied.result.records, ...phaseFigures(applied) },
    }),
  );
}
