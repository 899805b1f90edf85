/**
 * Review findings on the web app (issue 12), each checked in Chromium against a real tracker:
 * - the list and the case page show as a status tag only the item the collection declares as
 *   its record_status, whatever it and other items are called (a synthetic collection whose
 *   status item is `stage`, beside an undeclared `report_status`);
 * - the header's navigation stays on one line on a phone, the links that do not fit in its
 *   "More" menu, every one reachable by keyboard, for every role;
 * - the privacy notice says what an information-governance reviewer looks for (controller,
 *   special category information about living and dead people, lawful basis, who sees what,
 *   retention, rights, complaints and the ICO); the service pages are checked by axe at both
 *   widths, signed in and out, by frame.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGE_VERSION, PROJECT_ROOT, publishVersion } from "../../engine/index.ts";
import { axeViolations, SCREENSHOTS, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { waitForHeading } from "./steps.ts";

const SLOW = { timeout: 180_000 };
const LOG = "review-log";

/** A collection whose status item has a name no guess would find, and a decoy that is no status. */
const REVIEW_LOG: Record<string, string> = {
  "collection.yaml": `language: ${LANGUAGE_VERSION}
collection: ${LOG}
title: Review log
short_title: Review log
description: A small collection for the browser tests, whose status item is called stage.
owner_organisation_type: icb
default_writers: [editor]
record_title: reference
list:
  filters: [stage]
  search: [reference]
  columns: [reference, stage, kind, report_status]
record_status:
  item: stage
  colours: { underway: blue, finished: grey }
`,
  "versions/1.0.yaml": `language: ${LANGUAGE_VERSION}
collection: ${LOG}
version: "1.0"
status: draft
effective_from: 2025-04-01
title: Review log, version 1.0
items:
  - key: reference
    label: Reference
    question: What is the reference?
    type: short_text
    max_length: 30
    required: true
  - key: stage
    label: Stage
    question: Where has the review got to?
    type: single_choice
    choices: stages
    required: true
  - key: kind
    label: Kind of review
    question: What kind of review is it?
    type: single_choice
    choices: kinds
  - key: report_status
    label: Report status
    question: Is the report a draft or final?
    type: single_choice
    choices: report_status
`,
  "choices/stages.yaml": `language: ${LANGUAGE_VERSION}
list: stages
title: Stages
choices:
  - { code: underway, label: Underway }
  - { code: finished, label: Finished }
`,
  "choices/kinds.yaml": `language: ${LANGUAGE_VERSION}
list: kinds
title: Kinds of review
choices:
  - { code: learning, label: Learning review }
  - { code: rapid, label: Rapid review }
`,
  "choices/report_status.yaml": `language: ${LANGUAGE_VERSION}
list: report_status
title: Report status
choices:
  - { code: draft, label: Draft }
  - { code: final, label: Final }
`,
};

let root: string;
let web: WebTracker;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "scrt-case-polish-"));
  cpSync(join(PROJECT_ROOT, "forms/s-crt"), join(root, "s-crt"), { recursive: true });
  const dir = join(root, LOG);
  for (const [file, text] of Object.entries(REVIEW_LOG)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const published = publishVersion(dir, "1.0");
  if (!published.ok) throw new Error(published.message);
  web = await startWebTracker({ formRoots: [root], today: "2026-11-21" });
}, 300_000);
afterAll(async () => {
  await web?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** One screenshot at the page's present size (screenshots() would resize, closing an open menu). */
async function screenshotHere(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Adds a record through the API with the page's own session, as the web app would. */
async function addRecord(page: Page, collection: string, data: Record<string, unknown>): Promise<void> {
  const me = (await (await page.request.get("/auth/me")).json()) as { csrfToken: string };
  const res = await page.request.post(`/api/collections/${collection}/records`, { data: { data }, headers: { "x-csrf-token": me.csrfToken } });
  expect(res.status(), await res.text()).toBe(201);
}

describe("the record status tag", () => {
  it("is the declared record_status item's, in its colours, in the list's table and cards and on the case page; no other item is a tag", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    for (const data of [
      { reference: "RL-1", stage: "finished", kind: "learning", report_status: "final" },
      { reference: "RL-2", stage: "underway", kind: "rapid", report_status: "draft" },
    ]) {
      await addRecord(page, LOG, data);
    }
    await page.goto(`/c/${LOG}`);
    const table = page.locator(".app-case-table table");
    await table.getByRole("link", { name: "RL-1" }).waitFor();
    const row = (ref: string) => table.locator("tbody tr", { has: page.getByRole("link", { name: ref }) });
    const tags = (scope: ReturnType<typeof row>) => scope.locator(".nhsuk-tag").evaluateAll((els) => els.map((e) => `${e.className}: ${e.textContent}`));
    expect(await tags(row("RL-1"))).toEqual(["nhsuk-tag nhsuk-tag--grey: Finished"]);
    expect(await tags(row("RL-2"))).toEqual(["nhsuk-tag nhsuk-tag--blue: Underway"]);
    // "Report status" is only an answer here, however it is named.
    expect(await row("RL-1").locator("td").allInnerTexts()).toContain("Final");
    expect(await axeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 812 });
    const card = page.locator(".app-case-card", { has: page.getByRole("link", { name: "RL-1" }) });
    await card.waitFor();
    expect(await tags(card)).toEqual(["nhsuk-tag nhsuk-tag--grey: Finished"]);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshots(page, "record-status-list");

    // The case page: the tag is the stage's; the caption says what kind of review it is, not its stage.
    await table.getByRole("link", { name: "RL-1" }).click();
    await waitForHeading(page, /RL-1/);
    expect(await page.locator(".nhsuk-caption-l").innerText()).toMatch(/^Learning review\b/);
    // (Its other tag says how complete the case is.)
    const pageTags = await page.locator("main .nhsuk-tag").evaluateAll((els) => els.map((e) => `${e.className}: ${e.textContent}`));
    expect(pageTags).toContain("nhsuk-tag nhsuk-tag--grey: Finished");
    expect(pageTags.filter((t) => /Final|Draft/.test(t))).toEqual([]);
    expect(web.problems).toEqual([]);
    await context.close();
  });
});

/** The header's navigation links, in order, by keyboard alone: Tab through the header, opening "More" when it is met. */
async function headerLinksByKeyboard(page: Page): Promise<string[]> {
  // Start on the header's first link (the logo), as Tab from the skip link would.
  await page.locator("header a").first().focus();
  const reached: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { inHeader: !!el?.closest("header"), inMenu: !!el?.closest('nav[aria-label="Menu"]'), tag: el?.tagName.toLowerCase() ?? "", text: el?.textContent?.trim() ?? "", expanded: el?.getAttribute("aria-expanded") ?? null };
    });
    if (!f.inHeader && reached.length) break;
    if (!f.inMenu) continue;
    if (f.tag === "button" && f.expanded === "false") await page.keyboard.press("Enter");
    else if (f.tag === "a") reached.push(f.text);
  }
  // Tab has gone on to the phase banner's link: a focused link loses its underline, which axe,
  // run next, would count against the page.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return reached;
}

