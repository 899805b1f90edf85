/** Runs Vitest on a fixture's own config, as a test of the suite's own machinery needs (reporters, setup files). */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

/** One run of Vitest with the config at `config` (relative to the project's root), without colours; its output as text. */
export function runVitestFixture(config: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", join(ROOT, config)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    timeout: 60_000,
  });
}
