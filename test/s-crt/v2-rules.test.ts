/**
 * S-CRT version 2.0 (ICB, in force from 19 July 2024) against the data standard
 * (/work/shared/standard/s-crt-data-items.md): for every rule, a record that passes and a record
 * that fails at the right JSON pointer, with the right code and a message a person understands,
 * run through the compiled, precompiled validator. "Today" is always TODAY (2024-09-30).
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
  minimalV2,
  STANDARD_CHOICES,
  text,
  TODAY,
  TOMORROW,
  validateV2 as validate,
  validV2,
  withAnswers,
  without,
  type Data,
} from "./fixtures.ts";

const form = formOf("2.0");

/** A valid record that is not a DHR (no DHR-only items), so the type of review can be changed freely. */
function nonDhr(): Data {
  return withAnswers(without(validV2(), "icb_chief_nurse_assured", "regional_chief_nurse_accepted"), { review_type: "sar" });
}

describe("v2.0 fixtures", () => {
  it("the complete record (every item answered) is valid", () => {
    expectValid(validate(validV2()));
  });
  it("the minimal record (only the always-required items, status open) is valid", () => {
    expectValid(validate(minimalV2()));
  });
  it("the non-DHR variant used below is valid", () => {
    expectValid(validate(nonDhr()));
  });
});

describe("v2.0 definition matches the standard's table", () => {
  // key, label, engine type: the standard's v2.0 table, row by row, in order.
  const STANDARD_ITEMS: [string, string, string][] = [
    ["status", "Case open/closed status", "single_choice"],
    ["date_added", "Date added", "date"],
    ["date_closed", "Date closed", "date"],
    ["designated_professional", "Designated professional", "short_text"],
    ["designated_professional_initials", "Designated professional initials", "short_text"],
    ["safeguarding_partnership", "Safeguarding Partnership/Board", "short_text"],
    ["steis_or_local_id", "StEIS Number/Local Identifier", "short_text"],
    ["review_type", "Type of review", "single_choice"],
    ["review_type_other", "Other type of review", "short_text"],
    ["incident_date", "Incident date", "date"],
    ["brief_overview", "Brief overview", "long_text"],
    ["themes", "Abuse/Vulnerability Theme", "multiple_choice"],
    ["media_interest", "Media interest", "single_choice"],
    ["latest_update", "Latest update", "long_text"],
    ["date_of_update", "Date of update", "date"],
    ["date_report_signed_off", "Date report signed off", "date"],
    ["publication_date", "Publication date", "date"],
    ["report_link", "Link to report", "url"],
    ["organisational_learning", "Organisational learning", "long_text"],
    ["lessons_learned", "Lessons learned", "long_text"],
    ["recommendations", "Recommendations", "long_text"],
    ["icb_chief_nurse_assured", "ICB Chief Nurse assured regarding DHR health recommendations", "single_choice"],
    ["regional_chief_nurse_accepted", "Regional Chief Nurse content to accept DHR health recommendations", "single_choice"],
  ];
  it("has exactly the standard's items, in order, with its labels and types", () => {
    expect(form.items.map((i) => [i.key, i.label, i.type])).toEqual(STANDARD_ITEMS);
  });
  it.each([
    ["status", "case_status"],
    ["review_type", "review_type_v2"],
    ["themes", "abuse_theme"],
    ["media_interest", "yes_no"],
    ["icb_chief_nurse_assured", "yes_no"],
    ["regional_chief_nurse_accepted", "yes_no"],
  ] as const)("choice list of %s has the standard's codes and labels (%s)", (key, list) => {
    expect(form.items.find((i) => i.key === key)?.choices).toBe(list);
    expect(compiledChoices(form, list)).toEqual(STANDARD_CHOICES[list]);
  });
  // Rules the record validator does not check itself, but the compiled form must carry for the
  // server and the renderer.
  it("status defaults to open; date added defaults to today", () => {
    expect(form.items.find((i) => i.key === "status")?.default).toBe("open");
    expect(form.items.find((i) => i.key === "date_added")?.default).toBe("today");
  });
  it("brief overview carries the hint: no names, dates of birth or other identifying details", () => {
    expect(form.items.find((i) => i.key === "brief_overview")?.hint).toMatch(/names, dates of birth or other details that could identify anyone/);
  });
  it("StEIS Number/Local Identifier is unique among the owner's records, ignoring case (checked by the server)", () => {
    expect(form.items.find((i) => i.key === "steis_or_local_id")?.unique).toEqual({ within: "owner", ignoreCase: true });
  });
  it("ICB Chief Nurse assurance is written by ICB users; Regional Chief Nurse acceptance only by regional or national users", () => {
    expect(form.items.find((i) => i.key === "icb_chief_nurse_assured")?.writers).toEqual(["editor"]);
    expect(form.items.find((i) => i.key === "regional_chief_nurse_accepted")?.writers).toEqual(["regional", "national"]);
  });
});

