/**
 * The form asks questions the service manual's way: each item's question (not the data item's
 * name) labels its input and names it in errors, follow-on questions are revealed under the
 * option that shows them, and inputs are as wide as their answers. On main before this change
 * the form asked "StEIS Number/Local Identifier", drew "Date closed" far below the status and
 * drew the 2–4 letter initials box full width.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { COLLECTION_URL, DHR_LABEL, waitForHeading } from "./steps.ts";

const SLOW = { timeout: 180_000 };

let web: WebTracker;
beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
});
afterAll(() => web?.close());

describe("questions on the add page", () => {
  it("reveals follow-on questions under their option, asks questions, names them in errors and sizes inputs", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc", `${COLLECTION_URL}/new`);
    await waitForHeading(page, "Add a case");
    const form = page.locator("form.app-case-form");

    // Questions label the inputs; the data item's name does not.
    await form.getByLabel("What is the StEIS number or local identifier?", { exact: true }).waitFor();
    expect(await form.getByText("StEIS Number/Local Identifier").count()).toBe(0);

    // Closing: the date closed question appears inside the "Closed" option's reveal, and goes again.
    expect(await page.locator("#root_date_closed-day").count()).toBe(0);
    await form.getByLabel("Closed", { exact: true }).check();
    const closedReveal = page.locator("#root_status-2-conditional");
    await closedReveal.locator("#root_date_closed-day").waitFor();
    expect(await closedReveal.locator("legend").innerText()).toBe("When was the case closed?");
    expect(await form.getByLabel("Closed", { exact: true }).getAttribute("aria-controls")).toBe("root_status-2-conditional");
    // The reveal sits between the "Closed" option and the next question, not further down the page.
    const [statusBox, revealBox, addedBox] = await Promise.all([
      page.locator("#root_status-2").boundingBox(),
      closedReveal.boundingBox(),
      page.locator("#root_date_added-day").boundingBox(),
    ]);
    expect(revealBox!.y).toBeGreaterThan(statusBox!.y);
    expect(revealBox!.y + revealBox!.height).toBeLessThanOrEqual(addedBox!.y);
    expect(await axeViolations(page)).toEqual([]);
    await form.getByLabel("Open", { exact: true }).check();
    await expect.poll(() => page.locator("#root_date_closed-day").count()).toBe(0);

    // DHR: both DHR questions under the DHR option (the region's one as text for an ICB editor).
    await form.getByLabel(DHR_LABEL, { exact: true }).check();
    const dhrReveal = page.locator("#root_review_type-2-conditional");
    await dhrReveal.locator("#root_icb_chief_nurse_assured").waitFor();
    expect(await dhrReveal.locator("#root_regional_chief_nurse_accepted").innerText()).toBe("Not answered");
    await form.getByLabel("Other", { exact: true }).first().waitFor();
    await page.locator("#root_review_type-8").check();
    await page.locator("#root_review_type-8-conditional #root_review_type_other").waitFor();
    expect(await page.locator("#root_icb_chief_nurse_assured").count()).toBe(0);

    // Widths: the initials box fits four letters, not the whole column.
    expect(await page.locator("#root_designated_professional_initials").getAttribute("class")).toContain("nhsuk-input--width-4");
    const initials = await page.locator("#root_designated_professional_initials").boundingBox();
    const overview = await page.locator("#root_brief_overview").boundingBox();
    expect(initials!.width).toBeLessThan(overview!.width / 3);

    // Errors name the item as the question does.
    await page.getByRole("button", { name: "Continue" }).click();
    const summary = page.locator("#error-summary");
    await summary.waitFor();
    const messages = await summary.getByRole("link").allInnerTexts();
    expect(messages).toContain("Enter the StEIS number or local identifier");
    expect(messages).toContain("Enter the other type of review");
    expect(messages.join("\n")).not.toMatch(/StEIS Number|Abuse\/Vulnerability/);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshots(page, "add-case-questions-errors");
    await context.close();
  });

  it("saw no console errors, page errors or CSP violations", () => {
    expect(web.problems).toEqual([]);
  });
});
