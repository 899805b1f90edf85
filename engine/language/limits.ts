/**
 * What one definition may cost. A definition is written by people, but it is compiled at
 * start-up and its patterns run on every write in the server and on every keystroke in the
 * browser, so a slip (a pasted list of 50,000 codes, a condition nested a hundred deep, a
 * pattern that backtracks) must be refused by lint rather than discovered as a hung server.
 * The schemas (schemas.ts) and the checks (engine/check) both read these numbers, and
 * forms/README.md ("Limits") states them.
 */
export const DEFINITION_LIMITS = {
  /** Top-level items of one version. */
  items: 500,
  /** Items of one repeating group's entry. */
  groupItems: 100,
  /** Codes of one choice list. */
  choices: 2_000,
  /** Cross-field rules of one version. */
  rules: 500,
  /** How deep all, any and not may nest in one condition. */
  conditionDepth: 8,
  /** Characters of one pattern. */
  patternLength: 500,
  /** The largest max_length of any text item. */
  maxLength: 100_000,
  /**
   * The largest max_length of an item with a pattern. The compiled validator checks the length
   * first and runs the pattern only on an answer within it, so a pattern never sees more than this.
   */
  patternAnswerLength: 1_000,
} as const;

/** The max_length of a text or url item that states none. */
export const DEFAULT_MAX_LENGTH: Readonly<Record<string, number>> = { short_text: 200, long_text: 4000, url: 2000 };
