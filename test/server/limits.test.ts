/**
 * Request limits over the real server: sign-in attempts per client address, and requests per
 * signed-in user (per address before sign-in), each answered 429 with a JSON error and
 * Retry-After once exceeded, and counted again after the window.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../../server/index.ts";
import { RECORDS, startTracker, type Tracker } from "./harness.ts";

let tracker: Tracker | undefined;
afterEach(async () => {
  await tracker?.destroy();
  tracker = undefined;
});

function signInFrom(t: Tracker, remoteAddress: string, username: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: "POST", url: "/auth/dev-login", remoteAddress, payload: { username } });
}

function expectRateLimited(res: LightMyRequestResponse, windowSeconds: number, what = ""): void {
  expect(res.statusCode, what).toBe(429);
  expect(res.headers["content-type"], what).toMatch(/^application\/json/);
  expect(res.json(), what).toMatchObject({ statusCode: 429, error: "Too Many Requests", code: "rate_limited" });
  expect((res.json() as { message: string }).message, what).toMatch(/^Too many requests: try again in \d+ seconds?$/);
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter, what).toBeGreaterThan(0);
  expect(retryAfter, what).toBeLessThanOrEqual(windowSeconds);
}

describe("production defaults", () => {
  it("are strict for sign-in and generous per user", () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({ signInPerAddress: 10, perUser: 600, windowMs: 60_000 });
  });
});

describe("sign-in attempts", () => {
  it("are limited per client address, failed and successful alike, and not the rest of the service", async () => {
    tracker = await startTracker({ rateLimits: { signInPerAddress: 3 } });
    const t = tracker;
    expect((await signInFrom(t, "203.0.113.7", "nobody")).statusCode).toBe(401);
    expect((await signInFrom(t, "203.0.113.7", "icb.nel")).statusCode).toBe(200);
    const signedIn = await signInFrom(t, "203.0.113.7", "icb.lsc");
    expect(signedIn.statusCode).toBe(200);
    // A known name is refused as an unknown one is: the limit gives nothing away either.
    for (const username of ["icb.lsc", "nobody"]) {
      const refused = await signInFrom(t, "203.0.113.7", username);
      expectRateLimited(refused, 60, username);
      expect(refused.headers["cache-control"]).toBe("no-store");
      expect(refused.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
    // Another address is counted on its own.
    expect((await signInFrom(t, "198.51.100.20", "icb.lsc")).statusCode).toBe(200);
    // Whoever signed in before the limit was reached goes on working.
    const cookie = `scrt_session=${signedIn.cookies.find((c) => c.name === "scrt_session")!.value}`;
    const list = await t.app.inject({ method: "GET", url: RECORDS, remoteAddress: "203.0.113.7", headers: { cookie } });
    expect(list.statusCode).toBe(200);
  });

  it("are allowed again once the window has passed", async () => {
    tracker = await startTracker({ rateLimits: { signInPerAddress: 1, windowMs: 1_000 } });
    expect((await signInFrom(tracker, "203.0.113.8", "icb.lsc")).statusCode).toBe(200);
    expectRateLimited(await signInFrom(tracker, "203.0.113.8", "icb.lsc"), 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await signInFrom(tracker, "203.0.113.8", "icb.lsc")).statusCode).toBe(200);
  });
});

describe("requests per user", () => {
  it("count each signed-in user across every route, whatever their address, and not another user at the same address", async () => {
    tracker = await startTracker({ rateLimits: { perUser: 4 } });
    const lsc = await tracker.signIn("icb.lsc");
    const nel = await tracker.signIn("icb.nel");
    // Four requests on three routes, from two addresses: one user's count.
    const asLsc = (url: string, remoteAddress: string) => tracker!.app.inject({ method: "GET", url, remoteAddress, headers: { cookie: lsc.cookie } });
    expect((await asLsc("/api/collections", "203.0.113.9")).statusCode).toBe(200);
    expect((await asLsc(RECORDS, "203.0.113.9")).statusCode).toBe(200);
    expect((await asLsc("/auth/me", "198.51.100.21")).statusCode).toBe(200);
    expect((await asLsc(RECORDS, "198.51.100.21")).statusCode).toBe(200);
    const refused = await asLsc(RECORDS, "198.51.100.22");
    expectRateLimited(refused, 60);
    expect(refused.headers["cache-control"]).toBe("no-store");
    // Refused before the body is read: not the 400 this unreadable body would get.
    expectRateLimited(await lsc.post(RECORDS, "{"), 60);
    expect((await nel.get(RECORDS)).statusCode).toBe(200);
  });

  it("before sign-in, count the client address", async () => {
    tracker = await startTracker({ rateLimits: { perUser: 2 } });
    const anonymous = (remoteAddress: string) => tracker!.app.inject({ method: "GET", url: "/auth/me", remoteAddress });
    expect((await anonymous("203.0.113.10")).statusCode).toBe(401);
    expect((await anonymous("203.0.113.10")).statusCode).toBe(401);
    expectRateLimited(await anonymous("203.0.113.10"), 60);
    expect((await anonymous("203.0.113.11")).statusCode).toBe(401);
  });
});
