/**
 * For every browser test: when it fails, what the open pages showed and did just before
 * (test/browser/failure-report.ts), printed with the test's name on standard error.
 */
import { beforeEach } from "vitest";
import { describeOpenPages } from "./failure-report.ts";

beforeEach(({ onTestFailed }) => {
  onTestFailed(async ({ task }) => {
    const report = await describeOpenPages();
    if (report) console.error(`What the open pages showed when "${task.name}" failed:\n${report}`);
  });
});
