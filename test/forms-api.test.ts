/** The forms API over Fastify inject, with the real registry compiled from forms/ and examples/. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracker, type Client, type Tracker } from "./server/harness.ts";

let tracker: Tracker;
let user: Client;
// The API needs a signed-in user; inject with that user's cookie and CSRF token.
const app = {
  inject: (req: { method: "GET" | "POST"; url: string; payload?: string | object; headers?: Record<string, string> }) =>
    tracker.app.inject({ ...req, headers: { cookie: user.cookie, "x-csrf-token": user.csrfToken, ...req.headers } }),
};
beforeAll(async () => {
  tracker = await startTracker();
  user = await tracker.signIn("icb.lsc.viewer");
});
afterAll(() => tracker.destroy());

describe("forms API", () => {
  it("needs a signed-in user", async () => {
    const res = await tracker.anonymous().get("/api/collections");
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe("Sign in to use the tracker");
  });

  it("lists collections with their versions and the published one", async () => {
    const res = await app.inject({ method: "GET", url: "/api/collections" });
    expect(res.statusCode).toBe(200);
    const scrt = res.json().items.find((c: { id: string }) => c.id === "s-crt");
    expect(scrt).toMatchObject({ currentVersion: "2.0", versions: [{ version: "1.0", status: "retired" }, { version: "2.0", status: "published" }] });
  });

  it("serves a compiled form and its precompiled validator", async () => {
    const form = await app.inject({ method: "GET", url: "/api/collections/s-crt/versions/2.0" });
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ version: "2.0", ownerOrganisationType: "icb", schema: { additionalProperties: false } });
    const code = await app.inject({ method: "GET", url: "/api/collections/s-crt/versions/2.0/validator.js" });
    expect(code.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(code.body).toMatch(/export/);
  });

  it("404s an unknown version with a JSON message", async () => {
    const res = await app.inject({ method: "GET", url: "/api/collections/s-crt/versions/7.0" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ message: "No version 7.0 of collection s-crt" });
  });

  it("validates without storing, against the published version by default", async () => {
    const res = await app.inject({ method: "POST", url: "/api/collections/s-crt/validate", payload: { data: { status: "closed" } } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.valid).toBe(false);
    expect(body.version).toBe("2.0");
    expect(body.errors).toContainEqual({ path: "/date_closed", code: "required", message: "Enter the date the case was closed" });
  });

  it.each([
    ["malformed JSON", { payload: '{"data":', headers: { "content-type": "application/json" } }, 400, /not valid JSON/],
    ["a body without data", { payload: { record: {} } }, 400, /Unexpected "record": send only \{"data"/],
    ["a body with nothing in it", { payload: {} }, 400, /"data" is missing: send \{"data"/],
    ["the wrong content type", { payload: "data=1", headers: { "content-type": "text/plain" } }, 415, /as JSON/],
  ])("answers %s with a clear JSON error", async (_name, req, status, message) => {
    const res = await app.inject({ method: "POST", url: "/api/collections/s-crt/validate", ...req });
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toMatch(message);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
