import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIsoDate } from "./dates.ts";

/** What isIsoDate means, written the slow and obvious way: the shape, then a round trip through Date. */
function reference(value: unknown): boolean {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const digits = (n: number) => fc.array(fc.constantFrom(..."0123456789"), { minLength: n, maxLength: n }).map((cs) => cs.join(""));
/** Strings shaped like dates, most of them not real ones (month 00-99, day 00-99, any year). */
const dateShaped = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
const nearlyDates = fc.tuple(dateShaped, fc.nat(9), fc.string({ maxLength: 1 })).map(([s, at, c]) => s.slice(0, at) + c + s.slice(at + 1));

describe("isIsoDate", () => {
  it("agrees with a round trip through Date on every kind of string", () => {
    fc.assert(
      fc.property(fc.oneof(dateShaped, nearlyDates, fc.string(), fc.anything()), (value) => {
        expect(isIsoDate(value)).toBe(reference(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it("knows leap years, month lengths and the years Date would misread", () => {
    for (const [value, real] of [
      ["2024-02-29", true],
      ["2023-02-29", false],
      ["2000-02-29", true],
      ["1900-02-29", false],
      ["2026-04-31", false],
      ["2026-12-31", true],
      ["2026-13-01", false],
      ["2026-00-10", false],
      ["2026-01-00", false],
      ["0099-01-01", false],
      ["0100-01-01", true],
      ["2026-1-01", false],
      ["２０２６-01-01", false],
    ] as const) {
      expect([value, isIsoDate(value)]).toEqual([value, real]);
      expect([value, reference(value)]).toEqual([value, real]);
    }
  });
});
