/**
 * Whether an item's pattern is safe to run on every write. JavaScript's regular expressions
 * backtrack: a pattern like `^(a+)+$` takes seconds on a 30-character answer and minutes on a
 * 40-character one, and the same pattern runs in the server on every save, so one careless
 * pattern in a definition would let any editor hang the tracker. Rather than run patterns in a
 * different engine, lint refuses the shapes that backtrack badly, so what the browser and the
 * server run stays the plain JavaScript pattern the definition states.
 *
 * safe-regex2 refuses a repeat inside a repeat (star height above 1) and patterns with very
 * many repeats. It cannot see the other common shape: a repeated choice whose alternatives
 * can match the same text (`(\w|\d)+`), or two repeats side by side that can (`\d*\d*`, which
 * is slow when several are chained). Those are found here, conservatively: a pattern refused
 * that would in fact have been fast can always be written another way.
 */
import retModule, { types, type Root, type Token } from "ret";
import safeRegex from "safe-regex2";
import { DEFINITION_LIMITS } from "../language/limits.ts";

/** Why a pattern is refused, in words for the message, or undefined when it is safe. */
export interface PatternVerdict {
  code: "invalid_pattern" | "unsafe_pattern";
  reason: string;
}

// ret is CommonJS: under ES module interop its tokenizer may arrive as the default or inside it.
const tokenize = ((retModule as unknown as { default?: unknown }).default ?? retModule) as (pattern: string) => Root;
const { ROOT, GROUP, POSITION, SET, RANGE, REPETITION, REFERENCE, CHAR } = types;

export function checkPattern(pattern: string): PatternVerdict | undefined {
  try {
    // Ajv compiles patterns with the u flag, in the browser and on the server.
    new RegExp(pattern, "u");
  } catch (e) {
    return { code: "invalid_pattern", reason: `it is not a valid regular expression: ${(e as Error).message}` };
  }
  let root: Root;
  try {
    root = tokenize(pattern);
  } catch {
    return { code: "unsafe_pattern", reason: "it uses syntax the safety check cannot read, so it cannot be shown to be safe; write it with plainer syntax" };
  }
  if (!safeRegex(pattern)) {
    if (countRepeats(root) > 25) return { code: "unsafe_pattern", reason: "it has more than 25 repeated parts, which could take minutes to check on a long answer" };
    // safe-regex2 counts an optional part (`(\.\d+)?`) as a repeat; it matches at most once,
    // so a repeat inside it cannot multiply the ways of matching. Anything else it refuses is refused.
    if (starHeight(root) > 1) {
      return { code: "unsafe_pattern", reason: "it repeats a part that itself repeats (like (a+)+), which could take minutes to check on a long answer; repeat the inner part only" };
    }
  }
  return overlapping(root);
}

/** How deep repeats nest, not counting parts that are merely optional (at most once). */
function starHeight(token: Token | Root): number {
  const below = Math.max(0, ...children(token).map(starHeight));
  return token.type === REPETITION && token.max > 1 ? below + 1 : below;
}

/** The problem a pattern of this item has, if any: too long, unsafe, or too long an answer to run on. */
export function patternProblem(pattern: string, maxLength: number): PatternVerdict | undefined {
  if (pattern.length > DEFINITION_LIMITS.patternLength) {
    return { code: "unsafe_pattern", reason: `it is longer than ${DEFINITION_LIMITS.patternLength} characters` };
  }
  const verdict = checkPattern(pattern);
  if (verdict) return verdict;
  if (maxLength > DEFINITION_LIMITS.patternAnswerLength) {
    return {
      code: "unsafe_pattern",
      reason: `it would run on answers of up to ${maxLength.toLocaleString("en-GB")} characters; give the item a max_length of at most ${DEFINITION_LIMITS.patternAnswerLength.toLocaleString("en-GB")}`,
    };
  }
  return undefined;
}

function countRepeats(token: Token | Root): number {
  return children(token).reduce((n, child) => n + countRepeats(child), token.type === REPETITION ? 1 : 0);
}

function children(token: Token | Root): Token[] {
  if (token.type === REPETITION) return [token.value];
  if (token.type === ROOT || token.type === GROUP) return token.options ? token.options.flat() : (token.stack ?? []);
  return [];
}

