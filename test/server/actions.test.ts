/**
 * The collection's declared actions over the real app and a real SQLite file: which each
 * record offers to whom (its permissions.actions), taking one through the usual update, and
 * the list of records awaiting an action, scoped per ICB and region like every list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

interface RecordBody {
  id: string;
  revision: number;
  data: Record<string, unknown>;
  permissions: { edit: boolean; writableItems: string[]; actions: string[] };
}
interface PageBody {
  items: RecordBody[];
  total: number;
  page: number;
  pageSize: number;
}

const AWAITING = "/api/collections/s-crt/actions/regional_acceptance/records";
const USERS = ["icb.lsc", "icb.lsc.viewer", "icb.nel", "region.nw", "national", "standards"] as const;
type Who = (typeof USERS)[number];

let tracker: Tracker;
const clients = {} as Record<Who, Client>;
/** Cases by name: LSC (QE1, North West) and NEL (QMF, London). */
const cases = {} as Record<"lscDhr" | "lscDhr2" | "lscSar" | "lscClosedDhr" | "nelDhr", RecordBody>;

async function create(client: Client, id: string, overrides: Record<string, unknown> = {}): Promise<RecordBody> {
  const res = await client.post(RECORDS, { data: validCase(id, overrides) });
  if (res.statusCode !== 201) throw new Error(`fixture ${id} was not created: ${res.statusCode} ${res.body}`);
  return res.json() as RecordBody;
}

async function read(who: Who, id: string): Promise<RecordBody> {
  const res = await clients[who].get(`${RECORDS}/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RecordBody;
}

async function awaiting(who: Who, query = ""): Promise<PageBody> {
  const res = await clients[who].get(`${AWAITING}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PageBody;
}

const ids = (page: PageBody) => page.items.map((r) => r.data.steis_or_local_id);

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-11-21" });
  for (const who of USERS) clients[who] = await tracker.signIn(who);
  cases.lscDhr = await create(clients["icb.lsc"], "ACT-LSC-DHR-1");
  cases.lscSar = await create(clients["icb.lsc"], "ACT-LSC-SAR-1", { review_type: "sar" });
  cases.lscClosedDhr = await create(clients["icb.lsc"], "ACT-LSC-DHR-CLOSED", { status: "closed", date_closed: "2026-11-01" });
  cases.nelDhr = await create(clients["icb.nel"], "ACT-NEL-DHR-1");
  cases.lscDhr2 = await create(clients["icb.lsc"], "ACT-LSC-DHR-2");
});
afterAll(() => tracker?.destroy());

describe("actions offered on a record", () => {
  it("close: to the ICB's editor while the case is open, never once it is closed, never to viewers or the region", async () => {
    expect((await read("icb.lsc", cases.lscDhr.id)).permissions.actions).toEqual(["close"]);
    expect((await read("icb.lsc", cases.lscSar.id)).permissions.actions).toEqual(["close"]);
    expect((await read("icb.lsc", cases.lscClosedDhr.id)).permissions.actions).toEqual([]);
    expect((await read("icb.lsc.viewer", cases.lscDhr.id)).permissions.actions).toEqual([]);
    expect((await read("region.nw", cases.lscSar.id)).permissions.actions).toEqual([]);
  });

  it("regional acceptance: to regional and national users on a DHR, whether open or closed, and on nothing else", async () => {
    expect((await read("region.nw", cases.lscDhr.id)).permissions.actions).toEqual(["regional_acceptance"]);
    expect((await read("region.nw", cases.lscClosedDhr.id)).permissions.actions).toEqual(["regional_acceptance"]);
    expect((await read("national", cases.nelDhr.id)).permissions.actions).toEqual(["regional_acceptance"]);
    expect((await read("national", cases.lscSar.id)).permissions.actions).toEqual([]);
    // The ICB's editor may not write the region's answer, so is not offered it.
    expect((await read("icb.lsc", cases.lscDhr.id)).permissions.actions).not.toContain("regional_acceptance");
  });

  it("lists state the same actions per record", async () => {
    const res = await clients["icb.lsc"].get(`${RECORDS}?q=ACT-LSC&pageSize=10`);
    const listed = (res.json() as PageBody).items;
    expect(Object.fromEntries(listed.map((r) => [r.data.steis_or_local_id, r.permissions.actions]))).toEqual({
      "ACT-LSC-DHR-1": ["close"],
      "ACT-LSC-DHR-2": ["close"],
      "ACT-LSC-SAR-1": ["close"],
      "ACT-LSC-DHR-CLOSED": [],
    });
  });

  it("closing is the usual update: the server validates it (a closed case needs its date) and then no longer offers close", async () => {
    const record = await read("icb.lsc", cases.lscSar.id);
    const put = (data: Record<string, unknown>) => clients["icb.lsc"].put(`${RECORDS}/${record.id}`, { data }, { "if-match": `"${record.revision}"` });
    const refused = await put({ ...record.data, status: "closed" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: "/date_closed", code: "required" })]);
    const closed = await put({ ...record.data, status: "closed", date_closed: "2026-11-20" });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((closed.json() as RecordBody).permissions.actions).toEqual([]);
  });
});

