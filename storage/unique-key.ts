/**
 * What two unique values are compared by (record_unique_values.value_key): people copy
 * identifiers from e-mails, PDFs and spreadsheets, which bring look-alike characters with them,
 * and "STEIS‑2024‑1" with non-breaking hyphens must not pass as a second case beside
 * "STEIS-2024-1". So the key is the value with invisible characters removed, in Unicode
 * compatibility form (NFKC: full-width letters and digits become ASCII, accents composed, a
 * non-breaking space a space), with every hyphen and dash as "-", and, when the constraint
 * ignores case, lower-cased (and normalised again: lower-casing can undo NFKC).
 *
 * Changing this function changes stored keys: raise UNIQUE_KEY_FORMAT, and databases holding
 * keys of an older format have them recomputed before any write (rekeyUniqueValues).
 */

/** The format of value_key that uniqueValueKey makes. 1: the value, lower-cased when ignoring case. */
export const UNIQUE_KEY_FORMAT = 2;

// Zero-width space, non-joiner and joiner, word joiner, byte-order mark (zero-width no-break
// space), and the soft hyphen, which shows only at a line break.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

// Hyphens, dashes and minus signs that NFKC leaves as they are (it maps U+2011, U+FE63 and
// U+FF0D to U+2010 or "-"; U+2010 itself, the en and em dashes and the minus sign stay).
const DASHES = /[\u058A\u05BE\u1400\u1806\u2010-\u2015\u2043\u2212\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D]/g;

function fold(value: string): string {
  return value.replace(INVISIBLE, "").normalize("NFKC").replace(DASHES, "-");
}

export function uniqueValueKey(value: string, ignoreCase: boolean): string {
  const folded = fold(value);
  return ignoreCase ? fold(folded.toLowerCase()) : folded;
}
