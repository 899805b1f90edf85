/**
 * Security headers on every answer (pages, API, sign-in, errors, the API documentation), no
 * caching of anything that may hold case data or tokens, HSTS only in production, and the
 * API documentation for signed-in users only in production.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

let tracker: Tracker;
let web: FastifyInstance;
let lsc: Client;
beforeAll(async () => {
  tracker = await startTracker();
  web = await buildApp(tracker.context, { webDist: RENDERER_DIST });
  lsc = await tracker.signIn("icb.lsc");
});
afterAll(async () => {
  await web?.close();
  await tracker?.destroy();
});

/** The same session's request to the app that also serves the web app. */
function get(url: string, client?: Client): Promise<LightMyRequestResponse> {
  return web.inject({ method: "GET", url, headers: client ? { cookie: client.cookie } : {} });
}

function expectSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  const csp = String(res.headers["content-security-policy"]);
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).not.toMatch(/unsafe-(inline|eval)|upgrade-insecure-requests/);
  expect(res.headers["x-content-type-options"], what).toBe("nosniff");
  expect(res.headers["referrer-policy"], what).toBe("same-origin");
  expect(res.headers["x-frame-options"], what).toBe("DENY");
}

describe("every answer carries the security headers", () => {
  it("pages, files, API answers, sign-in answers and errors alike", async () => {
    const shell = await get("/");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell.body)![1]!;
    const answers: [string, LightMyRequestResponse][] = [
      ["app shell", shell],
      ["client route", await get("/c/s-crt")],
      ["script", await get(script)],
      ["API list", await get(RECORDS, lsc)],
      ["API 401", await get(RECORDS)],
      ["API 404", await get("/api/nothing", lsc)],
      ["missing file", await get("/assets/missing.js")],
      ["session", await get("/auth/me", lsc)],
      ["bad JSON", await web.inject({ method: "POST", url: RECORDS, headers: { cookie: lsc.cookie, "x-csrf-token": lsc.csrfToken, "content-type": "application/json" }, payload: "{" })],
      ["docs", await get("/docs")],
      ["docs JSON", await get("/docs/json")],
    ];
    for (const [what, res] of answers) {
      expect(res.statusCode, what).toBeLessThan(500);
      expectSecurityHeaders(res, what);
      // Not in development: over plain HTTP it would pin the browser to HTTPS on this host.
      expect(res.headers["strict-transport-security"], what).toBeUndefined();
    }
  });

  it("the web app's policy allows no inline style; the documentation's only the one of the Swagger logo, by its hash", async () => {
    expect(String((await get("/")).headers["content-security-policy"])).toMatch(/style-src 'self'(;|$)/);
    for (const url of ["/docs", "/docs/static/swagger-initializer.js", "/docs/static/swagger-ui-bundle.js"]) {
      const csp = String((await get(url)).headers["content-security-policy"]);
      expect(csp, url).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    }
  });
});

describe("caching", () => {
  it("API and sign-in answers, errors included, are never stored by a browser or proxy", async () => {
    const created = await lsc.post(RECORDS, { data: validCase("HEADERS-1") });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const answers: [string, LightMyRequestResponse][] = [
      ["record", await lsc.get(`${RECORDS}/${id}`)],
      ["list", await lsc.get(RECORDS)],
      ["created", created],
      ["invalid", await lsc.post(RECORDS, { data: validCase("HEADERS-2", { date_added: "not a date" }) })],
      ["history", await lsc.get(`${RECORDS}/${id}/history`)],
      // A published version's form and validator are the exception: kept and revalidated by ETag (page-bootstrap.test.ts).
      ["anonymous", await tracker.anonymous().get(RECORDS)],
      ["unknown", await lsc.get("/api/nothing")],
      ["session", await lsc.get("/auth/me")],
      ["sign-in", await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "icb.nel" } })],
      ["failed sign-in", await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "nobody" } })],
    ];
    for (const [what, res] of answers) expect(res.headers["cache-control"], `${what} (${res.statusCode})`).toBe("no-store");
  });

  it("the web app's hashed files stay cacheable", async () => {
    const shell = await get("/");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell.body)![1]!;
    expect((await get(script)).headers["cache-control"]).toContain("immutable");
  });
});

describe("the API documentation", () => {
  it("is open in development", async () => {
    for (const url of ["/docs", "/docs/json", "/docs/yaml", "/docs/static/swagger-initializer.js"]) {
      expect((await tracker.anonymous().get(url)).statusCode, url).toBe(200);
    }
  });

  describe("in production", () => {
    let production: Tracker;
    beforeAll(async () => {
      production = await startTracker({ production: true });
    });
    afterAll(() => production?.destroy());

    /** A session as the production sign-in leaves it (there is no dev sign-in to make one). */
    async function sessionCookie(username: string): Promise<string> {
      const user = (await production.context.store.getUserByUsername(username)) ?? (await production.context.store.createUser({ username, email: username, displayName: username, role: "national", orgCode: "X24" }));
      const session = await production.context.store.createSession({ userId: user.id, method: "oidc", lifetimeSeconds: 60 });
      return `scrt_session=${production.app.signCookie(session.id)}`;
    }

    it("answers 401 JSON to anyone not signed in, and shows it to a signed-in user", async () => {
      const cookie = await sessionCookie("icb.lsc");
      for (const url of ["/docs", "/docs/", "/docs/json", "/docs/yaml", "/docs/static/swagger-initializer.js"]) {
        const anonymous = await production.app.inject({ method: "GET", url });
        expect(anonymous.statusCode, url).toBe(401);
        expect(anonymous.json(), url).toMatchObject({ code: "unauthenticated", message: "Sign in to read the API documentation" });
        const signedIn = await production.app.inject({ method: "GET", url, headers: { cookie } });
        expect(signedIn.statusCode, url).toBe(200);
      }
      const description = await production.app.inject({ method: "GET", url: "/docs/json", headers: { cookie } });
      expect((description.json() as { paths: Record<string, unknown> }).paths).toHaveProperty("/api/collections/{collection}/records");
    });

    it("sends HSTS on every answer", async () => {
      for (const url of ["/docs", "/api/collections", "/auth/me", "/nothing"]) {
        const res = await production.app.inject({ method: "GET", url });
        expectSecurityHeaders(res, url);
        expect(res.headers["strict-transport-security"], url).toBe("max-age=31536000; includeSubDomains");
      }
    });
  });
});
