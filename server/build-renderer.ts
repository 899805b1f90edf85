/**
 * `npm start` serves the built renderer, building it first when it is missing or older than
 * its sources. Vite runs in-process; nothing is built on a request.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";

export const RENDERER_DIR = join(PROJECT_ROOT, "renderer");
export const RENDERER_DIST = join(RENDERER_DIR, "dist");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), stat.mtimeMs);
}

export function rendererIsStale(): boolean {
  const index = join(RENDERER_DIST, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  // The web app's own sources and everything browser-safe it imports (see test/boundaries.test.ts).
  const sources = [join(RENDERER_DIR, "src"), join(RENDERER_DIR, "index.html"), join(RENDERER_DIR, "preview.html"), join(PROJECT_ROOT, "preview/state.ts"), join(RENDERER_DIR, "vite.config.ts"), join(PROJECT_ROOT, "engine/runtime"), join(PROJECT_ROOT, "engine/compile/compiled-form.ts"), join(PROJECT_ROOT, "engine/language"), join(PROJECT_ROOT, "api")];
  return sources.some((s) => existsSync(s) && newestMtime(s) > built);
}

export async function buildRenderer(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !rendererIsStale()) return false;
  const { build } = await import("vite");
  await build({ configFile: join(RENDERER_DIR, "vite.config.ts"), logLevel: "warn" });
  return true;
}
