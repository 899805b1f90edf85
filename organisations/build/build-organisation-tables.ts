/**
 * Regenerates the normalised organisation reference tables
 *   forms/reference/organisations/{organisations,memberships,successions}.csv
 * from the verbatim source files in forms/reference/organisations/sources/.
 *
 *   npx tsx organisations/build/build-organisation-tables.ts          # write the three files
 *   npx tsx organisations/build/build-organisation-tables.ts --check  # exit 1 if they are out of date
 *
 * Every derivation made here is listed in forms/reference/organisations/README.md; keep the
 * two in step. The steps: read and cross-check the sources (read-*.ts), derive the rows of each
 * table (derive-*.ts), sort and serialise them (write-tables.ts), then load the result with the
 * loader, which checks the tables as the tracker will.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FILE_NAMES } from "../csv.ts";
import { referenceDataFromCsv } from "../load.ts";
import type { ReferenceCsv } from "../types.ts";
import { deriveMemberships } from "./derive-memberships.ts";
import { deriveOrganisations } from "./derive-organisations.ts";
import { deriveSuccessions } from "./derive-successions.ts";
import type { Sources } from "./model.ts";
import { readConfig2021, readConfig2022 } from "./read-2021-2022.ts";
import { readIcbChanges2026 } from "./read-icb-changes-2026.ts";
import { readSplits2026 } from "./read-splits-2026.ts";
import { ORGANISATIONS_DIR, SOURCES_DIR } from "./source-files.ts";
import { writeTables } from "./write-tables.ts";

export { ORGANISATIONS_DIR, SOURCES_DIR, SOURCE_FILES } from "./source-files.ts";
export { toCsv } from "./write-tables.ts";

export interface BuildResult extends ReferenceCsv {
  /** Observations about the sources worth knowing (not errors). */
  readonly notes: readonly string[];
}

export function buildOrganisationTables(sourcesDir: string = SOURCES_DIR): BuildResult {
  const notes: string[] = [];
  const c21 = readConfig2021(sourcesDir);
  const c22 = readConfig2022(sourcesDir, c21, notes);
  const changes = readIcbChanges2026(sourcesDir, c21, c22, notes);
  const splits = readSplits2026(sourcesDir, c22, changes);
  const sources: Sources = { c21, c22, changes, splits };
  const result: BuildResult = { ...writeTables(deriveOrganisations(sources), deriveMemberships(sources), deriveSuccessions(sources)), notes };
  referenceDataFromCsv(result); // throws if the tables are not consistent
  return result;
}

// ---------------------------------------------------------------------------------------------
// Command line

function main(argv: readonly string[]): number {
  const check = argv.includes("--check");
  const built = buildOrganisationTables();
  let stale = 0;
  for (const key of ["organisations", "memberships", "successions"] as const) {
    const path = join(ORGANISATIONS_DIR, FILE_NAMES[key]);
    let current: string | null = null;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = null;
    }
    if (current === built[key]) {
      console.log(`${FILE_NAMES[key]}: up to date (${built[key].split("\n").length - 2} rows)`);
      continue;
    }
    if (check) {
      console.error(`${FILE_NAMES[key]}: out of date; run npx tsx organisations/build/build-organisation-tables.ts`);
      stale++;
    } else {
      writeFileSync(path, built[key]);
      console.log(`${FILE_NAMES[key]}: written (${built[key].split("\n").length - 2} rows)`);
    }
  }
  for (const n of built.notes) console.log(`note: ${n}`);
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
