/**
 * Runs every benchmark and prints its figures: `npm run bench -- --n 1000 --runs 5 --warmup 2`,
 * or one of them: `--only create|write-parts|validate|import|import-beside-server|extract|learning|list|fast-under-load|first-paint`.
 * Targets compared with each other take turns, are warmed up alike and measured at least five
 * times; medians are reported, and ratios both of the medians and round by round (bench/measure.ts).
 * This is a measurement and not a test. It exits 1 only when requests failed, never because the aim was missed.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { benchCreateRecords, type TargetResult } from "./create-records.ts";
import { formatRatio, median, printTable, ratio } from "./measure.ts";
import { benchValidate } from "./validate.ts";
import { benchEditorFirstPaint, printFirstPaint } from "./editor-first-paint.ts";
import { benchExtract } from "./extract.ts";
import { benchImportMigrate, type ImportRoute } from "./import-migrate.ts";
import { benchImportBesideServer } from "./import-beside-server.ts";
import { benchLearning } from "./learning.ts";
import { benchListAtScale, printListBench } from "./list-at-scale.ts";
import { benchFastUnderLoad } from "./fast-under-load.ts";
import { benchWriteParts } from "./write-parts.ts";

const AIM_PERCENT = 50;
/** Issue 13's aims for validation: engine speed against bare Ajv, and against Form.io. */
const AIM_AJV = 0.7;
const AIM_FORMIO = 50;
/** Issue 13's aims for importing and migrating 100,000 legacy records. */
const AIM_IMPORT_SECONDS = 30;
const AIM_IMPORT_MIB = 300;

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, not "${value}"`);
  return n;
}

const { values } = parseArgs({
  options: {
    n: { type: "string", default: process.env.BENCH_N ?? "1000" },
    concurrency: { type: "string", default: "16" },
    warmup: { type: "string", default: "2" },
    rows: { type: "string", default: process.env.BENCH_ROWS ?? "100000" },
    only: { type: "string" },
    records: { type: "string" },
    repeats: { type: "string" },
    rounds: { type: "string" },
    runs: { type: "string" },
    store: { type: "string", default: "sqlite" },
  },
});
const only = values.only;
if (values.store !== "sqlite" && values.store !== "postgres") throw new Error(`--store must be sqlite or postgres, not "${values.store}"`);
const store = values.store;
const ONLY = ["create", "write-parts", "validate", "import", "import-beside-server", "extract", "learning", "list", "fast-under-load", "first-paint"];
if (only !== undefined && !ONLY.includes(only)) throw new Error(`--only must be one of ${ONLY.join(", ")}, not "${only}"`);
const runs = values.runs ? Math.max(5, positiveInteger("--runs", values.runs)) : 5;
const options = {
  /** Requests per target per round. */
  n: positiveInteger("--n", values.n),
  runs,
  concurrency: positiveInteger("--concurrency", values.concurrency),
  // Warm-up rounds (of n requests each, for every target). Zero is allowed, so the effect of warming up can be seen.
  warmup: values.warmup === "0" ? 0 : positiveInteger("--warmup", values.warmup),
};

console.log(`Node ${process.version}, ${availableParallelism()} CPUs`);
if (only === undefined || only === "create") await createBench();
// What each part of a case's write costs (the trigram index, the list's indexes, the audit trail's).
if (only === undefined || only === "write-parts") await benchWriteParts(options.n, runs);
if (only === undefined || only === "validate") await validateBench();
// With --store postgres, into a fresh PostgreSQL database (BENCH_POSTGRES_URL or TEST_POSTGRES_URL).
if (only === undefined || only === "import") await importBench(positiveInteger("--rows", values.rows));
// A server's writes while `scrt import` stores into the same SQLite file.
if ((only === undefined && store === "sqlite") || only === "import-beside-server") await benchImportBesideServer(positiveInteger("--rows", values.rows), runs);
// Issue 10's figures come together: `--only extract` is the extract, the dashboard and the
// learning library at the same size; `--only learning` the library alone.
const records = values.records ? positiveInteger("--records", values.records) : 1_000_000;
if (only === undefined || only === "extract") benchExtract(records, values.repeats ? positiveInteger("--repeats", values.repeats) : 5);
if (only === undefined || only === "extract" || only === "learning") benchLearning(records, values.rounds ? Math.max(5, positiveInteger("--rounds", values.rounds)) : 5);
// Issue 12: the add page's first paint in Chromium (needs the built renderer).
// Issue 13: the case list at 1,000,000 records (the database is cached under the temporary folder).
// With --store postgres, on a PostgreSQL database (BENCH_POSTGRES_URL or TEST_POSTGRES_URL).
if (only === undefined || only === "list") printListBench(await benchListAtScale(records, values.rounds ? Math.max(5, positiveInteger("--rounds", values.rounds)) : 20, store));
// Issue 13: a fast request while a heavy read runs, with and without the read workers, on the same database (--store postgres: on PostgreSQL).
if (only === undefined || only === "fast-under-load") await benchFastUnderLoad(records, values.rounds ? Math.max(5, positiveInteger("--rounds", values.rounds)) : 7, store);
if (only === undefined || only === "first-paint") printFirstPaint(await benchEditorFirstPaint(runs));

async function importBench(rows: number): Promise<void> {
  console.log(
    `\nimport and migrate: ${rows} legacy records (v1.0 CSV → v2.0 records) on ${store === "postgres" ? "PostgreSQL (memory: the command's, not the server's)" : "SQLite"}, ${runs} interleaved pairs of the two routes:\n` +
      "  two-step = `scrt import` then `scrt migrate --to 2.0` (its dry run shown, not counted); one-pass = `scrt import --to 2.0`",
  );
  const figures = await benchImportMigrate(rows, store, runs);
  const first = figures.runs[0]!;
  console.log(`  CSV ${figures.csvMiB.toFixed(1)} MiB; the tracker's ${first.listIndexes} list indexes, side tables and search indexes kept in step; worker memory at start ${first.baselineRssMiB.toFixed(0)} MiB`);
  const header = ["run", "phase", "records", "seconds", "CPU s", "records/s", "peak RSS MiB", "peak heap MiB"];
  const body = figures.runs.flatMap((run, i) =>
    run.phases.map((p) => [`${Math.floor(i / 2) + 1} ${run.route}`, p.name, String(p.records), p.seconds.toFixed(1), p.cpuSeconds.toFixed(1), p.perSecond.toFixed(0), p.peakRssMiB.toFixed(0), p.peakHeapMiB.toFixed(0)]),
  );
  printTable([header, ...body]);
  const scale = rows === 100_000 ? "" : ` (the aim is for 100,000 records; this run had ${rows.toLocaleString("en-GB")})`;
  const of = (route: ImportRoute) => figures.runs.filter((r) => r.route === route);
  for (const route of ["two-step", "one-pass"] as const) {
    const rs = of(route);
    console.log(
      `  ${route}: median ${median(rs.map((r) => r.countedSeconds)).toFixed(1)} s (${median(rs.map((r) => r.countedCpuSeconds)).toFixed(1)} s of CPU time), highest memory median ${median(rs.map((r) => r.maxRssMiB)).toFixed(0)} MiB, most ${Math.max(...rs.map((r) => r.maxRssMiB)).toFixed(0)} MiB (aim: under ${AIM_IMPORT_SECONDS} s and ${AIM_IMPORT_MIB} MB)${scale}`,
    );
  }
  const pairRatios = of("one-pass").map((r, i) => r.countedSeconds / of("two-step")[i]!.countedSeconds);
  console.log(`  one-pass / two-step, pair by pair: ${pairRatios.map((x) => x.toFixed(2)).join(", ")} (median ${median(pairRatios).toFixed(2)})`);
}

