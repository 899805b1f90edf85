/**
 * The case list's query on SQLite, written so that every shape of it can be answered from an
 * index: answers are read with literal JSON paths (the derived indexes' own expressions,
 * sqlite-indexes.ts), multiple-choice filters and the search from their side tables, pages by
 * keyset (a cursor) as well as by number, and the count stops at COUNT_LIMIT rather than
 * reading every match. Item keys reach the SQL text only through answerSql, which accepts
 * identifiers alone; every value is a bound parameter.
 */
import { isCommonInSample, join, likePattern, matchSetMost, SEARCH_SAMPLE, sql, WALK_PROBE, WIDE_RANGE, wrap, type Sql } from "./list-sql.ts";
import type Database from "better-sqlite3";
import { checkItemKey, COLLECTION_ID, rangeFromOrderIndex, type ListIndexSettings } from "./list-index-plan.ts";
import { junctionGrams, junctionToken } from "./junction-grams.ts";
import { answerSql, blankFlagSql, collectionSql, FTS_PAD, orderIndexName } from "./sqlite-indexes.ts";
import { COUNT_LIMIT, SEARCH_COUNT_LIMIT, WALK_COUNT_LIMIT, type RecordCondition, type RecordPage, type RecordQuery } from "./types.ts";
import { decodeCursor, encodeCursor, type CursorKey } from "./list-cursor.ts";
import { knownTotal, pageNumber } from "./record-helpers.ts";
import { ftsPhrase } from "./fts-query.ts";

/** A side condition matching at most this many rows is read first, and the records it names sorted; past it, the list is walked in order. */
const DRIVE_LIMIT = 5_000;
/** SQLite's own index of the records' primary key (the id). */
const RECORDS_BY_ID = "sqlite_autoindex_records_1";


const placeholders = (values: readonly unknown[]): string => values.map(() => "?").join(", ");

/** A condition answered from a side table: tested record by record (probe), or read first (driver) when it matches few. */
interface SideCondition {
  /** Whether testing it compares texts (a search), which costs more than an index lookup. */
  search: boolean;
  probe: Sql;
  /** The same test of the record whose id is the column `id` names. */
  probeOf(id: string): Sql;
  /** SELECT DISTINCT record_id ... of exactly the records it matches; absent when it cannot be read from an index. */
  driver?: Sql;
  /** How many side rows match, counted up to `limit`. */
  count(limit: number): number;
  /**
   * The records it matches, up to `limit`: for a condition whose index is costly to read (a
   * search's), read once and used for the count and the page alike, in place of count().
   */
  records?(limit: number): string[];
  /** About how many of `records` it matches, judged from a sample (cheap, unlike count()); for a deep page's choice of reading (matchSet). */
  estimate?(records: number): number;
}

export const RECORD_COLUMNS =
  "records.id, records.collection, records.version, records.owner_org AS ownerOrg, records.revision, records.data, records.complete, records.missing, records.created_at AS createdAt, records.created_by AS createdBy, records.updated_at AS updatedAt, records.updated_by AS updatedBy, records.archive, records.review_flags AS reviewFlags, records.owner_pending AS ownerPending";

export interface ListResult<Row> {
  rows: Row[];
  total: number;
  totalCapped: boolean;
  next: string | null;
}

