/**
 * Before the first render: when the page opened is the add or edit page, the editor's code,
 * the compiled form and its validator (and, to add a case, the user's drafts) are fetched together (the server's page already asked
 * the browser to start on them: server/plugins/web.ts), so that the first screen drawn is the
 * form itself rather than "Loading…" and then the form.
 */
import { bootstrap } from "../bootstrap.ts";
import { api } from "../api.ts";
import { loadCollection, noteDrafts, noteValidator } from "./data.ts";

type EditorModule = typeof import("./CaseEditor.tsx");

const EDITOR_PATH = /^\/c\/([^/]+)\/(?:new|[^/]+\/edit)$/;

/** How long the first render waits for them; on a slow connection the page shows "Loading…" after that. */
const WAIT_MS = 3000;

let editor: EditorModule | undefined;

/** The editor's module if it has loaded already (then it is drawn without a loading step). */
export function loadedEditor(): EditorModule | undefined {
  return editor;
}

/** Resolves when what the first screen needs has arrived, or failed, or WAIT_MS has passed. */
export function prepareFirstPage(pathname: string): Promise<void> {
  const match = EDITOR_PATH.exec(pathname);
  // Signed out, the add page sends the visitor to sign in: nothing to fetch.
  if (!match || !bootstrap?.session) return Promise.resolve();
  let collection: string;
  try {
    collection = decodeURIComponent(match[1]!);
  } catch {
    return Promise.resolve();
  }
  const code = import("./CaseEditor.tsx").then((m) => {
    editor = m;
  });
  const data = Promise.all([loadCollection(collection), import("../form/load-validator.ts")]).then(([{ current }, { loadValidator }]) => noteValidator(current, loadValidator(current)));
  // The add page starts from the user's unsaved new case, if any: they are asked about it first.
  const drafts = /\/new$/.test(pathname)
    ? api.drafts().then(
        (body) => noteDrafts(body.items),
        () => noteDrafts(null),
      )
    : Promise.resolve();
  const settled = Promise.allSettled([code, data, drafts]).then(() => undefined);
  return Promise.race([settled, new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS))]);
}
