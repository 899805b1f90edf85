/** The built web app as the server serves it: strict CSP on pages, client routes, assets, API untouched. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { startTracker, type Tracker } from "./harness.ts";

let tracker: Tracker;
let app: FastifyInstance;
beforeAll(async () => {
  tracker = await startTracker();
  app = await buildApp(tracker.context, { webDist: RENDERER_DIST });
});
afterAll(async () => {
  await app.close();
  await tracker.destroy();
});

describe("serving the web app", () => {
  it.each(["/", "/sign-in", "/c/s-crt", "/c/s-crt/some-id/history"])("serves the app shell at %s with a strict CSP", async (url) => {
    const res = await app.inject({ method: "GET", url });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.body).toContain('<div id="root"></div>');
    // No inline code: every <script> has a src, but for the page's data (JSON, which never runs).
    expect(res.body.match(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g)).toBeNull();
  });

  it("serves hashed assets with long caching, and nhsuk-frontend's images", async () => {
    const shell = await app.inject({ method: "GET", url: "/" });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell.body)![1]!;
    const res = await app.inject({ method: "GET", url: script });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toContain("immutable");
    const icon = await app.inject({ method: "GET", url: "/assets/images/favicon.svg" });
    expect(icon.statusCode).toBe(200);
  });

  it("keeps API and missing files as JSON 404s, not the app shell", async () => {
    for (const url of ["/api/nothing", "/assets/missing.js", "/auth/nothing"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"]).toMatch(/application\/json/);
    }
  });
});

describe("compression", () => {
  it("sends the app's scripts compressed to a browser that accepts gzip", async () => {
    const shell = await app.inject({ method: "GET", url: "/" });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell.body)![1]!;
    const plain = await app.inject({ method: "GET", url: script });
    const gzipped = await app.inject({ method: "GET", url: script, headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
  });
});
