/**
 * S-CRT version 1.0 (CCG, 2021) against the data standard
 * (/work/shared/standard/s-crt-data-items.md): for every rule, a record that passes and a record
 * that fails at the right JSON pointer, with the right code and a message a person understands,
 * run through the compiled, precompiled validator. "Today" is always TODAY (2024-09-30) unless
 * a test says otherwise.
 */
import { describe, expect, it } from "vitest";
import {
  compiledChoices,
  expectErrors,
  expectHumanMessage,
  expectOnlyError,
  expectValid,
  formOf,
  messageAt,
  minimalV1,
  STANDARD_CHOICES,
  text,
  TODAY,
  TOMORROW,
  validateV1 as validate,
  validateV2,
  validV1,
  withAnswers,
  without,
  type Data,
} from "./fixtures.ts";

const form = formOf("1.0");

describe("v1.0 fixtures", () => {
  it("the complete record (every item answered) is valid", () => {
    expectValid(validate(validV1()));
  });
  it("the minimal record (only the always-required items, status open) is valid", () => {
    expectValid(validate(minimalV1()));
  });
});

describe("v1.0 definition matches the standard's table", () => {
  // key, label, engine type: the standard's v1.0 table, row by row, in order.
  const STANDARD_ITEMS: [string, string, string][] = [
    ["status", "Open/closed status", "single_choice"],
    ["incident_date", "Incident date", "date"],
    ["date_added", "Date added", "date"],
    ["date_closed", "Date incident closed", "date"],
    ["brief_overview", "Brief overview", "long_text"],
    ["themes", "Abuse/vulnerability theme", "multiple_choice"],
    ["media_interest", "Media interest", "single_choice"],
    ["latest_update", "Latest update", "long_text"],
    ["date_report_signed_off", "Date report is signed off", "date"],
    ["publication_date", "Publication date", "date"],
    ["report_link", "Link to report", "url"],
    ["designated_partnership", "Designated partnership/board/CSP", "short_text"],
    ["steis_or_local_id", "STEIS number or local identifier, for example case note number", "short_text"],
    ["review_type", "Type of review", "single_choice"],
    ["lessons_learned_recommendations", "Lessons learned/recommendations", "long_text"],
    ["review_publicity", "Review: public or embargoed", "single_choice"],
  ];
  it("has exactly the standard's items, in order, with its labels and types", () => {
    expect(form.items.map((i) => [i.key, i.label, i.type])).toEqual(STANDARD_ITEMS);
  });
  it.each([
    ["status", "case_status"],
    ["review_type", "review_type_v1"],
    ["themes", "abuse_theme"],
    ["media_interest", "yes_no"],
    ["review_publicity", "publicity"],
  ] as const)("choice list of %s has the standard's codes and labels (%s)", (key, list) => {
    expect(form.items.find((i) => i.key === key)?.choices).toBe(list);
    expect(compiledChoices(form, list)).toEqual(STANDARD_CHOICES[list]);
  });
});

describe("v1.0 required items (conventions: required; empty or blank text counts as absent)", () => {
  const REQUIRED: [string, string][] = [
    ["status", "Select open/closed status"],
    ["incident_date", "Enter incident date"],
    ["date_added", "Enter date added"],
    ["brief_overview", "Enter brief overview"],
    ["themes", "Select at least one abuse or vulnerability theme"],
    ["media_interest", "Select media interest"],
    ["designated_partnership", "Enter Designated partnership/board/CSP"],
    ["steis_or_local_id", "Enter STEIS number or local identifier"],
    ["review_type", "Select type of review"],
  ];
  it("the standard's required items are exactly these", () => {
    expect(form.items.filter((i) => i.required).map((i) => i.key)).toEqual(REQUIRED.map(([k]) => k));
  });
  it.each(REQUIRED)("%s missing fails as required", (key, message) => {
    expectOnlyError(validate(without(minimalV1(), key)), `/${key}`, "required", message);
  });
  it.each(REQUIRED.filter(([k]) => k !== "themes"))("%s as an empty string fails as required", (key, message) => {
    expectOnlyError(validate(withAnswers(minimalV1(), { [key]: "" })), `/${key}`, "required", message);
  });
  it.each(REQUIRED.filter(([k]) => k !== "themes"))("%s as blank text fails as required", (key, message) => {
    expectOnlyError(validate(withAnswers(minimalV1(), { [key]: "   " })), `/${key}`, "required", message);
  });
  it("themes as an empty list fails as required", () => {
    expectOnlyError(validate(withAnswers(minimalV1(), { themes: [] })), "/themes", "required", "Select at least one abuse or vulnerability theme");
  });
  it("everything missing: one required error per required item, in form order", () => {
    expectErrors(
      validate({}),
      REQUIRED.map(([k]) => [`/${k}`, "required"]),
    );
  });
});

