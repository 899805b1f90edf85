/**
 * Says why a test that passed on its retry failed the first time. The browser projects retry a
 * failed test once (vitest.config.ts); the default reporter marks such a test "(retry x1)" but
 * prints nothing of the failure, so a flaky step could only be guessed at from CI's log. Vitest
 * keeps the errors of the tries that failed on the test's result, passed or not: they are
 * printed at the end of the run, one block a test, with the start of each stack.
 */
import type { Reporter, TestCase } from "vitest/node";

/** Lines of each error's stack printed: enough to find the step in the test file. */
const STACK_LINES = 8;
/** Lines of an assertion's diff printed (expected against received). */
const DIFF_LINES = 20;

export default class RetriedReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const diagnostic = test.diagnostic();
    const result = test.result();
    if (!diagnostic?.flaky || result.state !== "passed") return;
    const errors = (result.errors ?? []).map((error) => {
      const stack = (error.stack ?? "").split("\n").slice(1, 1 + STACK_LINES).join("\n");
      const diff = typeof error.diff === "string" ? error.diff.split("\n").slice(0, DIFF_LINES).join("\n") : "";
      return [`  ${error.name ?? "Error"}: ${error.message}`, diff, stack].filter(Boolean).join("\n");
    });
    this.retried.push(`${test.module.relativeModuleId} > ${test.fullName}: passed on try ${diagnostic.retryCount + 1}; the failure before:\n${errors.length ? errors.join("\n") : "  (no error was kept)"}`);
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) return;
    process.stdout.write(`\nTests that passed only on a retry (${this.retried.length}):\n${this.retried.join("\n\n")}\n`);
  }
}
