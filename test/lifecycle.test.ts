/**
 * The lifecycle of definitions: a published or retired version is fixed (lint and start-up
 * refuse a changed one, naming the file); publishing checks the diff and needs a migration for
 * every breaking change; publishing retires the version it replaces.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { formatProblem, FormRegistry, LANGUAGE_VERSION, lint, PROJECT_ROOT, publishVersion, readLock, type FormatMigration } from "../engine/index.ts";
import { copyCollection, runCli, type TempCollection } from "./helpers.ts";

let copy: TempCollection;
afterEach(() => copy?.cleanup());
const problems = (c: TempCollection) => lint([c.dir], { displayRoot: c.root }).problems.map(formatProblem);

/** A draft 2.1 made from 2.0 with an edit applied. */
function draft21(c: TempCollection, edit: (text: string) => string): void {
  const v20 = readFileSync(join(c.dir, "versions/2.0.yaml"), "utf8");
  const text = edit(v20.replace('version: "2.0"', 'version: "2.1"').replace("status: published", "status: draft").replace('supersedes: "1.0"', 'supersedes: "2.0"'));
  c.write("versions/2.1.yaml", text);
}

describe("fixed versions", () => {
  it("refuses a changed published version in lint and at start-up, naming the file", async () => {
    copy = copyCollection();
    copy.edit("versions/2.0.yaml", "    label: Media interest\n", "    label: Media attention\n");
    expect(problems(copy)).toEqual([
      "s-crt/versions/2.0.yaml:1:1: s-crt/versions/2.0.yaml has changed since version 2.0 was published: a published version is fixed. Undo the change, or put it in a new draft version",
    ]);
    await expect(FormRegistry.load([copy.root])).rejects.toThrow(/versions\/2\.0\.yaml has changed since version 2\.0 was published/);
  });

  it("refuses a changed choice list that a fixed version uses", () => {
    copy = copyCollection();
    copy.edit("choices/yes_no.yaml", 'label: "No"', 'label: "No, none"');
    expect(problems(copy).map((p) => p.replace(/:.*?: /, ": "))).toEqual([
      expect.stringContaining("versions/1.0.yaml has changed since version 1.0 was retired"),
      expect.stringContaining("versions/2.0.yaml has changed since version 2.0 was published"),
    ]);
  });

  it("allows comments and layout to change", () => {
    copy = copyCollection();
    copy.edit("versions/2.0.yaml", "  - key: media_interest\n", "  # Asked of every case.\n  - key: media_interest\n");
    expect(problems(copy)).toEqual([]);
  });

  it("stays fixed when its files are written in another language version that means the same", () => {
    copy = copyCollection();
    // A pretend language 0 that called a choice's label `text`, upgraded by a format migration.
    copy.edit("versions/2.0.yaml", "language: 1\n", "language: 0\n");
    copy.edit("choices/yes_no.yaml", "language: 1\n", "language: 0\n");
    copy.edit("choices/yes_no.yaml", '    label: "No"\n', '    text: "No"\n');
    const zeroToOne: FormatMigration = {
      from: 0,
      to: 1,
      describe: "a choice's text is now its label",
      apply: (doc) => {
        const choices = doc.choices as Record<string, unknown>[] | undefined;
        return choices ? { ...doc, choices: choices.map(({ text, ...choice }) => (text === undefined ? choice : { ...choice, label: text })) } : doc;
      },
    };
    const found = lint([copy.dir], { displayRoot: copy.root, language: { migrations: [zeroToOne], current: LANGUAGE_VERSION } });
    expect(found.problems.map(formatProblem)).toEqual([]);
    // Without the step, language 0 is refused rather than misread.
    expect(problems(copy)).toContain("s-crt/choices/yes_no.yaml:2:11: language 0 is older than any this engine reads (language 1 only): write this file in language 1");
  });
});

