/**
 * The quarterly extract over the real server: records with revisions at known moments (the
 * clock is injected through the store's `at`, never slept), a v1.0 record imported in 2021 and
 * migrated in September 2026, and an extract for several as-at dates and every role.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigration } from "../../engine/index.ts";
import { ownerResolverFrom } from "../../organisations/index.ts";
import { extractColumns } from "../../ops/index.ts";
import { validV1 } from "../s-crt/fixtures.ts";
import { startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const EXTRACT = "/api/collections/s-crt/extract";
let tracker: Tracker;
let national: Client;
const ids: Record<string, string> = {};

async function seed(): Promise<void> {
  const { store, registry, reference } = tracker.context;
  const v2 = registry.get("s-crt", "2.0")!;
  const editor = (await store.getUserByUsername("icb.lsc"))!;
  const create = async (name: string, owner: string, data: Record<string, unknown>, at: string, version = "2.0") => {
    const form = registry.get("s-crt", version)!;
    expect(form.validate(data, { today: at.slice(0, 10) }).errors).toEqual([]);
    const written = await store.createRecord({ collection: "s-crt", version, ownerOrg: owner, data, userId: editor.id, complete: true, missing: [], unique: [], at });
    if (written.kind !== "ok") throw new Error(written.kind);
    ids[name] = written.record.id;
    return written.record;
  };
  // A: QE1, opened in Q1, closed on 15 August 2026 at 23:30 UTC (00:30 on the 16th in London).
  const a = await create("A", "QE1", validCase("2026/A", { date_added: "2026-05-10", incident_date: "2026-05-01", brief_overview: "=HYPERLINK(\"http://evil.example\")" }), "2026-05-10T10:00:00.000Z");
  const closed = { ...a.data, status: "closed", date_closed: "2026-08-15" };
  expect(v2.validate(closed, { today: "2026-08-16" }).errors).toEqual([]);
  const updated = await store.updateRecord({ collection: "s-crt", id: a.id, expectedRevision: 1, version: "2.0", data: closed, userId: editor.id, complete: true, missing: [], unique: [], at: "2026-08-15T23:30:00.000Z" });
  expect(updated.kind).toBe("ok");
  // B: North East London, opened in Q2. C: QE1, opened in Q3 (after the Q2 extract).
  await create("B", "QMF", validCase("2026/B", { date_added: "2026-07-20", incident_date: "2026-07-01", themes: ["neglect", "financial"] }), "2026-07-20T09:00:00.000Z");
  await create("C", "QE1", validCase("2026/C", { date_added: "2026-10-05", incident_date: "2026-10-01" }), "2026-10-05T09:00:00.000Z");
  // D: a v1.0 case of Blackburn with Darwen CCG, imported in 2021 and migrated on 10 September 2026.
  const d = await create("D", "00Q", validV1(), "2021-10-01T12:00:00.000Z", "1.0");
  const migration = registry.migration("s-crt", "1.0", "2.0")!;
  const outcome = applyMigration(migration, { data: d.data, ownerOrg: d.ownerOrg }, { date: "2026-09-10", resolveOwner: ownerResolverFrom(reference) });
  expect(outcome.owner).toMatchObject({ kind: "moved", code: "QE1" });
  const migrated = await store.updateRecord({ collection: "s-crt", id: d.id, expectedRevision: 1, version: "2.0", data: outcome.data, ownerOrg: "QE1", userId: editor.id, complete: false, missing: [], unique: [], reason: "migration 1.0 to 2.0", at: "2026-09-10T08:00:00.000Z" });
  expect(migrated.kind).toBe("ok");
}

function rowsOf(body: string): Record<string, string>[] {
  expect(body.startsWith("\uFEFF")).toBe(true);
  return parse(body, { bom: true, columns: true }) as Record<string, string>[];
}

async function extract(client: Client, query: string): Promise<Record<string, string>[]> {
  const res = await client.get(`${EXTRACT}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/csv/);
  return rowsOf(res.body);
}

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-12-01" });
  await seed();
  national = await tracker.signIn("national");
});
afterAll(() => tracker.destroy());

describe("the extract as at a day or quarter", () => {
  it("has the documented columns, in order, with one 0/1 column per theme", async () => {
    const res = await national.get(`${EXTRACT}?quarter=2026-27-Q2`);
    const header = res.body.slice(1, res.body.indexOf("\r\n")).split(",");
    expect(header.slice(0, 10)).toEqual(["record_id", "owner_org", "owner_name", "region_code", "region_name", "form_version", "revision", "created_at", "updated_at", "complete"]);
    expect(header.slice(10, 14)).toEqual(["status", "date_added", "date_closed", "designated_professional"]);
    expect(header).toContain("themes__neglect");
    expect(header).toEqual(extractColumns(tracker.context.registry.published("s-crt")!.form).map((c) => c.key));
    // RFC 4180 with CRLF line ends, and a download.
    expect(res.body.split("\r\n").length).toBeGreaterThan(3);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="s-crt-2026-27-Q2-all.csv"');
  });

  it("at the end of Q2 shows what existed then, as it stood: later records absent, the v1.0 case migrated", async () => {
    const rows = await extract(national, "quarter=2026-27-Q2");
    expect(rows.map((r) => r.record_id).sort()).toEqual([ids.A, ids.B, ids.D].sort());
    const a = rows.find((r) => r.record_id === ids.A)!;
    expect(a).toMatchObject({ status: "closed", date_closed: "2026-08-15", revision: "2", form_version: "2.0", owner_org: "QE1", region_code: "Y62", complete: "yes" });
    const b = rows.find((r) => r.record_id === ids.B)!;
    expect(b).toMatchObject({ themes: "neglect;financial", themes__neglect: "1", themes__financial: "1", themes__domestic: "0", owner_org: "QMF" });
    const d = rows.find((r) => r.record_id === ids.D)!;
    expect(d).toMatchObject({ form_version: "2.0", revision: "2", owner_org: "QE1", safeguarding_partnership: "Leeds Safeguarding Children Partnership" });
  });

  it("before the migration shows the v1.0 revision in 2.0's columns, marked 1.0, with its owner as the reference data names it that day", async () => {
    const rows = await extract(national, "asAt=2026-06-30");
    expect(rows.map((r) => r.record_id).sort()).toEqual([ids.A, ids.D].sort());
    const d = rows.find((r) => r.record_id === ids.D)!;
    expect(d).toMatchObject({ form_version: "1.0", revision: "1", owner_org: "00Q", owner_name: "NHS Lancashire and South Cumbria ICB - 00Q", region_code: "Y62" });
    // 1.0's designated_partnership is 2.0's safeguarding_partnership; scr became cspr.
    expect(d).toMatchObject({ safeguarding_partnership: "Leeds Safeguarding Children Partnership", review_type: "cspr" });
    // The 1.0 case misses 2.0's designated professional: incomplete in the current version.
    expect(d.complete).toBe("no");
    expect(rows.find((r) => r.record_id === ids.A)).toMatchObject({ status: "open", date_closed: "", revision: "1" });
  });

  it("ends a day at midnight in London: an edit at 00:30 BST on the 16th is not in the 15th's extract", async () => {
    const on15 = await extract(national, "asAt=2026-08-15");
    expect(on15.find((r) => r.record_id === ids.A)).toMatchObject({ revision: "1", status: "open" });
    const on16 = await extract(national, "asAt=2026-08-16");
    expect(on16.find((r) => r.record_id === ids.A)).toMatchObject({ revision: "2", status: "closed" });
  });

  it("gives the same bytes when run again for the same quarter", async () => {
    const first = await national.get(`${EXTRACT}?quarter=2026-27-Q2`);
    const again = await national.get(`${EXTRACT}?quarter=2026-27-Q2`);
    expect(again.body).toBe(first.body);
  });

  it("neutralises cells a spreadsheet would run as a formula", async () => {
    const rows = await extract(national, "quarter=2026-27-Q2");
    expect(rows.find((r) => r.record_id === ids.A)!.brief_overview).toBe("'=HYPERLINK(\"http://evil.example\")");
  });

  it("refuses a quarter or day it cannot describe, naming the problem", async () => {
    for (const [query, message] of [
      ["quarter=2026-Q2", /not a quarter like 2026-27-Q2/],
      ["asAt=2026-12-02", /in the future/],
      ["quarter=2026-27-Q2&asAt=2026-09-30", /not both/],
      ["format=ods", /"format" must be csv or xlsx/],
      ["when=now", /Unknown query parameter "when"/],
    ] as const) {
      const res = await national.get(`${EXTRACT}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ code: "invalid_request", message: expect.stringMatching(message) });
      // The check the web app asks first refuses the same query with the same message.
      expect((await national.get(`${EXTRACT}/check?${query}`)).json()).toEqual(res.json());
    }
  });

  it("checks a query without extracting or logging anything", async () => {
    const before = (await national.get("/api/extract-log")).json() as { items: unknown[] };
    expect((await national.get(`${EXTRACT}/check?quarter=2026-27-Q2&format=xlsx`)).json()).toEqual({ collection: "s-crt", asAt: "2026-09-30", quarter: "2026-27-Q2", format: "xlsx" });
    // The current quarter is shown as it stands today.
    expect((await national.get(`${EXTRACT}/check`)).json()).toEqual({ collection: "s-crt", asAt: "2026-12-01", quarter: "2026-27-Q3", format: "csv" });
    expect((await national.get("/api/collections/nope/extract/check")).statusCode).toBe(404);
    expect((await (await tracker.signIn("standards")).get(`${EXTRACT}/check`)).statusCode).toBe(403);
    expect((await tracker.anonymous().get(`${EXTRACT}/check`)).statusCode).toBe(401);
    expect(((await national.get("/api/extract-log")).json() as { items: unknown[] }).items).toEqual(before.items);
  });
});

describe("the extract as XLSX", () => {
  it("has the records, dictionary and about sheets; text is never a formula; about carries the CSV form's checksum", async () => {
    const res = await national.get(`${EXTRACT}?quarter=2026-27-Q2&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="s-crt-2026-27-Q2-all.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["records", "dictionary", "about"]);
    const records = workbook.getWorksheet("records")!;
    const header = (records.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(extractColumns(tracker.context.registry.published("s-crt")!.form).map((c) => c.key));
    expect(records.rowCount).toBe(4);
    const overview = header.indexOf("brief_overview") + 1;
    const cells = [2, 3, 4].map((r) => records.getRow(r).getCell(overview));
    const evil = cells.find((c) => String(c.value).includes("HYPERLINK"))!;
    expect(evil.type).toBe(ExcelJS.ValueType.String);
    expect(evil.formula).toBeUndefined();
    const about = Object.fromEntries(workbook.getWorksheet("about")!.getSheetValues().slice(1).map((r) => (r as string[]).slice(1, 3)));
    const csv = await national.get(`${EXTRACT}?quarter=2026-27-Q2`);
    expect(about).toMatchObject({ rows: "3", scope: "all", quarter: "2026-27-Q2", version: "2.0", "generated by": expect.stringContaining("(national)") });
    expect(about["records sheet SHA-256 (as CSV)"]).toBe(createHash("sha256").update(csv.body).digest("hex"));
  });
});

describe("who may extract what", () => {
  it("gives an ICB user their own ICB's records only, a regional user their region's, and standards admins nothing", async () => {
    const icb = await extract(await tracker.signIn("icb.lsc"), "quarter=2026-27-Q3");
    expect(icb.map((r) => r.record_id).sort()).toEqual([ids.A, ids.C, ids.D].sort());
    expect(icb.every((r) => r.owner_org !== "QMF")).toBe(true);
    const nel = await extract(await tracker.signIn("icb.nel"), "quarter=2026-27-Q3");
    expect(nel.map((r) => r.record_id)).toEqual([ids.B]);
    const region = await extract(await tracker.signIn("region.nw"), "quarter=2026-27-Q3");
    expect(region.map((r) => r.record_id).sort()).toEqual([ids.A, ids.C, ids.D].sort());
    const standards = await (await tracker.signIn("standards")).get(`${EXTRACT}?quarter=2026-27-Q3`);
    expect(standards.statusCode).toBe(403);
    expect((await tracker.anonymous().get(`${EXTRACT}?quarter=2026-27-Q3`)).statusCode).toBe(401);
  });

  it("records every extract, and only national users read the log", async () => {
    const before = (await national.get("/api/extract-log")).json() as { items: unknown[] };
    const viewer = await tracker.signIn("icb.lsc.viewer");
    const res = await viewer.get(`${EXTRACT}?asAt=2026-09-30`);
    const log = (await national.get("/api/extract-log")).json() as { items: { user: { username: string }; scope: string; asAt: string; quarter: string | null; rows: number; sha256: string; format: string }[] };
    expect(log.items.length).toBe(before.items.length + 1);
    expect(log.items[0]).toMatchObject({ user: { username: "icb.lsc.viewer" }, scope: "QE1", asAt: "2026-09-30", quarter: null, rows: 2, format: "csv", sha256: createHash("sha256").update(res.body).digest("hex") });
    expect((await viewer.get("/api/extract-log")).statusCode).toBe(403);
  });

  it("offers the dictionary of the columns", async () => {
    const res = await national.get(`${EXTRACT}/dictionary`);
    const rows = rowsOf(res.body);
    expect(rows.find((r) => r.key === "review_type")).toMatchObject({ type: "single_choice", codes: expect.stringContaining("dhr=") });
    expect(rows.find((r) => r.key === "themes__neglect")).toMatchObject({ type: "0 or 1" });
    expect(rows.map((r) => r.key)).toEqual(extractColumns(tracker.context.registry.published("s-crt")!.form).map((c) => c.key));
  });
});
