/**
 * Every page of the tracker, in each of its main states, has no WCAG 2.2 A or AA violations
 * that axe-core can find; each is saved as desktop and mobile screenshots for reviewers
 * (test/output/screenshots). The tracker starts with its fictional demo cases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, dhrCase, fillCase, pathOf, waitForHeading } from "./steps.ts";

// Each test checks several states with axe at two widths and takes screenshots: slow on a loaded machine.
const SLOW = { timeout: 240_000 };
/** A demo case of Lancashire and South Cumbria ICB: a closed Domestic Homicide Review. */
const DEMO_DHR = "2024/18877";
const NEW_CASE = "LSC-A11Y-2026-0001";

let web: WebTracker;
let editor: { context: BrowserContext; page: Page };
/** Path of the case added by the create-form test. */
let caseUrl = "";

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21", demoCases: true });
});
afterAll(async () => {
  await web?.close();
});

/** No axe violations on the page as it is, on a desktop and on a phone; then screenshots of it. */
async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), `${name} (desktop)`).toEqual([]);
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 375, height: 812 });
  try {
    expect(await axeViolations(page), `${name} (mobile)`).toEqual([]);
  } finally {
    await page.setViewportSize(size);
  }
  await screenshots(page, name);
}

/** Opens a case of the list by its identifier (from the list page). */
async function openCase(page: Page, identifier: string): Promise<void> {
  await page.getByRole("link", { name: identifier, exact: true }).click();
  await waitForHeading(page, new RegExp(identifier.replace(/[/]/g, "\\/")));
}

