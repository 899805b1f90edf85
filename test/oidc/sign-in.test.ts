/**
 * OpenID Connect sign-in against a real provider (oidc-provider on a loopback port): the
 * tracker under test through inject, the provider over real HTTP, and a browser stand-in that
 * follows the redirects and fills the provider's development pages.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../storage/index.ts";
import { RECORDS, startTracker, validCase, type Tracker } from "../server/harness.ts";
import { Browser, startProvider, type TestProvider } from "./provider.ts";

const PUBLIC_URL = "http://127.0.0.1:39999";
const TRACKER = { clientId: "scrt", clientSecret: "scrt-secret", redirectUri: `${PUBLIC_URL}/auth/oidc/callback`, postLogoutRedirectUri: `${PUBLIC_URL}/signed-out` };
// Another client of the same provider (an attacker may register one with any redirect URI).
const OTHER = { clientId: "other", clientSecret: "other-secret", redirectUri: TRACKER.redirectUri, postLogoutRedirectUri: TRACKER.postLogoutRedirectUri };

let provider: TestProvider;
let tracker: Tracker;

beforeAll(async () => {
  provider = await startProvider([TRACKER, OTHER]);
  provider.accounts.set("alice", { email: "Alice.Smith@nhs.net", email_verified: true, name: "Alice Smith" });
  provider.accounts.set("bob", { email: "bob@nhs.net", email_verified: true, name: "Bob" });
  provider.accounts.set("carol", { email: "carol@nhs.net", email_verified: false });
  provider.accounts.set("dan", { email: "dan@nhs.net", email_verified: true });
});
afterAll(() => provider?.close());

async function trackerWith(overrides: Partial<{ clientSecret: string; issuer: string }> = {}): Promise<Tracker> {
  return startTracker({
    today: "2026-11-21",
    oidc: { issuer: overrides.issuer ?? provider.issuer, clientId: TRACKER.clientId, clientSecret: overrides.clientSecret ?? TRACKER.clientSecret, publicUrl: PUBLIC_URL },
  });
}

function browserFor(t: Tracker): Browser {
  return new Browser(new URL(PUBLIC_URL).origin, async (path, cookie) => {
    const res = await t.app.inject({ method: "GET", url: path, headers: cookie ? { cookie } : {} });
    const set = res.headers["set-cookie"];
    return { status: res.statusCode, location: res.headers.location as string | undefined, setCookies: set === undefined ? [] : Array.isArray(set) ? set : [set], body: res.body };
  });
}

const HOST = new URL(PUBLIC_URL).host;

/** Starts at the tracker's sign-in route and signs in at the provider; returns the callback address, unvisited. */
async function toCallback(browser: Browser, login: string): Promise<URL> {
  const start = await browser.request(`${PUBLIC_URL}/auth/oidc/login`);
  expect(start.status).toBe(303);
  expect(start.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
  return browser.signInAtProvider(start.location!, login);
}

async function me(t: Tracker, browser: Browser) {
  return t.app.inject({ method: "GET", url: "/auth/me", headers: { cookie: browser.cookieHeader(HOST) } });
}

async function auditOf(t: Tracker, action: AuditEntry["action"]): Promise<AuditEntry[]> {
  return (await t.context.store.listAudit({ limit: 50, actions: [action] })).items;
}

describe("signing in through OpenID Connect", () => {
  beforeEach(async () => {
    tracker = await trackerWith();
    await tracker.context.store.createUser({ username: "alice.smith@nhs.net", email: "alice.smith@nhs.net", displayName: "Alice Smith", role: "icb_editor", orgCode: "QE1" });
  });
  afterEach(() => tracker.destroy());

  it("signs in a provisioned ICB editor with PKCE, state and nonce, links the identity, scopes their records, and signs out of both", async () => {
    const browser = browserFor(tracker);
    const start = await browser.request(`${PUBLIC_URL}/auth/oidc/login?returnTo=/c/s-crt/cases`);
    const authorize = new URL(start.location!);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: "scrt", redirect_uri: TRACKER.redirectUri, response_type: "code", code_challenge_method: "S256", scope: "openid email profile" });
    for (const p of ["state", "nonce", "code_challenge"]) expect(authorize.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);

    const callback = await browser.signInAtProvider(start.location!, "alice");
    const done = await browser.request(callback.href);
    expect(done).toMatchObject({ status: 303, location: `${PUBLIC_URL}/c/s-crt/cases` });

    const session = await me(tracker, browser);
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ user: { username: "alice.smith@nhs.net", role: "icb_editor", organisation: { code: "QE1" } }, session: { method: "oidc", idleTimeoutSeconds: 1800 } });
    const user = (await tracker.context.store.getUserByEmail("alice.smith@nhs.net"))!;
    expect(user).toMatchObject({ externalIssuer: provider.issuer, externalSubject: "alice" });
    expect(user.lastSignInAt).not.toBeNull();
    expect((await auditOf(tracker, "sign_in"))[0]).toMatchObject({ userId: user.id, actor: "alice.smith@nhs.net", ip: "127.0.0.1", details: { method: "oidc", linked: true } });

    // Only their ICB's cases.
    const csrf = (session.json() as { csrfToken: string }).csrfToken;
    const headers = { cookie: browser.cookieHeader(HOST), "x-csrf-token": csrf };
    const created = await tracker.app.inject({ method: "POST", url: RECORDS, headers, payload: { data: validCase("2026/OIDC1") } });
    expect(created.statusCode).toBe(201);
    const nel = (await tracker.context.store.getUserByUsername("icb.nel"))!;
    const entry = tracker.context.registry.published("s-crt")!;
    await tracker.context.store.createRecord({ collection: "s-crt", version: entry.form.version, ownerOrg: "QMF", data: validCase("2026/NEL1"), userId: nel.id, complete: true, missing: [], unique: [] });
    const list = await tracker.app.inject({ method: "GET", url: RECORDS, headers });
    expect((list.json() as { items: { ownerOrg: string }[] }).items.map((r) => r.ownerOrg)).toEqual(["QE1"]);

    const out = await tracker.app.inject({ method: "POST", url: "/auth/logout", headers });
    expect(out.statusCode).toBe(200);
    const providerSignOut = new URL((out.json() as { providerSignOutUrl: string }).providerSignOutUrl);
    expect(providerSignOut.origin + providerSignOut.pathname).toBe(`${provider.issuer}/session/end`);
    expect(providerSignOut.searchParams.get("post_logout_redirect_uri")).toBe(`${PUBLIC_URL}/signed-out`);
    expect(providerSignOut.searchParams.get("id_token_hint")).toMatch(/^ey/);
    expect((await me(tracker, browser)).statusCode).toBe(401);
    // The provider accepts the sign-out request it is sent to (its own confirmation page).
    expect((await browser.request(providerSignOut.href)).status).toBe(200);
  });

  it("knows a linked person by issuer and subject afterwards, whatever their email becomes", async () => {
    const first = browserFor(tracker);
    await first.request((await toCallback(first, "alice")).href);
    provider.accounts.set("alice", { email: "alice.new@nhs.net", email_verified: true });
    try {
      const again = browserFor(tracker);
      const done = await again.request((await toCallback(again, "alice")).href);
      expect(done.location).toBe(`${PUBLIC_URL}/`);
      expect((await me(tracker, again)).json()).toMatchObject({ user: { username: "alice.smith@nhs.net" } });
    } finally {
      provider.accounts.set("alice", { email: "Alice.Smith@nhs.net", email_verified: true, name: "Alice Smith" });
    }
  });

  it("gives someone without an account the no-access page, creates nothing and audits the claimed email", async () => {
    const before = (await tracker.context.store.listUsers()).length;
    const browser = browserFor(tracker);
    const done = await browser.request((await toCallback(browser, "bob")).href);
    expect(done).toMatchObject({ status: 303, location: `${PUBLIC_URL}/sign-in?error=no_access` });
    expect(browser.cookie(HOST, "scrt_session")).toBeUndefined();
    expect(await tracker.context.store.listUsers()).toHaveLength(before);
    expect((await auditOf(tracker, "sign_in_failed"))[0]).toMatchObject({ userId: null, actor: "bob@nhs.net", details: { method: "oidc", reason: "no_account" } });
  });

  it("links by email only when the provider says it is verified", async () => {
    await tracker.context.store.createUser({ username: "carol@nhs.net", email: "carol@nhs.net", displayName: "Carol", role: "icb_viewer", orgCode: "QE1" });
    const browser = browserFor(tracker);
    const done = await browser.request((await toCallback(browser, "carol")).href);
    expect(done.location).toBe(`${PUBLIC_URL}/sign-in?error=no_access`);
    expect((await tracker.context.store.getUserByEmail("carol@nhs.net"))?.externalSubject).toBeNull();
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ reason: "email_not_verified" });
  });

  it("does not let a second identity with the same email take over a linked account", async () => {
    const first = browserFor(tracker);
    await first.request((await toCallback(first, "alice")).href);
    provider.accounts.set("impostor", { email: "alice.smith@nhs.net", email_verified: true });
    const browser = browserFor(tracker);
    const done = await browser.request((await toCallback(browser, "impostor")).href);
    expect(done.location).toBe(`${PUBLIC_URL}/sign-in?error=no_access`);
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ reason: "linked_to_another_identity" });
  });

  it("refuses a deactivated user, and deactivating ends their open session at once", async () => {
    const browser = browserFor(tracker);
    await browser.request((await toCallback(browser, "alice")).href);
    expect((await me(tracker, browser)).statusCode).toBe(200);
    const alice = (await tracker.context.store.getUserByEmail("alice.smith@nhs.net"))!;
    await tracker.context.store.updateUser(alice.id, { active: false });
    expect((await me(tracker, browser)).statusCode).toBe(401);

    const again = browserFor(tracker);
    const done = await again.request((await toCallback(again, "alice")).href);
    expect(done.location).toBe(`${PUBLIC_URL}/sign-in?error=deactivated`);
    expect(again.cookie(HOST, "scrt_session")).toBeUndefined();
    expect((await auditOf(tracker, "sign_in_failed"))[0]).toMatchObject({ userId: alice.id, details: { reason: "deactivated" } });
  });

  it("refuses a tampered state, and a callback with no sign-in in progress", async () => {
    const browser = browserFor(tracker);
    const callback = await toCallback(browser, "alice");
    callback.searchParams.set("state", "forged-state-value");
    const done = await browser.request(callback.href);
    expect(done.location).toBe(`${PUBLIC_URL}/sign-in?error=failed`);
    expect(browser.cookie(HOST, "scrt_session")).toBeUndefined();
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ method: "oidc", reason: "invalid_response" });

    const stranger = browserFor(tracker);
    const forged = await stranger.request(`${PUBLIC_URL}/auth/oidc/callback?code=abc&state=def`);
    expect(forged.location).toBe(`${PUBLIC_URL}/sign-in?error=expired`);
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ reason: "no_sign_in_in_progress" });
  });

  it("refuses a replayed authorization code, even with the sign-in cookie it came with", async () => {
    const browser = browserFor(tracker);
    const callback = await toCallback(browser, "alice");
    const transaction = browser.cookie(HOST, "scrt_oidc")!;
    expect((await browser.request(callback.href)).location).toBe(`${PUBLIC_URL}/`);

    const attacker = browserFor(tracker);
    attacker.setCookie(HOST, "scrt_oidc", transaction);
    const replay = await attacker.request(callback.href);
    expect(replay.location).toBe(`${PUBLIC_URL}/sign-in?error=failed`);
    expect(attacker.cookie(HOST, "scrt_session")).toBeUndefined();
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ reason: "code_refused" });
  });

  it("refuses a code (and so an ID token) issued to another client", async () => {
    const browser = browserFor(tracker);
    const start = await browser.request(`${PUBLIC_URL}/auth/oidc/login`);
    // The same request, as the other client: the provider issues the code to "other".
    const forOther = new URL(start.location!);
    forOther.searchParams.set("client_id", OTHER.clientId);
    const callback = await browser.signInAtProvider(forOther.href, "alice");
    const done = await browser.request(callback.href);
    expect(done.location).toBe(`${PUBLIC_URL}/sign-in?error=failed`);
    expect(browser.cookie(HOST, "scrt_session")).toBeUndefined();
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ reason: "code_refused" });
  });

  it("has no dev sign-in when OpenID Connect is configured, and says how to sign in", async () => {
    expect((await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "national" } })).statusCode).toBe(404);
    expect((await tracker.app.inject({ method: "GET", url: "/auth/dev-users" })).statusCode).toBe(404);
    expect((await tracker.app.inject({ method: "GET", url: "/auth/method" })).json()).toEqual({ method: "oidc", signInUrl: "/auth/oidc/login" });
    // A dev session (made while the folder served the dev sign-in) is not honoured.
    const national = (await tracker.context.store.getUserByUsername("national"))!;
    const dev = await tracker.context.store.createSession({ userId: national.id, method: "dev", lifetimeSeconds: 600 });
    const res = await tracker.app.inject({ method: "GET", url: RECORDS, headers: { cookie: `scrt_session=${tracker.app.signCookie(dev.id)}` } });
    expect(res.statusCode).toBe(401);
    expect(await tracker.context.store.getSession(dev.id)).toBeUndefined();
  });
});

describe("when the provider or the tracker's settings fail", () => {
  afterEach(() => tracker?.destroy());

  it("says sign-in is unavailable when the provider is down, and audits it", async () => {
    tracker = await trackerWith({ issuer: "http://127.0.0.1:9" });
    const res = await tracker.app.inject({ method: "GET", url: "/auth/oidc/login" });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/sign-in?error=unavailable");
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ method: "oidc", reason: "provider_unavailable" });
  });

  it("says sign-in is unavailable when the provider refuses the tracker's client secret", async () => {
    tracker = await trackerWith({ clientSecret: "wrong-secret" });
    await tracker.context.store.createUser({ username: "alice.smith@nhs.net", email: "alice.smith@nhs.net", displayName: "Alice Smith", role: "icb_editor", orgCode: "QE1" });
    const browser = browserFor(tracker);
    const done = await browser.request((await toCallback(browser, "alice")).href);
    expect(done.location).toBe(`${PUBLIC_URL}/sign-in?error=unavailable`);
    expect((await auditOf(tracker, "sign_in_failed"))[0]?.details).toMatchObject({ reason: "client_refused" });
  });
});
