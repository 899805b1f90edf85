/**
 * The session-timeout warning at both widths the service is checked at, 1,280 and 375 pixels:
 * focus moves into the warning, "Stay signed in" (by mouse on a desktop, by keyboard on a
 * phone) keeps the session on the server, and on the next warning axe finds nothing on the
 * page and a screenshot of each is saved. The server's idle timeout is short (24 s) so the warning
 * comes within seconds.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, SCREENSHOTS, startWebTracker, type WebTracker } from "./harness.ts";
import { waitForHeading } from "./steps.ts";

let web: WebTracker;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21", config: { sessionIdleSeconds: 24 } });
});
afterAll(() => web?.close());

const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, how: "click" },
  { name: "mobile", viewport: { width: 375, height: 812 }, how: "keyboard" },
] as const;

describe("the session-timeout warning at 1,280 and 375 pixels", () => {
  it.each(WIDTHS)("$name: focus moves into it, axe finds nothing, and Stay signed in keeps the session", { timeout: 120_000 }, async ({ name, viewport, how }) => {
    const { page, context } = await web.newUser("icb.lsc");
    await page.setViewportSize(viewport);
    await waitForHeading(page, "Cases");
    const warning = page.getByRole("alertdialog");
    await warning.waitFor({ timeout: 25_000 });

    // Focus is inside the warning, on its button, and the warning is on screen.
    const focus = await page.evaluate(() => ({ inWarning: !!document.activeElement?.closest('[role="alertdialog"]'), text: document.activeElement?.textContent }));
    expect(focus).toEqual({ inWarning: true, text: "Stay signed in" });
    // The warning gives seconds only (the idle timeout is short): the person stays signed in
    // first, and the checks that take time are made on the next warning.
    if (how === "click") await page.getByRole("button", { name: "Stay signed in" }).click();
    else await page.keyboard.press("Enter");
    await warning.waitFor({ state: "detached" });
    // Still signed in on the server, and on the page.
    expect((await page.request.get("/auth/me")).status()).toBe(200);
    expect(new URL(page.url()).pathname).not.toBe("/sign-in");

    await warning.waitFor({ timeout: 25_000 });
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
