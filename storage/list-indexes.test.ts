/**
 * The list's indexes over a real SQLite file: every query shape is answered from an index
 * (SQLite's own EXPLAIN QUERY PLAN says so), the side tables stay in step with every kind of
 * write, the index step is idempotent and drops what a changed definition no longer needs,
 * keyset pages give every record once while records are added, and counts stop at 10,000.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { storeTargets, type StorePlace } from "./test-stores.ts";
import { COUNT_LIMIT, openSqliteStore, SEARCH_COUNT_LIMIT, WALK_COUNT_LIMIT, type ListIndexProgress, type ListIndexSettings, type NewRecord, type RecordQuery, type Store, type StoredRecord, type WriteResult } from "./index.ts";
import { sideRowsOf } from "./sqlite-indexes.ts";
import { junctionGrams, junctionToken } from "./junction-grams.ts";

const COLLECTION = "reviews";
const SETTINGS: ListIndexSettings = {
  collection: COLLECTION,
  sort: ["ref", "review_type", "status", "incident_date", "date_added"],
  equals: ["status", "review_type"],
  includes: ["themes"],
  dates: ["date_added", "incident_date", "date_closed"],
  search: ["overview", "ref"],
};
const OWNERS = ["QE1", "QMF", "QMJ"];
const THEMES = ["neglect", "domestic", "financial", "rare"];
const WORDS = ["missed", "appointments", "Referral", "delayed", "100%", "a_b", "care", "Ünïcode", "home"];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function caseData(i: number, next: () => number): Record<string, unknown> {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const data: Record<string, unknown> = {
    ref: `R/${String(i).padStart(5, "0")}`,
    status: "open",
    review_type: pick(["sar", "dhr", "cspr"]),
    date_added: `2025-${String(1 + Math.floor(next() * 12)).padStart(2, "0")}-${String(1 + Math.floor(next() * 28)).padStart(2, "0")}`,
    // Common themes in most records, "rare" in a few: both ways of answering a choice filter are used.
    themes: [...new Set([pick(THEMES.slice(0, 3)), ...(next() < 0.002 ? ["rare"] : [])])],
    overview: Array.from({ length: 3 + Math.floor(next() * 5) }, () => pick(WORDS)).join(" "),
  };
  if (next() < 0.5) Object.assign(data, { status: "closed", date_closed: `2025-${String(1 + Math.floor(next() * 12)).padStart(2, "0")}-15` });
  // Some records have no incident date: they come last in either direction.
  if (next() < 0.8) data.incident_date = `2024-${String(1 + Math.floor(next() * 12)).padStart(2, "0")}-${String(1 + Math.floor(next() * 28)).padStart(2, "0")}`;
  return data;
}

/**
 * Cases whose words are all common, three of which hold "care concerns risk" (in the ways a
 * search should find it), and 900 that hold its words in other orders: each trigram of it is
 * in all of those. Returns the phrase searches with the records each should find.
 */
async function seedPhrases(store: Store): Promise<[string, StoredRecord[]][]> {
  const next = random(13);
  await store.createRecords(Array.from({ length: 2000 }, (_, i) => newRecord(caseData(i, next), OWNERS[i % 3]!)));
  await store.createRecords(Array.from({ length: 900 }, (_, i) => newRecord({ ...caseData(3000 + i, next), overview: ["concerns care risk", "risk concerns care", "care risk concerns"][i % 3]! }, OWNERS[i % 3]!)));
  const held = await Promise.all(["care concerns risk", "Noted: CARE CONCERNS RISK.", "skincare concerns risky"].map(async (overview, i) => ok(await store.createRecord(newRecord({ ...caseData(9000 + i, next), overview }, OWNERS[i % 3]!)))));
  return [
    ["care concerns risk", held],
    ["CARE concerns RISK", held],
    ["are concerns ris", held],
    ["noted: care concerns", held.slice(1, 2)],
    ["concerns risk care", []],
    ["risk care concerns", []],
  ];
}

function newRecord(data: Record<string, unknown>, ownerOrg: string, extra: Partial<NewRecord> = {}): NewRecord {
  return { collection: COLLECTION, version: "1.0", ownerOrg, data, userId: "u1", complete: true, missing: [], unique: [], ...extra };
}

