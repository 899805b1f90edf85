/**
 * The SQLite store's heavy reads (lists, text search, history, counts, the as-at and revision
 * scans of extracts and dashboards), on one connection. The same code answers them on the
 * writer's connection in-process and on a read-only connection in a worker thread
 * (sqlite-read-worker.ts), so a read gives the same answer wherever it runs. Everything it takes
 * and returns is plain data, so that it can cross between threads.
 */
import type Database from "better-sqlite3";
import { MATCH_END, MATCH_START, passageSegments, searchMatch } from "./fts-query.ts";
import type { ListIndexSettings } from "./list-index-plan.ts";
import { listRecordRows } from "./sqlite-list.ts";
import { pageNumber } from "./record-helpers.ts";
import { TEXT_SEARCH_LIMIT } from "./types.ts";
import type { RecordAsAt, RecordData, RecordPage, RecordQuery, Revision, SequencedRevision, StoredRecord, TextSearch, TextSearchPage } from "./types.ts";

export interface AsAtQuery {
  collection: string;
  at: string;
  owners: string[] | "all";
  afterId?: string;
  limit: number;
}

export interface RevisionScan {
  collection: string;
  afterSeq: number;
  limit: number;
}

/** The reads that may run off the event loop, by name: what a worker is asked to do. */
export interface SqliteReadOps {
  listRecords(query: RecordQuery, settings: ListIndexSettings | undefined): RecordPage;
  searchTexts(search: TextSearch): TextSearchPage;
  history(collection: string, id: string): Revision[];
  countRecords(collection?: string): number;
  scanRecordsAsAt(query: AsAtQuery): RecordAsAt[];
  scanRevisions(query: RevisionScan): SequencedRevision[];
}

export type SqliteReadName = keyof SqliteReadOps;

export const SQLITE_READ_NAMES: readonly SqliteReadName[] = ["listRecords", "searchTexts", "history", "countRecords", "scanRecordsAsAt", "scanRevisions"];

export type RawRecordRow = Omit<StoredRecord, "data" | "complete" | "missing" | "archive" | "reviewFlags" | "ownerPending"> & {
  data: string;
  complete: number;
  missing: string;
  archive: string;
  reviewFlags: string;
  ownerPending: string | null;
};

export function fromRawRecord(row: RawRecordRow): StoredRecord {
  return {
    ...row,
    data: JSON.parse(row.data) as RecordData,
    complete: row.complete === 1,
    missing: JSON.parse(row.missing) as string[],
    archive: JSON.parse(row.archive) as RecordData,
    reviewFlags: JSON.parse(row.reviewFlags) as string[],
    ownerPending: row.ownerPending ? (JSON.parse(row.ownerPending) as StoredRecord["ownerPending"]) : null,
  };
}

interface RevisionRow {
  recordId: string;
  revision: number;
  version: string;
  ownerOrg: string;
  data: string;
  changedItems: string;
  createdAt: string;
  createdBy: string;
  reason: string;
}

const REVISION_COLUMNS =
  "v.record_id AS recordId, v.revision, v.version, v.owner_org AS ownerOrg, v.data, v.changed_items AS changedItems, v.created_at AS createdAt, v.created_by AS createdBy, v.reason";

function fromRevisionRow(row: RevisionRow): Revision {
  return { ...row, data: JSON.parse(row.data) as RecordData, changedItems: JSON.parse(row.changedItems) as string[] };
}

interface SequencedRow {
  seq: number;
  record_id: string;
  revision: number;
  version: string;
  owner_org: string;
  data: string;
  created_at: string;
  created_by: string;
  reason: string;
  review_flags: string;
}

