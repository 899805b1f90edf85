/**
 * The web app warns before the session ends for inactivity, lets the person stay signed in,
 * and, once the time has passed, takes them to the sign-in page saying why. The server's idle
 * timeout is made short (12 s) so the test sees every step: the page warns 3 s before it gives up
 * (a quarter of the timeout), 1.2 s early (a tenth), so the warning shows 7.8 s after the last
 * request, twice, and axe (made ready beforehand) checks the second one in the 3 s before the
 * sign-out. (24 s, the timeout this file had, waited 37 s in all.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, injectAxe, startWebTracker, type WebTracker } from "./harness.ts";
import { waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
let web: WebTracker;

beforeAll(async () => {
  web = await startWebTracker({ today: "2026-11-21", config: { sessionIdleSeconds: 12 } });
});
afterAll(() => web?.close());

describe("the session-timeout warning", () => {
  it("warns, keeps the session when asked, then signs the person out with the reason", SLOW, async () => {
    const { page, context } = await web.newUser("icb.lsc");
    await waitForHeading(page, "Cases");
    const warning = page.getByRole("alertdialog");
    await warning.waitFor({ timeout: 25_000 });
    expect(await warning.innerText()).toMatch(/You will be signed out in \d+ seconds because you have not used the tracker for a while/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Stay signed in");
    await page.getByRole("button", { name: "Stay signed in" }).click();
    await warning.waitFor({ state: "detached" });
    // Still signed in on the server.
    expect((await page.request.get("/auth/me")).status()).toBe(200);

    // The second warning, left alone: checked by axe, then the time runs out. axe is put in the
    // page while the warning is awaited, so that checking it takes little of its 3 s.
    await injectAxe(page);
    await warning.waitFor({ timeout: 25_000 });
    expect(await axeViolations(page, ".app-session-warning")).toEqual([]);

    await page.waitForURL((url) => url.pathname === "/sign-in" && url.search === "?reason=idle", { timeout: 30_000 });
    await waitForHeading(page, "Sign in");
    expect(new URL(page.url()).search).toBe("?reason=idle");
    await page.getByText("You were signed out because you had not used the tracker for a while").waitFor();
    expect(web.problems).toEqual([]);
    await context.close();
  });
});
