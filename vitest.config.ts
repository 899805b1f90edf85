import { defineConfig } from "vitest/config";

/** Tests that drive Chromium: they run one file at a time (see test/run-all.sh). */
const BROWSER = ["test/browser/**/*.test.ts"];

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
      { extends: true, test: { name: "browser", include: BROWSER } },
    ],
  },
});
