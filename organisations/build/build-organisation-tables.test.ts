import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FILE_NAMES } from "../csv.ts";
import { ORGANISATIONS_DIR, SOURCES_DIR, SOURCE_FILES, buildOrganisationTables } from "./build-organisation-tables.ts";

describe("the build from sources/", () => {
  it("the committed CSVs equal the build script's output from sources/", () => {
    const built = buildOrganisationTables(SOURCES_DIR);
    expect(built.organisations).toBe(readFileSync(join(ORGANISATIONS_DIR, FILE_NAMES.organisations), "utf8"));
    expect(built.memberships).toBe(readFileSync(join(ORGANISATIONS_DIR, FILE_NAMES.memberships), "utf8"));
    expect(built.successions).toBe(readFileSync(join(ORGANISATIONS_DIR, FILE_NAMES.successions), "utf8"));
  });

  it("sources/ holds the verbatim ONS lookups (with their byte-order marks)", () => {
    for (const f of [SOURCE_FILES.ccg2021, SOURCE_FILES.sicbl2022]) {
      const bytes = readFileSync(join(SOURCES_DIR, f));
      expect([...bytes.subarray(0, 3)], f).toEqual([0xef, 0xbb, 0xbf]);
    }
  });
});
