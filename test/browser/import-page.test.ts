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

it("lets a national user import a legacy file with the keyboard and read the report", SLOW, async ({ task }) => {
  // Big enough that the job is still running when the page first shows it (a few seconds). A
  // retry numbers its cases after the first try's, which may be stored already: the same ids
  // would all be refused as duplicates, and the job would end before the page showed it running.
  const { text, cases } = buildLegacyCsv(6_000, undefined, 6_000 * (task.result?.retryCount ?? 0));
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

  // The oldest version is chosen already, and with it the offer to bring the cases up to the
  // current version, ticked; the rest by keyboard.
  await page.getByLabel("CSV file").setInputFiles({ name: "legacy.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  expect(await page.getByLabel("Bring the cases up to version 2.0 (the current version) as they are imported").isChecked()).toBe(true);
  await page.getByLabel("CSV file").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  expect(await page.getByLabel("Only import rows with no problems").isChecked()).toBe(true);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  // Every value the progress bar shows is noted in the page as it changes: polling it from here
  // could miss a running job that finishes (and so loses its bar) between two looks.
  await page.evaluate(() => {
    const seen: { value: number; text: string }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.getElementById("import-progress");
      if (bar) seen.push({ value: Number(bar.getAttribute("value")), text: bar.nextElementSibling?.textContent ?? "" });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["value"] });
  });
  await page.keyboard.press("Enter");

  const heading = page.getByRole("heading", { level: 1 });
  await expect.poll(() => heading.innerText(), { timeout: 60_000 }).toMatch(/Importing legacy cases$/);
  expect(new URL(page.url()).searchParams.get("job")).toBeTruthy();
  // The progress bar, labelled, moving on as the job reports (read while it runs).
  const bar = page.getByRole("progressbar", { name: "Rows imported" });
  await bar.waitFor();
  await screenshots(page, "import-running");
  if (/Importing legacy cases$/.test(await heading.innerText())) expect(await axeBothWidths(page)).toEqual([]);
  await expect.poll(() => heading.innerText(), { timeout: 120_000 }).toMatch(/Import finished$/);
  // The bar moved on while the job ran, its count in words beside it: it showed some rows done
  // before it showed the report.
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: { value: number; text: string }[] }).progressSeen);
  const partway = seen.filter(({ value }) => value > 0 && value < cases.length);
  expect(partway.length, `progress shown: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
  expect(partway.at(-1)!.text).toMatch(/^[\d,]+ of [\d,]+ rows$/);
  await page.getByText("Cases imported", { exact: true }).waitFor();
  expect(await page.locator("dl").first().innerText()).toContain(cases.length.toLocaleString("en-GB"));
  // What bringing them up to 2.0 made of them, with the way to the cases that need a person.
  await page.getByRole("heading", { level: 2, name: "Brought up to version 2.0" }).waitFor();
  expect(await page.locator("main").innerText()).toContain(`${cases.length} cases imported (carried to 2.0)`);
  expect(await page.getByRole("link", { name: "View the incomplete cases" }).getAttribute("href")).toBe(`/c/s-crt?complete=no`);
  expect(await page.getByRole("table", { name: "Owners changed" }).count()).toBe(1);
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
  // Stored under 2.0, not left under the file's 1.0 (the newest first: these are the imported cases).
  const newest = (await (await page.request.get(`/api/collections/s-crt/records?pageSize=100`)).json()) as { items: { version: string }[] };
  expect(newest.items).toHaveLength(100);
  expect(new Set(newest.items.map((r) => r.version))).toEqual(new Set(["2.0"]));
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
