/**
 * Publishing and retiring versions. Publishing a version retires the one it replaces, and is
 * refused while any breaking change between them is not covered by a migration. The status
 * is changed in the version files (keeping their comments) and recorded in versions.lock.yaml.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { diffForms, type Change } from "../diff/diff-forms.ts";
import { checkCollectionDir, compileCollectionAndMigrations, displayRootOf } from "../forms.ts";
import { covers } from "../migrate/covers.ts";
import type { Loaded, LoadedCollection } from "../load/load-collection.ts";
import type { VersionDefinition } from "../language/types.ts";
import { DefinitionError } from "../problems.ts";
import { fingerprint, readLock, writeLock } from "./version-lock.ts";

export type LifecycleResult = { ok: true; message: string } | { ok: false; message: string; uncovered?: Change[] };

export interface LifecycleOptions {
  /** Files in messages are named relative to this folder (default: displayRootOf the collection). */
  displayRoot?: string;
}

export function publishVersion(dir: string, version: string, options: LifecycleOptions = {}): LifecycleResult {
  const displayRoot = options.displayRoot ?? displayRootOf(dir);
  const { loaded, problems } = checkCollectionDir(dir, { displayRoot });
  if (problems.length) throw new DefinitionError(problems);
  const target = loaded.versions.find((v) => v.definition.version === version);
  if (!target) return noVersion(loaded, version);
  if (target.definition.status !== "draft") return { ok: false, message: `version ${version} is ${target.definition.status}; only a draft can be published` };
  const current = loaded.versions.find((v) => v.definition.status === "published");

  if (current) {
    const { forms, migrations } = compileCollectionAndMigrations(dir, { displayRoot });
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

  const changes = [withStatus(target, "published"), ...(current ? [withStatus(current, "retired")] : [])];
  const refusal = changes.find((c): c is string => typeof c === "string");
  if (refusal !== undefined) return { ok: false, message: refusal };
  const lock = readLock(dir);
  for (const change of changes.filter((c): c is StatusChange => typeof c !== "string")) {
    apply(change);
    lock[change.version.definition.version] = { status: change.status, fingerprint: fingerprint(change.version.definition, loaded) };
  }
  writeLock(dir, lock);
  return { ok: true, message: `published ${version}${current ? `; retired ${current.definition.version}` : ""}` };
}

export function retireVersion(dir: string, version: string, options: LifecycleOptions = {}): LifecycleResult {
  const { loaded, problems } = checkCollectionDir(dir, { displayRoot: options.displayRoot ?? displayRootOf(dir) });
  if (problems.length) throw new DefinitionError(problems);
  const target = loaded.versions.find((v) => v.definition.version === version);
  if (!target) return noVersion(loaded, version);
  if (target.definition.status !== "published") return { ok: false, message: `version ${version} is ${target.definition.status}; only the published version can be retired` };
  const change = withStatus(target, "retired");
  if (typeof change === "string") return { ok: false, message: change };
  const lock = readLock(dir);
  apply(change);
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
export function relockVersion(dir: string, version: string, options: LifecycleOptions = {}): LifecycleResult {
  const { loaded, problems } = checkCollectionDir(dir, { displayRoot: options.displayRoot ?? displayRootOf(dir) });
  // Other fixed versions that changed are relocked (or undone) on their own; they stay reported by lint.
  const others = problems.filter((p) => p.code !== "fixed_version_changed");
  if (others.length) throw new DefinitionError(others);
  const target = loaded.versions.find((v) => v.definition.version === version);
  if (!target) return noVersion(loaded, version);
  const lock = readLock(dir);
  const entry = lock[version];
  if (!entry) return { ok: false, message: `version ${version} is ${target.definition.status}, not fixed: nothing to relock` };
  const next = fingerprint(target.definition, loaded);
  if (next === entry.fingerprint) return { ok: true, message: `version ${version} is unchanged; its lock stays as it was` };
  lock[version] = { ...entry, fingerprint: next };
  writeLock(dir, lock);
  return { ok: true, message: `relocked ${version} (${entry.status}): its fingerprint now records the current file` };
}

function noVersion(loaded: LoadedCollection, version: string): LifecycleResult {
  return { ok: false, message: `no version ${version} of ${loaded.settings?.definition.collection ?? basename(loaded.dir)}` };
}

interface StatusChange {
  version: Loaded<VersionDefinition>;
  status: "published" | "retired";
  text: string;
}

/**
 * The version file with its top-level `status:` line changed, every other byte as it was; or,
 * when it has no such line, why not. Every file a command changes is worked out before any is
 * written, so a refusal leaves none half changed.
 */
function withStatus(version: Loaded<VersionDefinition>, status: "published" | "retired"): StatusChange | string {
  const text = readFileSync(version.source.path, "utf8");
  const line = /^status:[^\S\n]*\S+/m;
  if (!line.test(text)) {
    return `${version.source.file} has no top-level \`status:\` line to change; write its status as a line of its own, like \`status: ${version.definition.status}\``;
  }
  return { version, status, text: text.replace(line, `status: ${status}`) };
}

function apply(change: StatusChange): void {
  writeFileSync(change.version.source.path, change.text);
  change.version.definition.status = change.status;
}
