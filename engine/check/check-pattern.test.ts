/**
 * Patterns that could hang the server are refused by lint, at the pattern's position, and a
 * definition's size is bounded. The safe patterns people write (codes, dates, identifiers)
 * still pass.
 */
import { describe, expect, it } from "vitest";
import { DEFINITION_LIMITS } from "../language/limits.ts";
import { checkSynthetic, compileSynthetic } from "../test-support/synthetic.ts";
import { checkPattern } from "./check-pattern.ts";

const HEADER = 'collection: synthetic\nversion: "1.0"\nstatus: draft\neffective_from: 2025-01-01\n';
const VERSION = "versions/1.0.yaml";

/** A version with one short text item carrying these extra lines. */
function textItem(...lines: string[]): string {
  return HEADER + ["items:", "  - key: initials", "    label: Initials", "    type: short_text", ...lines.map((l) => `    ${l}`)].join("\n") + "\n";
}

describe("a pattern that backtracks catastrophically", () => {
  it("is refused by lint, naming the item and why, at the pattern's line and column", () => {
    const checked = checkSynthetic({ versions: { "1.0": textItem('pattern: "^(a+)+$"') } });
    expect(checked.problems).toEqual([
      {
        file: `synthetic/${VERSION}`,
        line: checked.lineOf(VERSION, "pattern:"),
        column: 14,
        code: "unsafe_pattern",
        message: 'pattern of "initials" is refused: it repeats a part that itself repeats (like (a+)+), which could take minutes to check on a long answer; repeat the inner part only',
      },
    ]);
  });

  it.each([
    ["^(a+)+$", "repeats a part that itself repeats"],
    ["^(a*)*b$", "repeats a part that itself repeats"],
    ["^([a-z]+\\s?)+$", "repeats a part that itself repeats"],
    ["^(\\w|\\d)+$", "alternatives of a repeated group"],
    ["^(a|a)*$", "alternatives of a repeated group"],
    ["^(a|)+$", "alternative that can match nothing"],
    ["^\\d*\\d*\\d*x$", "two repeated parts side by side"],
    ["^.*.*=.*$", "two repeated parts side by side"],
    ["^(?:a|b)(?:c+)+$", "repeats a part that itself repeats"],
    ["^" + "a?".repeat(30) + "$", "more than 25 repeated parts"],
  ])("%s is refused (%s)", (pattern, why) => {
    expect(checkPattern(pattern)).toMatchObject({ code: "unsafe_pattern" });
    expect(checkPattern(pattern)!.reason).toContain(why);
  });

  it.each([
    "^[A-Z]{2,4}$",
    "^\\d{4}/\\d{5}$",
    "^\\d+(\\.\\d+)?$",
    "^[A-Z]{2}\\d{6}[A-D]$",
    "^(https?|ftp)://\\S+$",
    "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$",
    "^\\p{Lu}[\\p{L} '-]*$",
    "^(ab|cd)+$",
    "^(?=.*\\d)[A-Za-z\\d]{8,}$",
  ])("%s is accepted", (pattern) => {
    expect(checkPattern(pattern)).toBeUndefined();
  });

  it("an invalid pattern is still reported as invalid", () => {
    const checked = checkSynthetic({ versions: { "1.0": textItem('pattern: "^(ab$"') } });
    expect(checked.problems.map((p) => [p.code, p.message.split(":")[0]])).toEqual([["invalid_pattern", 'pattern of "initials" is refused']]);
  });
});

