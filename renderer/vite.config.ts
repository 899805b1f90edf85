/**
 * Builds the renderer into renderer/dist, served by the Fastify server. No inline scripts or
 * styles end up in the page, so the server's strict Content-Security-Policy holds.
 */
import react from "@vitejs/plugin-react";
import { cpSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLogger, defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const nhsukImages = fileURLToPath(new URL("../node_modules/nhsuk-frontend/dist/nhsuk/assets/images", import.meta.url));

/** nhsuk-frontend's CSS refers to /assets/images/...: copy its images there as they are. */
function nhsukImagesPlugin(): Plugin {
  return {
    name: "nhsuk-images",
    apply: "build",
    closeBundle() {
      cpSync(nhsukImages, fileURLToPath(new URL("./dist/assets/images", import.meta.url)), { recursive: true });
    },
  };
}

/**
 * nhsuk-frontend's CSS loads the Frutiger web font from assets.nhs.uk. The tracker's CSP
 * allows fonts from its own origin only, and the font is licensed for NHS websites, not
 * bundled: drop those @font-face rules so pages use the design system's fallback (Arial).
 */
const stripRemoteFonts = {
  postcssPlugin: "strip-remote-fonts",
  AtRule: {
    "font-face": (rule: { toString(): string; remove(): void }) => {
      if (/url\(\s*["']?https?:/.test(rule.toString())) rule.remove();
    },
  },
};

// Those CSS urls are resolved at run time by design; do not warn about each one.
const logger = createLogger();
const warn = logger.warn.bind(logger);
const warnOnce = logger.warnOnce.bind(logger);
const expected = (message: string) => message.includes("didn't resolve at build time");
logger.warn = (message, options) => (expected(message) ? undefined : warn(message, options));
logger.warnOnce = (message, options) => (expected(message) ? undefined : warnOnce(message, options));

export default defineConfig({
  root,
  base: "/",
  customLogger: logger,
  plugins: [react(), nhsukImagesPlugin()],
  publicDir: false,
  css: { postcss: { plugins: [stripRemoteFonts] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Inline <script> and data: modules would break the CSP.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    // The server reads it to name the editor's chunks in the add and edit pages' preload hints.
    manifest: true,
    target: "es2022",
    // The tracker's page, and the standards team's preview page (served only by `scrt forms preview`).
    rolldownOptions: { input: { index: fileURLToPath(new URL("./index.html", import.meta.url)), preview: fileURLToPath(new URL("./preview.html", import.meta.url)) } },
    // nhsuk-frontend ships minified CSS already, and the CSS minifier cannot parse all of it.
    cssMinify: false,
  },
  logLevel: "warn",
});
