/**
 * The assurance dashboard over the real server, on a small data set whose figures are worked
 * out by hand below: revisions at known moments (the clock is injected through the store's
 * `at`), a v1.0 case migrated in September 2026, and every role's scope.
 *
 *   A  QE1 (North West)  SAR, neglect; opened 10 May 2026 (incident 1 May), report signed off
 *                        1 Aug; closed 15 Aug 2026 at 23:30 UTC (00:30 on the 16th in London).
 *   B  QMF (London)      DHR, neglect + financial; opened 20 Jul 2026 (incident 1 Jul), report
 *                        signed off 1 Sep, recorded on 2 Sep; no Chief Nurse assurance or
 *                        regional acceptance yet.
 *   C  QE1               opened 5 Oct 2026 (in Q3, after the Q2 figures).
 *   D  00Q → QE1         v1.0 SCR (cspr in 2.0), closed in 2021, incident 5 Mar 2021, signed off
 *                        1 Jul 2021 (118 days); migrated 10 Sep 2026, incomplete and flagged.
 *   E  QE1               SAR, physical, media interest; opened 1 Mar 2025 and not touched since.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardBody } from "../../api/index.ts";
import { applyMigration } from "../../engine/index.ts";
import { ownerResolverFrom } from "../../organisations/index.ts";
import { validV1 } from "../s-crt/fixtures.ts";
import { startTracker, validCase, type Client, type Tracker } from "./harness.ts";

const DASHBOARD = "/api/collections/s-crt/dashboard";
let tracker: Tracker;
let national: Client;

async function seed(): Promise<void> {
  const { store, registry, reference } = tracker.context;
  const editor = (await store.getUserByUsername("icb.lsc"))!;
  const create = async (owner: string, data: Record<string, unknown>, at: string, version = "2.0") => {
    expect(registry.get("s-crt", version)!.validate(data, { today: at.slice(0, 10) }).errors).toEqual([]);
    const written = await store.createRecord({ collection: "s-crt", version, ownerOrg: owner, data, userId: editor.id, complete: true, missing: [], unique: [], at });
    if (written.kind !== "ok") throw new Error(written.kind);
    return written.record;
  };
  const a = await create("QE1", validCase("2026/A", { date_added: "2026-05-10", incident_date: "2026-05-01", review_type: "sar", themes: ["neglect"] }), "2026-05-10T10:00:00.000Z");
  const closed = await store.updateRecord({ collection: "s-crt", id: a.id, expectedRevision: 1, version: "2.0", data: { ...a.data, status: "closed", date_closed: "2026-08-15", date_report_signed_off: "2026-08-01" }, userId: editor.id, complete: true, missing: [], unique: [], at: "2026-08-15T23:30:00.000Z" });
  expect(closed.kind).toBe("ok");
  await create("QMF", validCase("2026/B", { date_added: "2026-07-20", incident_date: "2026-07-01", themes: ["neglect", "financial"], date_report_signed_off: "2026-09-01" }), "2026-09-02T09:00:00.000Z");
  await create("QE1", validCase("2026/C", { date_added: "2026-10-05", incident_date: "2026-10-01", review_type: "sar" }), "2026-10-05T09:00:00.000Z");
  const d = await create("00Q", validV1(), "2021-10-01T12:00:00.000Z", "1.0");
  const outcome = applyMigration(registry.migration("s-crt", "1.0", "2.0")!, { data: d.data, ownerOrg: d.ownerOrg }, { date: "2026-09-10", resolveOwner: ownerResolverFrom(reference) });
  const migrated = await store.updateRecord({ collection: "s-crt", id: d.id, expectedRevision: 1, version: "2.0", data: outcome.data, ownerOrg: "QE1", userId: editor.id, complete: false, missing: ["/designated_professional"], unique: [], reason: "migration 1.0 to 2.0", reviewFlags: ["Split lessons learned and recommendations"], at: "2026-09-10T08:00:00.000Z" });
  expect(migrated.kind).toBe("ok");
  await create("QE1", validCase("2025/E", { date_added: "2025-03-01", incident_date: "2025-02-01", review_type: "sar", themes: ["physical"], media_interest: "yes" }), "2025-03-01T09:00:00.000Z");
}

async function dashboard(client: Client, query: string): Promise<DashboardBody> {
  const res = await client.get(`${DASHBOARD}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DashboardBody;
}

const counts = (body: DashboardBody, item: string) => Object.fromEntries(body.byItem[item]!.filter((c) => c.count > 0).map((c) => [c.code, c.count]));

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-12-01" });
  await seed();
  national = await tracker.signIn("national");
});
afterAll(() => tracker.destroy());

describe("national figures at the end of 2026-27 Q2, worked out by hand", () => {
  let body: DashboardBody;
  beforeAll(async () => {
    body = await dashboard(national, "quarter=2026-27-Q2");
  });

  it("counts the records as they stood: A closed, B and E open, D migrated and closed, C not yet there", () => {
    expect(body).toMatchObject({ asAt: "2026-09-30", quarter: "2026-27-Q2", period: { start: "2026-07-01", end: "2026-09-30" }, scope: { level: "england", code: null, name: "England" } });
    expect({ total: body.total, open: body.open, openedInPeriod: body.openedInPeriod, closedInPeriod: body.closedInPeriod }).toEqual({ total: 4, open: 2, openedInPeriod: 1, closedInPeriod: 1 });
  });

  it("breaks down each item the definition names, a record once for each of its themes", () => {
    expect(body.items.map((i) => i.key)).toEqual(["review_type", "themes", "media_interest", "status"]);
    expect(body.items.find((i) => i.key === "themes")!.multiple).toBe(true);
    expect(counts(body, "review_type")).toEqual({ sar: 2, dhr: 1, cspr: 1 });
    expect(counts(body, "themes")).toEqual({ neglect: 3, financial: 1, was_not_brought: 1, physical: 1 });
    expect(counts(body, "media_interest")).toEqual({ no: 3, yes: 1 });
    expect(counts(body, "status")).toEqual({ open: 2, closed: 2 });
    // Every code is listed, with its label, even at zero.
    expect(body.byItem.review_type!.find((c) => c.code === "mhhr")).toEqual({ code: "mhhr", label: "Mental Health Homicide Review", count: 0 });
  });

  it("by owner on the day and by region", () => {
    expect(body.byOwner.map(({ org, region, total, open }) => ({ org, region, total, open }))).toEqual([
      { org: "QE1", region: "Y62", total: 3, open: 1 },
      { org: "QMF", region: "Y56", total: 1, open: 1 },
    ]);
    expect(body.byRegion.map(({ code, total, open }) => ({ code, total, open })).sort((x, y) => x.code.localeCompare(y.code))).toEqual([
      { code: "Y56", total: 1, open: 1 },
      { code: "Y62", total: 3, open: 1 },
    ]);
  });

  it("progress: median of 62, 92 and 118 days; E is old and untouched; B waits on both DHR sign-offs", () => {
    expect(body.progress).toEqual({
      durations: [{ id: "incident_to_sign_off", label: "Days from incident to report signed off", median: 92, count: 3 }],
      openOlderThan6Months: 1,
      openOlderThan12Months: 1,
      openWithoutUpdate90Days: 1,
      outstanding: [
        { id: "dhr_chief_nurse_assurance", label: "DHRs with a signed-off report whose ICB Chief Nurse assurance is outstanding", count: 1 },
        { id: "dhr_regional_acceptance", label: "DHRs with a signed-off report whose regional acceptance is outstanding", count: 1 },
      ],
    });
  });

  it("data quality: D misses 2.0's designated professional and is flagged", () => {
    expect(body.quality).toEqual({ incomplete: 1, flagged: 1 });
  });

  it("a trend of open and new records over eight quarters", () => {
    expect(body.trend.map(({ quarter, asAt, open, opened }) => [quarter, asAt, open, opened])).toEqual([
      ["2024-25-Q3", "2024-12-31", 0, 0],
      ["2024-25-Q4", "2025-03-31", 1, 1],
      ["2025-26-Q1", "2025-06-30", 1, 0],
      ["2025-26-Q2", "2025-09-30", 1, 0],
      ["2025-26-Q3", "2025-12-31", 1, 0],
      ["2025-26-Q4", "2026-03-31", 1, 0],
      ["2026-27-Q1", "2026-06-30", 2, 1],
      ["2026-27-Q2", "2026-09-30", 2, 1],
    ]);
  });
});

describe("other days and narrowing", () => {
  it("ends a day at midnight in London: A's closing at 00:30 BST on the 16th is not in the 15th's figures", async () => {
    expect((await dashboard(national, "asAt=2026-08-15")).closedInPeriod).toBe(0);
    expect((await dashboard(national, "asAt=2026-08-16")).closedInPeriod).toBe(1);
  });

  it("before the migration, D counts under its CCG as the reference data named it then, in 2.0's codes", async () => {
    const body = await dashboard(national, "asAt=2026-06-30");
    expect(body.total).toBe(3);
    expect(body.byOwner.find((o) => o.org === "00Q")).toMatchObject({ name: "NHS Lancashire and South Cumbria ICB - 00Q", region: "Y62", total: 1, open: 0 });
    expect(counts(body, "review_type")).toEqual({ sar: 2, cspr: 1 });
  });

  it("defaults to the current quarter as it stands today, and sees new writes", async () => {
    const before = await dashboard(national, "");
    expect(before).toMatchObject({ quarter: "2026-27-Q3", asAt: "2026-12-01", total: 5, openedInPeriod: 1 });
    // Written after the facts were first read (as the CLI or another server would write it).
    const { store } = tracker.context;
    const editor = (await store.getUserByUsername("icb.nel"))!;
    const written = await store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QMF", data: validCase("2026/NEW", { date_added: "2026-11-30", incident_date: "2026-11-01" }), userId: editor.id, complete: true, missing: [], unique: [], at: "2026-11-30T12:00:00.000Z" });
    expect(written.kind).toBe("ok");
    expect(await dashboard(national, "")).toMatchObject({ total: 6, openedInPeriod: 2 });
  });

  it("narrows a national user's figures to a region or an owner, and lists what they can narrow by", async () => {
    const london = await dashboard(national, "quarter=2026-27-Q2&region=Y56");
    expect(london).toMatchObject({ total: 1, open: 1, scope: { level: "region", code: "Y56" } });
    expect(london.byRegion.length).toBe(2);
    const qe1 = await dashboard(national, "quarter=2026-27-Q2&owner=QE1");
    expect(qe1).toMatchObject({ total: 3, open: 1, scope: { level: "organisation", code: "QE1", name: "NHS Lancashire and South Cumbria Integrated Care Board" } });
    expect(qe1.narrowBy.regions.map((r) => r.code).sort()).toEqual(["Y56", "Y62"]);
  });
});

describe("each role sees exactly its scope", () => {
  it("an ICB user sees their own ICB's records and nothing of North East London's", async () => {
    const icb = await tracker.signIn("icb.lsc");
    const body = await dashboard(icb, "quarter=2026-27-Q2");
    expect(body).toMatchObject({ total: 3, open: 1, openedInPeriod: 0, closedInPeriod: 1, scope: { level: "organisation", code: "QE1" }, narrowBy: { regions: [], owners: [] } });
    expect(counts(body, "themes")).toEqual({ neglect: 2, physical: 1, was_not_brought: 1 });
    expect(body.byOwner.map((o) => o.org)).toEqual(["QE1"]);
    expect(body.byRegion.map((r) => r.code)).toEqual(["Y62"]);
    expect(body.progress.durations[0]).toMatchObject({ median: 105, count: 2 });
    expect(body.progress.outstanding.map((o) => o.count)).toEqual([0, 0]);
    for (const query of ["region=Y56", "owner=QMF"]) expect((await icb.get(`${DASHBOARD}?${query}`)).statusCode).toBe(403);
  });

  it("a regional user sees their region and may narrow to one of its owners, not another region's", async () => {
    const region = await tracker.signIn("region.nw");
    const body = await dashboard(region, "quarter=2026-27-Q2");
    expect(body).toMatchObject({ total: 3, scope: { level: "region", code: "Y62" } });
    expect(body.narrowBy.owners.map((o) => o.code)).toEqual(["QE1"]);
    expect((await dashboard(region, "quarter=2026-27-Q2&owner=QE1")).total).toBe(3);
    const refused = await region.get(`${DASHBOARD}?owner=QMF`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "forbidden" });
    expect((await region.get(`${DASHBOARD}?region=Y56`)).statusCode).toBe(403);
  });

  it("standards admins get 403, anonymous callers 401", async () => {
    const standards = await tracker.signIn("standards");
    expect((await standards.get(DASHBOARD)).json()).toMatchObject({ statusCode: 403, code: "forbidden" });
    expect((await tracker.anonymous().get(DASHBOARD)).statusCode).toBe(401);
  });

  it("bad parameters get a 400 that says what is wrong", async () => {
    for (const [query, words] of [
      ["quarter=2026-Q2", /quarter like 2026-27-Q2/],
      ["asAt=2026-02-30", /not a date/],
      ["asAt=2027-01-01", /in the future/],
      ["quarter=2026-27-Q2&asAt=2026-09-30", /not both/],
      ["colour=red", /colour/],
    ] as const) {
      const res = await national.get(`${DASHBOARD}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message).toMatch(words);
    }
    expect((await national.get("/api/collections/nothing/dashboard")).statusCode).toBe(404);
  });
});

describe("a collection hosted by YAML alone", () => {
  it("the action plan's dashboard counts its plans with the settings of its collection.yaml", async () => {
    const { store } = tracker.context;
    const editor = (await store.getUserByUsername("icb.lsc"))!;
    const plan = {
      review_reference: "SAR-2024-07",
      accountable_role: "Designated Nurse for Safeguarding Adults",
      plan_status: "closed",
      plan_agreed_date: "2026-04-03",
      target_completion_date: "2026-09-30",
      date_closed: "2026-08-02",
      recommendations: [{ owner: "Safeguarding adults team", recommendation: "Add a prompt about carers.", due_date: "2026-09-30", status: "complete", completed_date: "2026-08-01" }],
    };
    expect(tracker.context.registry.get("action-plan", "1.0")!.validate(plan, { today: "2026-08-02" }).errors).toEqual([]);
    await store.createRecord({ collection: "action-plan", version: "1.0", ownerOrg: "QE1", data: plan, userId: editor.id, complete: true, missing: [], unique: [], at: "2026-08-02T10:00:00.000Z" });
    const res = await national.get("/api/collections/action-plan/dashboard?quarter=2026-27-Q2");
    expect(res.statusCode, res.body).toBe(200);
    const plans = res.json() as DashboardBody;
    expect(plans).toMatchObject({ collection: "action-plan", total: 1, open: 0, openedInPeriod: 0, closedInPeriod: 1 });
    expect(counts(plans, "plan_status")).toEqual({ closed: 1 });
    expect(plans.progress.durations).toEqual([{ id: "agreed_to_closed", label: "Days from plan agreed to plan closed", median: 121, count: 1 }]);
  });
});
