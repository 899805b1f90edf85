/**
 * Date rules: each operator against another date item and against `today`, at the top level
 * and inside a repeating group (with a sibling of the same entry and with a top-level date).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordValidator, ValidationError } from "../index.ts";
import { compileSynthetic } from "../test-support/synthetic.ts";

const OPERATORS = ["before", "not_before", "after", "not_after"] as const;
type Operator = (typeof OPERATORS)[number];

const REFERENCE = "2024-03-03";
const TODAY = "2024-06-15";

/** A date one day either side of `date`. */
function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Which of the day before, the same day and the day after satisfy each operator. */
const HOLDS: Record<Operator, [boolean, boolean, boolean]> = {
  before: [true, false, false],
  not_before: [false, true, true],
  after: [false, false, true],
  not_after: [true, true, false],
};

describe("date rules between items and with today", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      versions: {
        "1.0": {
          items: [
            { key: "reference_date", label: "Reference date", type: "date" },
            ...OPERATORS.map((op) => ({ key: `${op}_item`, label: `Date ${op}`, type: "date" })),
            ...OPERATORS.map((op) => ({ key: `${op}_today`, label: `Date ${op} today`, type: "date" })),
          ],
          rules: [
            ...OPERATORS.map((op) => ({ item: `${op}_item`, [op]: "reference_date", message: `Must be ${op} the reference date ({other})` })),
            ...OPERATORS.map((op) => ({ item: `${op}_today`, [op]: "today", message: `Must be ${op} today ({other})` })),
          ],
        },
      },
    }));
  });
  const check = (data: Record<string, unknown>): ValidationError[] => validate(data, { today: TODAY }).errors;

  for (const op of OPERATORS) {
    it(`${op} another item: checked against that item's date, with {other} as a long date`, () => {
      [-1, 0, 1].forEach((days, i) => {
        const value = shift(REFERENCE, days);
        const expected = HOLDS[op][i]
          ? []
          : [{ path: `/${op}_item`, code: op, message: `Must be ${op} the reference date (3 March 2024)`, rule: `${op}_item__${op}__reference_date` }];
        expect(check({ reference_date: REFERENCE, [`${op}_item`]: value }), value).toEqual(expected);
      });
    });

    it(`${op} today: checked against the date of the write`, () => {
      [-1, 0, 1].forEach((days, i) => {
        const value = shift(TODAY, days);
        const expected = HOLDS[op][i] ? [] : [{ path: `/${op}_today`, code: op, message: `Must be ${op} today (15 June 2024)`, rule: `${op}_today__${op}__today` }];
        expect(check({ [`${op}_today`]: value }), value).toEqual(expected);
      });
    });
  }

  it("checks a rule only when both dates are present and real", () => {
    const late = { before_item: "2025-01-01", after_item: "2020-01-01" };
    expect(check(late)).toEqual([]);
    expect(check({ ...late, reference_date: "  " })).toEqual([]);
    expect(check({ ...late, reference_date: "2024-02-30" })).toEqual([
      { path: "/reference_date", code: "invalid", message: "Reference date must be a real date, like 27 3 2024" },
    ]);
    expect(check({ reference_date: REFERENCE, before_item: "" })).toEqual([]);
  });

  it("uses today in Europe/London when the write gives no date", () => {
    expect(validate({ not_after_today: "2999-01-01", before_today: "2000-01-01" }).errors.map((e) => e.path)).toEqual(["/not_after_today"]);
  });
});

describe("date rules inside a repeating group", () => {
  let validate: RecordValidator;
  beforeAll(async () => {
    ({ validate } = await compileSynthetic({
      versions: {
        "1.0": {
          items: [
            { key: "opened", label: "Opened", type: "date" },
            {
              key: "visits",
              label: "Visits",
              type: "repeating_group",
              items: [
                { key: "seen", label: "Seen", type: "date" },
                { key: "followed_up", label: "Followed up", type: "date" },
                { key: "closed", label: "Closed", type: "date" },
              ],
            },
          ],
          rules: [
            { item: "visits.followed_up", not_before: "seen", message: "Follow-up must not be before the visit ({other})" },
            { item: "visits.closed", after: "visits.followed_up", message: "Closing must be after the follow-up ({other})" },
            { item: "visits.seen", not_before: "opened", message: "A visit must not be before the case was opened ({other})" },
            { item: "visits.seen", not_after: "today", message: "A visit cannot be in the future" },
          ],
        },
      },
    }));
  });
  const check = (data: Record<string, unknown>): ValidationError[] => validate(data, { today: TODAY }).errors;

  it("compares an entry's date with a sibling in the same entry", () => {
    expect(
      check({
        visits: [
          { seen: "2024-05-01", followed_up: "2024-05-01", closed: "2024-05-02" },
          { seen: "2024-05-10", followed_up: "2024-05-09", closed: "2024-05-20" },
          { seen: "2024-05-10", followed_up: "2024-05-12", closed: "2024-05-12" },
        ],
      }),
    ).toEqual([
      { path: "/visits/1/followed_up", code: "not_before", message: "Follow-up must not be before the visit (10 May 2024)", rule: "visits__followed_up__not_before__visits__seen" },
      { path: "/visits/2/closed", code: "after", message: "Closing must be after the follow-up (12 May 2024)", rule: "visits__closed__after__visits__followed_up" },
    ]);
  });

  it("compares an entry's date with a top-level date and with today", () => {
    expect(check({ opened: "2024-04-01", visits: [{ seen: "2024-04-01" }, { seen: "2024-03-31" }, { seen: shift(TODAY, 1) }] })).toEqual([
      { path: "/visits/1/seen", code: "not_before", message: "A visit must not be before the case was opened (1 April 2024)", rule: "visits__seen__not_before__opened" },
      { path: "/visits/2/seen", code: "not_after", message: "A visit cannot be in the future", rule: "visits__seen__not_after__today" },
    ]);
  });

  it("skips the comparison when the other date is absent", () => {
    expect(check({ visits: [{ seen: "2024-01-01", closed: "2023-01-01" }] })).toEqual([]);
  });
});
