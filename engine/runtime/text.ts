/**
 * Characters no text answer may hold, as the compiled schema refuses them (compile/json-schema.ts)
 * and as messages show them: control characters other than tab, line feed and carriage return
 * (a carriage return is allowed only before a line feed, which the schema checks), bidirectional
 * embeddings, overrides and isolates (they make text display as other than what is stored:
 * "invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), and lone UTF-16 surrogates (no character
 * at all: JSON.parse makes one from "\\ud800", and they break UTF-8 exports).
 *
 * Written as escapes, so that the compiled schema stays readable. Ajv compiles patterns with the
 * "u" flag, under which the surrogate range matches only a surrogate that is not half of a pair.
 */
export const HIDDEN_CHARACTER_CLASS = "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]";

const SHOWN = new RegExp(`${HIDDEN_CHARACTER_CLASS}|\\r`, "gu");

/** Text as a message quotes it: characters that would hide or disguise it written as \u{...}. */
export function visibleText(text: string): string {
  return text.replace(SHOWN, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}
