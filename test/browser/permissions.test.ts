/**
 * The renderer shows what the server says a user may do: "Edit case" only where the record's
 * permissions allow it, "Add a case" only where /auth/me allows it, and an ICB user whose
 * organisation has closed is told so before starting a form, not after filling it in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
const DEMO_DHR = "2024/18877";
const DEMO_SAR = "2025/10431";

let web: WebTracker;
beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21", demoCases: true });
});
afterAll(() => web?.close());

async function openCase(page: Page, identifier: string): Promise<void> {
  await page.goto(COLLECTION_URL);
  await waitForHeading(page, "Cases");
  await page.getByRole("link", { name: identifier, exact: true }).click();
  await waitForHeading(page, new RegExp(identifier.replace(/[/]/g, "\\/")));
}

const editLinks = (page: Page) => page.getByRole("link", { name: "Edit case" }).count();

describe("what the renderer offers, as the server states it", () => {
  it("a regional user may edit a DHR in their region (the region's question) but is not offered Edit on other cases", SLOW, async () => {
    const { page, context } = await web.newUser("region.nw");
    await openCase(page, DEMO_DHR);
    expect(await editLinks(page)).toBe(1);
    await openCase(page, DEMO_SAR);
    expect(await editLinks(page)).toBe(0);
    expect(await page.getByRole("link", { name: "Add a case" }).count()).toBe(0);
    // Going to the edit address anyway says why, before any form.
    await page.goto(`${page.url()}/edit`);
    await waitForHeading(page, "You cannot view this page");
    expect(await page.locator("form.app-case-form").count()).toBe(0);
    await context.close();
  });

  it("a national user is offered the owner queue, and no Edit on a case that is not a DHR", SLOW, async () => {
    const { page, context } = await web.newUser("national");
    await waitForHeading(page, "Cases");
    expect(await page.getByRole("link", { name: "Cases waiting for an owner" }).count()).toBe(1);
    await openCase(page, DEMO_SAR);
    expect(await editLinks(page)).toBe(0);
    await context.close();
  });

  it("an ICB viewer is offered neither Add nor Edit", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc.viewer");
    await openCase(page, DEMO_DHR);
    expect(await editLinks(page)).toBe(0);
    await context.close();
  });

  it("the editor of a closed ICB is told on the case list, and before a form, naming the successor", SLOW, async () => {
    const { page, context } = await web.newUser("icb.ncl");
    await waitForHeading(page, "Cases");
    const warning = page.locator("#organisation-closed");
    expect(await warning.getByRole("heading").innerText()).toMatch(/North Central London.* has closed/);
    expect(await warning.innerText()).toMatch(/Z9B2Z/);
    expect(await page.getByRole("link", { name: "Add a case" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${COLLECTION_URL}/new`);
    await waitForHeading(page, "New cases cannot be added");
    expect(await page.locator("#organisation-closed").innerText()).toMatch(/West and North London.*Z9B2Z/s);
    expect(await page.locator("form.app-case-form").count()).toBe(0);
    await context.close();
  });

  it("saw no console errors, page errors or CSP violations", () => {
    expect(web.problems).toEqual([]);
  });
});
