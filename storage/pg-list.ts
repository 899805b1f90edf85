/**
 * The case list's query on PostgreSQL: the same answers, order, keyset cursors and capped
 * counts as sqlite-list.ts. Single answers are read from their key columns (pg-indexes.ts),
 * whose indexes serve the order, the filters and the date ranges; multiple-choice filters and
 * the search come from their side tables as semi-joins, which PostgreSQL's planner drives from
 * whichever side matches fewer rows (SQLite needs the choice made by hand). Item keys reach the
 * SQL text only through checkItemKey; every value is a bound parameter.
 */
import { junctionGrams } from "./junction-grams.ts";
import { isCommonInSample, join, likePattern, matchSetMost, SEARCH_SAMPLE, sql, WALK_PROBE, WIDE_RANGE, wrap, type Sql } from "./list-sql.ts";
import { checkItemKey } from "./list-index-plan.ts";
import { decodeCursor, encodeCursor, type CursorKey } from "./list-cursor.ts";
import { numbered, type PgDb } from "./pg-db.ts";
import { answerText, type ListKeys } from "./pg-indexes.ts";
import { knownTotal, pageNumber } from "./record-helpers.ts";
import { COUNT_LIMIT, SEARCH_COUNT_LIMIT, WALK_COUNT_LIMIT, type RecordCondition, type RecordQuery, type StoredRecord } from "./types.ts";


export const PG_RECORD_COLUMNS = `records.id, records.collection, records.version, records.owner_org AS "ownerOrg", records.revision, records.data, records.complete, records.missing, records.created_at AS "createdAt", records.created_by AS "createdBy", records.updated_at AS "updatedAt", records.updated_by AS "updatedBy", records.archive, records.review_flags AS "reviewFlags", records.owner_pending AS "ownerPending"`;

export interface PgListResult {
  rows: StoredRecord[];
  total: number;
  totalCapped: boolean;
  next: string | null;
}

