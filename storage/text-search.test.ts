/**
 * The learning library's storage over a real SQLite file and a real PostgreSQL database: texts kept in step with every write
 * (and untouched by one that rolls back), queries that cannot carry FTS5 syntax, ranking,
 * passages, scope and filters, and rebuilding a collection's texts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeTargets, type StorePlace } from "./test-stores.ts";
import { ftsQuery, tagToken, searchTerms, type NewRecord, type RecordText, type SearchEntry, type Store, type StoredRecord, type TextSearch, type WriteResult } from "./index.ts";

let place: StorePlace;
let store: Store;

describe.each(storeTargets())("the $dialect store", ({ dialect, create: createPlace }) => {
beforeEach(async () => {
  place = await createPlace();
  store = await place.open();
});

afterEach(async () => {
  await store.close();
  await place.drop();
});

const COLLECTION = "reviews";

function ok(result: WriteResult): StoredRecord {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.record;
}

function entry(text?: string): SearchEntry {
  return { texts: text === undefined ? [] : lessons(text), facets: [] };
}

function lessons(text: string, more: RecordText[] = []): RecordText[] {
  return [{ item: "lessons", text }, ...more];
}

async function create(texts: RecordText[] | undefined, extra: Partial<NewRecord> & { facets?: string[] } = {}): Promise<StoredRecord> {
  const { facets = [], ...rest } = extra;
  const data: Record<string, unknown> = Object.fromEntries((texts ?? []).map((t) => [t.item, t.text]));
  return ok(
    await store.createRecord({
      collection: COLLECTION,
      version: "1.0",
      ownerOrg: "QE1",
      data: { ...data, ...(rest.data ?? {}) },
      userId: "u",
      complete: true,
      missing: [],
      unique: [],
      ...(texts ? { search: { texts, facets } } : {}),
      ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== "data")),
    }),
  );
}

function search(query: string, extra: Partial<TextSearch> = {}) {
  return store.searchTexts({ collection: COLLECTION, query, owners: "all", page: 1, pageSize: 20, ...extra });
}

async function idsFor(query: string, extra: Partial<TextSearch> = {}): Promise<string[]> {
  return (await search(query, extra)).items.map((h) => h.recordId);
}

/** Texts in the index: SQLite's own count (its docsize table has one row per indexed text); PostgreSQL's index is over record_texts itself. */
async function ftsRows(): Promise<number> {
  const table = dialect === "sqlite" ? "record_texts_fts_docsize" : "record_texts";
  return Number((await place.raw<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
}

describe("texts kept in step with writes", () => {
  it("finds a created record's text, with the matched words marked and stemmed forms found", async () => {
    const a = await create(lessons("Agencies neglected to share information about the family."));
    const hit = (await search("neglect")).items;
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({ recordId: a.id, ownerOrg: "QE1", item: "lessons" });
    expect(hit[0]!.passage).toEqual([
      { text: "Agencies ", match: false },
      { text: "neglected", match: true },
      { text: " to share information about the family.", match: false },
    ]);
    // Diacritics do not matter either way.
    await create(lessons("A naïve reliance on self-report."));
    expect((await search("naive")).total).toBe(1);
  });

  it("an update that removes a lesson removes it from the search; one that adds finds it", async () => {
    const a = await create(lessons("Mouthwash was left within reach."));
    expect(await idsFor("mouthwash")).toEqual([a.id]);
    const updated = ok(await store.updateRecord({ collection: COLLECTION, id: a.id, expectedRevision: 1, version: "1.0", data: {}, userId: "u", complete: true, missing: [], unique: [], search: entry() }));
    expect(await idsFor("mouthwash")).toEqual([]);
    expect(await ftsRows()).toBe(0);
    ok(await store.updateRecord({ collection: COLLECTION, id: a.id, expectedRevision: updated.revision, version: "1.0", data: {}, userId: "u", complete: true, missing: [], unique: [], search: entry("Bath water too hot.") }));
    expect(await idsFor("bath")).toEqual([a.id]);
    expect(await idsFor("mouthwash")).toEqual([]);
    expect(await ftsRows()).toBe(1);
  });

  it("an update without texts leaves them, and moves them with a new owner", async () => {
    const a = await create(lessons("Mouthwash was left within reach."));
    ok(await store.updateRecord({ collection: COLLECTION, id: a.id, expectedRevision: 1, version: "1.0", data: { x: 1 }, userId: "u", complete: true, missing: [], unique: [], ownerOrg: "QMF" }));
    expect(await idsFor("mouthwash", { owners: ["QMF"] })).toEqual([a.id]);
    expect(await idsFor("mouthwash", { owners: ["QE1"] })).toEqual([]);
  });

  it("a write that rolls back (a duplicate value, a stale revision) leaves the index as it was", async () => {
    const unique = [{ item: "ref", value: "R1", ignoreCase: false, within: "owner" as const }];
    const a = await create(lessons("Mouthwash was left within reach."), { unique });
    const b = await create(lessons("Bath water too hot."));
    // A second record with the same value: refused, and its text is not searchable.
    expect((await store.createRecord({ collection: COLLECTION, version: "1.0", ownerOrg: "QE1", data: {}, userId: "u", complete: true, missing: [], unique, search: entry("Ligature points missed.") })).kind).toBe("duplicate");
    // An update of b to a's value: refused, b keeps its text.
    expect((await store.updateRecord({ collection: COLLECTION, id: b.id, expectedRevision: 1, version: "1.0", data: {}, userId: "u", complete: true, missing: [], unique, search: entry("Ligature points missed.") })).kind).toBe("duplicate");
    // A stale update.
    expect((await store.updateRecord({ collection: COLLECTION, id: a.id, expectedRevision: 7, version: "1.0", data: {}, userId: "u", complete: true, missing: [], unique: [], search: entry() })).kind).toBe("conflict");
    expect(await idsFor("ligature")).toEqual([]);
    expect(await idsFor("bath")).toEqual([b.id]);
    expect(await idsFor("mouthwash")).toEqual([a.id]);
    expect(await ftsRows()).toBe(2);
    // And a batch whose last record fails unexpectedly stores none of the batch's texts.
    await expect(
      store.createRecords([
        { collection: COLLECTION, version: "1.0", ownerOrg: "QE1", data: {}, userId: "u", complete: true, missing: [], unique: [], search: entry("Ligature points missed.") },
        { collection: COLLECTION, version: "1.0", ownerOrg: "QE1", data: { bad: 1n } as unknown as Record<string, unknown>, userId: "u", complete: true, missing: [], unique: [], search: entry("Ligature again.") },
      ]),
    ).rejects.toThrow();
    expect(await idsFor("ligature")).toEqual([]);
    expect(await ftsRows()).toBe(2);
  });
});

describe("queries typed by people", () => {
  it("quotes every word, so FTS5 syntax is searched for rather than obeyed", () => {
    expect(ftsQuery('neglect "missed appointments"')).toBe('"neglect" AND "missed appointments"');
    expect(ftsQuery('say "hi')).toBe('"say" AND "hi"');
    expect(ftsQuery("AND (")).toBe('"AND"');
    expect(ftsQuery("NEAR(a b)")).toBe('"NEAR(a" AND "b)"');
    expect(ftsQuery('"')).toBeUndefined();
    expect(ftsQuery("  * ( ) : ^ - ")).toBeUndefined();
    expect(searchTerms("a ".repeat(40)).length).toBe(1);
  });

  it("answers every awkward query without an error", async () => {
    await create(lessons("Near misses and OR gates; the lessons: column text."));
    for (const q of ['"', "AND (", "NEAR(", "NEAR(a b, 2)", "lessons:", "text:near", "a OR", "NOT", "*", "^near", '""""', "x\u0000y", "\uE000near\uE001", "(((", "near*", "-near", "{text}: near", "'; DROP TABLE records; --"]) {
      const result = await search(q);
      expect(result.total, q).toBeGreaterThanOrEqual(0);
    }
    // Operators are words: "OR" finds the text that has the word "or" in it.
    expect((await search("OR gates")).total).toBe(1);
    expect((await search("near*")).total).toBe(1);
    expect((await search("NEAR(")).total).toBe(1);
  });

  it("needs every word; a quoted phrase needs its words together", async () => {
    const a = await create(lessons("Missed appointments were not followed up."));
    const b = await create(lessons("Appointments were missed twice."));
    expect((await idsFor("missed appointments")).sort()).toEqual([a.id, b.id].sort());
    expect(await idsFor('"missed appointments"')).toEqual([a.id]);
    expect(await idsFor("missed dentist")).toEqual([]);
  });
});

describe("ranking, scope, filters and paging", () => {
  it("puts the text where the word counts most first, and pages through the rest", async () => {
    const weak = await create(lessons("The family had a long history with many services, including one referral about hoarding, and moved house often."));
    const strong = await create(lessons("Hoarding: hoarding assessments were missing."));
    const hits = await search("hoarding");
    expect(hits.items.map((h) => h.recordId)).toEqual([strong.id, weak.id]);
    const second = await search("hoarding", { page: 2, pageSize: 1 });
    expect(second).toMatchObject({ total: 2, items: [{ recordId: weak.id }] });
  });

  it("counts each matching item: a record matching in two items is two hits", async () => {
    const a = await create(lessons("Escalation was slow.", [{ item: "recommendations", text: "Review escalation policy." }]));
    const hits = await search("escalation");
    expect(hits.total).toBe(2);
    // Each hit's passage is its own item's text.
    const passages = hits.items.map((h) => [h.recordId, h.item, h.passage.map((s) => s.text).join("")]);
    expect(passages.sort()).toEqual([
      [a.id, "lessons", "Escalation was slow."],
      [a.id, "recommendations", "Review escalation policy."],
    ]);
  });

  it("keeps to the owners given, the collection and the filters", async () => {
    const qe1 = await create(lessons("Mouthwash left out."), { facets: ["type=sar", "themes=neglect", "signed@2026-27-Q2"] });
    const qmf = await create(lessons("Mouthwash again."), { ownerOrg: "QMF", facets: ["type=dhr", "themes=domestic", "themes=neglect", "signed@2026-27-Q3"] });
    await create(lessons("Mouthwash elsewhere."), { collection: "other" });
    expect((await idsFor("mouthwash")).sort()).toEqual([qe1.id, qmf.id].sort());
    expect(await idsFor("mouthwash", { owners: ["QE1"] })).toEqual([qe1.id]);
    expect(await idsFor("mouthwash", { owners: [] })).toEqual([]);
    expect(await idsFor("mouthwash", { facets: ["type=dhr"] })).toEqual([qmf.id]);
    expect(await idsFor("mouthwash", { facets: ["themes=domestic"] })).toEqual([qmf.id]);
    expect((await idsFor("mouthwash", { facets: ["themes=neglect"] })).sort()).toEqual([qe1.id, qmf.id].sort());
    expect(await idsFor("mouthwash", { facets: ["themes=neglect", "type=sar"] })).toEqual([qe1.id]);
    expect(await idsFor("mouthwash", { facets: ["signed@2026-27-Q2"] })).toEqual([qe1.id]);
    expect(await idsFor("mouthwash", { owners: ["QE1"], facets: ["type=dhr"] })).toEqual([]);
    expect(await idsFor("mouthwash", { facets: ['x") OR 1=1 --'] })).toEqual([]);
    // A typed word is never taken for a tag, nor a tag for a word.
    expect(await idsFor(tagToken("owner", "QE1"))).toEqual([]);
    expect(await idsFor("QE1")).toEqual([]);
  });
});

describe("a word in very many texts", () => {
  it("counts up to the limit, says so, and ranks the most recent of them", async () => {
    const many = Array.from({ length: 10_050 }, (_, i) => ({ collection: COLLECTION, version: "1.0", ownerOrg: "QE1", data: {}, userId: "u", complete: true, missing: [], unique: [], search: entry(i === 10 ? "Kettle kettle kettle." : `Kettle number ${i} in a long text about many other things as well.`) }));
    const made = (await store.createRecords(many)).map(ok);
    const found = await search("kettle", { pageSize: 3 });
    expect(found.capped).toBe(true);
    expect(found.total).toBe(10_000);
    // The best-ranked text (i = 10) was written among the first 50, outside the most recent 10,000.
    expect(found.items.map((h) => h.recordId)).not.toContain(made[10]!.id);
    expect(found.items).toHaveLength(3);
    const narrow = await search("kettle number 10049");
    expect(narrow).toMatchObject({ capped: false, total: 1, items: [{ recordId: made[10_049]!.id }] });
    // Ten thousand writes over a network connection (PostgreSQL) take longer than the default bound on a busy machine.
  }, 120_000);
});

describe("rebuilding a collection's texts", () => {
  it("indexes records stored without texts, in batches, and records what it was built from", async () => {
    const made: StoredRecord[] = [];
    for (let i = 0; i < 5; i++) made.push(await create(undefined, { data: { lessons: `Lesson ${i} about kettles.` } }));
    expect((await search("kettles")).total).toBe(0);
    expect(await store.textsSignature(COLLECTION)).toBeUndefined();
    let afterId: string | undefined;
    let batches = 0;
    for (;;) {
      const batch = await store.rebuildTexts({ collection: COLLECTION, ...(afterId ? { afterId } : {}), limit: 2, entryOf: (r) => entry(String(r.data.lessons)) });
      if (!batch.lastId) break;
      batches++;
      afterId = batch.lastId;
    }
    expect(batches).toBe(3);
    await store.markTextsBuilt(COLLECTION, "lessons");
    expect(await store.textsSignature(COLLECTION)).toBe("lessons");
    expect((await search("kettles")).total).toBe(5);
    // A second rebuild with nothing changed rewrites nothing.
    const before = await ftsRows();
    await store.rebuildTexts({ collection: COLLECTION, limit: 10, entryOf: (r) => entry(String(r.data.lessons)) });
    expect(await ftsRows()).toBe(before);
    expect((await search("kettles")).items.map((h) => h.recordId).sort()).toEqual(made.map((r) => r.id).sort());
  });
});
});
