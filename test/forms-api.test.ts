/** The forms API over Fastify inject, with the real registry compiled from forms/ and examples/. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { FormRegistry } from "../engine/registry.ts";
import { buildApp } from "../server/app.ts";

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ registry: await FormRegistry.load() });
});
afterAll(() => app.close());

describe("forms API", () => {
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
    ["a body without data", { payload: { record: {} } }, 400, /Send \{"data"/],
    ["the wrong content type", { payload: "data=1", headers: { "content-type": "text/plain" } }, 415, /as JSON/],
  ])("answers %s with a clear JSON error", async (_name, req, status, message) => {
    const res = await app.inject({ method: "POST", url: "/api/collections/s-crt/validate", ...req });
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toMatch(message);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
