/**
 * When someone else saved a case while this user was editing it: what each of them changed
 * since the version this user opened, and this user's changes carried onto the latest version
 * (a three-way merge by item), so that nothing either of them typed is lost.
 */
import type { CompiledForm } from "../../../engine/runtime/index.ts";
import { stableJson } from "./draft-keeper.ts";

type Data = Record<string, unknown>;

export interface ItemChange {
  key: string;
  /** The answer in the version this user opened. */
  before: unknown;
  /** The other person's answer (the latest saved version). */
  theirs: unknown;
  /** This user's answer. */
  mine: unknown;
}

export interface Conflict {
  /** Items the other person changed, whether or not this user changed them too. */
  theirChanges: ItemChange[];
  /** Items both changed, to different answers: this user's answer wins in the merge. */
  clashes: ItemChange[];
  /** The latest version with this user's changes applied. */
  merged: Data;
}

const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);

/** In the form's order; a key only in the answers (unknown to the form) comes last. */
function keysOf(form: CompiledForm, ...answers: Data[]): string[] {
  const ordered = form.sections.flatMap((s) => s.items);
  const known = new Set(ordered);
  const extra = [...new Set(answers.flatMap((a) => Object.keys(a)))].filter((k) => !known.has(k)).sort();
  return [...ordered, ...extra];
}

export function compareVersions(form: CompiledForm, opened: Data, mine: Data, theirs: Data): Conflict {
  const merged: Data = { ...theirs };
  const theirChanges: ItemChange[] = [];
  const clashes: ItemChange[] = [];
  for (const key of keysOf(form, opened, mine, theirs)) {
    const change = { key, before: opened[key], theirs: theirs[key], mine: mine[key] };
    const theyChanged = !same(opened[key], theirs[key]);
    const iChanged = !same(opened[key], mine[key]);
    if (theyChanged) theirChanges.push(change);
    if (theyChanged && iChanged && !same(mine[key], theirs[key])) clashes.push(change);
    if (iChanged) {
      if (mine[key] === undefined) delete merged[key];
      else merged[key] = mine[key];
    }
  }
  return { theirChanges, clashes, merged };
}

/** One revision in a case's history: what it changed, each item's answer before and after. */
export interface RevisionChanges {
  revision: number;
  version: string;
  changes: { item: string; before: unknown; after: unknown }[];
}

/**
 * The answers as they were at an earlier revision, worked back from the latest ones through
 * what each later revision changed (the history stores every change). Undefined when that
 * cannot be done faithfully: a revision in between is missing from the history, or one moved
 * the case to another version of the form (its answers were reshaped, not just changed).
 */
export function answersAtRevision(latest: { data: Data; revision: number; version: string }, history: RevisionChanges[], revision: number): Data | undefined {
  if (revision > latest.revision || revision < 1) return undefined;
  const byRevision = new Map(history.map((entry) => [entry.revision, entry]));
  const data: Data = { ...latest.data };
  for (let n = latest.revision; n > revision; n--) {
    const entry = byRevision.get(n);
    if (!entry || entry.version !== latest.version) return undefined;
    for (const change of entry.changes) {
      // The history writes an answer that was not there as null.
      if (change.before === null || change.before === undefined) delete data[change.item];
      else data[change.item] = change.before;
    }
  }
  const base = byRevision.get(revision);
  return base && base.version === latest.version ? data : undefined;
}
