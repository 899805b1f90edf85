/**
 * Finding, checking and compiling the collections under the definition roots (forms/ and
 * examples/ by default). This is the engine's front door for the CLI and the server.
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { checkCollection } from "./check/check-collection.ts";
import type { CompiledForm } from "./compile/compiled-form.ts";
import { compileVersion } from "./compile/compile-version.ts";
import { findCollectionDirs, loadCollection, type LoadedCollection, type LoadOptions } from "./load/load-collection.ts";
import { checkLock } from "./lifecycle/version-lock.ts";
import { checkMigration } from "./migrate/check-migration.ts";
import type { CompiledMigration } from "./migrate/compiled-migration.ts";
import { compileMigration } from "./migrate/compile-migration.ts";
import { DefinitionError, sortProblems, type Problem } from "./problems.ts";

export const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The folder that paths in messages about a collection are relative to: the project, for a
 * collection inside it ("forms/s-crt/versions/2.0.yaml"), otherwise the folder that holds the
 * collection ("s-crt/versions/2.0.yaml"). Never the working directory: a command run from
 * elsewhere would name files by "../../" paths that give away where the server keeps them.
 */
export function displayRootOf(dir: string): string {
  const abs = resolve(dir);
  return abs.startsWith(PROJECT_ROOT + sep) ? PROJECT_ROOT : dirname(abs);
}

export interface CheckedCollection {
  loaded: LoadedCollection;
  problems: Problem[];
}

export function checkCollectionDir(dir: string, options: LoadOptions = {}): CheckedCollection {
  const loaded = loadCollection(dir, options);
  // Semantic checks only make sense once every file has the right shape, and migrations
  // only once both versions they connect compile.
  let problems = loaded.problems.length ? loaded.problems : [...checkCollection(loaded), ...checkLock(loaded)];
  if (!problems.length && loaded.migrations.length) {
    const forms = compiledByVersion(loaded);
    problems = loaded.migrations.flatMap((m) => {
      const wrongCollection = m.definition.collection !== loaded.settings?.definition.collection;
      return wrongCollection ? [m.source.problem(["collection"], `collection "${m.definition.collection}" does not match collection.yaml`, "collection_mismatch")] : checkMigration(m, forms);
    });
  }
  return { loaded, problems: sortProblems(problems) };
}

function compiledByVersion(loaded: LoadedCollection): Map<string, CompiledForm> {
  return new Map(loaded.versions.map((v) => [v.definition.version, compileVersion(loaded, v.definition.version)]));
}

/** Every collection under the given paths (a collection folder, a folder of them, or a file inside one). */
export function collectionDirsUnder(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isFile()) {
      const parent = dirname(abs);
      const dir = basename(abs) === "collection.yaml" ? parent : ["versions", "choices", "migrations"].includes(basename(parent)) ? dirname(parent) : parent;
      if (existsSync(join(dir, "collection.yaml"))) dirs.add(dir);
      continue;
    }
    for (const d of findCollectionDirs(abs)) dirs.add(d);
  }
  return [...dirs].sort();
}

export function lint(paths: string[], options: LoadOptions = {}): { collections: CheckedCollection[]; problems: Problem[] } {
  const collections = collectionDirsUnder(paths).map((d) => checkCollectionDir(d, options));
  return { collections, problems: sortProblems(collections.flatMap((c) => c.problems)) };
}

/** Finds a collection by id under the roots. */
export function findCollection(id: string, roots: string[]): string | undefined {
  for (const dir of roots.flatMap((r) => findCollectionDirs(r))) {
    if (basename(dir) === id) return dir;
  }
  return undefined;
}

/** Compiles every version of one collection; throws DefinitionError listing every problem. */
export function compileCollectionDir(dir: string, options: LoadOptions = {}): CompiledForm[] {
  return compileCollectionAndMigrations(dir, options).forms;
}

/** Every version and every migration of one collection; throws DefinitionError listing every problem. */
export function compileCollectionAndMigrations(dir: string, options: LoadOptions = {}): { forms: CompiledForm[]; migrations: CompiledMigration[] } {
  const { loaded, problems } = checkCollectionDir(dir, options);
  if (problems.length) throw new DefinitionError(problems);
  const forms = compiledByVersion(loaded);
  return {
    forms: [...forms.values()],
    migrations: loaded.migrations.map((m) => compileMigration(m, forms.get(m.definition.to)!)),
  };
}