export class SqliteReads implements SqliteReadOps {
  private readonly textRow: Database.Statement<[number], { recordId: string; ownerOrg: string; item: string }>;
  private readonly snippet: Database.Statement<[string, string, string, number], { snippet: string | null }>;
  private readonly countMatches: Database.Statement<[string, number], { n: number }>;
  private readonly oldestRanked: Database.Statement<[string, number], { rowid: number }>;
  private readonly ranked: Database.Statement<[string, number, number, number], { rowid: number }>;
  private readonly historyRows: Database.Statement<[string, string], RevisionRow>;
  private readonly revisionRows: Database.Statement<[number, string, number], SequencedRow>;

  constructor(private readonly sqlite: Database.Database) {
    this.textRow = sqlite.prepare("SELECT record_id AS recordId, owner_org AS ownerOrg, item FROM record_texts WHERE id = ?");
    // Counting stops past the limit: a common word's hundreds of thousands of matches are not walked.
    this.countMatches = sqlite.prepare("SELECT count(*) AS n FROM (SELECT 1 FROM record_texts_fts WHERE record_texts_fts MATCH ? LIMIT ?)");
    this.oldestRanked = sqlite.prepare("SELECT rowid FROM record_texts_fts WHERE record_texts_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?");
    // bm25 over the text column only (the rank set by migration 0005), from a rowid on.
    this.ranked = sqlite.prepare("SELECT rowid FROM record_texts_fts WHERE record_texts_fts MATCH ? AND rowid >= CAST(? AS INTEGER) ORDER BY rank, rowid LIMIT ? OFFSET ?");
    // One row's snippet, found through its rowid: computing snippets inside the ranked query
    // would make one for every match before the page is cut. The CASTs matter: FTS5 ignores a
    // rowid constraint whose value is bound as a real number, as JavaScript numbers are.
    this.snippet = sqlite.prepare("SELECT snippet(record_texts_fts, 0, ?, ?, '…', 24) AS snippet FROM record_texts_fts WHERE record_texts_fts MATCH ? AND rowid = CAST(? AS INTEGER)");
    this.historyRows = sqlite.prepare(`SELECT ${REVISION_COLUMNS} FROM revisions v JOIN records r ON r.id = v.record_id WHERE r.collection = ? AND v.record_id = ? ORDER BY v.revision`);
    // The revisions table's rowid grows with every insert and rows are never deleted, so it is
    // the order they were written in; the walk follows it, joining each revision's record. The
    // unary plus keeps SQLite off the records' collection index: through it, every batch sorted
    // all of the collection's revisions (at a million records the first reading never ended).
    this.revisionRows = sqlite.prepare(
      `SELECT v.rowid AS seq, v.record_id, v.revision, v.version, v.owner_org, v.data, v.created_at, v.created_by, v.reason, r.review_flags
       FROM revisions v JOIN records r ON r.id = v.record_id
       WHERE v.rowid > ? AND +r.collection = ? ORDER BY v.rowid LIMIT ?`,
    );
  }

  listRecords(query: RecordQuery, settings: ListIndexSettings | undefined): RecordPage {
    if (query.owners !== "all" && query.owners.length === 0) return { items: [], total: 0, totalCapped: false, next: null };
    // One read transaction: the count and the page see the same state.
    return this.inRead(() => {
      const result = listRecordRows<RawRecordRow>(this.sqlite, query, settings);
      return { items: result.rows.map(fromRawRecord), total: result.total, totalCapped: result.totalCapped, next: result.next };
    });
  }

