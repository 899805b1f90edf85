/**
 * The key tables of forms/README.md, written from the language's schemas so that the
 * reference the data standards team reads is the one the engine checks against. Each table
 * sits between `<!-- generated:NAME -->` and `<!-- /generated -->`; everything outside the
 * markers is hand-written and left as it is. `npm run generate:language` rewrites them and a
 * test fails when README.md is stale.
 */
import { choiceListSchema, collectionSchema, migrationSchema, versionSchema, type LanguageSchema } from "./schemas.ts";

export const README_FILE = "forms/README.md";

interface TableSpec {
  /** What the table describes, for the problems of a README without its markers. */
  what: string;
  schema: LanguageSchema;
  /** Whether the table has a "required" column (conditions have no required keys of their own). */
  required: boolean;
}

/** Each table by its marker name, in the order they appear in README.md. */
export const KEY_TABLES: Record<string, TableSpec> = {
  "collection-keys": { what: "collection.yaml", schema: collectionSchema, required: true },
  "action-keys": { what: "actions of a collection", schema: at(collectionSchema, "properties", "actions", "items"), required: true },
  "version-keys": { what: "versions/<V>.yaml", schema: versionSchema, required: true },
  "section-keys": { what: "sections of a version", schema: at(versionSchema, "properties", "sections", "items"), required: true },
  "item-keys": { what: "items of a version", schema: at(versionSchema, "definitions", "item"), required: true },
  "condition-keys": { what: "conditions", schema: mergedAlternatives(at(versionSchema, "definitions", "condition")), required: false },
  "rule-keys": { what: "rules of a version", schema: at(versionSchema, "properties", "rules", "items"), required: true },
  "choice-list-keys": { what: "choices/<list>.yaml", schema: choiceListSchema, required: true },
  "choice-keys": { what: "choices of a choice list", schema: at(choiceListSchema, "properties", "choices", "items"), required: true },
  "migration-keys": { what: "migrations/<from>-to-<to>.yaml", schema: migrationSchema, required: true },
  "migration-step-keys": { what: "steps of a migration", schema: at(migrationSchema, "properties", "steps", "items"), required: true },
};

/** The names things are called in the README's prose, for the values of list keys. */
const PLURALS: Record<string, string> = {
  SectionDefinition: "sections",
  ItemDefinition: "items",
  RuleDefinition: "rules",
  ChoiceDefinition: "choices",
  MigrationStep: "steps",
};

const PATTERNS: Record<string, string> = {
  "^[a-z][a-z0-9_]*$": "snake_case name",
  "^[a-z][a-z0-9-]*$": "collection id: lowercase letters, digits and -",
  "^\\d+\\.\\d+$": 'version in quotes, like "2.0"',
  "^[a-z0-9][a-z0-9_]*$": "code",
  "^\\d{4}-\\d{2}-\\d{2}$": "date YYYY-MM-DD",
  "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$": "item key, or `group.item`",
};

export function buildKeyTable(spec: TableSpec): string {
  const header = spec.required ? ["| key | required | value | meaning |", "| --- | --- | --- | --- |"] : ["| key | value | meaning |", "| --- | --- | --- |"];
  const rows = keyRows(spec.schema, "").map((r) =>
    spec.required ? `| \`${r.key}\` | ${r.required ? "yes" : ""} | ${cell(r.value)} | ${cell(r.meaning)} |` : `| \`${r.key}\` | ${cell(r.value)} | ${cell(r.meaning)} |`,
  );
  return [...header, ...rows].join("\n");
}

export interface ReadmeUpdate {
  text: string;
  /** Tables whose markers README.md lacks. */
  missing: string[];
  /** Markers that name no table. */
  unknown: string[];
}

const MARKED = /(<!-- generated:([a-z0-9-]+) -->\n)[\s\S]*?(<!-- \/generated -->)/g;

export function updateReadme(text: string): ReadmeUpdate {
  const seen = new Set<string>();
  const unknown: string[] = [];
  const updated = text.replace(MARKED, (whole, open: string, name: string, close: string) => {
    const spec = KEY_TABLES[name];
    if (!spec) {
      unknown.push(name);
      return whole;
    }
    seen.add(name);
    return `${open}${buildKeyTable(spec)}\n${close}`;
  });
  return { text: updated, missing: Object.keys(KEY_TABLES).filter((n) => !seen.has(n)), unknown };
}

interface Row {
  key: string;
  required: boolean;
  value: string;
  meaning: string;
}

function keyRows(schema: LanguageSchema, prefix: string): Row[] {
  const properties = (schema.properties ?? {}) as Record<string, LanguageSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([key, sub]) => {
    const row: Row = { key: prefix + key, required: required.has(key), value: valueOf(sub), meaning: String(sub.description ?? "") };
    // A map of named keys is described key by key, right under the key that holds it.
    const nested = sub.type === "object" && sub.properties ? keyRows(sub, `${prefix}${key}.`) : [];
    return [row, ...nested];
  });
}

function valueOf(schema: LanguageSchema): string {
  if ("const" in schema) return `\`${String(schema.const)}\``;
  if (Array.isArray(schema.enum)) return listOf(schema.enum.map((v) => `\`${String(v)}\``), "or");
  if (typeof schema.$ref === "string") return schema.$ref.endsWith("/condition") ? "condition" : "item";
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as LanguageSchema[]).map(valueOf).join(", or ");
  if (typeof schema.title === "string" && PLURALS[schema.title]) return PLURALS[schema.title]!;
  switch (schema.type) {
    case "string":
      if (typeof schema.pattern === "string") return PATTERNS[schema.pattern] ?? `text matching \`${schema.pattern}\``;
      return "text";
    case "boolean":
      return "`true` or `false`";
    case "integer":
      return typeof schema.minimum === "number" ? `whole number, at least ${schema.minimum}` : "whole number";
    case "array": {
      const items = schema.items as LanguageSchema;
      const of = typeof items.title === "string" && PLURALS[items.title] ? PLURALS[items.title]! : plural(valueOf(items));
      const least = typeof schema.minItems === "number" && schema.minItems > 1 ? ` (at least ${schema.minItems})` : "";
      return `list of ${of}${least}${schema.uniqueItems ? ", no repeats" : ""}`;
    }
    case "object":
      if (schema.properties) return "map of the keys below";
      if (schema.additionalProperties && typeof schema.additionalProperties === "object") return `map of codes to ${plural(valueOf(schema.additionalProperties as LanguageSchema))}`;
      return "map";
    default:
      return "";
  }
}

function plural(value: string): string {
  const [first, ...rest] = value.split(":");
  const noun = first!.replace(/(condition|item|name|code|text|date|id)$/, "$1s");
  return [noun, ...rest].join(":");
}

function listOf(values: string[], last: string): string {
  return values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")} ${last} ${values[values.length - 1]}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function at(schema: LanguageSchema, ...path: string[]): LanguageSchema {
  let node: unknown = schema;
  for (const segment of path) node = (node as Record<string, unknown>)[segment];
  if (!node || typeof node !== "object") throw new Error(`no ${path.join("/")} in ${String(schema.$id)}`);
  return node as LanguageSchema;
}

/** A condition is one of several shapes; its table lists every key any of them has. */
function mergedAlternatives(schema: LanguageSchema): LanguageSchema {
  const properties: Record<string, unknown> = {};
  for (const alternative of (schema.oneOf ?? []) as LanguageSchema[]) Object.assign(properties, alternative.properties);
  return { properties };
}
