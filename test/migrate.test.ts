/**
 * Declarative migrations: the S-CRT 1.0 → 2.0 uplift applied by the engine's pure function with
 * the real reference data, and broken migrations caught by lint with exact positions.
 */
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyMigration, compileCollectionAndMigrations, type CompiledForm, type CompiledMigration, compileRecordValidator, formatProblem, lint, PROJECT_ROOT, type RecordValidator } from "../engine/index.ts";
import { loadReferenceData, ownerResolverFrom } from "../organisations/index.ts";
import { copyCollection, type TempCollection } from "./helpers.ts";

let uplift: CompiledMigration;
let v2: CompiledForm;
let validateV2: RecordValidator;
const resolveOwner = ownerResolverFrom(loadReferenceData(join(PROJECT_ROOT, "forms/reference/organisations")));
beforeAll(async () => {
  const compiled = compileCollectionAndMigrations(join(PROJECT_ROOT, "forms/s-crt"));
  uplift = compiled.migrations.find((m) => m.from === "1.0" && m.to === "2.0")!;
  v2 = compiled.forms.find((f) => f.version === "2.0")!;
  validateV2 = (await compileRecordValidator(v2)).validate;
});

const v1Case = (overrides: Record<string, unknown> = {}) => ({
  status: "closed",
  incident_date: "2021-05-01",
  date_added: "2021-05-03",
  date_closed: "2021-11-30",
  brief_overview: "Fictional 2021 case.",
  themes: ["neglect", "self_neglect"],
  media_interest: "no",
  latest_update: "Report published.",
  date_report_signed_off: "2021-10-01",
  publication_date: "2021-10-15",
  report_link: "https://example.org/r/1",
  designated_partnership: "Example Safeguarding Adults Board",
  steis_or_local_id: "2021/00042",
  review_type: "scr",
  lessons_learned_recommendations: "Share information sooner. Recommend joint visits.",
  review_publicity: "embargoed",
  ...overrides,
});

describe("the 1.0 → 2.0 uplift", () => {
  const run = (ownerOrg: string, data = v1Case()) => applyMigration(uplift, { ownerOrg, data }, { date: "2026-11-21", resolveOwner });

  it("places every v1.0 answer in a v2.0 item or the archive, as the uplift table says", () => {
    const out = run("02Q");
    expect(out.data).toEqual({
      status: "closed",
      incident_date: "2021-05-01",
      date_added: "2021-05-03",
      date_closed: "2021-11-30",
      brief_overview: "Fictional 2021 case.",
      themes: ["neglect", "self_neglect"],
      media_interest: "no",
      latest_update: "Report published.",
      date_report_signed_off: "2021-10-01",
      publication_date: "2021-10-15",
      report_link: "https://example.org/r/1",
      safeguarding_partnership: "Example Safeguarding Adults Board",
      steis_or_local_id: "2021/00042",
      review_type: "cspr",
      lessons_learned: "Share information sooner. Recommend joint visits.",
    });
    expect(out.archive).toEqual({ review_publicity: "embargoed" });
    expect(out.flags).toEqual([expect.stringContaining("move the recommendations into \"Recommendations\" by hand")]);
    expect(out.notes.map((n) => `${n.item}:${n.action}`)).toEqual([
      "designated_partnership:renamed",
      "lessons_learned_recommendations:split",
      "review_type:codes_mapped",
      "review_publicity:archived",
    ]);
  });

  it("marks the migrated record incomplete, listing the new required items (and the rules it misses)", () => {
    const result = validateV2(run("02Q").data, { today: "2026-11-21" });
    expect(result.errors.map((e) => `${e.path} ${e.code}`)).toEqual(["/designated_professional required", "/designated_professional_initials required", "/date_of_update required"]);
  });

  it.each([
    ["02Q", "QT1", "Bassetlaw moved to Nottingham and Nottinghamshire in July 2022"],
    ["07H", "D7T5G", "West Essex went to Essex when Hertfordshire and West Essex split"],
    ["06T", "D7T5G", "North East Essex went to Essex when Suffolk and North East Essex split"],
    ["06K", "S1Y5D", "East and North Hertfordshire went to Central East"],
    ["93C", "Z9B2Z", "North Central London merged into West and North London"],
    ["00L", "QHM", "Northumberland is still in North East and North Cumbria"],
  ])("moves the owner %s to %s (%s)", (ccg, icb) => {
    const owner = run(ccg).owner!;
    expect(owner).toMatchObject({ kind: "moved", code: icb });
    expect(owner.kind === "moved" && owner.rule).toMatch(new RegExp(`^${ccg} → sub-ICB location ${ccg}`));
  });

  it("leaves Frimley (D4U1Y) for a person to choose among the named successors", () => {
    expect(run("D4U1Y").owner).toMatchObject({ kind: "pending", candidates: ["QRL", "S0E4D", "S9B9J"] });
  });

  it("archives answers to items the target has no place for, rather than dropping them", () => {
    const out = run("02Q", { ...v1Case(), stray_item: "kept" } as ReturnType<typeof v1Case>);
    expect(out.archive).toEqual({ review_publicity: "embargoed", stray_item: "kept" });
  });

  it("is pure: the same input gives the same output and the input is untouched", () => {
    const input = v1Case();
    const copy = structuredClone(input);
    expect(run("93C", input)).toEqual(run("93C", input));
    expect(input).toEqual(copy);
  });
});

describe("broken migrations fail lint with file:line:column", () => {
  let copy: TempCollection;
  afterEach(() => copy?.cleanup());
  const problems = (c: TempCollection) => lint([c.dir], { displayRoot: c.root }).problems.filter((p) => p.code !== "fixed_version_changed").map(formatProblem);
  const FILE = "migrations/1.0-to-2.0.yaml";

  it("reports a breaking change that no step covers", () => {
    copy = copyCollection();
    copy.edit(FILE, "  - archive:\n      item: review_publicity\n      reason: '\"Review: public or embargoed\" has no v2.0 item'\n", "");
    const line = copy.lineOf(FILE, "steps:");
    expect(problems(copy)).toEqual([`s-crt/${FILE}:${line + 1}:3: breaking change not covered: removed item review_publicity (Review: public or embargoed)`]);
  });

  it("reports a code mapped to a code that does not exist", () => {
    copy = copyCollection();
    const line = copy.edit(FILE, "codes: { scr: cspr }", "codes: { scr: lcspr }", "scr: lcspr");
    expect(problems(copy)).toEqual([`s-crt/${FILE}:${line}:21: "lcspr" is not a code of "review_type" in version 2.0`]);
  });

  it("reports a code mapped from a code the old version does not have", () => {
    copy = copyCollection();
    const line = copy.edit(FILE, "codes: { scr: cspr }", "codes: { scr: cspr, xyz: sar }", "xyz: sar");
    expect(problems(copy)).toEqual([`s-crt/${FILE}:${line}:32: "xyz" is not a code of "review_type" in version 1.0`]);
  });

  it("reports a target item that does not exist", () => {
    copy = copyCollection();
    const line = copy.edit(FILE, "to: safeguarding_partnership }", "to: safeguarding_board }", "safeguarding_board");
    const found = problems(copy);
    expect(found).toContain(`s-crt/${FILE}:${line}:49: "safeguarding_board" is not an item of version 2.0`);
    expect(found).toContain(`s-crt/${FILE}:${copy.lineOf(FILE, "steps:") + 1}:3: breaking change not covered: added item safeguarding_partnership (Safeguarding Partnership/Board), required`);
  });
});
