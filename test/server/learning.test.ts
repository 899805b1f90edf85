/**
 * The learning library over the real server: each role sees passages of exactly the cases
 * it may see, the definition's filters, a region and a quarter narrow the search, awkward
 * queries are 4xx or empty (never 5xx), a collection without a learning section is 404, and
 * records stored before the index existed are found once the start-up rebuild has run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LearningPage } from "../../api/index.ts";
import { openTracker } from "../../ops/index.ts";
import { dropTestDatabase, RECORDS, sharedRegistry, startTracker, testConfig, validCase, type Client, type Tracker } from "./harness.ts";

const LEARNING = "/api/collections/s-crt/learning";
let tracker: Tracker;
const ids: Record<string, string> = {};
const clients: Record<string, Client> = {};

async function createCase(client: Client, name: string, overrides: Record<string, unknown>): Promise<void> {
  const res = await client.post(RECORDS, { data: validCase(`2026/${name}`, overrides) });
  expect(res.statusCode, res.body).toBe(201);
  ids[name] = (res.json() as { id: string }).id;
}

async function search(who: string, query: string): Promise<LearningPage> {
  const res = await clients[who]!.get(`${LEARNING}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LearningPage;
}

/** The names of the cases found, sorted. */
async function found(who: string, query: string): Promise<string[]> {
  const page = await search(who, query);
  const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  return page.items.map((h) => byId.get(h.recordId) ?? h.recordId).sort();
}

beforeAll(async () => {
  tracker = await startTracker({ today: "2026-11-21" });
  await tracker.context.learningIndex.done;
  for (const who of ["icb.lsc", "icb.lsc.viewer", "icb.nel", "region.nw", "national", "standards"]) clients[who] = await tracker.signIn(who);
  const lsc = clients["icb.lsc"]!;
  const nel = clients["icb.nel"]!;
  // The same word in cases of two ICBs in different regions.
  await createCase(lsc, "LSC-SAR", { review_type: "sar", themes: ["neglect"], lessons_learned: "Mouthwash bottles were left within reach on the ward.", date_report_signed_off: "2026-09-20" });
  await createCase(lsc, "LSC-DHR", { review_type: "dhr", themes: ["domestic"], recommendations: "Record mouthwash checks at every visit.", date_report_signed_off: "2026-10-15" });
  await createCase(nel, "NEL-DHR", { review_type: "dhr", themes: ["domestic", "neglect"], organisational_learning: "Mouthwash was not the only hazard; neglected risk assessments too.", date_report_signed_off: "2026-10-02" });
  await createCase(nel, "NEL-OTHER", { review_type: "dhr", themes: ["financial"], lessons_learned: "Financial abuse went unnoticed." });
});
afterAll(() => tracker.destroy());

describe("each role's scope", () => {
  it("an ICB user sees only their own ICB's passages", async () => {
    expect(await found("icb.lsc", "q=mouthwash")).toEqual(["LSC-DHR", "LSC-SAR"]);
    expect(await found("icb.lsc.viewer", "q=mouthwash")).toEqual(["LSC-DHR", "LSC-SAR"]);
    expect(await found("icb.nel", "q=mouthwash")).toEqual(["NEL-DHR"]);
    // Not in a count either.
    expect((await search("icb.nel", "q=mouthwash")).total).toBe(1);
  });

  it("a regional user sees their region's, a national user all", async () => {
    expect(await found("region.nw", "q=mouthwash")).toEqual(["LSC-DHR", "LSC-SAR"]);
    expect(await found("national", "q=mouthwash")).toEqual(["LSC-DHR", "LSC-SAR", "NEL-DHR"]);
  });

  it("standards admins are refused (403), anonymous callers 401", async () => {
    const res = await clients.standards!.get(`${LEARNING}?q=mouthwash`);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: "forbidden" });
    const anon = await tracker.anonymous().get(`${LEARNING}?q=mouthwash`);
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ code: "unauthenticated" });
  });
});

