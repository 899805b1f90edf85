/**
 * Importing legacy cases in the browser: a national user picks a legacy CSV file, follows the
 * job and reads its report; a broken row shows in the problems table; an ICB user is given no
 * link and the page refuses them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL } from "./steps.ts";

let web: WebTracker;
beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
});
afterAll(() => web?.close());

const SLOW = { timeout: 180_000 };

/** axe's findings at 1,280 and then 375 pixels wide, the page left at 1,280. */
async function axeBothWidths(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 900 });
  const wide = await axeViolations(page);
  await page.setViewportSize({ width: 375, height: 812 });
  const narrow = await axeViolations(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  return [...wide, ...narrow];
}

it("lets a national user import a legacy file with the keyboard and read the report", SLOW, async () => {
  // Big enough that the job is still running when the page first shows it (a few seconds).
  const { text, cases } = buildLegacyCsv(6_000);
  // The national user's browser is signed in once for the file (web.sharedUser); each test opens its address.
  const page = await web.sharedUser("national", COLLECTION_URL);
  await page.getByRole("link", { name: "Import legacy cases" }).click();
  await page.getByRole("heading", { level: 1, name: "Import legacy cases" }).waitFor();
  expect(await axeBothWidths(page)).toEqual([]);
  await screenshots(page, "import-form");

  // No file chosen: the summary names the file control.
  await page.getByRole("button", { name: "Import the file" }).click();
  const summary = page.locator(".nhsuk-error-summary");
  await summary.waitFor();
  expect(await summary.textContent()).toContain("Choose the CSV file to import");
  expect(await axeBothWidths(page)).toEqual([]);
  await screenshots(page, "import-form-error");

  // The oldest version is chosen already; the rest by keyboard.
  await page.getByLabel("CSV file").setInputFiles({ name: "legacy.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.getByLabel("CSV file").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  expect(await page.getByLabel("Only import rows with no problems").isChecked()).toBe(true);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");

  const heading = page.getByRole("heading", { level: 1 });
  await expect.poll(() => heading.innerText(), { timeout: 60_000 }).toMatch(/Importing legacy cases$/);
  expect(new URL(page.url()).searchParams.get("job")).toBeTruthy();
  // The progress bar, labelled, moving on as the job reports (read while it runs).
  const bar = page.getByRole("progressbar", { name: "Rows imported" });
  await bar.waitFor();
  await screenshots(page, "import-running");
  await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await page.locator("main").innerText()).toMatch(/[\d,]+ of [\d,]+ rows/);
  if (/Importing legacy cases$/.test(await heading.innerText())) expect(await axeBothWidths(page)).toEqual([]);
  await expect.poll(() => heading.innerText(), { timeout: 120_000 }).toMatch(/Import finished$/);
  await page.getByText("Cases imported", { exact: true }).waitFor();
  expect(await page.locator("dl").innerText()).toContain(cases.length.toLocaleString("en-GB"));
  expect(await axeBothWidths(page)).toEqual([]);
  await screenshots(page, "import-done");

  // Coming back to the address shows the same report.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: /Import finished/ }).waitFor();

  await page.getByRole("link", { name: "Go to the case list" }).click();
  await page.getByRole("heading", { level: 1, name: "Cases" }).waitFor();
  // The list is ordered by date, so the imported cases are counted rather than looked for on its first page.
  const listed = (await (await page.request.get(`/api/collections/s-crt/records?pageSize=1`)).json()) as { total: number };
  expect(listed.total).toBeGreaterThanOrEqual(cases.length);
  expect(web.problems).toEqual([]);
});

it("shows a broken row's problem in the table", SLOW, async () => {
  const { text } = buildLegacyCsv(5, 7);
  const lines = text.split("\r\n");
  const header = lines[0]!.replace(/^\uFEFF/, "").split(",");
  const broken = header.map((h) => (h === "Incident date" ? "not a date" : h === "Open/closed status" ? "open" : "")).join(",");
  const file = [...lines.filter((l) => l !== ""), broken].join("\r\n") + "\r\n";
  const page = await web.sharedUser("national", `${COLLECTION_URL}/import`);
  await page.getByLabel("CSV file").setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await page.getByLabel("Check the file without storing anything").check();
  await page.getByRole("button", { name: "Check the file" }).click();
  const table = page.getByRole("table", { name: "Problems in the file" });
  await table.waitFor({ timeout: 120_000 });
  expect(await page.locator("main").innerText()).toContain("Nothing was stored");
  expect(await table.innerText()).toMatch(/Incident date|incident/i);
  expect(await axeBothWidths(page)).toEqual([]);
  await screenshots(page, "import-problems");
  expect(web.problems).toEqual([]);
});

it("gives an ICB user no link and refuses the page", SLOW, async () => {
  const { page } = await web.newUser("icb.lsc", COLLECTION_URL);
  await page.getByRole("heading", { level: 1, name: "Cases" }).waitFor();
  expect(await page.getByRole("link", { name: "Import legacy cases" }).count()).toBe(0);
  await page.goto(`${COLLECTION_URL}/import`);
  await page.getByRole("heading", { level: 1, name: "You cannot view this page" }).waitFor();
  expect(await page.locator("main").innerText()).toContain("You cannot import files");
  expect(await axeBothWidths(page)).toEqual([]);
  await screenshots(page, "import-no-access");
  expect(web.problems).toEqual([]);
});
