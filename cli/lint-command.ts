import { formatProblem, lint } from "../engine/index.ts";
import { loadConfig } from "../ops/index.ts";
import type { Output } from "./output.ts";

export function runLint(paths: string[], out: Output): number {
  const { collections, problems } = lint(paths.length ? paths : loadConfig().formRoots);
  for (const p of problems) out.stdout(`${formatProblem(p)}\n`);
  if (!collections.length) {
    out.stderr(`No collections found under ${paths.join(", ") || "forms/ and examples/"} (a collection is a folder with a collection.yaml).\n`);
    return 1;
  }
  const versions = collections.reduce((n, c) => n + c.loaded.versions.length, 0);
  out.stderr(
    problems.length
      ? `${problems.length} problem${problems.length === 1 ? "" : "s"} found.\n`
      : `${collections.length} collection${collections.length === 1 ? "" : "s"}, ${versions} version${versions === 1 ? "" : "s"}: no problems.\n`,
  );
  return problems.length ? 1 : 0;
}
