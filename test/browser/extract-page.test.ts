/**
 * The extract pages in the browser: a national user downloads a quarter's CSV (a real
 * download, the file read from disk), is told in the error summary when a day is refused, by
 * the page itself or by the server, and finds the extract in the log. Who sees which link and
 * which scope wording follows /auth/me.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { validCase } from "../server/harness.ts";
import { startWebTracker, type WebTracker } from "./harness.ts";
import { focused, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
const SERVER_TODAY = "2026-11-21";
// The browser's clock runs a few days ahead of the server's: a day in between passes the
// page's own check, so only the server can refuse it, as it would around midnight or with a
// wrong clock.
const BROWSER_NOW = new Date("2026-11-25T12:00:00Z");

let web: WebTracker;
let national: { context: BrowserContext; page: Page };
/** SHA-256 of the CSV the national user downloaded. */
let downloaded = "";

beforeAll(async () => {
  web = await startWebTracker({ today: SERVER_TODAY });
  // One case added in Q2 (the demo cases are stored at the machine's real time, which the
  // server's fixed "today" may precede).
  const { store } = web.tracker.context;
  const author = (await store.getUserByUsername("icb.lsc"))!;
  const written = await store.createRecord({
    collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase("EXTRACT-2026-01", { date_added: "2026-08-03", incident_date: "2026-07-20" }),
    userId: author.id, complete: true, missing: [], unique: [], at: "2026-08-03T09:00:00.000Z",
  });
  expect(written.kind).toBe("ok");
});
afterAll(() => web?.close());

/** Signs in, sets the browser's clock, and opens the case list with it (one load of the app). */
async function signIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await web.newApiUser(username);
  await context.clock.setFixedTime(BROWSER_NOW);
  const page = await context.newPage();
  await page.goto("/");
  await waitForHeading(page, "Cases");
  return { context, page };
}

const navLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });
const summary = (page: Page) => page.locator(".nhsuk-error-summary");

async function typeAsAt(page: Page, day: string, month: string, year: string): Promise<void> {
  await page.getByLabel("Day", { exact: true }).fill(day);
  await page.getByLabel("Month", { exact: true }).fill(month);
  await page.getByLabel("Year", { exact: true }).fill(year);
}

async function extractLog(): Promise<{ items: { quarter: string | null; asAt: string; format: string; scope: string; rows: number; sha256: string; user: { username: string } }[] }> {
  const res = await national.page.request.get("/api/extract-log");
  expect(res.status()).toBe(200);
  return (await res.json()) as Awaited<ReturnType<typeof extractLog>>;
}

