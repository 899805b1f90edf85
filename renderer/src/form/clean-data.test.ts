import { describe, expect, it } from "vitest";
import { cleanData, hiddenItems, initialData } from "../../../engine/index.ts";
import { actionPlan, minimalCase, scrt, TODAY } from "./test-fixtures.ts";

describe("cleanData (S-CRT 2.0)", () => {
  it("trims text and drops blank answers and empty lists", () => {
    const data = { ...minimalCase(), designated_professional: "  Jo Smith \n", latest_update: "   ", lessons_learned: "", themes: [], report_link: null };
    const cleaned = cleanData(scrt, data);
    expect(cleaned.designated_professional).toBe("Jo Smith");
    expect(cleaned).not.toHaveProperty("latest_update");
    expect(cleaned).not.toHaveProperty("lessons_learned");
    expect(cleaned).not.toHaveProperty("themes");
    expect(cleaned).not.toHaveProperty("report_link");
  });

  it("keeps multi-line text inside, trimming only its ends", () => {
    const cleaned = cleanData(scrt, { ...minimalCase(), brief_overview: "\n First line\n\nSecond line  \n" });
    expect(cleaned.brief_overview).toBe("First line\n\nSecond line");
  });

  it("drops answers to items whose shown_when is false", () => {
    const data = { ...minimalCase(), status: "open", date_closed: "2024-09-01", review_type: "sar", review_type_other: "Something", icb_chief_nurse_assured: "yes", regional_chief_nurse_accepted: "no" };
    const cleaned = cleanData(scrt, data);
    expect(cleaned).not.toHaveProperty("date_closed");
    expect(cleaned).not.toHaveProperty("review_type_other");
    expect(cleaned).not.toHaveProperty("icb_chief_nurse_assured");
    expect(cleaned).not.toHaveProperty("regional_chief_nurse_accepted");
  });

  it("keeps answers to items that are shown", () => {
    const data = { ...minimalCase(), status: "closed", date_closed: "2024-09-01", review_type: "dhr", icb_chief_nurse_assured: "yes" };
    const cleaned = cleanData(scrt, data);
    expect(cleaned.date_closed).toBe("2024-09-01");
    expect(cleaned.icb_chief_nurse_assured).toBe("yes");
    const other = cleanData(scrt, { ...minimalCase(), review_type: "other", review_type_other: " Learning review " });
    expect(other.review_type_other).toBe("Learning review");
  });

  it("keeps a half-typed date (validation must see it), and keys that are not items", () => {
    const cleaned = cleanData(scrt, { ...minimalCase(), incident_date: "2024-03-", colour: "blue" });
    expect(cleaned.incident_date).toBe("2024-03-");
    expect(cleaned.colour).toBe("blue");
  });

  it("does not change the data it is given", () => {
    const data = { ...minimalCase(), designated_professional: " Jo " };
    cleanData(scrt, data);
    expect(data.designated_professional).toBe(" Jo ");
  });

  it("reads conditions as the standard does: a blank answer is no answer", () => {
    expect(hiddenItems(scrt.items, { status: "closed" }).has("date_closed")).toBe(false);
    expect(hiddenItems(scrt.items, { status: "open" }).has("date_closed")).toBe(true);
    expect(hiddenItems(scrt.items, {}).has("date_closed")).toBe(true);
    expect(hiddenItems(scrt.items, { review_type: " dhr " }).has("icb_chief_nurse_assured")).toBe(false);
  });
});

describe("cleanData inside repeating groups (action plan)", () => {
  it("cleans each entry and drops its hidden items", () => {
    const data = {
      review_reference: " SAR-2024-07 ",
      recommendations: [
        { owner: " Named GP team ", recommendation: "Audit", due_date: "2025-06-01", status: "in_progress", completed_date: "2025-05-01" },
        { owner: "Safeguarding lead", recommendation: " ", due_date: "2025-06-01", status: "complete", completed_date: "2025-05-01" },
        {},
      ],
    };
    const cleaned = cleanData(actionPlan, data);
    expect(cleaned.review_reference).toBe("SAR-2024-07");
    const entries = cleaned.recommendations as Record<string, unknown>[];
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({ owner: "Named GP team", recommendation: "Audit", due_date: "2025-06-01", status: "in_progress" });
    expect(entries[1]).toEqual({ owner: "Safeguarding lead", due_date: "2025-06-01", status: "complete", completed_date: "2025-05-01" });
    // A blank entry stays, so the person is told what it is missing rather than losing it.
    expect(entries[2]).toEqual({});
  });

  it("drops a group with no entries", () => {
    expect(cleanData(actionPlan, { recommendations: [] })).toEqual({});
  });
});

describe("initialData", () => {
  it("gives S-CRT 2.0's defaults: an open case added today", () => {
    expect(initialData(scrt, TODAY)).toEqual({ status: "open", date_added: TODAY });
  });

  it("starts a required group with its minimum entries, each with its defaults", () => {
    expect(initialData(actionPlan, TODAY)).toEqual({ plan_status: "open", recommendations: [{ status: "not_started" }] });
  });
});
