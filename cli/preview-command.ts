/**
 * `scrt forms preview [collection] [version]`: the standards team's live preview of a
 * definition on this machine's loopback address. Runs until stopped (Ctrl+C); prints a line
 * for every save, with the problems of a broken one.
 */
import { basename } from "node:path";
import { collectionDirsUnder, findCollection, formatProblem } from "../engine/index.ts";
import { loadConfig } from "../ops/index.ts";
import { startPreview, type RunningPreview, type Snapshot } from "../preview/index.ts";
import { buildRenderer, RENDERER_DIST } from "../server/index.ts";
import { UsageError, type Output } from "./output.ts";

export const DEFAULT_PREVIEW_PORT = 4180;

/** Editors with a well-known address scheme for opening a file at a position. */
const EDITOR_SCHEMES: Record<string, string> = {
  vscode: "vscode://file{path}:{line}:{column}",
  cursor: "cursor://file{path}:{line}:{column}",
  idea: "idea://open?file={path}&line={line}&column={column}",
};

export interface PreviewCommandOptions {
  port?: string;
  editor?: string;
}

export async function openPreview(args: string[], opts: PreviewCommandOptions, out: Output): Promise<RunningPreview> {
  const [wanted, version] = args;
  const roots = loadConfig().formRoots;
  const known = collectionDirsUnder(roots);
  const dir = wanted ? findCollection(wanted, roots) : known[0];
  if (!dir) throw new UsageError(wanted ? `unknown collection "${wanted}"; known collections: ${known.map((d) => basename(d)).join(", ") || "none"}` : "there is no collection to preview", false);
  const port = opts.port === undefined ? DEFAULT_PREVIEW_PORT : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${opts.port}"`, false);
  const editorUrl = opts.editor === undefined ? process.env.SCRT_EDITOR_URL : (EDITOR_SCHEMES[opts.editor] ?? opts.editor);
  if (editorUrl !== undefined && !editorUrl.includes("{path}")) throw new UsageError(`--editor must be one of ${Object.keys(EDITOR_SCHEMES).join(", ")} or an address with {path}, {line} and {column}`, false);

  if (await buildRenderer()) out.stdout("Built the web pages.\n");
  const report = (s: Snapshot) => {
    const time = new Date(s.state.builtAt).toLocaleTimeString("en-GB");
    if (!s.state.problems.length) out.stdout(`${time} ${s.state.collection} ${s.state.version}: no problems\n`);
    else out.stdout(`${time} ${s.state.problems.length} problem${s.state.problems.length === 1 ? "" : "s"}${s.state.stale ? " (showing the last form that compiled)" : ""}:\n${s.state.problems.map((p) => `  ${formatProblem(p)}\n`).join("")}`);
  };
  let preview: RunningPreview;
  try {
    preview = await startPreview({ dir, version, editorUrl, distDir: RENDERER_DIST, port, onRebuild: report });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UsageError(`port ${port} is in use; choose another with --port`, false);
    throw e;
  }
  report(preview.current());
  out.stdout(`Preview of ${basename(dir)} at ${preview.url}/ (following the files in ${dir}). Press Ctrl+C to stop.\n`);
  return preview;
}

export async function runPreview(args: string[], opts: PreviewCommandOptions, out: Output): Promise<number> {
  const preview = await openPreview(args, opts, out);
  return new Promise<number>((resolve) => {
    const stop = () => void preview.close().then(() => resolve(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
