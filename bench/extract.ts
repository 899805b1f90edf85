/**
 * The extract at scale: N v2.0 records (default 1,000,000) seeded once, then CSV and XLSX
 * national extracts interleaved, each in its own process, `repeats` times; medians of the time
 * and of the process's peak resident memory; then the dashboard over the real server (its first
 * reading of every record, and requests as three roles interleaved). Aims (issue 10): CSV of
 * 1,000,000 records under 60 s and 200 MB; the dashboard under 1 s. Neither format's peak memory
 * should grow with N: compare runs at two sizes (`--records`) to see that it does not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, runWorker } from "./worker-process.ts";

interface Run {
  format: string;
  rows: number;
  seconds: number;
  maxRssMiB: number;
}

const worker = (args: string[]) => runWorker("extract-worker.ts", args);

export function benchExtract(rows: number, repeats: number): void {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-extract-"));
  try {
    const seeded = worker(["seed", dir, String(rows)]);
    console.log(`\nextract: ${rows} v2.0 records seeded in ${Number(seeded.seconds).toFixed(1)} s; ${repeats} runs of each format, interleaved`);
    const runs: Run[] = [];
    for (let i = 0; i < repeats; i++) for (const format of ["csv", "xlsx"]) runs.push(worker(["extract", dir, format]) as unknown as Run);
    for (const format of ["csv", "xlsx"]) {
      const mine = runs.filter((r) => r.format === format);
      if (mine.some((r) => r.rows !== rows)) throw new Error(`${format}: expected ${rows} rows, got ${mine.map((r) => r.rows).join(", ")}`);
      const seconds = mine.map((r) => r.seconds);
      console.log(
        `  ${format.padEnd(4)} median ${median(seconds).toFixed(1)} s (${Math.min(...seconds).toFixed(1)}–${Math.max(...seconds).toFixed(1)}), ${Math.round(rows / median(seconds))} records/s, peak RSS median ${median(mine.map((r) => r.maxRssMiB)).toFixed(0)} MiB`,
      );
    }
    const dashboard = worker(["dashboard", dir, String(Math.max(5, repeats))]) as { buildSeconds: number; times: Record<string, number[]>; maxRssMiB: number };
    console.log(`  dashboard: first reading of every record ${dashboard.buildSeconds.toFixed(1)} s; peak RSS ${dashboard.maxRssMiB.toFixed(0)} MiB`);
    for (const [who, times] of Object.entries(dashboard.times)) {
      console.log(`  dashboard as ${who.padEnd(9)} median ${median(times).toFixed(0)} ms (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}), ${times.length} requests`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