describe("v2.0 required items (conventions: required; empty or blank text counts as absent)", () => {
  // key, wording the required message must contain
  const REQUIRED: [string, string][] = [
    ["status", "Select whether the case is open or closed"],
    ["date_added", "Enter the date the case was added"],
    ["designated_professional", "Enter the name of the designated professional"],
    ["designated_professional_initials", "Enter the designated professional's initials"],
    ["safeguarding_partnership", "Enter the safeguarding partnership or board"],
    ["steis_or_local_id", "Enter the StEIS number or local identifier"],
    ["review_type", "Select the type of review"],
    ["incident_date", "Enter the incident date"],
    ["brief_overview", "Enter a brief overview of the case"],
    ["themes", "Select at least one abuse or vulnerability theme"],
    ["media_interest", "Select yes if there is media interest"],
  ];
  it("the standard's required items are exactly these", () => {
    expect(form.items.filter((i) => i.required).map((i) => i.key)).toEqual(REQUIRED.map(([k]) => k));
  });
  it.each(REQUIRED)("%s answered passes (minimal record)", (key) => {
    expect(minimalV2()[key]).toBeDefined();
    expectValid(validate(minimalV2()));
  });
  it.each(REQUIRED)("%s missing fails as required", (key, message) => {
    expectOnlyError(validate(without(minimalV2(), key)), `/${key}`, "required", message);
  });
  it.each(REQUIRED.filter(([k]) => k !== "themes"))("%s as an empty string fails as required", (key, message) => {
    expectOnlyError(validate(withAnswers(minimalV2(), { [key]: "" })), `/${key}`, "required", message);
  });
  it.each(REQUIRED.filter(([k]) => k !== "themes"))("%s as blank text (spaces, tab, newline) fails as required", (key, message) => {
    expectOnlyError(validate(withAnswers(minimalV2(), { [key]: " \t \n " })), `/${key}`, "required", message);
  });
  it("themes as an empty list fails as required", () => {
    expectOnlyError(validate(withAnswers(minimalV2(), { themes: [] })), "/themes", "required", "Select at least one abuse or vulnerability theme");
  });
  it("a missing date is simply required: the date rules that name it are not checked (incident date missing from the complete record)", () => {
    expectOnlyError(validate(without(validV2(), "incident_date")), "/incident_date", "required", "Enter the incident date");
  });
  it("everything missing: one required error per required item, in form order", () => {
    expectErrors(
      validate({}),
      REQUIRED.map(([k]) => [`/${k}`, "required"]),
    );
  });
  it.each([
    ["designated_professional", 42, "The name of the designated professional must be text"],
    ["brief_overview", ["a"], "A brief overview of the case must be text"],
    ["date_added", 20240305, "The date the case was added must be a real date"],
    ["status", true, "Select whether the case is open or closed from the list"],
  ])("%s of the wrong JSON type (%j) fails as invalid", (key, value, message) => {
    expectOnlyError(validate(withAnswers(minimalV2(), { [key]: value })), `/${key}`, "invalid", message);
  });
});

describe("v2.0 date_closed: required when status is closed; absent when open", () => {
  it("closed with a date closed passes", () => {
    expectValid(validate(validV2()));
  });
  it("closed without a date closed fails as required", () => {
    expectOnlyError(validate(without(validV2(), "date_closed")), "/date_closed", "required", "Enter the date the case was closed");
  });
  it("closed with a blank date closed fails as required", () => {
    expectOnlyError(validate(withAnswers(validV2(), { date_closed: "  " })), "/date_closed", "required", "Enter the date the case was closed");
  });
  it("open without a date closed passes", () => {
    expectValid(validate(withAnswers(without(validV2(), "date_closed"), { status: "open" })));
  });
  it("open with a date closed fails as forbidden", () => {
    expectOnlyError(validate(withAnswers(validV2(), { status: "open" })), "/date_closed", "forbidden", "The date the case was closed must be left empty while the case is open");
  });
  it("open with date closed as an empty string passes (empty strings count as absent)", () => {
    expectValid(validate(withAnswers(validV2(), { status: "open", date_closed: "" })));
  });
});

