/**
 * Browser tests drive the real tracker (real HTTP, real SQLite file, the built app) in
 * Debian's Chromium through playwright-core. Every page is checked for console errors and
 * CSP violations; axe-core checks WCAG 2.2 A and AA; screenshots are saved for reviewers.
 */
import type { AxeResults, RunOptions } from "axe-core";
import { appendFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";
import { expect } from "vitest";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { startTracker, TEST_RATE_LIMITS, type StartOptions, type Tracker } from "../server/harness.ts";
import { recordPage, reportOn } from "./failure-report.ts";

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
/** A new page's viewport: the desktop width the pages are checked at. */
const VIEWPORT = { width: 1280, height: 900 };

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
  /**
   * One page per user for the whole file, opened at `path`: signed in (by newUser) the first
   * time it is asked for, then only sent to `path` (a new load of the app, so a test starts
   * from the address, not from where the last one left off). For tests that need no browser
   * of their own; a test that closes it gets a new one next time. Each time it is at 1,280 by 900
   * pixels, on screen (no media emulated), as a new page is. Closed with the tracker.
   */
  sharedUser(username: string, path?: string): Promise<Page>;
  /** A new browser context (nobody signed in) with one blank page; its pages are watched. */
  newVisitor(): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * A new browser context signed in as `username` (as newUser signs in) with no page open and
   * the app not loaded: for calls to the API in that user's session (context.request), such as
   * adding the cases a test starts from, or for pages opened in it later (watched, as newUser's
   * are). The caller closes it.
   */
  newApiUser(username: string): Promise<BrowserContext>;
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
  reportOn(browser);
  const problems: string[] = [];
  const watch = (page: Page) => {
    recordPage(page);
    page.on("console", (msg) => {
      // The browser logs every 4xx answer; the app handles those (a 401 before sign-in, a 422
      // it shows on the form, a 412 conflict). Anything else, CSP violations included, counts.
      if (msg.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
        problems.push(`${page.url()}: console error: ${msg.text()}`);
      }
    });
    page.on("pageerror", (err) => problems.push(`${page.url()}: page error: ${err.message}`));
  };
  /** A new context whose pages (none yet) are all watched. */
  const newContext = async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
    // Chromium logs CSP violations as console errors; report them explicitly as well, in case
    // a violation is ever only an event (report-only policies, future browser versions).
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
      });
    });
    // Every page of the context (a second tab too) is watched.
    context.on("page", watch);
    return context;
  };
  const newVisitor = async () => {
    const context = await newContext();
    const page = await context.newPage();
    return { context, page };
  };
  const signIn = async (context: BrowserContext, username: string) => {
    const res = await context.request.post("/auth/dev-login", { data: { username } });
    if (res.status() !== 200) throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`);
  };
  const newUser = (username: string, path = "/") =>
    timed("sign in", async () => {
      const { context, page } = await newVisitor();
      await signIn(context, username);
      await page.goto(path);
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
      return { context, page };
    });
  const shared = new Map<string, Page>();
  return {
    tracker,
    baseUrl,
    browser,
    problems,
    newVisitor,
    newUser,
    async newApiUser(username) {
      const context = await newContext();
      await signIn(context, username);
      return context;
    },
    async sharedUser(username, path = "/") {
      const held = shared.get(username);
      if (held && !held.isClosed()) {
        // As a new page would be (a test before, or a failed try of this one, may have changed them).
        await held.setViewportSize(VIEWPORT);
        await held.emulateMedia({ media: null });
        await held.goto(path);
        return held;
      }
      const { page } = await newUser(username, path);
      shared.set(username, page);
      return page;
    },
    async close() {
      writeTimes();
      await browser.close();
      await app.close();
      await tracker.destroy();
    },
  };
}

/**
 * axe-core as @axe-core/playwright injects it (its own copy of axe-core, so the same version
 * and rules), read once per file.
 */
const AXE_SOURCE = (createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright"))("axe-core") as { source: string }).source;
/** What the checks ask of axe: WCAG 2.2 A and AA rules; only violations are read, so only they are collected in full. */
const AXE_OPTIONS: RunOptions = { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } };

/**
 * Puts axe into each frame of the page that does not have it yet, configured as
 * @axe-core/playwright's legacy mode configures it. AxeBuilder.analyze() evaluated its 1.3 MB
 * source twice in every frame on every call (injected, then injected again to run), which cost
 * more than the checks: axe stays in a page until it loads another document, so here it is
 * injected once per document. As AxeBuilder does, a frame other than the page's own that cannot
 * take it is left out; the page's own must. axeViolations injects it when needed: a test calls
 * this itself only to have axe ready before a moment that leaves little time to check.
 */
export async function injectAxe(page: Page): Promise<void> {
  const inject = async (frame: Frame) => {
    if (await frame.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function")) return;
    await frame.evaluate(AXE_SOURCE);
    await frame.evaluate(`;axe.configure({ allowedOrigins: ["<same_origin>"], branding: { application: "playwright" } })`);
  };
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) await inject(frame);
    else await inject(frame).catch(() => undefined);
  }
}

/**
 * Waits for the page to draw two more frames: a resize's consequences run in the first (the
 * header's ResizeObserver re-fits its links, and React renders them by the next), so axe does
 * not judge the page half-way between two widths (run at once, it found the 375-pixel header's
 * links on the wrong background about one time in four). AxeBuilder gave the page this time by
 * injecting its source twice first. Where frames do not come (Playwright's fake clock holds back
 * requestAnimationFrame in a page that has paused it), half a second is waited instead.
 */
async function settled(page: Page): Promise<void> {
  const frames = page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, 500)));
  await Promise.race([frames.catch(() => undefined), cap]);
  clearTimeout(timer);
}

/** WCAG 2.2 A and AA violations on the current page (or the part `within` selects), as readable lines (empty when none). */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  // axe.run in the page itself, as AxeBuilder's legacy mode runs it (the page's frames are all
  // of the same origin); its default runs it in parts and finishes in a new blank page, which
  // took twice as long.
  const results = await timed("axe", async () => {
    await injectAxe(page);
    await settled(page);
    const answer = await page.evaluate(
      ({ context, options }) =>
        (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe
          .run(context, options)
          .then((results) => ({ error: null, results }))
          .catch((err: Error) => ({ error: err.message, results: null })),
      { context: { include: within ? [within] : [], exclude: [] }, options: AXE_OPTIONS },
    );
    if (answer.error !== null || !answer.results) throw new Error(`axe: ${answer.error}`);
    return answer.results;
  });
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * Whether screenshots are saved: for people reading a run, so not in CI, whose clone nobody
 * opens afterwards (about 35 s of the browser run); SCRT_SCREENSHOTS=1 saves them anyway.
 * Nothing is checked against them: the checks at both widths are axe's and the tests' own.
 */
const SAVE_SCREENSHOTS = process.env.SCRT_SCREENSHOTS === "1" || (process.env.SCRT_SCREENSHOTS !== "0" && !process.env.CI);

/** Saves desktop and mobile screenshots of the current page under test/output/screenshots. */
export function screenshots(page: Page, name: string): Promise<void> {
  if (!SAVE_SCREENSHOTS) return Promise.resolve();
  return timed("screenshots", async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const size = page.viewportSize() ?? { width: 1280, height: 900 };
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-mobile.png`), fullPage: true });
    await page.setViewportSize(size);
  });
}
