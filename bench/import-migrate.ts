/**
 * Import and migration of N legacy records (default 100,000), by both routes (two-step: import
 * as 1.0, then migrate; one-pass: `import --to 2.0`), in interleaved pairs: records per second
 * and peak memory of each phase. The CSV is generated first, in this process; each measured run is
 * a child process so the figures are its own, on a database opened as the data commands open it
 * (list indexes, side tables and search indexes all kept in step, as in every real import).
 * With `--store postgres` the database is a fresh one on a PostgreSQL server (BENCH_POSTGRES_URL
 * or TEST_POSTGRES_URL); the memory figures are then the command's alone, not the server's.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";
import { buildLegacyCsv } from "../test/fixtures/legacy-csv.ts";
import { dropPostgresDatabase, postgresDatabaseUrl, recreatePostgresDatabase } from "./postgres.ts";

/** The database the benchmark makes afresh on the PostgreSQL server with `--store postgres`. */
const POSTGRES_DATABASE = "scrt_bench_import";

/** How the rows reach 2.0: imported as 1.0 then migrated (two commands), or carried to 2.0 as they are stored (`scrt import --to 2.0`). */
export type ImportRoute = "two-step" | "one-pass";

export interface PhaseFigures {
  name: string;
  records: number;
  /** Wall clock. */
  seconds: number;
  /** The worker's CPU time (what the work costs when the machine is shared). */
  cpuSeconds: number;
  perSecond: number;
  peakRssMiB: number;
  peakHeapMiB: number;
}

export interface ImportMigrateRun {
  route: ImportRoute;
  baselineRssMiB: number;
  maxRssMiB: number;
  /** The list indexes the opening made, each of which every import and migration write keeps. */
  listIndexes: number;
  phases: PhaseFigures[];
  /** What the aim counts: the import and the migration's apply (a dry run is optional). */
  countedSeconds: number;
  countedCpuSeconds: number;
}

export interface ImportMigrateFigures {
  rows: number;
  csvMiB: number;
  /** In the order they ran: the routes alternate, and which goes first alternates by pair. */
  runs: ImportMigrateRun[];
}

type WorkerPhase = { seconds: number; cpuSeconds: number; peakRssMiB: number; peakHeapMiB: number };
interface WorkerOutput {
  baselineRssMiB: number;
  maxRssMiB: number;
  listIndexes: number;
  import: WorkerPhase & { rows: number; imported: number; problems: number; migrated?: number };
  dryRun?: WorkerPhase & { records: number };
  apply?: WorkerPhase & { records: number };
}

export async function benchImportMigrate(rows: number, store: "sqlite" | "postgres", pairs: number): Promise<ImportMigrateFigures> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-import-"));
  const url = store === "postgres" ? postgresDatabaseUrl(POSTGRES_DATABASE) : undefined;
  try {
    const csv = join(dir, "legacy.csv");
    writeFileSync(csv, buildLegacyCsv(rows, 42).text);
    const runs: ImportMigrateRun[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      const order: ImportRoute[] = pair % 2 ? ["one-pass", "two-step"] : ["two-step", "one-pass"];
      for (const route of order) {
        const run = await runWorker(route, csv, join(dir, `${route}-${pair}`), url, rows);
        runs.push(run);
        console.log(`  pair ${pair + 1}, ${route}: ${run.countedSeconds.toFixed(1)} s, highest memory ${run.maxRssMiB.toFixed(0)} MiB`);
      }
    }
    return { rows, csvMiB: statSync(csv).size / 2 ** 20, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropPostgresDatabase(POSTGRES_DATABASE);
  }
}

async function runWorker(route: ImportRoute, csv: string, dataDir: string, url: string | undefined, rows: number): Promise<ImportMigrateRun> {
  if (url) await recreatePostgresDatabase(POSTGRES_DATABASE);
  try {
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "bench/import-migrate-worker.ts"), route, csv, dataDir, ...(url ? [url] : [])], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`import/migrate worker failed: ${run.stderr}`);
    const out = JSON.parse(run.stdout.trim().split("\n").pop()!) as WorkerOutput;
    const migrated = route === "one-pass" ? out.import.migrated : out.apply?.records;
    if (out.import.problems || out.import.imported !== rows || migrated !== rows) throw new Error(`unexpected counts: ${JSON.stringify(out)}`);
    const phase = (name: string, p: WorkerPhase, records: number): PhaseFigures => ({ name, records, seconds: p.seconds, cpuSeconds: p.cpuSeconds, perSecond: records / p.seconds, peakRssMiB: p.peakRssMiB, peakHeapMiB: p.peakHeapMiB });
    const phases =
      route === "one-pass"
        ? [phase("import --to 2.0 (check, migrate, store)", out.import, out.import.imported)]
        : [phase("import (check + store)", out.import, out.import.imported), phase("migrate dry run", out.dryRun!, out.dryRun!.records), phase("migrate apply", out.apply!, out.apply!.records)];
    const counted = phases.filter((p) => p.name !== "migrate dry run");
    return {
      route,
      baselineRssMiB: out.baselineRssMiB,
      maxRssMiB: out.maxRssMiB,
      listIndexes: out.listIndexes,
      phases,
      countedSeconds: counted.reduce((t, p) => t + p.seconds, 0),
      countedCpuSeconds: counted.reduce((t, p) => t + p.cpuSeconds, 0),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