describe("v2.0 review_type_other: required when review_type is other; absent otherwise", () => {
  const OTHER_CODES = Object.keys(STANDARD_CHOICES.review_type_v2).filter((c) => c !== "other" && c !== "dhr");
  it("other with an other type of review passes", () => {
    expectValid(validate(withAnswers(nonDhr(), { review_type: "other", review_type_other: "Multi-agency learning review" })));
  });
  it("other without an other type of review fails as required", () => {
    expectOnlyError(validate(withAnswers(nonDhr(), { review_type: "other" })), "/review_type_other", "required", "Enter the other type of review");
  });
  it.each(["", "   "])("other with a blank other type of review (%j) fails as required", (blank) => {
    expectOnlyError(
      validate(withAnswers(nonDhr(), { review_type: "other", review_type_other: blank })),
      "/review_type_other",
      "required",
      "Enter the other type of review",
    );
  });
  it.each(OTHER_CODES)("review_type %s without an other type of review passes", (code) => {
    expectValid(validate(withAnswers(nonDhr(), { review_type: code })));
  });
  it.each(OTHER_CODES)("review_type %s with an other type of review fails as forbidden", (code) => {
    expectOnlyError(
      validate(withAnswers(nonDhr(), { review_type: code, review_type_other: "Something" })),
      "/review_type_other",
      "forbidden",
      "The other type of review must be left empty unless the type of review is Other",
    );
  });
  it("review_type dhr with an other type of review fails as forbidden", () => {
    expectOnlyError(
      validate(withAnswers(validV2(), { review_type_other: "Something" })),
      "/review_type_other",
      "forbidden",
      "The other type of review must be left empty",
    );
  });
  it.each(["", "   "])("review_type sar with a blank other type of review (%j) passes: blank counts as absent", (blank) => {
    expectValid(validate(withAnswers(nonDhr(), { review_type_other: blank })));
  });
  it("review_type absent with an other type of review: review_type required AND review_type_other forbidden", () => {
    const result = validate(withAnswers(without(nonDhr(), "review_type"), { review_type_other: "Something" }));
    expectErrors(result, [
      ["/review_type", "required"],
      ["/review_type_other", "forbidden"],
    ]);
    expect(messageAt(result, "/review_type_other")).toContain("The other type of review must be left empty");
  });
});

describe("v2.0 DHR-only items: only when review_type is dhr, absent otherwise", () => {
  const ITEMS: [string, string][] = [
    ["icb_chief_nurse_assured", "ICB Chief Nurse assurance can only be recorded for a Domestic Homicide Review"],
    ["regional_chief_nurse_accepted", "Regional Chief Nurse acceptance can only be recorded for a Domestic Homicide Review"],
  ];
  const NOT_DHR = Object.keys(STANDARD_CHOICES.review_type_v2).filter((c) => c !== "dhr");
  const cases = ITEMS.flatMap(([key, message]) => NOT_DHR.map((code) => [key, code, message] as const));
  it.each(ITEMS.flatMap(([key]) => ["yes", "no"].map((v) => [key, v])))("dhr with %s = %s passes", (key, value) => {
    expectValid(validate(withAnswers(validV2(), { [key]: value })));
  });
  it.each(ITEMS)("dhr without %s passes (the item is optional)", (key) => {
    expectValid(validate(without(validV2(), key)));
  });
  it.each(cases)("%s with review_type %s fails as forbidden", (key, code, message) => {
    const data = withAnswers(nonDhr(), {
      review_type: code,
      ...(code === "other" ? { review_type_other: "Learning review" } : {}),
      [key]: "yes",
    });
    expectOnlyError(validate(data), `/${key}`, "forbidden", message);
  });
  it.each(ITEMS)("%s with review_type absent fails as forbidden (and review_type as required)", (key, message) => {
    const result = validate(withAnswers(without(nonDhr(), "review_type"), { [key]: "no" }));
    expectErrors(result, [
      ["/review_type", "required"],
      [`/${key}`, "forbidden"],
    ]);
    expect(messageAt(result, `/${key}`)).toBe(message);
  });
  it.each(ITEMS)("%s with an unknown code fails as invalid", (key) => {
    expectOnlyError(validate(withAnswers(validV2(), { [key]: "maybe" })), `/${key}`, "invalid", "from the list");
  });
  it.each(ITEMS)("%s as an empty string on a non-DHR review passes (empty strings count as absent)", (key) => {
    expectValid(validate(withAnswers(nonDhr(), { [key]: "" })));
  });
});

