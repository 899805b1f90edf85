/**
 * `scrt extract` as the national analysts' team runs it: against the same DATA_DIR as the
 * server, for S-CRT and for the example collection (nothing but its YAML), with the
 * dictionary beside it; and clear refusals.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFor, openTracker } from "../ops/index.ts";
import { validCase } from "./server/harness.ts";
import { runCli } from "./helpers.ts";

const dataDir = mkdtempSync(join(tmpdir(), "scrt-extract-"));
const env = { DATA_DIR: dataDir };

beforeAll(async () => {
  const tracker = await openTracker(configFor(dataDir));
  const user = await tracker.store.ensureUser({ username: "t", displayName: "T", role: "icb_editor", orgCode: "QE1" });
  for (const [id, at] of [["2026/1", "2026-05-01T10:00:00.000Z"], ["2026/2", "2026-10-01T10:00:00.000Z"]] as const) {
    await tracker.store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase(id, { date_added: "2026-04-20", incident_date: "2026-04-01" }), userId: user.id, complete: true, missing: [], unique: [], at });
  }
  const plan = {
    review_reference: "SAR-2024-07",
    accountable_role: "Designated Nurse for Safeguarding Adults",
    plan_status: "open",
    plan_agreed_date: "2024-03-03",
    target_completion_date: "2025-03-31",
    recommendations: [
      { owner: "Safeguarding adults team", recommendation: "Add a prompt about carers.", due_date: "2024-09-30", status: "complete", completed_date: "2024-09-01" },
      { owner: "Mental health liaison team", recommendation: "=1+1 refresher training.", due_date: "2025-01-31", status: "in_progress" },
    ],
  };
  expect(tracker.registry.get("action-plan", "1.0")!.validate(plan, { today: "2026-01-01" }).errors).toEqual([]);
  await tracker.store.createRecord({ collection: "action-plan", version: "1.0", ownerOrg: "QE1", data: plan, userId: user.id, complete: true, missing: [], unique: [], at: "2026-01-05T10:00:00.000Z" });
  await tracker.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("scrt extract", () => {
  it("writes the records of a quarter as CSV, and the dictionary beside them", () => {
    const out = join(dataDir, "q1.csv");
    const dictionary = join(dataDir, "dictionary.csv");
    const result = runCli(["extract", "s-crt", "--quarter", "2026-27-Q1", "--out", out, "--dictionary", dictionary], { env });
    expect(result.stderr).toMatch(/s-crt: 1 record as at the end of 2026-06-30 \(2026-27-Q1\) written to .*q1\.csv; SHA-256 [0-9a-f]{64}/);
    expect(result.status).toBe(0);
    const rows = parse(readFileSync(out, "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.steis_or_local_id)).toEqual(["2026/1"]);
    const dict = parse(readFileSync(dictionary, "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(dict[0]).toMatchObject({ key: "record_id" });
  });

  it("extracts the example collection from its YAML alone", () => {
    const result = runCli(["extract", "action-plan", "--as-at", "2026-06-30"], { env });
    expect(result.status).toBe(0);
    const header = result.stdout.replace(/^\uFEFF/, "").split("\r\n")[0]!.split(",");
    expect(header.slice(10)).toEqual(expect.arrayContaining(["review_reference", "plan_status", "recommendations"]));
    expect(result.stderr).toMatch(/action-plan: 1 record /);
    const row = parse(result.stdout, { bom: true, columns: true })[0] as Record<string, string>;
    expect(JSON.parse(row.recommendations!)).toHaveLength(2);
  });

  it("writes XLSX with a sheet per repeating group, a row per entry keyed by record_id", async () => {
    const out = join(dataDir, "plan.xlsx");
    const result = runCli(["extract", "action-plan", "--as-at", "2026-06-30", "--format", "xlsx", "--out", out], { env });
    expect(result.status, result.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["records", "recommendations", "dictionary", "about"]);
    const entries = workbook.getWorksheet("recommendations")!;
    expect((entries.getRow(1).values as string[]).slice(1, 4)).toEqual(["record_id", "entry", "owner"]);
    expect(entries.rowCount).toBe(3);
    const recordId = String(workbook.getWorksheet("records")!.getRow(2).getCell(1).value);
    expect(String(entries.getRow(3).getCell(1).value)).toBe(recordId);
    expect(String(entries.getRow(3).getCell(3).value)).toBe("Mental health liaison team");
    // Text that looks like a formula is kept as text: nothing in an extract runs.
    expect(entries.getRow(3).getCell(4)).toMatchObject({ value: "=1+1 refresher training.", type: ExcelJS.ValueType.String });
  });

  it("refuses a bad quarter, both options at once and a format it does not write, with exit 2", () => {
    expect(runCli(["extract", "s-crt", "--quarter", "Q2"], { env })).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a quarter like 2026-27-Q2/) });
    expect(runCli(["extract", "s-crt", "--quarter", "2026-27-Q1", "--as-at", "2026-06-30"], { env })).toMatchObject({ status: 2, stderr: expect.stringMatching(/not both/) });
    expect(runCli(["extract", "s-crt", "--as-at", "2026-06-30", "--format", "ods"], { env })).toMatchObject({ status: 2, stderr: expect.stringMatching(/--format must be csv or xlsx/) });
    expect(runCli(["extract", "s-crt", "--as-at", "2026-06-30", "--format", "xlsx"], { env })).toMatchObject({ status: 2, stderr: expect.stringMatching(/needs --out/) });
    expect(runCli(["extract", "nothing", "--as-at", "2026-06-30"], { env })).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown collection "nothing"/) });
  });
});
