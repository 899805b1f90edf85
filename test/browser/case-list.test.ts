/**
 * The case list in Chromium: several themes at once, a date range, Clear filters, Back, saved
 * views offered by role (and a regional user's waiting list, once), one card per case on a
 * phone with every field, owner names that do not wrap to five lines, and no axe violations at
 * 1280 and 375 pixels wide.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatLongDate } from "../../engine/index.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, summaryValue, waitForHeading } from "./steps.ts";
import { validCase } from "../server/harness.ts";

const SLOW = { timeout: 180_000 };
/** The machine is shared: pages can take a while to answer. */
const POLL = { timeout: 30_000 };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
let web: WebTracker;
/** The ICB with the longest name, whose case national users see. */
let longOwner: { code: string; name: string };
/** Another ICB of the North West (Y62), besides QE1. */
let otherNorthWest: string;

async function put(ownerOrg: string, id: string, overrides: Record<string, unknown>) {
  const { store } = web.tracker.context;
  const user = (await store.getUserByUsername("icb.lsc"))!;
  const written = await store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg, data: validCase(id, overrides), userId: user.id, complete: true, missing: [], unique: [] });
  if (written.kind !== "ok") throw new Error(`could not create ${id}`);
}

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  const { reference, visibility } = web.tracker.context;
  longOwner = reference.list("icb", "2026-11-21").reduce((a, b) => (b.name.length > a.name.length ? b : a));
  otherNorthWest = visibility.inRegion("Y62").find((code) => code !== "QE1" && reference.find(code, { type: "icb" }) !== undefined)!;
  await put("QE1", "LIST-A", { review_type: "dhr", themes: ["domestic"], date_added: "2026-01-10", incident_date: "2025-12-01" });
  await put("QE1", "LIST-B", { review_type: "sar", themes: ["neglect", "financial"], date_added: "2026-05-01", incident_date: "2026-04-01" });
  await put("QE1", "LIST-C", { review_type: "dhr", themes: ["self_neglect"], date_added: "2026-03-01", regional_chief_nurse_accepted: "yes" });
  await put("QE1", "LIST-D", { review_type: "si", themes: ["physical"], date_added: "2026-08-01" });
  await put(otherNorthWest, "LIST-NW", { review_type: "dhr", themes: ["domestic"] });
  await put(longOwner.code, "LIST-LONG", { review_type: "cspr", themes: ["neglect"] });
});
afterAll(async () => {
  expect(web?.problems ?? []).toEqual([]);
  await web?.close();
});

/** The identifiers of the cases listed (in the table or the cards, whichever shows). */
async function listed(page: Page): Promise<string[]> {
  const links = page.locator("tbody tr td:first-child a, .app-case-card h3 a").filter({ visible: true });
  return (await links.allInnerTexts()).sort();
}

async function status(page: Page): Promise<string> {
  return page.getByRole("status").innerText();
}

async function accessibleAtBothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  expect(await axeViolations(page), `${name} (1280 px)`).toEqual([]);
  await page.setViewportSize(PHONE);
  try {
    expect(await axeViolations(page), `${name} (375 px)`).toEqual([]);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
  await screenshots(page, name);
}

describe("an ICB editor's filters", () => {
  it("several themes at once, then a date range, Back, and Clear filters", SLOW, async () => {
    // Each user's browser is signed in once for the file (web.sharedUser); each test opens its address.
    const page = await web.sharedUser("icb.lsc", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await expect.poll(() => status(page), POLL).toBe("4 cases");

    await page.locator("summary", { hasText: "Abuse/Vulnerability Theme" }).click();
    await page.getByLabel("Neglect or acts of omission").check();
    await page.getByLabel("Self-neglect").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => status(page), POLL).toBe("2 cases match your search and filters");
    expect(new URL(page.url()).searchParams.get("themes")).toBe("neglect,self_neglect");
    expect(await listed(page)).toEqual(["LIST-B", "LIST-C"]);
    // The form remembers the choice, and says how many are ticked.
    expect(await page.getByText("Abuse/Vulnerability Theme (2 selected)").count()).toBe(1);
    expect(await page.getByLabel("Self-neglect").isChecked()).toBe(true);
    await accessibleAtBothWidths(page, "case-list-themes");

    await page.getByLabel("Date added, from").fill("2026-02-01");
    await page.getByLabel("Date added, to").fill("2026-04-30");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => status(page), POLL).toBe("1 case matches your search and filters");
    expect(await listed(page)).toEqual(["LIST-C"]);
    expect(new URL(page.url()).searchParams.get("date_added_from")).toBe("2026-02-01");

    // Back gives the list before the dates were added: the filters live in the address.
    await page.goBack();
    await expect.poll(() => status(page), POLL).toBe("2 cases match your search and filters");
    await page.goForward();
    await expect.poll(() => status(page), POLL).toBe("1 case matches your search and filters");

    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect.poll(() => status(page), POLL).toBe("4 cases");
    expect(new URL(page.url()).search).toBe("");
    expect(await page.getByRole("link", { name: "Clear filters" }).count()).toBe(0);
  });

  it("a date range alone, bookmarked, with incident dates", SLOW, async () => {
    const page = await web.sharedUser("icb.lsc", `${COLLECTION_URL}?incident_date_from=2025-11-01&incident_date_to=2025-12-31`);
    await expect.poll(() => status(page), POLL).toBe("1 case matches your search and filters");
    expect(await listed(page)).toEqual(["LIST-A"]);
    expect(await page.getByLabel("Incident date, from").inputValue()).toBe("2025-11-01");
  });
});

