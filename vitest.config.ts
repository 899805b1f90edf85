import { defineConfig } from "vitest/config";

/** Tests that drive Chromium: two files at a time (see test/run-all.sh), except FIRST_PAINT. */
const BROWSER = ["test/browser/**/*.test.ts"];
/**
 * Browser tests that judge what a person sees while a page loads (no "Loading…" step, what is
 * fetched before the first render): another file's load would change what they see, so they
 * run alone, as project browser-alone.
 */
const FIRST_PAINT = ["test/browser/frame.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Builds the web app once (if stale) before any test serves it.
    globalSetup: ["test/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
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
      { extends: true, test: { name: "browser", include: BROWSER, exclude: [...FIRST_PAINT, "**/node_modules/**"] } },
      { extends: true, test: { name: "browser-alone", include: FIRST_PAINT } },
    ],
  },
});