describe("v2.0 date_of_update: required when latest_update is present", () => {
  it("latest update with its date passes", () => {
    expectValid(validate(validV2()));
  });
  it("latest update without a date of update fails as required", () => {
    expectOnlyError(validate(without(validV2(), "date_of_update")), "/date_of_update", "required", "Enter the date of the latest update");
  });
  it("latest update with a blank date of update fails as required", () => {
    expectOnlyError(validate(withAnswers(validV2(), { date_of_update: " " })), "/date_of_update", "required", "Enter the date of the latest update");
  });
  it.each(["", "   ", "\n"])("latest update as blank text (%j) does not make date of update required", (blank) => {
    expectValid(validate(withAnswers(without(validV2(), "date_of_update"), { latest_update: blank })));
  });
  it("no latest update and no date of update passes", () => {
    expectValid(validate(without(validV2(), "latest_update", "date_of_update")));
  });
});

describe("v2.0 maximum lengths (short text 200 unless stated, long text 4,000)", () => {
  // key, limit, extra answers needed for the item to be allowed
  const LIMITS: [string, number, Data][] = [
    ["designated_professional", 100, {}],
    ["designated_professional_initials", 200, {}],
    ["safeguarding_partnership", 200, {}],
    ["steis_or_local_id", 50, {}],
    ["review_type_other", 100, { review_type: "other" }],
    ["brief_overview", 4000, {}],
    ["latest_update", 4000, {}],
    ["organisational_learning", 4000, {}],
    ["lessons_learned", 4000, {}],
    ["recommendations", 4000, {}],
  ];
  it("the compiled limits are the standard's", () => {
    const compiled = Object.fromEntries(form.items.filter((i) => i.type.endsWith("_text")).map((i) => [i.key, i.maxLength]));
    expect(compiled).toEqual(Object.fromEntries(LIMITS.map(([k, n]) => [k, n])));
  });
  it.each(LIMITS.filter(([k]) => k !== "designated_professional_initials"))("%s of exactly %i characters passes", (key, n, extra) => {
    expectValid(validate(withAnswers(nonDhr(), { ...extra, [key]: text(n) })));
  });
  it.each(LIMITS.filter(([k]) => k !== "designated_professional_initials"))("%s of %i + 1 characters fails as too_long", (key, n, extra) => {
    // Messages name the item as the form asks it (message_name), capitalised to start the sentence.
    const name = form.items.find((i) => i.key === key)!.messages.required.replace(/^Enter t/, "T").replace(/^Enter a/, "A");
    expectOnlyError(validate(withAnswers(nonDhr(), { ...extra, [key]: text(n + 1) })), `/${key}`, "too_long", [`${name} must be ${n.toLocaleString("en-GB")} characters or fewer`]);
  });
  it("designated professional initials of 201 characters fail (too long, before the pattern)", () => {
    expectOnlyError(validate(withAnswers(validV2(), { designated_professional_initials: "A".repeat(201) })), "/designated_professional_initials", "too_long");
  });
  it("length counts characters, not UTF-16 units or bytes: 4,000 accented letters and emoji pass", () => {
    expectValid(validate(withAnswers(validV2(), { brief_overview: "é".repeat(2000) + "😀".repeat(2000) })));
    expectOnlyError(validate(withAnswers(validV2(), { brief_overview: "😀".repeat(4001) })), "/brief_overview", "too_long");
  });
});

describe("v2.0 text is trimmed", () => {
  // Text is trimmed by forms; the validator does not change what was sent, so untrimmed text
  // from an API client is refused with a clear message rather than stored or silently trimmed.
  it("initials with surrounding spaces fail as untrimmed", () => {
    expectOnlyError(validate(withAnswers(validV2(), { designated_professional_initials: " JS " })), "/designated_professional_initials", "untrimmed", "The designated professional's initials must not start or end with spaces");
  });
  it("a 100-character designated professional with surrounding spaces fails as untrimmed, not too long", () => {
    expectOnlyError(validate(withAnswers(validV2(), { designated_professional: ` ${text(100)} ` })), "/designated_professional", "untrimmed");
  });
});

