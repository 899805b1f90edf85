/**
 * How long the add and edit pages take to show their first question when opened by their address:
 * `npm run bench -- --only first-paint [--runs N]`, or `tsx bench/editor-first-paint.ts --runs N`.
 *
 * The real tracker serves the built renderer (run `npm run build` first) twice from one
 * database: as it is (the page carries the user, the collections and preload hints), and with
 * the page's bootstrap turned off (`pageBootstrap: false`), which is how the page was served
 * before issue 12: the page, /auth/me, the editor's code, /api/collections, the compiled form
 * and the validator one after another. Each run is a fresh browser context (empty cache,
 * signed in through the API first), timed from navigation start to the first question
 * (`#root_status`, else the form's first input) in the DOM and the frame after it painted. The
 * edit page opens one case added through the API beforehand (its record, the user's drafts and
 * its version's form are read before the first render with the bootstrap). Runs are interleaved across both servers and two networks: as it is (loopback), and slowed through
 * the DevTools protocol (150 ms latency, 1.6 Mbps down, 750 kbps up). Prints medians.
 * A measurement, not a test: it never fails because a figure is high.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { buildApp, RENDERER_DIST } from "../server/index.ts";
import { startTracker, TEST_RATE_LIMITS, validCase } from "../test/server/harness.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ADD_PAGE = "/c/s-crt/new";
const PAGES = ["add", "edit"] as const;
type PageKind = (typeof PAGES)[number];
const SLOW_NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

export interface FirstPaintFigures {
  runs: number;
  /** Median milliseconds by page (add or edit), network, then server kind. */
  medians: Record<PageKind, Record<"normal" | "slow", Record<"bootstrap" | "sequential", number>>>;
  /** Whether "Loading…" was ever seen, by page, network and server kind (runs in which it was). */
  loadingSeen: Record<PageKind, Record<"normal" | "slow", Record<"bootstrap" | "sequential", number>>>;
}

/**
 * Runs in the page before its own scripts (a string: this file is compiled without the DOM's
 * types): notes when the first question is in the DOM, then the frame after it is drawn, and
 * whether "Loading…" was ever on the page.
 */
const WATCH_FIRST_QUESTION = `
  const check = () => {
    if (!window.loadingSeen && /Loading…/.test(document.body?.textContent ?? "")) window.loadingSeen = true;
    if (window.firstQuestionAt === undefined && document.querySelector("#root_status, form input, form select, form textarea")) {
      window.firstQuestionAt = -1;
      requestAnimationFrame(() => setTimeout(() => (window.firstQuestionAt = performance.now()), 0));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
`;

/** What WATCH_FIRST_QUESTION leaves on the page's window. */
interface Watched {
  firstQuestionAt?: number;
  loadingSeen?: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds from navigation start to the first question painted, and whether "Loading…" showed on the way. */
async function oneRun(browser: Browser, baseUrl: string, path: string, slow: boolean): Promise<{ ms: number; loading: boolean }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  try {
    const signIn = await context.request.post("/auth/dev-login", { data: { username: "icb.lsc" } });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
    await context.addInitScript({ content: WATCH_FIRST_QUESTION });
    const page = await context.newPage();
    if (slow) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK);
    }
    await page.goto(path, { waitUntil: "commit" });
    // Functions, not strings: the page's CSP forbids evaluating strings.
    await page.waitForFunction(() => ((globalThis as unknown as Watched).firstQuestionAt ?? -1) > 0, undefined, { timeout: 60_000 });
    return page.evaluate(() => {
      const watched = globalThis as unknown as Watched;
      return { ms: watched.firstQuestionAt ?? -1, loading: watched.loadingSeen === true };
    });
  } finally {
    await context.close();
  }
}

