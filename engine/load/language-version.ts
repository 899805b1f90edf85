/**
 * The first check of every definition file: which version of the definition language it is
 * written in. Files of an older language are upgraded by the format migrations
 * (engine/language/format-migrations.ts) before the schema check, which then re-validates
 * the result; files of an unknown or newer language are refused with the position of their
 * `language` key, and a file without one is told to add it.
 */
import { FORMAT_MIGRATIONS, oldestLanguage, type DefinitionDocument, type FormatMigration } from "../language/format-migrations.ts";
import type { FileKind } from "../language/schemas.ts";
import { LANGUAGE_VERSION } from "../language/types.ts";
import type { Problem } from "../problems.ts";
import type { SourceFile } from "./source-file.ts";

export interface LanguageOptions {
  /** The format migrations to run; the engine's own unless a test gives others. */
  migrations?: readonly FormatMigration[];
  /** The language the engine reads; LANGUAGE_VERSION unless a test says otherwise. */
  current?: number;
}

export interface Upgraded {
  /** The file in the current language, to check against the schemas; undefined when it cannot be read at all. */
  value: unknown;
  /** The language the file was written in, when it said and it was upgraded from it. */
  upgradedFrom?: number;
  problems: Problem[];
}

export function upgradeToCurrentLanguage(source: SourceFile, kind: FileKind, options: LanguageOptions = {}): Upgraded {
  const steps = options.migrations ?? FORMAT_MIGRATIONS;
  const current = options.current ?? LANGUAGE_VERSION;
  const value = source.value;
  // Not a map: the schema check says what is wrong with it.
  if (!isDocument(value)) return { value, problems: [] };

  if (!("language" in value)) {
    // Still checked as the current language, so every other problem is reported at once.
    const problem = source.problem([], `missing "language": add \`language: ${current}\` as the first key (the version of the definition language this file is written in)`, "missing_language");
    return { value: { language: current, ...value }, problems: [problem] };
  }

  const written = value.language;
  const at = (message: string, code: string): Upgraded => ({ value: undefined, problems: [source.problem(["language"], message, code)] });
  if (typeof written !== "number" || !Number.isInteger(written) || written < 0) {
    return at(`"language" must be a whole number: the version of the definition language this file is written in (${current} for this engine)`, "invalid_language");
  }
  if (written > current) {
    return at(`language ${written} is newer than this engine knows (it reads language ${current}): update the engine, or write this file in language ${current}`, "language_too_new");
  }
  const oldest = oldestLanguage(steps, current);
  if (written < oldest) {
    const reads = oldest === current ? `language ${current} only` : `languages ${oldest} to ${current}`;
    return at(`language ${written} is older than any this engine reads (${reads}): write this file in language ${current}`, "unknown_language");
  }

  let doc: DefinitionDocument = value;
  for (let from = written; from < current; ) {
    const step = steps.find((s) => s.from === from);
    if (!step) return at(`no format migration from language ${from}: rewrite this file in language ${current}`, "unknown_language");
    let next: unknown;
    try {
      // A copy, so that a step that mutates cannot change what the source file holds.
      next = step.apply(structuredClone(doc), kind);
    } catch (e) {
      return at(`could not upgrade this file from language ${step.from} to ${step.to} (${step.describe}): ${e instanceof Error ? e.message : String(e)}`, "format_migration_failed");
    }
    if (!isDocument(next)) return at(`upgrading from language ${step.from} to ${step.to} (${step.describe}) did not give a map of keys`, "format_migration_failed");
    doc = { ...next, language: step.to };
    from = step.to;
  }
  return written < current ? { value: doc, upgradedFrom: written, problems: [] } : { value: doc, problems: [] };
}

function isDocument(value: unknown): value is DefinitionDocument {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