function ok(result: WriteResult): StoredRecord {
  if (result.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.record;
}

function query(extra: Partial<RecordQuery> = {}): RecordQuery {
  return { collection: COLLECTION, owners: "all", page: 1, pageSize: 20, ...extra };
}

/** The plan lines of every list statement run by `work`, read by a second connection. */
async function plansOf(file: string, statements: string[], work: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  statements.length = 0;
  await work();
  const raw = new Database(file, { readonly: true });
  try {
    return statements
      .filter((s) => /^SELECT/.test(s) && /\b(records|record_choices|record_search|record_search_fts)\b/.test(s))
      .map((s) => ({ sql: s, plan: (raw.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[]).map((r) => r.detail) }));
  } finally {
    raw.close();
  }
}

/** The index a shape's count should go through (by the shape's name). */
function indexFor(name: string): RegExp | undefined {
  // Within a date range of an answer the list is ordered by: its order within the owner.
  const icbDates = /^an ICB's dates of (\w+)$/.exec(name);
  if (icbDates) return new RegExp(`lx1_reviews__${icbDates[1]}__owner_asc \\(collection=\\? AND owner_org=\\? AND <expr>=\\? AND <expr>>\\? AND <expr><\\?\\)`);
  // Counting an ICB's records: any index that leads with the owner.
  if (/ICB's (page|list)|ICBs' page/.test(name)) return /(records_collection_owner_updated_idx|lx1_reviews__\w+__owner_asc) \(collection=\? AND owner_org=\?\)/;
  const filter = /^filter (status|review_type)$/.exec(name);
  if (filter) return new RegExp(`lx1_reviews__${filter[1]}__lookup \\(collection=\\? AND <expr>=\\?\\)`);
  // A date the list can be ordered by is read from its order index (flag 0, then the range).
  const ordered = /^dates of (incident_date|date_added)$/.exec(name);
  if (ordered) return new RegExp(`lx1_reviews__${ordered[1]}__asc \\(collection=\\? AND <expr>=\\? AND <expr>>\\? AND <expr><\\?\\)`);
  const dates = /^dates of (\w+)$/.exec(name);
  if (dates) return new RegExp(`lx1_reviews__${dates[1]}__lookup \\(collection=\\? AND <expr>>\\? AND <expr><\\?\\)`);
  if (/filter themes/.test(name)) return /record_choices/;
  if (/search \((common|rare)\)|ICB's search/.test(name)) return /record_search_fts VIRTUAL TABLE INDEX/;
  // Whichever of the two matches fewer is read first.
  if (/search and filter/.test(name)) return /record_search_fts VIRTUAL TABLE INDEX|record_choices/;
  return undefined;
}

/** A full pass over a table: what the indexes exist to prevent. */
const fullScan = /^SCAN (records|record_choices|record_search)\b/;

/**
 * PostgreSQL's plan of a statement the store ran. With a test's few rows a sequential scan is
 * cheapest; forbidding it shows whether an index can serve the query at all.
 */
async function explainWithoutSeqScan(url: string, statement: { sql: string; params: readonly unknown[] }): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET enable_seqscan = off");
    return (await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${statement.sql}`, [...statement.params])).rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await client.end();
  }
}

describe("list query plans on a real file", () => {
  let dir: string;
  let file: string;
  let store: Store;
  const statements: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "scrt-list-plans-"));
    file = join(dir, "scrt.db");
    store = await openSqliteStore({ file, onStatement: (s) => statements.push(s) });
    await store.prepareListIndexes([SETTINGS]);
    const next = random(7);
    // Past the count's limit, so that capped counts are seen too.
    const n = COUNT_LIMIT + 300;
    for (let i = 0; i < n; i += 1000) {
      await store.createRecords(Array.from({ length: Math.min(1000, n - i) }, (_, j) => newRecord(caseData(i + j, next), OWNERS[(i + j) % OWNERS.length]!)));
    }
    new Database(file).exec("ANALYZE").close();
  }, 240_000);

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A store on a file of its own beside the shared one, its list indexes made, its statements recorded. */
  async function ownStore(name: string): Promise<{ file: string; statements: string[]; store: Store }> {
    const file = join(dir, name);
    const statements: string[] = [];
    const own = await openSqliteStore({ file, onStatement: (s) => statements.push(s) });
    await own.prepareListIndexes([SETTINGS]);
    return { file, statements, store: own };
  }

  /**
   * Each search, nationally and for one ICB: exactly the records wanted, counted exactly, no
   * full scan in any plan; then `check` with the plans' lines.
   */
  async function expectSearches(own: { file: string; statements: string[]; store: Store }, cases: [string, StoredRecord[]][], check: (text: string, wanted: StoredRecord[], lines: string) => void): Promise<void> {
    for (const [text, wanted] of cases) {
      for (const owners of ["all", ["QE1"]] as const) {
        let page: Awaited<ReturnType<Store["listRecords"]>> | undefined;
        const plans = await plansOf(own.file, own.statements, async () => (page = await own.store.listRecords(query({ owners: owners === "all" ? "all" : [...owners], search: { items: SETTINGS.search, text } }))));
        const expected = wanted.filter((r) => owners === "all" || r.ownerOrg === owners[0]);
        expect({ text, owners, ids: page!.items.map((r) => r.id).sort(), total: page!.total }).toEqual({ text, owners, ids: expected.map((r) => r.id).sort(), total: expected.length });
        for (const { sql, plan } of plans) expect({ text, sql, scans: plan.filter((line) => fullScan.test(line)) }).toEqual({ text, sql, scans: [] });
        check(text, wanted, plans.flatMap((p) => p.plan).join("\n"));
      }
    }
  }

  const shapes: [string, Partial<RecordQuery>][] = [
    ["page 1", {}],
    ["page 40", { page: 40 }],
    ["an ICB's page 40", { owners: ["QE1"], page: 40 }],
    ["two ICBs' page 3", { owners: ["QE1", "QMF"], page: 3 }],
    ["oldest first", { sortBy: "createdAt", sortDir: "asc" }],
    ...SETTINGS.sort.flatMap((item): [string, Partial<RecordQuery>][] => [
      [`by ${item}, ascending`, { sortBy: item, sortDir: "asc" }],
      [`by ${item}, descending`, { sortBy: item, sortDir: "desc" }],
      [`an ICB's list by ${item}`, { owners: ["QMJ"], sortBy: item, sortDir: "desc" }],
    ]),
    ...SETTINGS.equals.map((item): [string, Partial<RecordQuery>] => [`filter ${item}`, { filters: [{ item, match: "equals", values: [item === "status" ? "open" : "dhr"] }] }]),
    ["filter themes (common)", { filters: [{ item: "themes", match: "includes", values: ["neglect"] }] }],
    ["filter themes (rare)", { filters: [{ item: "themes", match: "includes", values: ["rare"] }] }],
    ["an ICB's filter themes", { owners: ["QE1"], filters: [{ item: "themes", match: "includes", values: ["domestic", "financial"] }] }],
    ...SETTINGS.dates.map((item): [string, Partial<RecordQuery>] => [`dates of ${item}`, { dateRanges: [{ item, from: "2024-03-01", to: "2025-04-30" }] }]),
    ["an ICB's dates of incident_date", { owners: ["QMF"], dateRanges: [{ item: "incident_date", from: "2024-05-01", to: "2024-06-30" }], sortBy: "incident_date", sortDir: "desc" }],
    ["search (common)", { search: { items: SETTINGS.search, text: "missed" } }],
    ["search (rare)", { search: { items: SETTINGS.search, text: "R/0123" } }],
    ["search (two letters)", { search: { items: SETTINGS.search, text: "ca" } }],
    ["an ICB's search", { owners: ["QMF"], search: { items: SETTINGS.search, text: "referral" } }],
    ["search and filter", { search: { items: SETTINGS.search, text: "home" }, filters: [{ item: "themes", match: "includes", values: ["domestic"] }, { item: "status", match: "equals", values: ["open"] }] }],
  ];

  it.each(shapes)("%s: no statement reads a whole table", async (_name, shape) => {
    const first = await store.listRecords(query(shape));
    expect(first.items.length).toBeGreaterThan(0);
    const plans = [
      ...(await plansOf(file, statements, () => store.listRecords(query(shape)))),
      // And the page after, by cursor.
      ...(first.next ? await plansOf(file, statements, () => store.listRecords(query({ ...shape, cursor: first.next! }))) : []),
    ];
    expect(plans.length).toBeGreaterThan(0);
    if (process.env.SHOW_PLANS) console.log(_name, JSON.stringify(plans.map((p) => [p.sql.slice(0, 60), p.sql.slice(-160), p.plan]), null, 1));
    // And the index made for the shape is the one used, by the count at least.
    const wanted = indexFor(_name);
    if (wanted) expect(plans[0]!.plan.join("\n")).toMatch(wanted);
    // An ICB's list in an answer's order reads that order within the owner, at any depth.
    const icbOrder = /^an ICB's list by (\w+)$/.exec(_name);
    if (icbOrder) {
      const pages = plans.filter((p) => /ORDER BY/.test(p.sql));
      expect(pages.length).toBeGreaterThan(0);
      for (const { sql, plan } of pages) expect({ sql, plan: plan.join("\n") }).toEqual({ sql, plan: expect.stringMatching(new RegExp(`lx1_reviews__${icbOrder[1]}__owner_asc \\(collection=\\? AND owner_org=\\?`)) });
    }
    for (const { sql, plan } of plans) expect({ sql, scans: plan.filter((line) => fullScan.test(line)) }).toEqual({ sql, scans: [] });
    // The literal JSON paths are the indexes' own: somewhere in the plans an index is named.
    expect(plans.flatMap((p) => p.plan).some((line) => / USING (COVERING )?INDEX | VIRTUAL TABLE INDEX /.test(line))).toBe(true);
  });

  it("reads a deep page of a search too common to sort from a set of its matches, and a shallow one by testing each record", async () => {
    // "ed " (after "missed" or "delayed") is in about 60% of these records: more than a search's
    // index is read for to sort its records, and so few pages deep that reading every match into
    // a set costs less than testing the texts of each record walked.
    const text = "ed ";
    const raw = new Database(file, { readonly: true });
    const matching = raw.prepare("SELECT id FROM records WHERE lower(json_extract(data, '$.overview')) LIKE '%ed %' OR lower(json_extract(data, '$.ref')) LIKE '%ed %' ORDER BY updated_at DESC, id DESC").pluck().all() as string[];
    const records = raw.prepare("SELECT max(rowid) FROM records").pluck().get() as number;
    raw.close();
    const m = matching.length;
    expect(m).toBeGreaterThan(5_000);
    const deep = Math.ceil((1.5 * m * m) / records / 20);
    expect(deep * 20).toBeLessThanOrEqual(m);
    const search = { items: SETTINGS.search, text };
    for (const order of [{}, { sortBy: "incident_date", sortDir: "desc" as const }]) {
      // What paging by cursor from the first page finds, which never reads a set.
      const byCursor: string[] = [];
      let cursor: string | undefined;
      while (byCursor.length < deep * 20) {
        const got = await store.listRecords(query({ search, ...order, pageSize: 500, ...(cursor ? { cursor } : {}) }));
        byCursor.push(...got.items.map((r) => r.id));
        cursor = got.next!;
      }
      if (!("sortBy" in order)) expect(byCursor).toEqual(matching.slice(0, byCursor.length));
      for (const [page, fromSet] of [[deep, true], [deep - 1, true], [2, false]] as const) {
        statements.length = 0;
        const got = await store.listRecords(query({ search, ...order, page }));
        expect({ order, page, ids: got.items.map((r) => r.id) }).toEqual({ order, page, ids: byCursor.slice((page - 1) * 20, page * 20) });
        expect({ order, page, fromSet: statements.some((s) => /^INSERT INTO temp\.scrt_list_matches/.test(s)) }).toEqual({ order, page, fromSet });
        const pages = statements.filter((s) => /^SELECT .* LIMIT [\d.]+ OFFSET [\d.]+$/s.test(s));
        expect(pages.length).toBeGreaterThan(0);
        // The page's walk tests the set, not the texts; and the set is emptied once the page is read.
        for (const statement of pages) expect(/record_search s WHERE s\.record_id = records\.id/.test(statement)).toBe(!fromSet);
        if (fromSet) expect(statements.findLastIndex((s) => /^DELETE FROM temp\.scrt_list_matches/.test(s))).toBeGreaterThan(statements.lastIndexOf(pages.at(-1)!));
        // The set's size is the count: the search's index is read once, to fill it.
        if (fromSet) expect({ order, page, indexReads: statements.filter((s) => /record_search_(fts|junctions) MATCH/.test(s)).length }).toEqual({ order, page, indexReads: 1 });
      }
    }
  });

  it("sorts a deep page's search from its set when the sample took it for more common than it is", async () => {
    const own = await ownStore("overestimated.db");
    try {
      // The newest 4,000 of 6,000 cases hold "zebra crossing": every text of the sample (the
      // newest) does, so it is reckoned to be in all 6,000, which is too many to sort; the set
      // read for a deep page then holds 4,000, few enough.
      const next = random(17);
      await own.store.createRecords(Array.from({ length: 2000 }, (_, i) => newRecord(caseData(i, next), OWNERS[i % 3]!)));
      for (let from = 0; from < 4000; from += 1000) {
        await own.store.createRecords(Array.from({ length: 1000 }, (_, i) => newRecord({ ...caseData(3000 + from + i, next), overview: "near the zebra crossing" }, OWNERS[i % 3]!)));
      }
      const raw = new Database(own.file, { readonly: true });
      const held = (order: string) => raw.prepare(`SELECT id FROM records WHERE json_extract(data, '$.overview') LIKE '%zebra crossing%' ORDER BY ${order}`).pluck().all() as string[];
      const newestFirst = held("updated_at DESC, id DESC");
      const byRef = held("json_extract(data, '$.ref'), id");
      raw.close();
      expect(newestFirst.length).toBe(4000);
      const search = { items: SETTINGS.search, text: "zebra crossing" };
      for (const [page, pageSize] of [[13, 500], [7, 500]] as const) {
        own.statements.length = 0;
        const got = await own.store.listRecords(query({ search, page, pageSize }));
        const wanted = newestFirst.slice((page - 1) * pageSize, page * pageSize);
        // The search's count stops at 2,000; a page of rows shows that there are at least as many as it reaches.
        expect({ page, ids: got.items.map((r) => r.id), total: got.total, capped: got.totalCapped }).toEqual({ page, ids: wanted, total: wanted.length ? page * pageSize : 2000, capped: true });
        // Page 13 is deep enough for a set (page 7 is not); the set, holding few enough, drives.
        expect({ page, fromSet: own.statements.some((s) => /^INSERT INTO temp\.scrt_list_matches/.test(s)) }).toEqual({ page, fromSet: page === 13 });
        if (page === 13) expect(own.statements.filter((s) => s !== "COMMIT").at(-1)).toMatch(/^DELETE FROM temp\.scrt_list_matches/);
      }
      // A page the set drives that holds records.
      own.statements.length = 0;
      const last = await own.store.listRecords(query({ search, page: 8, pageSize: 500, sortBy: "ref", sortDir: "asc" }));
      expect(last.items.map((r) => r.id)).toEqual(byRef.slice(3500, 4000));
    } finally {
      await own.store.close();
    }
  });

  it("finds a text of one or two characters that few texts hold from the trigram index, wherever it stands in them", async () => {
    const own = await ownStore("short.db");
    try {
      const next = random(11);
      await own.store.createRecords(Array.from({ length: 3000 }, (_, i) => newRecord(caseData(i, next), OWNERS[i % 3]!)));
      // No common word has a "q", a "zq", a "jx", an "é" or a "ς".
      const rare = await Promise.all(
        ["zq at the start", "in the middle zq of it", "at the end ZQ", "zq", "ends in q", "café zé", "NAÏVE ZÉ", "ends in ς"].map(async (overview, i) => ok(await own.store.createRecord(newRecord({ ...caseData(9000 + i, next), overview }, OWNERS[i % 3]!)))),
      );
      // Beyond ASCII the index folds case by Unicode's rules ("ZÉ" is "zé", "ς" is "σ") and LIKE not at all.
      const cases: [string, StoredRecord[]][] = [
        ["zq", rare.slice(0, 4)],
        ["ZQ", rare.slice(0, 4)],
        ["q", rare.slice(0, 5)],
        ["Q", rare.slice(0, 5)],
        ["jx", []],
        ["zé", rare.slice(5, 6)],
        ["ZÉ", rare.slice(6, 7)],
        ["é", rare.slice(5, 6)],
        ["ς", rare.slice(7)],
        ["σ", []],
      ];
      await expectSearches(own, cases, (text, wanted, lines) => {
        // Found from the index, not by testing the records in turn (a text nothing holds has no terms to look up).
        if (wanted.length) expect(lines).toMatch(/record_search_fts VIRTUAL TABLE INDEX/);
      });
    } finally {
      await own.store.close();
    }
  });

  it("finds a phrase of common words from where its words meet, not from every text holding its trigrams", async () => {
    const own = await ownStore("phrase.db");
    try {
      const cases = await seedPhrases(own.store);
      new Database(own.file).exec("ANALYZE").close();
      await expectSearches(own, cases, (text, _wanted, lines) => {
        expect({ text, junctions: /record_search_junctions VIRTUAL TABLE INDEX/.test(lines), trigrams: /record_search_fts VIRTUAL TABLE INDEX/.test(lines) }).toEqual({ text, junctions: true, trigrams: false });
      });
    } finally {
      await own.store.close();
    }
  });

  it("indexes a file's search texts again when it comes from before short searches (migration 0013), and removes them as indexed", async () => {
    const own = await ownStore("upgrade.db");
    const record = ok(await own.store.createRecord(newRecord({ ...caseData(1, random(1)), overview: "ends with zq" }, "QE1")));
    await own.store.close();
    // The file as migration 0012 left it: texts indexed as they are, the triggers removing them so
    // (and no junction index, which came after).
    const raw = new Database(own.file);
    raw.exec(`DROP TRIGGER record_search_junctions_delete; DROP TABLE record_search_junctions; DROP TABLE record_search_junctions_fill;
      DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations);
      DROP TRIGGER record_search_fts_delete; DROP TRIGGER record_search_fts_update; DROP TABLE record_search_terms;
      INSERT INTO record_search_fts (record_search_fts) VALUES ('delete-all');
      INSERT INTO record_search_fts (rowid, text) SELECT id, text FROM record_search;
      CREATE TRIGGER record_search_fts_delete AFTER DELETE ON record_search BEGIN
        INSERT INTO record_search_fts (record_search_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER record_search_fts_update AFTER UPDATE OF text ON record_search BEGIN
        INSERT INTO record_search_fts (record_search_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO record_search_fts (rowid, text) VALUES (new.id, new.text);
      END;
      DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations);`);
    raw.close();
    const notices: string[][] = [];
    const again = await openSqliteStore({ file: own.file, onMigrations: (tags) => notices.push(tags) });
    try {
      // Said before it ran: the refill is long on a large file.
      expect(notices).toEqual([["0013_short_search", "0014_junction_search"]]);
      const report = await again.prepareListIndexes([SETTINGS]);
      expect(report.rebuilt).toEqual([expect.objectContaining({ collection: COLLECTION, records: 1 })]);
      const found = async (text: string) => (await again.listRecords(query({ search: { items: SETTINGS.search, text } }))).items.map((r) => r.id);
      expect(await found("zq")).toEqual([record.id]);
      // An update takes the old entries out as they were indexed, pad included.
      ok(await again.updateRecord({ collection: COLLECTION, id: record.id, expectedRevision: 1, version: "1.0", data: { ...record.data, overview: "now it ends with xj" }, userId: "u1", complete: true, missing: [], unique: [] }));
      expect(await found("zq")).toEqual([]);
      expect(await found("xj")).toEqual([record.id]);
      expect(await found("now it ends")).toEqual([record.id]);
      expect(await found("ends with zq")).toEqual([]);
    } finally {
      await again.close();
    }
    const check = new Database(own.file);
    try {
      // FTS5's own check of its index: an entry removed with other text than it was indexed with fails it.
      expect(() => check.exec("INSERT INTO record_search_fts (record_search_fts) VALUES ('integrity-check')")).not.toThrow();
      expect(() => check.exec("INSERT INTO record_search_junctions (record_search_junctions) VALUES ('integrity-check')")).not.toThrow();
      // The replaced text's junctions went with it: "nds wit" is in both texts, and held once.
      expect((check.prepare("SELECT count(*) AS n FROM record_search_junctions WHERE record_search_junctions MATCH ?").get(`"${junctionToken("nds wit")}"`) as { n: number }).n).toBe(1);
      expect((check.prepare("SELECT count(*) AS n FROM record_search_terms WHERE term >= 'zq' AND term < 'zr'").get() as { n: number }).n).toBe(0);
    } finally {
      check.close();
    }
  });

  it("reads the records a search or a choice finds by their ids, with the statistics of a table that was empty", async () => {
    // A tracker started on an empty file keeps the statistics its index step gathered then
    // (ANALYZE of empty tables) until it restarts: SQLite once walked a whole collection's
    // partial index for each record a common word found (four seconds for 10,000 records).
    const { file: young, statements: youngStatements, store: youngStore } = await ownStore("young.db");
    try {
      const next = random(11);
      await youngStore.createRecords(Array.from({ length: 2000 }, (_, i) => newRecord(caseData(i, next), OWNERS[i % OWNERS.length]!)));
      for (const shape of [
        { search: { items: SETTINGS.search, text: "missed" } },
        { filters: [{ item: "themes", match: "includes" as const, values: ["neglect"] }] },
        { owners: ["QE1"], search: { items: SETTINGS.search, text: "home" } },
      ]) {
        const plans = await plansOf(young, youngStatements, () => youngStore.listRecords(query(shape)));
        const driven = plans.filter((p) => p.plan.some((line) => /^SCAN (d|json_each)\b/.test(line)));
        expect(driven.length, JSON.stringify(shape)).toBeGreaterThan(0);
        for (const { sql, plan } of driven) {
          expect({ sql, lookup: plan.filter((line) => /^SEARCH records /.test(line)) }).toEqual({ sql, lookup: ["SEARCH records USING INDEX sqlite_autoindex_records_1 (id=?)"] });
        }
      }
    } finally {
      await youngStore.close();
    }
  });

  it("orders by an answer through its derived index, in either direction, without sorting", async () => {
    for (const sortDir of ["asc", "desc"] as const) {
      // Page 190 of 45 records a page is among the records without an incident date (a fifth
      // of them, last): a descending order reads its answered block backwards, finds the page
      // past its end, counts it, and reads the blank block backwards.
      const got = await store.listRecords(query({ sortBy: "incident_date", sortDir, page: 190, pageSize: 45 }));
      expect(got.items.map((r) => r.data.incident_date ?? null)).toEqual(Array(45).fill(null));
      const plans = await plansOf(file, statements, () => store.listRecords(query({ sortBy: "incident_date", sortDir, page: 190, pageSize: 45 })));
      const pages = plans.filter((p) => /ORDER BY/.test(p.sql));
      expect(pages.length, sortDir).toBe(sortDir === "asc" ? 1 : 2);
      for (const { sql, plan } of pages) {
        expect({ sortDir, sql, plan: plan.join("\n") }).toEqual({ sortDir, sql, plan: expect.stringMatching(/USING INDEX lx1_reviews__incident_date__asc/) });
        expect({ sortDir, sql, sorts: plan.filter((line) => /TEMP B-TREE/.test(line)) }).toEqual({ sortDir, sql, sorts: [] });
      }
    }
    // One index an order: the descending order has none of its own, and nor has a date range on an item the list is ordered by.
    const raw = new Database(file, { readonly: true });
    const names = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'lx1_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    raw.close();
    expect(names).toEqual(
      [
        ...SETTINGS.sort.flatMap((item) => [`lx1_reviews__${item}__asc`, `lx1_reviews__${item}__owner_asc`]),
        "lx1_reviews__date_closed__lookup",
        "lx1_reviews__review_type__lookup",
        "lx1_reviews__status__lookup",
      ].sort(),
    );
  });

  it("walks the list's order for a wide date range, and reads a narrow one from its index", async () => {
    const raw = new Database(file, { readonly: true });
    try {
      for (const [width, from, to] of [
        ["wide", "2024-02-01", "2024-12-31"],
        ["narrow", "2024-06-03", "2024-06-04"],
      ] as const) {
        const shape = { dateRanges: [{ item: "incident_date", from, to }], page: 2, pageSize: 25 };
        const plans = await plansOf(file, statements, () => store.listRecords(query(shape)));
        const page = plans.find((p) => /ORDER BY/.test(p.sql))!.plan.join("\n");
        if (width === "wide") {
          // Thousands of matches: the newest-first order finds a page among its first records.
          expect(page).toMatch(/records_collection_updated_idx/);
          expect(page).not.toMatch(/TEMP B-TREE/);
        } else {
          // A few dozen: read from the order index, and sorted.
          expect(page).toMatch(/lx1_reviews__incident_date__asc \(collection=\? AND <expr>=\? AND <expr>>\? AND <expr><\?\)/);
        }
        const got = await store.listRecords(query(shape));
        const wanted = raw
          .prepare("SELECT id FROM records WHERE json_extract(data, '$.incident_date') BETWEEN ? AND ? ORDER BY updated_at DESC, id DESC LIMIT 25 OFFSET 25")
          .all(from, to) as { id: string }[];
        expect(wanted.length).toBeGreaterThan(0);
        expect({ width, ids: got.items.map((r) => r.id) }).toEqual({ width, ids: wanted.map((r) => r.id) });
      }
    } finally {
      raw.close();
    }
  });

  it("sorts a wide date range's matches from the index when the list's order holds them only far down", async () => {
    // Incident dates in the order the cases were made: the newest cases hold the latest dates,
    // so newest first, a range of early dates is found only after every later case.
    const { file: far, statements: farStatements, store: farStore } = await ownStore("far.db");
    try {
      const n = 8_000;
      for (let i = 0; i < n; i += 1000) {
        await farStore.createRecords(
          Array.from({ length: 1000 }, (_, j) => {
            const k = i + j;
            const day = new Date(Date.UTC(2020, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
            return newRecord({ ref: `F/${k}`, status: "open", incident_date: day }, OWNERS[k % 3]!);
          }),
        );
      }
      new Database(far).exec("ANALYZE").close();
      // The first 6,000 cases' dates: more than a driver may hold, none among the newest 2,000.
      const shape = { dateRanges: [{ item: "incident_date", from: "2020-01-01", to: new Date(Date.UTC(2020, 0, 1) + 5_999 * 86_400_000).toISOString().slice(0, 10) }], page: 2, pageSize: 20 };
      const plans = await plansOf(far, farStatements, () => farStore.listRecords(query(shape)));
      const page = plans.find((p) => /ORDER BY/.test(p.sql) && !/count\(\*\)/.test(p.sql))!.plan.join("\n");
      expect(page).toMatch(/lx1_reviews__incident_date__asc \(collection=\? AND <expr>=\? AND <expr>>\? AND <expr><\?\)/);
      const got = await farStore.listRecords(query(shape));
      const raw = new Database(far, { readonly: true });
      const wanted = raw.prepare("SELECT id FROM records WHERE json_extract(data, '$.incident_date') BETWEEN ? AND ? ORDER BY updated_at DESC, id DESC LIMIT 20 OFFSET 20").all(shape.dateRanges[0]!.from, shape.dateRanges[0]!.to) as { id: string }[];
      raw.close();
      expect(got.items.map((r) => r.id)).toEqual(wanted.map((r) => r.id));
      expect(got.items.every((r) => Number(String(r.data.ref).slice(2)) < 6_000)).toBe(true);
    } finally {
      await farStore.close();
    }
  }, 120_000);

  it("counts exactly up to 10,000 and says when there are more", async () => {
    const all = await store.listRecords(query());
    expect(all).toMatchObject({ total: COUNT_LIMIT, totalCapped: true });
    const icb = await store.listRecords(query({ owners: ["QE1"] }));
    const exact = (new Database(file, { readonly: true }).prepare("SELECT count(*) AS n FROM records WHERE owner_org = 'QE1'").get() as { n: number }).n;
    expect(icb).toMatchObject({ total: exact, totalCapped: false });
    const rare = await store.listRecords(query({ filters: [{ item: "themes", match: "includes", values: ["rare"] }], pageSize: 500 }));
    expect(rare.totalCapped).toBe(false);
    expect(rare.total).toBe(rare.items.length);
  });

  it("stops sooner where counting costs more, saying so: a search, and a list tested record by record", async () => {
    const raw = new Database(file, { readonly: true });
    const countOf = (text: string) => (raw.prepare(text).get() as { n: number }).n;
    try {
      // Each match of a search costs a text comparison: it is counted up to SEARCH_COUNT_LIMIT.
      const missed = countOf("SELECT count(*) AS n FROM records WHERE lower(json_extract(data, '$.overview')) LIKE '%missed%' OR lower(json_extract(data, '$.ref')) LIKE '%missed%'");
      expect(missed).toBeGreaterThan(SEARCH_COUNT_LIMIT);
      expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "missed" } }))).toMatchObject({ total: SEARCH_COUNT_LIMIT, totalCapped: true });

      // Within one ICB, a theme most records have is tested record by record, for the first
      // WALK_COUNT_LIMIT of them: the total is a lower bound, at least the rows paged through.
      const own = countOf("SELECT count(*) AS n FROM records WHERE owner_org = 'QE1'");
      expect(own).toBeGreaterThan(WALK_COUNT_LIMIT);
      const exact = countOf("SELECT count(*) AS n FROM records WHERE owner_org = 'QE1' AND EXISTS (SELECT 1 FROM json_each(data, '$.themes') WHERE value IN ('domestic', 'financial'))");
      const page3 = await store.listRecords(query({ owners: ["QE1"], filters: [{ item: "themes", match: "includes", values: ["domestic", "financial"] }], page: 3 }));
      expect(page3.totalCapped).toBe(true);
      expect(page3.items).toHaveLength(20);
      expect(page3.total).toBeGreaterThanOrEqual(60);
      expect(page3.total).toBeLessThanOrEqual(exact);
      // Every record of the page is one of the ICB's with the theme (the page itself is exact).
      for (const item of page3.items) {
        expect(item.ownerOrg).toBe("QE1");
        expect(item.data.themes).toEqual(expect.arrayContaining([expect.stringMatching(/^(domestic|financial)$/)]));
      }
    } finally {
      raw.close();
    }
  });
});

