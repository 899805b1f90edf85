/**
 * The joints of the design, enforced: each part has a front door and the others import only
 * that; parts depend on each other in one direction only (no cycles); and what runs in the
 * browser reaches no Node module and no Node-only part of the engine.
 *
 * Imports are read with the TypeScript compiler's own pre-processor, so comments and strings
 * that look like imports do not count and dynamic imports do.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../engine/index.ts";

const PARTS = ["api", "bench", "cli", "engine", "examples", "ops", "organisations", "preview", "renderer", "server", "storage", "test"] as const;
type Part = (typeof PARTS)[number];

/** The files other parts may import. Parts nobody imports (bench, test, examples, renderer) have none. */
const FRONT_DOORS: Partial<Record<Part, string[]>> = {
  api: ["api/index.ts"],
  engine: ["engine/index.ts", "engine/runtime/index.ts"],
  ops: ["ops/index.ts"],
  organisations: ["organisations/index.ts"],
  // Tests scaffold new collections the way `scrt forms new` does.
  cli: ["cli/scaffold.ts"],
  // The preview's server for the CLI and tests; the shape of its state (types only) for its page.
  preview: ["preview/index.ts", "preview/state.ts"],
  server: ["server/index.ts"],
  // The server tests' trackers get fresh PostgreSQL databases the way the storage tests do.
  storage: ["storage/index.ts", "storage/test-stores.ts"],
  // Benchmarks start the tracker and make legacy files the way the tests do.
  test: ["test/server/harness.ts", "test/fixtures/legacy-csv.ts"],
};

/** Which parts each part may depend on (through their front doors): the layering of DESIGN.md. */
const MAY_USE: Record<Part, Part[]> = {
  engine: [],
  api: [],
  storage: [],
  organisations: ["engine"],
  ops: ["engine", "organisations", "storage"],
  server: ["api", "engine", "organisations", "ops", "storage"],
  preview: ["engine"],
  renderer: ["api", "engine", "preview"],
  // The CLI runs the server only for `scrt serve`, through its front door.
  cli: ["engine", "ops", "organisations", "preview", "server", "storage"],
  bench: ["api", "engine", "ops", "organisations", "server", "storage", "test"],
  examples: ["engine"],
  test: ["api", "cli", "engine", "ops", "organisations", "preview", "server", "storage"],
};

interface Import {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (["node_modules", "dist", "output"].includes(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const files = PARTS.flatMap((p) => sourceFiles(join(PROJECT_ROOT, p)));
const rel = (abs: string) => relative(PROJECT_ROOT, abs).split(sep).join("/");
const partOf = (path: string): Part | undefined => PARTS.find((p) => path === p || path.startsWith(`${p}/`));

const imports: Import[] = files.flatMap((file) =>
  relativeImports(file)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => ({ from: rel(file), to: rel(resolve(dirname(file), spec)) })),
);

describe("part boundaries", () => {
  it("reads the imports of every part", () => {
    expect(files.length).toBeGreaterThan(150);
    expect(imports.some((i) => i.from.startsWith("server/") && i.to === "engine/index.ts")).toBe(true);
  });

  it("imports another part only through its front door", () => {
    const deep = imports.filter((i) => {
      const a = partOf(i.from);
      const b = partOf(i.to);
      return a !== b && b !== undefined && !(FRONT_DOORS[b] ?? []).includes(i.to);
    });
    expect(deep.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it("depends only on the parts below it, so there is no cycle between parts", () => {
    const wrong = imports.filter((i) => {
      const a = partOf(i.from)!;
      const b = partOf(i.to);
      return b !== undefined && a !== b && !MAY_USE[a].includes(b);
    });
    expect(wrong.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
    // The allowed graph itself is acyclic.
    const visiting = new Set<Part>();
    const done = new Set<Part>();
    const visit = (p: Part, path: Part[]): void => {
      if (done.has(p)) return;
      if (visiting.has(p)) throw new Error(`cycle: ${[...path, p].join(" → ")}`);
      visiting.add(p);
      for (const q of MAY_USE[p]) visit(q, [...path, p]);
      visiting.delete(p);
      done.add(p);
    };
    for (const p of PARTS) visit(p, []);
  });

  it("keeps the browser's code free of Node: nothing reachable from the renderer or the engine's runtime uses a node: module or Node-only engine code", () => {
    const entries = ["renderer/src/main.tsx", "renderer/src/preview/main.tsx", "engine/runtime/index.ts", "api/index.ts"];
    const seen = new Set<string>();
    const problems: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of relativeImports(join(PROJECT_ROOT, file))) {
        if (spec.startsWith("node:") || ["fs", "path", "os", "crypto", "child_process", "url"].includes(spec)) problems.push(`${file} imports ${spec}`);
        if (!spec.startsWith(".")) continue;
        const target = rel(resolve(dirname(join(PROJECT_ROOT, file)), spec));
        const browserSafe =
          target.startsWith("renderer/src/") ||
          target.startsWith("engine/runtime/") ||
          target.startsWith("engine/language/") ||
          target === "engine/compile/compiled-form.ts" ||
          target === "preview/state.ts" ||
          target.startsWith("api/");
        if (!browserSafe) problems.push(`${file} reaches ${target}`);
        else if (/\.tsx?$/.test(target)) walk(target);
      }
    };
    for (const entry of entries) walk(entry);
    expect(seen.size).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});