describe("each result", () => {
  it("names the case, its owner and region, the item and the passage with the match marked", async () => {
    const page = await search("national", "q=neglect");
    // Stemmed: "neglected" in the text is found by "neglect".
    expect(page.total).toBe(1);
    const hit = page.items[0]!;
    expect(hit).toMatchObject({
      recordId: ids["NEL-DHR"],
      title: "2026/NEL-DHR",
      ownerOrg: "QMF",
      owner: { code: "QMF" },
      region: { code: "Y56" },
      item: "organisational_learning",
      itemLabel: "Organisational learning",
      filters: { themes: ["domestic", "neglect"], review_type: ["dhr"] },
    });
    expect(hit.passage.filter((s) => s.match).map((s) => s.text)).toEqual(["neglected"]);
    expect(hit.passage.map((s) => s.text).join("")).toBe("Mouthwash was not the only hazard; neglected risk assessments too.");
    expect(page.regions.map((r) => r.code)).toContain("Y62");
    expect(page.quarters[0]).toBe("2026-27-Q3");
  });

  it("offers a regional or ICB user only their own region", async () => {
    expect((await search("region.nw", "q=x")).regions).toEqual([{ code: "Y62", name: expect.stringMatching(/North West/i) }]);
    expect((await search("icb.nel", "q=x")).regions.map((r) => r.code)).toEqual(["Y56"]);
  });
});

describe("filters", () => {
  it("by the definition's filter items, region and quarter signed off", async () => {
    expect(await found("national", "q=mouthwash&review_type=dhr")).toEqual(["LSC-DHR", "NEL-DHR"]);
    expect(await found("national", "q=mouthwash&themes=neglect")).toEqual(["LSC-SAR", "NEL-DHR"]);
    expect(await found("national", "q=mouthwash&themes=neglect&review_type=dhr")).toEqual(["NEL-DHR"]);
    expect(await found("national", "q=mouthwash&region=Y62")).toEqual(["LSC-DHR", "LSC-SAR"]);
    expect(await found("national", "q=mouthwash&region=y56")).toEqual(["NEL-DHR"]);
    expect(await found("national", "q=mouthwash&quarter=2026-27-Q3")).toEqual(["LSC-DHR", "NEL-DHR"]);
    expect(await found("national", "q=mouthwash&quarter=2026-27-Q2")).toEqual(["LSC-SAR"]);
    expect(await found("national", "q=mouthwash&quarter=2025-26-Q2")).toEqual([]);
  });

  it("a region outside the caller's scope gives nothing, never more", async () => {
    expect(await found("icb.lsc", "q=mouthwash&region=Y56")).toEqual([]);
    expect(await found("region.nw", "q=mouthwash&region=Y56")).toEqual([]);
    expect(await found("icb.lsc", "q=mouthwash&region=Y62")).toEqual(["LSC-DHR", "LSC-SAR"]);
  });

  it("pages through the results", async () => {
    const first = await search("national", "q=mouthwash&pageSize=2");
    const second = await search("national", "q=mouthwash&pageSize=2&page=2");
    expect([first.total, first.items.length, second.items.length]).toEqual([3, 2, 1]);
    expect(new Set([...first.items, ...second.items].map((h) => h.recordId)).size).toBe(3);
  });
});

describe("keeping in step with edits", () => {
  it("an edit that removes a lesson removes it from the search", async () => {
    const lsc = clients["icb.lsc"]!;
    const res = await lsc.get(`${RECORDS}/${ids["LSC-SAR"]}`);
    const record = res.json() as { data: Record<string, unknown>; revision: number };
    const { lessons_learned: _removed, ...data } = record.data;
    const put = await lsc.put(`${RECORDS}/${ids["LSC-SAR"]}`, { data: { ...data, recommendations: "Secure toiletries." } }, { "if-match": `"${record.revision}"` });
    expect(put.statusCode, put.body).toBe(200);
    expect(await found("national", "q=mouthwash")).toEqual(["LSC-DHR", "NEL-DHR"]);
    expect(await found("national", "q=toiletries")).toEqual(["LSC-SAR"]);
  });
});