describe("the header's navigation on a phone", () => {
  it("keeps to one line, with the rest under More, every link reachable by keyboard, for every role; axe finds nothing", { timeout: 360_000 }, async () => {
    for (const username of ["national", "standards", "region.nw", "icb.lsc"]) {
      const { page, context } = await web.newUser(username);
      await page.getByRole("navigation", { name: "Menu" }).waitFor();
      const menu = page.getByRole("navigation", { name: "Menu" });
      // At 1280 px every link is on the line.
      const all = await menu.getByRole("link").allInnerTexts();
      expect(all.length, username).toBeGreaterThan(0);
      expect(await menu.getByRole("button", { name: /More/ }).count(), username).toBe(0);

      await page.setViewportSize({ width: 375, height: 812 });
      // One row of links (about 59 px) under the logo and the account area: before, the links
      // wrapped to two or three rows inside the blue band.
      await expect.poll(async () => (await menu.boundingBox())?.height ?? 999, { timeout: 10_000 }).toBeLessThan(64);
      expect((await page.locator("header").boundingBox())?.height, username).toBeLessThan(210);
      // The links on the line are on one row.
      const tops = await menu.locator(".nhsuk-header__navigation-list > li:not([hidden])").evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(new Set(tops).size, `${username}: rows of the header's links`).toBe(1);
      expect(await headerLinksByKeyboard(page), username).toEqual(all);
      // Where the menu was opened, axe checks it open too; Escape closes it, back on its button.
      const toggle = menu.getByRole("button", { name: /More/ });
      if (await toggle.count()) {
        expect(await toggle.getAttribute("aria-expanded")).toBe("true");
        expect(await axeViolations(page), `${username}: menu open`).toEqual([]);
        if (username === "national") await screenshotHere(page, "header-menu-open-mobile");
        await page.keyboard.press("Escape");
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Browse More");
      }
      expect(await axeViolations(page), `${username}: 375 px`).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 900 });
      if (username === "national") await screenshots(page, "header-navigation");
      await context.close();
    }
    expect(web.problems).toEqual([]);
  });
});

describe("the service pages", () => {
  // axe at 1,280 and 375 pixels on each service page opened by its address, signed out (as here)
  // and signed in, with screenshots: frame.test.ts, "%s opens by its address".
  it("the privacy notice covers controller, special category information, lawful basis, access, retention, rights and complaints", SLOW, async () => {
    const { page, context } = await web.newVisitor();
    await page.goto("/privacy");
    await waitForHeading(page, "Privacy notice");
    const headings = await page.locator("main h2").allInnerTexts();
    expect(headings).toEqual(
      expect.arrayContaining(["Who is responsible for your information", "What the tracker holds", "Why we hold it and our lawful basis", "Who can see it", "How long we keep it", "Your rights", "How to complain"]),
    );
    const text = await page.locator("main").innerText();
    for (const needed of [/NHS England is the controller/, /special category/, /people who have died/i, /Article 6\(1\)\(e\)/, /Article 9\(2\)/, /Schedule 1/, /Records Management Code of Practice/, /Data Protection Officer/, /Information Commissioner's Office/]) {
      expect(text, String(needed)).toMatch(needed);
    }
    expect(await page.getByRole("link", { name: /complaint on the ICO website/ }).getAttribute("href")).toBe("https://ico.org.uk/make-a-complaint/");
    // Sentence case: no heading capitalises a word after its first, bar names.
    for (const heading of [...headings, ...(await page.locator("main h3").allInnerTexts())]) {
      expect(heading.split(" ").slice(1).filter((w) => /^[A-Z][a-z]/.test(w) && !["NHS", "England", "ICO", "England's"].includes(w)), heading).toEqual([]);
    }
    await page.goto("/contact");
    await waitForHeading(page, "Contact the service desk");
    // The contact page says what to do when information reaches the wrong person.
    expect(await page.locator("main").innerText()).toMatch(/seen case information they should not/);
    expect(web.problems).toEqual([]);
    await context.close();
  });
});