describe("v2.0 designated professional initials: ^[A-Z]{2,4}$", () => {
  it.each(["JS", "ABC", "ABCD"])("%j passes", (initials) => {
    expectValid(validate(withAnswers(validV2(), { designated_professional_initials: initials })));
  });
  it.each(["J", "ABCDE", "js", "Js", "J.S", "J S", "J1", "ÉS"])("%j fails the pattern", (initials) => {
    expectOnlyError(
      validate(withAnswers(validV2(), { designated_professional_initials: initials })),
      "/designated_professional_initials",
      "pattern",
      "The designated professional's initials must be 2 to 4 capital letters",
    );
  });
});

describe("v2.0 report_link: https:// only", () => {
  it.each(["https://www.example.org/reports/dhr.pdf", "https://example.nhs.uk", "https://example.org/a?b=c#d"])("%j passes", (link) => {
    expectValid(validate(withAnswers(validV2(), { report_link: link })));
  });
  it("no link passes (optional)", () => {
    expectValid(validate(without(validV2(), "report_link")));
  });
  it.each(["http://www.example.org/reports/dhr.pdf", "ftp://example.org/r.pdf", "www.example.org/r.pdf", "https://", "javascript:alert(1)", "https://exa mple.org", "mailto:a@example.org"])(
    "%j fails as invalid",
    (link) => {
      expectOnlyError(validate(withAnswers(validV2(), { report_link: link })), "/report_link", "invalid", "The web address of the report must be a full web address starting with https://");
    },
  );
  it("the http:// message does not offer http://", () => {
    expect(messageAt(validate(withAnswers(validV2(), { report_link: "http://example.org" })), "/report_link")).not.toContain("http://");
  });
  it.each(["", "   "])("an empty or blank link (%j) passes (empty strings count as absent)", (blank) => {
    expectValid(validate(withAnswers(validV2(), { report_link: blank })));
  });
});

describe("v2.0 themes: multiple choice abuse_theme, at least one, no repeats", () => {
  it.each(Object.keys(STANDARD_CHOICES.abuse_theme))("the single theme %s passes", (code) => {
    expectValid(validate(withAnswers(validV2(), { themes: [code] })));
  });
  it("every theme at once passes", () => {
    expectValid(validate(withAnswers(validV2(), { themes: Object.keys(STANDARD_CHOICES.abuse_theme) })));
  });
  it("an empty list fails as required", () => {
    expectOnlyError(validate(withAnswers(validV2(), { themes: [] })), "/themes", "required", "Select at least one abuse or vulnerability theme");
  });
  it.each([
    [["domestic", "domestic"]],
    [["physical", "domestic", "physical"]],
  ])("a repeated theme %j fails as duplicate", (themes) => {
    expectOnlyError(validate(withAnswers(validV2(), { themes })), "/themes", "duplicate", "Select each option for the abuse or vulnerability themes only once");
  });
  it.each([[["bogus"]], [["domestic", "bogus"]], [["Domestic"]], [[""]], [[1]]])("an unknown code %j fails as invalid", (themes) => {
    expectOnlyError(validate(withAnswers(validV2(), { themes })), "/themes", "invalid", "Select the abuse or vulnerability themes from the list");
  });
  it("a single code not in a list fails as invalid", () => {
    expectOnlyError(validate(withAnswers(validV2(), { themes: "domestic" })), "/themes", "invalid", "Select the abuse or vulnerability themes from the list");
  });
});

