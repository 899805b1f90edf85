/**
 * Reads one collection folder: collection.yaml, versions/*.yaml and choices/*.yaml.
 * Nothing here throws on bad content: every problem is collected with its position.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { ChoiceListDefinition, CollectionDefinition, MigrationDefinition, VersionDefinition } from "../language/types.ts";
import type { Problem } from "../problems.ts";
import { upgradeToCurrentLanguage, type LanguageOptions } from "./language-version.ts";
import { checkAgainstLanguage, type FileKind } from "./schema-check.ts";
import { SourceFile } from "./source-file.ts";

export interface Loaded<T> {
  definition: T;
  source: SourceFile;
}

export interface LoadedCollection {
  dir: string;
  settings?: Loaded<CollectionDefinition>;
  versions: Loaded<VersionDefinition>[];
  choiceLists: Loaded<ChoiceListDefinition>[];
  migrations: Loaded<MigrationDefinition>[];
  /** Problems of syntax and shape; semantic problems come from checkCollection. */
  problems: Problem[];
}

export interface LoadOptions {
  /** Paths in problems are shown relative to this folder (default: the current directory). */
  displayRoot?: string;
  /** Which definition language is read and how older ones are upgraded (tests only). */
  language?: LanguageOptions;
}

export function loadCollection(dir: string, options: LoadOptions = {}): LoadedCollection {
  const root = options.displayRoot ?? process.cwd();
  const result: LoadedCollection = { dir, versions: [], choiceLists: [], migrations: [], problems: [] };
  const read = <T>(path: string, kind: FileKind): Loaded<T> | undefined => {
    const source = new SourceFile(relative(root, path) || path, readFileSync(path, "utf8"), path);
    result.problems.push(...source.problems);
    const checked = checkShape(source, kind, options.language);
    result.problems.push(...checked.problems);
    return checked.definition === undefined ? undefined : { definition: checked.definition as T, source };
  };

  const settingsPath = join(dir, "collection.yaml");
  if (existsSync(settingsPath)) result.settings = read<CollectionDefinition>(settingsPath, "collection");
  else result.problems.push({ file: relative(root, settingsPath), line: 1, column: 1, message: "missing collection.yaml", code: "missing_file" });

  for (const path of yamlFiles(join(dir, "versions"))) {
    const loaded = read<VersionDefinition>(path, "version");
    if (loaded) result.versions.push(loaded);
  }
  for (const path of yamlFiles(join(dir, "choices"))) {
    const loaded = read<ChoiceListDefinition>(path, "choice_list");
    if (loaded) result.choiceLists.push(loaded);
  }
  for (const path of yamlFiles(join(dir, "migrations"))) {
    const loaded = read<MigrationDefinition>(path, "migration");
    if (loaded) result.migrations.push(loaded);
  }
  result.versions.sort((a, b) => compareVersions(a.definition.version, b.definition.version));
  return result;
}

/**
 * A parsed file in the current language and of the right shape, or the problems that stop it
 * being one: its language version, then its shape against the language's schema.
 */
export function checkShape(source: SourceFile, kind: FileKind, language?: LanguageOptions): { definition?: unknown; problems: Problem[] } {
  if (source.value === undefined) return { problems: [] };
  const upgraded = upgradeToCurrentLanguage(source, kind, language);
  // The schema check re-validates what the format migrations made of an older file.
  const after = upgraded.upgradedFrom === undefined ? "" : ` (after upgrading this file from language ${upgraded.upgradedFrom})`;
  const shape = checkAgainstLanguage(source, kind, upgraded.value).map((p) => ({ ...p, message: p.message + after }));
  const problems = [...upgraded.problems, ...shape];
  return problems.length || upgraded.value === undefined ? { problems } : { definition: upgraded.value, problems };
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Folders under `root` (at any depth) that hold a collection.yaml. */
export function findCollectionDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  if (statSync(root).isFile()) return [];
  if (existsSync(join(root, "collection.yaml"))) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "node_modules" && !d.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => findCollectionDirs(join(root, d.name)));
}

export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split(".").map(Number);
  const [bm = 0, bn = 0] = b.split(".").map(Number);
  return am - bm || an - bn;
}
