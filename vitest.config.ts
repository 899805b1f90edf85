import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
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
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Builds the web app once (if stale) before any test serves it.
    globalSetup: ["test/global-setup.ts"],
  },
});
