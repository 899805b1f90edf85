import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configFor, DEFAULT_FORM_ROOTS, loadConfig, productionProblems } from "./config.ts";

describe("loadConfig", () => {
  it("has safe defaults: loopback, ./data, forms/ and examples/, development", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: "127.0.0.1", production: false, sessionSecret: null, formRoots: DEFAULT_FORM_ROOTS });
    expect(config.databaseFile).toBe(join(config.dataDir, "tracker.sqlite"));
    expect(config.dataDir).toBe(join(process.cwd(), "data"));
  });

  it("reads SCRT_FORMS as a path list, for the server and every command alike", () => {
    expect(loadConfig({ SCRT_FORMS: "/a/forms:/b/more" }).formRoots).toEqual(["/a/forms", "/b/more"]);
    expect(loadConfig({ SCRT_FORMS: "" }).formRoots).toEqual(DEFAULT_FORM_ROOTS);
  });

  it("fails closed: anything but an unset, development or test NODE_ENV is production", () => {
    for (const env of [undefined, "", "development", "test"]) expect(loadConfig({ NODE_ENV: env }).production).toBe(false);
    for (const env of ["production", "Production", "PRODUCTION", "prod", "staging", " production"]) expect(loadConfig({ NODE_ENV: env }).production).toBe(true);
  });

  it("refuses a bad port or a short session secret with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT must be a port number/);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET must be at least 32 characters/);
  });

  it("reads OpenID Connect settings together, and refuses an http:// issuer except on loopback", () => {
    const oidc = { OIDC_ISSUER: "https://sso.example.nhs.uk", OIDC_CLIENT_ID: "scrt", OIDC_CLIENT_SECRET: "s3cret", PUBLIC_URL: "https://scrt.example.nhs.uk/" };
    expect(loadConfig(oidc).oidc).toEqual({ issuer: "https://sso.example.nhs.uk", clientId: "scrt", clientSecret: "s3cret", publicUrl: "https://scrt.example.nhs.uk" });
    expect(loadConfig({}).oidc).toBeNull();
    expect(() => loadConfig({ OIDC_ISSUER: "https://sso.example.nhs.uk" })).toThrow(/OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL must be set too/);
    expect(() => loadConfig({ ...oidc, OIDC_ISSUER: "http://sso.example.nhs.uk" })).toThrow(/OIDC_ISSUER must use https:\/\//);
    expect(() => loadConfig({ ...oidc, OIDC_ISSUER: "http://127.0.0.1.example.com:4000" })).toThrow(/OIDC_ISSUER must use https/);
    expect(() => loadConfig({ ...oidc, PUBLIC_URL: "http://scrt.example.nhs.uk" })).toThrow(/PUBLIC_URL must use https/);
    expect(() => loadConfig({ ...oidc, OIDC_ISSUER: "not a url" })).toThrow(/OIDC_ISSUER must be an address/);
    for (const issuer of ["http://127.0.0.1:4000", "http://localhost:4000/oidc", "http://[::1]:4000"]) expect(loadConfig({ ...oidc, OIDC_ISSUER: issuer }).oidc?.issuer).toBe(issuer);
  });

  it("says what stops a production start: no OpenID Connect issuer, no session secret", () => {
    expect(productionProblems(loadConfig({}))).toEqual([]);
    const problems = productionProblems(loadConfig({ NODE_ENV: "Production" }));
    expect(problems.join("\n")).toMatch(/OIDC_ISSUER is not set/);
    expect(problems.join("\n")).toMatch(/SESSION_SECRET is not set/);
    const ready = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), OIDC_ISSUER: "https://sso.example.nhs.uk", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b", PUBLIC_URL: "https://scrt.example.nhs.uk" };
    expect(productionProblems(loadConfig(ready))).toEqual([]);
  });

  it("reads session times and the proxies to trust", () => {
    expect(loadConfig({})).toMatchObject({ sessionIdleSeconds: 1800, sessionLifetimeSeconds: 43200, draftRetentionSeconds: 30 * 86400, trustProxy: false });
    expect(loadConfig({ DRAFT_RETENTION_DAYS: "7" }).draftRetentionSeconds).toBe(7 * 86400);
    expect(() => loadConfig({ DRAFT_RETENTION_DAYS: "never" })).toThrow(/DRAFT_RETENTION_DAYS/);
    expect(loadConfig({ SESSION_IDLE_MINUTES: "15", SESSION_LIFETIME_HOURS: "8", TRUST_PROXY: "1" })).toMatchObject({ sessionIdleSeconds: 900, sessionLifetimeSeconds: 28800, trustProxy: 1 });
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8" }).trustProxy).toBe("10.0.0.0/8");
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "0" })).toThrow(/SESSION_IDLE_MINUTES must be a positive number/);
  });

  it("reads how many read workers to run (SCRT_READ_WORKERS, default 2; tests' configFor none)", () => {
    expect(loadConfig({}).readWorkers).toBe(2);
    expect(loadConfig({ SCRT_READ_WORKERS: "0" }).readWorkers).toBe(0);
    expect(loadConfig({ SCRT_READ_WORKERS: "4" }).readWorkers).toBe(4);
    expect(() => loadConfig({ SCRT_READ_WORKERS: "two" })).toThrow(/SCRT_READ_WORKERS must be a whole number/);
    expect(() => loadConfig({ SCRT_READ_WORKERS: "-1" })).toThrow(/SCRT_READ_WORKERS/);
    expect(configFor("/tmp/x").readWorkers).toBe(0);
  });

  it("names the service desk and the feedback link (SERVICE_DESK_EMAIL, FEEDBACK_URL), refusing addresses that are not", () => {
    expect(loadConfig({}).service).toEqual({ serviceDeskEmail: "england.scrt-servicedesk@nhs.net", feedbackUrl: "mailto:england.scrt-servicedesk@nhs.net?subject=Feedback%20on%20the%20Safeguarding%20Case%20Review%20Tracker" });
    expect(loadConfig({ SERVICE_DESK_EMAIL: "desk@example.nhs.uk" }).service.feedbackUrl).toMatch(/^mailto:desk@example\.nhs\.uk\?/);
    expect(loadConfig({ FEEDBACK_URL: "https://forms.example.nhs.uk/scrt" }).service.feedbackUrl).toBe("https://forms.example.nhs.uk/scrt");
    expect(loadConfig({ FEEDBACK_URL: "/contact#feedback" }).service.feedbackUrl).toBe("/contact#feedback");
    expect(() => loadConfig({ FEEDBACK_URL: "javascript:alert(1)" })).toThrow(/FEEDBACK_URL must start with https:\/\/, mailto: or \//);
    expect(() => loadConfig({ FEEDBACK_URL: "//evil.example" })).toThrow(/FEEDBACK_URL/);
    expect(() => loadConfig({ SERVICE_DESK_EMAIL: "not an address" })).toThrow(/SERVICE_DESK_EMAIL must be an email address/);
  });
});
