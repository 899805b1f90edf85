/**
 * The learning library in the browser, by keyboard alone: a national user searches, sees the
 * passages with the matched words marked and the count announced, narrows by a filter, and
 * follows a result to its case; another ICB's user finds nothing of it. The search is in the
 * address, and no console errors or CSP violations occur.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { axeViolations, startWebTracker, type WebTracker } from "./harness.ts";
import { byId, byText, focused, tabAndType, tabTo, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
let web: WebTracker;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21", demoCases: true });
});
afterAll(() => web?.close());

it("a national user searches by keyboard and follows a result to its case", SLOW, async () => {
  const { page, context } = await web.newUser("national");
  await tabTo(page, "the Learning library link", byText("a", "Learning library"));
  await page.keyboard.press("Enter");
  await waitForHeading(page, "Learning library");
  expect(await page.getByRole("status").innerText()).toBe("Enter the words to search for");

  await tabAndType(page, "learning-q", "routine enquiry");
  await tabTo(page, "the Search button", byText("button", "Search"));
  await page.keyboard.press("Enter");
  await page.locator(".app-learning-passage mark").first().waitFor();
  expect(new URL(page.url()).searchParams.get("q")).toBe("routine enquiry");
  expect(await page.getByRole("status").innerText()).toBe("2 passages match your search");
  const marked = await page.locator(".app-learning-passage mark").allInnerTexts();
  expect(marked.map((t) => t.toLowerCase())).toEqual(["routine", "enquiry", "routine", "enquiry"]);
  const first = page.locator(".app-learning-results > li").first();
  expect(await first.innerText()).toMatch(/Domestic Homicide Review/);
  expect(await first.innerText()).toMatch(/Lancashire and South Cumbria/);
  expect(await axeViolations(page)).toEqual([]);

  // A filter that excludes the case: nothing, and the filter stays in the address.
  await tabTo(page, "the review type filter", byId("learning-review_type"));
  await page.keyboard.press("ArrowDown");
  expect((await focused(page)).value).not.toBe("");
  await tabTo(page, "the Search button", byText("button", "Search"));
  await page.keyboard.press("Enter");
  await page.getByText("No passages match your search. Try other words, or fewer filters.").waitFor();
  expect(new URL(page.url()).searchParams.get("review_type")).toBeTruthy();

  await page.goBack();
  await page.locator(".app-learning-passage mark").first().waitFor();
  await tabTo(page, "the first result's link", byText("a", "2024/18877"));
  await page.keyboard.press("Enter");
  await waitForHeading(page, /2024\/18877/);
  await context.close();
});

it("another ICB's user finds nothing of it", SLOW, async () => {
  const { page, context } = await web.newUser("icb.nel", "/learning?q=routine%20enquiry");
  await waitForHeading(page, "Learning library");
  await page.getByText("No passages match your search. Try other words, or fewer filters.").waitFor();
  // An ICB user's only region is their own: no region to choose.
  expect(await page.locator("#learning-region").count()).toBe(0);
  await context.close();
});

it("saw no console errors, page errors or CSP violations", () => {
  expect(web.problems).toEqual([]);
});
