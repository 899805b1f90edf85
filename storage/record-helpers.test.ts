/**
 * changedItems decides what a revision says changed, and whether an update changes anything at
 * all. Its comparison walks the values instead of writing both as canonical JSON text (a
 * migration or an import that migrates compares every answer of every record): here it must
 * agree with that text, whatever the values and their objects' key order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedItems } from "./record-helpers.ts";
import type { RecordData } from "./types.ts";

function canonicalJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
  });
}

function byText(before: RecordData, after: RecordData): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => before[k] !== undefined || after[k] !== undefined));
  return [...keys].filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k])).sort();
}

/** The same object with its keys, at every depth, in another order. */
function shuffled(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, seed));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (seed % 2) entries.reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffled(v, seed >> 1)]));
}

const answer = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("x", "y", "z"), fc.oneof(fc.string({ maxLength: 2 }), fc.constant(undefined), fc.array(fc.dictionary(fc.constantFrom("p", "q"), fc.integer({ min: 0, max: 1 })), { maxLength: 2 }))));
const record = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), answer) as fc.Arbitrary<RecordData>;

describe("changedItems", () => {
  it("names the items whose JSON differs, as canonical JSON text would", () => {
    fc.assert(
      fc.property(record, record, fc.nat(), (before, after, seed) => {
        expect(changedItems(before, after)).toEqual(byText(before, after));
        // Key order alone is never a change.
        expect(changedItems(before, shuffled(before, seed) as RecordData)).toEqual([]);
        expect(changedItems(shuffled(before, seed) as RecordData, after)).toEqual(byText(before, after));
      }),
      { numRuns: 2000 },
    );
  });

  it("tells a missing answer from a blank one, and a list's order matters", () => {
    expect(changedItems({ a: "x", b: undefined }, { a: "x" })).toEqual([]);
    expect(changedItems({ a: null }, {})).toEqual(["a"]);
    expect(changedItems({ a: ["x", "y"] }, { a: ["y", "x"] })).toEqual(["a"]);
    expect(changedItems({ a: { p: 1, q: undefined } }, { a: { p: 1 } })).toEqual([]);
    expect(changedItems({ a: [] }, { a: {} })).toEqual(["a"]);
  });
});