export function listRecordRows<Row extends { id: string }>(sqlite: Database.Database, query: RecordQuery, settings: ListIndexSettings | undefined): ListResult<Row> {
  // The collection as a literal when it can be one: the derived indexes are partial, each on its
  // collection's rows, and SQLite uses one only when the query names that collection itself.
  const plain: Sql[] = [COLLECTION_ID.test(query.collection) ? sql(`records.${collectionSql(query.collection)}`) : sql("records.collection = ?", query.collection)];
  if (query.owners !== "all") plain.push(sql(`records.owner_org IN (${placeholders(query.owners)})`, ...query.owners));
  if (query.complete !== undefined) plain.push(sql("records.complete = ?", query.complete ? 1 : 0));
  if (query.flagged !== undefined) plain.push(sql(query.flagged ? "records.review_flags <> '[]'" : "records.review_flags = '[]'"));
  const side: SideCondition[] = [];
  for (const filter of query.filters ?? []) {
    const answer = answerSql(filter.item);
    // No values to match: nothing can match (never "any record").
    if (filter.values.length === 0) plain.push(sql("0"));
    else if (filter.match === "includes" && settings?.includes.includes(filter.item)) side.push(choiceCondition(sqlite, query.collection, filter.item, filter.values));
    else if (filter.match === "includes") plain.push(sql(`EXISTS (SELECT 1 FROM json_each(records.data, '$."${filter.item}"') WHERE json_each.value IN (${placeholders(filter.values)}))`, ...filter.values));
    else plain.push(sql(`${answer} IN (${placeholders(filter.values)})`, ...filter.values));
  }
  // A range's tests that an order index answers, each with the same test written so that no
  // index can (unary plus): a page of a wide range in another order may walk that order instead.
  const walkedForm = new Map<Sql, Sql>();
  let rangeIndex: string | undefined;
  for (const range of query.dateRanges ?? []) {
    const answer = answerSql(range.item);
    const fromOrderIndex = settings !== undefined && rangeFromOrderIndex(settings, range.item);
    // In another order, the range may be walked instead, or its order index named.
    const walkable = fromOrderIndex && range.item !== query.sortBy;
    const terms: [string, unknown[]][] = [];
    // A range holds only answered records; saying so lets SQLite read it from the order index.
    if (fromOrderIndex) terms.push([`${blankFlagSql(range.item)} = 0`, []]);
    if (range.from !== undefined) terms.push([`${answer} >= ?`, [range.from]]);
    if (range.to !== undefined) terms.push([`${answer} <= ?`, [range.to]]);
    for (const [text, params] of terms) {
      const term = sql(text, ...params);
      plain.push(term);
      if (walkable) walkedForm.set(term, sql(`+${text}`, ...params));
    }
    if (walkable) rangeIndex ??= orderIndexName(query.collection, range.item, query.owners !== "all");
  }
  if (query.where) plain.push(conditionSql(query.where));
  if (query.migrated !== undefined) {
    const touched = "EXISTS (SELECT 1 FROM revisions v WHERE v.record_id = records.id AND (v.reason = 'import' OR v.reason LIKE 'migration %'))";
    plain.push(sql(query.migrated ? touched : `NOT ${touched}`));
  }
  if (query.updatedBefore !== undefined) plain.push(sql("records.updated_at < ?", query.updatedBefore));
  const search = query.search;
  if (search && search.text !== "") {
    if (search.items.length === 0) plain.push(sql("0"));
    else if (settings && search.items.every((item) => settings.search.includes(item))) side.push(searchCondition(sqlite, query.collection, search.items, search.text));
    else {
      const pattern = likePattern(search.text);
      plain.push(sql(`(${search.items.map((item) => `lower(${answerSql(item)}) LIKE lower(?) ESCAPE '\\'`).join(" OR ")})`, ...search.items.map(() => pattern)));
    }
  }

  const pageSize = pageNumber(query.pageSize, "pageSize", 0);
  const page = pageNumber(query.page, "page", 1);
  const order = listOrder(query);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order.signature);
  if (query.cursor !== undefined && !cursor) throw new RangeError("cursor is not one this list gave, or belongs to another order");

  // A deep page of a search too common to sort, when it is the only side condition: its matches
  // read into a set first, whose size is then its count, so they are not read again to choose a
  // driver and to count (20 ms of the 112 that page 80 of "missed appointment" took at 1,000,000
  // cases). With another side condition, which may drive, the set is read only if none does.
  const deep = !cursor && page > 1 && pageSize > 0;
  let inSet = deep && side.length === 1 ? matchSet(sqlite, side, page * pageSize + 1) : undefined;

  // Which side condition, if any, is read first: the one matching fewest rows, if few enough.
  const counted = side
    .filter((c) => c.driver)
    .map((c) => {
      if (c === inSet?.condition) return { c, n: inSet.size, found: inSet.size <= DRIVE_LIMIT ? matchSetIds(sqlite) : undefined };
      const found = c.records?.(DRIVE_LIMIT + 1);
      return { c, n: found ? found.length : c.count(DRIVE_LIMIT + 1), found };
    });
  counted.sort((a, b) => a.n - b.n);
  const first = counted.length && counted[0]!.n <= DRIVE_LIMIT ? counted[0]! : undefined;
  const driver = first?.c;
  // A driver already read is named by its records, not read again for the count and each block
  // of the page: a phrase of common words took 112 ms a reading at 1,000,000 cases, and three
  // readings for one list.
  const driverRows = first?.found ? sql("SELECT value AS record_id FROM json_each(?)", JSON.stringify(first.found)) : driver?.driver;

  // The records a side condition found are read by their ids, named outright: with the statistics
  // of a table that was empty (those a tracker started on an empty file keeps until it restarts),
  // SQLite preferred a collection's partial index, and walked it whole for every record found.
  const from = (drive: SideCondition | undefined): Sql => {
    const rows = drive === driver ? driverRows : drive?.driver;
    return rows ? sql(`(${rows.text}) d CROSS JOIN records INDEXED BY ${RECORDS_BY_ID} ON records.id = d.record_id`, ...rows.params) : sql("records");
  };
  // A side condition whose matches were read into a set (matchSet) is tested against the set.
  const probeOf = (c: SideCondition): Sql => (c === inSet?.condition ? inSet.probe : c.probe);
  const where = (drive: SideCondition | undefined, extra: Sql[], terms: Sql[] = plain): Sql => join([...terms, ...side.filter((c) => c !== drive).map(probeOf), ...extra], " AND ");

  // The count stops past COUNT_LIMIT. Across every owner, walking a side condition's index
  // finds its matches without looking at the records that do not have them; within a few
  // owners, their records (through the owner index) are fewer than the condition's matches
  // across all owners, so they are walked instead and the condition tested on each.
  const countFrom = driver ?? (query.owners === "all" ? counted[0]?.c : undefined);
  const limit = side.some((c) => c.search) ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
  let n: number;
  let total: number;
  let totalCapped: boolean;
  if (!countFrom && side.length > 0) {
    // Walking the records and testing each: only the first WALK_COUNT_LIMIT are tested.
    const candidates = join(plain, " AND ");
    const tests = join(side.map((c) => c.probeOf("walked.id")), " AND ");
    const walkSql = `SELECT count(*) AS walked, coalesce(sum(CASE WHEN ${tests.text} THEN 1 ELSE 0 END), 0) AS n FROM (SELECT records.id AS id FROM records WHERE ${candidates.text} LIMIT ${WALK_COUNT_LIMIT + 1}) AS walked`;
    const walk = sqlite.prepare(walkSql).get(...tests.params, ...candidates.params) as { walked: number; n: number };
    n = walk.n;
    total = Math.min(n, limit);
    totalCapped = walk.walked > WALK_COUNT_LIMIT || n > limit;
  } else {
    const countRows = countFrom === driver ? driverRows : countFrom?.driver;
    if (inSet && countFrom === inSet.condition && plain.length === 1 && side.length === 1) {
      // Every match is in the set (matchSet keeps only a set that holds them all).
      n = inSet.size;
    } else if (countRows && plain.length === 1 && side.length === 1) {
      // Nothing else to test (the driver is within the collection): its index alone counts.
      n = (sqlite.prepare(`SELECT count(*) AS n FROM (${countRows.text} LIMIT ${limit + 1})`).get(...countRows.params) as { n: number }).n;
    } else {
      const countWhere = where(countFrom, []);
      const countFromSql = from(countFrom);
      const countSql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${countFromSql.text} WHERE ${countWhere.text} LIMIT ${limit + 1})`;
      n = (sqlite.prepare(countSql).get(...countFromSql.params, ...countWhere.params) as { n: number }).n;
    }
    total = Math.min(n, limit);
    totalCapped = n > limit;
  }
  if (pageSize === 0 || (n === 0 && !totalCapped)) {
    if (inSet) emptyMatchSet(sqlite);
    return { rows: [], total, totalCapped, next: null };
  }

  const fromSql = from(driver);
  /** Whether the first WALK_PROBE records in the list's order hold `wanted` of the range's matches. */
  const walkFinds = (wanted: number): boolean => {
    const block = order.blocks[0]!;
    const tests = join([...walkedForm.keys()], " AND ");
    const w = where(driver, block.conditions, plain.filter((term) => !walkedForm.has(term)));
    const text = `SELECT count(*) AS n FROM (SELECT ${tests.text} AS hit FROM ${fromSql.text} WHERE ${w.text} ORDER BY ${block.orderBy} LIMIT ${WALK_PROBE}) WHERE hit`;
    return (sqlite.prepare(text).get(...tests.params, ...fromSql.params, ...w.params) as { n: number }).n >= wanted;
  };
  // A date range in another order is read from its order index and sorted: the order indexes
  // end with the update time, so only the page's records are read (at 1,000,000 cases, 4 ms
  // for a month's incidents, 50 ms for a year's, 130 ms for all of them). A wide range's page
  // is often among the first records of the list's own order, but not always (March 2024's
  // incidents, newest first, come after 180,000 records: 350 ms); so its first page or so is
  // looked for there, and the order walked only if they hold it.
  const reach = page * pageSize + 1;
  const walk = walkedForm.size > 0 && n > WIDE_RANGE && !cursor && order.blocks.length === 1 && reach <= WALK_PROBE / 4 && walkFinds(reach);
  const pageTerms = walk ? plain.map((term) => walkedForm.get(term) ?? term) : plain;
  // Not walking, newest first: the range's order index is named, or SQLite may choose to walk
  // the list's order itself, or to read every record, for a range it reckons wide (it does not
  // count on the sort needing only the index).
  const pageFrom = rangeIndex && !walk && !driver && order.signature.startsWith("updatedAt:") ? sql(`records INDEXED BY "${rangeIndex}"`) : fromSql;
  const run = (extra: Sql[], orderBy: string, limit: number, offset: number): Row[] => {
    const w = where(driver, extra, pageTerms);
    const text = `SELECT ${RECORD_COLUMNS}${order.keyColumns} FROM ${pageFrom.text} WHERE ${w.text} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
    return sqlite.prepare(text).all(...pageFrom.params, ...w.params, limit, offset) as Row[];
  };
  // How many rows a block of the order has, counted up to `upTo`.
  const count = (extra: Sql[], upTo: number): number => {
    const w = where(driver, extra, pageTerms);
    return (sqlite.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${fromSql.text} WHERE ${w.text} LIMIT ?)`).get(...fromSql.params, ...w.params, upTo) as { n: number }).n;
  };
  // One row more than the page says whether there is a next page.
  const rows: Row[] = [];
  const wanted = pageSize + 1;
  if (deep && !driver && side.length > 1) inSet = matchSet(sqlite, side, page * pageSize + 1);
  if (!cursor) {
    let skip = (page - 1) * pageSize;
    for (const block of order.blocks) {
      const got = run(block.conditions, block.orderBy, wanted - rows.length, skip);
      rows.push(...got);
      if (rows.length >= wanted) break;
      // This block is used up. Had it rows past the offset, the next block starts at its first
      // row; had it none, the offset reaches into the next by what is left after this block's.
      skip = got.length > 0 ? 0 : skip - count(block.conditions, skip);
    }
  } else {
    for (const step of order.after(cursor)) {
      rows.push(...run(step.conditions, step.orderBy, wanted - rows.length, 0));
      if (rows.length >= wanted) break;
    }
  }
  if (inSet) emptyMatchSet(sqlite);
  const more = rows.length > pageSize;
  const pageRows = rows.slice(0, pageSize);
  total = knownTotal(total, totalCapped, cursor || pageRows.length === 0 ? null : (page - 1) * pageSize + pageRows.length);
  const last = pageRows.at(-1) as (Row & Record<string, unknown>) | undefined;
  const next = more && last ? encodeCursor(order.signature, order.keyOf(last)) : null;
  for (const row of pageRows as Record<string, unknown>[]) for (const k of order.keyNames) delete row[k];
  return { rows: pageRows, total, totalCapped, next };
}

/** The temporary table of this connection's own that matchSet reads a condition's matches into. */
const MATCH_SET = "temp.scrt_list_matches";
const withMatchSet = new WeakSet<Database.Database>();

/**
 * For a deep page of a list that a side condition's index cannot drive (it matches too many for
 * its records to be sorted): the condition's matches read into a set, so that the walk to the
 * page tests each record against the set rather than testing its texts. Reading the set costs
 * about as much a match as testing a record (1.5 µs); the walk then costs a tenth of that. To
 * reach the page, about reach × (records / matches) records are walked, so the set is read when
 * matches² < reach × records: page 80 of "missed appointment" at 1,000,000 cases (25,027
 * matches) took 126 ms walked and 55 ms from its set; page 80 of "missed" (49,778) took 53 ms
 * walked and would take 96 ms from its set.
 *
 * The matches are judged from a sample first (estimate), and read only up to the bound: a set
 * that would hold more is not used (its reading is lost, at most about the cost of the walk).
 * A set that holds them all also counts them, and one that turns out to hold few enough to sort
 * (the sample took them for more) gives its ids to be read as the list's driver.
 * The set lives in a temporary table of the connection (a read worker's is read-only, its
 * temporary tables are not), emptied when the page has been read.
 */
function matchSet(sqlite: Database.Database, side: SideCondition[], reach: number): { condition: SideCondition; probe: Sql; size: number } | undefined {
  const condition = side.find((c) => c.driver && c.estimate);
  if (!condition?.driver || !condition.estimate) return undefined;
  // About how many records there are, in every collection: the largest rowid (records are not deleted), read from the end of the table.
  const records = (sqlite.prepare("SELECT max(rowid) FROM records").pluck().get() as number | null) ?? 0;
  const most = matchSetMost(reach, records);
  if (most <= DRIVE_LIMIT) return undefined;
  // Few enough to sort (read as a driver) or too many for a set: not read into one.
  const estimate = condition.estimate(records);
  if (estimate <= DRIVE_LIMIT || estimate > most) return undefined;
  if (!withMatchSet.has(sqlite)) {
    sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS scrt_list_matches (id TEXT PRIMARY KEY) WITHOUT ROWID`);
    withMatchSet.add(sqlite);
  }
  emptyMatchSet(sqlite);
  const size = sqlite.prepare(`INSERT INTO ${MATCH_SET} ${condition.driver.text} LIMIT ?`).run(...condition.driver.params, most + 1).changes;
  if (size > most) {
    emptyMatchSet(sqlite);
    return undefined;
  }
  // Unary plus: tested on each record walked, never used to find records by id.
  return { condition, probe: sql(`+records.id IN ${MATCH_SET}`), size };
}

