/**
 * A server's writes while a data command imports into the same SQLite file: `scrt import` (the
 * real command, a child process) stores N legacy records while this process, holding the
 * database as the server does (openTracker: its checkpoints in the background), writes a case
 * every 100 ms. Prints, per run and as medians over the runs: the import's seconds and the
 * server's write times (p50, p95, p99, the longest), each write measured on the event loop,
 * waiting for the command's transaction included.
 *
 *   npm run bench -- --only import-beside-server [--rows 100000] [--runs 5]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";
import { configFor, openTracker } from "../ops/index.ts";
import { buildLegacyCsv } from "../test/fixtures/legacy-csv.ts";
import { validCase } from "../test/server/harness.ts";
import { median, percentile } from "./measure.ts";

const WRITE_EVERY_MS = 100;

export interface Run {
  importSeconds: number;
  writes: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One import beside the server's writes, on a fresh data folder. */
export async function importBesideServer(csv: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-beside-"));
  try {
    const server = await openTracker(configFor(dir));
    const user = await server.store.ensureUser({ username: "bench", displayName: "Bench", role: "icb_editor", orgCode: "QE1" });
    const started = performance.now();
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "cli/main.ts"), "import", "s-crt", "--version", "1.0", csv, "--json"], {
      env: { ...process.env, DATA_DIR: dir, NODE_ENV: "test" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let finished = false;
    const exit = new Promise<number | null>((resolve) => child.on("close", (code) => ((finished = true), resolve(code))));
    const times: number[] = [];
    for (let i = 0; !finished; i++) {
      const t = performance.now();
      const written = await server.store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase(`BESIDE/${i}`), userId: user.id, complete: true, missing: [], unique: [] });
      times.push(performance.now() - t);
      if (written.kind !== "ok") throw new Error(`the server's write failed: ${written.kind}`);
      await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
    }
    const code = await exit;
    const importSeconds = (performance.now() - started) / 1000;
    await server.close();
    if (code !== 0) throw new Error(`scrt import failed (${code}): ${stderr}`);
    return { importSeconds, writes: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: Math.max(...times) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchImportBesideServer(rows: number, runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-beside-csv-"));
  try {
    const csv = join(dir, "legacy.csv");
    writeFileSync(csv, buildLegacyCsv(rows, 42).text);
    console.log(`\nimport beside a server: scrt import of ${rows} legacy records while the server writes a case every ${WRITE_EVERY_MS} ms (${runs} runs)`);
    console.log("  run  import s  writes  p50 ms  p95 ms  p99 ms  max ms");
    const results: Run[] = [];
    for (let r = 1; r <= runs; r++) {
      const run = await importBesideServer(csv);
      results.push(run);
      console.log(`  ${String(r).padStart(3)}  ${run.importSeconds.toFixed(1).padStart(8)}  ${String(run.writes).padStart(6)}  ${run.p50.toFixed(1).padStart(6)}  ${run.p95.toFixed(1).padStart(6)}  ${run.p99.toFixed(1).padStart(6)}  ${run.max.toFixed(1).padStart(6)}`);
    }
    const of = (pick: (r: Run) => number) => median(results.map(pick)).toFixed(1);
    console.log(`  median: import ${of((r) => r.importSeconds)} s; server writes p50 ${of((r) => r.p50)} ms, p95 ${of((r) => r.p95)} ms, p99 ${of((r) => r.p99)} ms, longest ${of((r) => r.max)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
