/**
 * The record validator on small synthetic forms: each item type, each limit and its default
 * message, message overrides, blank-as-absent, untrimmed text, unknown items and retired codes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordValidator, ValidationResult } from "../index.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";

const TODAY = "2024-06-15";

function errorsOf(result: ValidationResult): ValidationResult["errors"] {
  expect(result.valid).toBe(result.errors.length === 0);
  return result.errors;
}

describe("item types", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      choices: { status: ["open", "closed"], theme: ["abuse", "neglect", "other"] },
      versions: {
        "1.0": {
          items: [
            { key: "case_title", label: "Case title", type: "short_text" },
            { key: "summary", label: "Summary", type: "long_text" },
            { key: "incident_date", label: "Incident date", type: "date" },
            { key: "status", label: "Status", type: "single_choice", choices: "status" },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme" },
            { key: "report_link", label: "Report link", type: "url" },
            {
              key: "actions",
              label: "Actions",
              type: "repeating_group",
              items: [
                { key: "what", label: "What", type: "short_text", required: true },
                { key: "due", label: "Due", type: "date" },
              ],
            },
          ],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));

  it("accepts an empty record when nothing is required", () => {
    expect(check({})).toEqual([]);
  });

  it("accepts a well-formed answer to every type", () => {
    expect(
      check({
        case_title: "A title",
        summary: "Line one\nline two",
        incident_date: "2024-02-29",
        status: "closed",
        themes: ["neglect", "abuse"],
        report_link: "https://example.org/report?id=1",
        actions: [{ what: "Train staff", due: "2024-07-01" }, { what: "Audit" }],
      }),
    ).toEqual([]);
  });

  it("refuses text items that are not strings", () => {
    expect(check({ case_title: 5, summary: ["x"] })).toEqual([
      { path: "/case_title", code: "invalid", message: "Case title must be text" },
      { path: "/summary", code: "invalid", message: "Summary must be text" },
    ]);
  });

  it("refuses dates that are not real ISO calendar dates", () => {
    for (const value of ["2023-02-29", "2024-13-01", "15/06/2024", "2024-6-1", 20240615]) {
      expect(check({ incident_date: value }), String(value)).toEqual([
        { path: "/incident_date", code: "invalid", message: "Incident date must be a real date, like 27 3 2024" },
      ]);
    }
  });

  it("refuses a single choice code that is not in the list, or not a string", () => {
    for (const value of ["pending", ["open"]]) {
      expect(check({ status: value })).toEqual([{ path: "/status", code: "invalid", message: "Select status from the list" }]);
    }
  });

  it("refuses a multiple choice that is not a list, has an unknown code, or repeats a code", () => {
    expect(check({ themes: "abuse" })).toEqual([{ path: "/themes", code: "invalid", message: "Select themes from the list" }]);
    expect(check({ themes: ["abuse", "theft"] })).toEqual([{ path: "/themes", code: "invalid", message: "Select themes from the list" }]);
    expect(check({ themes: ["abuse", "abuse"] })).toEqual([{ path: "/themes", code: "duplicate", message: "Select each option for themes only once" }]);
  });

  it("refuses a url that is not a full https address", () => {
    const message = "Report link must be a full web address starting with https://";
    for (const value of ["example.org", "http://example.org", "https://", "ftp://example.org", "https:// example.org"]) {
      expect(check({ report_link: value }), value).toEqual([{ path: "/report_link", code: "invalid", message }]);
    }
  });

  it("refuses a repeating group that is not a list of entries", () => {
    const message = "Actions must be a list of entries";
    expect(check({ actions: "x" })).toEqual([{ path: "/actions", code: "invalid", message }]);
    expect(check({ actions: ["x"] })).toEqual([{ path: "/actions", code: "invalid", message }]);
  });

  it("checks each entry's items, reporting at the entry's pointer", () => {
    expect(check({ actions: [{ what: "Audit" }, { due: "2024-02-30" }, { what: "Train", due: "soon" }] })).toEqual([
      { path: "/actions/1/what", code: "required", message: "Enter what" },
      { path: "/actions/1/due", code: "invalid", message: "Due must be a real date, like 27 3 2024" },
      { path: "/actions/2/due", code: "invalid", message: "Due must be a real date, like 27 3 2024" },
    ]);
  });

  it("refuses unknown items, at the top level and in an entry", () => {
    expect(check({ colour: "red", actions: [{ what: "Audit", who: "Me" }] })).toEqual([
      { path: "/actions/0/who", code: "unknown_item", message: '"who" is not an item of this form' },
      { path: "/colour", code: "unknown_item", message: '"colour" is not an item of this form' },
    ]);
  });

  it("lists the first 100 errors in the order of the form and counts the rest", () => {
    const data: Record<string, unknown> = { case_title: 5, incident_date: "soon" };
    for (let i = 0; i < 150; i++) data[`extra_${String(i).padStart(3, "0")}`] = i;
    const result = validate(data, { today: TODAY });
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(100);
    expect(result.moreErrors).toBe(52);
    expect(result.errors.slice(0, 3).map((e) => e.path)).toEqual(["/case_title", "/incident_date", "/extra_000"]);
    expect(result.errors.at(-1)!.path).toBe("/extra_097");
  });

  it("says nothing of more errors when every one is listed, and takes another limit when asked", () => {
    const data: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) data[`extra_${i}`] = i;
    expect(validate(data, { today: TODAY })).toEqual({ valid: false, errors: expect.any(Array) });
    expect(validate(data, { today: TODAY, maxErrors: 2 })).toMatchObject({ valid: false, errors: [{ path: "/extra_0" }, { path: "/extra_1" }], moreErrors: 3 });
    expect(validate(data, { today: TODAY, maxErrors: Infinity }).errors).toHaveLength(5);
  });

  it("shows an unknown key in its message briefly, with hidden characters made visible", () => {
    const long = "k".repeat(500);
    const [error] = check({ [long]: 1 });
    expect(error!.path).toBe(`/${long}`);
    expect(error!.message).toBe(`"${"k".repeat(60)}…" is not an item of this form`);
    expect(check({ "evil\u202Etxt.exe": 1 })[0]!.message).toBe('"evil\\u{202E}txt.exe" is not an item of this form');
    expect(check({ "a\u0000b": 1 })[0]!.message).toBe('"a\\u{0}b" is not an item of this form');
  });

  it("refuses record data that is not an object", () => {
    const error = { path: "", code: "invalid_record", message: "The record's data must be a JSON object of items and answers" };
    for (const data of [null, "text", [], 3]) expect(check(data), JSON.stringify(data)).toEqual([error]);
  });

  it("reports errors in the order of the form, one per item", () => {
    const result = check({ report_link: "x", case_title: 1, actions: [{}], incident_date: "no" });
    expect(result.map((e) => e.path)).toEqual(["/case_title", "/incident_date", "/report_link", "/actions/0/what"]);
  });
});

describe("required items and blank answers", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      choices: { status: ["open", "closed"], theme: ["abuse", "neglect", "other"] },
      versions: {
        "1.0": {
          items: [
            { key: "case_title", label: "Case title", type: "short_text", required: true },
            { key: "summary", label: "Summary", type: "long_text", required: true },
            { key: "incident_date", label: "Incident date", type: "date", required: true },
            { key: "status", label: "Status", type: "single_choice", choices: "status", required: true },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme", required: true },
            { key: "report_link", label: "Report link", type: "url", required: true },
            { key: "actions", label: "Actions", type: "repeating_group", entry_label: "action", required: true, items: [{ key: "what", label: "What", type: "short_text" }] },
            { key: "extra", label: "StEIS number", type: "short_text", min_length: 3, pattern: "^\\d+$" },
            { key: "tags", label: "Tags", type: "multiple_choice", choices: "theme", min_items: 2 },
            { key: "steps", label: "Steps", type: "repeating_group", min_items: 2, items: [{ key: "what", label: "What", type: "short_text" }] },
          ],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));
  const complete = {
    case_title: "Title",
    summary: "Summary",
    incident_date: "2024-01-01",
    status: "open",
    themes: ["abuse"],
    report_link: "https://example.org",
    actions: [{ what: "x" }],
  };
  const requiredErrors = [
    { path: "/case_title", code: "required", message: "Enter case title" },
    { path: "/summary", code: "required", message: "Enter summary" },
    { path: "/incident_date", code: "required", message: "Enter incident date" },
    { path: "/status", code: "required", message: "Select status" },
    { path: "/themes", code: "required", message: "Select at least one option for themes" },
    { path: "/report_link", code: "required", message: "Enter report link" },
    { path: "/actions", code: "required", message: "Add at least one action" },
  ];

  it("accepts a complete record", () => {
    expect(check(complete)).toEqual([]);
  });

  it("asks for every required item that is missing, with the default message for its type", () => {
    expect(check({})).toEqual(requiredErrors);
  });

  it("treats empty strings, all-space strings and empty lists as missing, whatever the type", () => {
    expect(
      check({ case_title: "", summary: " \n\t ", incident_date: "  ", status: "", themes: [], report_link: " ", actions: [] }),
    ).toEqual(requiredErrors);
  });

  it("does not apply limits to a blank optional answer", () => {
    expect(check({ ...complete, extra: "  " })).toEqual([]);
    expect(check({ ...complete, extra: "" })).toEqual([]);
  });

  it("treats an empty list as absent, not as too few entries", () => {
    expect(check({ ...complete, tags: [], steps: [] })).toEqual([]);
  });

  it("does not change the data it checks", () => {
    const data = { ...complete, extra: " ", case_title: " Title ", themes: [] };
    const copy = structuredClone(data);
    check(data);
    expect(data).toEqual(copy);
  });
});

describe("untrimmed text", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      versions: {
        "1.0": {
          items: [
            { key: "case_title", label: "Case title", type: "short_text", max_length: 5 },
            { key: "summary", label: "Summary", type: "long_text" },
            { key: "report_link", label: "Report link", type: "url" },
            { key: "incident_date", label: "Incident date", type: "date" },
            { key: "notes", label: "Notes", type: "repeating_group", items: [{ key: "text", label: "Note text", type: "long_text" }] },
          ],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));

  it("refuses text, long text and urls that start or end with spaces or blank lines", () => {
    expect(check({ case_title: " Title", summary: "Summary\n", report_link: "https://example.org ", notes: [{ text: "ok" }, { text: "\tNote" }] })).toEqual([
      { path: "/case_title", code: "untrimmed", message: "Case title must not start or end with spaces or blank lines" },
      { path: "/summary", code: "untrimmed", message: "Summary must not start or end with spaces or blank lines" },
      { path: "/report_link", code: "untrimmed", message: "Report link must not start or end with spaces or blank lines" },
      { path: "/notes/1/text", code: "untrimmed", message: "Note text must not start or end with spaces or blank lines" },
    ]);
  });

  it("reports untrimmed before a limit the same answer breaks", () => {
    expect(check({ case_title: " Long title " })).toEqual([
      { path: "/case_title", code: "untrimmed", message: "Case title must not start or end with spaces or blank lines" },
    ]);
  });

  it("accepts spaces and line breaks inside the text", () => {
    expect(check({ case_title: "A  b", summary: "One\n\nTwo" })).toEqual([]);
  });

  it("refuses a date with spaces as not a real date", () => {
    expect(check({ incident_date: " 2024-01-01" })).toEqual([
      { path: "/incident_date", code: "invalid", message: "Incident date must be a real date, like 27 3 2024" },
    ]);
  });
});

describe("control and hidden formatting characters in text", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      versions: {
        "1.0": {
          items: [
            { key: "case_title", label: "Case title", type: "short_text" },
            { key: "summary", label: "Case summary", type: "long_text" },
            { key: "report_link", label: "Report link", type: "url" },
            { key: "notes", label: "Notes", type: "repeating_group", items: [{ key: "text", label: "Note text", type: "long_text" }] },
          ],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));
  const refused = (path: string, label: string) => ({ path, code: "invalid_characters", message: `${label} must not contain control characters or hidden formatting characters` });

  it.each([
    ["NUL", "a\u0000b"],
    ["BEL", "a\u0007b"],
    ["an ANSI escape", "a\u001b[31mred"],
    ["DEL", "a\u007fb"],
    ["a C1 control (NEL)", "a\u0085b"],
    ["a carriage return on its own", "one\rtwo"],
    ["a form feed", "one\ftwo"],
    ["a vertical tab", "one\vtwo"],
    ["a right-to-left override", "invoice\u202Efdp.exe"],
    ["a left-to-right embedding", "a\u202Ab"],
    ["a first strong isolate", "a\u2068b\u2069"],
    ["a lone high surrogate", "a\ud800b"],
    ["a lone low surrogate", "a\udc00b"],
    ["a low surrogate before a high one", "a\udc00\ud800b"],
  ])("refuses %s in short text, long text, a web address and a group's text", (_name, value) => {
    expect(check({ case_title: value, summary: value, notes: [{ text: "fine" }, { text: value }] })).toEqual([
      refused("/case_title", "Case title"),
      refused("/summary", "Case summary"),
      refused("/notes/1/text", "Note text"),
    ]);
    const errors = check({ report_link: `https://example.org/${value}` });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("/report_link");
  });

  it("names the problem for a web address too", () => {
    expect(check({ report_link: "https://example.org/\u202Efdp.exe" })).toEqual([refused("/report_link", "Report link")]);
  });

  it.each([
    ["tabs", "a\tb"],
    ["line breaks", "one\ntwo"],
    ["Windows line breaks", "one\r\ntwo"],
    ["an emoji (a surrogate pair)", "well done \u{1F600} team"],
    ["right-to-left script", "\u05E9\u05DC\u05D5\u05DD and \u0645\u0631\u062D\u0628\u0627"],
    ["accented and typographic characters", "Zoë’s café – “quoted”"],
  ])("accepts %s", (_name, value) => {
    expect(check({ case_title: value, summary: value, notes: [{ text: value }] })).toEqual([]);
  });
});

describe("dates outside 1900 to 2100", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      versions: {
        "1.0": {
          items: [
            { key: "incident_date", label: "Incident date", type: "date" },
            { key: "opened", label: "Date opened", type: "date" },
            { key: "visits", label: "Visits", type: "repeating_group", items: [{ key: "seen", label: "Date seen", type: "date" }] },
          ],
          rules: [{ item: "opened", not_before: "incident_date", message: "Date opened must not be before the incident date ({other})" }],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));
  const outOfRange = (path: string, label: string) => ({ path, code: "out_of_range", message: `${label} must be between 1 January 1900 and 31 December 2100` });

  it.each(["0000-01-01", "0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])("refuses %s for every date item, in a group's entries too", (value) => {
    expect(check({ incident_date: value, visits: [{ seen: "2024-01-01" }, { seen: value }] })).toEqual([outOfRange("/incident_date", "Incident date"), outOfRange("/visits/1/seen", "Date seen")]);
  });

  it.each(["1900-01-01", "1999-12-31", "2100-12-31"])("accepts %s", (value) => {
    expect(check({ incident_date: value, opened: value, visits: [{ seen: value }] })).toEqual([]);
  });

  it("reports the range, not a rule, for a date out of range that also breaks a rule", () => {
    expect(check({ incident_date: "2024-01-01", opened: "0000-01-01" })).toEqual([outOfRange("/opened", "Date opened")]);
  });
});

describe("limits and their default messages", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      choices: { theme: ["abuse", "neglect", "other", "unknown"] },
      versions: {
        "1.0": {
          items: [
            { key: "short_default", label: "Short default", type: "short_text" },
            { key: "long_default", label: "Long default", type: "long_text" },
            { key: "reference", label: "Reference", type: "short_text", min_length: 3, max_length: 8, pattern: "^[A-Z]{3}-\\d+$" },
            { key: "details", label: "Details", type: "long_text", max_length: 10 },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme", min_items: 2, max_items: 3 },
            { key: "one_theme", label: "One theme", type: "multiple_choice", choices: "theme", min_items: 1, max_items: 1 },
            { key: "link", label: "Link", type: "url" },
            { key: "any_link", label: "Any link", type: "url", schemes: ["http", "https"] },
            { key: "visits", label: "Visits", type: "repeating_group", entry_label: "visit", min_items: 2, max_items: 3, items: [{ key: "where", label: "Where", type: "short_text" }] },
            { key: "entries", label: "Entries", type: "repeating_group", min_items: 2, max_items: 2, items: [{ key: "what", label: "What", type: "short_text" }] },
          ],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));

  it("limits short text to 200 characters and long text to 4,000 unless max_length says otherwise", () => {
    expect(check({ short_default: "a".repeat(200), long_default: "a".repeat(4000) })).toEqual([]);
    expect(check({ short_default: "a".repeat(201), long_default: "a".repeat(4001), details: "a".repeat(11) })).toEqual([
      { path: "/short_default", code: "too_long", message: "Short default must be 200 characters or fewer" },
      { path: "/long_default", code: "too_long", message: "Long default must be 4,000 characters or fewer" },
      { path: "/details", code: "too_long", message: "Details must be 10 characters or fewer" },
    ]);
  });

  it("checks min_length, max_length and pattern", () => {
    expect(check({ reference: "ABC-12" })).toEqual([]);
    expect(check({ reference: "AB" })).toEqual([{ path: "/reference", code: "too_short", message: "Reference must be 3 characters or more" }]);
    expect(check({ reference: "ABC-12345" })).toEqual([{ path: "/reference", code: "too_long", message: "Reference must be 8 characters or fewer" }]);
    expect(check({ reference: "abc-12" })).toEqual([{ path: "/reference", code: "pattern", message: "Reference is not in the right format" }]);
  });

  it("counts the options of a multiple choice", () => {
    expect(check({ themes: ["abuse", "other"], one_theme: ["other"] })).toEqual([]);
    expect(check({ themes: ["abuse"], one_theme: ["other", "abuse"] })).toEqual([
      { path: "/themes", code: "too_few", message: "Select at least 2 options for themes" },
      { path: "/one_theme", code: "too_many", message: "Select at most 1 option for one theme" },
    ]);
    expect(check({ themes: ["abuse", "other", "neglect", "unknown"] })).toEqual([
      { path: "/themes", code: "too_many", message: "Select at most 3 options for themes" },
    ]);
  });

  it("counts the entries of a repeating group, naming them by entry_label or as entries", () => {
    const entry = { where: "Home" };
    expect(check({ visits: [entry, entry] })).toEqual([]);
    expect(check({ visits: [entry], entries: [{}, {}, {}] })).toEqual([
      { path: "/visits", code: "too_few", message: "Select at least 2 visits for visits" },
      { path: "/entries", code: "too_many", message: "Select at most 2 entries for entries" },
    ]);
    expect(check({ visits: [entry, entry, entry, entry], entries: [{}] })).toEqual([
      { path: "/visits", code: "too_many", message: "Select at most 3 visits for visits" },
      { path: "/entries", code: "too_few", message: "Select at least 2 entries for entries" },
    ]);
  });

  it("allows only https web addresses unless schemes says otherwise", () => {
    expect(check({ link: "https://example.org", any_link: "http://example.org" })).toEqual([]);
    expect(check({ link: "http://example.org", any_link: "ftp://example.org" })).toEqual([
      { path: "/link", code: "invalid", message: "Link must be a full web address starting with https://" },
      { path: "/any_link", code: "invalid", message: "Any link must be a full web address starting with http:// or https://" },
    ]);
  });

  it("limits web addresses to 2,000 characters", () => {
    const base = "https://example.org/";
    expect(check({ link: base + "a".repeat(2000 - base.length) })).toEqual([]);
    expect(check({ link: base + "a".repeat(2001 - base.length) })).toEqual([
      { path: "/link", code: "too_long", message: "Link must be 2,000 characters or fewer" },
    ]);
  });
});

describe("message overrides", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    const messages = (prefix: string, keys: string[]) => Object.fromEntries(keys.map((k) => [k, `${prefix}: own ${k} message`]));
    ({ validate } = await compileSynthetic({
      choices: { status: ["open", "closed"], theme: ["abuse", "neglect", "other"] },
      versions: {
        "1.0": {
          items: [
            { key: "status", label: "Status", type: "single_choice", choices: "status", messages: messages("status", ["invalid"]) },
            {
              key: "reference",
              label: "Reference",
              type: "short_text",
              required: true,
              min_length: 3,
              max_length: 6,
              pattern: "^[A-Z]+$",
              messages: messages("reference", ["required", "min_length", "max_length", "pattern", "invalid"]),
            },
            {
              key: "closed_note",
              label: "Closed note",
              type: "short_text",
              forbidden_when: { item: "status", equals: "open" },
              messages: messages("closed_note", ["forbidden"]),
            },
            { key: "themes", label: "Themes", type: "multiple_choice", choices: "theme", min_items: 2, max_items: 2, messages: messages("themes", ["min_items", "max_items"]) },
            { key: "link", label: "Link", type: "url", messages: messages("link", ["invalid"]) },
            { key: "when", label: "When", type: "date", required: true, messages: messages("when", ["required", "invalid"]) },
          ],
        },
      },
    }));
  });
  const check = (data: unknown) => errorsOf(validate(data, { today: TODAY }));

  it("uses the item's own required message", () => {
    expect(check({})).toEqual([
      { path: "/reference", code: "required", message: "reference: own required message" },
      { path: "/when", code: "required", message: "when: own required message" },
    ]);
  });

  it("uses the item's own invalid, min_length, max_length and pattern messages", () => {
    const base = { when: "2024-01-01" };
    expect(check({ ...base, reference: 7, status: "x", link: "x", when: "x" })).toEqual([
      { path: "/status", code: "invalid", message: "status: own invalid message" },
      { path: "/reference", code: "invalid", message: "reference: own invalid message" },
      { path: "/link", code: "invalid", message: "link: own invalid message" },
      { path: "/when", code: "invalid", message: "when: own invalid message" },
    ]);
    expect(check({ ...base, reference: "AB" })).toEqual([{ path: "/reference", code: "too_short", message: "reference: own min_length message" }]);
    expect(check({ ...base, reference: "ABCDEFG" })).toEqual([{ path: "/reference", code: "too_long", message: "reference: own max_length message" }]);
    expect(check({ ...base, reference: "abc" })).toEqual([{ path: "/reference", code: "pattern", message: "reference: own pattern message" }]);
  });

  it("uses the item's own forbidden, min_items and max_items messages", () => {
    const base = { when: "2024-01-01", reference: "ABC" };
    expect(check({ ...base, status: "open", closed_note: "x", themes: ["abuse"] })).toEqual([
      { path: "/closed_note", code: "forbidden", message: "closed_note: own forbidden message" },
      { path: "/themes", code: "too_few", message: "themes: own min_items message" },
    ]);
    expect(check({ ...base, themes: ["abuse", "neglect", "other"] })).toEqual([{ path: "/themes", code: "too_many", message: "themes: own max_items message" }]);
  });
});

describe("retired codes", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      choices: {
        status: {
          choices: [
            { code: "open", label: "Open" },
            { code: "closed", label: "Closed" },
            { code: "legacy", label: "Legacy status", retired: true },
            { code: "old", label: "Old status", retired: "2024-04-01" },
          ],
        },
      },
      versions: {
        "1.0": {
          items: [
            { key: "status", label: "Status", type: "single_choice", choices: "status" },
            { key: "statuses", label: "Past statuses", type: "multiple_choice", choices: "status" },
            { key: "steps", label: "Steps", type: "repeating_group", items: [{ key: "state", label: "State", type: "single_choice", choices: "status" }] },
          ],
        },
      },
    }));
  });
  const check = (data: unknown, previous: Record<string, unknown> | null = null) => errorsOf(validate(data, { today: TODAY, previous }));

  it("refuses a retired code (retired: true or a date) as a new answer", () => {
    expect(check({ status: "legacy", statuses: ["open", "old"], steps: [{ state: "old" }] })).toEqual([
      { path: "/status", code: "retired", message: "Legacy status is no longer used for status: select another option" },
      { path: "/statuses", code: "retired", message: "Old status is no longer used for past statuses: select another option" },
      { path: "/steps/0/state", code: "retired", message: "Old status is no longer used for state: select another option" },
    ]);
  });

  it("allows a retired code the previous data already had", () => {
    const previous = { status: "legacy", statuses: ["old"], steps: [{ state: "old" }] };
    expect(check({ status: "legacy", statuses: ["open", "old"], steps: [{ state: "old" }] }, previous)).toEqual([]);
  });

  it("allows it only where it was: another item, or another entry, does not count", () => {
    const previous = { status: "legacy", steps: [{ state: "open" }, { state: "old" }] };
    expect(check({ statuses: ["legacy"], steps: [{ state: "old" }] }, previous)).toEqual([
      { path: "/statuses", code: "retired", message: "Legacy status is no longer used for past statuses: select another option" },
      { path: "/steps/0/state", code: "retired", message: "Old status is no longer used for state: select another option" },
    ]);
  });

  it("accepts current codes whatever the previous data", () => {
    expect(check({ status: "open", statuses: ["closed"] }, { status: "legacy" })).toEqual([]);
  });
});