/** The ids in the set, for a condition the sample took for too common to sort that turned out not to be. */
function matchSetIds(sqlite: Database.Database): string[] {
  return sqlite.prepare(`SELECT id FROM ${MATCH_SET}`).pluck().all() as string[];
}

function emptyMatchSet(sqlite: Database.Database): void {
  sqlite.prepare(`DELETE FROM ${MATCH_SET}`).run();
}

interface ListOrder {
  /** Which order a cursor belongs to. */
  signature: string;
  /**
   * The order's rows as consecutive blocks, each with its conditions and ORDER BY: one for most
   * orders; two when an answer is read backwards (the answered records, then the blank ones).
   */
  blocks: { conditions: Sql[]; orderBy: string }[];
  /** Extra columns selected to make the next cursor. */
  keyColumns: string;
  keyNames: string[];
  keyOf(row: Record<string, unknown>): CursorKey;
  /** The queries, in turn, of the rows after a cursor (each with its conditions and order): more than one when the order's blank answers are reached. */
  after(cursor: CursorKey): { conditions: Sql[]; orderBy: string }[];
}

function listOrder(query: RecordQuery): ListOrder {
  const sortBy = query.sortBy ?? "updatedAt";
  const isTime = sortBy === "updatedAt" || sortBy === "createdAt";
  const dir = (query.sortDir ?? (isTime ? "desc" : "asc")) === "asc" ? "asc" : "desc";
  const DIR = dir === "asc" ? "ASC" : "DESC";
  const cmp = dir === "asc" ? ">" : "<";
  const signature = `${sortBy}:${dir}`;
  if (isTime) {
    const column = sortBy === "updatedAt" ? "records.updated_at" : "records.created_at";
    return {
      signature,
      blocks: [{ conditions: [], orderBy: `${column} ${DIR}, records.id ${DIR}` }],
      keyColumns: `, ${column} AS _k`,
      keyNames: ["_k"],
      keyOf: (row) => ({ value: row._k as string, id: row.id as string }),
      after: (c) => [{ conditions: [sql(`(${column}, records.id) ${cmp} (?, ?)`, c.value, c.id)], orderBy: `${column} ${DIR}, records.id ${DIR}` }],
    };
  }
  const answer = answerSql(checkItemKey(sortBy, "sort"));
  const flag = blankFlagSql(sortBy);
  // Records without an answer come last in either direction; id keeps paging stable. With the
  // flag fixed, it is left out of ORDER BY, which SQLite would otherwise sort again.
  const within = `${answer} ${DIR}, records.id ${DIR}`;
  return {
    signature,
    // Ascending is the order index's own, in one pass; descending reads it backwards a block at a time.
    blocks: dir === "asc" ? [{ conditions: [], orderBy: `${flag} ASC, ${within}` }] : [{ conditions: [sql(`${flag} = 0`)], orderBy: within }, { conditions: [sql(`${flag} = 1`)], orderBy: within }],
    keyColumns: `, ${answer} AS _k`,
    keyNames: ["_k"],
    keyOf: (row) => ({ value: (row._k ?? null) as CursorKey["value"], id: row.id as string }),
    after: (c) => {
      // Within the answered block the answer is a range on the index; the blank block follows.
      const blanks = { conditions: [sql(`${flag} = 1`), sql(`records.id ${cmp} ?`, c.value === null ? c.id : dir === "asc" ? "" : "\uffff")], orderBy: within };
      if (c.value === null) return [blanks];
      return [{ conditions: [sql(`${flag} = 0`), sql(`${answer} ${cmp}= ?`, c.value), sql(`(${answer}, records.id) ${cmp} (?, ?)`, c.value, c.id)], orderBy: within }, blanks];
    },
  };
}

