/**
 * The session-timeout warning at both widths the service is checked at, 1,280 and 375 pixels:
 * focus moves into the warning, "Stay signed in" (by mouse on a desktop, by keyboard on a
 * phone) asks the server to keep the session, and on the next warning axe finds nothing on the
 * page and a screenshot of each is saved.
 *
 * The browser's clock is Playwright's fake one, moved on to just inside the warning, so the
 * warning holds still while axe and the screenshot take their time, and no test waits half an
 * hour. The server's idle timeout is the default. session-timeout.test.ts waits the real time
 * against a short server timeout, through to being signed out.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, SCREENSHOTS, startWebTracker, type WebTracker } from "./harness.ts";
import { waitForHeading } from "./steps.ts";

let web: WebTracker;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21" });
});
afterAll(() => web?.close());

const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, how: "click" },
  { name: "mobile", viewport: { width: 375, height: 812 }, how: "keyboard" },
] as const;

/**
 * The page warns 2 minutes before it gives up, which is a minute early (the server notes
 * activity at most once a minute): 27 minutes after the last request with the default 30. The
 * clock runs to 30 seconds past that: a minute and a half left, said as 2 minutes.
 */
const UNTIL_WARNING_MS = (30 - 1 - 2) * 60_000 + 30_000;

async function runUntilWarning(page: Page): Promise<void> {
  const warning = page.getByRole("alertdialog");
  expect(await warning.count(), "no warning before the time").toBe(0);
  // Every request the page makes on its own first: one answered after the clock has run on is
  // activity "now", half an hour on, and takes the warning away again. The case list's heading
  // comes before its drafts and its waiting count are answered (CI once clicked at a warning
  // that had just gone).
  await page.waitForLoadState("networkidle");
  await page.clock.runFor(UNTIL_WARNING_MS);
  await warning.waitFor({ timeout: 10_000 });
  expect(await warning.innerText()).toContain("You will be signed out in 2 minutes because you have not used the tracker for a while.");
}

describe("the session-timeout warning at 1,280 and 375 pixels", () => {
  it.each(WIDTHS)("$name: focus moves into it, axe finds nothing, and Stay signed in keeps the session", { timeout: 120_000 }, async ({ name, viewport, how }) => {
    const { page, context } = await web.newUser("icb.lsc");
    await context.clock.install();
    await page.reload();
    await page.setViewportSize(viewport);
    await waitForHeading(page, "Cases");
    await runUntilWarning(page);
    const warning = page.getByRole("alertdialog");

    // Focus is inside the warning, on its button, and the warning is on screen.
    const focus = await page.evaluate(() => ({ inWarning: !!document.activeElement?.closest('[role="alertdialog"]'), text: document.activeElement?.textContent }));
    expect(focus).toEqual({ inWarning: true, text: "Stay signed in" });
    // Waited for together: a click that fails must not leave the wait to fail later, unheard
    // (an unhandled rejection fails the whole run, even when the test's retry passes).
    await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === "/auth/me" && response.status() === 200),
      how === "click" ? page.getByRole("button", { name: "Stay signed in" }).click() : page.keyboard.press("Enter"),
    ]);
    await warning.waitFor({ state: "detached" });
    // Still signed in on the server, and on the page.
    expect((await page.request.get("/auth/me")).status()).toBe(200);
    expect(new URL(page.url()).pathname).not.toBe("/sign-in");

    // Counted again from the request that kept the session.
    await runUntilWarning(page);
    const box = await warning.boundingBox();
    expect(box, "the warning is laid out").not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, "no wider than the screen").toBeLessThanOrEqual(viewport.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(viewport.width);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `session-warning-${name}.png`) });
    expect(await axeViolations(page), `${name}: the page with the warning`).toEqual([]);
    expect(web.problems).toEqual([]);
    await context.close();
  });
});
