/**
 * `npm start` serves the built renderer, building it first when it is missing or older than
 * its sources. Vite runs in-process; nothing is built on a request.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";

export const RENDERER_DIR = join(PROJECT_ROOT, "renderer");
export const RENDERER_DIST = join(RENDERER_DIR, "dist");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), stat.mtimeMs);
}

/** What a build says of itself: a build from before it said so may be a development build. */
const BUILD_NOTE = join(RENDERER_DIST, "build.json");

function builtForProduction(): boolean {
  try {
    return (JSON.parse(readFileSync(BUILD_NOTE, "utf8")) as { nodeEnv?: unknown }).nodeEnv === "production";
  } catch {
    return false;
  }
}

export function rendererIsStale(): boolean {
  const index = join(RENDERER_DIST, "index.html");
  if (!existsSync(index) || !builtForProduction()) return true;
  const built = statSync(index).mtimeMs;
  // The web app's own sources and everything browser-safe it imports (see test/boundaries.test.ts).
  const sources = [join(RENDERER_DIR, "src"), join(RENDERER_DIR, "index.html"), join(RENDERER_DIR, "preview.html"), join(PROJECT_ROOT, "preview/state.ts"), join(RENDERER_DIR, "vite.config.ts"), join(PROJECT_ROOT, "engine/runtime"), join(PROJECT_ROOT, "engine/compile/compiled-form.ts"), join(PROJECT_ROOT, "engine/language"), join(PROJECT_ROOT, "api")];
  return sources.some((s) => existsSync(s) && newestMtime(s) > built);
}

export async function buildRenderer(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !rendererIsStale()) return false;
  const { build } = await import("vite");
  // Always React's production build, whoever builds it. Vite takes NODE_ENV from the
  // environment: under the test runner it is "test", which built React's development version
  // (StrictMode's second run of every effect, development warnings), and `npm start` then served
  // that build as it was not stale.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: join(RENDERER_DIR, "vite.config.ts"), logLevel: "warn" });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(BUILD_NOTE, `${JSON.stringify({ nodeEnv: "production" })}\n`);
  return true;
}
