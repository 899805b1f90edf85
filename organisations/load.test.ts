import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ORGANISATIONS_DIR } from "./build/source-files.ts";
import { FILE_NAMES } from "./csv.ts";
import { loadReferenceData, referenceDataFromCsv } from "./load.ts";
import { ReferenceDataError, type ReferenceCsv } from "./types.ts";

const committed: ReferenceCsv = {
  organisations: readFileSync(join(ORGANISATIONS_DIR, FILE_NAMES.organisations), "utf8"),
  memberships: readFileSync(join(ORGANISATIONS_DIR, FILE_NAMES.memberships), "utf8"),
  successions: readFileSync(join(ORGANISATIONS_DIR, FILE_NAMES.successions), "utf8"),
};

describe("data files", () => {
  it("the CSVs use \\n line ends and no BOM", () => {
    for (const text of Object.values(committed)) {
      expect(text).not.toContain("\r");
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.endsWith("\n")).toBe(true);
    }
  });

  it("referenceDataFromCsv needs no file system", () => {
    const d = referenceDataFromCsv(committed);
    expect(d.organisations).toHaveLength(loadReferenceData(ORGANISATIONS_DIR).organisations.length);
  });
});

describe("errors in data files name the file and line", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** Replace line `n` (1-based) of a committed file's text. */
  function withLine(text: string, n: number, f: (line: string) => string): string {
    const lines = text.split("\n");
    lines[n - 1] = f(lines[n - 1] ?? "");
    return lines.join("\n");
  }

  function lineOf(text: string, startsWith: string): number {
    const i = text.split("\n").findIndex((l) => l.startsWith(startsWith));
    if (i < 0) throw new Error(`no line starting ${startsWith}`);
    return i + 1;
  }

  it("a bad date, in a directory on disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "orgs-"));
    dirs.push(dir);
    const n = lineOf(committed.organisations, "QE1,icb,");
    writeFileSync(join(dir, FILE_NAMES.organisations), withLine(committed.organisations, n, (l) => l.replace("2022-07-01", "2022-07-32")));
    writeFileSync(join(dir, FILE_NAMES.memberships), committed.memberships);
    writeFileSync(join(dir, FILE_NAMES.successions), committed.successions);
    expect(() => loadReferenceData(dir)).toThrow(`${join(dir, FILE_NAMES.organisations)} line ${n}: open_date "2022-07-32" is not a valid date YYYY-MM-DD`);
  });

  it("an unknown parent", () => {
    const n = lineOf(committed.memberships, "07H,sub_icb_location,D7T5G,");
    const memberships = withLine(committed.memberships, n, (l) => l.replace("D7T5G", "ZZZ"));
    expect(() => referenceDataFromCsv({ ...committed, memberships })).toThrow(`memberships.csv line ${n}: unknown parent ZZZ (icb)`);
  });

  it("a duplicate key", () => {
    const lines = committed.organisations.split("\n");
    const n = lineOf(committed.organisations, "QE1,icb,");
    const organisations = [...lines.slice(0, n), lines[n - 1], ...lines.slice(n)].join("\n");
    const err = (() => {
      try {
        referenceDataFromCsv({ ...committed, organisations });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ReferenceDataError);
    expect((err as ReferenceDataError).message).toBe(`organisations.csv line ${n + 1}: duplicate organisation QE1 (icb); first defined on line ${n}`);
    expect((err as ReferenceDataError).line).toBe(n + 1);
  });

  it("line numbers stay right with a BOM, CR LF line ends and blank lines", () => {
    const n = lineOf(committed.memberships, "07H,sub_icb_location,D7T5G,");
    const broken = withLine(committed.memberships, n, (l) => l.replace("D7T5G", "ZZZ")).split("\n");
    broken.splice(2, 0, ""); // a blank line before the broken row
    const memberships = "\ufeff" + broken.join("\r\n");
    expect(() => referenceDataFromCsv({ ...committed, memberships })).toThrow(`memberships.csv line ${n + 1}: unknown parent ZZZ (icb)`);
  });

  it("a row with a missing field", () => {
    const n = lineOf(committed.successions, "QMJ,icb,Z9B2Z,");
    const successions = withLine(committed.successions, n, (l) => l.split(",").slice(0, 5).join(","));
    expect(() => referenceDataFromCsv({ ...committed, successions })).toThrow(new RegExp(`^successions\\.csv line ${n}: not valid CSV`));
  });

  it("an overlapping membership and a succession to an unknown organisation", () => {
    const n = lineOf(committed.memberships, "07H,sub_icb_location,QM7,");
    const memberships = withLine(committed.memberships, n, (l) => `${l}\n07H,sub_icb_location,QE1,icb,2023-01-01,2023-12-31`);
    expect(() => referenceDataFromCsv({ ...committed, memberships })).toThrow(
      `memberships.csv line ${n + 1}: 07H (sub_icb_location) already has a icb parent for part of this period (line ${n})`,
    );
    const m = lineOf(committed.successions, "QMJ,icb,Z9B2Z,");
    const successions = withLine(committed.successions, m, (l) => l.replace("Z9B2Z", "Z9B2X"));
    expect(() => referenceDataFromCsv({ ...committed, successions })).toThrow(`successions.csv line ${m}: unknown successor Z9B2X (icb)`);
  });
});
