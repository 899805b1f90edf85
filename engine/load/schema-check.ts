/**
 * Checks a parsed definition file against the language's JSON Schema and turns Ajv's errors
 * into problems a person can act on, each at the line and column of the offending node.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { LANGUAGE_SCHEMAS, type FileKind } from "../language/schemas.ts";
import type { Problem } from "../problems.ts";
import type { PathSegment, SourceFile } from "./source-file.ts";

export type { FileKind } from "../language/schemas.ts";

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const validators = Object.fromEntries(Object.entries(LANGUAGE_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)])) as Record<FileKind, ValidateFunction>;

/**
 * `value` is what the file holds in the current language (upgraded by the format migrations
 * when it was written in an older one); positions still come from the file as written.
 */
export function checkAgainstLanguage(source: SourceFile, kind: FileKind, value: unknown): Problem[] {
  if (value === undefined) return [];
  const validate = validators[kind];
  if (validate(value)) return [];
  return describe(source, value, validate.errors ?? []);
}

function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(source: SourceFile, value: unknown, errors: ErrorObject[]): Problem[] {
  // A failing condition (oneOf) drags in an error from every alternative: report the
  // innermost failing condition once, and nothing else beneath it.
  const conditionPaths = errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath);
  const innermost = conditionPaths.filter((p) => !conditionPaths.some((q) => q !== p && q.startsWith(p + "/")));
  const inCondition = (p: string) => conditionPaths.some((c) => p === c || p.startsWith(c + "/"));

  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "oneOf" && !innermost.includes(e.instancePath)) continue;
    if (e.keyword !== "oneOf" && inCondition(e.instancePath)) continue;
    if (e.keyword === "if") continue;
    const p = problemFor(source, value, e);
    const id = `${p.line}:${p.column}:${p.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(p);
    }
  }
  return problems;
}

function problemFor(source: SourceFile, value: unknown, e: ErrorObject): Problem {
  const path = pathOf(e.instancePath);
  const where = describePath(value, path);
  const field = path.length ? `"${path[path.length - 1]}"` : "the file";
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const hint = suggest(key, allowed);
      return source.problem(path, `unknown key "${key}"${where}${hint ? `; did you mean "${hint}"?` : ""}`, "unknown_key", key);
    }
    case "required":
      return source.problem(path, `missing "${e.params.missingProperty}"${where}`, "missing_key");
    case "enum":
      return source.problem(path, `${field}${where} must be one of: ${(e.params.allowedValues as unknown[]).join(", ")}`, "invalid_value");
    case "type": {
      const quote = e.params.type === "string" && typeof valueAt(value, path) === "number" ? " (put it in quotes)" : "";
      return source.problem(path, `${field}${where} must be ${article(String(e.params.type))}${quote}`, "invalid_type");
    }
    case "pattern":
      return source.problem(path, `${field}${where} ${patternHint(e.params.pattern as string)}`, "invalid_value");
    case "oneOf":
      return source.problem(
        path,
        `not a valid condition${where}: use {item, equals}, {item, in}, {item, includes}, {item, present}, {all}, {any} or {not}`,
        "invalid_condition",
      );
    case "minItems":
      return source.problem(path, `${field}${where} must have at least ${e.params.limit} entr${e.params.limit === 1 ? "y" : "ies"}`, "invalid_value");
    case "maxItems":
      return source.problem(path, `${field}${where} has more than ${Number(e.params.limit).toLocaleString("en-GB")} entries, the most a definition may have`, "too_large");
    case "maxLength":
      return source.problem(path, `${field}${where} is longer than ${Number(e.params.limit).toLocaleString("en-GB")} characters, the most a definition may have`, "too_large");
    case "maximum":
      return source.problem(path, `${field}${where} must be at most ${Number(e.params.limit).toLocaleString("en-GB")}`, "too_large");
    case "uniqueItems":
      return source.problem(path, `${field}${where} lists the same value twice`, "duplicate_value");
    case "minProperties":
    case "maxProperties":
      return source.problem(path, `a rule${where} must name its item, exactly one of before, not_before, after or not_after, and a message`, "invalid_rule");
    default:
      return source.problem(path, `${field}${where} ${e.message ?? "is not valid"}`, "invalid_value");
  }
}

/** " in item \"date_added\"" style context, so a message makes sense without opening the file. */
function describePath(root: unknown, path: PathSegment[]): string {
  const parts: string[] = [];
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[seg] : undefined;
    const parent = path[i - 1];
    if (typeof seg === "number" && node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (typeof o.key === "string" && parent === "items") parts.push(`item "${o.key}"`);
      else if (typeof o.code === "string") parts.push(`choice "${o.code}"`);
      else if (parent === "sections" && typeof o.id === "string") parts.push(`section "${o.id}"`);
      else if (parent === "rules") parts.push(`rule ${seg + 1}`);
      else if (parent === "steps") parts.push(`step ${seg + 1}`);
    }
  }
  return parts.length ? ` in ${parts[parts.length - 1]}` : "";
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let node = root;
  for (const seg of path) node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[seg] : undefined;
  return node;
}

function article(type: string): string {
  const names: Record<string, string> = { string: "text", integer: "a whole number", boolean: "true or false", array: "a list", object: "a map of keys" };
  return names[type] ?? `a ${type}`;
}

function patternHint(pattern: string): string {
  if (pattern === "^[a-z][a-z0-9_]*$") return "must be snake_case: lowercase letters, digits and _, starting with a letter";
  if (pattern === "^\\d+\\.\\d+$") return 'must be a version like "2.0" (in quotes)';
  if (pattern === "^\\d{4}-\\d{2}-\\d{2}$") return "must be a date like 2024-07-19";
  if (pattern === "^[a-z][a-z0-9-]*$") return "must be lowercase letters, digits and -, starting with a letter";
  if (pattern === "^[a-z0-9][a-z0-9_]*$") return "must be lowercase letters, digits and _";
  return `must match ${pattern}`;
}

/** The closest allowed key by edit distance, when it is close enough to be a likely typo. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
