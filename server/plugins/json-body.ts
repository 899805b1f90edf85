/**
 * JSON bodies: Fastify's own parser (which refuses prototype poisoning), then a limit on how
 * deeply a body may nest, checked before any handler runs. Nothing the API takes nests more
 * than a few levels (a repeating group's entries in a record's data); a deeper body is refused
 * as unreadable rather than left to code that walks it (comparing old and new answers
 * overflowed the stack at 5,000 levels).
 */
import type { FastifyInstance } from "fastify";

export const MAX_JSON_DEPTH = 32;

/** A JSON body nested too deeply: the error handler answers 400 invalid_json with this message. */
export class JsonTooDeep extends Error {
  readonly statusCode = 400;
  readonly code = "SCRT_JSON_TOO_DEEP";
  constructor() {
    super(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

/** Whether a parsed value nests deeper than `limit` (walked without recursion, so any depth is safe). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

export function registerJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    parse(request, String(body), (error, value) => {
      if (error) return done(error, undefined);
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return done(new JsonTooDeep(), undefined);
      done(null, value);
    });
  });
}