describe("v2.0 choice codes", () => {
  it.each(["open", "closed"])("status %s passes", (code) => {
    const data = code === "open" ? withAnswers(without(validV2(), "date_closed"), { status: code }) : validV2();
    expectValid(validate(data));
  });
  it.each(["Open", "OPEN", "pending", "closed "])("status %j fails as invalid", (code) => {
    expectOnlyError(validate(withAnswers(minimalV2(), { status: code })), "/status", "invalid", "Select whether the case is open or closed from the list");
  });
  it.each(Object.keys(STANDARD_CHOICES.review_type_v2))("review_type %s passes", (code) => {
    const data = code === "dhr" ? validV2() : withAnswers(nonDhr(), { review_type: code, ...(code === "other" ? { review_type_other: "Learning review" } : {}) });
    expectValid(validate(data));
  });
  it("review_type scr (v1.0 only: replaced by cspr) fails as invalid in v2.0", () => {
    expectOnlyError(validate(withAnswers(nonDhr(), { review_type: "scr" })), "/review_type", "invalid", "Select the type of review from the list");
  });
  it.each(["SAR", "serious_incident", "lcspr"])("review_type %j fails as invalid", (code) => {
    expectOnlyError(validate(withAnswers(nonDhr(), { review_type: code })), "/review_type", "invalid", "Select the type of review from the list");
  });
  it.each(["yes", "no"])("media_interest %s passes", (code) => {
    expectValid(validate(withAnswers(validV2(), { media_interest: code })));
  });
  it.each(["Yes", "y", true, "unknown"])("media_interest %j fails as invalid", (code) => {
    expectOnlyError(validate(withAnswers(validV2(), { media_interest: code })), "/media_interest", "invalid", "Select whether there is media interest in the case from the list");
  });
});

describe("v2.0 dates: ISO YYYY-MM-DD calendar dates", () => {
  const DATE_ITEMS: [string, string][] = [
    ["date_added", "The date the case was added"],
    ["date_closed", "The date the case was closed"],
    ["incident_date", "The incident date"],
    ["date_of_update", "The date of the latest update"],
    ["date_report_signed_off", "The date the report was signed off"],
    ["publication_date", "The publication date"],
  ];
  it.each(DATE_ITEMS)("%s as an impossible calendar date (2024-02-30) fails as invalid", (key, label) => {
    expectOnlyError(validate(withAnswers(validV2(), { [key]: "2024-02-30" })), `/${key}`, "invalid", `${label} must be a real date`);
  });
  // A leap day, with the other dates arranged so that every date rule holds.
  const LEAP: [string, Data][] = [
    ["incident_date", { incident_date: "2024-02-29" }],
    ["date_added", { incident_date: "2024-02-01", date_added: "2024-02-29" }],
    ["date_closed", { incident_date: "2024-02-01", date_added: "2024-02-02", date_closed: "2024-02-29" }],
    ["date_of_update", { incident_date: "2024-02-01", date_added: "2024-02-02", date_of_update: "2024-02-29" }],
    ["date_report_signed_off", { incident_date: "2024-02-01", date_added: "2024-02-02", date_report_signed_off: "2024-02-29" }],
    ["publication_date", { incident_date: "2024-02-01", date_added: "2024-02-02", date_report_signed_off: "2024-02-28", publication_date: "2024-02-29" }],
  ];
  it.each(LEAP)("%s on the leap day 2024-02-29 passes", (_key, patch) => {
    expectValid(validate(withAnswers(validV2(), patch)));
  });
  it.each(["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-03-00", "05/03/2024", "2024-3-5", "2024-03-05T10:00:00Z", "5 March 2024", " 2024-03-05"])(
    "date closed %j fails as invalid",
    (value) => {
      expectOnlyError(validate(withAnswers(validV2(), { date_closed: value })), "/date_closed", "invalid", "The date the case was closed must be a real date, like 27 3 2024");
    },
  );
  it.each(["date_report_signed_off", "publication_date"])("optional %s as an empty string passes (empty strings count as absent)", (key) => {
    expectValid(validate(withAnswers(validV2(), { [key]: "" })));
  });
  // A date rule whose other date is not a real date is not checked: that date has its own error.
  it("an impossible other date is reported once, at its own item, and not compared with", () => {
    expectOnlyError(
      validate(withAnswers(validV2(), { incident_date: "2024-02-30", date_added: "2024-02-29", date_closed: "2024-03-01", date_of_update: "2024-03-01", date_report_signed_off: "2024-03-01" })),
      "/incident_date",
      "invalid",
    );
  });
  it.each(["2024-04-31", "2024-13-01", "5 March 2024", 20240305])("incident date %j is reported once, as invalid, at /incident_date only", (value) => {
    expectOnlyError(validate(withAnswers(validV2(), { incident_date: value })), "/incident_date", "invalid", "The incident date must be a real date");
  });
  it("a non-string other date is not compared with (no message naming null)", () => {
    expectOnlyError(validate(withAnswers(validV2(), { date_report_signed_off: null })), "/date_report_signed_off", "invalid");
  });
});

