/** The revision a writer last read, from If-Match: `"3"` (or weak `W/"3"`). */
import type { FastifyRequest } from "fastify";

export type IfMatch = { kind: "revision"; revision: number } | { kind: "missing" } | { kind: "malformed" };

export function readIfMatch(request: FastifyRequest): IfMatch {
  const header = request.headers["if-match"];
  if (header === undefined) return { kind: "missing" };
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  return m ? { kind: "revision", revision: Number(m[1]) } : { kind: "malformed" };
}

export const IF_MATCH_MISSING = 'Send If-Match: "<revision>" with the revision you last read, so that nobody else\'s change is overwritten';
export const IF_MATCH_MALFORMED = 'If-Match must be a revision in quotes, like "3"';
