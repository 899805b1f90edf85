/**
 * What a person types in the learning library, made into an FTS5 query that can say nothing
 * but "all of these words and phrases": every word or quoted phrase becomes an FTS5 string (in
 * double quotes, any double quote inside doubled), so AND, OR, NOT, NEAR, brackets, column
 * filters, stars and carets are searched for as words, never obeyed. And the snippets FTS5
 * marks, split into plain-text segments so that nothing in a stored text becomes markup.
 */
import type { PassageSegment } from "./types.ts";

/** Bounds on a query, so that no request can make the index do unbounded work. */
export const MAX_QUERY_TERMS = 16;

/** Marks FTS5's snippet() puts around matches: private-use characters no one types. */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

const HAS_WORD = /[\p{L}\p{N}]/u;

/** The words and "quoted phrases" of a search, in order, at most MAX_QUERY_TERMS; empty when nothing searchable was typed. */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  // Control characters are not words (and a NUL would end the query string inside SQLite).
  const cleaned = text.replace(/[\u0000-\u001f\u007f]/g, " ");
  // A phrase runs from a double quote to the next one (or to the end, if it is never closed).
  for (const m of cleaned.matchAll(/"([^"]*)"?|[^\s"]+/g)) {
    const term = (m[1] ?? m[0]).trim().replace(/\s+/g, " ");
    if (term && HAS_WORD.test(term) && !terms.includes(term)) terms.push(term);
  }
  return terms.slice(0, MAX_QUERY_TERMS);
}

/** Text as an FTS5 string: searched for as it is, never read as query syntax. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The FTS5 MATCH expression for the search's terms (all must match), or undefined when there are none. */
export function ftsQuery(text: string): string | undefined {
  const terms = searchTerms(text);
  if (!terms.length) return undefined;
  return terms.map(ftsPhrase).join(" AND ");
}

/** A snippet with MATCH_START/MATCH_END marks as segments; the marks themselves never reach the text. */
export function passageSegments(snippet: string): PassageSegment[] {
  const segments: PassageSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  let match = false;
  let current = "";
  for (const ch of snippet) {
    if (ch === MATCH_START || ch === MATCH_END) {
      push(current, match);
      current = "";
      match = ch === MATCH_START;
    } else current += ch;
  }
  push(current, match);
  return segments;
}

/**
 * A tag as one index token that no tokenizer step changes and no typed word can be: a kind
 * letter, the value's UTF-8 bytes in hex, and a final digit (the Porter stemmer only strips
 * suffixes that end in a letter). Searched only in the tags column.
 */
export function tagToken(kind: "collection" | "owner" | "facet", value: string): string {
  return `${kind[0]}${Buffer.from(value, "utf8").toString("hex")}0`;
}

/** The tags column of a text: its collection, owner and facets. */
export function tagsOf(collection: string, ownerOrg: string, facets: readonly string[]): string {
  return [tagToken("collection", collection), tagToken("owner", ownerOrg), ...facets.map((f) => tagToken("facet", f))].join(" ");
}

/**
 * The MATCH expression of a search: the typed words in the text column, and the tags it must
 * carry (its collection, one of its owners unless all, every facet) in the tags column.
 */
export function searchMatch(words: string, scope: { collection: string; owners: readonly string[] | "all"; facets?: readonly string[] }): string | undefined {
  const terms = ftsQuery(words);
  if (terms === undefined) return undefined;
  const parts = [`text : (${terms})`, `tags : ${tagToken("collection", scope.collection)}`];
  if (scope.owners !== "all") parts.push(`tags : (${scope.owners.map((o) => tagToken("owner", o)).join(" OR ")})`);
  for (const facet of scope.facets ?? []) parts.push(`tags : ${tagToken("facet", facet)}`);
  return parts.join(" AND ");
}
