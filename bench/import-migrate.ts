/**
 * Import and migration of N legacy records (default 100,000): records per second and peak
 * memory of each phase. The CSV is generated first, in this process; the measured work runs in
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

export interface ImportMigrateFigures {
  rows: number;
  csvMiB: number;
  baselineRssMiB: number;
  maxRssMiB: number;
  /** The list indexes the opening made, each of which every import and migration write keeps. */
  listIndexes: number;
  /** seconds: wall clock; cpuSeconds: the worker's CPU time (what the work costs when the machine is shared). */
  phases: { name: string; records: number; seconds: number; cpuSeconds: number; perSecond: number; peakRssMiB: number; peakHeapMiB: number }[];
}

export async function benchImportMigrate(rows: number, store: "sqlite" | "postgres"): Promise<ImportMigrateFigures> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-import-"));
  const url = store === "postgres" ? postgresDatabaseUrl(POSTGRES_DATABASE) : undefined;
  try {
    if (url) await recreatePostgresDatabase(POSTGRES_DATABASE);
    const csv = join(dir, "legacy.csv");
    writeFileSync(csv, buildLegacyCsv(rows, 42).text);
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "bench/import-migrate-worker.ts"), csv, dir, ...(url ? [url] : [])], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    if (run.status !== 0) throw new Error(`import/migrate worker failed: ${run.stderr}`);
    const out = JSON.parse(run.stdout.trim().split("\n").pop()!) as {
      baselineRssMiB: number;
      maxRssMiB: number;
      listIndexes: number;
      import: { rows: number; imported: number; problems: number; seconds: number; cpuSeconds: number; peakRssMiB: number; peakHeapMiB: number };
      dryRun: { records: number; seconds: number; cpuSeconds: number; peakRssMiB: number; peakHeapMiB: number };
      apply: { records: number; seconds: number; cpuSeconds: number; peakRssMiB: number; peakHeapMiB: number };
    };
    if (out.import.problems || out.import.imported !== rows || out.apply.records !== rows) throw new Error(`unexpected counts: ${JSON.stringify(out)}`);
    const phase = (name: string, p: { seconds: number; cpuSeconds: number; peakRssMiB: number; peakHeapMiB: number }, records: number) => ({ name, records, seconds: p.seconds, cpuSeconds: p.cpuSeconds, perSecond: records / p.seconds, peakRssMiB: p.peakRssMiB, peakHeapMiB: p.peakHeapMiB });
    return {
      rows,
      csvMiB: statSync(csv).size / 2 ** 20,
      baselineRssMiB: out.baselineRssMiB,
      maxRssMiB: out.maxRssMiB,
      listIndexes: out.listIndexes,
      phases: [phase("import (check + store)", out.import, out.import.imported), phase("migrate dry run", out.dryRun, out.dryRun.records), phase("migrate apply", out.apply, out.apply.records)],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropPostgresDatabase(POSTGRES_DATABASE);
  }
}
