/**
 * Browser tests drive the real tracker (real HTTP, real SQLite file, the built app) in
 * Debian's Chromium through playwright-core. Every page is checked for console errors and
 * CSP violations; axe-core checks WCAG 2.2 A and AA; screenshots are saved for reviewers.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { startTracker, TEST_RATE_LIMITS, type StartOptions, type Tracker } from "../server/harness.ts";

export const SCREENSHOTS = join(PROJECT_ROOT, "test/output/screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface WebTracker {
  tracker: Tracker;
  baseUrl: string;
  browser: Browser;
  /** Console errors, page errors and CSP violations seen by any page, with the page's URL. */
  problems: string[];
  /** Signs in through the sign-in page; every page later opened in the context is watched too. */
  newUser(username: string): Promise<{ context: BrowserContext; page: Page }>;
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
  const tracker = await startTracker(options);
  // The API-only app from startTracker is replaced by one that also serves the built renderer.
  await tracker.app.close();
  const app = await buildApp(tracker.context, { webDist: RENDERER_DIST, rateLimits: { ...TEST_RATE_LIMITS, ...options.rateLimits } });
  const baseUrl = await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
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
    async newUser(username) {
      const { context, page } = await newVisitor();
      await page.goto("/sign-in");
      await page.locator(`input[name="username"][value="${username}"]`).check();
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
      return { context, page };
    },
    async close() {
      await browser.close();
      await app.close();
      await tracker.destroy();
    },
  };
}

/** WCAG 2.2 A and AA violations on the current page (or the part `within` selects), as readable lines (empty when none). */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  const results = await (within ? builder.include(within) : builder).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Saves desktop and mobile screenshots of the current page under test/output/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-mobile.png`), fullPage: true });
  await page.setViewportSize(size);
}
