/**
 * Hidden answers are now refused by the engine, so the definitions dropped each
 * `forbidden_when` that only repeated a `shown_when`, and S-CRT 1.0 (whose standard lets a
 * closing date stay on an open case) says `keep_when_hidden`. Those files are fixed versions:
 * this proves each one's compiled validator accepts and refuses exactly the records it did
 * before, which is what `forms relock` (forms/README.md) asks of such a change.
 *
 * "Before" is the file as it was fixed (test/fixtures/fixed-versions), compiled with
 * `keep_when_hidden` on every item that has `shown_when`: exactly what the engine made of it
 * before hidden answers were refused. Thousands of generated records, biased towards the
 * answers the conditions read, must get the same verdict from both.
 */
import fc from "fast-check";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument, isMap, isSeq, type YAMLMap } from "yaml";
import { compileCollectionDir, compileRecordValidator, type CompiledForm, type CompiledItem, PROJECT_ROOT, type RecordValidator } from "../engine/index.ts";
import { copyCollection, type TempCollection } from "./helpers.ts";
import { TODAY, validV1, validV2 } from "./s-crt/fixtures.ts";

type Data = Record<string, unknown>;
const DATES = ["2019-05-01", "2021-04-03", "2021-12-10", "2024-03-03", "2024-07-19", "2024-09-01", "2024-09-30", "2025-01-18"];
const TEXTS = ["", "  ", "AB", "Some words", "2024/12345"];

/** The fixed file as the engine read it before: every shown_when item keeps hidden answers. */
function asBefore(text: string): string {
  const doc = parseDocument(text);
  const mark = (items: unknown) => {
    if (!isSeq(items)) return;
    for (const item of items.items) {
      if (!isMap(item)) continue;
      if ((item as YAMLMap).has("shown_when")) (item as YAMLMap).set("keep_when_hidden", true);
      mark((item as YAMLMap).get("items"));
    }
  };
  mark(doc.get("items"));
  return doc.toString();
}

function valueOf(item: CompiledItem, form: CompiledForm): fc.Arbitrary<unknown> {
  const codes = item.choices ? form.choiceLists[item.choices]!.choices.map((c) => c.code) : [];
  switch (item.type) {
    case "single_choice":
      return fc.constantFrom(...codes, "");
    case "multiple_choice":
      return fc.subarray(codes);
    case "date":
      return fc.constantFrom(...DATES, "");
    case "url":
      return fc.constantFrom("https://www.example.org/report", "ftp://example.org", "");
    case "repeating_group":
      return fc.array(recordNear(item.items ?? [], form, {}), { maxLength: 3 });
    default:
      return fc.constantFrom(...TEXTS);
  }
}

const ABSENT = Symbol("absent");

/** Records near a valid one: each answer kept, replaced by another value, or left out. */
function recordNear(items: CompiledItem[], form: CompiledForm, base: Data): fc.Arbitrary<Data> {
  const answers = items.map((item) => {
    const kept = item.type === "repeating_group" && Array.isArray(base[item.key])
      ? fc.tuple(...(base[item.key] as Data[]).map((entry) => recordNear(item.items ?? [], form, entry)))
      : fc.constant(base[item.key] ?? ABSENT);
    return fc.oneof({ arbitrary: kept, weight: 8 }, { arbitrary: valueOf(item, form), weight: 1 }, { arbitrary: fc.constant(ABSENT), weight: 1 });
  });
  return fc.tuple(...answers).map((values) => {
    const data: Data = {};
    values.forEach((v, i) => {
      if (v !== ABSENT) data[items[i]!.key] = v;
    });
    return data;
  });
}

const ACTION_PLAN: Data = {
  review_reference: "SAR-2024-07",
  accountable_role: "Designated Nurse for Safeguarding Adults",
  plan_status: "closed",
  plan_agreed_date: "2024-03-03",
  target_completion_date: "2025-03-31",
  date_closed: "2024-09-30",
  recommendations: [
    { owner: "Safeguarding adults team", recommendation: "Add a prompt about carers.", due_date: "2024-09-30", status: "complete", completed_date: "2024-09-01" },
    { owner: "Mental health liaison team", recommendation: "Run refresher training.", due_date: "2025-01-31", status: "in_progress" },
  ],
};

interface Pair {
  label: string;
  base: () => Data;
  fixture: string;
  source: string;
  file: string;
  version: string;
}

const PAIRS: Pair[] = [
  { label: "S-CRT 2.0", base: () => ({ ...validV2(), status: "closed", date_closed: "2024-09-30", review_type: "dhr", icb_chief_nurse_assured: "yes" }), fixture: "s-crt-2.0-before-hidden-rule.yaml", source: "forms/s-crt", file: "versions/2.0.yaml", version: "2.0" },
  { label: "S-CRT 1.0", base: validV1, fixture: "s-crt-1.0-before-hidden-rule.yaml", source: "forms/s-crt", file: "versions/1.0.yaml", version: "1.0" },
  { label: "action plan 1.0", base: () => ACTION_PLAN, fixture: "action-plan-1.0-before-hidden-rule.yaml", source: "examples/action-plan", file: "versions/1.0.yaml", version: "1.0" },
];

describe.each(PAIRS)("$label: the same verdict on every record before and after the change", (pair) => {
  let copy: TempCollection;
  let form: CompiledForm;
  let before: RecordValidator;
  let after: RecordValidator;

  beforeAll(async () => {
    form = compileCollectionDir(join(PROJECT_ROOT, pair.source)).find((f) => f.version === pair.version)!;
    after = (await compileRecordValidator(form)).validate;
    copy = copyCollection(join(PROJECT_ROOT, pair.source));
    // The copy is a scratch collection: its versions are drafts, so no lock applies.
    rmSync(join(copy.dir, "versions.lock.yaml"));
    for (const file of ["versions/1.0.yaml", "versions/2.0.yaml"]) {
      try {
        copy.write(file, readFileSync(join(copy.dir, file), "utf8").replace(/^status: \w+$/m, "status: draft"));
      } catch {
        // action-plan has one version only
      }
    }
    const fixed = readFileSync(join(PROJECT_ROOT, "test/fixtures/fixed-versions", pair.fixture), "utf8").replace(/^status: \w+$/m, "status: draft");
    writeFileSync(join(copy.dir, pair.file), asBefore(fixed));
    const old = compileCollectionDir(copy.dir).find((f) => f.version === pair.version)!;
    before = (await compileRecordValidator(old)).validate;
  });
  afterAll(() => copy?.cleanup());

  it("accepts and refuses exactly the same generated records", () => {
    expect(after(pair.base(), { today: TODAY }).errors).toEqual([]);
    let valid = 0;
    fc.assert(
      fc.property(recordNear(form.items, form, pair.base()), (data) => {
        const a = before(data, { today: TODAY }).valid;
        const b = after(data, { today: TODAY }).valid;
        if (b) valid++;
        return a === b;
      }),
      { numRuns: 3000, seed: 20261201 },
    );
    // Guard against a generator that only ever makes invalid records.
    expect(valid).toBeGreaterThan(100);
  });

  it("refuses what the removed rules refused, with the same message", () => {
    const hiddenAnswered = form.items.filter((i) => i.shownWhen && !i.keepWhenHidden);
    for (const item of hiddenAnswered) {
      expect(item.messages.forbidden).not.toMatch(/^\s*$/);
    }
  });
});
