import { describe, expect, it } from "vitest";
import { configFor, describeDatabase, loadConfig, sharedDatabaseProblems } from "./config.ts";
import { takeCommandLock } from "./command-lock.ts";

describe("DATABASE_URL", () => {
  it("unset or empty keeps the embedded SQLite file; a postgres URL selects PostgreSQL, described without its password", () => {
    expect(loadConfig({}).databaseUrl).toBeFalsy();
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeFalsy();
    const config = loadConfig({ DATABASE_URL: "postgresql://scrt:hunter2-secret@db.internal:5432/tracker", SESSION_SECRET: "x".repeat(40) });
    expect(config.databaseUrl).toContain("db.internal");
    const described = describeDatabase(config);
    expect(described).toContain("db.internal");
    expect(described).toContain("tracker");
    expect(described).not.toContain("hunter2");
  });

  it("refuses anything that is not a PostgreSQL address, naming DATABASE_URL and never echoing the password", () => {
    for (const value of ["mysql://root:hunter2@db/x", "not a url hunter2", "sqlite:///data/hunter2.db", "postgres://:hunter2@/x"]) {
      let message = "";
      try {
        loadConfig({ DATABASE_URL: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, value).toContain("DATABASE_URL");
      expect(message, value).not.toContain("hunter2");
    }
  });

  it("several instances must share SESSION_SECRET: on PostgreSQL without one it is a start-up problem", () => {
    expect(sharedDatabaseProblems(loadConfig({ DATABASE_URL: "postgres://u:p@h/d" })).join(" ")).toContain("SESSION_SECRET");
    expect(sharedDatabaseProblems(loadConfig({ DATABASE_URL: "postgres://u:p@h/d", SESSION_SECRET: "y".repeat(40) }))).toEqual([]);
    expect(sharedDatabaseProblems(loadConfig({}))).toEqual([]);
  });
});

describe.skipIf(!process.env.TEST_POSTGRES_URL)("the data-command lock on PostgreSQL", () => {
  it("lets one data command run at a time, names the holder to the second, and is free again once released", async () => {
    const config = configFor("/nonexistent", { databaseUrl: process.env.TEST_POSTGRES_URL! });
    const first = await takeCommandLock(config, "import s-crt");
    expect(first.ok).toBe(true);
    const second = await takeCommandLock(config, "migrate s-crt");
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.code).toBe("command_running");
      expect(second.message).toContain("import s-crt");
    }
    if (first.ok) await first.lock.release();
    const third = await takeCommandLock(config, "migrate s-crt");
    expect(third.ok).toBe(true);
    if (third.ok) await third.lock.release();
  });

  it("on the embedded database there is nothing to lock (the data folder's own lock applies)", async () => {
    const taken = await takeCommandLock(configFor("/nonexistent"), "import s-crt");
    expect(taken.ok).toBe(true);
  });
});
