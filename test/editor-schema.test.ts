/**
 * The JSON Schemas published for editors (forms/schema/): each definition file names its
 * schema on its first line, as yaml-language-server reads it, every file validates against
 * that schema with Ajv as an editor would check it, the schemas are what the language's
 * schemas give today, and they refuse what lint's shape check refuses.
 */
import { Ajv, type ValidateFunction } from "ajv";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildEditorSchemas, collectionDirsUnder, EDITOR_SCHEMA_DIR, EDITOR_SCHEMA_FILES, fileKindOf, PROJECT_ROOT, SCHEMA_LINE_PREFIX } from "../engine/index.ts";
import { DEFAULT_FORM_ROOTS } from "../ops/index.ts";

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFilesUnder(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every definition file of every shipped collection, with its kind. */
const DEFINITION_FILES = collectionDirsUnder(DEFAULT_FORM_ROOTS).flatMap((dir) =>
  yamlFilesUnder(dir).flatMap((file) => {
    const kind = fileKindOf(relative(dir, file));
    return kind ? [{ file, name: relative(PROJECT_ROOT, file), kind }] : [];
  }),
);

function validatorFor(schemaPath: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // Shown by editors, meaningless to a validator.
  ajv.addKeyword("markdownDescription");
  return ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
}

describe("the editors' JSON Schemas", () => {
  it("are what the language's schemas give (run npm run generate:language)", () => {
    const built = buildEditorSchemas();
    expect([...built.keys()].sort()).toEqual(Object.values(EDITOR_SCHEMA_FILES).map((f) => `${EDITOR_SCHEMA_DIR}/${f}`).sort());
    for (const [file, text] of built) expect(readFileSync(join(PROJECT_ROOT, file), "utf8"), file).toBe(text);
  });

  it("are draft-07, and carry each key's description from the language", () => {
    const version = JSON.parse(readFileSync(join(PROJECT_ROOT, EDITOR_SCHEMA_DIR, "version.schema.json"), "utf8"));
    expect(version.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const pattern = version.definitions.item.properties.pattern;
    expect(pattern.description).toMatch(/^Text items: a regular expression/);
    expect(pattern.markdownDescription).toBe(pattern.description);
    // A condition key keeps its own description beside the reference.
    expect(version.definitions.item.properties.shown_when).toMatchObject({ description: expect.stringMatching(/^The item is shown only when/), allOf: [{ $ref: "#/definitions/condition" }] });
  });
});

describe("every definition file in forms/ and examples/", () => {
  it("is found: the shipped collections' files of every kind", () => {
    expect(new Set(DEFINITION_FILES.map((f) => f.kind))).toEqual(new Set(["collection", "version", "choice_list", "migration"]));
    expect(DEFINITION_FILES.map((f) => f.name)).toContain("forms/s-crt/versions/2.0.yaml");
    expect(DEFINITION_FILES.map((f) => f.name)).toContain("examples/action-plan/collection.yaml");
  });

  it.each(DEFINITION_FILES.map((f) => [f.name, f] as const))("%s names its schema on its first line and validates against it", (_name, { file, kind }) => {
    const text = readFileSync(file, "utf8");
    const first = text.split("\n")[0]!;
    expect(first.startsWith(SCHEMA_LINE_PREFIX), first).toBe(true);
    const schemaPath = resolve(dirname(file), first.slice(SCHEMA_LINE_PREFIX.length));
    expect(schemaPath).toBe(join(PROJECT_ROOT, EDITOR_SCHEMA_DIR, EDITOR_SCHEMA_FILES[kind]));
    expect(existsSync(schemaPath)).toBe(true);
    const validate = validatorFor(schemaPath);
    const valid = validate(parse(text, { version: "1.2" }));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe("what an editor is told", () => {
  const validate = validatorFor(join(PROJECT_ROOT, EDITOR_SCHEMA_DIR, "version.schema.json"));
  const v20 = parse(readFileSync(join(PROJECT_ROOT, "forms/s-crt/versions/2.0.yaml"), "utf8"), { version: "1.2" });

  it("a misspelt key is marked", () => {
    const broken = structuredClone(v20);
    broken.items[0].requried = true;
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: "additionalProperties", instancePath: "/items/0", params: { additionalProperty: "requried" } }));
  });

  it("a wrong value in a condition is marked", () => {
    const broken = structuredClone(v20);
    broken.items.find((i: { shown_when?: unknown }) => i.shown_when).shown_when = { item: "status", equal: "closed" };
    expect(validate(broken)).toBe(false);
  });

  it("a pattern longer than the language allows is marked", () => {
    const broken = structuredClone(v20);
    broken.items.find((i: { pattern?: unknown }) => i.pattern).pattern = `^${"[A-Z]".repeat(101)}$`;
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: "maxLength" }));
  });
});
