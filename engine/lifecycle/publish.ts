/**
 * Publishing and retiring versions. Publishing a version retires the one it replaces, and is
 * refused while any breaking change between them is not covered by a migration. The status
 * is changed in the version files (keeping their comments) and recorded in versions.lock.yaml.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { diffForms, type Change } from "../diff/diff-forms.ts";
import { checkCollectionDir, compileCollectionAndMigrations } from "../forms.ts";
import { covers } from "../migrate/covers.ts";
import type { Loaded } from "../load/load-collection.ts";
import type { VersionDefinition } from "../language/types.ts";
import { DefinitionError } from "../problems.ts";
import { fingerprint, readLock, writeLock } from "./version-lock.ts";

export type LifecycleResult = { ok: true; message: string } | { ok: false; message: string; uncovered?: Change[] };

export function publishVersion(dir: string, version: string): LifecycleResult {
  const { loaded, problems } = checkCollectionDir(dir);
  if (problems.length) throw new DefinitionError(problems);
  const target = loaded.versions.find((v) => v.definition.version === version);
  if (!target) return { ok: false, message: `no version ${version} in ${dir}` };
  if (target.definition.status !== "draft") return { ok: false, message: `version ${version} is ${target.definition.status}; only a draft can be published` };
  const current = loaded.versions.find((v) => v.definition.status === "published");

  if (current) {
    const { forms, migrations } = compileCollectionAndMigrations(dir);
    const from = forms.find((f) => f.version === current.definition.version)!;
    const to = forms.find((f) => f.version === version)!;
    const migration = migrations.find((m) => m.from === from.version && m.to === version);
    const uncovered = diffForms(from, to).filter((c) => c.breaking && !(migration && covers(migration, c)));
    if (uncovered.length) {
      return {
        ok: false,
        uncovered,
        message: `version ${version} has ${uncovered.length} breaking change${uncovered.length === 1 ? "" : "s"} from ${from.version} that no migration covers (add migrations/${from.version}-to-${version}.yaml):\n${uncovered.map((c) => `  - ${c.description}`).join("\n")}`,
      };
    }
  }

  const lock = readLock(dir);
  setStatus(target, "published");
  lock[version] = { status: "published", fingerprint: fingerprint(target.definition, loaded) };
  if (current) {
    setStatus(current, "retired");
    lock[current.definition.version] = { status: "retired", fingerprint: fingerprint(current.definition, loaded) };
  }
  writeLock(dir, lock);
  return { ok: true, message: `published ${version}${current ? `; retired ${current.definition.version}` : ""}` };
}

export function retireVersion(dir: string, version: string): LifecycleResult {
  const { loaded, problems } = checkCollectionDir(dir);
  if (problems.length) throw new DefinitionError(problems);
  const target = loaded.versions.find((v) => v.definition.version === version);
  if (!target) return { ok: false, message: `no version ${version} in ${dir}` };
  if (target.definition.status !== "published") return { ok: false, message: `version ${version} is ${target.definition.status}; only the published version can be retired` };
  const lock = readLock(dir);
  setStatus(target, "retired");
  lock[version] = { status: "retired", fingerprint: fingerprint(target.definition, loaded) };
  writeLock(dir, lock);
  return { ok: true, message: `retired ${version}; the collection now has no version that takes new records` };
}

/**
 * Records the current text of a fixed version as its fingerprint. Only for a change that keeps
 * the version's meaning: its compiled validator must accept and refuse exactly the records it
 * did before, shown by a test in the same reviewed change (forms/README.md, "Fixed versions").
 * Refused while the collection has any other problem than changed fixed versions.
 */
export function relockVersion(dir: string, version: string): LifecycleResult {
  const { loaded, problems } = checkCollectionDir(dir);
  // Other fixed versions that changed are relocked (or undone) on their own; they stay reported by lint.
  const others = problems.filter((p) => p.code !== "fixed_version_changed");
  if (others.length) throw new DefinitionError(others);
  const target = loaded.versions.find((v) => v.definition.version === version);
  if (!target) return { ok: false, message: `no version ${version} in ${dir}` };
  const lock = readLock(dir);
  const entry = lock[version];
  if (!entry) return { ok: false, message: `version ${version} is ${target.definition.status}, not fixed: nothing to relock` };
  const next = fingerprint(target.definition, loaded);
  if (next === entry.fingerprint) return { ok: true, message: `version ${version} is unchanged; its lock stays as it was` };
  lock[version] = { ...entry, fingerprint: next };
  writeLock(dir, lock);
  return { ok: true, message: `relocked ${version} (${entry.status}): its fingerprint now records the current file` };
}

/** Changes the top-level `status:` line of the version file, leaving every other byte as it was. */
function setStatus(version: Loaded<VersionDefinition>, status: "published" | "retired"): void {
  const path = version.source.path;
  const text = readFileSync(path, "utf8");
  const updated = text.replace(/^status:[^\S\n]*\S+/m, `status: ${status}`);
  if (updated === text && !text.includes(`status: ${status}`)) throw new Error(`no top-level status line in ${path}`);
  writeFileSync(path, updated);
  version.definition.status = status;
}
