import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_FORM_ROOTS, loadConfig } from "./config.ts";

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
});
