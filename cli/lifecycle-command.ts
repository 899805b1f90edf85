import { basename, isAbsolute, relative } from "node:path";
import { collectionDirsUnder, DefinitionError, displayRootOf, findCollection, publishVersion, relockVersion, retireVersion } from "../engine/index.ts";
import { loadConfig } from "../ops/index.ts";
import { UsageError, type Output } from "./output.ts";

const ACTIONS = { publish: publishVersion, retire: retireVersion, relock: relockVersion };

/** `forms publish`, `forms retire` and `forms relock`: exit 0 done, 1 refused (with the reasons), 2 unusable input. */
export function runLifecycle(action: keyof typeof ACTIONS, args: string[], out: Output): number {
  const [collection, version] = args;
  if (!collection || !version) throw new UsageError(`forms ${action} needs <collection> <version>`);
  const dir = findCollection(collection, loadConfig().formRoots);
  if (!dir) {
    throw new UsageError(`unknown collection "${collection}"; known collections: ${collectionDirsUnder(loadConfig().formRoots).map((d) => basename(d)).join(", ")}`, false);
  }
  const displayRoot = displayRootOf(dir);
  try {
    const result = ACTIONS[action](dir, version, { displayRoot });
    if (result.ok) {
      out.stdout(`${collection}: ${result.message}.\n`);
      return 0;
    }
    out.stderr(`${collection}: cannot ${action} ${version}: ${result.message}\n`);
    return 1;
  } catch (e) {
    if (e instanceof DefinitionError) {
      out.stderr(`${collection}: the definitions have problems; fix them first (npm run scrt -- forms lint):\n${e.message}\n`);
      return 1;
    }
    const file = fileError(e, displayRoot);
    if (file) {
      out.stderr(`${collection}: cannot ${action} ${version}: ${file}\n`);
      return 1;
    }
    throw e;
  }
}

const FILE_ERRORS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the disk",
  EISDIR: "a folder is where a file should be",
  ENOTDIR: "a file is where a folder should be",
  ENOENT: "no such file",
};

/**
 * A file that could not be read or written, named relative to the forms folder: Node's own
 * message gives the absolute path, which says where the server keeps its files.
 */
function fileError(e: unknown, displayRoot: string): string | undefined {
  if (!(e instanceof Error) || typeof (e as NodeJS.ErrnoException).code !== "string" || !(e as NodeJS.ErrnoException).syscall) return undefined;
  const { code, path } = e as NodeJS.ErrnoException;
  const reason = FILE_ERRORS[code!] ?? `the file system refused (${code})`;
  if (!path) return `a file of the collection could not be read or written: ${reason}`;
  const shown = isAbsolute(path) ? relative(displayRoot, path) : path;
  return `${shown.startsWith("..") ? basename(path) : shown}: ${reason}`;
}