function sequences(token: Token | Root): Token[][] {
  if (token.type === ROOT || token.type === GROUP) return token.options ?? [token.stack ?? []];
  return [];
}

/**
 * The characters a token's match can start with, tried over a sample of characters (every
 * ASCII character and a few beyond), and whether it can match nothing at all.
 */
const SAMPLE = [...Array.from({ length: 128 }, (_, i) => i), 0xa0, 0xe9, 0x100, 0x3b1, 0x2028, 0x4e00, 0x1f600];

interface First {
  chars: Set<number>;
  empty: boolean;
}

function setMatches(token: Token, c: number): boolean {
  if (token.type === CHAR) return token.value === c;
  if ((token.type as number) === RANGE) {
    const range = token as unknown as { from: number; to: number };
    return c >= range.from && c <= range.to;
  }
  if (token.type === SET) return token.set.some((t) => setMatches(t as Token, c)) !== token.not;
  return false;
}

function first(token: Token): First {
  switch (token.type) {
    case CHAR:
    case SET:
      return { chars: new Set(SAMPLE.filter((c) => setMatches(token, c))), empty: false };
    case POSITION:
      return { chars: new Set(), empty: true };
    case REFERENCE:
      return { chars: new Set(SAMPLE), empty: true };
    case REPETITION: {
      const inner = first(token.value);
      return { chars: inner.chars, empty: inner.empty || token.min === 0 };
    }
    case GROUP: {
      if (token.followedBy || token.notFollowedBy || token.lookBehind) return { chars: new Set(), empty: true };
      const all = sequences(token).map(firstOfSequence);
      return { chars: new Set(all.flatMap((f) => [...f.chars])), empty: all.some((f) => f.empty) };
    }
    default:
      return { chars: new Set(SAMPLE), empty: true };
  }
}

function firstOfSequence(tokens: Token[]): First {
  const chars = new Set<number>();
  for (const token of tokens) {
    const f = first(token);
    f.chars.forEach((c) => chars.add(c));
    if (!f.empty) return { chars, empty: false };
  }
  return { chars, empty: true };
}

const shares = (a: Set<number>, b: Set<number>) => [...a].some((c) => b.has(c));

/** The first ambiguity found in the pattern's repeats, in words. */
function overlapping(root: Root): PatternVerdict | undefined {
  const visit = (token: Token | Root): PatternVerdict | undefined => {
    if (token.type === REPETITION && token.max > 1 && token.value.type === GROUP && token.value.options) {
      const options = token.value.options.map(firstOfSequence);
      if (options.some((o) => o.empty)) {
        return { code: "unsafe_pattern", reason: "a repeated group has an alternative that can match nothing, which could take minutes to check on a long answer" };
      }
      for (let i = 0; i < options.length; i++) {
        for (let j = i + 1; j < options.length; j++) {
          if (shares(options[i]!.chars, options[j]!.chars)) {
            return {
              code: "unsafe_pattern",
              reason: "alternatives of a repeated group can start with the same character (like (\\w|\\d)+), which could take minutes to check on a long answer; use one character class such as [\\w] instead",
            };
          }
        }
      }
    }
    for (const sequence of sequences(token)) {
      const found = adjacentRepeats(sequence);
      if (found) return found;
    }
    for (const child of children(token)) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root);
}

/** Two unbounded repeats that can match the same characters, with only optional parts between them. */
function adjacentRepeats(sequence: Token[]): PatternVerdict | undefined {
  for (let i = 0; i < sequence.length; i++) {
    const a = sequence[i]!;
    if (a.type !== REPETITION || a.max !== Infinity) continue;
    const aChars = first(a.value).chars;
    for (let j = i + 1; j < sequence.length; j++) {
      const b = sequence[j]!;
      const bFirst = first(b);
      if (b.type === REPETITION && b.max === Infinity && shares(aChars, bFirst.chars)) {
        return {
          code: "unsafe_pattern",
          reason: "two repeated parts side by side can match the same characters (like \\d*\\d*), which could take very long to check on a long answer; merge them into one",
        };
      }
      if (!bFirst.empty) break;
    }
  }
  return undefined;
}
