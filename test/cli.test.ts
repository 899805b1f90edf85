/**
 * The CLI contract of DESIGN.md: `validate` output and exit codes, `forms compile` artifacts
 * (byte-identical on every run; types that type-check), `forms diff` of the S-CRT uplift.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../engine/index.ts";
import { runCli } from "./helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "scrt-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const validRecord = {
  status: "open",
  date_added: "2024-08-01",
  designated_professional: "Designated Nurse for Safeguarding Adults",
  designated_professional_initials: "AB",
  safeguarding_partnership: "Example Safeguarding Adults Board",
  steis_or_local_id: "2024/12345",
  review_type: "sar",
  incident_date: "2024-06-15",
  brief_overview: "Adult with care and support needs; concerns about missed visits.",
  themes: ["neglect", "self_neglect"],
  media_interest: "no",
};

function writeJson(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return path;
}

describe("validate", () => {
  it("prints {valid: true, errors: []} and exits 0 for a valid record", () => {
    const r = runCli(["validate", "s-crt", "2.0", writeJson("valid.json", validRecord), "--json", "--today", "2024-09-30"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, errors: [] });
  });

  it("prints each error as {path, code, message} and exits 1 for an invalid record", () => {
    const record = { ...validRecord, date_added: "2024-06-01", designated_professional_initials: "ab" };
    const r = runCli(["validate", "s-crt", "2.0", writeJson("invalid.json", record), "--json", "--today", "2024-09-30"]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; errors: Record<string, string>[] };
    expect(out.valid).toBe(false);
    expect(out.errors).toEqual([
      { path: "/date_added", code: "not_before", message: "The date the case was added must be the same as or after the incident date (15 June 2024)" },
      { path: "/designated_professional_initials", code: "pattern", message: "The designated professional's initials must be 2 to 4 capital letters, like JS" },
    ]);
  });

  it("lists the first 100 errors and counts the rest, with --json and without", () => {
    const record: Record<string, unknown> = { ...validRecord };
    for (let i = 0; i < 250; i++) record[`extra_${String(i).padStart(3, "0")}`] = i;
    const file = writeJson("many-errors.json", record);
    const json = runCli(["validate", "s-crt", "2.0", file, "--json", "--today", "2024-09-30"]);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout) as { valid: boolean; errors: { path: string }[]; moreErrors: number };
    expect(out).toMatchObject({ valid: false, moreErrors: 150 });
    expect(out.errors).toHaveLength(100);
    expect(out.errors[0]!.path).toBe("/extra_000");
    const text = runCli(["validate", "s-crt", "2.0", file, "--today", "2024-09-30"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("many-errors.json: 250 errors against s-crt 2.0\n");
    expect(text.stdout.trimEnd().split("\n")).toHaveLength(102);
    expect(text.stdout.trimEnd().split("\n").at(-1)).toBe("  … and 150 more");
  });

  it("reads the record from standard input with -, and prints readable errors without --json", () => {
    const r = runCli(["validate", "s-crt", "2.0", "-", "--today", "2024-09-30"], { input: JSON.stringify({ ...validRecord, themes: [] }) });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("/themes: Select at least one abuse or vulnerability theme");
  });

  it("uses today's date in Europe/London when --today is not given", () => {
    const r = runCli(["validate", "s-crt", "2.0", writeJson("future.json", { ...validRecord, incident_date: "2999-01-01", date_added: "2999-01-02" }), "--json"]);
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["/date_added", "/incident_date"]);
  });

  it.each([
    ["malformed JSON", ["s-crt", "2.0", "BAD"], /bad\.json is not valid JSON: .*\(line 3, column \d+\)/],
    ["an unknown collection", ["no-such-collection", "2.0", "VALID"], /unknown collection "no-such-collection"; known collections: .*s-crt/],
    ["an unknown version", ["s-crt", "9.9", "VALID"], /unknown version "9\.9" of s-crt; versions: 1\.0, 2\.0/],
    ["a missing file", ["s-crt", "2.0", "/nonexistent/record.json"], /cannot read \/nonexistent\/record\.json: no such file/],
    ["a bad --today", ["s-crt", "2.0", "VALID", "--today", "30/09/2024"], /--today must be a date like/],
  ])("exits 2 with a clear message for %s", (_name, args, message) => {
    const bad = writeJson("bad.json", '{\n  "status": "open",\n  "date_added": 2024-08-01\n}');
    const valid = writeJson("valid.json", validRecord);
    const r = runCli(["validate", ...args.map((a) => (a === "BAD" ? bad : a === "VALID" ? valid : a)), "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    expect(r.stdout).toBe("");
  });
});

describe("forms compile", () => {
  const outA = join(tmp, "compiled-a");
  const outB = join(tmp, "compiled-b");
  const files = ["dictionary.html", "dictionary.md", "form.json", "schema.json", "types.ts", "ui-schema.json", "validator.mjs"];

  it("writes schema, UI schema, validator, types and dictionary for every version, byte-identical each time", () => {
    expect(runCli(["forms", "compile", "s-crt", "--out", outA]).status).toBe(0);
    expect(runCli(["forms", "compile", "s-crt", "--out", outB]).status).toBe(0);
    for (const version of ["1.0", "2.0"]) {
      expect(readdirSync(join(outA, version)).sort()).toEqual(files);
      for (const f of files) expect(readFileSync(join(outB, version, f))).toEqual(readFileSync(join(outA, version, f)));
    }
  });

  it("writes only the requested version with --version", () => {
    const out = join(tmp, "compiled-one");
    expect(runCli(["forms", "compile", "s-crt", "--version", "1.0", "--out", out]).status).toBe(0);
    expect(readdirSync(out)).toEqual(["1.0"]);
  });

  it("produces a self-contained validator module that runs where code generation from strings is forbidden (as under a strict CSP)", () => {
    const script = `import v from ${JSON.stringify(join(outA, "2.0", "validator.mjs"))};
      const ok = v(${JSON.stringify(validRecord)});
      const bad = v({ status: "shut" });
      console.log(JSON.stringify({ ok, bad, paths: v.errors.map((e) => e.instancePath) }));`;
    const r = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--input-type=module", "-e", script], { encoding: "utf8", cwd: tmp });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { ok: boolean; bad: boolean; paths: string[] };
    expect(out.ok).toBe(true);
    expect(out.bad).toBe(false);
    expect(out.paths).toContain("/status");
  });

  it("produces a data dictionary listing every item, choice list and rule", () => {
    const md = readFileSync(join(outA, "2.0", "dictionary.md"), "utf8");
    const form = JSON.parse(readFileSync(join(outA, "2.0", "form.json"), "utf8")) as { items: { key: string }[] };
    for (const item of form.items) expect(md).toContain(`\`${item.key}\``);
    expect(md).toContain("| `date_closed` | Date closed | Date (YYYY-MM-DD) | when Case open/closed status is Closed |");
    expect(md).toContain("not before `incident_date` (Incident date)");
    expect(md).toContain("### Type of review (v2.0, 2024) (`review_type_v2`)");
    const html = readFileSync(join(outA, "2.0", "dictionary.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(html).toContain("<table>");
  });

  it("produces TypeScript types that type-check, accept a valid record and reject a wrong code", () => {
    const usage = join(outA, "usage.ts");
    writeFileSync(
      usage,
      `import type { SCrtRecordV2_0 } from "./2.0/types.ts";
import type { SCrtRecordV1_0 } from "./1.0/types.ts";
export const ok: SCrtRecordV2_0 = ${JSON.stringify(validRecord)};
// @ts-expect-error "scr" is not a v2.0 review type
export const wrongCode: SCrtRecordV2_0 = { ...ok, review_type: "scr" };
// @ts-expect-error designated_partnership is a v1.0 item
export const wrongItem: SCrtRecordV2_0 = { ...ok, designated_partnership: "Board" };
export const old: SCrtRecordV1_0 = { status: "closed", incident_date: "2021-05-01", date_added: "2021-05-02", brief_overview: "x", themes: ["neglect"], media_interest: "no", designated_partnership: "Board", steis_or_local_id: "L1", review_type: "scr" };
`,
    );
    const tsc = join(PROJECT_ROOT, "node_modules/typescript/bin/tsc");
    const r = spawnSync(
      process.execPath,
      [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--allowImportingTsExtensions", usage],
      { encoding: "utf8" },
    );
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("forms diff", () => {
  it("reports every difference of the standard's uplift table, the breaking ones marked", () => {
    const r = runCli(["forms", "diff", "s-crt", "1.0", "2.0", "--json"]);
    expect(r.status).toBe(0);
    const { changes } = JSON.parse(r.stdout) as { changes: { kind: string; item?: string; code?: string; breaking: boolean }[] };
    const find = (kind: string, item?: string, code?: string) => changes.find((c) => c.kind === kind && c.item === item && c.code === code);
    // owner_org: CCG code → ICB code
    expect(find("owner_changed")).toMatchObject({ breaking: true });
    // designated_partnership → safeguarding_partnership
    expect(find("item_removed", "designated_partnership")).toMatchObject({ breaking: true });
    expect(find("item_added", "safeguarding_partnership")).toMatchObject({ breaking: true });
    // lessons_learned_recommendations → lessons_learned (+ recommendations)
    expect(find("item_removed", "lessons_learned_recommendations")).toMatchObject({ breaking: true });
    expect(find("item_added", "lessons_learned")).toMatchObject({ breaking: false });
    expect(find("item_added", "recommendations")).toMatchObject({ breaking: false });
    // review_type scr → cspr
    expect(find("code_removed", "review_type", "scr")).toMatchObject({ breaking: true });
    for (const code of ["rapid_review", "national_cspr", "mhhr"]) expect(find("code_added", "review_type", code)).toMatchObject({ breaking: false });
    // review_publicity: no v2.0 item
    expect(find("item_removed", "review_publicity")).toMatchObject({ breaking: true });
    // new required items
    expect(find("item_added", "designated_professional")).toMatchObject({ breaking: true });
    expect(find("item_added", "designated_professional_initials")).toMatchObject({ breaking: true });
    // "all other keys unchanged": nothing else is added or removed, and no type changes
    const addedOrRemoved = changes.filter((c) => c.kind === "item_added" || c.kind === "item_removed").map((c) => c.item).sort();
    expect(addedOrRemoved).toEqual(
      [
        "date_of_update", "designated_partnership", "designated_professional", "designated_professional_initials", "icb_chief_nurse_assured",
        "lessons_learned", "lessons_learned_recommendations", "organisational_learning", "recommendations", "regional_chief_nurse_accepted",
        "review_publicity", "review_type_other", "safeguarding_partnership",
      ].sort(),
    );
    expect(changes.filter((c) => c.kind === "type_changed")).toEqual([]);
  });

  it("prints a readable report marking breaking changes", () => {
    const r = runCli(["forms", "diff", "s-crt", "1.0", "2.0"]);
    expect(r.stdout).toMatch(/^BREAKING\s+review_type: removed code scr \(Serious Case Review \(SCR\)\)$/m);
    expect(r.stdout).toMatch(/^non-breaking\s+review_type: added code mhhr/m);
    expect(r.stdout).toMatch(/\d+ changes, \d+ breaking\.$/m);
  });
});