function choiceCondition(sqlite: Database.Database, collection: string, item: string, values: string[]): SideCondition {
  const inValues = `value IN (${placeholders(values)})`;
  const probeOf = (id: string) => sql(`EXISTS (SELECT 1 FROM record_choices c WHERE c.record_id = ${id} AND c.item = ? AND c.${inValues})`, item, ...values);
  return {
    search: false,
    probe: probeOf("records.id"),
    probeOf,
    driver: sql(`SELECT DISTINCT record_id FROM record_choices WHERE collection = ? AND item = ? AND ${inValues}`, collection, item, ...values),
    count: (limit) => (sqlite.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM record_choices WHERE collection = ? AND item = ? AND ${inValues} LIMIT ?)`).get(collection, item, ...values, limit) as { n: number }).n,
  };
}

/**
 * "Contains, ignoring case" in the search items. The trigram index finds the texts holding the
 * search's text wherever it is in them, ignoring case; the LIKE test, as exact as the list's
 * search has always been, decides. A text in which words meet (three characters either side of
 * a space) is found from the junction index (migration 0014); any other text of three characters
 * or more is a phrase of its own trigrams; a shorter one is found through the trigrams that
 * start with it (shortTextTerms).
 */
function searchCondition(sqlite: Database.Database, collection: string, items: string[], text: string): SideCondition {
  const pattern = likePattern(text);
  const like = `s.item IN (${placeholders(items)}) AND lower(s.text) LIKE lower(?) ESCAPE '\\'`;
  const probeOf = (id: string) => sql(`EXISTS (SELECT 1 FROM record_search s WHERE s.record_id = ${id} AND ${like})`, ...items, pattern);
  const probe = probeOf("records.id");
  let phrase = ftsPhrase(text);
  // Under three characters there is no trigram of its own.
  if ([...text].length < 3) {
    const terms = shortTextTerms(sqlite, collection, items, text, pattern);
    // Common (a page of it is soon found in the list's order): tested record by record.
    if (terms === undefined) return { search: true, probe, probeOf, count: () => Number.MAX_SAFE_INTEGER };
    if (terms.length === 0) return { search: true, probe, probeOf, driver: sql("SELECT NULL AS record_id WHERE 0"), count: () => 0 };
    phrase = terms.map(ftsPhrase).join(" OR ");
  }
  // Words that meet in the text: found where they meet (junction-grams.ts), which narrows a
  // phrase of common words as its trigrams cannot.
  const grams = junctionGrams(text);
  const index = grams.length > 0 && junctionsReady(sqlite) ? { table: "record_search_junctions", match: grams.map((g) => `"${junctionToken(g)}"`).join(" AND ") } : { table: "record_search_fts", match: phrase };
  // A join, not "id IN (...)": the matches stream from the index, so a read that stops at its
  // limit reads no further (IN would collect every match first).
  const matches = sql(`SELECT DISTINCT s.record_id FROM ${index.table} CROSS JOIN record_search s ON s.id = ${index.table}.rowid WHERE ${index.table} MATCH ? AND s.collection = ? AND ${like}`, index.match, collection, ...items, pattern);
  const records = (limit: number) => sqlite.prepare(`${matches.text} LIMIT ?`).pluck().all(...matches.params, limit) as string[];
  // The share of the sampled texts' records that match, of every record (the texts' ids are no
  // count of them: texts indexed again have new ones).
  const estimate = (records: number) => {
    const sample = searchSample(sqlite, collection, items, pattern);
    return sample.records === 0 ? Number.MAX_SAFE_INTEGER : Math.ceil((sample.recordHits / sample.records) * records);
  };
  return { search: true, probe, probeOf, driver: matches, records, count: (limit) => records(limit).length, estimate };
}

/** How many of the collection's newest search texts (SEARCH_SAMPLE) in these items hold the pattern, and of how many records. */
function searchSample(sqlite: Database.Database, collection: string, items: string[], pattern: string): { texts: number; hits: number; records: number; recordHits: number } {
  return sqlite
    .prepare(
      `SELECT count(*) AS texts, coalesce(sum(hit), 0) AS hits, count(DISTINCT record_id) AS records, count(DISTINCT CASE WHEN hit THEN record_id END) AS recordHits FROM (SELECT record_id, lower(text) LIKE lower(?) ESCAPE '\\' AS hit FROM record_search WHERE id > (SELECT max(id) FROM record_search) - ${SEARCH_SAMPLE.texts} AND collection = ? AND item IN (${placeholders(items)}))`,
    )
    .get(pattern, collection, ...items) as { texts: number; hits: number; records: number; recordHits: number };
}

/** Connections that have seen the junction index filled (it stays so). */
const junctionsFilled = new WeakSet<Database.Database>();

/** Whether the junction index holds every text: not while the texts stored before it are being indexed (migration 0014). */
function junctionsReady(sqlite: Database.Database): boolean {
  if (junctionsFilled.has(sqlite)) return true;
  if (sqlite.prepare("SELECT 1 FROM record_search_junctions_fill LIMIT 1").get()) return false;
  junctionsFilled.add(sqlite);
  return true;
}

/**
 * More terms than this and the text is common after all: a query of that many alternatives
 * costs more than walking (20 ms for 1,000 terms, 540 ms for 8,100).
 */
const MOST_TERMS = 1_000;

/**
 * The index's terms (trigrams) that start with a text of one or two characters: every text
 * holding it has one of them, as each text is indexed with FTS_PAD after it (migration 0013).
 * Undefined when the list is better walked in its order, testing each record:
 *  - the text is common (isCommonInSample);
 *  - the text starts more than MOST_TERMS terms.
 */
function shortTextTerms(sqlite: Database.Database, collection: string, items: string[], text: string, pattern: string): string[] | undefined {
  if (isCommonInSample(searchSample(sqlite, collection, items, pattern))) return undefined;
  const start = /^[\x20-\x7e]+$/.test(text) ? text.toLowerCase() : foldAsIndexed(sqlite, text);
  const terms = sqlite.prepare(`SELECT term FROM record_search_terms WHERE term >= ? AND term < ? LIMIT ${MOST_TERMS + 1}`).pluck().all(start, `${start}\u{10FFFF}`) as string[];
  return terms.length > MOST_TERMS ? undefined : terms;
}

/** Connections that have the temporary index foldAsIndexed uses. */
const withFoldIndex = new WeakSet<Database.Database>();

/**
 * A text as the search index folds its case, which is Unicode's ("ZÉ" is "zé", "ς" is "σ",
 * "ſ" is "s") where JavaScript's toLowerCase and SQL's lower() differ: read from a temporary
 * index of this connection's own (a read worker's connection is read-only, its temporary tables
 * are not), made with the same tokenizer as record_search_fts (migration 0010), into which the
 * text is written and whose first term is read. A text that LIKE finds holds the same non-ASCII
 * characters, so its terms start with this fold too. About 30 µs.
 */
function foldAsIndexed(sqlite: Database.Database, text: string): string {
  if (!withFoldIndex.has(sqlite)) {
    sqlite.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.scrt_fold USING fts5(t, tokenize='trigram'); CREATE VIRTUAL TABLE IF NOT EXISTS temp.scrt_fold_terms USING fts5vocab(temp, scrt_fold, instance);");
    withFoldIndex.add(sqlite);
  }
  sqlite.prepare("INSERT INTO temp.scrt_fold (rowid, t) VALUES (1, ?)").run(text + FTS_PAD);
  try {
    const first = sqlite.prepare("SELECT term FROM temp.scrt_fold_terms WHERE \"offset\" = 0").pluck().get() as string;
    return [...first].slice(0, [...text].length).join("");
  } finally {
    sqlite.prepare("DELETE FROM temp.scrt_fold").run();
  }
}

/**
 * A condition as SQL that is always 0 or 1, never NULL, so that "not" of a test on a missing
 * answer holds (as the engine's evaluateCondition has it).
 */
function conditionSql(condition: RecordCondition): Sql {
  if ("all" in condition) return wrap(join(condition.all.map(conditionSql), " AND "));
  if ("any" in condition) return wrap(join(condition.any.map(conditionSql), " OR "));
  if ("not" in condition) {
    const inner = conditionSql(condition.not);
    return sql(`(NOT ${inner.text})`, ...inner.params);
  }
  const value = answerSql(condition.item);
  const path = `'$."${condition.item}"'`;
  const type = `json_type(records.data, ${path})`;
  if ("equals" in condition) return sql(`coalesce(${type} = 'text' AND ${value} = ?, 0)`, condition.equals);
  if ("in" in condition) return sql(`coalesce(${type} = 'text' AND ${value} IN (${placeholders(condition.in)}), 0)`, ...condition.in);
  if ("includes" in condition) return sql(`coalesce(${type} = 'array' AND EXISTS (SELECT 1 FROM json_each(records.data, ${path}) WHERE json_each.value = ?), 0)`, condition.includes);
  const present = `coalesce(${type} <> 'null' AND NOT (${type} = 'text' AND trim(${value}) = '') AND NOT (${type} = 'array' AND json_array_length(records.data, ${path}) = 0), 0)`;
  return sql(condition.present ? present : `(NOT ${present})`);
}


