/**
 * Sessions end when idle, at their absolute end, and when made by a sign-in method the server
 * does not offer; every sign-in makes a new session id; production starts only when it can
 * sign people in safely.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../ops/index.ts";
import { createServerContext, StartupRefused } from "../../server/index.ts";
import { RECORDS, sharedRegistry, startTracker, testConfig, UNREACHED_OIDC, type Tracker } from "./harness.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let tracker: Tracker | undefined;
afterEach(async () => {
  await tracker?.destroy();
  tracker = undefined;
});

describe("sessions", () => {
  it("end after the idle timeout, and each request keeps them alive until then", async () => {
    tracker = await startTracker({ config: { sessionIdleSeconds: 1.5 } });
    const user = await tracker.signIn("icb.lsc");
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      expect((await user.get(RECORDS)).statusCode).toBe(200);
    }
    await sleep(1700);
    const res = await user.get(RECORDS);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: "unauthenticated" });
    const ended = (await tracker.context.store.listAudit({ limit: 5, actions: ["session_ended"] })).items;
    expect(ended[0]).toMatchObject({ actor: "icb.lsc", details: { reason: "idle" } });
  });

  it("end at their absolute lifetime however active", async () => {
    tracker = await startTracker({ config: { sessionLifetimeSeconds: 2 } });
    const user = await tracker.signIn("icb.lsc");
    const started = Date.now();
    while (Date.now() - started < 1700) {
      expect((await user.get("/auth/me")).statusCode).toBe(200);
      await sleep(300);
    }
    await sleep(500);
    expect((await user.get("/auth/me")).statusCode).toBe(401);
  });

  it("get a new id at every sign-in, and the old one stops working", async () => {
    tracker = await startTracker();
    const first = await tracker.signIn("icb.lsc");
    const again = await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "national" }, headers: { cookie: first.cookie } });
    expect(again.statusCode).toBe(200);
    const next = again.cookies.find((c) => c.name === "scrt_session")!;
    expect(`scrt_session=${next.value}`).not.toBe(first.cookie);
    expect((await first.get("/auth/me")).statusCode).toBe(401);
    expect((await tracker.app.inject({ method: "GET", url: "/auth/me", headers: { cookie: `scrt_session=${next.value}` } })).json()).toMatchObject({ user: { username: "national" }, session: { method: "dev" } });
  });

  it("are found only from a cookie with this server's signature, however often the genuine one was used", async () => {
    tracker = await startTracker();
    const user = await tracker.signIn("icb.lsc");
    const me = (cookie: string) => tracker!.app.inject({ method: "GET", url: "/auth/me", headers: { cookie } });
    // The genuine cookie, twice: the second time its signature is not worked out again.
    for (let i = 0; i < 2; i++) expect((await me(user.cookie)).statusCode).toBe(200);
    const value = decodeURIComponent(user.cookie.slice("scrt_session=".length));
    const dot = value.lastIndexOf(".");
    const [id, signature] = [value.slice(0, dot), value.slice(dot + 1)];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    for (const forged of [id, `${id}.`, `${id}.${flip(signature, 0)}`, `${id}.${flip(signature, signature.length - 1)}`, `${flip(id, 3)}.${signature}`, `${id}x.${signature}`]) {
      expect((await me(`scrt_session=${encodeURIComponent(forged)}`)).statusCode, forged).toBe(401);
    }
    expect((await me(user.cookie)).statusCode).toBe(200);
  });

  it("say when they end, for the web app's warning", async () => {
    tracker = await startTracker({ config: { sessionIdleSeconds: 900, sessionLifetimeSeconds: 3600 } });
    const user = await tracker.signIn("icb.lsc");
    const { session } = (await user.get("/auth/me")).json() as { session: { idleTimeoutSeconds: number; expiresAt: string } };
    expect(session.idleTimeoutSeconds).toBe(900);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
  });
});

describe("behind a proxy", () => {
  it("takes the client's address from X-Forwarded-For only when TRUST_PROXY says so", async () => {
    for (const [trustProxy, expected] of [[undefined, "127.0.0.1"], [1, "203.0.113.9"]] as const) {
      tracker = await startTracker(trustProxy === undefined ? {} : { trustProxy });
      const res = await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "icb.lsc" }, headers: { "x-forwarded-for": "203.0.113.9" } });
      expect(res.statusCode).toBe(200);
      expect((await tracker.context.store.listAudit({ limit: 1, actions: ["sign_in"] })).items[0]?.ip).toBe(expected);
      await tracker.destroy();
      tracker = undefined;
    }
  });
});

describe("a production server", () => {
  it("refuses to start without an identity provider or a session secret, saying what to set; NODE_ENV=Production is production", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scrt-prod-"));
    try {
      const config = { ...loadConfig({ NODE_ENV: "Production", DATA_DIR: dir }), port: 0 };
      expect(config.production).toBe(true);
      const refused = await createServerContext({ config, registry: await sharedRegistry() }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StartupRefused);
      expect((refused as Error).message).toMatch(/OIDC_ISSUER is not set.*\n.*SESSION_SECRET is not set/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to start while demo users or dev sessions are in its database, naming the command that removes them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scrt-prod-"));
    try {
      const dev = await startTracker({ dataDir: dir });
      const session = await dev.signIn("national");
      const cookie = session.cookie;
      await dev.stop();
      const config = await testConfig(dir, { production: true, oidc: UNREACHED_OIDC, sessionSecret: "s".repeat(40) });
      const refused = await createServerContext({ config, registry: await sharedRegistry(), seed: { users: false, demoCases: false } }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StartupRefused);
      expect((refused as Error).message).toMatch(/7 demo user\(s\) and 1 dev session\(s\).*npm run scrt -- users remove-demo/);

      // Once removed, it starts, and the old dev cookie is worth nothing.
      const { openTracker } = await import("../../ops/index.ts");
      const opened = await openTracker(config, { registry: await sharedRegistry() });
      expect(await opened.store.removeDevAccess()).toEqual({ users: 7, sessions: 1 });
      await opened.close();
      tracker = await startTracker({ dataDir: dir, production: true });
      expect((await tracker.app.inject({ method: "GET", url: RECORDS, headers: { cookie } })).statusCode).toBe(401);
      expect((await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "national" } })).statusCode).toBe(404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not honour a dev session even when one appears in its database", async () => {
    tracker = await startTracker({ production: true });
    const admin = await tracker.context.store.createUser({ username: "ada@nhs.net", email: "ada@nhs.net", displayName: "Ada", role: "national", orgCode: "X24" });
    const dev = await tracker.context.store.createSession({ userId: admin.id, method: "dev", lifetimeSeconds: 600 });
    const res = await tracker.app.inject({ method: "GET", url: "/auth/me", headers: { cookie: `scrt_session=${tracker.app.signCookie(dev.id)}` } });
    expect(res.statusCode).toBe(401);
    const oidc = await tracker.context.store.createSession({ userId: admin.id, method: "oidc", lifetimeSeconds: 600 });
    expect((await tracker.app.inject({ method: "GET", url: "/auth/me", headers: { cookie: `scrt_session=${tracker.app.signCookie(oidc.id)}` } })).statusCode).toBe(200);
  });
});
