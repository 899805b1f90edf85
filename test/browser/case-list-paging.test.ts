/**
 * The case list's pager in Chromium: numbered pages, Next read on from where the page before
 * ended (the list's cursor, which costs the same at any depth), Previous and the page numbers by
 * number, a new order starting again at page 1, and no axe violations.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page, Request } from "playwright-core";
import { axeViolations, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, waitForHeading } from "./steps.ts";
import { validCase } from "../server/harness.ts";

const SLOW = { timeout: 180_000 };
/** The machine is shared: pages can take a while to answer. */
const POLL = { timeout: 30_000 };
const CASES = 60;
let web: WebTracker;

/** PAGE-00 … PAGE-59, one a minute, so the newest first is PAGE-59 down to PAGE-00. */
const id = (i: number) => `PAGE-${String(i).padStart(2, "0")}`;
const newestFirst = Array.from({ length: CASES }, (_, i) => id(CASES - 1 - i));
/** The cases on each page of 25, newest first, sorted as `listed` gives them. */
const onPage = (n: number) => newestFirst.slice((n - 1) * 25, n * 25).sort();

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  const { store } = web.tracker.context;
  const user = (await store.getUserByUsername("icb.lsc"))!;
  for (let i = 0; i < CASES; i++) {
    const at = new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString();
    const written = await store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase(id(i)), userId: user.id, complete: true, missing: [], unique: [], at });
    if (written.kind !== "ok") throw new Error(`could not create ${id(i)}`);
  }
});
afterAll(async () => {
  expect(web?.problems ?? []).toEqual([]);
  await web?.close();
});

async function listed(page: Page): Promise<string[]> {
  return (await page.locator("tbody tr td:first-child a").allInnerTexts()).sort();
}

/** Follows a link of the pager; returns the list's API request it made. */
async function follow(page: Page, name: string): Promise<URL> {
  // Waited for together, so that a click that fails does not leave the wait to fail the run later.
  const [request] = await Promise.all([
    page.waitForRequest((r: Request) => /\/api\/collections\/s-crt\/records\?/.test(r.url())),
    page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name, exact: true }).click(),
  ]);
  return new URL(request.url());
}

const caption = (page: Page) => page.locator("#cases-caption").innerText();

it("pages on by the list's cursor, back and to a number by number, and starts again at page 1 in a new order", SLOW, async () => {
  const page = await web.sharedUser("icb.lsc", COLLECTION_URL);
  await waitForHeading(page, "Cases");
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 1 of 3\)$/);
  expect(await listed(page)).toEqual(onPage(1));

  // Next carries the first page's cursor, in the address and to the API, with the page's number.
  const second = await follow(page, "Next page");
  expect({ page: second.searchParams.get("page"), cursor: second.searchParams.has("cursor") }).toEqual({ page: "2", cursor: true });
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 2 of 3\)$/);
  expect(await listed(page)).toEqual(onPage(2));
  expect(new URL(page.url()).searchParams.get("after")).toBe(second.searchParams.get("cursor"));
  expect(await page.getByRole("link", { name: "Page 2" }).getAttribute("aria-current")).toBe("page");

  const third = await follow(page, "Next page");
  expect(third.searchParams.get("cursor")).not.toBe(second.searchParams.get("cursor"));
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 3 of 3\)$/);
  expect(await listed(page)).toEqual(onPage(3));
  expect(await page.getByRole("link", { name: "Next page" }).count()).toBe(0);

  // Previous, and a page's number, go by number: no cursor.
  const back = await follow(page, "Previous page");
  expect({ page: back.searchParams.get("page"), cursor: back.searchParams.has("cursor") }).toEqual({ page: "2", cursor: false });
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 2 of 3\)$/);
  expect(await listed(page)).toEqual(onPage(2));
  expect(new URL(page.url()).searchParams.has("after")).toBe(false);
  const first = await follow(page, "Page 1");
  expect({ page: first.searchParams.get("page"), cursor: first.searchParams.has("cursor") }).toEqual({ page: "1", cursor: false });
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 1 of 3\)$/);

  // Back in the browser returns to the page the cursor read.
  await page.goBack();
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 2 of 3\)$/);
  await page.goBack();
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 3 of 3\)$/);
  expect(await listed(page)).toEqual(onPage(3));
  expect(new URL(page.url()).searchParams.has("after")).toBe(true);
  expect(await axeViolations(page)).toEqual([]);

  // A new order from page 3 starts again at page 1, with no cursor of the old order.
  await page.getByLabel("Sort by").selectOption({ label: "Updated (oldest first)" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("dir"), POLL).toBe("asc");
  expect(new URL(page.url()).searchParams.has("after")).toBe(false);
  expect(new URL(page.url()).searchParams.has("page")).toBe(false);
  await expect.poll(() => listed(page), POLL).toEqual([...newestFirst].reverse().slice(0, 25).sort());
  // And its Next reads on in that order.
  await follow(page, "Next page");
  await expect.poll(() => listed(page), POLL).toEqual([...newestFirst].reverse().slice(25, 50).sort());
});

it("says a page past the end is empty and links to the last page, without a pager", SLOW, async () => {
  const page = await web.sharedUser("icb.lsc", `${COLLECTION_URL}?page=9`);
  await waitForHeading(page, "Cases");
  await page.getByText("There are no cases on page 9: the list has 3 pages.").waitFor(POLL);
  expect(await page.getByRole("status").innerText()).toBe("60 cases");
  expect(await page.getByRole("navigation", { name: "Pagination" }).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "Go to page 3" }).click();
  await expect.poll(() => caption(page), POLL).toMatch(/\(page 3 of 3\)$/);
  expect(await listed(page)).toEqual(onPage(3));
});
