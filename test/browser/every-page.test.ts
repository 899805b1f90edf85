/**
 * Every route of the app (renderer/src/pages/App.tsx), and where each of its pages and states
 * is checked by axe at 1,280 and 375 pixels and photographed (test/output/screenshots): here,
 * or in the test file named. A route added to App.tsx without a line here fails the first test.
 * The states no other test covers are walked here, as (who, address, state) rows; a row whose
 * page another file checks already (`axeIn`) is only opened here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { validCase } from "../server/harness.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL } from "./steps.ts";

const SLOW = { timeout: 120_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };

/** Each route of App.tsx, and the tests that check its pages' states with axe at both widths and photograph them. */
const COVERAGE: Record<string, string[]> = {
  "/sign-in": ["accessibility.test.ts (empty, error)", "sign-in-oidc.test.ts (single sign-on, no access)", "drafts.test.ts (signed out with answers kept)"],
  "/signed-out": ["here"],
  "/accessibility": ["frame.test.ts (signed in and out)"],
  "/privacy": ["frame.test.ts (signed in and out)"],
  "/contact": ["frame.test.ts (signed in and out)"],
  "/": ["here (an ICB editor goes to the case list, checked by axe in accessibility.test.ts)"],
  "/c/:collection": [
    "accessibility.test.ts (with cases, empty search, regional)",
    "case-list.test.ts (filters, saved views, national, phone cards)",
    "drafts.test.ts (a case kept for later, Your unsaved cases)",
    "here (an unknown collection, a standards admin)",
  ],
  "/c/:collection/new": [
    "accessibility.test.ts (empty, errors, filled, check answers, no access)",
    "drafts.test.ts (restored, leave question, session ended, continue or discard)",
    "questions.test.ts (questions and errors)",
    "here (closed organisation)",
  ],
  "/c/:collection/owner-queue": ["owner-queue.test.ts", "here (both widths)"],
  "/c/:collection/import": ["import-page.test.ts (form, error, running, report, problems, no access)", "here (a job no longer kept)"],
  "/dashboard": ["here (goes to the collection's dashboard, printed)"],
  "/c/:collection/dashboard": ["dashboard.test.ts (national)", "here (no access, printed)"],
  "/learning": ["accessibility.test.ts (form, results)"],
  "/c/:collection/learning": ["accessibility.test.ts (a collection without one)", "here"],
  "/c/:collection/:id": ["accessibility.test.ts (case, saved banner)", "case-page.test.ts (header facts, closed banner)", "here (printed)"],
  "/c/:collection/:id/edit": [
    "accessibility.test.ts (editor, regional, conflict, carried over)",
    "drafts.test.ts (case changed since, its conflict page)",
    "frame.test.ts (opened by its address)",
    "here (read-only role)",
  ],
  "/c/:collection/:id/history": ["accessibility.test.ts", "here (a case of another ICB)"],
  "/c/:collection/:id/actions/:action": ["case-page.test.ts (errors, problems elsewhere, conflict, regional acceptance)", "here (closing, as opened)"],
  "/c/:collection/actions/:action": ["case-page.test.ts (with cases)", "here (nothing waiting, unknown list)"],
  "/extract": ["accessibility.test.ts (form, error)", "here (no access)"],
  "/extract-log": ["accessibility.test.ts (the log; its no-access page is the users' and the audit trail's, checked here)"],
  "/users": ["users-page.test.ts", "here (no access)"],
  "/users/new": ["users-page.test.ts (form, errors)"],
  "/users/:id": ["users-page.test.ts (change, deactivate)"],
  "/audit": ["audit-page.test.ts", "here (both widths, and no access)"],
  "/standards": ["standards.test.ts (definitions, the engine's dictionary page, another role refused)"],
  "/standards/:collection/diff": ["standards.test.ts (a breaking change no migration covers)"],
  "/standards/:collection/:version/preview": ["standards.test.ts (errors from the draft's rules)"],
  "/standards/:collection/:version/impact": ["standards.test.ts (before and after the count)"],
  "*": ["accessibility.test.ts (page not found, case not found)"],
};

