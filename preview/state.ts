/**
 * What the preview page is sent (GET /preview/state), as plain JSON: the preview's contract
 * between its server (snapshot.ts) and its page (renderer/src/preview). Types only, so the
 * browser's code can import it.
 */
import type { CompiledForm } from "../engine/runtime/index.ts";

/** A problem of the definition files (the engine's Problem: snapshot.ts assigns one to the other, so the compiler keeps them in step). */
export interface PreviewProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
  /** Where an editor can open the file, when an editor address is configured. */
  editorUrl?: string;
}

/** One change of `forms diff` (the engine's Change, kept in step the same way). */
export interface PreviewChange {
  kind: string;
  breaking: boolean;
  item?: string;
  code?: string;
  description: string;
  /** For a breaking change: whether the migration from the published version deals with it (null: not breaking, or no such migration). */
  covered: boolean | null;
}

export interface PreviewState {
  /** Goes up by one on every rebuild, so the page can tell a new state from one it has drawn. */
  revision: number;
  builtAt: string;
  collection: string;
  /** The version shown, or the one asked for when nothing has compiled yet. */
  version: string | null;
  versions: { version: string; status: string }[];
  problems: PreviewProblem[];
  /** The form drawn: from this save, or the last save that compiled when this one has problems. */
  form: CompiledForm | null;
  /** True when `form` is from an earlier save because the files as saved now have problems. */
  stale: boolean;
  /** Where the page loads the form's validator module from (named by its content). */
  validatorUrl: string | null;
  /** What the version changes from the published one (null when it is the published one). */
  diff: { from: string; to: string; migration: boolean; changes: PreviewChange[] } | null;
}
