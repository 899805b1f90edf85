/**
 * The language documents itself: its types, its reference tables and its format migrations
 * all follow from the schemas, and these tests fail when one of them has been left behind.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../forms.ts";
import { checkFormatMigrations, FORMAT_MIGRATIONS, type FormatMigration } from "./format-migrations.ts";
import { buildLanguageTypes, GENERATED_TYPES_FILE } from "./generate-types.ts";
import { KEY_TABLES, README_FILE, updateReadme } from "./readme-tables.ts";
import { LANGUAGE_SCHEMAS, type LanguageSchema } from "./schemas.ts";
import { LANGUAGE_VERSION } from "./types.ts";

const read = (file: string) => readFileSync(join(PROJECT_ROOT, file), "utf8");

/** Every key declared anywhere in a schema, as a path a person can find it by. */
function keysWithoutDescription(schema: unknown, path: string): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => keysWithoutDescription(s, `${path}/${i}`));
  if (!schema || typeof schema !== "object") return [];
  const node = schema as Record<string, unknown>;
  const missing: string[] = [];
  if (node.properties && typeof node.properties === "object") {
    for (const [key, sub] of Object.entries(node.properties as Record<string, LanguageSchema>)) {
      const description = sub.description;
      if (typeof description !== "string" || description.trim().length < 10) missing.push(`${path}/properties/${key}`);
    }
  }
  for (const [keyword, sub] of Object.entries(node)) {
    if (keyword === "enum" || keyword === "const" || keyword === "required") continue;
    missing.push(...keysWithoutDescription(sub, `${path}/${keyword}`));
  }
  return missing;
}

describe("the language's schemas", () => {
  it("describe every key they declare", () => {
    const missing = Object.entries(LANGUAGE_SCHEMAS).flatMap(([kind, schema]) => keysWithoutDescription(schema, kind));
    expect(missing).toEqual([]);
  });

  it("notice a key without a description", () => {
    const schema = { type: "object", properties: { a: { type: "string", description: "Described well enough." }, b: { type: "object", properties: { c: { type: "string" } } } } };
    expect(keysWithoutDescription(schema, "x")).toEqual(["x/properties/b", "x/properties/b/properties/c"]);
  });

  it("require the language version in every kind of file", () => {
    for (const schema of Object.values(LANGUAGE_SCHEMAS)) {
      expect(schema.required).toContain("language");
      expect((schema.properties as Record<string, LanguageSchema>).language!.const).toBe(LANGUAGE_VERSION);
    }
  });
});

describe("generated from the schemas", () => {
  it(`${GENERATED_TYPES_FILE} is what the schemas give (run npm run generate:language)`, async () => {
    expect(read(GENERATED_TYPES_FILE)).toBe(await buildLanguageTypes());
  });

  it(`${README_FILE}'s key tables are what the schemas give (run npm run generate:language)`, () => {
    const text = read(README_FILE);
    const update = updateReadme(text);
    expect(update.missing).toEqual([]);
    expect(update.unknown).toEqual([]);
    expect(text).toBe(update.text);
  });

  it("each README table lists every key of its part of the language", () => {
    const text = read(README_FILE);
    expect(text).toContain("| `messages.max_items` |");
    expect(text).toContain("| `accept_incomplete.reason` | yes |");
    expect(text).toContain("| `language` | yes | `1` |");
    expect(text).toContain("| `waiting_list` |  | text |");
    expect(Object.keys(KEY_TABLES)).toHaveLength(11);
  });

  it("a stale table is rewritten, the prose around it kept", () => {
    const stale = "Intro.\n<!-- generated:rule-keys -->\n| old |\n<!-- /generated -->\nOutro.\n";
    const { text, missing, unknown } = updateReadme(stale + "<!-- generated:nope -->\n<!-- /generated -->\n");
    expect(text.startsWith("Intro.\n<!-- generated:rule-keys -->\n| key | required | value | meaning |")).toBe(true);
    expect(text).toContain("| `not_before` |  | item key, or `group.item` |");
    expect(text).toContain("<!-- /generated -->\nOutro.\n");
    expect(missing).toContain("item-keys");
    expect(unknown).toEqual(["nope"]);
  });
});

describe("format migrations", () => {
  const step = (from: number, to: number): FormatMigration => ({ from, to, describe: "test", apply: (doc) => doc });

  it("carry every language the engine reads up to the current one", () => {
    expect(checkFormatMigrations(FORMAT_MIGRATIONS)).toEqual([]);
  });

  it("are refused when they skip, repeat or stop short of a language", () => {
    expect(checkFormatMigrations([step(1, 2), step(3, 4)], 4)).toEqual(["step to language 4 starts from 3, but the previous step ends at 2"]);
    expect(checkFormatMigrations([step(1, 3)], 3)).toEqual(["step from language 1 must go to 2, not 3"]);
    expect(checkFormatMigrations([step(1, 2)], 3)).toEqual(["the steps end at language 2, but the engine reads language 3"]);
  });
});
