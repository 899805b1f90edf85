/** The language version check and the format migrations, as the loader runs them. */
import { describe, expect, it } from "vitest";
import type { FormatMigration } from "../language/format-migrations.ts";
import { formatProblem, sortProblems } from "../problems.ts";
import { checkShape } from "./load-collection.ts";
import { upgradeToCurrentLanguage, type LanguageOptions } from "./language-version.ts";
import { SourceFile } from "./source-file.ts";

const CHOICES = "list: yes_no\nchoices:\n  - code: \"yes\"\n    label: \"Yes\"\n";

/** What the loader does with one choice list file: upgrade, then check the result. */
function load(text: string, options?: LanguageOptions) {
  const source = new SourceFile("choices/yes_no.yaml", text);
  const upgraded = upgradeToCurrentLanguage(source, "choice_list", options);
  const { problems } = checkShape(source, "choice_list", options);
  return { source, upgraded, problems: sortProblems(problems).map(formatProblem) };
}

describe("the language version", () => {
  it("accepts a file of the current language as it is", () => {
    const { upgraded, problems } = load(`language: 1\n${CHOICES}`);
    expect(problems).toEqual([]);
    expect(upgraded.value).toMatchObject({ language: 1, list: "yes_no" });
    expect(upgraded.upgradedFrom).toBeUndefined();
  });

  it("says to add language: 1 to a file without it, and still reports the file's other problems", () => {
    const { problems } = load(`# Yes or no.\n${CHOICES.replace("label:", "lable:")}`);
    expect(problems).toEqual([
      'choices/yes_no.yaml:2:1: missing "language": add `language: 1` as the first key (the version of the definition language this file is written in)',
      'choices/yes_no.yaml:4:5: missing "label" in choice "yes"',
      'choices/yes_no.yaml:5:5: unknown key "lable" in choice "yes"; did you mean "label"?',
    ]);
  });

  it("refuses a language newer than the engine knows, at the key's line and column", () => {
    const { problems, upgraded } = load(`${CHOICES}language: 2\n`);
    expect(upgraded.value).toBeUndefined();
    expect(problems).toEqual([
      "choices/yes_no.yaml:5:11: language 2 is newer than this engine knows (it reads language 1): update the engine, or write this file in language 1",
    ]);
  });

  it.each([["one"], ["1.5"], ["0"], ['"1"']])("refuses language: %s", (value) => {
    const { problems } = load(`language: ${value}\n${CHOICES}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^choices\/yes_no\.yaml:1:11: /);
    expect(problems[0]).toMatch(value === "0" ? /language 0 is older than any this engine reads \(language 1 only\)/ : /"language" must be a whole number/);
  });
});

describe("format migrations", () => {
  // A pretend language 0 that called a choice's label `text`: the loader carries it to 1.
  const zeroToOne: FormatMigration = {
    from: 0,
    to: 1,
    describe: "a choice's text is now its label",
    apply: (doc) => ({
      ...doc,
      choices: (doc.choices as Record<string, unknown>[]).map(({ text, ...choice }) => ({ ...choice, label: text })),
    }),
  };
  const options: LanguageOptions = { migrations: [zeroToOne], current: 1 };
  const OLD = 'language: 0\nlist: yes_no\nchoices:\n  - code: "yes"\n    text: "Yes"\n';

  it("upgrade an older file step by step before the schema check", () => {
    const { upgraded, problems } = load(OLD, options);
    expect(problems).toEqual([]);
    expect(upgraded.upgradedFrom).toBe(0);
    expect(upgraded.value).toEqual({ language: 1, list: "yes_no", choices: [{ code: "yes", label: "Yes" }] });
  });

  it("are pure: the file as parsed is left as it was", () => {
    const mutating: FormatMigration = { ...zeroToOne, apply: (doc) => Object.assign(doc, { title: "changed" }) };
    const { source } = load(OLD, { migrations: [mutating], current: 1 });
    expect(source.value).toEqual({ language: 0, list: "yes_no", choices: [{ code: "yes", text: "Yes" }] });
  });

  it("have their result re-validated against the current schema", () => {
    const { problems } = load(OLD, { migrations: [{ ...zeroToOne, apply: (doc) => doc }], current: 1 });
    expect(problems).toContain('choices/yes_no.yaml:5:5: unknown key "text" in choice "yes" (after upgrading this file from language 0)');
  });

  it("that fail are a problem at the language key, never an exception", () => {
    const broken: FormatMigration = { ...zeroToOne, apply: () => { throw new Error("no choices"); } };
    expect(load(OLD, { migrations: [broken], current: 1 }).problems).toEqual([
      "choices/yes_no.yaml:1:11: could not upgrade this file from language 0 to 1 (a choice's text is now its label): no choices",
    ]);
  });
});