describe("what a pattern may cost", () => {
  it("a pattern longer than the limit is refused", () => {
    const long = `^${"[A-Z]".repeat(101)}$`;
    const checked = checkSynthetic({ versions: { "1.0": textItem(`pattern: "${long}"`) } });
    expect(checked.problems.map((p) => [p.code, p.line])).toEqual([["too_large", checked.lineOf(VERSION, "pattern:")]]);
    expect(checked.problems[0]!.message).toContain(`longer than ${DEFINITION_LIMITS.patternLength} characters`);
  });

  it("a pattern runs on answers of at most 1,000 characters: a long text with a pattern must say its max_length", () => {
    const longText = HEADER + ["items:", "  - key: notes", "    label: Notes", "    type: long_text", '    pattern: "^[a-z ]+$"'].join("\n") + "\n";
    const checked = checkSynthetic({ versions: { "1.0": longText } });
    expect(checked.problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual([
      `${checked.lineOf(VERSION, "pattern:")}:14: pattern of "notes" is refused: it would run on answers of up to 4,000 characters; give the item a max_length of at most 1,000`,
    ]);
    expect(checkSynthetic({ versions: { "1.0": longText + "    max_length: 1000\n" } }).problems).toEqual([]);
  });

  it("the compiled validator checks the length before the pattern: a too-long answer gets only the length error", async () => {
    const { validate } = await compileSynthetic({ versions: { "1.0": textItem('pattern: "^[A-Z]{2,4}$"', "max_length: 4") } });
    expect(validate({ initials: "ab" }).errors.map((e) => e.code)).toEqual(["pattern"]);
    expect(validate({ initials: "abcdefgh" }).errors.map((e) => e.code)).toEqual(["too_long"]);
    expect(validate({ initials: "ABC" }).valid).toBe(true);
  });
});

describe("what a definition may hold", () => {
  it("a choice list of more codes than the limit is refused at the list", () => {
    const codes = Array.from({ length: DEFINITION_LIMITS.choices + 1 }, (_, i) => `c${i}`);
    const checked = checkSynthetic({ versions: { "1.0": HEADER + "items:\n  - key: a\n    label: A\n    type: single_choice\n    choices: big\n" }, choices: { big: codes } });
    expect(checked.problems.map((p) => [p.file, p.code, p.message])).toEqual([["synthetic/choices/big.yaml", "too_large", '"choices" has more than 2,000 entries, the most a definition may have']]);
  });

  it("a version of more items than the limit is refused", () => {
    const items = Array.from({ length: DEFINITION_LIMITS.items + 1 }, (_, i) => `  - key: i${i}\n    label: Item ${i}\n    type: short_text`).join("\n");
    const checked = checkSynthetic({ versions: { "1.0": `${HEADER}items:\n${items}\n` } });
    expect(checked.problems.map((p) => [p.code, p.line, p.message])).toEqual([["too_large", checked.lineOf(VERSION, "items:") + 1, '"items" has more than 500 entries, the most a definition may have']]);
  });

  it("a max_length beyond the limit is refused", () => {
    const checked = checkSynthetic({ versions: { "1.0": textItem("max_length: 100001") } });
    expect(checked.problems.map((p) => [p.code, p.message])).toEqual([["too_large", '"max_length" in item "initials" must be at most 100,000']]);
  });

  it("a condition nested deeper than the limit is refused at the level that goes too deep", () => {
    let condition = "{ item: status, equals: open }";
    for (let i = 0; i < DEFINITION_LIMITS.conditionDepth; i++) condition = `{ not: ${condition} }`;
    const version = (c: string) =>
      HEADER + ["items:", "  - key: status", "    label: Status", "    type: single_choice", "    choices: status", "  - key: note", "    label: Note", "    type: short_text", `    shown_when: ${c}`].join("\n") + "\n";
    const ok = checkSynthetic({ versions: { "1.0": version(`{ all: [${condition.replace(/^\{ not: /, "").replace(/ \}$/, "")}] }`) }, choices: { status: ["open", "closed"] } });
    expect(ok.problems).toEqual([]);
    const deep = checkSynthetic({ versions: { "1.0": version(`{ all: [${condition}] }`) }, choices: { status: ["open", "closed"] } });
    expect(deep.problems.map((p) => [p.code, p.message])).toEqual([["too_large", 'condition of "note" nests all, any and not more than 8 deep, the most a definition may']]);
  });
});
