/**
 * SQL text built in pieces with `?` placeholders and their values beside them, as both list
 * queries (sqlite-list.ts, pg-list.ts) build it; and the LIKE pattern of the list's "contains".
 */
export interface Sql {
  text: string;
  params: unknown[];
}

export const sql = (text: string, ...params: unknown[]): Sql => ({ text, params });

export function join(parts: Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

export function wrap(s: Sql): Sql {
  return { text: `(${s.text})`, params: s.params };
}

/** "Contains" as a LIKE pattern (ESCAPE '\'): % and _ in the text are taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A date range whose matches are more than this many is "wide": in another order, its page may
 * be found by walking that order rather than by sorting every match (both list queries).
 */
export const WIDE_RANGE = 5_000;
/** How many records of the list's order are tested for a wide date range before its matches are sorted instead. */
export const WALK_PROBE = 2_000;

/**
 * Whether a search that the trigram index cannot serve (one of one or two characters; on
 * PostgreSQL, any that pg_trgm cannot narrow) is common, judged from the newest search texts
 * (both stores): a page of a common text is soon found by walking the list in its order,
 * testing each record, while reading all its index entries reads every text that holds it
 * (250 ms for "e" at 1,000,000 cases). A rare text, the slow case for a walk (seconds when
 * nothing matches), has few.
 */
export const SEARCH_SAMPLE = {
  /** How many of the newest search texts are read. */
  texts: 2_000,
  /** Fewer of the collection's texts than this in the sample: too few to judge by. */
  atLeast: 100,
  /** A text held by this share of the sampled texts or more is common. */
  commonShare: 0.01,
};

export function isCommonInSample(sample: { texts: number; hits: number }): boolean {
  return sample.texts >= SEARCH_SAMPLE.atLeast && sample.hits >= sample.texts * SEARCH_SAMPLE.commonShare;
}

/**
 * The deepest page of a search too common to sort is found by walking the list in its order; the
 * search's matches may first be read into a set, which each record walked is then tested
 * against (both list queries). Reading a match costs about as much as testing a record's texts,
 * and about reach × records / matches records are walked, so a set is read when matches² <
 * reach × records, and never of more than this many matches.
 */
export const MATCH_SET_MOST = 40_000;

/** The most matches worth reading into a set for a page that reaches `reach` rows into a list of about `records`. */
export function matchSetMost(reach: number, records: number): number {
  return Math.min(MATCH_SET_MOST, Math.floor(Math.sqrt(reach * records)));
}
