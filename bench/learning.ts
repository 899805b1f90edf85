/**
 * The learning library at scale: N v2.0 records (default 1,000,000) seeded once with their
 * texts, then ~200 searches a round (common, middling and rare words, two words, phrases, with
 * and without filters; as a national user and as one ICB's editor) through the real server,
 * `rounds` rounds after a warm-up; the medians over rounds of each round's p50 and p95.
 * Aim (issue 10): a search under 100 ms.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, runWorker } from "./worker-process.ts";

interface Round {
  round: number;
  user: string;
  p50: number;
  p95: number;
  max: number;
  slowest: string;
}

const worker = (args: string[]) => runWorker("learning-worker.ts", args);

export function benchLearning(records: number, rounds: number): void {
  const dir = mkdtempSync(join(tmpdir(), "scrt-bench-learning-"));
  try {
    const seeded = worker(["seed", dir, String(records)]);
    const mib = statSync(join(dir, "tracker.sqlite")).size / 1024 / 1024;
    console.log(`\nlearning library: ${records} v2.0 records seeded with their texts in ${Number(seeded.seconds).toFixed(1)} s (database ${mib.toFixed(0)} MiB)`);
    const run = worker(["search", dir, String(rounds)]) as { searches: number; results: Round[] };
    console.log(`  ${run.searches} searches per user per round through the real server, ${rounds} rounds after a warm-up; medians over the rounds:`);
    for (const user of ["national", "icb"]) {
      const mine = run.results.filter((r) => r.user === user);
      const slowest = mine.reduce((a, b) => (b.max > a.max ? b : a));
      console.log(
        `  ${user.padEnd(8)} p50 ${median(mine.map((r) => r.p50)).toFixed(1)} ms, p95 ${median(mine.map((r) => r.p95)).toFixed(1)} ms (p95 per round ${mine.map((r) => r.p95.toFixed(0)).join(", ")}; slowest ${slowest.max.toFixed(0)} ms: ${decodeURIComponent(slowest.slowest)})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
