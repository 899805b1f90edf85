import { describe, expect, it } from "vitest";
import { endOfDayInLondon, parseQuarter, quarterLabel, quarterOf, resolveAsAt, type Quarter } from "./as-at.ts";
import { quarterBefore } from "./dashboard/index.ts";

describe("NHS financial-year quarters", () => {
  it("runs Q1 April to June and Q4 January to March of the later year", () => {
    expect(parseQuarter("2026-27-Q1")).toEqual({ id: "2026-27-Q1", start: "2026-04-01", end: "2026-06-30" });
    expect(parseQuarter("2026-27-Q2")).toEqual({ id: "2026-27-Q2", start: "2026-07-01", end: "2026-09-30" });
    expect(parseQuarter("2026-27-Q3")).toEqual({ id: "2026-27-Q3", start: "2026-10-01", end: "2026-12-31" });
    expect(parseQuarter("2026-27-Q4")).toEqual({ id: "2026-27-Q4", start: "2027-01-01", end: "2027-03-31" });
    expect(parseQuarter("1999-00-Q4")).toEqual({ id: "1999-00-Q4", start: "2000-01-01", end: "2000-03-31" });
  });

  it("refuses what is not a quarter, saying why", () => {
    expect(parseQuarter("2026-Q2")).toEqual({ error: expect.stringMatching(/not a quarter like 2026-27-Q2/) });
    expect(parseQuarter("2026-28-Q1")).toEqual({ error: expect.stringMatching(/like 2026-27/) });
    expect(parseQuarter("2026-27-Q5")).toHaveProperty("error");
  });

  it("finds the quarter of a day", () => {
    expect(quarterOf("2026-04-01").id).toBe("2026-27-Q1");
    expect(quarterOf("2026-12-01").id).toBe("2026-27-Q3");
    expect(quarterOf("2027-03-31").id).toBe("2026-27-Q4");
  });
});

describe("the end of a day in Europe/London", () => {
  it("is 23:59:59.999 UTC in winter and 22:59:59.999 UTC in summer, across both clock changes", () => {
    expect(endOfDayInLondon("2026-12-01")).toBe("2026-12-01T23:59:59.999Z");
    expect(endOfDayInLondon("2026-06-30")).toBe("2026-06-30T22:59:59.999Z");
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    expect(endOfDayInLondon("2026-03-28")).toBe("2026-03-28T23:59:59.999Z");
    expect(endOfDayInLondon("2026-03-29")).toBe("2026-03-29T22:59:59.999Z");
    expect(endOfDayInLondon("2026-10-24")).toBe("2026-10-24T22:59:59.999Z");
    expect(endOfDayInLondon("2026-10-25")).toBe("2026-10-25T23:59:59.999Z");
  });
});

describe("what an extract describes", () => {
  const today = "2026-12-01";
  it("is the last day of a finished quarter, today for the current one, or a given day", () => {
    expect(resolveAsAt({ quarter: "2026-27-Q2" }, today)).toMatchObject({ asAt: "2026-09-30", quarter: { id: "2026-27-Q2" } });
    expect(resolveAsAt({}, today)).toMatchObject({ asAt: "2026-12-01", quarter: { id: "2026-27-Q3" } });
    expect(resolveAsAt({ asAt: "2025-01-31" }, today)).toEqual({ asAt: "2025-01-31", quarter: null });
  });
  it("refuses both at once, a future day, a quarter not begun and a non-date", () => {
    expect(resolveAsAt({ quarter: "2026-27-Q2", asAt: "2026-09-30" }, today)).toHaveProperty("error");
    expect(resolveAsAt({ asAt: "2026-12-02" }, today)).toEqual({ error: expect.stringMatching(/in the future/) });
    expect(resolveAsAt({ quarter: "2026-27-Q4" }, today)).toEqual({ error: "2026-27-Q4 has not started yet" });
    expect(resolveAsAt({ asAt: "30/09/2026" }, today)).toHaveProperty("error");
  });
});

describe("quarters named and counted back", () => {
  it("labels a quarter for people", () => {
    expect(quarterLabel(parseQuarter("2026-27-Q2") as Quarter)).toBe("2026-27 Q2 (July to September 2026)");
    expect(quarterLabel(parseQuarter("2026-27-Q4") as Quarter)).toBe("2026-27 Q4 (January to March 2027)");
  });

  it("steps back across financial years", () => {
    const q = parseQuarter("2026-27-Q2") as Quarter;
    expect([0, 1, 2, 5, 8].map((n) => quarterBefore(q, n).id)).toEqual(["2026-27-Q2", "2026-27-Q1", "2025-26-Q4", "2025-26-Q1", "2024-25-Q2"]);
    expect(quarterBefore(parseQuarter("2026-27-Q1") as Quarter, 1)).toEqual({ id: "2025-26-Q4", start: "2026-01-01", end: "2026-03-31" });
  });
});
