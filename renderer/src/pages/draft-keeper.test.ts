import { describe, expect, it } from "vitest";
import { isNewDraftKey, stableJson, whenChanged } from "./draft-keeper.ts";

describe("whenChanged", () => {
  it("gives the time alone today, the day and month this year, and the year before that (UK time)", () => {
    const now = new Date("2026-12-01T18:00:00Z");
    expect(whenChanged("2026-12-01T14:32:00Z", now)).toBe("14:32");
    expect(whenChanged("2026-11-30T09:05:00Z", now)).toBe("30 November at 09:05");
    expect(whenChanged("2025-12-24T16:00:00Z", now)).toBe("24 December 2025 at 16:00");
    // British Summer Time: 13:32 UTC is 14:32 in London.
    expect(whenChanged("2026-07-01T13:32:00Z", new Date("2026-07-01T20:00:00Z"))).toBe("14:32");
    // Just after midnight in London is still the previous day in UTC.
    expect(whenChanged("2026-06-30T23:30:00Z", new Date("2026-07-01T08:00:00Z"))).toBe("00:30");
  });
});

describe("draft keys and answers", () => {
  it("tells a new case's key from anything else", () => {
    expect(isNewDraftKey("new-0b6f7c2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f")).toBe(true);
    expect(isNewDraftKey("new-not-a-uuid")).toBe(false);
    expect(isNewDraftKey("0190f000-0000-7000-8000-000000000000")).toBe(false);
    expect(isNewDraftKey(null)).toBe(false);
  });

  it("compares answers whatever the order of their keys", () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: 2 } })).toBe(stableJson({ a: { c: 2, d: [1, { e: 2, f: 1 }] }, b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: 2 }));
  });
});