  searchTexts(search: TextSearch): TextSearchPage {
    if (search.owners !== "all" && search.owners.length === 0) return { items: [], total: 0, capped: false };
    const match = searchMatch(search.query, { collection: search.collection, owners: search.owners, ...(search.facets ? { facets: search.facets } : {}) });
    if (match === undefined) return { items: [], total: 0, capped: false };
    const pageSize = pageNumber(search.pageSize, "pageSize", 0);
    const page = pageNumber(search.page, "page", 1);
    // One read transaction: the count and the page see the same state.
    return this.inRead(() => {
      const counted = this.countMatches.get(match, TEXT_SEARCH_LIMIT + 1)!.n;
      const capped = counted > TEXT_SEARCH_LIMIT;
      const total = Math.min(counted, TEXT_SEARCH_LIMIT);
      if (total === 0 || pageSize === 0) return { items: [], total, capped };
      // Ranking every match of a common word costs time in proportion to its matches: past the
      // limit, only the most recently written texts are ranked.
      const from = capped ? this.oldestRanked.get(match, TEXT_SEARCH_LIMIT - 1)!.rowid : 0;
      const rowids = this.ranked.all(match, from, pageSize, (page - 1) * pageSize).map((r) => r.rowid);
      const items = rowids.map((rowid) => ({
        ...this.textRow.get(rowid)!,
        passage: passageSegments(this.snippet.get(MATCH_START, MATCH_END, match, rowid)?.snippet ?? ""),
      }));
      return { items, total, capped };
    });
  }

  history(collection: string, id: string): Revision[] {
    return this.historyRows.all(collection, id).map(fromRevisionRow);
  }

  countRecords(collection?: string): number {
    const row = (collection === undefined ? this.sqlite.prepare("SELECT count(*) AS n FROM records").get() : this.sqlite.prepare("SELECT count(*) AS n FROM records WHERE collection = ?").get(collection)) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  scanRecordsAsAt(query: AsAtQuery): RecordAsAt[] {
    if (query.owners !== "all" && query.owners.length === 0) return [];
    // The latest revision at or before the moment, found through (record_id, created_at).
    // "+collection": walk the id index (each batch costs the same), not a collection index.
    const conditions = ["+records.collection = ?", "v.revision = (SELECT MAX(r2.revision) FROM revisions r2 WHERE r2.record_id = records.id AND r2.created_at <= ?)"];
    const params: unknown[] = [query.collection, query.at];
    if (query.afterId) {
      conditions.push("records.id > ?");
      params.push(query.afterId);
    }
    if (query.owners !== "all") {
      conditions.push(`records.owner_org IN (${query.owners.map(() => "?").join(", ")})`);
      params.push(...query.owners);
    }
    const rows = this.sqlite
      .prepare(
        `SELECT records.id AS id, records.collection AS collection, records.owner_org AS currentOwnerOrg, records.created_at AS recordCreatedAt, ${REVISION_COLUMNS}
         FROM records JOIN revisions v ON v.record_id = records.id WHERE ${conditions.join(" AND ")} ORDER BY "records"."id" LIMIT ?`,
      )
      .all(...params, query.limit) as (RevisionRow & { id: string; collection: string; currentOwnerOrg: string; recordCreatedAt: string })[];
    return rows.map(({ id, collection, currentOwnerOrg, recordCreatedAt, ...revision }) => ({ id, collection, currentOwnerOrg, createdAt: recordCreatedAt, revision: fromRevisionRow(revision) }));
  }

  scanRevisions(query: RevisionScan): SequencedRevision[] {
    return this.revisionRows.all(query.afterSeq, query.collection, query.limit).map((row) => ({
      seq: row.seq,
      recordId: row.record_id,
      revision: row.revision,
      version: row.version,
      ownerOrg: row.owner_org,
      data: JSON.parse(row.data) as RecordData,
      createdAt: row.created_at,
      createdBy: row.created_by,
      reason: row.reason,
      reviewFlags: JSON.parse(row.review_flags) as string[],
    }));
  }

  /** A read transaction (or, inside the writer's open transaction, part of it). */
  private inRead<T>(body: () => T): T {
    return this.sqlite.transaction(body)();
  }
}

/** Runs a read by name, for a worker answering a message. */
export function runSqliteRead(reads: SqliteReadOps, name: SqliteReadName, args: unknown[]): unknown {
  if (!SQLITE_READ_NAMES.includes(name)) throw new Error(`no read named ${String(name)}`);
  return (reads[name] as (...a: unknown[]) => unknown).apply(reads, args);
}