type Who = "visitor" | "icb.lsc" | "icb.lsc.viewer" | "icb.ncl" | "region.nw" | "national" | "standards";

interface State {
  /** The screenshot's name. */
  name: string;
  who: Who;
  /** The address; `{lsc}` and `{nel}` stand for the ids of a case of each ICB. */
  path: string;
  /** The page's heading when it has loaded. */
  heading: string | RegExp;
  /** Where the page must end up, when the address is a redirect. */
  lands?: string;
  /** Checked as printed (print media) as well as on screen. */
  print?: boolean;
  /**
   * Where the page it lands on is checked by axe at both widths in the same state already: the
   * row then checks only that it lands there (no second axe run, no screenshot).
   */
  axeIn?: string;
}

const STATES: State[] = [
  { name: "signed-out", who: "visitor", path: "/signed-out", heading: /signed out/i },
  // The sign-in page saying the answers were kept (/sign-in?reason=answers_kept) is checked at
  // both widths by drafts.test.ts, where an ended session sends the editor there.
  { name: "home-redirect", who: "icb.lsc", path: "/", heading: "Cases", lands: COLLECTION_URL, axeIn: 'accessibility.test.ts, "case list: with cases" (an ICB editor\'s case list)' },
  { name: "case-list-standards", who: "standards", path: COLLECTION_URL, heading: /Cases|cannot view/ },
  { name: "unknown-collection", who: "icb.lsc", path: "/c/no-such-collection", heading: /not found/ },
  { name: "add-closed-organisation", who: "icb.ncl", path: `${COLLECTION_URL}/new`, heading: /cannot be added/ },
  { name: "owner-queue-national", who: "national", path: `${COLLECTION_URL}/owner-queue`, heading: /owner/i },
  { name: "import-job-gone", who: "national", path: `${COLLECTION_URL}/import?job=no-such-job`, heading: /Import legacy cases$/ },
  { name: "dashboard-icb-printed", who: "icb.lsc", path: "/dashboard", heading: /dashboard/i, lands: `${COLLECTION_URL}/dashboard`, print: true },
  { name: "dashboard-no-access", who: "standards", path: `${COLLECTION_URL}/dashboard`, heading: "You cannot view this page" },
  { name: "learning-collection", who: "icb.lsc", path: `${COLLECTION_URL}/learning`, heading: "Learning library" },
  { name: "case-printed", who: "region.nw", path: `${COLLECTION_URL}/{lsc}`, heading: /EP-LSC-0001/, print: true },
  { name: "edit-read-only-role", who: "icb.lsc.viewer", path: `${COLLECTION_URL}/{lsc}/edit`, heading: "You cannot view this page" },
  { name: "history-other-icb", who: "icb.lsc", path: `${COLLECTION_URL}/{nel}/history`, heading: "Case not found" },
  { name: "action-close", who: "icb.lsc", path: `${COLLECTION_URL}/{lsc}/actions/close`, heading: /Close this case/ },
  { name: "action-list-nothing-waiting", who: "region.nw", path: `${COLLECTION_URL}/actions/regional_acceptance`, heading: "DHRs awaiting regional acceptance" },
  { name: "action-list-unknown", who: "icb.lsc", path: `${COLLECTION_URL}/actions/no-such-action`, heading: "List not found" },
  { name: "extract-no-access", who: "standards", path: "/extract", heading: "You cannot view this page" },
  { name: "users-no-access", who: "icb.lsc", path: "/users", heading: "You cannot view this page" },
  { name: "audit-national", who: "national", path: "/audit", heading: "Audit trail" },
  { name: "audit-no-access", who: "icb.lsc", path: "/audit", heading: "You cannot view this page" },
];

let web: WebTracker;
const ids: Record<string, string> = {};
const contexts = new Map<Who, { context: BrowserContext; page: Page }>();

/** One signed-in page per user, reused across rows, at `path` (the first time, signed in straight onto it). */
async function pageAt(who: Who, path: string): Promise<Page> {
  const held = contexts.get(who);
  if (held) {
    // As a new page is (a row before may have failed part-way through its widths or media).
    await held.page.setViewportSize(DESKTOP);
    await held.page.emulateMedia({ media: "screen" });
    await held.page.goto(path);
    return held.page;
  }
  const opened = who === "visitor" ? await web.newVisitor() : await web.newUser(who, path);
  contexts.set(who, opened);
  if (who === "visitor") await opened.page.goto(path);
  return opened.page;
}

