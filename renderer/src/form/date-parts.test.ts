import { describe, expect, it } from "vitest";
import { dateParts, isoFromParts } from "./date-parts.ts";

describe("the date input's value", () => {
  it("turns three filled boxes into an ISO date, padding day and month", () => {
    expect(isoFromParts({ day: "3", month: "7", year: "2024" })).toBe("2024-07-03");
    expect(isoFromParts({ day: "27", month: "03", year: "2024" })).toBe("2024-03-27");
    expect(isoFromParts({ day: " 5 ", month: " 11", year: "2024 " })).toBe("2024-11-05");
  });

  it("is undefined when every box is empty", () => {
    expect(isoFromParts({ day: "", month: "", year: "" })).toBeUndefined();
    expect(isoFromParts({ day: " ", month: "", year: "  " })).toBeUndefined();
    expect(isoFromParts({})).toBeUndefined();
  });

  it("keeps a half-typed date as a string that is not a date", () => {
    expect(isoFromParts({ day: "", month: "3", year: "2024" })).toBe("2024-3-");
    expect(isoFromParts({ day: "12", month: "", year: "" })).toBe("--12");
    for (const parts of [{ day: "", month: "03", year: "2024" }, { day: "1", month: "1", year: "" }, { day: "x", month: "1", year: "2024" }, { day: "1", month: "March", year: "2024" }]) {
      const value = isoFromParts(parts);
      expect(value).toBeTypeOf("string");
      expect(value).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("keeps impossible dates for validation to report", () => {
    expect(isoFromParts({ day: "31", month: "2", year: "2024" })).toBe("2024-02-31");
    expect(isoFromParts({ day: "1", month: "1", year: "24" })).toBe("24-01-01");
  });

  it("splits an ISO date into boxes without leading zeros", () => {
    expect(dateParts("2024-03-07")).toEqual({ day: "7", month: "3", year: "2024" });
    expect(dateParts("2024-12-25")).toEqual({ day: "25", month: "12", year: "2024" });
  });

  it("gives empty boxes for no answer", () => {
    for (const value of [undefined, null, "", "  ", 5]) expect(dateParts(value)).toEqual({ day: "", month: "", year: "" });
  });

  it("splits a half-typed answer back into what was typed", () => {
    expect(dateParts("2024-03-")).toEqual({ day: "", month: "03", year: "2024" });
    expect(dateParts("--12")).toEqual({ day: "12", month: "", year: "" });
  });

  it("round-trips: boxes → answer → boxes → the same answer", () => {
    for (const parts of [{ day: "3", month: "7", year: "2024" }, { day: "", month: "3", year: "2024" }, { day: "31", month: "2", year: "2024" }, { day: "9", month: "", year: "" }]) {
      const value = isoFromParts(parts);
      expect(isoFromParts(dateParts(value))).toBe(value);
    }
  });
});