describe.each(storeTargets())("side tables and keyset pages in the $dialect store", ({ dialect, create: createPlace }) => {
  let place: StorePlace;
  let store: Store;

  beforeEach(async () => {
    place = await createPlace();
    store = await place.open();
  });

  afterEach(async () => {
    await store.close();
    await place.drop();
  });

  const countOf = async (sql: string) => Number((await place.raw<{ n: number | string }>(sql))[0]!.n);

  /** What the side tables hold, against what the records' answers say they should. */
  async function sideTables(): Promise<{ held: string[]; wanted: string[] }> {
    const held = [
      ...(await place.raw<{ record_id: string; item: string; value: string }>("SELECT record_id, item, value FROM record_choices")).map((r) => `${r.record_id} ${r.item} = ${r.value}`),
      ...(await place.raw<{ record_id: string; item: string; text: string }>("SELECT record_id, item, text FROM record_search")).map((r) => `${r.record_id} ${r.item} : ${r.text}`),
    ].sort();
    const wanted = (await place.raw<{ id: string; data: string | Record<string, unknown> }>("SELECT id, data FROM records"))
      .flatMap((r) => {
        const rows = sideRowsOf(SETTINGS, typeof r.data === "string" ? (JSON.parse(r.data) as Record<string, unknown>) : r.data);
        return [...rows.choices.map((c) => `${r.id} ${c.item} = ${c.value}`), ...rows.texts.map((t) => `${r.id} ${t.item} : ${t.text}`)];
      })
      .sort();
    if (dialect === "sqlite") {
      // The trigram index agrees with its table: every text is found by itself (PostgreSQL's GIN index is the table's own).
      const raw = new Database(place.location, { readonly: true });
      try {
        const unfound = (raw.prepare("SELECT id, text FROM record_search").all() as { id: number; text: string }[]).filter(
          (r) => r.text.length >= 3 && !(raw.prepare("SELECT 1 FROM record_search_fts WHERE record_search_fts MATCH ? AND rowid = ?").get(`"${r.text.replace(/"/g, '""')}"`, r.id)),
        );
        expect(unfound).toEqual([]);
        // So does the junction index: every text with grams is found by all of them, and no other row is left.
        const withGrams = (raw.prepare("SELECT id, text FROM record_search").all() as { id: number; text: string }[]).filter((r) => junctionGrams(r.text).length > 0);
        const unjoined = withGrams.filter((r) => !raw.prepare("SELECT 1 FROM record_search_junctions WHERE record_search_junctions MATCH ? AND rowid = ?").get(junctionGrams(r.text).map((g) => `"${junctionToken(g)}"`).join(" AND "), r.id));
        expect(unjoined).toEqual([]);
        expect((raw.prepare("SELECT count(*) AS n FROM record_search_junctions").get() as { n: number }).n).toBe(withGrams.length);
      } finally {
        raw.close();
      }
    }
    return { held, wanted };
  }

  it("finds a deep page of a common phrase as paging by cursor does (on PostgreSQL, among its matches read first)", async () => {
    await store.prepareListIndexes([SETTINGS]);
    // 45% of 5,200 cases hold "missed appointment"; others "missed" or "appointment" apart.
    const overview = (i: number) => (i % 20 < 9 ? `a missed appointment, ${i}` : i % 2 ? `missed the call, ${i}` : `an appointment kept, ${i}`);
    for (let i = 0; i < 5_200; i += 1000) {
      await store.createRecords(Array.from({ length: Math.min(1000, 5_200 - i) }, (_, j) => newRecord({ ref: `P/${i + j}`, status: "open", themes: [], overview: overview(i + j) }, OWNERS[(i + j) % 3]!)));
    }
    const search = { items: SETTINGS.search, text: "missed appointment" };
    const byCursor: string[] = [];
    for (let cursor: string | null | undefined; cursor !== null; ) {
      const got = await store.listRecords(query({ search, pageSize: 500, ...(cursor ? { cursor } : {}) }));
      byCursor.push(...got.items.map((r) => r.id));
      cursor = got.next;
    }
    expect(byCursor).toHaveLength(Array.from({ length: 5_200 }, (_, i) => i).filter((i) => i % 20 < 9).length);
    const statements: string[] = [];
    const watched = await place.open({ onStatement: (s) => statements.push(s) });
    try {
      for (const page of [100, 60, 2]) {
        statements.length = 0;
        const got = await watched.listRecords(query({ search, page }));
        expect({ page, ids: got.items.map((r) => r.id), total: got.total, capped: got.totalCapped }).toEqual({ page, ids: byCursor.slice((page - 1) * 20, page * 20), total: Math.max(SEARCH_COUNT_LIMIT, page * 20), capped: true });
        // Pages 100 and 60 are deep enough for the 2,340 matches to be read first; page 2 is not.
        // (A common search's count reads its texts through pg_trgm: only the set is read through the junction index.)
        if (dialect === "postgres") expect({ page, fromSet: statements.some((s) => /scrt_junctions\(s\.folded\)/.test(s)) }).toEqual({ page, fromSet: page !== 2 });
      }
    } finally {
      await watched.close();
    }
  }, 60_000);

  it("counts a search up to SEARCH_COUNT_LIMIT matches and says there are more; a rarer search exactly", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const n = SEARCH_COUNT_LIMIT + 50;
    for (let i = 0; i < n; i += 1000) {
      await store.createRecords(Array.from({ length: Math.min(1000, n - i) }, (_, j) => newRecord({ ref: `S/${i + j}`, status: "open", themes: ["neglect"], overview: (i + j) % 500 === 0 ? "missed and delayed" : "missed" }, OWNERS[0]!)));
    }
    expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "missed" } }))).toMatchObject({ total: SEARCH_COUNT_LIMIT, totalCapped: true });
    // Its last page knows of every row before it: the total is then exact, though still marked a lower bound.
    const last = await store.listRecords(query({ search: { items: SETTINGS.search, text: "missed" }, page: Math.ceil(n / 20) }));
    expect(last).toMatchObject({ total: n, totalCapped: true, next: null });
    expect(last.items).toHaveLength(n % 20 || 20);
    expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "delayed" } }))).toMatchObject({ total: Math.ceil(n / 500), totalCapped: false });
    // Without a search, the same records are counted exactly.
    expect(await store.listRecords(query())).toMatchObject({ total: n, totalCapped: false });
    // A record whose text matches in two items is one record: S/1 ... S/1999 have "S/1" in
    // their reference, and S/1 says so in its overview as well.
    await store.createRecords([newRecord({ ref: "Q/1", status: "open", themes: [], overview: "see S/1 and Q/1" }, OWNERS[1]!)]);
    const both = Array.from({ length: n }, (_, i) => `S/${i}`).filter((ref) => ref.includes("S/1")).length + 1;
    expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "S/1" } }))).toMatchObject({ total: both, totalCapped: false });
    expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "Q/1" } }))).toMatchObject({ total: 1, totalCapped: false });
    // Records matching in both items: more texts than the limit, but fewer records (counted
    // exactly), and more of both (a lower bound).
    const twice = (i: number) => `DD/${i}${i < 1_200 ? " EEE" : ""}`;
    await store.createRecords(Array.from({ length: 2_100 }, (_, i) => newRecord({ ref: twice(i), status: "open", themes: [], overview: `${twice(i)} again` }, OWNERS[2]!)));
    expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "EEE" } }))).toMatchObject({ total: 1_200, totalCapped: false });
    expect(await store.listRecords(query({ search: { items: SETTINGS.search, text: "DD/" } }))).toMatchObject({ total: SEARCH_COUNT_LIMIT, totalCapped: true });
  });

  it("counts an owner's filtered or searched list exactly, or as a lower bound that says so, never more than there are", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const n = WALK_COUNT_LIMIT + 100;
    for (let i = 0; i < n; i += 1000) {
      await store.createRecords(
        Array.from({ length: Math.min(1000, n - i) }, (_, j) => newRecord({ ref: `W/${i + j}`, status: "open", themes: [(i + j) % 3 === 0 ? "rare" : "neglect"], overview: (i + j) % 3 === 0 ? "missed" : "seen" }, OWNERS[0]!)),
      );
    }
    const exact = Math.ceil(n / 3);
    for (const shape of [{ filters: [{ item: "themes", match: "includes" as const, values: ["rare"] }] }, { search: { items: SETTINGS.search, text: "missed" } }]) {
      const first = await store.listRecords(query({ owners: [OWNERS[0]!], ...shape }));
      expect(first.items).toHaveLength(20);
      if (first.totalCapped) expect(first.total).toBeLessThanOrEqual(exact);
      else expect(first.total).toBe(exact);
      // The last page is exact whichever way it was counted.
      const last = await store.listRecords(query({ owners: [OWNERS[0]!], ...shape, page: Math.ceil(exact / 20) }));
      expect(last.total).toBe(exact);
      expect(last.next).toBeNull();
      // A page past the end knows no more than the count: its offset is not rows that were there.
      const past = await store.listRecords(query({ owners: [OWNERS[0]!], ...shape, page: Math.ceil(exact / 20) + 5 }));
      expect({ items: past.items.length, total: past.total, capped: past.totalCapped }).toEqual({ items: 0, total: first.total, capped: first.totalCapped });
      // PostgreSQL walks the owner's records for such a count; SQLite reads the side condition first while it matches few.
      if (dialect === "postgres") expect(first.totalCapped).toBe(true);
    }
  });

  it("keeps the side tables in step with creates, updates, owner moves, imports, migrations, refused writes and changed settings", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const next = random(11);
    const records: StoredRecord[] = [];
    for (let step = 0; step < 300; step++) {
      const r = next();
      if (r < 0.3 || records.length < 5) records.push(ok(await store.createRecord(newRecord(caseData(step, next), OWNERS[step % 3]!))));
      else if (r < 0.4) {
        // An import: several in one transaction, each with its import key; a second import of one adds nothing.
        const results = await store.createRecords([newRecord(caseData(step, next), "QMF", { importKey: `k${step}`, reason: "import" }), newRecord(caseData(step + 1, next), "QMF", { importKey: `k${step}`, reason: "import" })]);
        records.push(ok(results[0]!));
        expect(results[1]!.kind).toBe("already_imported");
      } else {
        const i = Math.floor(next() * records.length);
        const current = records[i]!;
        const data = { ...current.data };
        const change = next();
        if (change < 0.3) data.themes = [THEMES[Math.floor(next() * 4)]!];
        else if (change < 0.5) data.overview = `${String(data.overview)} missed`;
        else if (change < 0.6) delete data.overview;
        else if (change < 0.7) data.status = "closed";
        const reason = next() < 0.3 ? "migration 1.0 → 2.0" : "update";
        const ownerOrg = next() < 0.2 ? OWNERS[Math.floor(next() * 3)]! : undefined;
        if (next() < 0.1) {
          // A stale write changes nothing.
          expect((await store.updateRecord({ collection: COLLECTION, id: current.id, expectedRevision: current.revision - 1, version: "1.0", data: { ...data, themes: ["rare"] }, userId: "u1", complete: true, missing: [], unique: [] })).kind).toBe("conflict");
        } else {
          records[i] = ok(await store.updateRecord({ collection: COLLECTION, id: current.id, expectedRevision: current.revision, version: "1.0", data, userId: "u1", complete: true, missing: [], unique: [], reason, ...(ownerOrg ? { ownerOrg } : {}) }));
        }
      }
      if (step % 50 === 49) {
        const { held, wanted } = await sideTables();
        expect(held).toEqual(wanted);
      }
    }
    // A unique value held by another record rolls the whole write back, side rows included.
    ok(await store.createRecord(newRecord({ ...caseData(900, next), overview: "first holder" }, "QE1", { unique: [{ item: "ref", value: "U1", ignoreCase: false, within: "owner" }] })));
    expect((await store.createRecord(newRecord({ ...caseData(901, next), overview: "second holder" }, "QE1", { unique: [{ item: "ref", value: "U1", ignoreCase: false, within: "owner" }] }))).kind).toBe("duplicate");
    let { held, wanted } = await sideTables();
    expect(held).toEqual(wanted);
    expect(held.some((row) => row.endsWith(": second holder"))).toBe(false);

    // A definition that searches one more item: the step fills the side tables again.
    const more: ListIndexSettings = { ...SETTINGS, search: [...SETTINGS.search, "status"] };
    const report = await store.prepareListIndexes([more]);
    expect(report.rebuilt.map((r) => r.collection)).toEqual([COLLECTION]);
    expect(report.rebuilt[0]!.records).toBe(records.length + 1);
    expect(await countOf("SELECT count(*) AS n FROM record_search WHERE item = 'status'")).toBe(records.length + 1);
    await store.prepareListIndexes([SETTINGS]);
    ({ held, wanted } = await sideTables());
    expect(held).toEqual(wanted);
  }, 120_000);

  it("says how far a refill has gone after each batch, up to the records it began with", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const n = 4_100;
    for (let i = 0; i < n; i += 1000) {
      await store.createRecords(Array.from({ length: Math.min(1000, n - i) }, (_, j) => newRecord({ ref: `P/${i + j}`, status: "open", themes: ["neglect"], overview: "seen" }, OWNERS[0]!)));
    }
    const heard: ListIndexProgress[] = [];
    const report = await store.prepareListIndexes([{ ...SETTINGS, search: [...SETTINGS.search, "status"] }], (p) => heard.push(p));
    expect(report.rebuilt).toMatchObject([{ collection: COLLECTION, records: n }]);
    expect(heard.length).toBeGreaterThanOrEqual(3);
    const refills = heard.flatMap((p) => (p.step === "side tables" && p.collection === COLLECTION && p.total === n ? [p.records] : []));
    expect(refills.length).toBe(heard.length);
    expect(refills).toEqual([...refills].sort((a, b) => a - b));
    expect(refills.at(-1)).toBe(n);
    if (dialect === "postgres") {
      // The refilled side tables are planned with their new figures at once, not autovacuum's later ones.
      const [choices] = await place.raw<{ rows: number }>("SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'record_choices'");
      expect(choices!.rows).toBe(n);
    }
    // PostgreSQL's key columns rewrite every record in one statement: said before it begins.
    heard.length = 0;
    await store.prepareListIndexes([{ ...SETTINGS, search: [...SETTINGS.search, "status"], sort: [...SETTINGS.sort, "overview"] }], (p) => heard.push(p));
    expect(heard).toEqual(dialect === "postgres" ? [{ step: "key columns", columns: ["lk_overview"], records: n }] : []);
  }, 120_000);

  it("makes what the settings need once, and drops what a changed definition no longer needs", async () => {
    const prefix = dialect === "sqlite" ? "lx1_" : "lx2_";
    const first = await store.prepareListIndexes([SETTINGS]);
    expect(first.created).toContain(`${prefix}reviews__incident_date__asc`);
    expect(first.created).toContain(`${prefix}reviews__status__lookup`);
    expect(first.dropped).toEqual([]);
    // PostgreSQL reads the answers from key columns: one for each item ordered, filtered or narrowed by.
    if (dialect === "postgres") expect(first.keyColumns?.added.sort()).toEqual(["lk_date_added", "lk_date_closed", "lk_incident_date", "lk_ref", "lk_review_type", "lk_status"]);
    const again = await store.prepareListIndexes([SETTINGS]);
    expect(again).toEqual({ created: [], dropped: [], rebuilt: [] });
    // Either database reads a descending order and a date range from the ascending index:
    // without it, the date range needs an index of its own.
    const fewer = await store.prepareListIndexes([{ ...SETTINGS, sort: SETTINGS.sort.filter((s) => s !== "incident_date") }]);
    expect(fewer.dropped.sort()).toEqual([`${prefix}reviews__incident_date__asc`, `${prefix}reviews__incident_date__owner_asc`]);
    expect(fewer.created).toEqual([`${prefix}reviews__incident_date__lookup`]);
    expect(fewer.keyColumns).toBeUndefined();
    if (dialect === "postgres") {
      // An item no longer read by any list loses its column, and its indexes with it.
      const none = await store.prepareListIndexes([{ ...SETTINGS, sort: ["ref"], dates: ["date_added"] }]);
      expect(none.keyColumns?.added).toEqual([]);
      expect(none.keyColumns!.dropped.sort()).toEqual(["lk_date_closed", "lk_incident_date"]);
      const columns = await place.raw<{ name: string }>("SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'records' AND column_name LIKE 'lk%' ORDER BY 1");
      expect(columns.map((c) => c.name)).toEqual(["lk_date_added", "lk_ref", "lk_review_type", "lk_status"]);
      // An index an earlier version made on the JSON itself is dropped for the column's.
      await place.raw(`CREATE INDEX "lx1_reviews__status__lookup" ON records (collection, (data->>'status'), updated_at, id)`);
      const upgraded = await store.prepareListIndexes([SETTINGS]);
      expect(upgraded.dropped.sort()).toEqual(["lx1_reviews__status__lookup", "lx2_reviews__date_added__lookup"]);
      expect(upgraded.keyColumns?.added.sort()).toEqual(["lk_date_closed", "lk_incident_date"]);
    }
    // Item keys are written into SQL as literals: anything but an identifier is refused.
    await expect(store.prepareListIndexes([{ ...SETTINGS, sort: ["x') ; DROP TABLE records; --"] }])).rejects.toThrow(/Invalid item key/);
    await expect(store.listRecords(query({ sortBy: "a'b" }))).rejects.toThrow(/Invalid item key/);
  });

  it.runIf(dialect === "sqlite")("keeps each collection's indexes to its own records, and makes an index of an older shape again", async () => {
    const OTHER = "other-reviews";
    await store.prepareListIndexes([SETTINGS, { ...SETTINGS, collection: OTHER }]);
    ok(await store.createRecord(newRecord({ ref: "R/1", status: "open" }, "QE1")));
    for (const ref of ["O/1", "O/2", "O/3"]) ok(await store.createRecord({ ...newRecord({ ref, status: "open" }, "QE1"), collection: OTHER }));
    // ANALYZE's first figure for an index is how many entries it holds.
    await place.raw("ANALYZE");
    const entries = async (index: string) => Number((await place.raw<{ stat: string }>("SELECT stat FROM sqlite_stat1 WHERE idx = $1", [index]))[0]!.stat.split(" ")[0]);
    expect(await entries("lx1_reviews__status__lookup")).toBe(1);
    expect(await entries("lx1_other_reviews__status__lookup")).toBe(3);

    // An index as an earlier version made it (on every collection's rows) is made again.
    await place.raw('DROP INDEX "lx1_reviews__status__lookup"');
    await place.raw(`CREATE INDEX "lx1_reviews__status__lookup" ON records (collection, json_extract(data, '$."status"'), updated_at, id)`);
    const report = await store.prepareListIndexes([SETTINGS, { ...SETTINGS, collection: OTHER }]);
    expect(report).toMatchObject({ created: ["lx1_reviews__status__lookup"], dropped: [] });
    const [made] = await place.raw<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = $1", ["lx1_reviews__status__lookup"]);
    expect(made!.sql).toMatch(/WHERE collection = 'reviews'$/);
    const page = await store.listRecords(query({ filters: [{ item: "status", match: "equals", values: ["open"] }] }));
    expect(page.items.map((r) => r.data["ref"])).toEqual(["R/1"]);
  });

  it("finds by search and filter exactly what reading every record finds", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const next = random(5);
    const all: StoredRecord[] = [];
    for (let i = 0; i < 400; i++) all.push(ok(await store.createRecord(newRecord(caseData(i, next), OWNERS[i % 3]!))));
    // "Ignoring case" is SQLite's: ASCII letters only, as the list's search has always been.
    const asciiLower = (t: string) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const contains = (r: StoredRecord, text: string) => SETTINGS.search.some((item) => typeof r.data[item] === "string" && asciiLower(r.data[item] as string).includes(asciiLower(text)));
    for (const text of ["missed", "MISSED app", "100%", "a_b", "_", "%", "ca", "R/0012", "ünï", "Ünï", "nothing like this", "ppointments Ref", "e", "care home", "CARE HOME missed", "100% a_b", "a_b 100%", "Ünïcode care", "ÜNÏCODE CARE", "ode car", "s R"]) {
      for (const owners of [["all"], ["QE1"]]) {
        const page = await store.listRecords(query({ owners: owners[0] === "all" ? "all" : owners, search: { items: SETTINGS.search, text }, pageSize: 500 }));
        const wanted = all.filter((r) => (owners[0] === "all" || owners.includes(r.ownerOrg)) && contains(r, text));
        expect({ text, owners, ids: page.items.map((r) => r.id).sort() }).toEqual({ text, owners, ids: wanted.map((r) => r.id).sort() });
        expect(page.total).toBe(wanted.length);
      }
    }
    for (const values of [["neglect"], ["rare"], ["domestic", "financial"]]) {
      const page = await store.listRecords(query({ filters: [{ item: "themes", match: "includes", values }], pageSize: 500 }));
      expect(page.items.map((r) => r.id).sort()).toEqual(all.filter((r) => (r.data.themes as string[]).some((t) => values.includes(t))).map((r) => r.id).sort());
    }
  });

  it("pages by cursor through every record exactly once while records are being added", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const next = random(3);
    for (let i = 0; i < 150; i++) ok(await store.createRecord(newRecord(caseData(i, next), OWNERS[i % 3]!)));
    const orders: Partial<RecordQuery>[] = [
      { sortBy: "updatedAt", sortDir: "desc" },
      { sortBy: "createdAt", sortDir: "asc" },
      { sortBy: "incident_date", sortDir: "asc" },
      { sortBy: "incident_date", sortDir: "desc" },
      { sortBy: "review_type", sortDir: "desc", owners: ["QE1", "QMJ"] },
      { sortBy: "ref", sortDir: "asc", filters: [{ item: "themes", match: "includes", values: ["neglect", "domestic"] }] },
    ];
    let added = 150;
    for (const order of orders) {
      const before = await store.listRecords(query({ ...order, pageSize: 500 }));
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await store.listRecords(query({ ...order, pageSize: 7, ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items.map((r) => r.id));
        // Records added while paging: new ones may or may not be seen, old ones exactly once.
        for (let k = 0; k < 2; k++) ok(await store.createRecord(newRecord(caseData(added++, next), OWNERS[added % 3]!)));
        if (!page.next) break;
        cursor = page.next;
      }
      expect(new Set(seen).size).toBe(seen.length);
      const ids = new Set(seen);
      expect(before.items.filter((r) => !ids.has(r.id)).map((r) => r.id)).toEqual([]);
      // The cursor's pages are the numbered pages' order: the first of them agree.
      expect(seen.slice(0, 7)).toEqual(before.items.slice(0, 7).map((r) => r.id));
    }
    // A cursor belongs to its order.
    const page = await store.listRecords(query({ sortBy: "ref", sortDir: "asc", pageSize: 5 }));
    await expect(store.listRecords(query({ sortBy: "ref", sortDir: "desc", cursor: page.next! }))).rejects.toThrow(/cursor/);
    await expect(store.listRecords(query({ cursor: "not-a-cursor" }))).rejects.toThrow(/cursor/);
  }, 120_000);

  it("gives numbered pages in an answer's order, records without one last in either direction", async () => {
    await store.prepareListIndexes([SETTINGS]);
    const next = random(21);
    const all: StoredRecord[] = [];
    for (let i = 0; i < 160; i++) all.push(ok(await store.createRecord(newRecord(caseData(i, next), OWNERS[i % 3]!))));
    const blanks = all.filter((r) => r.data.incident_date === undefined).length;
    expect(blanks).toBeGreaterThan(10);
    const shapes: Partial<RecordQuery>[] = [{}, { owners: ["QE1", "QMJ"] }, { filters: [{ item: "themes", match: "includes", values: ["rare", "domestic"] }] }];
    for (const shape of shapes) {
      for (const sortDir of ["asc", "desc"] as const) {
        const sign = sortDir === "asc" ? 1 : -1;
        const byId = (a: StoredRecord, b: StoredRecord) => sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        const matches = all.filter((r) => (shape.owners ?? OWNERS).includes(r.ownerOrg) && (!shape.filters || (r.data.themes as string[]).some((t) => shape.filters![0]!.values.includes(t))));
        const answered = matches.filter((r) => r.data.incident_date !== undefined).sort((a, b) => sign * String(a.data.incident_date).localeCompare(String(b.data.incident_date)) || byId(a, b));
        const wanted = [...answered, ...matches.filter((r) => r.data.incident_date === undefined).sort(byId)].map((r) => r.id);
        const seen: string[] = [];
        // Pages of 7: some fall across the answered records' end, some wholly after it.
        for (let page = 1; page <= Math.ceil(wanted.length / 7) + 1; page++) {
          const got = await store.listRecords(query({ ...shape, sortBy: "incident_date", sortDir, page, pageSize: 7 }));
          expect(got.total).toBe(wanted.length);
          seen.push(...got.items.map((r) => r.id));
        }
        expect({ shape, sortDir, ids: seen }).toEqual({ shape, sortDir, ids: wanted });
      }
    }
  }, 120_000);

  it.runIf(dialect === "postgres")("orders, filters and searches through the derived indexes on PostgreSQL (its own EXPLAIN says so)", async () => {
    await store.close();
    const statements: { sql: string; params: readonly unknown[] }[] = [];
    store = await place.open({ onStatement: (sql, params) => statements.push({ sql, params: params ?? [] }) });
    await store.prepareListIndexes([SETTINGS]);
    const next = random(4);
    for (let i = 0; i < 40; i++) ok(await store.createRecord(newRecord(caseData(i, next), OWNERS[i % 3]!)));
    await place.raw("VACUUM ANALYZE records");
    const planOf = async (shape: Partial<RecordQuery>): Promise<string> => {
      statements.length = 0;
      await store.listRecords(query(shape));
      return explainWithoutSeqScan(place.location, statements.find((s) => /^SELECT records\.id/.test(s.sql))!);
    };
    // The order index read alone (the records' own rows only for the page), forwards or backwards; within an owner, its owner-led twin.
    expect(await planOf({ sortBy: "incident_date", sortDir: "asc", page: 2, pageSize: 5 })).toMatch(/Index Only Scan using lx2_reviews__incident_date__asc /);
    expect(await planOf({ sortBy: "incident_date", sortDir: "desc", page: 2, pageSize: 5 })).toMatch(/Index Only Scan Backward using lx2_reviews__incident_date__asc /);
    expect(await planOf({ sortBy: "incident_date", sortDir: "desc", owners: ["QE1"], page: 2, pageSize: 5 })).toMatch(/Index Only Scan Backward using lx2_reviews__incident_date__owner_asc /);
    // A date range in the default order: its matches read from the order index, never the update time's index walked.
    const range = { dateRanges: [{ item: "incident_date", from: "2024-03-01", to: "2024-08-31" }] };
    expect(await planOf(range)).toMatch(/Index Only Scan using lx2_reviews__incident_date__asc /);
    expect(await planOf({ ...range, owners: ["QE1"] })).toMatch(/Index Only Scan using lx2_reviews__incident_date__owner_asc /);
    // Filters and the search: the planner picks among indexes as the numbers say; none reads a whole table.
    for (const shape of [{ filters: [{ item: "status", match: "equals" as const, values: ["open"] }] }, { search: { items: SETTINGS.search, text: "missed" } }, { filters: [{ item: "themes", match: "includes" as const, values: ["neglect"] }] }]) {
      expect(await planOf(shape)).not.toMatch(/Seq Scan/);
    }
  });

  /**
   * Each search, nationally and for one ICB: exactly the records wanted, counted exactly; then
   * `check` with the statements it ran (in `statements`).
   */
  async function expectSearchesPg(statements: unknown[], cases: [string, StoredRecord[]][], check: (text: string, owners: "all" | readonly ["QE1"]) => Promise<void>): Promise<void> {
    for (const [text, wanted] of cases) {
      for (const owners of ["all", ["QE1"]] as const) {
        statements.length = 0;
        const page = await store.listRecords(query({ owners: owners === "all" ? "all" : [...owners], search: { items: SETTINGS.search, text } }));
        const expected = wanted.filter((r) => owners === "all" || r.ownerOrg === owners[0]);
        expect({ text, owners, ids: page.items.map((r) => r.id).sort(), total: page.total }).toEqual({ text, owners, ids: expected.map((r) => r.id).sort(), total: expected.length });
        await check(text, owners);
      }
    }
  }

  it.runIf(dialect === "postgres")("finds a text of one or two characters, or one with no trigram worth the name, that few texts hold from the index of characters and pairs, and walks the list for one that many hold", async () => {
    await store.close();
    const statements: { sql: string; params: readonly unknown[] }[] = [];
    store = await place.open({ onStatement: (sql, params) => statements.push({ sql, params: params ?? [] }) });
    await store.prepareListIndexes([SETTINGS]);
    const next = random(11);
    // More than SEARCH_COUNT_LIMIT texts hold "vw", none of the newest 2,000.
    const vw = await store.createRecords(Array.from({ length: SEARCH_COUNT_LIMIT + 100 }, (_, i) => newRecord({ ...caseData(5000 + i, next), overview: `early vw ${i}` }, OWNERS[i % 3]!)));
    await store.createRecords(Array.from({ length: 3000 }, (_, i) => newRecord(caseData(i, next), OWNERS[i % 3]!)));
    // No common word has a "q", a "zq", a "jx", a "zé" or a "/a".
    const rare = await Promise.all(
      ["zq at the start", "in the middle zq of it", "at the end ZQ", "zq", "ends in q", "café zé", "marked n/a"].map(async (overview, i) => ok(await store.createRecord(newRecord({ ...caseData(9000 + i, next), overview }, OWNERS[i % 3]!)))),
    );
    await place.raw("VACUUM ANALYZE records, record_search");
    const explain = (statement: { sql: string; params: readonly unknown[] }) => explainWithoutSeqScan(place.location, statement);
    const cases: [string, StoredRecord[]][] = [
      ["zq", rare.slice(0, 4)],
      ["ZQ", rare.slice(0, 4)],
      ["q", rare.slice(0, 5)],
      ["Q", rare.slice(0, 5)],
      ["zé", rare.slice(5, 6)],
      ["é", rare.slice(5, 6)],
      ["jx", []],
      // Longer, but no trigram that narrows it: punctuation and words under three letters.
      ["N/A", rare.slice(6)],
      ["-/-", []],
    ];
    await expectSearchesPg(statements, cases, async (text, owners) => {
      const pageStatement = statements.find((s) => /^SELECT records\.id/.test(s.sql));
      // Read from the pieces index, not pg_trgm's ("n/a" has the trigram "  a", which most texts
      // have); nationally once, by the count, whose records the page is then found among.
      if (pageStatement && owners === "all") expect({ text, owners, sql: pageStatement.sql }).toMatchObject({ sql: expect.stringMatching(/records\.id = ANY\(\$\d+::text\[\]\)/) });
      if (pageStatement && owners !== "all") expect({ text, owners, plan: await explain(pageStatement) }).toMatchObject({ plan: expect.stringMatching(/Bitmap Index Scan on record_search_short_idx/) });
      if (pageStatement) expect({ text, owners, plan: await explain(pageStatement) }).toMatchObject({ plan: expect.not.stringMatching(/record_search_folded_trgm_idx/) });
      // Counted from the pieces index: nationally from the texts alone; within an ICB joined to its records, exactly, not by walking its first records.
      const counted = statements.some((s) => /scrt_short_pieces/.test(s.sql) && (owners === "all" ? /^SELECT s\.record_id FROM record_search s WHERE .* LIMIT \d+$/ : /^SELECT count\(\*\) AS n FROM \(SELECT 1 FROM records/).test(s.sql));
      expect({ text, owners, counted }).toEqual({ text, owners, counted: true });
    });
    // Held by more texts than a count reads: the page is walked for, the national count read from the pieces index.
    const vwRecords = vw.map(ok);
    for (const owners of ["all", ["QE1"]] as const) {
      statements.length = 0;
      const page = await store.listRecords(query({ owners: owners === "all" ? "all" : [...owners], search: { items: SETTINGS.search, text: "vw" }, pageSize: 25 }));
      const held = vwRecords.filter((r) => owners === "all" || r.ownerOrg === owners[0]);
      const newest = [...held].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : -1)).slice(0, 25);
      expect({ owners, ids: page.items.map((r) => r.id) }).toEqual({ owners, ids: newest.map((r) => r.id) });
      expect({ owners, total: page.total, capped: page.totalCapped }).toEqual(owners === "all" ? { owners, total: SEARCH_COUNT_LIMIT, capped: true } : { owners, total: held.length, capped: false });
      expect(statements.filter((s) => /^SELECT records\.id/.test(s.sql) && /scrt_short_pieces/.test(s.sql))).toEqual([]);
      if (owners === "all") expect(statements.some((s) => /scrt_short_pieces/.test(s.sql) && /^SELECT s\.record_id FROM record_search s WHERE .* LIMIT \d+$/.test(s.sql))).toBe(true);
    }
    // "e" is in most texts: left to a walk in the list's order, the pieces index not named.
    statements.length = 0;
    const common = await store.listRecords(query({ search: { items: SETTINGS.search, text: "e" }, pageSize: 25 }));
    expect(common.items.length).toBe(25);
    expect(statements.filter((s) => /scrt_short_pieces/.test(s.sql))).toEqual([]);
  }, 120_000);

  it.runIf(dialect === "postgres")("finds a phrase of common words that few texts hold from the junction index, not pg_trgm's", async () => {
    await store.close();
    const statements: { sql: string; params: readonly unknown[] }[] = [];
    store = await place.open({ onStatement: (sql, params) => statements.push({ sql, params: params ?? [] }) });
    await store.prepareListIndexes([SETTINGS]);
    const cases = await seedPhrases(store);
    await place.raw("VACUUM ANALYZE records, record_search");
    const explain = (statement: { sql: string; params: readonly unknown[] }) => explainWithoutSeqScan(place.location, statement);
    await expectSearchesPg(statements, cases, async (text, owners) => {
      // The candidates are read from the junction index and nowhere else: nationally by the
      // count (the page is found among its records), within an ICB joined to its records.
      const named = statements.filter((s) => /scrt_junctions/.test(s.sql));
      expect({ text, owners, named: named.length > 0 }).toEqual({ text, owners, named: true });
      for (const statement of named) {
        const plan = await explain(statement);
        expect({ text, owners, sql: statement.sql, junctions: /Bitmap Index Scan on record_search_junctions_idx/.test(plan), trigrams: /record_search_folded_trgm_idx/.test(plan) }).toEqual({ text, owners, sql: statement.sql, junctions: true, trigrams: false });
      }
      const pageStatement = statements.find((s) => /^SELECT records\.id/.test(s.sql));
      if (pageStatement && owners === "all") expect({ text, sql: pageStatement.sql }).toMatchObject({ sql: expect.stringMatching(/records\.id = ANY\(\$\d+::text\[\]\)/) });
    });
    // Common (in 1% or more of the newest texts): left to pg_trgm and the planner, as a common word is; the junction index not named.
    statements.length = 0;
    const common = await store.listRecords(query({ search: { items: SETTINGS.search, text: "concerns care risk" }, pageSize: 25 }));
    expect({ total: common.total, shown: common.items.length, overviews: [...new Set(common.items.map((r) => r.data.overview))] }).toEqual({ total: 300, shown: 25, overviews: ["concerns care risk"] });
    expect(statements.filter((s) => /scrt_junctions/.test(s.sql)).map((s) => s.sql)).toEqual([]);
  }, 120_000);

  it("says which migrations an existing database is about to have before they run, and nothing for a new one or one up to date", async () => {
    const notices: string[][] = [];
    const fresh = await place.open({ onMigrations: (tags) => notices.push(tags) });
    await fresh.close();
    expect(notices).toEqual([]);
    await store.prepareListIndexes([SETTINGS]);
    const record = ok(await store.createRecord(newRecord({ ...caseData(1, random(3)), overview: "care concerns risk, ends with zq" }, "QE1")));
    await store.close();
    // The database as the migration before the newest left it.
    if (dialect === "postgres") {
      await place.raw('DROP INDEX record_search_junctions_idx; DROP FUNCTION scrt_junctions(text); DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)');
    } else {
      const raw = new Database(place.location);
      raw.exec("DROP TRIGGER record_search_junctions_delete; DROP TABLE record_search_junctions; DROP TABLE record_search_junctions_fill; DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)");
      raw.close();
    }
    store = await place.open({ onMigrations: (tags) => notices.push(tags) });
    expect(notices).toEqual([[dialect === "postgres" ? "0005_junction_search" : "0014_junction_search"]]);
    // SQLite indexes the texts stored before the migration in the index step; PostgreSQL's migration built its index.
    const report = await store.prepareListIndexes([SETTINGS]);
    expect(report.junctions).toEqual(dialect === "postgres" ? undefined : { texts: sideRowsOf(SETTINGS, record.data).texts.length, seconds: expect.any(Number) });
    for (const text of ["zq", "care concerns risk", "CONCERNS RISK, ENDS"]) expect({ text, ids: (await store.listRecords(query({ search: { items: SETTINGS.search, text } }))).items.map((r) => r.id) }).toEqual({ text, ids: [record.id] });
    expect((await store.prepareListIndexes([SETTINGS])).junctions).toBeUndefined();
    await store.close();
    store = await place.open({ onMigrations: (tags) => notices.push(tags) });
    expect(notices).toHaveLength(1);
  });

  it.runIf(dialect === "postgres")("gives a long item key a column and indexes of PostgreSQL's length, made once, that its list reads", async () => {
    const long = `answer_${"x".repeat(70)}`;
    const settings = { ...SETTINGS, sort: [...SETTINGS.sort, long], dates: [...SETTINGS.dates, long] };
    const first = await store.prepareListIndexes([settings]);
    const made = [...first.created, ...first.keyColumns!.added];
    expect(made.every((name) => Buffer.byteLength(name) <= 63)).toBe(true);
    expect(first.keyColumns!.added.filter((name) => name.startsWith("lk_answer_x"))).toHaveLength(1);
    expect(await store.prepareListIndexes([settings])).toEqual({ created: [], dropped: [], rebuilt: [] });
    for (const [i, value] of ["2024-03-01", "2024-01-01", "2024-02-01"].entries()) ok(await store.createRecord(newRecord({ ref: `L/${i}`, [long]: value }, "QE1")));
    const page = await store.listRecords(query({ sortBy: long, sortDir: "desc", dateRanges: [{ item: long, from: "2024-01-15" }] }));
    expect(page.items.map((r) => r.data.ref)).toEqual(["L/0", "L/2"]);
  });

  it.runIf(dialect === "postgres")("finds a wide date range's page by walking the newest first when they hold it, and by sorting its matches from the index when they do not", async () => {
    await store.close();
    const statements: string[] = [];
    store = await place.open({ onStatement: (sql) => statements.push(sql) });
    await store.prepareListIndexes([SETTINGS]);
    // Dates in the order the cases were made, from 1990 (an early range's matches come only
    // after every later case), then newer cases with random 2024 dates (a wide range's matches
    // are among the newest).
    const day = (k: number) => new Date(Date.UTC(1990, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
    const next = random(17);
    const made = [...Array.from({ length: 5_500 }, (_, k) => ({ ref: `F/${k}`, status: "open", incident_date: day(k) })), ...Array.from({ length: 2_200 }, (_, k) => caseData(k, next))];
    // Written in one statement, a millisecond apart (the list reads only the records' rows,
    // whose key columns the database computes however a row is written).
    await place.raw(
      "INSERT INTO records (id, collection, version, owner_org, revision, data, complete, missing, created_at, created_by, updated_at, updated_by) SELECT id, $1, '1.0', owner, 1, data::json, true, '[]'::jsonb, at, 'u1', at, 'u1' FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, owner, data, at)",
      [
        COLLECTION,
        made.map((_, k) => `w-${String(k).padStart(6, "0")}`),
        made.map((_, k) => OWNERS[k % 3]!),
        made.map((data) => JSON.stringify(data)),
        made.map((_, k) => new Date(Date.UTC(2026, 0, 1) + k).toISOString()),
      ],
    );
    await place.raw("VACUUM ANALYZE records");
    const all = (await place.raw<{ id: string; updated_at: string; incident_date: string | null; owner_org: string }>("SELECT id, updated_at, data->>'incident_date' AS incident_date, owner_org FROM records")).sort(
      (a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    );
    for (const [how, from, to, owners] of [
      ["walked", day(0), "2024-12-31", "all"],
      ["sorted", day(0), day(5_499), "all"],
      ["sorted", day(0), day(5_499), ["QMF"]],
    ] as const) {
      for (const page of [1, 3]) {
        statements.length = 0;
        const got = await store.listRecords(query({ dateRanges: [{ item: "incident_date", from, to }], owners: owners === "all" ? "all" : [...owners], page, pageSize: 20 }));
        const wanted = all.filter((r) => r.incident_date !== null && r.incident_date >= from && r.incident_date <= to && (owners === "all" || (owners as readonly string[]).includes(r.owner_org))).slice((page - 1) * 20, page * 20);
        expect(wanted.length).toBe(20);
        expect({ how, owners, page, ids: got.items.map((r) => r.id) }).toEqual({ how, owners, page, ids: wanted.map((r) => r.id) });
        const walkedPage = statements.some((s) => /row_number\(\) OVER/.test(s) && /w\.hit/.test(s));
        const sortedPage = statements.some((s) => /ORDER BY \(records\.updated_at \|\| ''\) DESC/.test(s));
        // More than 5,000 matches (every owner's): the newest 2,000 cases are looked at first.
        expect({ how, owners, page, walked: walkedPage, sorted: sortedPage }).toEqual({ how, owners, page, walked: owners === "all", sorted: how === "sorted" });
      }
    }
  }, 180_000);

  it("answers lists before the index step too, by reading the records", async () => {
    const next = random(9);
    for (let i = 0; i < 30; i++) ok(await store.createRecord(newRecord(caseData(i, next), "QE1")));
    const page = await store.listRecords(query({ search: { items: SETTINGS.search, text: "missed" }, filters: [{ item: "themes", match: "includes", values: ["neglect"] }] }));
    expect(await countOf("SELECT count(*) AS n FROM record_search")).toBe(0);
    await store.prepareListIndexes([SETTINGS]);
    const after = await store.listRecords(query({ search: { items: SETTINGS.search, text: "missed" }, filters: [{ item: "themes", match: "includes", values: ["neglect"] }] }));
    expect(after.items.map((r) => r.id)).toEqual(page.items.map((r) => r.id));
  });
});

describe("full-text entries on SQLite", () => {
  it("writes a transaction's new entries as one FTS5 segment, not one per row (no savepoint after them)", async () => {
    // FTS5 writes out its pending terms at every savepoint, and an insert trigger runs in one,
    // as does an INSERT … RETURNING: a segment per row, twice the cost per case or more, and
    // more merging as the table grows.
    const dir = mkdtempSync(join(tmpdir(), "scrt-fts-segments-"));
    const file = join(dir, "scrt.db");
    const store = await openSqliteStore({ file });
    try {
      await store.prepareListIndexes([SETTINGS]);
      const raw = new Database(file);
      // No merging, so the rows of each table's %_data count the segments written.
      for (const table of ["record_search_fts", "record_texts_fts"]) raw.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', 0); INSERT INTO ${table} (${table}, rank) VALUES ('crisismerge', 100)`);
      const next = random(5);
      const records = Array.from({ length: 40 }, (_, i) =>
        newRecord(caseData(i, next), "QE1", {
          search: { texts: [{ item: "lessons", text: `missed appointment ${i}` }], facets: [] },
          // With its audit entry, as the server writes a case: an INSERT … RETURNING opens a
          // savepoint too, so the entries were once written out one segment per record.
          audit: (r: StoredRecord) => ({ action: "case_created" as const, actor: "author", recordId: r.id }),
        }),
      );
      await store.createRecords(records);
      const rows = (table: string) => (raw.prepare(`SELECT count(*) AS n FROM ${table}_data`).get() as { n: number }).n;
      const found = (table: string, word: string) => (raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(word) as { n: number }).n;
      // Averages, structure and one segment's leaves: a handful, where 40 segments need 80 or more.
      expect(rows("record_search_fts"), "record_search_fts_data rows").toBeLessThanOrEqual(6);
      expect(rows("record_texts_fts"), "record_texts_fts_data rows").toBeLessThanOrEqual(6);
      // And every entry is there to be found.
      expect({ search: found("record_search_fts", "\"R/000\""), texts: found("record_texts_fts", "missed") }).toEqual({ search: 40, texts: 40 });
      raw.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