describe("saved views", () => {
  it("a regional user finds the DHRs awaiting regional acceptance once, as the action's waiting list, not also as a saved view", SLOW, async () => {
    const { page, context } = await web.newUser("region.nw");
    await waitForHeading(page, "Cases");
    const inset = page.locator(".nhsuk-inset-text").filter({ hasText: "DHRs awaiting regional acceptance" });
    await expect.poll(() => inset.innerText(), POLL).toContain("DHRs awaiting regional acceptance: 2 cases");
    expect(await page.getByRole("link", { name: "DHRs awaiting regional acceptance" }).count()).toBe(1);
    expect(await page.getByRole("navigation", { name: "Saved views" }).count()).toBe(0);
    await inset.getByRole("link", { name: "DHRs awaiting regional acceptance" }).click();
    await waitForHeading(page, "DHRs awaiting regional acceptance");
    expect(await listed(page)).toEqual(["LIST-A", "LIST-NW"]);
    await accessibleAtBothWidths(page, "case-list-regional-waiting-list");
    await context.close();
  });

  it("ICB users are offered their own views, national users none", SLOW, async () => {
    const icb = await web.sharedUser("icb.lsc", COLLECTION_URL);
    await waitForHeading(icb, "Cases");
    expect(await icb.getByRole("navigation", { name: "Saved views" }).getByRole("link").allInnerTexts()).toEqual(["All cases", "Incomplete after migration", "No update in 90 days"]);
    expect(await icb.locator("#filter-region, #filter-owner").count()).toBe(0);
    const national = await web.sharedUser("national", COLLECTION_URL);
    await waitForHeading(national, "Cases");
    expect(await national.getByRole("navigation", { name: "Saved views" }).count()).toBe(0);
    expect(await national.locator("#filter-region, #filter-owner").count()).toBe(2);
  });
});

describe("on a phone", () => {
  it("each case is a card with every field; at 1280 px the table fits the page and owner names do not wrap to five lines", SLOW, async () => {
    const page = await web.sharedUser("national", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await expect.poll(() => status(page), POLL).toBe("6 cases");

    // Desktop: a table, whose longest owner name does not become a tall column.
    const ownerCell = page.locator("tbody tr", { hasText: "LIST-LONG" }).locator("td").nth(5);
    expect(await ownerCell.innerText()).toBe(`${longOwner.name} (${longOwner.code})`);
    // The cell is as tall as its row; the name's own block is what wraps.
    const lines = await ownerCell.locator("div").evaluate((name) => {
      const style = getComputedStyle(name);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      return name.getBoundingClientRect().height / lineHeight;
    });
    // England's longest ICB name took five lines; now at most four (most names take two or three).
    expect(lines).toBeLessThanOrEqual(4.2);
    const qe1 = await page.locator("tbody tr", { hasText: "LIST-A" }).locator("td").nth(5).locator("div").evaluate((name) => name.getBoundingClientRect().height / parseFloat(getComputedStyle(name).lineHeight));
    expect(qe1).toBeLessThanOrEqual(3.2);
    // And the table still fits the page at 1280 pixels: NHS.UK frontend gives tables -2px
    // margins on each side, so up to 4 pixels of "overflow" are its design, not a hidden column.
    const table = page.locator(".app-case-table");
    expect(await table.evaluate((container) => container.scrollWidth - container.clientWidth)).toBeLessThanOrEqual(4);

    await page.setViewportSize(PHONE);
    expect(await page.locator("table").isVisible()).toBe(false);
    const cards = page.locator(".app-case-card");
    expect(await cards.count()).toBe(6);
    const card = cards.filter({ hasText: "LIST-A" });
    expect(await card.isVisible()).toBe(true);
    expect(await card.getByRole("link", { name: "LIST-A" }).isVisible()).toBe(true);
    expect(await summaryValue(card, "Type of review").innerText()).toMatch(/^Domestic Homicide Review/);
    expect(await summaryValue(card, "Case open/closed status").innerText()).toBe("Open");
    expect(await summaryValue(card, "Incident date").innerText()).toBe(formatLongDate("2025-12-01"));
    expect(await summaryValue(card, "Date added").innerText()).toBe(formatLongDate("2026-01-10"));
    expect(await summaryValue(card, "ICB").innerText()).toBe("NHS Lancashire and South Cumbria Integrated Care Board (QE1)");
    expect(await summaryValue(card, "Region").innerText()).toBe("North West");
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
    await accessibleAtBothWidths(page, "case-list-national");
  });
});
