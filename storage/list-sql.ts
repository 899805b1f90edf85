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