async function validateBench(): Promise<void> {
  const records = 200;
  console.log(`
validate: S-CRT 2.0, ${records} valid and ${records} invalid records, ${runs} measured rounds after 2 warm-up rounds, targets in turn; µs of CPU time per record`);
  const figures = await benchValidate({ records, runs, warmup: 2 });
  for (const kind of ["valid", "invalid"] as const) {
    const f = figures[kind];
    const engine = f.engine!;
    console.log(`
  ${kind} records`);
    printTable(
      [["", "median µs", "min", "max", "engine is faster by (median of rounds)"], ...Object.values(f).map((m) => [m.name, m.median.toFixed(2), m.min.toFixed(2), m.max.toFixed(2), m === engine ? "" : `${ratio(m, engine).pairMedian.toFixed(2)}×`])],
      "    ",
    );
    // Speed is the inverse of time: the engine's speed over Ajv's is Ajv's time over the engine's.
    console.log(`    engine speed / bare Ajv: ${formatRatio(ratio(f["bare Ajv"]!, engine))} (aim: at least ${AIM_AJV}×)`);
    if (f["Form.io"]) console.log(`    engine speed / Form.io: ${formatRatio(ratio(f["Form.io"], engine), 0)} (aim: at least ${AIM_FORMIO}×)`);
    if (f.SurveyJS) console.log(`    engine speed / SurveyJS: ${formatRatio(ratio(f.SurveyJS, engine), 0)}`);
  }
}