describe("records awaiting an action", () => {
  it("a regional user's list holds the DHRs of their region awaiting them, not London's, not other reviews", async () => {
    const page = await awaiting("region.nw");
    expect(ids(page).sort()).toEqual(["ACT-LSC-DHR-1", "ACT-LSC-DHR-2", "ACT-LSC-DHR-CLOSED"]);
    expect(page.total).toBe(3);
    expect(page.items.every((r) => r.permissions.actions.includes("regional_acceptance"))).toBe(true);
  });

  it("national users see every region's; ICB users, whose role cannot take the action, none", async () => {
    expect(ids(await awaiting("national"))).toEqual(expect.arrayContaining(["ACT-LSC-DHR-1", "ACT-NEL-DHR-1"]));
    for (const who of ["icb.lsc", "icb.lsc.viewer", "icb.nel"] as const) expect(await awaiting(who), who).toMatchObject({ items: [], total: 0 });
  });

  it("is paged, most recently changed first", async () => {
    const first = await awaiting("region.nw", "?pageSize=2");
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(ids(first)).toEqual(["ACT-LSC-DHR-2", "ACT-LSC-DHR-CLOSED"]);
    const second = await awaiting("region.nw", "?pageSize=2&page=2");
    expect(ids(second)).toEqual(["ACT-LSC-DHR-1"]);
  });

  it("a record leaves the list once the action's question is answered", async () => {
    const record = await read("region.nw", cases.lscDhr.id);
    const res = await clients["region.nw"].put(`${RECORDS}/${record.id}`, { data: { ...record.data, regional_chief_nurse_accepted: "yes" } }, { "if-match": `"${record.revision}"` });
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(await awaiting("region.nw"))).not.toContain("ACT-LSC-DHR-1");
    expect((await awaiting("region.nw")).total).toBe(2);
  });

  it("a regional user cannot take the action on another region's record: it is not found", async () => {
    const res = await clients["region.nw"].put(`${RECORDS}/${cases.nelDhr.id}`, { data: { ...cases.nelDhr.data, regional_chief_nurse_accepted: "yes" } }, { "if-match": '"1"' });
    expect(res.statusCode).toBe(404);
    expect((await clients["region.nw"].get(`${RECORDS}/${cases.nelDhr.id}`)).statusCode).toBe(404);
  });

  it("refuses unknown collections and actions, actions without a list, standards admins and bad paging, naming what is wrong", async () => {
    const get = (who: Who, url: string) => clients[who].get(url);
    expect((await get("region.nw", "/api/collections/nope/actions/regional_acceptance/records")).statusCode).toBe(404);
    expect((await get("region.nw", "/api/collections/s-crt/actions/nope/records")).json()).toMatchObject({ statusCode: 404, code: "not_found" });
    expect((await get("icb.lsc", "/api/collections/s-crt/actions/close/records")).statusCode).toBe(404);
    expect((await get("standards", AWAITING)).json()).toMatchObject({ statusCode: 403, code: "forbidden" });
    const bad = await get("region.nw", `${AWAITING}?pageSize=501`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/pageSize/);
    expect((await get("region.nw", `${AWAITING}?sort=x`)).statusCode).toBe(400);
    expect((await tracker.anonymous().get(AWAITING)).statusCode).toBe(401);
  });
});
