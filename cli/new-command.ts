/** `forms new <collection> [--dir DIR]`: scaffold a collection folder that lints clean. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { checkCollectionDir, displayRootOf, findCollection, formatProblem, PROJECT_ROOT, todayInLondon } from "../engine/index.ts";
import { loadConfig } from "../ops/index.ts";
import { UsageError, type Output } from "./output.ts";
import { COLLECTION_ID, scaffoldFiles } from "./scaffold.ts";

export function runNew(args: string[], options: { dir?: string }, out: Output): number {
  const [id, extra] = args;
  if (!id) throw new UsageError("forms new needs the new collection's id, e.g. forms new incident-log");
  if (extra !== undefined) throw new UsageError(`forms new takes one collection id, not "${args.join(" ")}"`);
  if (!COLLECTION_ID.test(id)) {
    throw new UsageError(`"${id}" cannot be a collection id: use lowercase letters, digits and -, starting with a letter (like incident-log)`, false);
  }
  const parent = resolve(options.dir ?? join(PROJECT_ROOT, "forms"));
  const dir = join(parent, id);
  const near = relative(process.cwd(), dir);
  // A folder outside the working directory is clearer by its full path than by ../../.
  const shown = near && !near.startsWith("..") ? near : dir;
  if (existsSync(dir)) throw new UsageError(`${shown} already exists; choose another id, or another folder with --dir`, false);
  const clash = findCollection(id, loadConfig().formRoots);
  if (clash) throw new UsageError(`a collection "${id}" already exists at ${relative(process.cwd(), clash) || clash}; collection ids must be unique`, false);

  const files = scaffoldFiles(id, dir, todayInLondon());
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text, { flag: "wx" });
  }
  const { problems } = checkCollectionDir(dir, { displayRoot: displayRootOf(dir) });
  for (const p of problems) out.stdout(`${formatProblem(p)}\n`);
  if (problems.length) {
    out.stderr(`Created ${shown}, but it has ${problems.length} problem${problems.length === 1 ? "" : "s"} (above).\n`);
    return 1;
  }
  const found = loadConfig().formRoots.some((root) => dir.startsWith(root + sep));
  out.stdout(
    [
      `Created ${shown}: ${[...files.keys()].join(", ")}. It lints clean.`,
      "Next:",
      `  1. Edit the files (forms/README.md, "Host a new collection", says what each part does).`,
      `  2. npm run scrt -- forms lint ${shown}`,
      ...(found ? [] : [`  (Commands and the server find collections under SCRT_FORMS: add ${parent} to it.)`]),
      `  3. npm run scrt -- forms publish ${id} 1.0`,
      "  4. Have the change reviewed and deployed: the tracker offers the collection when it starts.",
      "",
    ].join("\n"),
  );
  return 0;
}
