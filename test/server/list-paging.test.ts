/**
 * The case list's keyset paging and capped counts through the real server: every page hands on
 * a `next` cursor, following them gives every record the caller may see exactly once (and
 * never another ICB's), a cursor from another order or a made-up one is refused with a 400
 * naming it, and past 10,000 cases the total says "more than".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

let tracker: Tracker;
let lsc: Client;
let national: Client;

interface Page {
  items: { id: string; ownerOrg: string; data: Record<string, unknown> }[];
  total: number;
  totalCapped: boolean;
  next: string | null;
}

async function put(ownerOrg: string, n: number): Promise<void> {
  const { store } = tracker.context;
  const user = (await store.getUserByUsername("icb.lsc"))!;
  const records = Array.from({ length: n }, (_, i) => ({
    collection: "s-crt",
    version: "2.0",
    ownerOrg,
    // Every tenth case has no incident date: it comes last whichever way the list is sorted.
    data: validCase(`${ownerOrg}-${String(i).padStart(5, "0")}`, i % 10 === 0 ? { incident_date: undefined, themes: ["neglect"] } : { incident_date: `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}` }),
    userId: user.id,
    complete: true,
    missing: [],
    unique: [],
  }));
  for (let i = 0; i < records.length; i += 1000) {
    for (const result of await store.createRecords(records.slice(i, i + 1000).map((r) => ({ ...r, data: JSON.parse(JSON.stringify(r.data)) as Record<string, unknown> })))) {
      if (result.kind !== "ok") throw new Error(`could not create: ${result.kind}`);
    }
  }
}

beforeAll(async () => {
  tracker = await startTracker();
  await put("QE1", 120);
  await put("QMF", 10_000);
  lsc = await tracker.signIn("icb.lsc");
  national = await tracker.signIn("national");
}, 240_000);
afterAll(() => tracker?.destroy());

async function list(client: Client, query: string): Promise<Page> {
  const res = await client.get(`${RECORDS}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

describe("paging by cursor", () => {
  it.each(["sort=updatedAt&dir=desc", "sort=incident_date&dir=asc", "sort=incident_date&dir=desc", "sort=steis_or_local_id&dir=asc&themes=neglect,domestic", "q=QE1-00"])(
    "gives every case the ICB may see exactly once (%s)",
    async (order) => {
      const all = await list(lsc, `${order}&pageSize=500`);
      expect(all.totalCapped).toBe(false);
      expect(all.next).toBeNull();
      const seen: string[] = [];
      let next: string | null = null;
      do {
        const page: Page = await list(lsc, `${order}&pageSize=13${next ? `&cursor=${next}` : ""}`);
        seen.push(...page.items.map((r) => r.id));
        expect(page.items.every((r) => r.ownerOrg === "QE1")).toBe(true);
        next = page.next;
      } while (next);
      expect(seen).toEqual(all.items.map((r) => r.id));
      expect(seen.length).toBe(all.total);
    },
    120_000,
  );

  it("refuses a cursor of another order, or one it never gave, naming the parameter", async () => {
    const first = await list(lsc, "sort=incident_date&dir=asc&pageSize=5");
    expect(first.next).toEqual(expect.any(String));
    for (const query of [`sort=incident_date&dir=desc&cursor=${first.next}`, "cursor=bm90LWEtY3Vyc29y", "cursor=%27%3B--"]) {
      const res = await lsc.get(`${RECORDS}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect((res.json() as { message: string }).message, query).toMatch(/^"cursor"/);
    }
  });
});

describe("counts", () => {
  it("are exact up to 10,000 and otherwise say there are more", async () => {
    expect(await list(lsc, "pageSize=1")).toMatchObject({ total: 120, totalCapped: false });
    const everyone = await list(national, "pageSize=1");
    expect(everyone).toMatchObject({ total: 10_000, totalCapped: true });
    expect(everyone.next).toEqual(expect.any(String));
    // A filter that leaves fewer is counted exactly again.
    expect(await list(national, "pageSize=1&themes=neglect")).toMatchObject({ total: 12 + 1_000, totalCapped: false });
  });
});
