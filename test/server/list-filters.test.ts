/**
 * The case list's filters over a real server and SQLite file: several codes at once, complete
 * or not, date ranges, owner and region narrowing (which never widens anyone's scope), the
 * definition's saved views offered by role, bad parameters refused with 400 naming them, and
 * paging and sorting that keep the filters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

let tracker: Tracker;
let lsc: Client;
let regional: Client;
let national: Client;
/** Another ICB of the North West (Y62), besides QE1. */
let otherNorthWest: string;

const RECENT = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString();
const LONG_AGO = "2025-01-15T10:00:00.000Z";

async function put(ownerOrg: string, id: string, overrides: Record<string, unknown>, extra: { at?: string; reason?: string; complete?: boolean } = {}) {
  const { store } = tracker.context;
  const user = (await store.getUserByUsername("icb.lsc"))!;
  const written = await store.createRecord({
    collection: "s-crt",
    version: "2.0",
    ownerOrg,
    data: validCase(id, overrides),
    userId: user.id,
    complete: extra.complete ?? true,
    missing: extra.complete === false ? ["/designated_professional"] : [],
    unique: [],
    at: extra.at ?? RECENT,
    ...(extra.reason ? { reason: extra.reason } : {}),
  });
  if (written.kind !== "ok") throw new Error(`could not create ${id}: ${written.kind}`);
}

beforeAll(async () => {
  tracker = await startTracker();
  const { visibility, reference } = tracker.context;
  otherNorthWest = visibility.inRegion("Y62").find((code) => code !== "QE1" && reference.find(code, { type: "icb" }) !== undefined)!;
  expect(otherNorthWest).toBeDefined();
  await put("QE1", "LSC-A", { review_type: "dhr", themes: ["domestic"], date_added: "2026-01-10", incident_date: "2025-12-01" });
  await put("QE1", "LSC-B", { review_type: "sar", themes: ["neglect", "financial"], date_added: "2026-05-01", incident_date: "2026-04-01", status: "closed", date_closed: "2026-06-01" });
  await put("QE1", "LSC-C", { review_type: "dhr", themes: ["neglect"], date_added: "2026-03-01", regional_chief_nurse_accepted: "yes" });
  await put("QE1", "LSC-D", { review_type: "si", themes: ["physical"] }, { at: LONG_AGO, reason: "import", complete: false });
  await put("QE1", "LSC-E", { review_type: "si", themes: ["physical"] }, { at: "2026-06-01T09:00:00.000Z" });
  await put("QE1", "LSC-F", { review_type: "si", themes: ["physical"] }, { reason: "migration 1.0 to 2.0" });
  await put("QE1", "LSC-G", { review_type: "si", themes: ["physical"], status: "closed", date_closed: "2026-02-01" }, { at: LONG_AGO });
  await put(otherNorthWest, "NW-X", { review_type: "dhr", themes: ["domestic"] });
  await put("QMF", "NEL-A", { review_type: "dhr", themes: ["domestic"] });
  lsc = await tracker.signIn("icb.lsc");
  regional = await tracker.signIn("region.nw");
  national = await tracker.signIn("national");
});
afterAll(() => tracker?.destroy());

interface Page {
  items: { data: Record<string, unknown>; ownerOrg: string }[];
  total: number;
  page: number;
  pageSize: number;
  views: { id: string; title: string }[];
  view: string | null;
  regions: { code: string; name: string }[];
  owners: { code: string; name: string; region: string | null }[];
}

