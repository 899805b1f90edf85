/**
 * The list search's index of word junctions, on both stores (SQLite migration 0014, PostgreSQL
 * migration 0005). A trigram index cannot narrow a phrase of common words: every trigram of
 * "care concerns risk" is in a quarter or more of all texts, so each text holding them all is
 * read and tested (at 1,000,000 cases, 112 ms on SQLite, which checks their positions; 1.3 s on
 * PostgreSQL, which keeps none). Where words meet they are rare together: "are con" is in 1.6%
 * of those texts, and with "rns ris" in 0.1%.
 *
 * A junction gram is the seven characters centred on a space: three either side. A text holding
 * a search's text holds, at the same places, every gram of it that lies wholly within it, so the
 * texts holding all of a search's grams are all that hold the search (and some more); LIKE still
 * decides. ASCII letters are folded to lower case first, as the search's LIKE folds them.
 */

/** Characters either side of the space. */
const JUNCTION_REACH = 3;
const NOT_ASCII = /[^\x00-\x7f]/;
/** Each ASCII character's UTF-8 byte in hex. */
const HEX = Array.from({ length: 128 }, (_, c) => c.toString(16).padStart(2, "0"));

/**
 * A text's junction grams, each once. Characters are code points, as PostgreSQL's
 * string_to_array(t, NULL) splits them, so both stores cut the same grams from the same text
 * (scrt_junctions in migration 0005 must stay this function's twin).
 */
export function junctionGrams(text: string): string[] {
  // ASCII only (nearly every text): a UTF-16 unit is a code point and lower-casing is ASCII's, so
  // the spaces are found and the grams cut from the string itself (a third of the time).
  if (!NOT_ASCII.test(text)) {
    const folded = text.toLowerCase();
    const grams = new Set<string>();
    for (let i = folded.indexOf(" ", JUNCTION_REACH); i !== -1 && i + JUNCTION_REACH < folded.length; i = folded.indexOf(" ", i + 1)) {
      grams.add(folded.slice(i - JUNCTION_REACH, i + JUNCTION_REACH + 1));
    }
    return [...grams];
  }
  const chars = [...text.replace(/[A-Z]/g, (c) => c.toLowerCase())];
  const grams = new Set<string>();
  for (let i = JUNCTION_REACH; i + JUNCTION_REACH < chars.length; i++) {
    if (chars[i] === " ") grams.add(chars.slice(i - JUNCTION_REACH, i + JUNCTION_REACH + 1).join(""));
  }
  return [...grams];
}

/**
 * A gram as one FTS5 token for SQLite's junction index: the hex of its UTF-8, which the ascii
 * tokenizer keeps whole whatever the gram holds (spaces, punctuation, any script).
 */
export function junctionToken(gram: string): string {
  if (NOT_ASCII.test(gram)) return Buffer.from(gram, "utf8").toString("hex");
  let hex = "";
  for (let i = 0; i < gram.length; i++) hex += HEX[gram.charCodeAt(i)];
  return hex;
}