describe("v1.0 date_closed: required when status is closed", () => {
  it("closed with a date closed passes", () => {
    expectValid(validate(validV1()));
  });
  it("closed without a date closed fails as required", () => {
    expectOnlyError(validate(without(validV1(), "date_closed")), "/date_closed", "required", "Enter the date the incident was closed");
  });
  it("closed with a blank date closed fails as required", () => {
    expectOnlyError(validate(withAnswers(validV1(), { date_closed: " " })), "/date_closed", "required", "Enter the date the incident was closed");
  });
  it("open without a date closed passes", () => {
    expectValid(validate(withAnswers(without(validV1(), "date_closed"), { status: "open" })));
  });
  it("open with a date closed passes in v1.0 (the standard's v1.0 row has no 'absent when open'; v2.0 forbids it)", () => {
    const data = withAnswers(validV1(), { status: "open" });
    expectValid(validate(data));
  });
});

describe("v1.0 maximum lengths (short text 200 unless stated, long text 4,000)", () => {
  const LIMITS: [string, number][] = [
    ["brief_overview", 4000],
    ["latest_update", 4000],
    ["designated_partnership", 200],
    ["steis_or_local_id", 50],
    ["lessons_learned_recommendations", 4000],
  ];
  it("the compiled limits are the standard's", () => {
    const compiled = Object.fromEntries(form.items.filter((i) => i.type.endsWith("_text")).map((i) => [i.key, i.maxLength]));
    expect(compiled).toEqual(Object.fromEntries(LIMITS));
  });
  it.each(LIMITS)("%s of exactly %i characters passes", (key, n) => {
    expectValid(validate(withAnswers(validV1(), { [key]: text(n) })));
  });
  it.each(LIMITS)("%s of %i + 1 characters fails as too_long", (key, n) => {
    const label = form.items.find((i) => i.key === key)!.label;
    expectOnlyError(validate(withAnswers(validV1(), { [key]: text(n + 1) })), `/${key}`, "too_long", [label, `${n.toLocaleString("en-GB")} characters or fewer`]);
  });
});

describe("v1.0 report_link: a URL (http:// or https://)", () => {
  it.each(["http://www.example.org/reports/scr.pdf", "https://www.example.org/reports/scr.pdf"])("%j passes", (link) => {
    expectValid(validate(withAnswers(validV1(), { report_link: link })));
  });
  it("the same http:// link fails in v2.0 (https:// only there)", () => {
    const link = "http://www.example.org/reports/scr.pdf";
    expectValid(validate(withAnswers(validV1(), { report_link: link })));
    expect(validateV2({ report_link: link }).errors.find((e) => e.path === "/report_link")?.code).toBe("invalid");
  });
  it("no link passes (optional)", () => {
    expectValid(validate(without(validV1(), "report_link")));
  });
  it.each(["ftp://example.org/r.pdf", "www.example.org/r.pdf", "http://", "javascript:alert(1)", "not a link"])("%j fails as invalid", (link) => {
    expectOnlyError(validate(withAnswers(validV1(), { report_link: link })), "/report_link", "invalid", "Link to report must be a full web address starting with http:// or https://");
  });
});

describe("v1.0 themes: multiple choice abuse_theme, at least one, no repeats", () => {
  it.each(Object.keys(STANDARD_CHOICES.abuse_theme))("the single theme %s passes", (code) => {
    expectValid(validate(withAnswers(validV1(), { themes: [code] })));
  });
  it("an empty list fails as required", () => {
    expectOnlyError(validate(withAnswers(validV1(), { themes: [] })), "/themes", "required", "Select at least one abuse or vulnerability theme");
  });
  it("a repeated theme fails as duplicate", () => {
    expectOnlyError(validate(withAnswers(validV1(), { themes: ["neglect", "neglect"] })), "/themes", "duplicate", ["abuse/vulnerability theme", "only once"]);
  });
  it.each([[["bogus"]], [["neglect", "Neglect"]]])("an unknown code %j fails as invalid", (themes) => {
    expectOnlyError(validate(withAnswers(validV1(), { themes })), "/themes", "invalid", "Select abuse/vulnerability theme from the list");
  });
});

