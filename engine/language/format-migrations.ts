/**
 * Changes of the definition language's format, as an ordered list of pure steps (the way
 * DEFRA's forms engine migrates its definitions). Every definition file says which language
 * it is written in (`language: 1`); the loader runs the steps from that version up to
 * LANGUAGE_VERSION on the parsed file, then checks the result against the current schemas,
 * so the rest of the engine only ever sees the current language.
 *
 * Language 1 is the first, so the list is empty. When the format changes:
 *   1. change the schemas and raise LANGUAGE_VERSION to N (types.ts);
 *   2. append `{ from: N - 1, to: N, describe, apply }` here, where `apply` turns a file of
 *      language N - 1 into one of language N without reading anything else;
 *   3. run `npm run generate:language`.
 * Files keep their old `language` until someone rewrites them; fixed versions keep their
 * fingerprints as long as the step only restates what the file said.
 */
import type { FileKind } from "./schemas.ts";
import { LANGUAGE_VERSION } from "./types.ts";

/** A parsed definition file: the YAML's top-level map. */
export type DefinitionDocument = Record<string, unknown>;

export interface FormatMigration {
  from: number;
  to: number;
  /** What changed, for the data standards team (and for problems when a step fails). */
  describe: string;
  /**
   * Pure: given a copy of a file of language `from`, returns the file in language `to`. The
   * loader sets `language` itself and checks the result against the schemas afterwards.
   */
  apply(doc: DefinitionDocument, kind: FileKind): DefinitionDocument;
}

export const FORMAT_MIGRATIONS: readonly FormatMigration[] = [];

/** Why a list of steps cannot carry every known language to `current` (empty when it can). */
export function checkFormatMigrations(steps: readonly FormatMigration[], current: number = LANGUAGE_VERSION): string[] {
  const faults: string[] = [];
  let expected = steps[0]?.from ?? current;
  for (const step of steps) {
    if (step.from !== expected) faults.push(`step to language ${step.to} starts from ${step.from}, but the previous step ends at ${expected}`);
    if (step.to !== step.from + 1) faults.push(`step from language ${step.from} must go to ${step.from + 1}, not ${step.to}`);
    expected = step.to;
  }
  if (expected !== current) faults.push(`the steps end at language ${expected}, but the engine reads language ${current}`);
  return faults;
}

/** The oldest language the steps can upgrade from. */
export function oldestLanguage(steps: readonly FormatMigration[] = FORMAT_MIGRATIONS, current: number = LANGUAGE_VERSION): number {
  return steps[0]?.from ?? current;
}
