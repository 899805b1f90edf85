/**
 * Browser tests drive the real tracker (real HTTP, real SQLite file, the built app) in
 * Debian's Chromium through playwright-core. Every page is checked for console errors and
 * CSP violations; axe-core checks WCAG 2.2 A and AA; screenshots are saved for reviewers.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { appendFileSync, mkdirSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { startTracker, TEST_RATE_LIMITS, type StartOptions, type Tracker } from "../server/harness.ts";

/**
 * Where a file's time goes: with SCRT_BROWSER_TIMES=<file>, each file appends one line (its
 * name, then count and milliseconds of each kind of step) when its tracker closes. For finding
 * waste in the suite; nothing is timed against a target here (that is bench/'s job).
 */
const TIMES_FILE = process.env.SCRT_BROWSER_TIMES;
const times: Record<string, { count: number; ms: number }> = {};
async function timed<T>(kind: string, step: () => Promise<T>): Promise<T> {
  if (!TIMES_FILE) return step();
  const start = performance.now();
  try {
    return await step();
  } finally {
    const entry = (times[kind] ??= { count: 0, ms: 0 });
    entry.count++;
    entry.ms += performance.now() - start;
  }
}
function writeTimes(): void {
  if (!TIMES_FILE) return;
  const file = (expect.getState().testPath ?? "?").split("/").pop();
  const steps = Object.entries(times).map(([kind, t]) => `${kind} ${t.count}× ${Math.round(t.ms)} ms`);
  appendFileSync(TIMES_FILE, `${file}: ${steps.join(", ")}\n`);
}

export const SCREENSHOTS = join(PROJECT_ROOT, "test/output/screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface WebTracker {
  tracker: Tracker;
  baseUrl: string;
  browser: Browser;
  /** Console errors, page errors and CSP violations seen by any page, with the page's URL. */
  problems: string[];
  /**
   * Signs in as the sign-in page does (its API call, in the context's cookie jar) and opens the
   * home page, where the sign-in page would have gone, or the page at `path` (one load of the
   * app, not two, for a test that starts elsewhere); every page later opened in the context
   * is watched too. The sign-in page itself is tested in accessibility.test.ts and drafts.test.ts.
   */
  newUser(username: string, path?: string): Promise<{ context: BrowserContext; page: Page }>;
  /** A new browser context (nobody signed in) with one blank page; its pages are watched. */
  newVisitor(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A loopback port nobody is listening on now (for a tracker whose address must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startWebTracker(options: StartOptions & { port?: number } = {}): Promise<WebTracker> {
  const tracker = await timed("start tracker", () => startTracker(options));
  // The API-only app from startTracker is replaced by one that also serves the built renderer.
  await tracker.app.close();
  const app = await buildApp(tracker.context, { webDist: RENDERER_DIST, rateLimits: { ...TEST_RATE_LIMITS, ...options.rateLimits } });
  const baseUrl = await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const browser = await timed("start Chromium", () => chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  }));
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (msg) => {
      // The browser logs every 4xx answer; the app handles those (a 401 before sign-in, a 422
      // it shows on the form, a 412 conflict). Anything else, CSP violations included, counts.
      if (msg.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
        problems.push(`${page.url()}: console error: ${msg.text()}`);
      }
    });
    page.on("pageerror", (err) => problems.push(`${page.url()}: page error: ${err.message}`));
  };
  const newVisitor = async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
    // Chromium logs CSP violations as console errors; report them explicitly as well, in case
    // a violation is ever only an event (report-only policies, future browser versions).
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    // Every page of the context (a second tab too) is watched.
    context.on("page", watch);
    const page = await context.newPage();
    return { context, page };
  };
  return {
    tracker,
    baseUrl,
    browser,
    problems,
    newVisitor,
    newUser: (username, path = "/") =>
      timed("sign in", async () => {
        const { context, page } = await newVisitor();
        const res = await context.request.post("/auth/dev-login", { data: { username } });
        if (res.status() !== 200) throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`);
        await page.goto(path);
        await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
        return { context, page };
      }),
    async close() {
      writeTimes();
      await browser.close();
      await app.close();
      await tracker.destroy();
    },
  };
}

/** WCAG 2.2 A and AA violations on the current page (or the part `within` selects), as readable lines (empty when none). */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  // Legacy mode runs axe.run in the page itself (its frames are all of the same origin); the
  // default runs it in parts and finishes in a new blank page, which took twice as long.
  // Only violations are read, so only they are collected in full. options() comes before
  // withTags(), which adds to the options that options() would replace.
  const builder = new AxeBuilder({ page })
    .options({ resultTypes: ["violations"] })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .setLegacyMode();
  const results = await timed("axe", () => (within ? builder.include(within) : builder).analyze());
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Saves desktop and mobile screenshots of the current page under test/output/screenshots. */
export function screenshots(page: Page, name: string): Promise<void> {
  return timed("screenshots", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const size = page.viewportSize() ?? { width: 1280, height: 900 };
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-mobile.png`), fullPage: true });
    await page.setViewportSize(size);
  });
}
