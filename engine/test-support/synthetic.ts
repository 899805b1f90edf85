/**
 * Small synthetic collections for the engine's own unit tests, written to a fresh temporary
 * folder from in-memory YAML, so those tests do not move when forms/s-crt or examples/ change.
 *
 * Every definition file a test writes goes through `writeCollection` (and its `definitionText`),
 * so a key that every definition file must carry can be added here, once.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { LANGUAGE_VERSION } from "../language/types.ts";
import { checkCollectionDir, compileCollectionAndMigrations, compileRecordValidator, type CompiledForm, type CompiledMigration, type Problem, type RecordValidator } from "../index.ts";

/** A file's content: YAML text written as it is (for line:column tests), or an object. */
export type YamlSource = string | Record<string, unknown>;

export interface CollectionSpec {
  /** The folder name and collection id (default "synthetic"). */
  id?: string;
  /** As an object, merged over a minimal valid collection.yaml. */
  collection?: YamlSource;
  /** By version ("1.0"); an object is merged over collection, version, status draft and effective_from. */
  versions: Record<string, YamlSource>;
  /** By list name; an object gets `list`, and a list of codes becomes choices labelled after the code. */
  choices?: Record<string, YamlSource | string[]>;
  /** By file name without extension ("1.0-to-2.0"); an object gets collection, from and to. */
  migrations?: Record<string, YamlSource>;
  /** versions.lock.yaml, written as given. */
  lock?: YamlSource;
}

export const DEFAULT_ID = "synthetic";

/** Writes the collection to a fresh temporary folder and returns the collection's folder. */
export function writeCollection(spec: CollectionSpec): string {
  const id = spec.id ?? DEFAULT_ID;
  const dir = join(mkdtempSync(join(tmpdir(), "engine-synthetic-")), id);
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write("collection.yaml", definitionText(spec.collection ?? {}, { collection: id, title: "Synthetic collection", owner_organisation_type: "icb" }));
  for (const [version, source] of Object.entries(spec.versions)) {
    write(`versions/${version}.yaml`, definitionText(source, { collection: id, version, status: "draft", effective_from: "2025-01-01" }));
  }
  for (const [list, source] of Object.entries(spec.choices ?? {})) {
    const given = Array.isArray(source) ? { choices: source.map((code) => ({ code, label: labelOf(code) })) } : source;
    write(`choices/${list}.yaml`, definitionText(given, { list }));
  }
  for (const [name, source] of Object.entries(spec.migrations ?? {})) {
    const [from = "", to = ""] = name.split("-to-");
    write(`migrations/${name}.yaml`, definitionText(source, { collection: id, from, to }));
  }
  if (spec.lock !== undefined) write("versions.lock.yaml", typeof spec.lock === "string" ? spec.lock : stringify(spec.lock));
  return dir;
}

/** The one place a definition file's text is made. */
/** Every definition file declares the language it is written in; a test may give its own. */
function definitionText(source: YamlSource, defaults: Record<string, unknown>): string {
  if (typeof source !== "string") return stringify({ language: LANGUAGE_VERSION, ...defaults, ...source });
  return /^language:/m.test(source) ? source : `language: ${LANGUAGE_VERSION}\n${source}`;
}

/** "not_known" → "Not known": choice labels must differ, so derive them from the codes. */
function labelOf(code: string): string {
  const words = code.replace(/_/g, " ");
  return words[0]!.toUpperCase() + words.slice(1);
}

/** Removes a folder made by writeCollection, with its temporary parent. */
export function removeCollection(dir: string): void {
  rmSync(dirname(dir), { recursive: true, force: true });
}

export interface SyntheticForms {
  forms: CompiledForm[];
  migrations: CompiledMigration[];
  /** The last version (the only one, for most tests). */
  form: CompiledForm;
  /** The record validator of `form`. */
  validate: RecordValidator;
}

/** Writes, compiles and validates a collection, then removes its files: what the tests use is in memory. */
export async function compileSynthetic(spec: CollectionSpec): Promise<SyntheticForms> {
  const dir = writeCollection(spec);
  try {
    const { forms, migrations } = compileCollectionAndMigrations(dir, { displayRoot: dirname(dir) });
    const form = forms[forms.length - 1]!;
    return { forms, migrations, form, validate: (await compileRecordValidator(form)).validate };
  } finally {
    removeCollection(dir);
  }
}

export interface CheckedSynthetic {
  /** Problems, with files relative to the temporary root ("synthetic/versions/1.0.yaml"). */
  problems: Problem[];
  /** The 1-based line of the only line of `file` (relative to the collection) that contains `marker`. */
  lineOf(file: string, marker: string): number;
}

/** Writes and checks a collection (what `forms lint` does), then removes its files. */
export function checkSynthetic(spec: CollectionSpec): CheckedSynthetic {
  const dir = writeCollection(spec);
  try {
    const { problems } = checkCollectionDir(dir, { displayRoot: dirname(dir) });
    const texts = new Map<string, string>();
    const read = (file: string) => texts.get(file) ?? texts.set(file, readFileSync(join(dir, file), "utf8")).get(file)!;
    // Read every file now: the folder is gone by the time a test asks for a line.
    for (const file of filesOf(spec)) read(file);
    return {
      problems,
      lineOf(file, marker) {
        const text = texts.get(file);
        if (text === undefined) throw new Error(`no file ${file} in the synthetic collection`);
        const hits = text.split("\n").flatMap((line, i) => (line.includes(marker) ? [i + 1] : []));
        if (hits.length !== 1) throw new Error(`"${marker}" is on ${hits.length} lines of ${file}`);
        return hits[0]!;
      },
    };
  } finally {
    removeCollection(dir);
  }
}

function filesOf(spec: CollectionSpec): string[] {
  return [
    "collection.yaml",
    ...Object.keys(spec.versions).map((v) => `versions/${v}.yaml`),
    ...Object.keys(spec.choices ?? {}).map((l) => `choices/${l}.yaml`),
    ...Object.keys(spec.migrations ?? {}).map((m) => `migrations/${m}.yaml`),
  ];
}
