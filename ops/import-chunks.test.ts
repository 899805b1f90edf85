/**
 * An import's chunks follow the store's transaction time (Store.bulkTransactionMs): sized from
 * how long the last one took, changing at most twofold at a time, within fixed bounds.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { nextChunkSize } from "./import-legacy.ts";

it("grows a chunk that took less than its time and shrinks one that took more, at most twofold", () => {
  expect(nextChunkSize(200, 50, 100)).toBe(400);
  // Never more than twice as many, however quick it was.
  expect(nextChunkSize(200, 10, 100)).toBe(400);
  expect(nextChunkSize(400, 200, 100)).toBe(200);
  expect(nextChunkSize(400, 4_000, 100)).toBe(200);
  expect(nextChunkSize(300, 100, 100)).toBe(300);
  expect(nextChunkSize(300, 150, 300)).toBe(600);
});

it("stays within its bounds, whatever the timings", () => {
  fc.assert(
    fc.property(fc.integer({ min: 20, max: 5_000 }), fc.double({ min: 0, max: 60_000, noNaN: true }), fc.constantFrom(100, 300), (size, took, target) => {
      const next = nextChunkSize(size, took, target);
      expect(Number.isInteger(next)).toBe(true);
      expect(next).toBeGreaterThanOrEqual(Math.max(20, Math.floor(size / 2)));
      expect(next).toBeLessThanOrEqual(Math.min(5_000, size * 2));
      if (took > target) expect(next).toBeLessThanOrEqual(size);
      if (took < target) expect(next).toBeGreaterThanOrEqual(size);
    }),
  );
});