describe("bad requests are 4xx, never 5xx", () => {
  it.each([
    ["q=mouthwash&themes=nonsense", /"themes" must be one of/],
    ["q=mouthwash&review_type=x", /"review_type" must be one of/],
    ["q=mouthwash&region=ZZZ", /"region" must be/],
    ["q=mouthwash&quarter=2026-Q2", /"quarter"/],
    ["q=mouthwash&quarter=2026-28-Q2", /"quarter"/],
    ["q=mouthwash&page=0", /"page" must be a whole number/],
    ["q=mouthwash&pageSize=101", /"pageSize" must be a whole number from 1 to 100/],
    ["q=mouthwash&status=open", /Unknown query parameter "status"/],
    ["q=a&q=b", /"q" once/],
    [`q=${"a".repeat(501)}`, /"q" must be the words to search for/],
  ])("%s", async (query, message) => {
    const res = await clients.national!.get(`${LEARNING}?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: "invalid_request", message: expect.stringMatching(message) });
  });

  it.each(['"', "AND (", "NEAR(", "NEAR(mouthwash", "mouthwash OR", "*", "text:mouthwash", "\u0000", "%", "'; DROP TABLE records; --"])("q=%s answers 200", async (q) => {
    const res = await clients.national!.get(`${LEARNING}?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
  });

  it("no words: nothing searched, and a message saying why", async () => {
    expect(await search("national", "")).toMatchObject({ items: [], total: 0, message: "Enter the words to search for" });
    expect(await search("national", "q=%20%20")).toMatchObject({ items: [], total: 0, message: "Enter the words to search for" });
    expect((await search("national", "q=%22(")).message).toMatch(/no words to search for/);
  });

  it("a collection without a learning section is 404 not_found; an unknown one too", async () => {
    const res = await clients.national!.get("/api/collections/action-plan/learning?q=x");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "not_found", message: expect.stringMatching(/has no learning library/) });
    expect((await clients.national!.get("/api/collections/nope/learning?q=x")).json()).toMatchObject({ code: "not_found" });
  });
});

describe("records stored before the index", () => {
  it("are found once the start-up rebuild has run", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "scrt-learning-rebuild-"));
    try {
      // Stored straight through storage, without texts, as before the index existed.
      const before = await openTracker(await testConfig(dataDir), { registry: await sharedRegistry() });
      const user = await before.store.ensureUser({ username: "old", displayName: "Old", role: "national", orgCode: "X24" });
      const written = await before.store.createRecord({ collection: "s-crt", version: "2.0", ownerOrg: "QE1", data: validCase("2026/OLD", { lessons_learned: "Kettle burns were not reported." }), userId: user.id, complete: true, missing: [], unique: [] });
      expect(written.kind).toBe("ok");
      expect((await before.store.searchTexts({ collection: "s-crt", query: "kettle", owners: "all", page: 1, pageSize: 5 })).total).toBe(0);
      await before.close();

      const restarted = await startTracker({ dataDir });
      try {
        const rebuilt = await restarted.context.learningIndex.done;
        expect(rebuilt).toEqual([expect.objectContaining({ collection: "s-crt", records: 1 })]);
        const national = await restarted.signIn("national");
        const page = (await national.get(`${LEARNING}?q=kettles`)).json() as LearningPage;
        expect(page.items.map((h) => h.title)).toEqual(["2026/OLD"]);
      } finally {
        await restarted.stop();
      }
      // Built once: the next start has nothing to rebuild.
      const again = await startTracker({ dataDir });
      try {
        expect(await again.context.learningIndex.done).toEqual([]);
      } finally {
        await again.stop();
      }
    } finally {
      await dropTestDatabase(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
