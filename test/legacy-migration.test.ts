/**
 * Legacy data in, carried to v2.0 with nothing lost: a realistic v1.0 spreadsheet (330 cases
 * over 45 CCGs) is imported with the CLI, the uplift is dry-run and applied, and every case,
 * answer, owner and revision is checked in the real SQLite file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore, type StoredRecord } from "../storage/index.ts";
import { buildLegacyCsv } from "./fixtures/legacy-csv.ts";
import { runCli } from "./helpers.ts";

const dataDir = mkdtempSync(join(tmpdir(), "scrt-legacy-"));
const env = { DATA_DIR: dataDir };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const { text, cases } = buildLegacyCsv();
const csv = join(dataDir, "legacy-2021.csv");
writeFileSync(csv, text);

async function allRecords(): Promise<StoredRecord[]> {
  const store = await openSqliteStore({ file: join(dataDir, "tracker.sqlite") });
  try {
    const out: StoredRecord[] = [];
    let afterId: string | undefined;
    for (;;) {
      const batch = await store.scanRecords({ collection: "s-crt", ...(afterId ? { afterId } : {}), limit: 1000 });
      if (!batch.length) return out;
      out.push(...batch);
      afterId = batch[batch.length - 1]!.id;
    }
  } finally {
    await store.close();
  }
}

describe("legacy import", () => {
  it("refuses a file with bad rows, naming row and column, and stores nothing", () => {
    const bad = join(dataDir, "bad.csv");
    const lines = text.split("\r\n");
    lines[3] = lines[3]!.replace(/,02Q$|,[A-Z0-9]+$/, ",ZZZ");
    lines[5] = lines[5]!.replace(/^(\w+),[^,]+,/, "$1,3/4/21,");
    writeFileSync(bad, lines.join("\r\n"));
    const r = runCli(["import", "s-crt", "--version", "1.0", bad, "--json"], { env });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 330, validRows: 328, stored: false, imported: 0 });
    expect(report.problems).toEqual([
      { row: 4, column: "CCG code", message: '"ZZZ" is not a CCG in the April 2021 organisation data' },
      { row: 6, column: "Incident date", message: '"3/4/21" has a two-digit year; write the year in full, like 03/04/2021' },
    ]);
  });

  it("imports every row of a valid file (UTF-8 with BOM, codes or labels in any case, UK and ISO dates)", async () => {
    const r = runCli(["import", "s-crt", "--version", "1.0", csv, "--json"], { env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 330, validRows: 330, problems: [], stored: true, imported: 330, alreadyImported: 0 });
    const records = await allRecords();
    expect(records).toHaveLength(330);
    expect(new Set(records.map((x) => x.ownerOrg)).size).toBe(45);
    const sample = records.find((x) => x.data.steis_or_local_id === "02Q/2021/0000")!;
    expect(sample).toMatchObject({ version: "1.0", ownerOrg: "02Q" });
    expect(sample.data.review_type).toBe("sar");
    expect(sample.data.themes).toEqual(["neglect", "self_neglect"]);
  });

  it("adds nothing when the same file is imported again", async () => {
    const r = runCli(["import", "s-crt", "--version", "1.0", csv, "--json"], { env });
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 0, alreadyImported: 330 });
    expect(await allRecords()).toHaveLength(330);
  });
});

describe("the 1.0 → 2.0 uplift over stored records", () => {
  let before: StoredRecord[];
  beforeAll(async () => {
    before = await allRecords();
  });

  it("dry-runs: a report of what would happen, and nothing changed", async () => {
    const r = runCli(["migrate", "s-crt", "--to", "2.0", "--dry-run", "--json", "--date", "2026-11-21"], { env });
    expect(r.status).toBe(0);
    const [report] = JSON.parse(r.stdout);
    expect(report).toMatchObject({ from: "1.0", to: "2.0", dryRun: true, records: 330 });
    expect(report.complete + report.incomplete).toBe(330);
    expect(report.missing.designated_professional).toBe(330);
    expect(report.archived.review_publicity).toBe(cases.filter((c) => c.publicity).length);
    expect(report.flagged).toHaveLength(cases.filter((c) => c.hasLessons).length);
    const change = (from: string) => report.ownerChanges.find((c: { from: string }) => c.from === from);
    expect(change("02Q")).toMatchObject({ to: "QT1" });
    expect(change("07H")).toMatchObject({ to: "D7T5G" });
    expect(change("06T")).toMatchObject({ to: "D7T5G" });
    expect(change("06K")).toMatchObject({ to: "S1Y5D" });
    expect(change("93C")).toMatchObject({ to: "Z9B2Z" });
    expect(report.pendingOwners.map((p: { owner: string }) => p.owner)).toEqual(cases.filter((c) => c.ccg === "D4U1Y").map(() => "D4U1Y"));
    expect(report.pendingOwners[0].candidates).toEqual(["QRL", "S0E4D", "S9B9J"]);
    expect(await allRecords()).toEqual(before);
  });

  it("applies: every case present under 2.0, every answer kept, owners moved, history showing both versions", async () => {
    const r = runCli(["migrate", "s-crt", "--to", "2.0", "--date", "2026-11-21"], { env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("330 records moved");
    const after = await allRecords();
    expect(after).toHaveLength(330);
    const byId = new Map(before.map((x) => [x.id, x]));
    for (const record of after) {
      const old = byId.get(record.id)!;
      expect(record.version).toBe("2.0");
      expect(record.revision).toBe(old.revision + 1);
      // Every v1.0 answer is in a v2.0 item or in the archive.
      for (const [key, value] of Object.entries(old.data)) {
        const target =
          key === "designated_partnership" ? record.data.safeguarding_partnership
          : key === "lessons_learned_recommendations" ? record.data.lessons_learned
          : key === "review_publicity" ? record.archive.review_publicity
          : key === "review_type" ? (value === "scr" ? (expect(record.data.review_type).toBe("cspr"), value) : record.data.review_type)
          : record.data[key];
        expect(target, `${record.data.steis_or_local_id} ${key}`).toEqual(value);
      }
      expect(record.complete).toBe(false);
      expect(record.missing).toEqual(expect.arrayContaining(["/designated_professional", "/designated_professional_initials"]));
    }
    const ownerOf = (ccg: string) => new Set(after.filter((x) => byId.get(x.id)!.ownerOrg === ccg).map((x) => x.ownerOrg));
    expect(ownerOf("02Q")).toEqual(new Set(["QT1"]));
    expect(ownerOf("07H")).toEqual(new Set(["D7T5G"]));
    expect(ownerOf("06T")).toEqual(new Set(["D7T5G"]));
    expect(ownerOf("93C")).toEqual(new Set(["Z9B2Z"]));
    const frimley = after.filter((x) => byId.get(x.id)!.ownerOrg === "D4U1Y");
    expect(frimley.length).toBeGreaterThan(0);
    for (const x of frimley) expect(x).toMatchObject({ ownerOrg: "D4U1Y", ownerPending: { candidates: ["QRL", "S0E4D", "S9B9J"] } });

    const store = await openSqliteStore({ file: join(dataDir, "tracker.sqlite") });
    try {
      const history = await store.history("s-crt", after[0]!.id);
      expect(history.map((h) => [h.version, h.reason])).toEqual([
        ["1.0", "import"],
        ["2.0", "migration 1.0 to 2.0"],
      ]);
      expect(history[0]!.data).toEqual(byId.get(after[0]!.id)!.data);
    } finally {
      await store.close();
    }
  });

  it("changes nothing when run again", async () => {
    const before2 = await allRecords();
    const r = runCli(["migrate", "s-crt", "--to", "2.0", "--json", "--date", "2026-11-21"], { env });
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ records: 0 });
    expect(await allRecords()).toEqual(before2);
  });
});

describe("data quality re-check", () => {
  it("re-runs the current version's rules over every stored record and says which fail and why", () => {
    const r = runCli(["check-data", "s-crt", "--json"], { env });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rules: "2.0", records: "2.0", checked: 330, failing: 330 });
    expect(report.byItem.designated_professional).toEqual({ records: 330, messages: { "Enter the name of the designated professional": 330 } });
    expect(report.byItem.report_link.records).toBe(cases.filter((_, n) => n % 7 === 0).length);
    expect(report.failures[0].errors[0]).toEqual({ path: "/designated_professional", code: "required", message: "Enter the name of the designated professional" });
  });
});
