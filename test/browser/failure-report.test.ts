/**
 * A failed browser test prints what its open pages showed (test/browser/setup.ts and
 * failure-report.ts), in a real run of Vitest on a fixture whose one test fails on purpose.
 */
import { expect, it } from "vitest";
import { runVitestFixture } from "../vitest-fixture.ts";

it("prints each open page's address, heading, focus and recent events when a test fails", () => {
  const run = runVitestFixture("test/browser/fixtures/failure-report/vitest.config.ts");
  expect(run.status, run.stdout + run.stderr).toBe(1);
  const output = run.stdout + run.stderr;
  const start = output.indexOf('What the open pages showed when "fails with a page open" failed:');
  expect(start, output).toBeGreaterThanOrEqual(0);
  const report = output.slice(start).split("\n");
  expect(report.slice(1, 5)).toEqual([
    "Page 1 of 1:",
    "  address: /c/s-crt/new?step=check",
    '  h1: "Add a case"',
    '  focus: input#root_steis_or_local_id ""',
  ]);
  const events = report.slice(6, 9).map((line) => line.replace(/^ {4}\d\d:\d\d:\d\d\.\d{3} /, ""));
  expect(report[5]).toBe("  recent events:");
  expect(events).toEqual(["at /start", "at /c/s-crt/new?step=check", "POST /api/cases → 422"]);
}, 60_000);
