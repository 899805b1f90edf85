import { describe, expect, it } from "vitest";
import { asAtProblem, quarterLabel, recentQuarters } from "./as-at.ts";

describe("NHS financial-year quarters", () => {
  it("lists the current quarter and the seven before it, newest first, across financial years", () => {
    expect(recentQuarters("2026-11-21").map((q) => q.id)).toEqual([
      "2026-27-Q3", "2026-27-Q2", "2026-27-Q1", "2025-26-Q4", "2025-26-Q3", "2025-26-Q2", "2025-26-Q1", "2024-25-Q4",
    ]);
  });

  it("puts January to March in Q4 of the financial year that began the April before", () => {
    expect(recentQuarters("2027-03-31", 2)).toEqual([
      { id: "2026-27-Q4", label: "2026-27 Q4 (January to March 2027)" },
      { id: "2026-27-Q3", label: "2026-27 Q3 (October to December 2026)" },
    ]);
    expect(recentQuarters("2027-04-01", 1)[0]!.id).toBe("2027-28-Q1");
    expect(recentQuarters("2099-06-30", 1)[0]!.label).toBe("2099-00 Q1 (April to June 2099)");
  });

  it("labels a quarter id", () => {
    expect(quarterLabel("2026-27-Q2")).toBe("2026-27 Q2 (July to September 2026)");
    expect(quarterLabel("not a quarter")).toBe("not a quarter");
  });
});

describe("the as-at day", () => {
  const today = "2026-11-21";
  const check = (day: string, month: string, year: string) => asAtProblem({ day, month, year }, today);

  it("accepts a real day up to today", () => {
    expect(check("30", "9", "2026")).toBeNull();
    expect(check("21", "11", "2026")).toBeNull();
  });

  it("says what is missing or wrong", () => {
    expect(check("", "", "")).toBe("Enter the as-at date");
    expect(check("30", "", "2026")).toBe("As-at date must include a month");
    expect(check("", "", "2026")).toBe("As-at date must include a day and a month");
    expect(check("30", "9", "26")).toBe("Year must include 4 numbers");
    expect(check("31", "9", "2026")).toBe("As-at date must be a real date");
    expect(check("a", "9", "2026")).toBe("As-at date must be a real date");
    expect(check("22", "11", "2026")).toBe("As-at date must be today or in the past");
  });
});
