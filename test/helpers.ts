/** Helpers shared by cross-part tests: temporary copies of definitions, running the CLI. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../engine/index.ts";

export interface TempCollection {
  root: string;
  dir: string;
  /** Replaces `find` (which must occur exactly once) in a file; returns the 1-based line where `marker` now is. */
  edit(file: string, find: string, replace: string, marker?: string): number;
  lineOf(file: string, marker: string): number;
  write(file: string, text: string): void;
  cleanup(): void;
}

/** A throwaway copy of forms/s-crt (or another collection), to break on purpose. */
export function copyCollection(source = join(PROJECT_ROOT, "forms/s-crt")): TempCollection {
  const root = mkdtempSync(join(tmpdir(), "scrt-forms-"));
  const dir = join(root, source.split("/").pop()!);
  cpSync(source, dir, { recursive: true });
  const lineOf = (file: string, marker: string) => {
    const lines = readFileSync(join(dir, file), "utf8").split("\n");
    const hits = lines.flatMap((l, i) => (l.includes(marker) ? [i + 1] : []));
    if (hits.length !== 1) throw new Error(`marker "${marker}" occurs ${hits.length} times in ${file}`);
    return hits[0]!;
  };
  return {
    root,
    dir,
    lineOf,
    edit(file, find, replace, marker) {
      const path = join(dir, file);
      const text = readFileSync(path, "utf8");
      const count = text.split(find).length - 1;
      if (count !== 1) throw new Error(`"${find}" occurs ${count} times in ${file}`);
      writeFileSync(path, text.replace(find, replace));
      return marker ? lineOf(file, marker) : 0;
    },
    write(file, text) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Node's arguments that run the CLI as `npm run scrt` does: through tsx's loader, registered
 * in the one process (the tsx command starts a second process around it, which costs a test
 * about a second each time and changes nothing the CLI does).
 */
export const CLI_ARGS: readonly string[] = ["--import", pathToFileURL(join(PROJECT_ROOT, "node_modules/tsx/dist/loader.mjs")).href, join(PROJECT_ROOT, "cli/main.ts")];

/** Runs `npm run scrt -- ...` the way a person would (through tsx), in a given folder. */
export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...options.env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
