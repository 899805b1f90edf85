/**
 * Fastify checks each request's envelope (body, query string, parameters) against the route's
 * schema from api/; this turns Ajv's errors into the API's words: what to send, which field
 * is wrong and what it must be. Record data itself is the engine's to validate.
 */
import type { FastifySchemaValidationError, RouteShorthandOptions } from "fastify";

type SchemaErrorFormatter = NonNullable<RouteShorthandOptions["schemaErrorFormatter"]>;
type SchemaErrorDataVar = Parameters<SchemaErrorFormatter>[1];

export interface EnvelopeWords {
  /** What a whole body looks like, as in `Send {"data": {...}}`. */
  shape?: string;
  /** Said after the shape, like "naming a seeded user". */
  hint?: string;
  /** What each field must be, as in `"pageSize" must be a whole number from 1 to 500`. */
  fields?: Record<string, string>;
}

/** Ajv for requests: never coerce, never remove properties, never fill defaults; report every extra key. */
export const REQUEST_AJV_OPTIONS = { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true } as const;

const TYPE_WORDS: Record<string, string> = { object: "a JSON object", string: "text", array: "a list", boolean: "true or false", integer: "a whole number", number: "a number" };

export function envelopeErrors(words: EnvelopeWords = {}): SchemaErrorFormatter {
  return (errors, dataVar) => new Error(describe(errors, dataVar, words));
}

function describe(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar, words: EnvelopeWords): string {
  const send = words.shape ? `send ${words.shape}${words.hint ? ` ${words.hint}` : ""}` : "";
  const root = errors.filter((e) => e.instancePath === "");
  if (dataVar === "body" && root.some((e) => e.keyword === "type")) return `Send a JSON object like ${words.shape ?? "{...}"}`;

  const extra = root.filter((e) => e.keyword === "additionalProperties").map((e) => String(e.params.additionalProperty));
  if (extra.length) {
    const names = extra.map((k) => `"${k}"`).join(", ");
    if (dataVar === "querystring") return `Unknown query parameter${extra.length === 1 ? "" : "s"} ${names}${words.fields ? `; use ${Object.keys(words.fields).join(", ")}` : ""}`;
    return `Unexpected ${names}${send ? `: ${send.replace(/^send/, "send only")}` : ""}`;
  }

  const missing = root.find((e) => e.keyword === "required");
  if (missing) {
    const field = String(missing.params.missingProperty);
    if (dataVar === "body") return `"${field}" is missing: ${send || `send "${field}"`}`;
    return `Give "${field}"${words.fields?.[field] ? `, ${words.fields[field]}` : ""}`;
  }

  const first = errors[0];
  if (!first) return "The request is not in the expected shape";
  const field = first.instancePath.slice(1).split("/")[0]!.replace(/~1/g, "/").replace(/~0/g, "~");
  // Query values are always text: a type error means the parameter was given more than once.
  if (dataVar === "querystring" && first.keyword === "type") return `Give "${field}" once`;
  const expected = words.fields?.[field] ?? expectedOf(first);
  return `"${field}" must be ${expected}`;
}

function expectedOf(error: FastifySchemaValidationError): string {
  switch (error.keyword) {
    case "type":
      return TYPE_WORDS[String(error.params.type)] ?? String(error.params.type);
    case "enum":
      return `one of ${(error.params.allowedValues as unknown[]).map(String).join(", ")}`;
    case "minLength":
      return "given (not empty)";
    default:
      return "in the expected form";
  }
}
