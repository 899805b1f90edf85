/**
 * Runs every benchmark and prints its figures: `npm run bench -- --n 500 --concurrency 16 --warmup 200`.
 * This is a measurement and not a test. It exits 1 only when requests failed, never because the aim was missed.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { benchCreateRecords, type TargetResult } from "./create-records.ts";
import { benchEditorFirstPaint, printFirstPaint } from "./editor-first-paint.ts";
import { benchExtract } from "./extract.ts";
import { benchImportMigrate } from "./import-migrate.ts";
import { benchLearning } from "./learning.ts";
import { benchListAtScale, printListBench } from "./list-at-scale.ts";

const AIM_PERCENT = 50;

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, not "${value}"`);
  return n;
}

const { values } = parseArgs({
  options: {
    n: { type: "string", default: process.env.BENCH_N ?? "3000" },
    concurrency: { type: "string", default: "16" },
    warmup: { type: "string", default: "200" },
    rows: { type: "string", default: process.env.BENCH_ROWS ?? "100000" },
    only: { type: "string" },
    records: { type: "string" },
    repeats: { type: "string" },
    rounds: { type: "string" },
    runs: { type: "string" },
  },
});
const only = values.only;
if (only !== undefined && only !== "create" && only !== "import" && only !== "extract" && only !== "learning" && only !== "first-paint" && only !== "list")
  throw new Error(`--only must be create, import, extract, learning, first-paint or list, not "${only}"`);
const options = {
  n: positiveInteger("--n", values.n),
  concurrency: positiveInteger("--concurrency", values.concurrency),
  // Zero warm-up is allowed, so the effect of warming up can be seen.
  warmup:
    values.warmup === "0" ? 0 : positiveInteger("--warmup", values.warmup),
};

console.log(`Node ${process.version}, ${availableParallelism()} CPUs`);
if (only === undefined || only === "create") await createBench();
if (only === undefined || only === "import") importBench(positiveInteger("--rows", values.rows));
// Issue 10's figures come together: `--only extract` is the extract, the dashboard and the
// learning library at the same size; `--only learning` the library alone.
const records = values.records ? positiveInteger("--records", values.records) : 1_000_000;
if (only === undefined || only === "extract") benchExtract(records, values.repeats ? positiveInteger("--repeats", values.repeats) : 5);
if (only === undefined || only === "extract" || only === "learning") benchLearning(records, values.rounds ? Math.max(5, positiveInteger("--rounds", values.rounds)) : 5);
// Issue 12: the add page's first paint in Chromium (needs the built renderer).
// Issue 13: the case list at 1,000,000 records (the database is cached under the temporary folder).
if (only === undefined || only === "list") printListBench(await benchListAtScale(records, values.rounds ? Math.max(5, positiveInteger("--rounds", values.rounds)) : 20));
if (only === undefined || only === "first-paint") printFirstPaint(await benchEditorFirstPaint(values.runs ? Math.max(5, positiveInteger("--runs", values.runs)) : 5));

function importBench(rows: number): void {
  console.log(
    `\nimport and migrate: ${rows} legacy records (v1.0 CSV → stored → v2.0)`,
  );
  const figures = benchImportMigrate(rows);
  console.log(
    `  CSV ${figures.csvMiB.toFixed(1)} MiB; worker memory at start ${figures.baselineRssMiB.toFixed(0)} MiB, highest ${figures.maxRssMiB.toFixed(0)} MiB`,
  );
  const header = [
    "phase",
    "records",
    "seconds",
    "records/s",
    "peak RSS MiB",
    "peak heap MiB",
  ];
  const body = figures.phases.map((p) => [
    p.name,
    String(p.records),
    p.seconds.toFixed(1),
    p.perSecond.toFixed(0),
    p.peakRssMiB.toFixed(0),
    p.peakHeapMiB.toFixed(0),
  ]);
  const all = [header, ...body];
  const widths = header.map((_, i) =>
    Math.max(...all.map((r) => r[i]!.length)),
  );
  for (const r of all)
    console.log(
      `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}`,
    );
}

async function createBench(): Promise<void> {
  console.log(
    `create-records: ${options.n} measured requests, ${options.concurrency} in flight, ${options.warmup} warm-up\n`,
  );

  const { tracker, bare } = await benchCreateRecords(options);

  const columns = [
    "",
    "requests",
    "failures",
    "seconds",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
  ];
  const row = (r: TargetResult) => [
    r.name,
    String(r.requests),
    String(r.failures),
    r.seconds.toFixed(2),
    r.reqPerSec.toFixed(0),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.p99.toFixed(2),
  ];
  const rows = [columns, row(tracker), row(bare)];
  const widths = columns.map((_, i) =>
    Math.max(...rows.map((r) => r[i]!.length)),
  );
  for (const r of rows)
    console.log(
      r
        .map((cell, i) =>
          i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
        )
        .join("  "),
    );

  const percent = (tracker.reqPerSec / bare.reqPerSec) * 100;
  console.log(
    `\ntracker/bare: ${percent.toFixed(1)}% (aim: at least ${AIM_PERCENT}% of bare speed) — ${percent >= AIM_PERCENT ? "meets the aim" : "misses the aim"}`,
  );

  console.log("\nSQLite files after the run:");
  for (const r of [tracker, bare]) {
    console.log(
      `  ${r.name}: ${r.files.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`).join(", ")}`,
    );
  }

  const failed = [tracker, bare].filter(
    (r) => r.failures + r.warmupFailures > 0,
  );
  for (const r of failed) {
    console.error(
      `\n${r.name}: ${r.failures} measured and ${r.warmupFailures} warm-up requests failed; first: ${r.firstFailure}`,
    );
  }
  process.exitCode = failed.length > 0 ? 1 : 0;
}