export async function benchEditorFirstPaint(runs: number): Promise<FirstPaintFigures> {
  if (!existsSync(join(RENDERER_DIST, "index.html"))) throw new Error("No built renderer in renderer/dist: run npm run build first");
  const tracker = await startTracker({ today: "2026-11-21" });
  await tracker.app.close();
  const servers = {
    bootstrap: await buildApp(tracker.context, { webDist: RENDERER_DIST, rateLimits: TEST_RATE_LIMITS }),
    sequential: await buildApp(tracker.context, { webDist: RENDERER_DIST, rateLimits: TEST_RATE_LIMITS, pageBootstrap: false }),
  };
  const urls = {
    bootstrap: await servers.bootstrap.listen({ port: 0, host: "127.0.0.1" }),
    sequential: await servers.sequential.listen({ port: 0, host: "127.0.0.1" }),
  };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const newTimes = () => ({ normal: { bootstrap: [] as number[], sequential: [] as number[] }, slow: { bootstrap: [] as number[], sequential: [] as number[] } });
  const newSeen = () => ({ normal: { bootstrap: 0, sequential: 0 }, slow: { bootstrap: 0, sequential: 0 } });
  const times = { add: newTimes(), edit: newTimes() };
  const loadingSeen = { add: newSeen(), edit: newSeen() };
  try {
    const paths: Record<PageKind, string> = { add: ADD_PAGE, edit: `/c/s-crt/${await addCase(browser, urls.bootstrap)}/edit` };
    // A warm-up of each server and page (JIT, the compiled form's first serialisation), not counted.
    for (const kind of ["bootstrap", "sequential"] as const) for (const page of PAGES) await oneRun(browser, urls[kind], paths[page], false);
    for (let run = 0; run < runs; run++) {
      for (const page of PAGES) {
        for (const network of ["normal", "slow"] as const) {
          // Alternate which goes first, so neither always runs on a warmer machine.
          const order = run % 2 ? (["sequential", "bootstrap"] as const) : (["bootstrap", "sequential"] as const);
          for (const kind of order) {
            const result = await oneRun(browser, urls[kind], paths[page], network === "slow");
            times[page][network][kind].push(result.ms);
            if (result.loading) loadingSeen[page][network][kind]++;
          }
        }
      }
    }
  } finally {
    await browser.close();
    await servers.bootstrap.close();
    await servers.sequential.close();
    await tracker.destroy();
  }
  const medians = (t: ReturnType<typeof newTimes>) => ({
    normal: { bootstrap: median(t.normal.bootstrap), sequential: median(t.normal.sequential) },
    slow: { bootstrap: median(t.slow.bootstrap), sequential: median(t.slow.sequential) },
  });
  return { runs, medians: { add: medians(times.add), edit: medians(times.edit) }, loadingSeen };
}

/** Adds the case the edit page opens, through the API as icb.lsc; its id. */
async function addCase(browser: Browser, baseUrl: string): Promise<string> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const signIn = await context.request.post("/auth/dev-login", { data: { username: "icb.lsc" } });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const created = await context.request.post("/api/collections/s-crt/records", { data: { data: validCase("BENCH-EDIT-0001") }, headers: { "x-csrf-token": csrfToken } });
    if (created.status() !== 201) throw new Error(`adding the case failed: ${created.status()} ${await created.text()}`);
    return ((await created.json()) as { id: string }).id;
  } finally {
    await context.close();
  }
}

export function printFirstPaint(figures: FirstPaintFigures): void {
  for (const page of PAGES) {
    console.log(`\n${page} page opened by its address: navigation start to first question painted (median of ${figures.runs} fresh-cache runs each, interleaved)`);
    for (const network of ["normal", "slow"] as const) {
      const m = figures.medians[page][network];
      const l = figures.loadingSeen[page][network];
      const label = network === "normal" ? "normal (loopback)      " : "slow (150 ms, 1.6 Mbps)";
      console.log(
        `  ${label}  with bootstrap ${m.bootstrap.toFixed(0).padStart(5)} ms ("Loading…" in ${l.bootstrap}/${figures.runs})   ` +
          `sequential, as before ${m.sequential.toFixed(0).padStart(5)} ms ("Loading…" in ${l.sequential}/${figures.runs})   ${(m.sequential / m.bootstrap).toFixed(2)}× faster`,
      );
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`--runs must be an integer of at least 5, not "${values.runs}"`);
  printFirstPaint(await benchEditorFirstPaint(runs));
}
