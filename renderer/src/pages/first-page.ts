/**
 * Before the first render: when the page opened is the add or edit page, the editor's code,
 * the compiled form and its validator, the user's drafts and, to edit, the case itself are
 * fetched together (the server's page already asked the browser to start on the code and the
 * current form: server/plugins/web.ts), so that the first screen drawn is the form itself
 * rather than "Loading…" and then the form.
 */
import { bootstrap } from "../bootstrap.ts";
import { api } from "../api.ts";
import { loadCollection, loadForm, noteDrafts, noteRecord, noteValidator } from "./data.ts";

type EditorModule = typeof import("./CaseEditor.tsx");

const EDITOR_PATH = /^\/c\/([^/]+)\/(?:new|([^/]+)\/edit)$/;

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
  let id: string | undefined;
  try {
    collection = decodeURIComponent(match[1]!);
    id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  } catch {
    return Promise.resolve();
  }
  const code = import("./CaseEditor.tsx").then((m) => {
    editor = m;
  });
  const validators = import("../form/load-validator.ts");
  // To edit, the case's own version's form (a case not yet migrated may be on an older one). A
  // case the user may not see is refused here as by the API (404): nothing is noted, and the
  // editor asks again and shows that answer, as when it is reached from another page.
  const data =
    id === undefined
      ? Promise.all([loadCollection(collection), validators]).then(([{ current }, { loadValidator }]) => noteValidator(current, loadValidator(current)))
      : api.get(collection, id).then(async (record) => {
          const [form, { loadValidator }] = await Promise.all([loadForm(collection, record.version), validators]);
          await noteValidator(form, loadValidator(form));
          noteRecord(record);
        });
  // The editor starts from the user's unsaved answers, if any: they are asked about them first.
  const drafts = api.drafts().then(
    (body) => noteDrafts(body.items),
    () => noteDrafts(null),
  );
  const settled = Promise.allSettled([code, data, drafts]).then(() => undefined);
  return Promise.race([settled, new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS))]);
}