describe("downloading an extract", () => {
  it("a national user picks a quarter and CSV and gets the file", SLOW, async () => {
    national = await signIn("national");
    const { page } = national;
    await navLink(page, "Extract").click();
    await waitForHeading(page, "Download an extract");
    expect(await page.getByText("every case in England").count()).toBe(1);
    expect(await navLink(page, "Extract").getAttribute("aria-current")).toBe("page");

    // The last eight quarters, the current one (by the browser's clock) first and chosen.
    const quarter = page.getByLabel("Quarter", { exact: true });
    const options = await quarter.locator("option").allInnerTexts();
    expect(options).toHaveLength(8);
    expect(options[0]).toBe("2026-27 Q3 (October to December 2026), so far");
    expect(options[7]).toBe("2024-25 Q4 (January to March 2025)");
    expect(await quarter.inputValue()).toBe("2026-27-Q3");
    await quarter.selectOption({ label: "2026-27 Q2 (July to September 2026)" });
    await page.getByLabel("CSV", { exact: true }).check();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download extract" }).click()]);
    expect(download.suggestedFilename()).toBe("s-crt-2026-27-Q2-all.csv");
    const file = await readFile((await download.path())!);
    const text = file.toString("utf8");
    expect(text.startsWith("\uFEFFrecord_id,owner_org,owner_name,region_code,region_name,form_version,")).toBe(true);
    // The header, the Q2 case, and the empty string after the last CRLF.
    expect(text.split("\r\n")).toHaveLength(3);
    expect(text).toContain("EXTRACT-2026-01");
    downloaded = createHash("sha256").update(file).digest("hex");
    await page.getByRole("status").filter({ hasText: "is downloading" }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "is downloading" }).innerText()).toContain("2026-27 Q2 (July to September 2026), as at 30 September 2026");
    // Still on the page: the download did not replace it.
    await waitForHeading(page, "Download an extract");
  });

  it("a day in the future is refused in the error summary, which takes focus: by the page, then by the server", SLOW, async () => {
    const { page } = national;
    const before = (await extractLog()).items.length;
    await page.getByLabel("A particular day").check();
    await typeAsAt(page, "1", "1", "2030");
    await page.getByRole("button", { name: "Download extract" }).click();
    await summary(page).waitFor();
    expect(await summary(page).innerText()).toContain("As-at date must be today or in the past");
    expect((await focused(page)).classes).toContain("nhsuk-error-summary");
    expect(await page.locator("#as-at-error").innerText()).toContain("As-at date must be today or in the past");
    await expect.poll(() => page.title()).toBe("Error: Download an extract - Safeguarding Case Review Tracker - NHS England");
    // Its link goes to the day box.
    await summary(page).getByRole("link").click();
    expect((await focused(page)).id).toBe("as-at-day");

    // After the server's today, before the browser's: only the server can say no.
    await typeAsAt(page, "23", "11", "2026");
    await page.getByRole("button", { name: "Download extract" }).click();
    await summary(page).getByText("2026-11-23 is in the future").waitFor();
    expect(await summary(page).innerText()).toContain(`records can only be shown as they stood up to today (${SERVER_TODAY})`);
    expect((await focused(page)).classes).toContain("nhsuk-error-summary");
    await waitForHeading(page, "Download an extract");
    // Nothing was extracted, so nothing was logged.
    expect((await extractLog()).items.length).toBe(before);
  });

  it("an ICB user is told the extract holds their ICB's cases, and has no extract log", SLOW, async () => {
    const { page, context } = await signIn("icb.lsc");
    expect(await navLink(page, "Extract log").count()).toBe(0);
    await navLink(page, "Extract").click();
    await waitForHeading(page, "Download an extract");
    expect(await page.locator("main").innerText()).toMatch(/your ICB's cases \(NHS Lancashire and South Cumbria/);
    expect(await page.getByText("every case in England").count()).toBe(0);
    await page.goto("/extract-log");
    await waitForHeading(page, "You cannot view this page");
    await context.close();
  });

  it("a standards admin is offered no extract and cannot view the page", SLOW, async () => {
    const { page, context } = await web.newUser("standards");
    await page.locator("h1").waitFor();
    expect(await navLink(page, "Extract").count()).toBe(0);
    expect(await navLink(page, "Extract log").count()).toBe(0);
    await page.goto("/extract");
    await waitForHeading(page, "You cannot view this page");
    expect(await page.getByRole("button", { name: "Download extract" }).count()).toBe(0);
    await context.close();
  });

  it("the national user finds the extract just made at the top of the log", SLOW, async () => {
    const { page } = national;
    expect(downloaded).not.toBe("");
    await navLink(page, "Extract log").click();
    await waitForHeading(page, "Extract log");
    const table = page.getByRole("table", { name: /1 extract, newest first/ });
    const cells = await table.locator("tbody tr").first().locator("td").allInnerTexts();
    expect(cells.slice(1, 7)).toEqual([
      "Taylor Reid (NHS England national team) (national)",
      "Safeguarding Case Review Tracker",
      "2026-27 Q2 (July to September 2026), 30 September 2026",
      "England",
      "CSV",
      "1",
    ]);
    expect(cells[0]).toMatch(/^\d{1,2} \w+ 20\d\d at \d{1,2}(:\d\d)?(am|pm)$/);
    const checksum = table.locator("tbody tr").first().locator("td").last();
    expect(await checksum.locator("code").getAttribute("title")).toBe(downloaded);
    expect(await checksum.locator("code").innerText()).toBe(`${downloaded.slice(0, 12)}…`);
    expect(await checksum.locator(".nhsuk-u-visually-hidden").innerText()).toBe(downloaded);
    await national.context.close();
  });

  it("saw no console errors, page errors or CSP violations", () => {
    expect(web.problems).toEqual([]);
  });
});
