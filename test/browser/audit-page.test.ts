/**
 * The audit trail in the browser: an ICB editor opens a case; a national user opening the same
 * case sees under "Who has seen this case" that the editor viewed it, follows the link to the
 * audit trail, filters it, is told in the error summary when a filter is wrong (by the page or
 * by the server), and pages back with "Older entries". Others are offered neither. axe finds
 * no violations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { validCase } from "../server/harness.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { focused, ICB_EDITOR_NAME, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
const QE1_NAME = "NHS Lancashire and South Cumbria Integrated Care Board";

let web: WebTracker;
let national: { context: BrowserContext; page: Page };
let caseId = "";

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  const { store } = web.tracker.context;
  const author = (await store.getUserByUsername("icb.lsc"))!;
  const written = await store.createRecord({
    collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase("AUDIT-WEB-1"), userId: author.id, complete: true, missing: [], unique: [], at: "2026-10-01T09:00:00.000Z",
  });
  if (written.kind !== "ok") throw new Error(written.kind);
  caseId = written.record.id;
  // Enough older entries (of someone long gone) for the trail to need a second page.
  for (let i = 0; i < 60; i++) {
    await store.appendAudit({ action: "dashboard_viewed", userId: null, actor: "former.colleague", collection: "s-crt", at: new Date(Date.UTC(2026, 8, 1, 9, i)).toISOString(), details: { asAt: "2026-08-31" } });
  }
});
afterAll(() => web?.close());

const navLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });
const summary = (page: Page) => page.locator(".nhsuk-error-summary");
const distinct = (values: string[]) => [...new Set(values)];

describe("the audit trail", () => {
  it("an ICB editor opens the case, and is offered neither the trail nor the case's viewers", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc", `/c/s-crt/${caseId}`);
    await waitForHeading(page, "AUDIT-WEB-1");
    expect(await page.getByRole("heading", { name: "Who has seen this case" }).count()).toBe(0);
    expect(await navLink(page, "Audit trail").count()).toBe(0);
    await page.goto("/audit");
    await waitForHeading(page, "You cannot view this page");
    await context.close();
  });

  it("a national user opening the case sees who has seen it: the editor, their organisation and when", SLOW, async () => {
    national = await web.newUser("national", `/c/s-crt/${caseId}`);
    const { page } = national;
    await waitForHeading(page, "AUDIT-WEB-1");
    const section = page.getByRole("region", { name: "Who has seen this case" });
    const table = section.getByRole("table");
    await table.waitFor();
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    // Newest first: the national user's own view (this page), then the editor's. (The test
    // build's React mounts pages twice, so each visit may read the case, and so be a view, twice.)
    expect(distinct(rows.map((r) => r.slice(1).join(" | ")))).toEqual([
      "Taylor Reid (NHS England national team) (national) | NHS England | Viewed a case",
      `${ICB_EDITOR_NAME} (icb.lsc) | ${QE1_NAME} | Viewed a case`,
    ]);
    expect(rows.at(-1)![0]).toMatch(/^\d{1,2} \w+ 20\d\d at \d{1,2}(:\d\d)?(am|pm)$/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("follows the link to the trail, narrowed to the case; the header marks the page", SLOW, async () => {
    const { page } = national;
    await page.getByRole("link", { name: "See this case in the audit trail" }).click();
    await waitForHeading(page, "Audit trail");
    expect(new URL(page.url()).searchParams.get("case")).toBe(caseId);
    expect(await page.getByLabel("Case ID").inputValue()).toBe(caseId);
    expect(await navLink(page, "Audit trail").getAttribute("aria-current")).toBe("page");
    const table = page.getByRole("table", { name: /Audit entries, newest first, filtered/ });
    const who = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(distinct(who)).toEqual(["Taylor Reid (NHS England national team) (national)", `${ICB_EDITOR_NAME} (icb.lsc)`]);
    expect(await table.getByRole("link", { name: `Case ${caseId}` }).count()).toBe(who.length);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("filters by user and action", SLOW, async () => {
    const { page } = national;
    await page.getByRole("link", { name: "Clear filters" }).click();
    await page.getByRole("table", { name: /^Audit entries, newest first$/ }).waitFor();
    await page.getByLabel("User", { exact: true }).fill("icb.lsc");
    await page.getByLabel("Viewed a case", { exact: true }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("user") === "icb.lsc");
    expect(new URL(page.url()).searchParams.getAll("action")).toEqual(["case_viewed"]);
    const table = page.getByRole("table", { name: /filtered/ });
    await table.waitFor();
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.slice(1, 4)).toEqual([`${ICB_EDITOR_NAME} (icb.lsc)`, QE1_NAME, "Viewed a case"]);
      expect(row[4]).toContain(caseId);
      expect(row.slice(5)).toEqual(["Revision: 1", "127.0.0.1"]);
    }
    expect(await page.getByLabel("Viewed a case", { exact: true }).isChecked()).toBe(true);
  });

  it("a date that is not a real day is refused by the page, and a range that ends before it starts by the server: each in the error summary, which takes focus", SLOW, async () => {
    const { page } = national;
    await page.getByRole("group", { name: "From" }).getByLabel("Day").fill("31");
    await page.getByRole("group", { name: "From" }).getByLabel("Month").fill("2");
    await page.getByRole("group", { name: "From" }).getByLabel("Year").fill("2026");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await summary(page).waitFor();
    expect(await summary(page).innerText()).toContain("From date must be a real date");
    expect((await focused(page)).classes).toContain("nhsuk-error-summary");
    await expect.poll(() => page.title()).toBe("Error: Audit trail - Safeguarding Case Review Tracker - NHS England");
    await summary(page).getByRole("link").click();
    expect((await focused(page)).id).toBe("filter-from-day");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("group", { name: "From" }).getByLabel("Day").fill("2");
    await page.getByRole("group", { name: "To" }).getByLabel("Day").fill("1");
    await page.getByRole("group", { name: "To" }).getByLabel("Month").fill("2");
    await page.getByRole("group", { name: "To" }).getByLabel("Year").fill("2026");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await summary(page).getByText('"to" must be later than "from"').waitFor();
    expect((await focused(page)).classes).toContain("nhsuk-error-summary");
    await summary(page).getByRole("link").click();
    expect((await focused(page)).id).toBe("filter-to-day");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("pages back with Older entries, and returns to the newest", SLOW, async () => {
    const { page } = national;
    await page.getByRole("link", { name: "Clear filters" }).click();
    const first = page.getByRole("table", { name: /^Audit entries, newest first$/ });
    await first.waitFor();
    expect(await first.locator("tbody tr").count()).toBe(50);
    await screenshots(page, "audit-trail");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Older entries" }).click();
    const older = page.getByRole("table", { name: /^Older audit entries, newest first$/ });
    await older.waitFor();
    expect(new URL(page.url()).searchParams.get("before")).toMatch(/^\d+$/);
    const olderWho = await older.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(olderWho.length).toBeGreaterThan(0);
    expect(olderWho.every((w) => w === "former.colleague (no account)")).toBe(true);
    expect(await page.getByRole("link", { name: "Older entries" }).count()).toBe(0);
    await page.getByRole("link", { name: "Newest entries" }).click();
    await first.waitFor();
    await national.context.close();
  });

  it("saw no console errors, page errors or CSP violations", () => {
    expect(web.problems).toEqual([]);
  });
});