async function addCase(page: Pick<Page, "request">, identifier: string): Promise<string> {
  const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
  const res = await page.request.post("/api/collections/s-crt/records", { data: { data: validCase(identifier) }, headers: { "x-csrf-token": me.csrfToken } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  // No demo cases: the regional list has nothing waiting, and each case here is known.
  web = await startWebTracker({ today: "2026-11-21" });
  for (const [key, username, identifier] of [["lsc", "icb.lsc", "EP-LSC-0001"], ["nel", "icb.nel", "EP-NEL-0001"]] as const) {
    const editor = await web.newApiUser(username);
    ids[key] = await addCase(editor, identifier);
    await editor.close();
  }
}, 120_000);
afterAll(async () => {
  for (const { context } of contexts.values()) await context.close();
  await web?.close();
});

/** Opens the row's address as its user, and waits for its page: its heading, where it lands, nothing still loading. */
async function open(state: State): Promise<Page> {
  const page = await pageAt(state.who, state.path.replace("{lsc}", ids.lsc!).replace("{nel}", ids.nel!));
  const heading = page.getByRole("heading", { level: 1 }).first();
  await expect.poll(() => heading.innerText().catch(() => ""), { timeout: 30_000 }).toMatch(typeof state.heading === "string" ? new RegExp(`^${state.heading}$`) : state.heading);
  if (state.lands) expect(new URL(page.url()).pathname).toBe(state.lands);
  // No "Loading…" left on the page it is checked on.
  await expect.poll(() => page.locator("main").innerText()).not.toMatch(/Loading…/);
  return page;
}

/** The paths of App.tsx's routes, as written there. */
function appRoutes(): string[] {
  const source = readFileSync(join(PROJECT_ROOT, "renderer/src/pages/App.tsx"), "utf8");
  return [...source.matchAll(/\{ path: "([^"]+)"/g)].map((m) => m[1]!);
}

describe("every page and state", () => {
  it("lists every route of the app, each covered somewhere", () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((route) => !(route in COVERAGE)), "routes with no line in COVERAGE").toEqual([]);
    expect(Object.keys(COVERAGE).filter((route) => !routes.includes(route)), "lines in COVERAGE for routes that are gone").toEqual([]);
    // Every route checked "here" has at least one row of STATES.
    for (const [route, where] of Object.entries(COVERAGE)) {
      if (!where.some((w) => w.startsWith("here"))) continue;
      const pattern = new RegExp(`^${route.replace(/:collection/g, "[^/]+").replace(/:id/g, "\\{[a-z]+\\}").replace(/:action/g, "[^/]+")}$`);
      expect(
        STATES.some((s) => pattern.test(s.path.split("?")[0]!)),
        `a row for ${route}`,
      ).toBe(true);
    }
  });

  it.each(STATES.filter((s) => !s.axeIn).map((s) => [s.name, s] as const))("%s: no axe violations at 1,280 and 375 pixels", SLOW, async (_name, state) => {
    const page = await open(state);
    const media: ("screen" | "print")[] = state.print ? ["screen", "print"] : ["screen"];
    for (const medium of media) {
      await page.emulateMedia({ media: medium });
      for (const size of [DESKTOP, PHONE]) {
        await page.setViewportSize(size);
        expect(await axeViolations(page), `${state.name}, ${medium}, ${size.width} px`).toEqual([]);
      }
      await page.setViewportSize(DESKTOP);
      await screenshots(page, medium === "print" ? `${state.name}-print` : state.name);
    }
    await page.emulateMedia({ media: "screen" });
  });

  it.each(STATES.filter((s) => s.axeIn).map((s) => [s.name, s.axeIn, s] as const))("%s: lands on its page (checked by axe in %s)", SLOW, async (_name, _axeIn, state) => {
    await open(state);
  });

  it("saw no console errors, page errors or Content-Security-Policy violations", () => {
    expect(web.problems).toEqual([]);
  });
});
