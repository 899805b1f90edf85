/**
 * User administration in the browser: a user administrator finds "Users" in the header, adds an
 * account (the server's refusal shown first, in the error summary and at its field), and
 * deactivates it after confirming, which signs the person out on their next page. Others are
 * offered no link and cannot view the page. axe finds no WCAG 2.2 A or AA violations on any
 * of its states.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { focused, summaryValue, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 180_000 };
const TITLE_SUFFIX = " - Safeguarding Case Review Tracker - NHS England";
const NEW_EMAIL = "casey.jones@nhs.net";
const NEW_NAME = "Casey Jones";

let web: WebTracker;
let admin: { context: BrowserContext; page: Page };

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
  const { store } = web.tracker.context;
  await store.updateUser((await store.getUserByUsername("national"))!.id, { userAdmin: true });
});
afterAll(() => web?.close());

const navLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true });
const summary = (page: Page) => page.locator(".nhsuk-error-summary");

/** No axe violations on the page as it is, on a desktop and on a phone; then screenshots. */
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

describe("administering users", () => {
  it("a user administrator sees every account in a table", SLOW, async () => {
    admin = await web.newUser("national");
    const { page } = admin;
    await navLink(page, "Users").click();
    await waitForHeading(page, "Users");
    expect(await navLink(page, "Users").getAttribute("aria-current")).toBe("page");
    const table = page.getByRole("table", { name: /Users by name/ });
    const headings = await table.locator("thead th").allInnerTexts();
    expect(headings).toEqual(["Name", "Email", "Role", "Organisation", "Status", "Last signed in"]);
    const row = table.locator("tbody tr", { hasText: "Robin Hughes" });
    expect(await row.locator("td").allInnerTexts()).toEqual(["Robin Hughes (NHS England North West)", "region.nw", "Regional user", "NHS England North West (Y62)", "Active", "Never"]);
    expect(await table.locator("tbody tr", { hasText: "Taylor Reid" }).locator("td").nth(2).innerText()).toBe("National user, user administrator");
    await check(page, "users-list");

    // An address past the last page says so and leads back.
    await page.goto("/users?page=99");
    await page.getByText(/^There are no users on page 99: the list has 1 page\./).waitFor();
    expect(await page.getByRole("navigation", { name: "Pagination" }).count()).toBe(0);
    await page.getByRole("link", { name: "Go to page 1" }).click();
    await page.getByRole("table", { name: /Users by name/ }).waitFor();
    expect(new URL(page.url()).searchParams.has("page")).toBe(false);
  });

  it("adds a user: the server's refusal is shown first, at its field, then the account is added", SLOW, async () => {
    const { page } = admin;
    await page.getByRole("link", { name: "Add a user" }).click();
    await waitForHeading(page, "Add a user");
    await check(page, "users-add");

    await page.getByLabel("Email address").fill("casey.jones at nhs.net");
    await page.getByLabel("Full name").fill(NEW_NAME);
    await page.getByLabel("ICB editor", { exact: true }).check();
    const organisation = page.getByLabel("Organisation", { exact: true });
    // Only open ICBs are offered to an ICB role: North Central London closed in March 2026.
    const offered = await organisation.locator("option").allInnerTexts();
    expect(offered).toContain("NHS Lancashire and South Cumbria Integrated Care Board (QE1)");
    expect(offered.some((o) => o.includes("(QMJ)"))).toBe(false);
    await organisation.selectOption("QE1");
    // The user administrator permission is offered to national users only.
    expect(await page.getByLabel("User administrator").count()).toBe(0);
    await page.getByRole("button", { name: "Add user" }).click();

    await summary(page).waitFor();
    expect(await summary(page).innerText()).toContain("Enter an email address in the correct format, like name@nhs.net");
    expect((await focused(page)).classes).toContain("nhsuk-error-summary");
    expect(await page.locator("#email-error").innerText()).toContain("Enter an email address in the correct format");
    expect(await page.locator("#email").getAttribute("aria-describedby")).toContain("email-error");
    await expect.poll(() => page.title()).toBe(`Error: Add a user${TITLE_SUFFIX}`);
    await check(page, "users-add-error");
    await summary(page).getByRole("link").click();
    expect((await focused(page)).id).toBe("email");

    await page.getByLabel("Email address").fill(NEW_EMAIL);
    await page.getByRole("button", { name: "Add user" }).click();
    await waitForHeading(page, "Users");
    expect(await page.getByRole("alert").innerText()).toContain(`${NEW_NAME} (${NEW_EMAIL}) has been added as an ICB editor of NHS Lancashire and South Cumbria Integrated Care Board.`);
    const row = page.getByRole("table", { name: /Users by name/ }).locator("tbody tr", { hasText: NEW_NAME });
    expect(await row.locator("td").allInnerTexts()).toEqual([NEW_NAME, NEW_EMAIL, "ICB editor", "NHS Lancashire and South Cumbria Integrated Care Board (QE1)", "Active", "Never"]);
    const stored = await web.tracker.context.store.getUserByEmail(NEW_EMAIL);
    expect(stored).toMatchObject({ username: NEW_EMAIL, role: "icb_editor", orgCode: "QE1", active: true });
  });

  it("deactivates the user after a confirmation step, which signs them out on their next page", SLOW, async () => {
    // The new user is signed in and working.
    const casey = await web.newUser(NEW_EMAIL);
    await waitForHeading(casey.page, "Cases");

    const { page } = admin;
    await page.getByRole("link", { name: NEW_NAME, exact: true }).click();
    await waitForHeading(page, NEW_NAME);
    expect(await summaryValue(page, "Status").innerText()).toBe("Active");
    expect(await summaryValue(page, "Organisation").innerText()).toBe("NHS Lancashire and South Cumbria Integrated Care Board (QE1)");
    await check(page, "users-change");

    await page.getByRole("button", { name: "Deactivate account" }).click();
    await waitForHeading(page, `Deactivate ${NEW_NAME}?`);
    expect((await focused(page)).tag).toBe("h1");
    await check(page, "users-deactivate-confirm");
    // Cancelling changes nothing.
    await page.getByRole("button", { name: "Cancel" }).click();
    await waitForHeading(page, NEW_NAME);
    expect((await web.tracker.context.store.getUserByEmail(NEW_EMAIL))!.active).toBe(true);

    await page.getByRole("button", { name: "Deactivate account" }).click();
    await page.getByRole("button", { name: "Yes, deactivate" }).click();
    await waitForHeading(page, NEW_NAME);
    expect(await page.getByRole("alert").innerText()).toContain(`${NEW_NAME}'s account has been deactivated. They have been signed out and cannot sign in.`);
    expect(await summaryValue(page, "Status").innerText()).toBe("Deactivated");
    expect(await page.getByRole("button", { name: "Reactivate account" }).count()).toBe(1);
    await check(page, "users-deactivated");
    expect((await web.tracker.context.store.getUserByEmail(NEW_EMAIL))!.active).toBe(false);

    // Their next page finds the session ended.
    await casey.page.goto("/c/s-crt");
    await casey.page.waitForURL((url) => url.pathname === "/sign-in");
    await casey.context.close();

    await navLink(page, "Users").click();
    await waitForHeading(page, "Users");
    const row = page.getByRole("table", { name: /Users by name/ }).locator("tbody tr", { hasText: NEW_NAME });
    expect(await row.locator("td").nth(4).innerText()).toBe("Deactivated");
  });

  it("the administrator's own deactivation is refused by the server, shown in the error summary", SLOW, async () => {
    const { page } = admin;
    await page.getByRole("link", { name: "Taylor Reid (NHS England national team)", exact: true }).click();
    await waitForHeading(page, "Taylor Reid (NHS England national team)");
    await page.getByRole("button", { name: "Deactivate account" }).click();
    await page.getByRole("button", { name: "Yes, deactivate" }).click();
    await summary(page).waitFor();
    expect(await summary(page).innerText()).toContain("You cannot deactivate your own account: ask another user administrator");
    expect(await summaryValue(page, "Status").innerText()).toBe("Active");
    await check(page, "users-own-account-error");
    await admin.context.close();
  });

  it("others are offered no Users link and cannot view the page", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    await waitForHeading(page, "Cases");
    expect(await navLink(page, "Users").count()).toBe(0);
    await page.goto("/users/new");
    await waitForHeading(page, "You cannot view this page");
    await context.close();
  });

  it("saw no console errors, page errors or CSP violations", () => {
    expect(web.problems).toEqual([]);
  });
});
