/**
 * `scrt import --to 2.0`: a legacy file carried to 2.0 as it is stored must leave the database
 * as importing it and then migrating it does (`scrt import`, then `scrt migrate --to 2.0`):
 * the same records, revisions, owners, flags, archive, unique values, list side rows and
 * search texts, and the same migration report. Both routes run here through the real CLI on
 * real SQLite files, on the 330-case fixture plus two cases that meet as duplicates only once
 * their CCGs have one ICB.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayInLondon } from "../engine/index.ts";
import { buildLegacyCsv } from "./fixtures/legacy-csv.ts";
import { runCli } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "scrt-import-to-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const twoStep = { DATA_DIR: join(root, "two-step") };
const onePass = { DATA_DIR: join(root, "one-pass") };

// 07H and 06T both became part of D7T5G: the same identifier under each is a duplicate only after the migration.
const { text } = buildLegacyCsv();
const lines = text.split("\r\n").filter(Boolean);
const from07H = lines.filter((l) => l.endsWith(",07H")).slice(0, 2);
const csv = join(root, "legacy.csv");
writeFileSync(csv, [...lines, ...from07H.map((l) => l.replace(/,07H$/, ",06T"))].join("\r\n") + "\r\n");
const rows = lines.length - 1 + from07H.length;

/** Everything stored about the records, keyed by what survives both routes (the case's identifier and first owner), without ids or times. */
function snapshot(dataDir: string) {
  const db = new Database(join(dataDir, "tracker.sqlite"), { readonly: true });
  try {
    const keyOf = new Map((db.prepare("SELECT record_id AS id, import_key AS key FROM import_keys").all() as { id: string; key: string }[]).map((r) => [r.id, r.key]));
    const key = (id: string) => keyOf.get(id) ?? `missing ${id}`;
    const records = (db.prepare("SELECT id, version, owner_org, revision, data, complete, missing, archive, review_flags, owner_pending FROM records ORDER BY id").all() as Record<string, unknown>[]).map(({ id, ...rest }) => ({ key: key(String(id)), ...rest }));
    const revisions = (db.prepare("SELECT record_id AS id, revision, version, owner_org, data, changed_items, reason FROM revisions ORDER BY record_id, revision").all() as Record<string, unknown>[]).map(({ id, ...rest }) => ({ key: key(String(id)), ...rest }));
    const side = (sql: string) => (db.prepare(sql).all() as Record<string, unknown>[]).map(({ id, ...rest }) => ({ key: key(String(id)), ...rest }));
    const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
    return {
      records: sorted(records),
      revisions: sorted(revisions),
      unique: sorted(side("SELECT record_id AS id, collection, scope, item, value_key FROM record_unique_values")),
      choices: sorted(side("SELECT record_id AS id, item, value FROM record_choices")),
      search: sorted(side("SELECT record_id AS id, item, text FROM record_search")),
      texts: sorted(side("SELECT record_id AS id, owner_org, item, text, facets, tags FROM record_texts")),
      // The full-text indexes answer as their tables do.
      searchHits: (db.prepare("SELECT count(*) AS n FROM record_search_fts WHERE record_search_fts MATCH 'care and support'").get() as { n: number }).n,
      learningHits: (db.prepare("SELECT count(*) AS n FROM record_texts_fts WHERE record_texts_fts MATCH 'protocol'").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** A migration report with each record named by its identifier rather than its id (which differs by route). */
function comparable(report: { flagged: { recordId: string }[]; pendingOwners: { recordId: string }[] }) {
  const strip = <T extends { recordId: string }>(xs: T[]) => xs.map(({ recordId: _id, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { ...report, flagged: strip(report.flagged), pendingOwners: strip(report.pendingOwners) };
}

describe("import --to 2.0 against import then migrate", () => {
  const today = todayInLondon();
  let migrateReport: { flagged: { recordId: string }[]; pendingOwners: { recordId: string }[] };
  let importReport: { imported: number; migration: typeof migrateReport & { dryRun: boolean } };

  beforeAll(() => {
    const imported = runCli(["import", "s-crt", "--version", "1.0", csv, "--json"], { env: twoStep });
    expect(imported.status, imported.stderr).toBe(0);
    const migrated = runCli(["migrate", "s-crt", "--to", "2.0", "--date", today, "--json"], { env: twoStep });
    expect(migrated.status, migrated.stderr).toBe(0);
    migrateReport = JSON.parse(migrated.stdout)[0];
    const onePassRun = runCli(["import", "s-crt", "--version", "1.0", csv, "--to", "2.0", "--json"], { env: onePass });
    expect(onePassRun.status, onePassRun.stderr).toBe(0);
    importReport = JSON.parse(onePassRun.stdout);
  }, 120_000);

  it("stores every row once, under 2.0, with the row as it arrived as revision 1", () => {
    expect(importReport).toMatchObject({ rows, imported: rows, alreadyImported: 0, stored: true });
    const stored = snapshot(onePass.DATA_DIR).records.map((r) => JSON.parse(r) as { version: string; revision: number });
    expect(stored).toHaveLength(rows);
    expect(new Set(stored.map((r) => `${r.version} ${r.revision}`))).toEqual(new Set(["2.0 2"]));
  });

  it("leaves the same records, revisions, unique values, side rows and texts as the two commands", () => {
    const a = snapshot(twoStep.DATA_DIR);
    const b = snapshot(onePass.DATA_DIR);
    expect(b.records).toEqual(a.records);
    expect(b.revisions).toEqual(a.revisions);
    expect(b.unique).toEqual(a.unique);
    expect(b.choices).toEqual(a.choices);
    expect(b.search).toEqual(a.search);
    expect(b.texts).toEqual(a.texts);
    expect(b.searchHits).toBe(a.searchHits);
    expect(b.learningHits).toBe(a.learningHits);
    expect(a.searchHits).toBeGreaterThan(0);
    expect(a.learningHits).toBeGreaterThan(0);
  });

  it("flags the case whose identifier its new owner already uses, as the migration does", () => {
    const flagged = importReport.migration.flagged as unknown as { identifier: string; reasons: string[] }[];
    const duplicates = flagged.filter((f) => f.reasons.some((r) => r.includes("also used by another case of D7T5G")));
    // The identifier is the row's, under either CCG: the copy under 06T is the one flagged (it came later in the file).
    const identifierOf = (line: string) => line.split(",").find((cell) => /^07H\/2021\/\d+$/.test(cell));
    expect(duplicates.map((d) => d.identifier).sort()).toEqual(from07H.map(identifierOf).sort());
    expect(duplicates).toHaveLength(2);
  });

  it("reports what the migration did as `migrate` reports it", () => {
    expect(comparable(importReport.migration)).toEqual(comparable(migrateReport));
  });

  it("dry-runs: the same report of what the migration would do, and nothing stored", () => {
    const dry = join(root, "dry");
    const r = runCli(["import", "s-crt", "--version", "1.0", csv, "--to", "2.0", "--dry-run", "--json"], { env: { DATA_DIR: dry } });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ imported: 0, stored: false, migration: { dryRun: true, records: rows } });
    // A dry run cannot know which identifiers will collide: only storing them tells.
    const flagged = (migrateReport.flagged as unknown as { recordId: string; reasons: string[] }[])
      .map((f) => ({ ...f, reasons: f.reasons.filter((r) => !r.includes("also used by another case")) }))
      .filter((f) => f.reasons.length);
    const withoutDuplicates = comparable({ ...migrateReport, flagged });
    expect({ ...comparable(report.migration), dryRun: false }).toEqual(withoutDuplicates);
    expect(snapshot(dry).records).toEqual([]);
  });

  it("adds nothing when the same file is imported again, and says so in words", () => {
    const r = runCli(["import", "s-crt", "--version", "1.0", csv, "--to", "2.0"], { env: onePass });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Stored 0 new cases; ${rows} already imported.`);
    expect(r.stdout).toContain("s-crt 1.0 → 2.0");
    expect(snapshot(onePass.DATA_DIR).records).toHaveLength(rows);
  });

  it("refuses a version with no migration from the file's version, naming both", () => {
    const r = runCli(["import", "s-crt", "--version", "1.0", csv, "--to", "1.0"], { env: { DATA_DIR: join(root, "refused") } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no migration from 1.0 to 1.0");
  });
});
