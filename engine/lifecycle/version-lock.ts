/**
 * Published and retired versions are fixed. versions.lock.yaml (written only by
 * `forms publish` and `forms retire`) records a fingerprint of each one; lint and start-up
 * refuse a collection whose fixed version has changed since.
 *
 * The fingerprint covers what the version means for data (see fingerprint) and the choice
 * lists it uses, canonically, so comments, layout and wording may change.
 * It leaves out `language` too: the loader has already upgraded the file to the current
 * language, so what is fingerprinted is what the file means, whichever language it is written
 * in, and a fixed version stays fixed when its file is rewritten in a newer language.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { ChoiceListDefinition, ItemDefinition, VersionDefinition } from "../language/types.ts";
import type { Loaded, LoadedCollection } from "../load/load-collection.ts";
import type { Problem } from "../problems.ts";

export const LOCK_FILE = "versions.lock.yaml";

export interface LockEntry {
  status: "published" | "retired";
  fingerprint: string;
}

export type VersionLock = Record<string, LockEntry>;

export function readLock(dir: string): VersionLock {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return {};
  const parsed = parse(readFileSync(path, "utf8")) as { versions?: VersionLock } | null;
  return parsed?.versions ?? {};
}

export function writeLock(dir: string, lock: VersionLock): void {
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true })));
  const header = "# Written by `npm run scrt -- forms publish` and `forms retire`. Do not edit:\n# a published or retired version is fixed, and this records what it was.\n";
  writeFileSync(join(dir, LOCK_FILE), header + stringify({ versions: sorted }));
}

/**
 * What a fixed version means for data: keys, types, labels, limits, conditions, writers,
 * rule operators and targets, codes and their labels. Wording and display (questions,
 * message names, hints, messages, widths, sections, layout, choice hints) are left out, so
 * they can improve in place while stored records keep meaning what they meant.
 */
export function fingerprint(version: VersionDefinition, collection: LoadedCollection): string {
  const { status: _status, language: _language, sections: _sections, layout: _layout, ...rest } = version;
  const meaning = { ...rest, items: rest.items.map(itemMeaning), rules: rest.rules?.map(({ message: _message, ...rule }) => rule) };
  const hash = createHash("sha256").update(canonical(meaning));
  for (const name of listsUsed(version)) {
    const list = collection.choiceLists.find((l) => l.definition.list === name);
    hash.update(canonical(list ? listMeaning(list.definition) : null));
  }
  return `${FINGERPRINT_PREFIX}${hash.digest("hex")}`;
}

const FINGERPRINT_PREFIX = "meaning-sha256:";

function itemMeaning(item: ItemDefinition): ItemDefinition {
  const { question: _q, message_name: _n, hint: _h, width: _w, messages: _m, ...rest } = item;
  return rest.items ? { ...rest, items: rest.items.map(itemMeaning) } : rest;
}

function listMeaning(list: ChoiceListDefinition): unknown {
  const { language: _language, title: _title, ...rest } = list;
  return { ...rest, choices: rest.choices.map(({ hint: _hint, ...choice }) => choice) };
}

function listsUsed(version: VersionDefinition): string[] {
  return [...new Set(flat(version.items).flatMap((i) => (i.choices ? [i.choices] : [])))].sort();
}

/**
 * The fingerprint locks written before wording was left free ("sha256:…"): the whole
 * definition. Such a version stays fixed word for word until it is locked again.
 */
function legacyFingerprint(version: VersionDefinition, collection: LoadedCollection): string {
  const { status: _status, language: _language, ...rest } = version;
  const hash = createHash("sha256").update(canonical(rest));
  for (const name of listsUsed(version)) {
    const list = collection.choiceLists.find((l) => l.definition.list === name);
    hash.update(canonical(list ? withoutLanguage(list.definition) : null));
  }
  return `sha256:${hash.digest("hex")}`;
}

/** Whether a lock entry's fingerprint still matches the version, in whichever form it was written. */
export function matchesLock(entry: LockEntry, version: VersionDefinition, collection: LoadedCollection): boolean {
  const current = entry.fingerprint.startsWith(FINGERPRINT_PREFIX) ? fingerprint(version, collection) : legacyFingerprint(version, collection);
  return current === entry.fingerprint;
}

function withoutLanguage<T extends { language: unknown }>(definition: T): Omit<T, "language"> {
  const { language: _language, ...rest } = definition;
  return rest;
}

function flat(items: ItemDefinition[]): ItemDefinition[] {
  return items.flatMap((i) => [i, ...flat(i.items ?? [])]);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Problems with fixed versions: changed since publishing, or published without `forms publish`. */
export function checkLock(collection: LoadedCollection): Problem[] {
  const lock = readLock(collection.dir);
  const problems: Problem[] = [];
  const byVersion = new Map<string, Loaded<VersionDefinition>>(collection.versions.map((v) => [v.definition.version, v]));
  for (const [version, loaded] of byVersion) {
    const def = loaded.definition;
    const entry = lock[version];
    if (def.status === "draft") {
      if (entry) problems.push(loaded.source.problem(["status"], `version ${version} was ${entry.status}; a ${entry.status} version cannot go back to draft`, "unlocked_status"));
      continue;
    }
    if (!entry) {
      problems.push(loaded.source.problem(["status"], `version ${version} says it is ${def.status}, but ${LOCK_FILE} has no record of it being published: make it a draft and run npm run scrt -- forms publish ${def.collection} ${version}`, "not_published"));
      continue;
    }
    if (!matchesLock(entry, def, collection)) {
      problems.push({
        file: loaded.source.file,
        line: 1,
        column: 1,
        message: `${loaded.source.file} has changed since version ${version} was ${entry.status}: a ${entry.status} version is fixed. Undo the change, or put it in a new draft version`,
        code: "fixed_version_changed",
      });
    }
    if (entry.status !== def.status) {
      problems.push(loaded.source.problem(["status"], `version ${version} is recorded as ${entry.status} in ${LOCK_FILE}; change its status with forms publish or forms retire`, "unlocked_status"));
    }
  }
  return problems;
}
