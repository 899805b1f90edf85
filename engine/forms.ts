/**
 * Finding, checking and compiling the collections under the definition roots (forms/ and
 * examples/ by default). This is the engine's front door for the CLI and the server.
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkCollection } from "./check/check-collection.ts";
import type { CompiledForm } from "./compile/compiled-form.ts";
import { compileVersion } from "./compile/compile-version.ts";
import { findCollectionDirs, loadCollection, type LoadedCollection, type LoadOptions } from "./load/load-collection.ts";
import { DefinitionError, sortProblems, type Problem } from "./problems.ts";

export const PROJECT_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_FORM_ROOTS = [join(PROJECT_ROOT, "forms"), join(PROJECT_ROOT, "examples")];

export interface CheckedCollection {
  loaded: LoadedCollection;
  problems: Problem[];
}

export function checkCollectionDir(dir: string, options: LoadOptions = {}): CheckedCollection {
  const loaded = loadCollection(dir, options);
  // Semantic checks only make sense once every file has the right shape.
  const problems = loaded.problems.length ? loaded.problems : checkCollection(loaded);
  return { loaded, problems: sortProblems(problems) };
}

/** Every collection under the given paths (a collection folder, a folder of them, or a file inside one). */
export function collectionDirsUnder(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isFile()) {
      const parent = dirname(abs);
      const dir = basename(abs) === "collection.yaml" ? parent : ["versions", "choices"].includes(basename(parent)) ? dirname(parent) : parent;
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
export function findCollection(id: string, roots: string[] = DEFAULT_FORM_ROOTS): string | undefined {
  for (const dir of roots.flatMap((r) => findCollectionDirs(r))) {
    if (basename(dir) === id) return dir;
  }
  return undefined;
}

/** Compiles every version of one collection; throws DefinitionError listing every problem. */
export function compileCollectionDir(dir: string, options: LoadOptions = {}): CompiledForm[] {
  const { loaded, problems } = checkCollectionDir(dir, options);
  if (problems.length) throw new DefinitionError(problems);
  return loaded.versions.map((v) => compileVersion(loaded, v.definition.version));
}