describe("v2.0 date rules between items", () => {
  // rule, passing record (boundary), failing record, path, code, wording, the other date as written
  const RULES: [string, Data, Data, string, string, string, string][] = [
    [
      "date_added not before incident_date",
      { incident_date: "2024-03-05", date_added: "2024-03-05" },
      { incident_date: "2024-03-05", date_added: "2024-03-04" },
      "/date_added",
      "not_before",
      "The date the case was added must be the same as or after the incident date",
      "5 March 2024",
    ],
    [
      "date_closed after incident_date (strictly)",
      { incident_date: "2024-03-05", date_added: "2024-03-05", date_closed: "2024-03-06" },
      { incident_date: "2024-03-05", date_added: "2024-03-05", date_closed: "2024-03-05" },
      "/date_closed",
      "after",
      "The date the case was closed must be after the incident date",
      "5 March 2024",
    ],
    [
      "date_closed not before date_added",
      { date_added: "2024-03-12", date_closed: "2024-03-12" },
      { date_added: "2024-03-12", date_closed: "2024-03-11" },
      "/date_closed",
      "not_before",
      "The date the case was closed must be the same as or after the date it was added",
      "12 March 2024",
    ],
    [
      "date_of_update not before date_added",
      { date_added: "2024-03-12", date_of_update: "2024-03-12" },
      { date_added: "2024-03-12", date_of_update: "2024-03-11" },
      "/date_of_update",
      "not_before",
      "The date of the latest update must be the same as or after the date the case was added",
      "12 March 2024",
    ],
    [
      "date_report_signed_off not before incident_date",
      { incident_date: "2024-03-05", date_report_signed_off: "2024-03-05" },
      { incident_date: "2024-03-05", date_report_signed_off: "2024-03-04" },
      "/date_report_signed_off",
      "not_before",
      "The date the report was signed off must be the same as or after the incident date",
      "5 March 2024",
    ],
    [
      "publication_date not before date_report_signed_off",
      { date_report_signed_off: "2024-07-01", publication_date: "2024-07-01" },
      { date_report_signed_off: "2024-07-01", publication_date: "2024-06-30" },
      "/publication_date",
      "not_before",
      "The publication date must be the same as or after the date the report was signed off",
      "1 July 2024",
    ],
  ];
  it.each(RULES)("%s: the boundary passes", (_rule, pass) => {
    expectValid(validate(withAnswers(validV2(), pass)));
  });
  it.each(RULES)("%s: fails at the item, naming the other date", (_rule, _pass, fail, path, code, wording, other) => {
    const result = validate(withAnswers(validV2(), fail));
    expectOnlyError(result, path, code, [wording, `(${other})`]);
    expect(result.errors[0]!.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(result.errors[0]!.rule).toMatch(/\S/);
  });
  it("date closed equal to the incident date fails even when it equals the date added (after is strict)", () => {
    const result = validate(withAnswers(validV2(), { incident_date: "2024-03-05", date_added: "2024-03-05", date_closed: "2024-03-05" }));
    expectOnlyError(result, "/date_closed", "after", "The date the case was closed must be after the incident date (5 March 2024)");
  });
  it("publication date without a date report signed off passes (checked only when both are present)", () => {
    expectValid(validate(withAnswers(without(validV2(), "date_report_signed_off"), { publication_date: "2024-03-01" })));
  });
  it("publication date has no 'not after today' rule: a planned future publication passes", () => {
    expectValid(validate(withAnswers(validV2(), { publication_date: "2025-01-15" })));
  });
  it("a date rule whose other date is missing is not checked (date of update without date added)", () => {
    expectOnlyError(validate(withAnswers(without(validV2(), "date_added"), { date_of_update: "2024-03-06" })), "/date_added", "required");
  });
});

describe("v2.0 date rules with today (the day of the write, passed explicitly)", () => {
  // item, wording, record with the item on TODAY (valid), record with the item on TOMORROW
  // (everything else valid), extra errors expected on TOMORROW besides the item's own
  const RULES: [string, string, Data, Data, [string, string][]][] = [
    [
      "date_added",
      "The date the case was added must be today or in the past",
      withAnswers(minimalV2(), { date_added: TODAY }),
      withAnswers(minimalV2(), { date_added: TOMORROW }),
      [],
    ],
    [
      "date_closed",
      "The date the case was closed must be today or in the past",
      withAnswers(validV2(), { date_closed: TODAY }),
      withAnswers(validV2(), { date_closed: TOMORROW }),
      [],
    ],
    [
      "date_of_update",
      "The date of the latest update must be today or in the past",
      withAnswers(validV2(), { date_of_update: TODAY }),
      withAnswers(validV2(), { date_of_update: TOMORROW }),
      [],
    ],
    [
      "date_report_signed_off",
      "The date the report was signed off must be today or in the past",
      withAnswers(validV2(), { date_report_signed_off: TODAY, publication_date: TODAY }),
      withAnswers(validV2(), { date_report_signed_off: TOMORROW, publication_date: TOMORROW }),
      [],
    ],
    [
      // An incident tomorrow cannot have a date added that is both on or after it and not in the future.
      "incident_date",
      "The incident date must be today or in the past",
      withAnswers(minimalV2(), { incident_date: TODAY, date_added: TODAY }),
      withAnswers(minimalV2(), { incident_date: TOMORROW, date_added: TODAY }),
      [["/date_added", "not_before"]],
    ],
  ];
  it.each(RULES)("%s on today passes", (_key, _wording, today) => {
    expectValid(validate(today));
  });
  it.each(RULES)("%s tomorrow fails as not_after", (key, wording, _today, tomorrow, others) => {
    const result = validate(tomorrow);
    const expected: [string, string][] = [...others, [`/${key}`, "not_after"]];
    const order = form.items.map((i) => `/${i.key}`);
    expected.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    expectErrors(result, expected);
    expect(messageAt(result, `/${key}`)).toBe(wording);
  });
  it("today is the date passed in, not the machine's clock: the same record passes on one day and fails the day before", () => {
    const data = withAnswers(minimalV2(), { incident_date: "2030-01-01", date_added: "2030-01-01" });
    expectValid(validate(data, "2030-01-01"));
    expectErrors(validate(data, "2029-12-31"), [
      ["/date_added", "not_after"],
      ["/incident_date", "not_after"],
    ]);
  });
  it("across a year end and a leap day: 2025-01-01 fails on 2024-12-31; 2024-03-01 fails on 2024-02-29", () => {
    expectOnlyError(validate(withAnswers(validV2(), { date_closed: "2025-01-01" }), "2024-12-31"), "/date_closed", "not_after");
    expectOnlyError(validate(withAnswers(minimalV2(), { incident_date: "2024-02-20", date_added: "2024-03-01" }), "2024-02-29"), "/date_added", "not_after");
  });
});

describe("v2.0 unknown items and non-object data", () => {
  it.each([
    ["foo", "/foo"],
    ["Status", "/Status"],
    ["a/b", "/a~1b"],
    // system fields are not data items
    ["owner_org", "/owner_org"],
    ["id", "/id"],
    // v1.0 items that have no v2.0 item
    ["designated_partnership", "/designated_partnership"],
    ["lessons_learned_recommendations", "/lessons_learned_recommendations"],
    ["review_publicity", "/review_publicity"],
  ])("the unknown item %j fails as unknown_item at %s", (key, path) => {
    expectOnlyError(validate(withAnswers(validV2(), { [key]: "x" })), path, "unknown_item", `"${key}" is not an item of this form`);
  });
  it.each([
    ["an array", []],
    ["an array of records", [validV2()]],
    ["a string", "status=open"],
    ["null", null],
    ["a number", 42],
    ["a boolean", true],
    ["undefined", undefined],
  ])("%s as the record fails with one readable error about the whole record", (_what, data) => {
    expectOnlyError(validate(data), "", "invalid_record", "must be a JSON object of items and answers");
  });
});

describe("v2.0 messages", () => {
  it("every error of a thoroughly bad record has a human message and an item pointer", () => {
    const result = validate({
      status: "closed",
      date_added: "2024-02-30",
      designated_professional: text(101),
      designated_professional_initials: "j s",
      safeguarding_partnership: "   ",
      review_type: "scr",
      review_type_other: "x",
      incident_date: TOMORROW,
      themes: ["domestic", "domestic"],
      media_interest: "maybe",
      latest_update: "Update",
      report_link: "http://example.org",
      icb_chief_nurse_assured: "yes",
      surplus: 1,
    });
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThanOrEqual(12);
    for (const e of result.errors) {
      expect(e.path).toMatch(/^\/[a-z_]+$/);
      expectHumanMessage(e.message);
    }
    expect(new Set(result.errors.map((e) => e.path)).size).toBe(result.errors.length);
  });
});
