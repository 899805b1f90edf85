/**
 * A definition cannot hurt the server. A pattern that backtracks catastrophically (the known
 * evil `^(a+)+$` makes a 41-character answer take minutes) is refused by `forms lint` with its
 * file:line:column, and the server, which compiles only definitions without problems, refuses
 * to start with it. Every pattern the shipped definitions hold stays fast on the longest and
 * on absurdly long answers, through the same validator the server and `validate` run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DefinitionError, FormRegistry, type CompiledItem } from "../engine/index.ts";
import { DEFAULT_FORM_ROOTS } from "../ops/index.ts";
import { copyCollection, runCli, type TempCollection } from "./helpers.ts";

const EVIL = "^(a+)+$";
let copy: TempCollection;
let evilLine: number;

beforeAll(() => {
  // A draft 2.1 whose only change is the evil pattern, so nothing else can be what is refused.
  copy = copyCollection();
  const v20 = readFileSync(join(copy.dir, "versions/2.0.yaml"), "utf8");
  copy.write("versions/2.1.yaml", v20.replace('version: "2.0"', 'version: "2.1"').replace("status: published", "status: draft").replace('supersedes: "1.0"', 'supersedes: "2.0"').replace('pattern: "^[A-Z]{2,4}$"', `pattern: "${EVIL}"`));
  evilLine = copy.lineOf("versions/2.1.yaml", EVIL);
});
afterAll(() => copy?.cleanup());

describe("the known evil pattern", () => {
  it("makes forms lint exit 1, naming the file, line and column and saying why", () => {
    const result = runCli(["forms", "lint", copy.dir], { cwd: copy.root });
    expect(result.stdout).toBe(
      `s-crt/versions/2.1.yaml:${evilLine}:14: pattern of "designated_professional_initials" is refused: it repeats a part that itself repeats (like (a+)+), which could take minutes to check on a long answer; repeat the inner part only\n`,
    );
    expect(result.stderr).toBe("1 problem found.\n");
    expect(result.status).toBe(1);
  });

  it("keeps the server from loading the definitions at all", async () => {
    const loading = FormRegistry.load([copy.root]);
    await expect(loading).rejects.toBeInstanceOf(DefinitionError);
    await expect(loading).rejects.toMatchObject({ problems: [{ code: "unsafe_pattern", line: evilLine }] });
  });

  it("makes validate refuse to run the draft, rather than hang", () => {
    const result = runCli(["validate", "s-crt", "2.1", "-"], { cwd: copy.root, env: { SCRT_FORMS: copy.root }, input: JSON.stringify({ designated_professional_initials: `${"a".repeat(40)}!` }) });
    expect(result.stderr).toContain(`versions/2.1.yaml:${evilLine}:14: pattern of "designated_professional_initials" is refused`);
    expect(result.status).toBe(2);
  });
});

/** Answers that make backtracking patterns work hardest: long runs of one character, then one that does not fit. */
function hardAnswers(length: number): string[] {
  return ["a", "A", "1", " ", "-", "é", "_"].flatMap((c) => [c.repeat(length), `${c.repeat(length - 1)}!`, `${c.repeat(length - 1)}\n`]);
}

function patterned(items: CompiledItem[]): CompiledItem[] {
  return items.flatMap((item) => [...(item.pattern ? [item] : []), ...patterned(item.items ?? [])]);
}

describe("every pattern of the shipped definitions", () => {
  let registry: FormRegistry;
  beforeAll(async () => {
    registry = await FormRegistry.load(DEFAULT_FORM_ROOTS);
  }, 300_000);

  it("stays fast on answers as long as allowed and far longer", () => {
    const checked: string[] = [];
    for (const collection of registry.collections()) {
      for (const { form, validate } of registry.versions(collection)) {
        for (const item of patterned(form.items)) {
          // An item of a repeating group is checked inside one entry.
          const [group, key] = item.path.includes(".") ? item.path.split(".") : [undefined, item.path];
          for (const length of [item.maxLength!, 1_000_000]) {
            for (const answer of hardAnswers(length)) {
              const data = group ? { [group]: [{ [key!]: answer }] } : { [key!]: answer };
              const started = performance.now();
              validate(data, { today: "2026-11-21" });
              // Generous: a safe pattern takes well under a millisecond; an evil one, minutes.
              expect(performance.now() - started, `${collection} ${form.version} ${item.path} (${length} characters)`).toBeLessThan(1_000);
            }
          }
          checked.push(`${collection} ${form.version} ${item.path}`);
        }
      }
    }
    // The test must have something to prove: S-CRT 2.0 has a pattern.
    expect(checked).toContain("s-crt 2.0 designated_professional_initials");
  });
});
