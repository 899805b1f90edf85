import { defineConfig } from "vitest/config";

/**
 * Tests without a browser: a worker keeps the modules it has imported from one file to the next
 * (importing the engine, the server and their libraries again for every file was a third of the
 * project's CPU time). Each file still starts its own trackers, stores and temporary folders, and
 * leaves process.env and timers as it found them. Browser files keep a fresh process each: run
 * in one process, the browser project grew slower file by file (494, 564, then 615 s).
 */
const SHARED_MODULES = { isolate: false };

/** Tests that drive Chromium: two files at a time (see test/run-all.sh), except FIRST_PAINT. */
const BROWSER = ["test/browser/**/*.test.ts"];
/**
 * Browser tests that judge what a person sees while a page loads (no "Loading…" step, what is
 * fetched before the first render): another file's load would change what they see, so they
 * run alone, as project browser-alone.
 */
const FIRST_PAINT = ["test/browser/frame.test.ts"];

/**
 * expect.poll in a browser test waits on what the page does next (focus moving after a
 * navigation, a status appearing), as Playwright's own waits do. Vitest's default of 1 s was
 * too short on a loaded CI machine: a focus check after a navigation missed it, and the retry of
 * that journey could not pass, because its first attempt had already saved the case. A poll that
 * passes returns at once, so a longer limit costs nothing then.
 */
const BROWSER_EXPECT = { poll: { timeout: 10_000 } };
const BROWSER_SETUP = "test/browser/setup.ts";

/**
 * The server suite and the API fuzzer again with every tracker on PostgreSQL (test/server/harness.ts), except
 * files about the embedded SQLite file itself: the npm start quick start, read workers, the
 * data commands and backups that run on it. two-instances runs on PostgreSQL in the fast
 * project already.
 */
const SERVER = ["test/server/**/*.test.ts", "test/fuzz/**/*.test.ts"];
const SQLITE_ONLY = ["test/server/start.test.ts", "test/server/slow-read.test.ts", "test/server/data-command-live.test.ts", "test/server/restore-lock.test.ts", "test/server/two-instances.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Builds the web app once (if stale) before any test serves it.
    globalSetup: ["test/global-setup.ts"],
    // A test that passed on its retry is listed at the end with why its first try failed.
    reporters: ["default", "./test/retried-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          ...SHARED_MODULES,
          include: [
            "engine/**/*.test.ts",
            "organisations/**/*.test.ts",
            "cli/**/*.test.ts",
            "ops/**/*.test.ts",
            "storage/**/*.test.ts",
            "server/**/*.test.ts",
            "renderer/**/*.test.ts",
            "test/**/*.test.ts",
            "examples/**/*.test.ts",
          ],
          exclude: [...BROWSER, "**/node_modules/**"],
        },
      },
      { extends: true, test: { name: "postgres", ...SHARED_MODULES, include: SERVER, exclude: [...SQLITE_ONLY, "**/node_modules/**"], env: { SCRT_TEST_STORE: "postgres" }, setupFiles: ["test/server/pg-setup.ts"] } },
      // A browser test that fails is run once more before it counts (as Playwright's own runner
      // does in CI): two Chromiums and two trackers on two cores now and then miss a step that
      // passes on every rerun. The reporter marks a test that needed its retry.
      // A failed browser test prints what its open pages showed (test/browser/setup.ts).
      { extends: true, test: { name: "browser", include: BROWSER, exclude: [...FIRST_PAINT, "**/node_modules/**"], retry: 1, expect: BROWSER_EXPECT, setupFiles: [BROWSER_SETUP] } },
      { extends: true, test: { name: "browser-alone", include: FIRST_PAINT, retry: 1, expect: BROWSER_EXPECT, setupFiles: [BROWSER_SETUP] } },
    ],
  },
});
