/**
 * The reporter that says why a retried test failed first (test/retried-reporter.ts), in a real
 * run of Vitest on a fixture whose first test fails once and then passes.
 */
import { expect, it } from "vitest";
import { runVitestFixture } from "./vitest-fixture.ts";

it("lists a test that passed on its retry with the first try's failure, and no other test", () => {
  const run = runVitestFixture("test/fixtures/retried/vitest.config.ts");
  expect(run.status, run.stderr).toBe(0);
  const report = run.stdout.slice(run.stdout.indexOf("Tests that passed only on a retry"));
  expect(report).toMatch(/^Tests that passed only on a retry \(1\):\nflaky\.fixture\.ts > passes on its second try: passed on try 2; the failure before:\n {2}AssertionError: the first try's own words: expected 1 to be 2/);
  expect(report).toMatch(/flaky\.fixture\.ts:\d+/);
  expect(report).not.toContain("passes at once");
}, 60_000);