describe("accessibility of every page", () => {
  it("sign-in: empty, and with its error after submitting without choosing; then signing in", SLOW, async () => {
    const { page, context } = await web.newVisitor();
    await page.goto("/sign-in");
    await waitForHeading(page, "Sign in");
    await check(page, "sign-in");

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".nhsuk-error-summary").waitFor();
    expect(await page.locator(".nhsuk-error-summary").innerText()).toContain("Select a user to sign in as");
    expect(await page.locator("#username-error").innerText()).toContain("Select a user to sign in as");
    await expect.poll(() => page.title()).toBe("Error: Sign in - Safeguarding Case Review Tracker - NHS England");
    await check(page, "sign-in-error");

    // Choosing a user signs in and goes home (other tests sign in by the same API call directly).
    await page.locator('input[name="username"][value="icb.lsc"]').check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForHeading(page, "Cases");
    expect(pathOf(page)).toBe(COLLECTION_URL);
    await context.close();
  });

  it("case list: with cases, and the empty state of a search that matches nothing", SLOW, async () => {
    editor = await web.newUser("icb.lsc");
    const { page } = editor;
    await waitForHeading(page, "Cases");
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await check(page, "case-list");

    await page.getByLabel("Search overview and identifier").fill("no case has these words");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No cases match your search and filters.").waitFor();
    expect(await page.locator("table").count()).toBe(0);
    await check(page, "case-list-empty");
  });

  it("case list of a regional user, with ICB and region columns", SLOW, async () => {
    const page = await web.sharedUser("region.nw", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    expect(await page.locator("thead th").allInnerTexts()).toEqual(expect.arrayContaining(["ICB", "Region"]));
    await check(page, "case-list-regional");
  });

  it("case page", SLOW, async () => {
    const { page } = editor;
    await page.goto(COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await openCase(page, DEMO_DHR);
    await check(page, "case");
  });

  // Five states, each checked twice by axe and photographed: the longest test here, so it gets longer.
  it("create form: empty, error state, filled; check answers; the saved case", { timeout: 300_000 }, async () => {
    const { page } = editor;
    await page.goto(COLLECTION_URL);
    await page.getByRole("link", { name: "Add a case" }).click();
    await waitForHeading(page, "Add a case");
    await check(page, "create-form");

    // Submitting it empty: the summary lists every required question, each field shows its error.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator("#error-summary").waitFor();
    expect(await page.locator("#error-summary a").count()).toBeGreaterThan(5);
    expect(await page.locator(".nhsuk-form-group--error").count()).toBeGreaterThan(5);
    await check(page, "create-form-errors");

    await fillCase(page, dhrCase(NEW_CASE));
    await page.locator("#root_icb_chief_nurse_assured").waitFor();
    await check(page, "create-form-filled");

    await page.getByRole("button", { name: "Continue" }).click();
    await waitForHeading(page, "Check your answers before saving");
    await check(page, "check-answers");

    await page.getByRole("button", { name: "Save case" }).click();
    await page.locator(".nhsuk-notification-banner--success").waitFor();
    caseUrl = pathOf(page);
    await check(page, "case-saved");
  });

  it("edit form of an ICB editor", SLOW, async () => {
    const { page } = editor;
    expect(caseUrl).not.toBe("");
    await page.goto(`${caseUrl}/edit`);
    await waitForHeading(page, /Edit case/);
    await check(page, "edit");
  });

  it("conflict message", SLOW, async () => {
    const { page, context } = editor;
    const other = await context.newPage();
    await other.goto(`${caseUrl}/edit`);
    await waitForHeading(other, /Edit case/);
    // The page at hand (on the edit form already) saves first.
    await page.getByLabel("What are the designated professional's initials?", { exact: true }).fill("JS");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Save case" }).click();
    await page.locator(".nhsuk-notification-banner--success").waitFor();

    await other.getByLabel("What are the designated professional's initials?", { exact: true }).fill("KP");
    await other.getByRole("button", { name: "Continue" }).click();
    await other.getByRole("button", { name: "Save case" }).click();
    await other.getByRole("button", { name: "Add my changes to the latest version" }).waitFor();
    await waitForHeading(other, "Someone else has changed this case");
    // Both changed the initials: the clash is shown, theirs beside this user's.
    expect(await other.getByRole("table", { name: "Answers you both changed" }).locator("tbody tr").innerText()).toBe("Designated professional initials\tJS\tKP");
    await check(other, "conflict");

    await other.getByRole("button", { name: "Add my changes to the latest version" }).click();
    await other.getByText("This is the latest version of the case").waitFor();
    expect(await other.getByLabel("What are the designated professional's initials?", { exact: true }).inputValue()).toBe("KP");
    await check(other, "conflict-reloaded");
    await other.close();
  });

  it("history", SLOW, async () => {
    const { page } = editor;
    await page.goto(caseUrl);
    await page.getByRole("link", { name: "View history" }).click();
    await waitForHeading(page, `History of ${NEW_CASE}`);
    expect(await page.locator("section.app-revision").count()).toBe(2);
    await check(page, "history");
  });

  it("edit form of a regional user, with read-only answers", SLOW, async () => {
    const page = await web.sharedUser("region.nw", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await openCase(page, DEMO_DHR);
    await page.getByRole("link", { name: "Edit case" }).click();
    await waitForHeading(page, /Edit case/);
    expect(await page.locator(".app-readonly-answer").count()).toBeGreaterThan(10);
    expect(await page.locator('form.app-case-form input[name="root_regional_chief_nurse_accepted"]').count()).toBe(2);
    await check(page, "edit-regional");
  });

  it("not-found pages: a case that cannot be seen, and an unknown address", SLOW, async () => {
    const { page, context } = await web.newUser("icb.nel", caseUrl);
    await waitForHeading(page, "Case not found");
    await check(page, "not-found-case");

    await page.goto("/no/such/page");
    await waitForHeading(page, "Page not found");
    await check(page, "not-found");
    await context.close();
  });

  it("no-access page: a read-only user trying to add a case", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc.viewer");
    await waitForHeading(page, "Cases");
    expect(await page.getByRole("link", { name: "Add a case" }).count()).toBe(0);
    await page.goto(`${COLLECTION_URL}/new`);
    await waitForHeading(page, "You cannot view this page");
    await check(page, "no-access");
    await context.close();
  });

  it("extract: the form, its error state, and the extract log", SLOW, async () => {
    const page = await web.sharedUser("national", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Extract", exact: true }).click();
    await waitForHeading(page, "Download an extract");
    await check(page, "extract");

    // A particular day, left empty: the page's own check.
    await page.getByLabel("A particular day").check();
    await page.getByRole("button", { name: "Download extract" }).click();
    await page.locator(".nhsuk-error-summary").waitFor();
    expect(await page.locator("#as-at-error").innerText()).toContain("Enter the as-at date");
    await check(page, "extract-error");

    // An extract to list (the download's own address, as the browser goes there).
    expect((await page.request.get("/api/collections/s-crt/extract?quarter=2026-27-Q2")).status()).toBe(200);
    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Extract log", exact: true }).click();
    await waitForHeading(page, "Extract log");
    expect(await page.locator("tbody tr").count()).toBe(1);
    await check(page, "extract-log");
  });

  it("learning library: the search form, results with matches marked, and a collection without one", SLOW, async () => {
    const page = await web.sharedUser("national", COLLECTION_URL);
    await waitForHeading(page, "Cases");
    await page.getByRole("link", { name: "Learning library" }).click();
    await waitForHeading(page, "Learning library");
    await check(page, "learning-library");

    await page.getByLabel("Words to search for").fill("routine enquiry");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator(".app-learning-passage mark").first().waitFor();
    await check(page, "learning-library-results");

    await page.goto("/c/action-plan/learning");
    await page.getByText("has no learning library").waitFor();
    await check(page, "learning-library-none");
  });

  it("saw no console errors, page errors or CSP violations", async () => {
    await editor.context.close();
    expect(web.problems).toEqual([]);
  });
});
