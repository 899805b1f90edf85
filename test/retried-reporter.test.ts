/**
 * The reporter that says why a retried test failed first (test/retried-reporter.ts), in a real
 * run of Vitest on a fixture whose first test fails once and then passes.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

it("lists a test that passed on its retry with the first try's failure, and no other test", () => {
  const run = spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", join(ROOT, "test/fixtures/retried/vitest.config.ts")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const report = run.stdout.slice(run.stdout.indexOf("Tests that passed only on a retry"));
  expect(report).toMatch(/^Tests that passed only on a retry \(1\):\nflaky\.fixture\.ts > passes on its second try: passed on try 2; the failure before:\n {2}AssertionError: the first try's own words: expected 1 to be 2/);
  expect(report).toMatch(/flaky\.fixture\.ts:\d+/);
  expect(report).not.toContain("passes at once");
}, 60_000);
