/**
 * The web app as `npm start` serves it is React's production build, even when a test run built
 * it (the runner's NODE_ENV is "test"): test/global-setup.ts built renderer/dist before this
 * file ran, with the same buildRenderer that `npm start` uses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { RENDERER_DIST } from "../server/index.ts";

it("is React's production build, and says so", () => {
  expect(process.env.NODE_ENV).toBe("test");
  const scripts = readdirSync(join(RENDERER_DIST, "assets")).filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(0);
  // Strings only React's development build holds.
  const development = scripts.filter((f) => /Download the React DevTools|react-dom\.development|StrictMode: /.test(readFileSync(join(RENDERER_DIST, "assets", f), "utf8")));
  expect(development).toEqual([]);
  expect(JSON.parse(readFileSync(join(RENDERER_DIST, "build.json"), "utf8"))).toEqual({ nodeEnv: "production" });
});