async function createBench(): Promise<void> {
  console.log(
    `create-records: ${options.runs} measured rounds of ${options.n} requests per target after ${options.warmup} warm-up rounds, targets in turn, ${options.concurrency} in flight\n`,
  );
  const results = await benchCreateRecords(options);
  const byName = new Map(results.map((r) => [r.name, r]));
  const bare = byName.get("bare")!;

  printTable([
    ["", "requests", "failures", "req/CPU-s median", "min", "max", "req/s (wall) median", "p50 ms", "p95 ms", "p99 ms"],
    ...results.map((r) => [
      r.name,
      String(r.requests),
      String(r.failures),
      r.throughput.median.toFixed(0),
      r.throughput.min.toFixed(0),
      r.throughput.max.toFixed(0),
      median(r.wallPerSecond).toFixed(0),
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      r.p99.toFixed(2),
    ]),
  ], "");
  console.log("\nRatios of requests per CPU second (client and server share the process, so both sides carry the same client cost):");
  const stored = byName.get("bare, storing a case");
  for (const r of results.filter((x) => x !== bare && x !== stored)) {
    const q = ratio(r.throughput, bare.throughput);
    console.log(`${r.name} / bare: ${formatRatio(q)} (aim: at least ${(AIM_PERCENT / 100).toFixed(2)}×) — ${q.pairMedian * 100 >= AIM_PERCENT ? "meets the aim" : "misses the aim"}`);
  }
  const logged = byName.get("tracker, production log");
  const quiet = byName.get("tracker");
  if (logged && quiet) console.log(`tracker, production log / tracker: ${formatRatio(ratio(logged.throughput, quiet.throughput))}`);
  // Where the gap is: the storage a case needs (lists, search, audit), and the tracker's own request work on top of it.
  if (stored) {
    console.log(`bare, storing a case / bare: ${formatRatio(ratio(stored.throughput, bare.throughput))} (the storage a case needs, with nothing else)`);
    if (quiet) console.log(`tracker / bare, storing a case: ${formatRatio(ratio(quiet.throughput, stored.throughput))} (the tracker's own request work)`);
  }
  const wall = (r: TargetResult) => ({ name: r.name, samples: r.wallPerSecond, median: median(r.wallPerSecond), min: Math.min(...r.wallPerSecond), max: Math.max(...r.wallPerSecond) });
  if (quiet) console.log(`wall clock, tracker / bare: ${formatRatio(ratio(wall(quiet), wall(bare)))}`);

  console.log("\nSQLite files after the run:");
  for (const r of results) console.log(`  ${r.name}: ${r.files.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(0)} KiB`).join(", ")}`);

  const failed = results.filter((r) => r.failures + r.warmupFailures > 0);
  for (const r of failed) console.error(`\n${r.name}: ${r.failures} measured and ${r.warmupFailures} warm-up requests failed; first: ${r.firstFailure}`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}