describe("v1.0 choice codes", () => {
  it.each(Object.keys(STANDARD_CHOICES.review_type_v1))("review_type %s passes", (code) => {
    expectValid(validate(withAnswers(validV1(), { review_type: code })));
  });
  it("review_type scr is valid for v1.0 and invalid for v2.0", () => {
    expectValid(validate(withAnswers(validV1(), { review_type: "scr" })));
    const v2 = validateV2({ review_type: "scr" });
    expect(v2.errors.find((e) => e.path === "/review_type")).toMatchObject({ code: "invalid", message: "Select the type of review from the list" });
  });
  it.each(["rapid_review", "national_cspr", "mhhr", "SCR"])("review_type %s (not a v1.0 code) fails as invalid", (code) => {
    expectOnlyError(validate(withAnswers(validV1(), { review_type: code })), "/review_type", "invalid", "Select type of review from the list");
  });
  it("review_type other needs no other type of review in v1.0 (the item does not exist there)", () => {
    expectValid(validate(withAnswers(validV1(), { review_type: "other" })));
    expectOnlyError(validate(withAnswers(validV1(), { review_type: "other", review_type_other: "x" })), "/review_type_other", "unknown_item");
  });
  it.each(["open", "closed"])("status %s passes", (code) => {
    expectValid(validate(withAnswers(validV1(), { status: code })));
  });
  it("status pending fails as invalid", () => {
    expectOnlyError(validate(withAnswers(validV1(), { status: "pending" })), "/status", "invalid", "Select open/closed status from the list");
  });
  it.each(["yes", "no"])("media_interest %s passes", (code) => {
    expectValid(validate(withAnswers(validV1(), { media_interest: code })));
  });
  it("media_interest maybe fails as invalid", () => {
    expectOnlyError(validate(withAnswers(validV1(), { media_interest: "maybe" })), "/media_interest", "invalid", "Select media interest from the list");
  });
  it.each(["public", "embargoed"])("review_publicity %s passes", (code) => {
    expectValid(validate(withAnswers(validV1(), { review_publicity: code })));
  });
  it("no review_publicity passes (optional)", () => {
    expectValid(validate(without(validV1(), "review_publicity")));
  });
  it.each(["private", "Public"])("review_publicity %j fails as invalid", (code) => {
    expectOnlyError(validate(withAnswers(validV1(), { review_publicity: code })), "/review_publicity", "invalid", "Select review: public or embargoed from the list");
  });
  it("review_publicity as an empty string passes (empty strings count as absent)", () => {
    expectValid(validate(withAnswers(validV1(), { review_publicity: "" })));
  });
});

describe("v1.0 dates: ISO YYYY-MM-DD calendar dates", () => {
  const DATE_ITEMS: [string, string][] = [
    ["incident_date", "Incident date"],
    ["date_added", "Date added"],
    ["date_closed", "Date incident closed"],
    ["date_report_signed_off", "Date report is signed off"],
    ["publication_date", "Publication date"],
  ];
  it.each(DATE_ITEMS)("%s as an impossible calendar date (2021-02-30) fails as invalid", (key, label) => {
    // 2021-02-30 sorts before every date of the fixture, so no other rule is disturbed.
    expectOnlyError(validate(withAnswers(validV1(), { [key]: "2021-02-30" })), `/${key}`, "invalid", `${label} must be a real date`);
  });
  it("the leap day 2020-02-29 passes, 2021-02-29 fails", () => {
    const leap = withAnswers(validV1(), { incident_date: "2020-02-29", date_added: "2020-02-29" });
    expectValid(validate(leap));
    expectOnlyError(validate(withAnswers(leap, { date_added: "2021-02-29" })), "/date_added", "invalid", "Date added must be a real date");
  });
  it.each(["date_report_signed_off", "publication_date"])("optional %s as an empty string passes (empty strings count as absent)", (key) => {
    expectValid(validate(withAnswers(validV1(), { [key]: "" })));
  });
  it("open with date closed as an empty string passes (empty strings count as absent)", () => {
    expectValid(validate(withAnswers(validV1(), { status: "open", date_closed: "" })));
  });
});

