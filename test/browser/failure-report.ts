/**
 * What the open pages showed when a browser test failed. A step that times out says only what
 * it waited for ("waiting for the heading Cases"), not what the page showed instead: a refusal
 * from the server, a question about unsaved answers, focus somewhere else. Each watched page
 * keeps its last few events (its addresses, the API's answers, errors), and a failed test
 * prints them with each page's state at that moment (test/browser/setup.ts), so a failure seen
 * once in CI can be diagnosed from its log.
 */
import type { Browser, Page } from "playwright-core";

/** Events kept a page: enough to see the steps before a failure, short enough to read. */
const RECENT_MOST = 30;
/** How long a page may take to say what it shows: a page that hangs must not hang the report. */
const STATE_WAIT_MS = 2_000;

const recent = new WeakMap<Page, string[]>();
const browsers = new Set<Browser>();

function note(page: Page, line: string): void {
  let lines = recent.get(page);
  if (!lines) recent.set(page, (lines = []));
  lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  if (lines.length > RECENT_MOST) lines.shift();
}

/** Where a URL points within the tracker: its path and query, as the app's own addresses are written. */
function local(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** Keeps the page's recent events: its addresses, the answers to its own calls (not its files), errors. */
export function recordPage(page: Page): void {
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) note(page, `at ${local(frame.url())}`);
  });
  page.on("response", (response) => {
    const request = response.request();
    if (request.resourceType() === "fetch" || request.resourceType() === "xhr") note(page, `${request.method()} ${local(response.url())} → ${response.status()}`);
  });
  page.on("requestfailed", (request) => note(page, `${request.method()} ${local(request.url())} failed: ${request.failure()?.errorText ?? "?"}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") note(page, `console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => note(page, `page error: ${error.message}`));
}

/** A browser whose pages the report covers, until it closes. */
export function reportOn(browser: Browser): void {
  browsers.add(browser);
  browser.on("disconnected", () => browsers.delete(browser));
}

interface PageState {
  address: string;
  headings: string[];
  focused: string;
  errorSummary: string | null;
}

async function stateOf(page: Page): Promise<PageState | string> {
  const state = page.evaluate((): PageState => {
    const active = document.activeElement;
    const text = (element: Element | null | undefined) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();
    const focused = active && active !== document.body ? `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ""} "${text(active).slice(0, 60)}"` : "the page itself";
    const summary = document.querySelector("#error-summary");
    return {
      address: `${location.pathname}${location.search}`,
      headings: [...document.querySelectorAll("h1")].map((h) => text(h)),
      focused,
      errorSummary: summary ? text(summary).slice(0, 300) : null,
    };
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`did not answer within ${STATE_WAIT_MS} ms`), STATE_WAIT_MS)));
  try {
    return await Promise.race([state, late]);
  } catch (error) {
    return `could not be read: ${(error as Error).message.split("\n")[0]}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Each open page: what it shows now, then its recent events, oldest first. Empty when no page is open. */
export async function describeOpenPages(): Promise<string> {
  const pages = [...browsers].flatMap((browser) => browser.contexts().flatMap((context) => context.pages()));
  const parts: string[] = [];
  for (const [i, page] of pages.entries()) {
    const state = await stateOf(page);
    const lines = [`Page ${i + 1} of ${pages.length}:`];
    if (typeof state === "string") lines.push(`  its state ${state}`);
    else {
      lines.push(`  address: ${state.address}`);
      lines.push(`  h1: ${state.headings.length > 0 ? state.headings.map((h) => JSON.stringify(h)).join(", ") : "none"}`);
      lines.push(`  focus: ${state.focused}`);
      if (state.errorSummary !== null) lines.push(`  error summary: ${state.errorSummary}`);
    }
    const events = recent.get(page) ?? [];
    lines.push(events.length > 0 ? "  recent events:" : "  no events recorded");
    for (const event of events) lines.push(`    ${event}`);
    parts.push(lines.join("\n"));
  }
  return parts.join("\n");
}