export async function listRecordRowsPg(db: PgDb, query: RecordQuery, keys: ListKeys): Promise<PgListResult> {
  const { settings } = keys;
  const where: Sql[] = [sql("records.collection = ?", query.collection)];
  // The conditions answered from a side table: as semi-joins, for the planner to drive, and as a
  // test of one record, for a count that walks an owner's records.
  const semiJoins: Sql[] = [];
  const probes: ((id: string) => Sql)[] = [];
  // One owner as equality: = ANY(...) would keep PostgreSQL from reading the owner index in the list's order.
  if (query.owners !== "all") where.push(query.owners.length === 1 ? sql("records.owner_org = ?", query.owners[0]) : sql("records.owner_org = ANY(?)", query.owners));
  if (query.complete !== undefined) where.push(sql("records.complete = ?", query.complete));
  if (query.flagged !== undefined) where.push(sql(query.flagged ? "records.review_flags <> '[]'::jsonb" : "records.review_flags = '[]'::jsonb"));
  for (const filter of query.filters ?? []) {
    const item = checkItemKey(filter.item, "filter");
    if (filter.values.length === 0) where.push(sql("false"));
    else if (filter.match === "includes" && settings?.includes.includes(item)) {
      semiJoins.push(sql("records.id IN (SELECT c.record_id FROM record_choices c WHERE c.collection = ? AND c.item = ? AND c.value = ANY(?))", query.collection, item, filter.values));
      probes.push((id) => sql(`EXISTS (SELECT 1 FROM record_choices c WHERE c.record_id = ${id} AND c.item = ? AND c.value = ANY(?))`, item, filter.values));
    }
    else if (filter.match === "includes") where.push(sql(`(${includesAny(item)})`, filter.values, filter.values));
    // One code as equality: = ANY(...) would keep PostgreSQL from reading the lookup index in the list's order.
    else if (filter.values.length === 1) where.push(sql(`${keys.key(item)} = ?::jsonb`, JSON.stringify(filter.values[0])));
    else where.push(sql(`${keys.key(item)} = ANY(?::jsonb[])`, filter.values.map((v) => JSON.stringify(v))));
  }
  // A range's tests that an order index answers: in another order, a page of a wide range may
  // be found by walking that order and testing each record instead.
  const walkable = new Set<Sql>();
  for (const range of query.dateRanges ?? []) {
    const key = keys.key(checkItemKey(range.item, "date range"));
    const fromOrderIndex = keys.rangeFromOrderIndex(range.item);
    const terms: Sql[] = [];
    // A range holds only answered records; saying so (in the form PostgreSQL matches to an
    // index's boolean column) lets the range follow the flag in the order index.
    if (fromOrderIndex) terms.push(sql(`(${key} IS NULL) IS FALSE`));
    if (range.from !== undefined) terms.push(sql(`${key} >= ?::jsonb`, JSON.stringify(range.from)));
    if (range.to !== undefined) terms.push(sql(`${key} <= ?::jsonb`, JSON.stringify(range.to)));
    where.push(...terms);
    if (fromOrderIndex && range.item !== query.sortBy) for (const term of terms) walkable.add(term);
  }
  if (query.where) where.push(conditionSql(query.where));
  if (query.migrated !== undefined) {
    const touched = "EXISTS (SELECT 1 FROM revisions v WHERE v.record_id = records.id AND (v.reason = 'import' OR v.reason LIKE 'migration %'))";
    where.push(sql(query.migrated ? touched : `NOT ${touched}`));
  }
  if (query.updatedBefore !== undefined) where.push(sql("records.updated_at < ?", query.updatedBefore));
  const search = query.search;
  // A count answered from the search table alone, when the search is the list's only condition.
  let searchCount: { rows: Sql; perRecord: number } | undefined;
  // A search found from the junction or pieces index whose texts are so few that they are all
  // read and joined to their records: the page is found among them and the count is exact.
  let fewIndexedTexts = false;
  // A common search that an index narrows, as the list's only condition: for a deep page, its
  // matches may be read from that index into a set (readMatchSet).
  let deepSet: { rows: Sql; perRecord: number; share: number } | undefined;
  // Where in semiJoins the search's own is, for one that names the records found instead.
  let searchJoin = -1;
  if (search && search.text !== "") {
    const items = search.items.map((item) => checkItemKey(item, "search"));
    const pattern = likePattern(search.text);
    if (items.length === 0) where.push(sql("false"));
    else if (settings && items.every((item) => settings.search.includes(item))) {
      // An index finds the candidates; LIKE, as exact as the list's search has always been,
      // decides. Unless the text is common, a text in which words meet (three characters either
      // side of a space) is found where they meet (migration 0005), and one with no word of three
      // letters or digits, which has no trigram worth the name, from the index of every text's
      // characters and pairs (migration 0004). Any other is found from its trigrams.
      const junctions = junctionGrams(search.text);
      const trigrams = trigramsHelp(search.text);
      const narrowing = junctions.length > 0 ? junctionCondition(junctions) : trigrams ? undefined : pieceCondition(search.text);
      const textsWhere = (narrowed: boolean, folded: string) => {
        const found = sql(`${folded} LIKE ${asciiLower("?")} ESCAPE '\\'`, pattern);
        const texts = narrowed && narrowing ? join([found, narrowing], " AND ") : found;
        return join([sql("SELECT s.record_id FROM record_search s WHERE"), texts, sql("AND s.collection = ? AND s.item = ANY(?)", query.collection, items)], " ");
      };
      // pg_trgm's index is kept out of a search another index narrows (LIKE on an expression it
      // does not index): it reckons few candidates and reads nearly every text ("n/a" at
      // 1,000,000 cases: 948 ms, its trigram "  a" being in 919,392 texts). A common phrase
      // ("missed appointment", in 1.3% of texts) is left to pg_trgm and the planner, as a
      // common word is: walked without either index, its count read texts until it had 2,001
      // (about 1 s at 1,000,000 cases).
      // The texts the narrowing index finds and LIKE keeps: to judge the spread, and a deep page's set.
      const narrowed = narrowing ? textsWhere(true, "(s.folded || '')") : undefined;
      const judged = narrowed ? await indexedSpread(db, narrowed, query.collection, items, pattern) : undefined;
      let spread = judged?.spread ?? "trigrams";
      // The search as the list's only condition, and how many texts a record may have among them.
      const alone = where.length === 1 && semiJoins.length === 0;
      const perRecord = new Set(items).size;
      if (narrowed && judged?.spread === "common" && alone) deepSet = { rows: narrowed, perRecord, share: judged.share };
      if (spread === "common" && trigrams) spread = "trigrams";
      const folded = spread === "trigrams" ? "s.folded" : "(s.folded || '')";
      fewIndexedTexts = spread === "few";
      if (alone) searchCount = { rows: textsWhere(spread === "few" || spread === "many", folded), perRecord };
      const rows = textsWhere(spread === "few", folded);
      searchJoin = semiJoins.push(sql(`records.id IN (${rows.text})`, ...rows.params)) - 1;
      probes.push((id) => sql(`EXISTS (SELECT 1 FROM record_search s WHERE s.record_id = ${id} AND s.item = ANY(?) AND s.folded LIKE ${asciiLower("?")} ESCAPE '\\')`, items, pattern));
    }
    else where.push(sql(`(${items.map((item) => `${asciiLower(answerText(item))} LIKE ${asciiLower("?")} ESCAPE '\\'`).join(" OR ")})`, ...items.map(() => pattern)));
  }

  const pageSize = pageNumber(query.pageSize, "pageSize", 0);
  const page = pageNumber(query.page, "page", 1);
  const order = listOrder(query, keys);
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order.signature);
  if (query.cursor !== undefined && !cursor) throw new RangeError("cursor is not one this list gave, or belongs to another order");

  // One snapshot: the count and the page see the same state.
  return db.transaction(async () => {
    // A list answers one person waiting for a page: parallel workers take longer to start (about
    // 50 ms) than an indexed page takes to read, and on a small machine they take the cores
    // other requests need (an ICB's search at a million records: 82 ms with two, 5 ms without).
    await db.exec("SET LOCAL max_parallel_workers_per_gather = 0");
    const limit = search && search.text !== "" ? SEARCH_COUNT_LIMIT : COUNT_LIMIT;
    let n: number;
    let totalCapped: boolean;
    const set = deepSet && !cursor && page > 1 && pageSize > 0 ? await readMatchSet(db, deepSet, page * pageSize + 1) : undefined;
    if (set) {
      // Every match is in the set: it is the count, and the page is found among its records.
      n = set.size;
      totalCapped = n > limit;
      semiJoins[searchJoin] = set.condition;
    } else if (searchCount) {
      // The trigram index finds the matching texts without visiting the records. A record has
      // at most one text an item, so reading up to (limit + 1) × items texts either sees them
      // all (the distinct records among them are the exact count) or proves more than `limit`
      // records match. Read through records instead, a common word's count took half a second
      // at a million records.
      // Most records match in one item only, so the first (limit + 1) texts usually settle it:
      // all of them seen, or as many records as texts. Reading twice that many, as the bound
      // needs when records match in several items, took twice as long for a common word.
      const seen = async (most: number) => {
        const texts = await db.query<{ record_id: string }>(numbered(`${searchCount!.rows.text} LIMIT ${most}`), searchCount!.rows.params);
        const ids = [...new Set(texts.map((t) => t.record_id))];
        return { all: texts.length < most, n: ids.length, ids };
      };
      const first = await seen(limit + 1);
      const settled = first.all || first.n > limit || searchCount.perRecord === 1 ? first : await seen((limit + 1) * searchCount.perRecord);
      n = settled.all ? settled.n : Math.max(settled.n, limit + 1);
      totalCapped = n > limit;
      // Every match seen: the page is found among them, not by reading the texts again (a phrase
      // of common words, whose every candidate text is read and tested: 1.3 s, twice over).
      if (settled.all) semiJoins[searchJoin] = sql("records.id = ANY(?::text[])", settled.ids);
    } else if (query.owners !== "all" && probes.length > 0 && !fewIndexedTexts) {
      // Within a few owners, the side conditions would otherwise be read in full across every
      // owner (to be joined): their records are walked instead, and only the first
      // WALK_COUNT_LIMIT tested, as on SQLite. (A search's texts that the pieces index finds
      // few of are read in full and joined instead, and the count is exact.)
      const plain = join(where, " AND ");
      const tests = join(probes.map((probe) => probe("walked.id")), " AND ");
      const walk = await db.one<{ walked: number; n: number }>(
        numbered(`SELECT count(*) AS walked, count(*) FILTER (WHERE ${tests.text}) AS n FROM (SELECT records.id FROM records WHERE ${plain.text} LIMIT ${WALK_COUNT_LIMIT + 1}) walked`),
        [...tests.params, ...plain.params],
      );
      n = walk!.n;
      totalCapped = walk!.walked > WALK_COUNT_LIMIT || n > limit;
    } else {
      const w = join([...where, ...semiJoins], " AND ");
      n = (await db.one<{ n: number }>(numbered(`SELECT count(*) AS n FROM (SELECT 1 FROM records WHERE ${w.text} LIMIT ${limit + 1}) t`), w.params))!.n;
      totalCapped = n > limit;
    }
    let total = Math.min(n, limit);
    if (pageSize === 0 || (n === 0 && !totalCapped)) return { rows: [], total, totalCapped, next: null };

    // Deep in a list, the rows skipped are found from the index alone and only the page's own
    // rows are read (a "deferred join"): skipping whole rows read them all.
    const fetch = async (ids: Sql, orderBy: string) =>
      db.query<StoredRecord & { _k: unknown }>(numbered(`SELECT ${PG_RECORD_COLUMNS}, ${order.key} AS _k FROM records WHERE records.id IN (${ids.text}) ORDER BY ${orderBy}`), ids.params);
    // A date range in the default order (newest first) that is not walked is sorted from its
    // order index, which carries the update time. The order is written so that no index can
    // give it: PostgreSQL, reckoning the matches spread evenly, would otherwise walk the newest
    // first for them, which took 0.3-0.4 s for March 2024's incidents at a million records.
    const sortRange = walkable.size > 0 && order.signature.startsWith("updatedAt:");
    const run = async (extra: Sql[], orderBy: string, limit: number, offset: number) => {
      const all = join([...where, ...semiJoins, ...extra], " AND ");
      const sortBy = sortRange ? orderBy.replace(/records\.updated_at/, "(records.updated_at || '')") : orderBy;
      return fetch(sql(`SELECT records.id FROM records WHERE ${all.text} ORDER BY ${sortBy} LIMIT ? OFFSET ?`, ...all.params, limit, offset), orderBy);
    };
    /**
     * A wide range's page, in an order other than the range's, looked for among the first
     * WALK_PROBE records of that order (most of a year's incidents are among the newest cases;
     * March 2024's were not): the page's rows, or undefined when those records do not hold them.
     */
    const walk = async (block: { conditions: Sql[]; orderBy: string }, wanted: number, offset: number) => {
      const rest = join([...where.filter((term) => !walkable.has(term)), ...semiJoins, ...block.conditions], " AND ");
      const tests = join([...walkable], " AND ");
      // The LIMIT keeps the tests out of the walk: PostgreSQL cannot read them from its index.
      const ids = sql(
        `SELECT w.id FROM (SELECT records.id, ${tests.text} AS hit, row_number() OVER (ORDER BY ${block.orderBy}) AS pos FROM records WHERE ${rest.text} ORDER BY ${block.orderBy} LIMIT ${WALK_PROBE}) w WHERE w.hit ORDER BY w.pos LIMIT ? OFFSET ?`,
        ...tests.params,
        ...rest.params,
        wanted,
        offset,
      );
      const found = await fetch(ids, block.orderBy);
      return found.length >= wanted ? found : undefined;
    };
    // How many rows a block of the order has, counted up to `upTo`.
    const count = async (extra: Sql[], upTo: number): Promise<number> => {
      const all = join([...where, ...semiJoins, ...extra], " AND ");
      return (await db.one<{ n: number }>(numbered(`SELECT count(*) AS n FROM (SELECT 1 FROM records WHERE ${all.text} LIMIT ?) t`), [...all.params, upTo]))!.n;
    };
    // One row more than the page says whether there is a next page.
    const wanted = pageSize + 1;
    const rows: (StoredRecord & { _k: unknown })[] = [];
    const reach = page * pageSize + 1;
    const walked = walkable.size > 0 && n > WIDE_RANGE && !cursor && order.blocks.length === 1 && reach <= WALK_PROBE / 4 ? await walk(order.blocks[0]!, wanted, (page - 1) * pageSize) : undefined;
    if (walked) rows.push(...walked);
    else if (!cursor) {
      let skip = (page - 1) * pageSize;
      for (const block of order.blocks) {
        const got = await run(block.conditions, block.orderBy, wanted - rows.length, skip);
        rows.push(...got);
        if (rows.length >= wanted) break;
        // This block is used up. Had it rows past the offset, the next block starts at its first
        // row; had it none, the offset reaches into the next by what is left after this block's.
        skip = got.length > 0 ? 0 : skip - (await count(block.conditions, skip));
      }
    } else {
      for (const step of order.after(cursor)) {
        rows.push(...(await run(step.conditions, step.orderBy, wanted - rows.length, 0)));
        if (rows.length >= wanted) break;
      }
    }
    const more = rows.length > pageSize;
    const pageRows = rows.slice(0, pageSize);
    total = knownTotal(total, totalCapped, cursor || pageRows.length === 0 ? null : (page - 1) * pageSize + pageRows.length);
    const last = pageRows.at(-1);
    const next = more && last ? encodeCursor(order.signature, { value: cursorValue(last._k), id: last.id }) : null;
    const items = pageRows.map(({ _k: _unused, ...record }) => record);
    return { rows: items, total, totalCapped, next };
  }, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

function cursorValue(value: unknown): CursorKey["value"] {
  return typeof value === "string" || typeof value === "number" ? value : null;
}

interface ListOrder {
  signature: string;
  /**
   * The order's rows as consecutive blocks, each with its conditions and ORDER BY: one for most
   * orders; two when an answer is read backwards (the answered records, then the blank ones).
   */
  blocks: { conditions: Sql[]; orderBy: string }[];
  /** The sort value selected to make the next cursor. */
  key: string;
  after(cursor: CursorKey): { conditions: Sql[]; orderBy: string }[];
}

function listOrder(query: RecordQuery, keys: ListKeys): ListOrder {
  const sortBy = query.sortBy ?? "updatedAt";
  const isTime = sortBy === "updatedAt" || sortBy === "createdAt";
  const dir = (query.sortDir ?? (isTime ? "desc" : "asc")) === "asc" ? "asc" : "desc";
  const DIR = dir === "asc" ? "ASC" : "DESC";
  const cmp = dir === "asc" ? ">" : "<";
  const signature = `${sortBy}:${dir}`;
  if (isTime) {
    const column = sortBy === "updatedAt" ? "records.updated_at" : "records.created_at";
    const orderBy = `${column} ${DIR}, records.id ${DIR}`;
    return {
      signature,
      blocks: [{ conditions: [], orderBy }],
      key: column,
      after: (c) => [{ conditions: [sql(`(${column}, records.id) ${cmp} (?, ?)`, c.value, c.id)], orderBy }],
    };
  }
  const key = keys.key(checkItemKey(sortBy, "sort"));
  // Records without an answer come last in either direction; id keeps paging stable. The order
  // index is ascending: descending reads it backwards a block at a time, the answered records
  // (the flag fixed in the form PostgreSQL matches to the index's boolean column), then the blank ones.
  const flag = `(${key} IS NULL)`;
  const orderBy = `${flag} ${DIR}, ${key} ${DIR}, records.id ${DIR}`;
  const answered = sql(`${flag} IS FALSE`);
  const blank = sql(`${flag} IS TRUE`);
  return {
    signature,
    blocks: dir === "asc" ? [{ conditions: [], orderBy }] : [{ conditions: [answered], orderBy }, { conditions: [blank], orderBy }],
    key,
    after: (c) => {
      const blanks = { conditions: [blank, sql(`records.id ${cmp} ?`, c.value === null ? c.id : dir === "asc" ? "" : "\uffff")], orderBy };
      if (c.value === null) return [blanks];
      return [{ conditions: [answered, sql(`(${key}, records.id) ${cmp} (?::jsonb, ?)`, JSON.stringify(c.value), c.id)], orderBy }, blanks];
    },
  };
}

/** Whether the answer includes any of the codes (one parameter: a text array); a single code counts as a list of one, as SQLite's json_each reads it. */
function includesAny(item: string): string {
  const path = `records.data->'${item}'`;
  return `CASE json_typeof(${path}) WHEN 'array' THEN EXISTS (SELECT 1 FROM json_array_elements_text(${path}) e(v) WHERE e.v = ANY(?)) WHEN 'string' THEN (records.data->>'${item}') = ANY(?) ELSE false END`;
}

/** A condition as SQL that is always true or false, never NULL (see sqlite-list.ts). */
function conditionSql(condition: RecordCondition): Sql {
  if ("all" in condition) return wrap(join(condition.all.length ? condition.all.map(conditionSql) : [sql("true")], " AND "));
  if ("any" in condition) return wrap(join(condition.any.length ? condition.any.map(conditionSql) : [sql("false")], " OR "));
  if ("not" in condition) {
    const inner = conditionSql(condition.not);
    return sql(`(NOT ${inner.text})`, ...inner.params);
  }
  const item = checkItemKey(condition.item, "condition");
  const path = `records.data->'${item}'`;
  const value = answerText(item);
  const type = `json_typeof(${path})`;
  if ("equals" in condition) return sql(`coalesce(${type} = 'string' AND ${value} = ?, false)`, condition.equals);
  if ("in" in condition) return sql(`coalesce(${type} = 'string' AND ${value} = ANY(?), false)`, condition.in);
  if ("includes" in condition) return sql(`(CASE WHEN ${type} = 'array' THEN EXISTS (SELECT 1 FROM json_array_elements_text(${path}) e(v) WHERE e.v = ?) ELSE false END)`, condition.includes);
  const present = `(CASE WHEN ${path} IS NULL OR ${type} = 'null' THEN false WHEN ${type} = 'string' THEN trim(${value}) <> '' WHEN ${type} = 'array' THEN json_array_length(${path}) > 0 ELSE true END)`;
  return sql(condition.present ? present : `(NOT ${present})`);
}


/**
 * Whether pg_trgm can narrow a search: its trigrams are taken from words (runs of letters and
 * digits), so a text of one or two characters, or of punctuation and short words ("n/a", "-/-",
 * "1.2"), gives none or only ones that most texts have, and the search read every text (about
 * 450 ms at 1,000,000 cases when few or none held it).
 */
function trigramsHelp(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}

/**
 * A deep page of a common search that the junction or pieces index narrows, found by walking the
 * list in its order: the search's matches read from that index first, so that each record
 * walked is tested against them rather than by reading its texts. Page 80 of "missed
 * appointment" at 1,000,000 cases (25,027 matches) walked 79,000 records at about 2.7 µs each
 * (267 ms); now its matches are read at about 3.8 µs each and the walk costs 0.4 µs a record
 * (131 ms). Read only when the sample's share of matching records puts them within
 * matchSetMost; used only if every match was read. Gives their count and the condition that
 * tests a record against them.
 */
async function readMatchSet(db: PgDb, deep: { rows: Sql; perRecord: number; share: number }, reach: number): Promise<{ size: number; condition: Sql } | undefined> {
  // About how many records there are, in every collection: the largest sequence number (records are not deleted), read from its index.
  const records = Number((await db.one<{ n: string | null }>("SELECT max(seq) AS n FROM records"))?.n ?? 0);
  const most = matchSetMost(reach, records);
  if (deep.share * records > most) return undefined;
  // A record has at most one text an item: this many texts hold at least `most` records' matches.
  const texts = (most + 1) * deep.perRecord;
  const found = await db.query<{ record_id: string }>(numbered(`${deep.rows.text} LIMIT ${texts}`), deep.rows.params);
  if (found.length >= texts) return undefined;
  const ids = [...new Set(found.map((t) => t.record_id))];
  // The set is a constant of the page's query: PostgreSQL tests each record walked against it in
  // a hash (page 80 of "missed appointment" in 34 ms, its last page, 999, in 168 ms).
  return { size: ids.length, condition: sql("records.id = ANY(?::text[])", ids) };
}

/**
 * How widely a search found from the junction or pieces index is held, which decides how its
 * list is read:
 *  - "common": in 1% or more of the newest search texts (isCommonInSample). The planner walks the
 *    list in its order and tests each record; naming the index would compute the grams or pieces
 *    of every text tested, and reading a common text's entries reads much of the index;
 *  - "few": at most SEARCH_COUNT_LIMIT texts, counted from the index. They are all read and
 *    joined to their records (at most 2,000 records: tens of milliseconds);
 *  - "many": more. A page is found sooner by walking the list in its order (more than 2,000
 *    matches at a million cases: a page every few thousand records), but the national count
 *    still reads the texts from the index. Not named in the page's query: PostgreSQL reckons
 *    the index's test and LIKE as independent, takes the matches for far fewer than they are,
 *    and joins them all (1.1 s for "11", held by 45,739 texts at a million cases).
 */
async function indexedSpread(db: PgDb, texts: Sql, collection: string, items: string[], pattern: string): Promise<{ spread: "common" | "few" | "many"; share: number }> {
  const sample = (await db.one<{ texts: number; hits: number; records: number; recordHits: number }>(
    `SELECT count(*)::int AS texts, (count(*) FILTER (WHERE hit))::int AS hits, count(DISTINCT record_id)::int AS records, (count(DISTINCT record_id) FILTER (WHERE hit))::int AS "recordHits"
     FROM (SELECT s.record_id, s.folded LIKE ${asciiLower("$1")} ESCAPE '\\' AS hit FROM record_search s WHERE s.id > (SELECT max(id) FROM record_search) - ${SEARCH_SAMPLE.texts} AND s.collection = $2 AND s.item = ANY($3)) t`,
    [pattern, collection, items],
  ))!;
  // The share of the sampled texts' records that hold it (of every record, for readMatchSet).
  const share = sample.records === 0 ? 1 : sample.recordHits / sample.records;
  if (isCommonInSample(sample)) return { spread: "common", share };
  const held = await db.one<{ n: number }>(numbered(`SELECT count(*)::int AS n FROM (${texts.text} LIMIT ${SEARCH_COUNT_LIMIT + 1}) t`), texts.params);
  return { spread: held!.n <= SEARCH_COUNT_LIMIT ? "few" : "many", share };
}

/**
 * The texts that hold every character (for a text of one) or every pair of neighbouring
 * characters of a search's text, ASCII letters folded: all that hold the text, and some more
 * that LIKE then turns away. Written exactly as the pieces index's expression (migration 0004),
 * with its collation, or PostgreSQL would not use it.
 */
function pieceCondition(text: string): Sql {
  const chars = [...text.replace(/[A-Z]/g, (c) => c.toLowerCase())];
  const pieces = chars.length === 1 ? chars : [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
  return sql(`(scrt_short_pieces(s.folded) COLLATE "C") @> ?::text[]`, pieces);
}

/**
 * The texts that hold every junction gram of a search's text (junction-grams.ts): all that hold
 * the text, and some more that LIKE then turns away. Written exactly as the junction index's
 * expression (migration 0005), with its collation, or PostgreSQL would not use it.
 */
function junctionCondition(grams: string[]): Sql {
  return sql(`(scrt_junctions(s.folded) COLLATE "C") @> ?::text[]`, grams);
}

/**
 * ASCII letters lower-cased, others as they are: "ignoring case" as SQLite's lower() and LIKE
 * have it, so both stores find the same records (the trigram index of migration 0001 is over
 * this same expression).
 */
function asciiLower(sqlText: string): string {
  return `translate(${sqlText}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
}