describe("publishing", () => {
  it("refuses a breaking version without a migration, listing every uncovered change", () => {
    copy = copyCollection();
    draft21(copy, (t) => t.replace("    max_length: 50\n    required: true\n    unique:", "    max_length: 30\n    required: true\n    unique:"));
    expect(problems(copy)).toEqual([]);
    const result = runCli(["forms", "publish", "s-crt", "2.1"], { cwd: copy.root, env: { SCRT_FORMS: copy.root } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("cannot publish 2.1: version 2.1 has 1 breaking change from 2.0 that no migration covers");
    expect(result.stderr).toContain("  - steis_or_local_id: maximum length 50 → 30");
  });

  it("publishes a non-breaking draft, retiring the current version and recording both", () => {
    copy = copyCollection();
    draft21(copy, (t) => t.replace("    label: Latest update\n", "    label: Latest update on the case\n"));
    const result = publishVersion(copy.dir, "2.1");
    expect(result).toEqual({ ok: true, message: "published 2.1; retired 2.0" });
    expect(readFileSync(join(copy.dir, "versions/2.1.yaml"), "utf8")).toMatch(/^status: published$/m);
    expect(readFileSync(join(copy.dir, "versions/2.0.yaml"), "utf8")).toMatch(/^status: retired$/m);
    expect(readLock(copy.dir)).toMatchObject({ "1.0": { status: "retired" }, "2.0": { status: "retired" }, "2.1": { status: "published" } });
    expect(problems(copy)).toEqual([]);
  });

  it("publishes a breaking draft when a migration covers it", () => {
    copy = copyCollection();
    draft21(copy, (t) => t.replace("    max_length: 50\n    required: true\n    unique:", "    max_length: 30\n    required: true\n    unique:"));
    copy.write("migrations/2.0-to-2.1.yaml", 'language: 1\ncollection: s-crt\nfrom: "2.0"\nto: "2.1"\nsteps:\n  - accept_incomplete: { items: [steis_or_local_id], reason: Identifiers over 30 characters must be shortened. }\n');
    expect(publishVersion(copy.dir, "2.1")).toMatchObject({ ok: true });
  });
});

describe("publish, retire and relock name files without the server's paths", () => {
  /** Runs a lifecycle command from a folder outside the project, as a deployment script might. */
  function run(c: TempCollection, args: string[]) {
    const result = runCli(["forms", ...args], { cwd: tmpdir(), env: { SCRT_FORMS: c.root } });
    const output = result.stdout + result.stderr;
    expect(output).not.toContain(c.root);
    expect(output).not.toContain(PROJECT_ROOT);
    expect(output).not.toMatch(/(^|[\s'"(])\/(tmp|work|home|root|usr|var)\//m);
    expect(output).not.toMatch(/\.\.\//);
    expect(output).not.toMatch(/\bat .*\.ts:\d+/);
    return result;
  }

  it.each(["publish", "retire", "relock"])("%s of an unknown version names the collection, not its folder", (action) => {
    copy = copyCollection();
    const result = run(copy, [action, "s-crt", "9.9"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`s-crt: cannot ${action} 9.9: no version 9.9 of s-crt\n`);
  });

  it("definition problems are listed by the file's path in the forms folder", () => {
    copy = copyCollection();
    copy.edit("versions/2.0.yaml", "    label: Media interest\n", "    label: Media attention\n");
    const result = run(copy, ["publish", "s-crt", "2.0"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("\ns-crt/versions/2.0.yaml:1:1: s-crt/versions/2.0.yaml has changed since version 2.0 was published");
  });

  it("a version file it cannot change is named by its path in the forms folder", () => {
    copy = copyCollection();
    // A draft written as one flow mapping has no `status:` line to change.
    const v20 = readFileSync(join(copy.dir, "versions/2.0.yaml"), "utf8");
    const draft = parseYaml(v20.replace('version: "2.0"', 'version: "2.1"').replace("status: published", "status: draft").replace('supersedes: "1.0"', 'supersedes: "2.0"').replace("    label: Latest update\n", "    label: Latest update on the case\n")) as object;
    copy.write("versions/2.1.yaml", JSON.stringify(draft));
    expect(problems(copy)).toEqual([]);
    const result = run(copy, ["publish", "s-crt", "2.1"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("s-crt: cannot publish 2.1: s-crt/versions/2.1.yaml has no top-level `status:` line to change; write its status as a line of its own, like `status: draft`\n");
    // Nothing was half done: 2.0 is still the published version.
    expect(readFileSync(join(copy.dir, "versions/2.0.yaml"), "utf8")).toMatch(/^status: published$/m);
    expect(readLock(copy.dir)["2.1"]).toBeUndefined();
  });

  it("a file the system will not read is reported as a refusal (exit 1), not an internal error", () => {
    copy = copyCollection();
    // A folder where the lock file should be: the one failure of the file system a test can
    // cause whoever runs it (permissions do not stop root).
    rmSync(join(copy.dir, "versions.lock.yaml"));
    mkdirSync(join(copy.dir, "versions.lock.yaml"));
    const result = run(copy, ["retire", "s-crt", "2.0"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^s-crt: cannot retire 2\.0: .*a folder is where a file should be\n$/);
  });
});
