/**
 * Production sign-in in Chromium: the tracker's "Sign in" button, the real provider's own
 * login and consent pages (oidc-provider on loopback), the case list of the provisioned ICB
 * editor with only their ICB's cases, and sign-out of the tracker and the provider. Someone
 * without an account gets the no-access page. Each page passes axe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { validCase } from "../server/harness.ts";
import { startProvider, type TestProvider } from "../oidc/provider.ts";
import { axeViolations, freePort, screenshots, startWebTracker, type WebTracker } from "./harness.ts";
import { waitForHeading } from "./steps.ts";

const SLOW = { timeout: 120_000 };
let provider: TestProvider;
let web: WebTracker;

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startProvider([{ clientId: "scrt", clientSecret: "scrt-secret", redirectUri: `${base}/auth/oidc/callback`, postLogoutRedirectUri: `${base}/signed-out` }]);
  provider.accounts.set("alice", { email: "alice.smith@nhs.net", email_verified: true, name: "Alice Smith" });
  provider.accounts.set("bob", { email: "bob@nhs.net", email_verified: true });
  web = await startWebTracker({ port, today: "2026-11-21", production: true, oidc: { issuer: provider.issuer, clientId: "scrt", clientSecret: "scrt-secret", publicUrl: base } });
  const { store, registry } = web.tracker.context;
  const alice = await store.createUser({ username: "alice.smith@nhs.net", email: "alice.smith@nhs.net", displayName: "Alice Smith", role: "icb_editor", orgCode: "QE1" });
  const other = await store.createUser({ username: "nel@nhs.net", email: "nel@nhs.net", displayName: "Nel", role: "icb_editor", orgCode: "QMF" });
  const version = registry.published("s-crt")!.form.version;
  const at = "2026-10-02T09:00:00.000Z";
  await store.createRecord({ collection: "s-crt", version, ownerOrg: "QE1", data: validCase("OIDC-LSC-1"), userId: alice.id, complete: true, missing: [], unique: [], at });
  await store.createRecord({ collection: "s-crt", version, ownerOrg: "QMF", data: validCase("OIDC-NEL-1"), userId: other.id, complete: true, missing: [], unique: [], at });
});
afterAll(async () => {
  await web?.close();
  await provider?.close();
});

/** Through the provider's own development pages: login, then consent. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await page.getByRole("button", { name: "Continue" }).click();
}

describe("signing in through the single sign-on", () => {
  it("takes a provisioned ICB editor from the Sign in button to their ICB's cases, and signs them out of both", SLOW, async () => {
    const { page, context } = await web.newVisitor();
    await page.goto("/c/s-crt");
    await waitForHeading(page, "Sign in");
    expect(await page.locator("select, input[type=radio]").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, "sign-in-oidc");

    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await signInAtProvider(page, "alice");
    await page.waitForURL((url) => url.pathname === "/c/s-crt");
    await waitForHeading(page, "Cases");
    await expect(page.getByRole("link", { name: "OIDC-LSC-1" }).count()).resolves.toBe(1);
    expect(await page.getByText("OIDC-NEL-1").count()).toBe(0);
    expect(await page.locator("header").innerText()).toContain("Alice Smith");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole("button", { name: /sign me out/i }).click();
    await waitForHeading(page, "You have signed out");
    expect(new URL(page.url()).pathname).toBe("/signed-out");
    expect(await axeViolations(page)).toEqual([]);
    // The tracker's session has gone.
    expect((await page.request.get("/auth/me")).status()).toBe(401);
    // The provider's development pages fetch web fonts this machine cannot reach: only the tracker's pages count.
    expect(web.problems.filter((p) => p.startsWith(web.baseUrl))).toEqual([]);
    await context.close();
  });

  it("tells someone with no account that they have no access and whom to ask", SLOW, async () => {
    const { page, context } = await web.newVisitor();
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await signInAtProvider(page, "bob");
    await page.waitForURL((url) => url.pathname === "/sign-in" && url.search === "?error=no_access");
    await page.getByText("You do not have access to the tracker").waitFor();
    expect(await page.getByText("Ask your organisation's tracker administrator").count()).toBe(1);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, "sign-in-no-access");
    expect(await web.tracker.context.store.getUserByEmail("bob@nhs.net")).toBeUndefined();
    await context.close();
  });
});
