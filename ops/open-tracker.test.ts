/**
 * What opening says about an existing database's schema migrations: before they run (one can
 * take minutes on a large database, and the start seems to hang meanwhile), and nothing for a
 * new database or one already up to date. A real SQLite file, put back as the migration
 * before the newest left it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { configFor } from "./config.ts";
import { migrationsLine, openTracker } from "./open-tracker.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "scrt-open-tracker-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openLines(): Promise<string[]> {
  const lines: string[] = [];
  const tracker = await openTracker(configFor(dir), { report: (line) => lines.push(line) });
  await tracker.close();
  return lines;
}

it("says which migrations an existing database is about to have before they run, and nothing otherwise", async () => {
  const config = configFor(dir);
  expect((await openLines()).filter((line) => /migration/.test(line))).toEqual([]);
  const raw = new Database(config.databaseFile);
  raw.exec("DROP TRIGGER record_search_junctions_delete; DROP TABLE record_search_junctions; DROP TABLE record_search_junctions_fill; DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)");
  raw.close();
  const lines = await openLines();
  expect(lines[0]).toBe(migrationsLine(["0014_junction_search"]));
  expect(lines[0]).toMatch(/^Bringing the database up to this version \(migration 0014_junction_search\): on a large database this can take some minutes/);
  expect((await openLines()).filter((line) => /migration/.test(line))).toEqual([]);
});
