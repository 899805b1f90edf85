/**
 * The API documentation renders in Chromium under its Content-Security-Policy: every
 * operation is listed and opens, with no CSP violation and no console error (a new Swagger UI
 * whose logo style has another hash shows up here as a violation naming it).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWebTracker, type WebTracker } from "./harness.ts";

let web: WebTracker;
beforeAll(async () => {
  web = await startWebTracker();
});
afterAll(() => web?.close());

it("Swagger UI at /docs renders its operations without a CSP violation", { timeout: 120_000 }, async () => {
  const { page, context } = await web.newVisitor();
  const response = await page.goto("/docs");
  expect(response?.headers()["content-security-policy"]).not.toMatch(/unsafe-/);
  await page.locator(".opblock").first().waitFor();
  expect(await page.locator(".opblock").count()).toBeGreaterThan(10);
  await page.locator(".opblock-summary").first().click();
  await page.getByRole("button", { name: "Try it out" }).first().waitFor();
  expect(web.problems).toEqual([]);
  await context.close();
});