async function list(client: Client, query: string): Promise<Page> {
  const res = await client.get(`${RECORDS}?${query.includes("pageSize=") ? "" : "pageSize=100&"}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}
const ids = (page: Page) => page.items.map((r) => r.data.steis_or_local_id as string).sort();

describe("filters", () => {
  it("match any of several codes of a choice item", async () => {
    expect(ids(await list(lsc, "themes=neglect,financial"))).toEqual(["LSC-B", "LSC-C"]);
    expect(ids(await list(lsc, "themes=financial"))).toEqual(["LSC-B"]);
    expect(ids(await list(lsc, "themes=domestic,financial"))).toEqual(["LSC-A", "LSC-B"]);
    expect(ids(await list(lsc, "review_type=dhr,sar"))).toEqual(["LSC-A", "LSC-B", "LSC-C"]);
  });

  it("narrow to complete or incomplete cases", async () => {
    expect(ids(await list(lsc, "complete=no"))).toEqual(["LSC-D"]);
    expect((await list(lsc, "complete=yes")).total).toBe(6);
  });

  it("narrow by each date item's range, both days included", async () => {
    expect(ids(await list(lsc, "date_added_from=2026-02-01&date_added_to=2026-05-01"))).toEqual(["LSC-B", "LSC-C"]);
    expect(ids(await list(lsc, "date_added_to=2026-01-10"))).toEqual(["LSC-A"]);
    expect(ids(await list(lsc, "incident_date_from=2025-11-01&incident_date_to=2025-12-31"))).toEqual(["LSC-A"]);
    expect(ids(await list(lsc, "date_closed_from=2026-05-01"))).toEqual(["LSC-B"]);
  });

  it("combine, with search, and keep paging and sorting", async () => {
    expect(ids(await list(lsc, "review_type=dhr&themes=neglect&date_added_from=2026-02-01"))).toEqual(["LSC-C"]);
    expect(ids(await list(lsc, "review_type=dhr,sar&complete=yes&q=lsc-b"))).toEqual(["LSC-B"]);
    const first = await list(lsc, "themes=neglect,domestic&sort=steis_or_local_id&dir=asc&pageSize=2");
    const second = await list(lsc, "themes=neglect,domestic&sort=steis_or_local_id&dir=asc&pageSize=2&page=2");
    expect([first.total, first.page, second.page]).toEqual([3, 1, 2]);
    expect(first.items.map((r) => r.data.steis_or_local_id)).toEqual(["LSC-A", "LSC-B"]);
    expect(second.items.map((r) => r.data.steis_or_local_id)).toEqual(["LSC-C"]);
    const newest = await list(lsc, "themes=physical&sort=updatedAt&dir=asc");
    expect(newest.items.map((r) => r.data.steis_or_local_id).slice(0, 2).sort()).toEqual(["LSC-D", "LSC-G"]);
  });
});

describe("owner and region", () => {
  it("are offered to those who see many: national users every region and ICB, regional users their region's ICBs, ICB users none", async () => {
    const nat = await list(national, "");
    expect(nat.regions.map((r) => r.code)).toEqual(expect.arrayContaining(["Y62", "Y56"]));
    expect(nat.owners.map((o) => o.code)).toEqual(expect.arrayContaining(["QE1", "QMF", otherNorthWest]));
    const reg = await list(regional, "");
    expect(reg.regions).toEqual([]);
    expect(reg.owners.map((o) => o.code)).toEqual(expect.arrayContaining(["QE1", otherNorthWest]));
    expect(reg.owners.every((o) => o.region === "Y62")).toBe(true);
    const icb = await list(lsc, "");
    expect([icb.regions, icb.owners]).toEqual([[], []]);
  });

  it("narrow a national user's list", async () => {
    expect(ids(await list(national, "region=Y56"))).toEqual(["NEL-A"]);
    expect(ids(await list(national, "region=y62&review_type=dhr"))).toEqual(["LSC-A", "LSC-C", "NW-X"]);
    expect(ids(await list(national, `owner=${otherNorthWest}`))).toEqual(["NW-X"]);
    expect((await list(national, "owner=QMF&region=Y62")).total).toBe(0);
  });

  it("never widen a regional or ICB user's scope: outside it they give no records", async () => {
    expect(ids(await list(regional, "review_type=dhr"))).toEqual(["LSC-A", "LSC-C", "NW-X"]);
    expect(ids(await list(regional, `owner=${otherNorthWest}`))).toEqual(["NW-X"]);
    expect((await list(regional, "owner=QMF")).total).toBe(0);
    expect((await list(regional, "region=Y56")).total).toBe(0);
    expect((await list(lsc, "owner=QMF")).total).toBe(0);
    expect((await list(lsc, `owner=${otherNorthWest}`)).total).toBe(0);
    expect((await list(lsc, "region=Y56")).total).toBe(0);
    expect((await list(lsc, "region=Y62")).total).toBe(7);
  });
});

describe("saved views", () => {
  it("are offered by role, as the definition declares", async () => {
    // The DHRs awaiting regional acceptance are the regional_acceptance action's waiting list
    // (test/server/actions.test.ts), not a view as well.
    expect((await list(regional, "")).views).toEqual([]);
    expect((await list(lsc, "")).views.map((v) => v.title)).toEqual(["Incomplete after migration", "No update in 90 days"]);
    expect((await list(await tracker.signIn("icb.lsc.viewer"), "")).views.map((v) => v.id)).toEqual(["incomplete_after_migration", "no_update_in_90_days"]);
    expect((await list(national, "")).views).toEqual([]);
  });

  it("give ICB users migrated cases still incomplete, and open cases nobody has changed for 90 days", async () => {
    expect(ids(await list(lsc, "view=incomplete_after_migration"))).toEqual(["LSC-D"]);
    expect(ids(await list(lsc, "view=no_update_in_90_days"))).toEqual(["LSC-D", "LSC-E"]);
    expect((await list(lsc, "view=incomplete_after_migration&complete=yes")).total).toBe(0);
  });

  it("not offered to a role are refused, naming the parameter", async () => {
    for (const [client, view] of [
      [national, "no_update_in_90_days"],
      [regional, "incomplete_after_migration"],
      [regional, "no_update_in_90_days"],
      // Once a view, now only the action's waiting list.
      [regional, "dhr_awaiting_regional_acceptance"],
    ] as const) {
      const res = await client.get(`${RECORDS}?view=${view}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: "invalid_request", errors: [{ path: "/view" }] });
    }
  });
});

describe("bad parameters", () => {
  const cases: [string, string][] = [
    ["themes=neglect,nope", "themes"],
    ["review_type=dhr,bogus", "review_type"],
    ["date_added_from=2026-02-30", "date_added_from"],
    ["date_added_to=yesterday", "date_added_to"],
    ["incident_date_from=2026-05-01&incident_date_to=2026-04-01", "incident_date_to"],
    ["date_of_update_from=2026-01-01", "date_of_update_from"],
    ["view=everything", "view"],
    ["owner=Q!1", "owner"],
    ["owner=ZZZ99", "owner"],
    ["region=QQQ", "region"],
    ["sort=brief_overview", "sort"],
    ["colour=red", "colour"],
  ];
  it.each(cases)("%s is 400 naming %s", async (query, parameter) => {
    const res = await lsc.get(`${RECORDS}?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { code: string; message: string; errors?: { path: string }[] };
    expect(body.code).toBe("invalid_request");
    expect(body.message).toContain(`"${parameter}"`);
    expect(body.errors?.[0]?.path).toBe(`/${parameter}`);
  });

  it("complete and the paging parameters are checked too", async () => {
    for (const [query, parameter] of [["complete=maybe", "complete"], ["pageSize=0", "pageSize"], ["page=-1", "page"]]) {
      const res = await lsc.get(`${RECORDS}?${query}`);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { message: string }).message).toContain(parameter);
    }
  });
});
