/**
 * What the benchmarks share: a measurement runs in a process of its own (so its peak memory is
 * its own) and reports one JSON line; figures are medians.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";

/** Runs `bench/<script>` with its arguments under tsx and returns the last line it printed, parsed. */
export function runWorker(script: string, args: string[]): Record<string, unknown> {
  const run = spawnSync(process.execPath, ["--max-old-space-size=4096", join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(PROJECT_ROOT, "bench", script), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

/** The middle value (the upper of the two middle ones for an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
