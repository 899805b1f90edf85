/**
 * One look at a collection's definition files, as the preview shows it: the problems of the
 * files as saved, the compiled form of the version being previewed (or, when the save broke
 * it, the last one that compiled), its validator module, its data dictionary, and what it
 * changes from the published version, each breaking change marked with whether a migration
 * deals with it.
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import {
  buildDictionaryHtml,
  checkCollectionDir,
  compileCollectionAndMigrations,
  compileRecordValidator,
  type CompiledForm,
  type CompiledMigration,
  diffForms,
  displayRootOf,
  migrationCovers,
  type Problem,
} from "../engine/index.ts";
import type { PreviewChange, PreviewProblem, PreviewState } from "./state.ts";

/** A rebuilt state together with the bodies the preview server serves beside it. */
export interface Snapshot {
  state: PreviewState;
  validatorCode: string | null;
  dictionaryHtml: string | null;
}

export interface SnapshotOptions {
  /** The collection folder. */
  dir: string;
  /** Which version to show; the newest draft (else the published version) when absent. */
  version?: string;
  /** Turns a problem's position into an editor address, e.g. "vscode://file/{path}:{line}:{column}". */
  editorUrl?: string;
}

/** Rebuilds from the files as they are now. `previous` supplies the last good form when this save is broken. */
export async function takeSnapshot(options: SnapshotOptions, previous: Snapshot | null): Promise<Snapshot> {
  const root = displayRootOf(options.dir);
  const revision = (previous?.state.revision ?? 0) + 1;
  const builtAt = new Date().toISOString();
  const keepLast = (problems: Problem[], collection: string, versions: PreviewState["versions"]): Snapshot => ({
    state: {
      ...(previous?.state ?? { form: null, validatorUrl: null, diff: null, version: options.version ?? null }),
      revision,
      builtAt,
      collection,
      versions: versions.length ? versions : (previous?.state.versions ?? []),
      problems: problems.map((p) => withEditorUrl(p, root, options.editorUrl)),
      stale: Boolean(previous?.state.form),
    },
    validatorCode: previous?.validatorCode ?? null,
    dictionaryHtml: previous?.dictionaryHtml ?? null,
  });

  let checked;
  try {
    checked = checkCollectionDir(options.dir, { displayRoot: root });
  } catch (e) {
    // A file vanished between listing and reading (an editor's atomic save): the next event rebuilds.
    return keepLast([unexpected(e)], previous?.state.collection ?? "", []);
  }
  const collection = checked.loaded.settings?.definition.collection ?? previous?.state.collection ?? "";
  const versions = checked.loaded.versions.map((v) => ({ version: v.definition.version, status: v.definition.status }));
  if (checked.problems.length) return keepLast(checked.problems, collection, versions);

  let forms: CompiledForm[];
  let migrations: CompiledMigration[];
  try {
    ({ forms, migrations } = compileCollectionAndMigrations(options.dir, { displayRoot: root }));
  } catch (e) {
    return keepLast([unexpected(e)], collection, versions);
  }
  const form = chooseVersion(forms, options.version);
  if (!form) {
    const missing: Problem = { file: relativeSettings(checked), line: 1, column: 1, code: "unknown_version", message: `there is no version ${options.version ?? ""} of ${collection}; versions: ${versions.map((v) => v.version).join(", ")}` };
    return keepLast([missing], collection, versions);
  }
  const { code } = await compileRecordValidator(form);
  const published = forms.find((f) => f.status === "published");
  const migration = published ? migrations.find((m) => m.from === published.version && m.to === form.version) : undefined;
  const diff =
    published && published.version !== form.version
      ? {
          from: published.version,
          to: form.version,
          migration: Boolean(migration),
          changes: diffForms(published, form).map((c) => ({ ...c, covered: c.breaking ? (migration ? migrationCovers(migration, c) : null) : null })),
        }
      : null;
  const hash = createHash("sha256").update(code).digest("base64url").slice(0, 16);
  return {
    state: { revision, builtAt, collection, version: form.version, versions, problems: [], form, stale: false, validatorUrl: `/preview/validator/${hash}.js`, diff },
    validatorCode: code,
    dictionaryHtml: buildDictionaryHtml(form),
  };
}

function chooseVersion(forms: CompiledForm[], wanted: string | undefined): CompiledForm | undefined {
  if (wanted) return forms.find((f) => f.version === wanted);
  const drafts = forms.filter((f) => f.status === "draft");
  return drafts.at(-1) ?? forms.find((f) => f.status === "published") ?? forms.at(-1);
}

function relativeSettings(checked: ReturnType<typeof checkCollectionDir>): string {
  return checked.loaded.settings?.source.file ?? "collection.yaml";
}

function unexpected(e: unknown): Problem {
  return { file: "(preview)", line: 1, column: 1, code: "preview_failed", message: e instanceof Error ? e.message : String(e) };
}

function withEditorUrl(problem: Problem, root: string, template: string | undefined): PreviewProblem {
  if (!template || problem.file.startsWith("(")) return problem;
  const path = resolve(root, problem.file);
  const editorUrl = template.replaceAll("{path}", encodeURI(path)).replaceAll("{line}", String(problem.line)).replaceAll("{column}", String(problem.column));
  return { ...problem, editorUrl };
}