describe("v1.0 date rules between items", () => {
  const RULES: [string, Data, Data, string, string, string, string][] = [
    [
      "date_added not before incident_date",
      { incident_date: "2021-03-05", date_added: "2021-03-05" },
      { incident_date: "2021-03-05", date_added: "2021-03-04" },
      "/date_added",
      "not_before",
      "Date added must be the same as or after the incident date",
      "5 March 2021",
    ],
    [
      "date_closed after incident_date (strictly)",
      { incident_date: "2021-03-05", date_closed: "2021-03-06" },
      { incident_date: "2021-03-05", date_closed: "2021-03-05" },
      "/date_closed",
      "after",
      "Date incident closed must be after the incident date",
      "5 March 2021",
    ],
    [
      "date_report_signed_off not before incident_date",
      { incident_date: "2021-03-05", date_report_signed_off: "2021-03-05" },
      { incident_date: "2021-03-05", date_report_signed_off: "2021-03-04" },
      "/date_report_signed_off",
      "not_before",
      "Date report is signed off must be the same as or after the incident date",
      "5 March 2021",
    ],
    [
      "publication_date not before date_report_signed_off",
      { date_report_signed_off: "2021-07-01", publication_date: "2021-07-01" },
      { date_report_signed_off: "2021-07-01", publication_date: "2021-06-30" },
      "/publication_date",
      "not_before",
      "Publication date must be the same as or after the date the report was signed off",
      "1 July 2021",
    ],
  ];
  it.each(RULES)("%s: the boundary passes", (_rule, pass) => {
    expectValid(validate(withAnswers(validV1(), pass)));
  });
  it.each(RULES)("%s: fails at the item, naming the other date", (_rule, _pass, fail, path, code, wording, other) => {
    const result = validate(withAnswers(validV1(), fail));
    expectOnlyError(result, path, code, [wording, `(${other})`]);
    expect(result.errors[0]!.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
  it("date closed before date added passes: v1.0 has no 'not before date added' rule for it (v2.0 does)", () => {
    expectValid(validate(withAnswers(validV1(), { date_added: "2021-09-21", date_closed: "2021-09-20" })));
  });
  it("publication date without a date report signed off passes", () => {
    expectValid(validate(without(validV1(), "date_report_signed_off")));
  });
});

describe("v1.0 date rules with today", () => {
  it("incident date on today passes", () => {
    expectValid(validate(withAnswers(minimalV1(), { incident_date: TODAY, date_added: TODAY })));
  });
  it("incident date tomorrow fails as not_after", () => {
    const result = validate(withAnswers(minimalV1(), { incident_date: TOMORROW, date_added: TOMORROW }));
    expectOnlyError(result, "/incident_date", "not_after", "Incident date must be today or in the past");
  });
  it.each([
    ["date_added", { date_added: TOMORROW }],
    ["date_closed", { date_closed: TOMORROW }],
    ["date_report_signed_off", { date_report_signed_off: TOMORROW, publication_date: TOMORROW }],
    ["publication_date", { publication_date: TOMORROW }],
  ])("%s tomorrow passes: v1.0 has no 'not after today' rule for it", (_key, patch) => {
    expectValid(validate(withAnswers(validV1(), patch)));
  });
});

describe("v1.0 unknown items and non-object data", () => {
  it.each([
    "foo",
    "owner_org",
    "ccg_code",
    // v2.0 items that do not exist in v1.0
    "designated_professional",
    "designated_professional_initials",
    "safeguarding_partnership",
    "review_type_other",
    "date_of_update",
    "organisational_learning",
    "lessons_learned",
    "recommendations",
    "icb_chief_nurse_assured",
    "regional_chief_nurse_accepted",
  ])("the unknown item %s fails as unknown_item", (key) => {
    expectOnlyError(validate(withAnswers(validV1(), { [key]: "x" })), `/${key}`, "unknown_item", `"${key}" is not an item of this form`);
  });
  it.each([
    ["an array", []],
    ["a string", "{}"],
    ["null", null],
    ["a number", 1],
  ])("%s as the record fails with one readable error about the whole record", (_what, data) => {
    expectOnlyError(validate(data), "", "invalid_record", "must be a JSON object of items and answers");
  });
});

describe("v1.0 messages", () => {
  it("every error of a thoroughly bad record has a human message and an item pointer", () => {
    const result = validate({
      status: "closed",
      incident_date: TOMORROW,
      date_added: "2021-02-30",
      brief_overview: text(4001),
      themes: ["neglect", "neglect"],
      media_interest: "",
      report_link: "ftp://x",
      designated_partnership: " ",
      steis_or_local_id: text(51),
      review_type: "mhhr",
      review_publicity: "secret",
      extra: true,
    });
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThanOrEqual(12);
    for (const e of result.errors) {
      expect(e.path).toMatch(/^\/[a-z_]+$/);
      expectHumanMessage(e.message);
    }
    expect(messageAt(result, "/date_closed")).toBe("Enter the date the incident was closed");
  });
});
