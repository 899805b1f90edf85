/**
 * The PostgreSQL implementation of the storage contract (types.ts), for when one machine is not
 * enough: several tracker instances on one database behave as one. Same behaviour as
 * sqlite-store.ts: a record row, its revision and its unique values are written in one
 * transaction; an update locks its record row (SELECT ... FOR UPDATE), so of two updates from
 * the same revision, whichever process sends them, exactly one applies; the unique indexes
 * have the last word on duplicates, even between instances.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { passageSegments, searchTerms, MATCH_END, MATCH_START } from "./fts-query.ts";
import type { ListIndexProgress, ListIndexReport, ListIndexSettings } from "./list-index-plan.ts";
import { PgAccounts } from "./pg-accounts.ts";
import { PgJobs } from "./pg-jobs.ts";
import { isUniqueViolation, PgDb } from "./pg-db.ts";
import { PgListIndexes } from "./pg-indexes.ts";
import { listRecordRowsPg, PG_RECORD_COLUMNS } from "./pg-list.ts";
import { changedItems, createdRecord, firstRevisions, keyIgnoredCase, pageNumber, uniqueClaims, updatedRecord, uuidV7, type UniqueClaim } from "./record-helpers.ts";
import { BULK_TRANSACTION_MS, TEXT_SEARCH_LIMIT } from "./types.ts";
import { UNIQUE_KEY_FORMAT, uniqueValueKey } from "./unique-key.ts";
import { pendingMigrations, type MigrationsNotice } from "./pending-migrations.ts";
import type {
  AuditEntry,
  JobOutcome,
  NewJob,
  StoredJob,
  AuditPage,
  AuditQuery,
  Draft,
  DraftWrite,
  ExtractLogEntry,
  NewAuditEntry,
  NewExtractLogEntry,
  NewRecord,
  NewSession,
  NewUser,
  RecordAsAt,
  RecordPage,
  RecordQuery,
  RecordUpdate,
  Revision,
  SearchEntry,
  SequencedRevision,
  Session,
  Store,
  StoredRecord,
  TextRebuildBatch,
  TextSearch,
  TextSearchPage,
  UniqueRekey,
  UniqueRekeyReport,
  User,
  UserChange,
  WriteResult,
} from "./types.ts";

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Called with the text and parameters of every statement run (tests read the query plans with them). */
  onStatement?: (sql: string, params: readonly unknown[]) => void;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Told, before they run, which migrations an existing database is about to have. */
  onMigrations?: MigrationsNotice;
}

/** The folder of the generated PostgreSQL migrations, next to this module. */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations-pg", import.meta.url));

/** Advisory lock keys of the store's start-up steps (constants: every instance must use the same). */
const MIGRATION_LOCK = 0x5c47_1d00;

/** The text search configuration of migration 0001 (unaccent, then the English stemmer). */
const TS_CONFIG = "'scrt_english'::regconfig";

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const db = new PgDb(options.url, options.onStatement, options.poolSize);
  try {
    // Two instances starting together: the second waits, then finds every migration applied.
    await db.withAdvisoryLock(MIGRATION_LOCK, async (client) => {
      if (options.onMigrations) {
        // Two statements: PostgreSQL checks that every table a statement names exists before it runs any of it.
        const known = (await client.query<{ t: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t")).rows[0]?.t;
        const at = known ? (await client.query<{ at: string | number | null }>("SELECT max(created_at) AS at FROM drizzle.__drizzle_migrations")).rows[0]?.at : null;
        const pending = pendingMigrations(PG_MIGRATIONS_FOLDER, at === null || at === undefined ? undefined : Number(at));
        if (pending.length) options.onMigrations(pending);
      }
      await migrate(drizzle({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
      // A database with no unique values holds no key of an older format: it is marked current.
      await client.query(
        "INSERT INTO store_meta (key, value) SELECT 'unique_key_format', $1 WHERE NOT EXISTS (SELECT 1 FROM record_unique_values) ON CONFLICT (key) DO NOTHING",
        [String(UNIQUE_KEY_FORMAT)],
      );
    });
    const store = new PostgresStore(db);
    await store.listIndexes.load();
    return store;
  } catch (error) {
    await db.close();
    throw error;
  }
}

const REVISION_COLUMNS = `v.record_id AS "recordId", v.revision, v.version, v.owner_org AS "ownerOrg", v.data, v.changed_items AS "changedItems", v.created_at AS "createdAt", v.created_by AS "createdBy", v.reason`;

/** What an update reads of the record it changes. */
type CurrentRow = Pick<StoredRecord, "revision" | "data" | "ownerOrg" | "createdAt" | "createdBy" | "archive" | "reviewFlags" | "ownerPending">;

class PostgresStore implements Store {
  private readonly accounts: PgAccounts;
  private readonly jobs: PgJobs;
  readonly listIndexes: PgListIndexes;
  private bulkRunning = false;

  constructor(private readonly db: PgDb) {
    this.accounts = new PgAccounts(db);
    this.jobs = new PgJobs(db);
    this.listIndexes = new PgListIndexes(db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  // --- Users, sessions, audit, drafts (pg-accounts.ts) -------------------------------------

  createUser(user: NewUser): Promise<User> {
    return this.accounts.createUser(user);
  }
  ensureUser(user: NewUser): Promise<User> {
    return this.accounts.ensureUser(user);
  }
  getUser(id: string): Promise<User | undefined> {
    return this.accounts.getUser(id);
  }
  getUserByUsername(username: string): Promise<User | undefined> {
    return this.accounts.getUserByUsername(username);
  }
  getUserByEmail(email: string): Promise<User | undefined> {
    return this.accounts.getUserByEmail(email);
  }
  getUserByExternalId(issuer: string, subject: string): Promise<User | undefined> {
    return this.accounts.getUserByExternalId(issuer, subject);
  }
  listUsers(): Promise<User[]> {
    return this.accounts.listUsers();
  }
  updateUser(id: string, change: UserChange): Promise<User | undefined> {
    return this.accounts.updateUser(id, change);
  }
  recordSignIn(id: string, identity?: { issuer: string; subject: string }): Promise<void> {
    return this.accounts.recordSignIn(id, identity);
  }
  countDevAccess(): Promise<{ users: number; sessions: number }> {
    return this.accounts.countDevAccess();
  }
  removeDevAccess(): Promise<{ users: number; sessions: number }> {
    return this.accounts.removeDevAccess();
  }
  createSession(session: NewSession): Promise<Session> {
    return this.accounts.createSession(session);
  }
  getSession(id: string): Promise<Session | undefined> {
    return this.accounts.getSession(id);
  }
  getSessionWithUser(id: string): Promise<{ session: Session; user: User | undefined } | undefined> {
    return this.accounts.getSessionWithUser(id);
  }
  touchSession(id: string, at: string): Promise<void> {
    return this.accounts.touchSession(id, at);
  }
  deleteSession(id: string): Promise<void> {
    return this.accounts.deleteSession(id);
  }
  deleteSessionsOf(userId: string): Promise<number> {
    return this.accounts.deleteSessionsOf(userId);
  }
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.accounts.appendAudit(entry);
  }
  listAudit(query: AuditQuery): Promise<AuditPage> {
    return this.accounts.listAudit(query);
  }
  saveDraft(draft: DraftWrite): Promise<Draft> {
    return this.accounts.saveDraft(draft);
  }
  getDraft(userId: string, collection: string, key: string, now?: string): Promise<Draft | undefined> {
    return this.accounts.getDraft(userId, collection, key, now);
  }
  listDrafts(userId: string, now?: string): Promise<Draft[]> {
    return this.accounts.listDrafts(userId, now);
  }
  countDrafts(userId: string, now?: string): Promise<number> {
    return this.accounts.countDrafts(userId, now);
  }
  deleteDraft(userId: string, collection: string, key: string): Promise<boolean> {
    return this.accounts.deleteDraft(userId, collection, key);
  }
  purgeExpiredDrafts(now?: string): Promise<number> {
    return this.accounts.purgeExpiredDrafts(now);
  }

  // --- Jobs (pg-jobs.ts) --------------------------------------------------------------------

  startJob(job: NewJob): Promise<{ job: StoredJob; started: boolean }> {
    return this.jobs.start(job);
  }
  updateJobProgress(id: string, progress: { checked: number; total: number }, at?: string): Promise<void> {
    return this.jobs.updateProgress(id, progress, at);
  }
  finishJob(id: string, outcome: JobOutcome, at?: string): Promise<void> {
    return this.jobs.finish(id, outcome, at);
  }
  getJob(id: string, userId: string): Promise<StoredJob | undefined> {
    return this.jobs.get(id, userId);
  }
  purgeJobs(finishedBefore: string): Promise<number> {
    return this.jobs.purge(finishedBefore);
  }

  // --- Records ---------------------------------------------------------------------------

  createRecord(input: NewRecord): Promise<WriteResult> {
    return this.write(() => this.createInTransaction(input));
  }

  async createRecords(input: NewRecord[]): Promise<WriteResult[]> {
    return this.db.transaction(async () => {
      const results: WriteResult[] = [];
      for (const record of input) results.push(await this.createInTransaction(record));
      return results;
    });
  }

  /** Refusals are found before anything is written, so a refused record leaves nothing to undo (see sqlite-store.ts). */
  private async createInTransaction(input: NewRecord): Promise<WriteResult> {
    const at = input.at ?? new Date().toISOString();
    if (input.importKey) {
      const existing = await this.db.one<{ recordId: string }>(`SELECT record_id AS "recordId" FROM import_keys WHERE collection = $1 AND import_key = $2`, [input.collection, input.importKey]);
      if (existing) return { kind: "already_imported", id: existing.recordId };
    }
    const claims = uniqueClaims(input.ownerOrg, input.unique);
    const held = await this.heldByAnother(input.collection, claims, undefined);
    if (held) return held;
    const id = uuidV7();
    // JSON text made here, once: node-postgres would turn a JavaScript array into a PostgreSQL array, not JSON.
    const data = JSON.stringify(input.data);
    const archive = input.archive ?? {};
    const reviewFlags = input.reviewFlags ?? [];
    // One statement, one round trip: the record, its first revision, its unique values and its texts.
    const texts = input.search?.texts ?? [];
    const revisions = firstRevisions(input);
    await this.db.exec(
      `WITH rec AS (
         INSERT INTO records (id, collection, version, owner_org, revision, data, complete, missing, created_at, created_by, updated_at, updated_by, archive, review_flags, owner_pending)
         VALUES ($1, $2, $3, $4, $12, $5, $6, $7, $8, $9, $8, $9, $10, $11, $13)),
       rev AS (
         INSERT INTO revisions (record_id, revision, version, owner_org, data, changed_items, created_at, created_by, reason)
         SELECT $1, r.revision, r.version, r.owner_org, r.data::json, r.changed_items::jsonb, $8, $9, r.reason
         FROM unnest($20::int[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[]) AS r(revision, version, owner_org, data, changed_items, reason)),
       uv AS (
         INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) SELECT $2, scope, item, value_key, $1 FROM unnest($14::text[], $15::text[], $16::text[]) AS u(scope, item, value_key))
       INSERT INTO record_texts (record_id, collection, owner_org, item, text, facets) SELECT $1, $2, $4, item, text, $17 FROM unnest($18::text[], $19::text[]) WITH ORDINALITY AS t(item, text, n) ORDER BY n`,
      [
        id,
        input.collection,
        input.version,
        input.ownerOrg,
        data,
        input.complete,
        JSON.stringify(input.missing),
        at,
        input.userId,
        JSON.stringify(archive),
        JSON.stringify(reviewFlags),
        revisions.length,
        input.ownerPending ? JSON.stringify(input.ownerPending) : null,
        claims.map((c) => c.scope),
        claims.map((c) => c.item),
        claims.map((c) => c.valueKey),
        JSON.stringify(input.search?.facets ?? []),
        texts.map((t) => t.item),
        texts.map((t) => t.text),
        revisions.map((r) => r.revision),
        revisions.map((r) => r.version),
        revisions.map((r) => r.ownerOrg),
        revisions.map((r) => (r.data === input.data ? data : JSON.stringify(r.data))),
        revisions.map((r) => JSON.stringify(r.changedItems)),
        revisions.map((r) => r.reason),
      ],
    );
    await this.listIndexes.created(input.collection, id, input.data);
    if (input.importKey) await this.db.exec("INSERT INTO import_keys (collection, import_key, record_id) VALUES ($1, $2, $3)", [input.collection, input.importKey, id]);
    const record = createdRecord(input, { id, createdAt: at, archive, reviewFlags });
    if (input.audit) await this.accounts.appendAudit(input.audit(record));
    return { kind: "ok", record };
  }

  async getRecord(collection: string, id: string): Promise<StoredRecord | undefined> {
    return this.db.one<StoredRecord>(`SELECT ${PG_RECORD_COLUMNS} FROM records WHERE collection = $1 AND id = $2`, [collection, id]);
  }

  updateRecord(update: RecordUpdate): Promise<WriteResult> {
    return this.write(async () => {
      const at = update.at ?? new Date().toISOString();
      // The row lock makes a concurrent update from the same revision wait, then read the revision it wrote.
      const current = await this.db.one<CurrentRow>(
        `SELECT revision, data, owner_org AS "ownerOrg", created_at AS "createdAt", created_by AS "createdBy", archive, review_flags AS "reviewFlags", owner_pending AS "ownerPending" FROM records WHERE collection = $1 AND id = $2 FOR UPDATE`,
        [update.collection, update.id],
      );
      if (!current) return { kind: "not_found" };
      if (current.revision !== update.expectedRevision) return { kind: "conflict", currentRevision: current.revision };
      const ownerOrg = update.ownerOrg ?? current.ownerOrg;
      const claims = uniqueClaims(ownerOrg, update.unique);
      const held = await this.heldByAnother(update.collection, claims, update.id);
      if (held) return held;
      const revision = current.revision + 1;
      const data = JSON.stringify(update.data);
      const archive = update.archive ?? current.archive;
      const reviewFlags = update.reviewFlags ?? current.reviewFlags;
      const ownerPending = update.ownerPending === undefined ? current.ownerPending : update.ownerPending;
      await this.db.exec(
        "UPDATE records SET version = $1, revision = $2, data = $3, complete = $4, missing = $5, updated_at = $6, updated_by = $7, owner_org = $8, archive = $9, review_flags = $10, owner_pending = $11 WHERE id = $12",
        [update.version, revision, data, update.complete, JSON.stringify(update.missing), at, update.userId, ownerOrg, JSON.stringify(archive), JSON.stringify(reviewFlags), ownerPending === null ? null : JSON.stringify(ownerPending), update.id],
      );
      await this.db.exec("DELETE FROM record_unique_values WHERE record_id = $1", [update.id]);
      await this.insertClaims(update.collection, update.id, claims);
      await this.db.exec("INSERT INTO revisions (record_id, revision, version, owner_org, data, changed_items, created_at, created_by, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", [
        update.id,
        revision,
        update.version,
        ownerOrg,
        data,
        JSON.stringify(changedItems(current.data, update.data)),
        at,
        update.userId,
        update.reason ?? "update",
      ]);
      await this.replaceTexts(update.collection, update.id, ownerOrg, update.search);
      await this.listIndexes.updated(update.collection, update.id, current.data, update.data);
      const record = updatedRecord(update, current, { ownerOrg, revision, updatedAt: at, archive, reviewFlags, ownerPending });
      if (update.audit) await this.accounts.appendAudit(update.audit(record));
      return { kind: "ok", record };
    });
  }

  /**
   * One write in its own transaction (or in bulk()'s). When a unique index refuses a row (a
   * value or import key claimed by another instance between the check and the insert), the
   * write is rolled back and tried again, and its check then gives the refusal.
   */
  private async write(body: () => Promise<WriteResult>): Promise<WriteResult> {
    if (this.db.inTransaction) return body();
    try {
      return await this.db.transaction(body);
    } catch (error) {
      // Once more, now that the other write has committed: its checks then find what it claimed.
      if (isUniqueViolation(error, "record_unique_values_key_idx") || isUniqueViolation(error, "import_keys_collection_import_key_pk")) return this.db.transaction(body);
      throw error;
    }
  }

  private async insertClaims(collection: string, recordId: string, claims: UniqueClaim[]): Promise<void> {
    if (!claims.length) return;
    await this.db.exec("INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) SELECT $1, scope, item, value_key, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS t(scope, item, value_key)", [
      collection,
      recordId,
      claims.map((c) => c.scope),
      claims.map((c) => c.item),
      claims.map((c) => c.valueKey),
    ]);
  }

  private async heldByAnother(collection: string, claims: UniqueClaim[], self: string | undefined): Promise<WriteResult | undefined> {
    for (const c of claims) {
      const holder = await this.db.one<{ recordId: string }>(`SELECT record_id AS "recordId" FROM record_unique_values WHERE collection = $1 AND scope = $2 AND item = $3 AND value_key = $4`, [
        collection,
        c.scope,
        c.item,
        c.valueKey,
      ]);
      if (holder && holder.recordId !== self) return { kind: "duplicate", item: c.item, otherId: holder.recordId };
    }
    return undefined;
  }

  /** Keeps a record's texts in step with a write, as sqlite-store.ts does. */
  private async replaceTexts(collection: string, recordId: string, ownerOrg: string, entry: SearchEntry | undefined): Promise<void> {
    const stored = await this.db.query<{ item: string; text: string; ownerOrg: string; facets: string[] }>(`SELECT item, text, owner_org AS "ownerOrg", facets FROM record_texts WHERE record_id = $1 ORDER BY id`, [recordId]);
    const wanted = entry ?? (stored.length ? { texts: stored.map((t) => ({ item: t.item, text: t.text })), facets: stored[0]!.facets } : undefined);
    if (!wanted) return;
    const facets = JSON.stringify(wanted.facets);
    const same = stored.length === wanted.texts.length && stored.every((t, i) => t.ownerOrg === ownerOrg && JSON.stringify(t.facets) === facets && t.item === wanted.texts[i]!.item && t.text === wanted.texts[i]!.text);
    if (same) return;
    await this.db.exec("DELETE FROM record_texts WHERE record_id = $1", [recordId]);
    await this.insertTexts(collection, recordId, ownerOrg, wanted);
  }

  private async insertTexts(collection: string, recordId: string, ownerOrg: string, entry: SearchEntry): Promise<void> {
    if (!entry.texts.length) return;
    await this.db.exec("INSERT INTO record_texts (record_id, collection, owner_org, item, text, facets) SELECT $1, $2, $3, item, text, $4 FROM unnest($5::text[], $6::text[]) WITH ORDINALITY AS t(item, text, n) ORDER BY n", [
      recordId,
      collection,
      ownerOrg,
      JSON.stringify(entry.facets),
      entry.texts.map((t) => t.item),
      entry.texts.map((t) => t.text),
    ]);
  }

  async searchTexts(search: TextSearch): Promise<TextSearchPage> {
    if (search.owners !== "all" && search.owners.length === 0) return { items: [], total: 0, capped: false };
    const terms = searchTerms(search.query);
    if (!terms.length) return { items: [], total: 0, capped: false };
    const pageSize = pageNumber(search.pageSize, "pageSize", 0);
    const page = pageNumber(search.page, "page", 1);
    // Every word or quoted phrase must match: one phraseto_tsquery each (a phrase's words in
    // order), joined by &&; each is a bound parameter, so nothing typed is query syntax.
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const query = terms.map((term) => `phraseto_tsquery(${TS_CONFIG}, ${param(term)})`).join(" && ");
    const where = [`to_tsvector(${TS_CONFIG}, t.text) @@ q.q`, `t.collection = ${param(search.collection)}`];
    if (search.owners !== "all") where.push(`t.owner_org = ANY(${param(search.owners)})`);
    if (search.facets?.length) where.push(`t.facets @> ${param(JSON.stringify(search.facets))}::jsonb`);
    const from = `record_texts t, (SELECT ${query} AS q) q`;
    const matches = `SELECT t.id FROM ${from} WHERE ${where.join(" AND ")}`;
    return this.db.transaction(async () => {
      const counted = (await this.db.one<{ n: number }>(`SELECT count(*) AS n FROM (${matches} LIMIT ${TEXT_SEARCH_LIMIT + 1}) m`, params))!.n;
      const capped = counted > TEXT_SEARCH_LIMIT;
      const total = Math.min(counted, TEXT_SEARCH_LIMIT);
      if (total === 0 || pageSize === 0) return { items: [], total, capped };
      // Past the limit only the most recently written texts are ranked, as on SQLite.
      const oldest = capped ? (await this.db.one<{ id: number }>(`${matches} ORDER BY t.id DESC LIMIT 1 OFFSET ${TEXT_SEARCH_LIMIT - 1}`, params))!.id : 0;
      const rows = await this.db.query<{ recordId: string; ownerOrg: string; item: string; text: string; headline: string }>(
        `SELECT r.record_id AS "recordId", r.owner_org AS "ownerOrg", r.item, r.text,
                ts_headline(${TS_CONFIG}, r.text, r.q, 'StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=24, MinWords=12, HighlightAll=false') AS headline
         FROM (SELECT t.*, q.q, ts_rank_cd(to_tsvector(${TS_CONFIG}, t.text), q.q) AS rank FROM ${from} WHERE ${where.join(" AND ")} AND t.id >= ${param(oldest)}
               ORDER BY rank DESC, t.id LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}) r
         ORDER BY r.rank DESC, r.id`,
        params,
      );
      const items = rows.map((row) => ({ recordId: row.recordId, ownerOrg: row.ownerOrg, item: row.item, passage: passageSegments(withEllipses(row.headline, row.text)) }));
      return { items, total, capped };
    }, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  async rebuildTexts(batch: TextRebuildBatch): Promise<{ lastId: string | undefined; records: number }> {
    return this.db.transaction(async () => {
      const rows = await this.db.query<StoredRecord>(`SELECT ${PG_RECORD_COLUMNS} FROM records WHERE collection = $1 AND id > $2 ORDER BY id LIMIT $3`, [batch.collection, batch.afterId ?? "", batch.limit]);
      for (const record of rows) await this.replaceTexts(record.collection, record.id, record.ownerOrg, batch.entryOf(record));
      return { lastId: rows.at(-1)?.id, records: rows.length };
    });
  }

  async textsSignature(collection: string): Promise<string | undefined> {
    return (await this.db.one<{ signature: string }>("SELECT signature FROM search_settings WHERE collection = $1", [collection]))?.signature;
  }

  async markTextsBuilt(collection: string, signature: string): Promise<void> {
    await this.db.exec(
      "INSERT INTO search_settings (collection, signature, built_at) VALUES ($1, $2, $3) ON CONFLICT (collection) DO UPDATE SET signature = excluded.signature, built_at = excluded.built_at",
      [collection, signature, new Date().toISOString()],
    );
  }

  async listRecords(query: RecordQuery): Promise<RecordPage> {
    if (query.owners !== "all" && query.owners.length === 0) return { items: [], total: 0, totalCapped: false, next: null };
    const result = await listRecordRowsPg(this.db, query, this.listIndexes.keysOf(query.collection));
    return { items: result.rows, total: result.total, totalCapped: result.totalCapped, next: result.next };
  }

  prepareListIndexes(settings: ListIndexSettings[], onProgress?: (progress: ListIndexProgress) => void): Promise<ListIndexReport> {
    return this.listIndexes.prepare(settings, onProgress);
  }

  history(collection: string, id: string): Promise<Revision[]> {
    return this.db.query<Revision>(
      `SELECT ${REVISION_COLUMNS} FROM revisions v JOIN records r ON r.id = v.record_id WHERE r.collection = $1 AND v.record_id = $2 ORDER BY v.revision`,
      [collection, id],
    );
  }

  async countRecords(collection?: string): Promise<number> {
    const row = collection === undefined ? await this.db.one<{ n: number }>("SELECT count(*) AS n FROM records") : await this.db.one<{ n: number }>("SELECT count(*) AS n FROM records WHERE collection = $1", [collection]);
    return row?.n ?? 0;
  }

  scanRecords(query: { collection: string; version?: string; afterId?: string; limit: number }): Promise<StoredRecord[]> {
    const params: unknown[] = [query.collection, query.afterId ?? "", query.limit];
    let version = "";
    if (query.version) {
      params.push(query.version);
      version = " AND version = $4";
    }
    return this.db.query<StoredRecord>(`SELECT ${PG_RECORD_COLUMNS} FROM records WHERE collection = $1 AND id > $2${version} ORDER BY id LIMIT $3`, params);
  }

  async scanRecordsAsAt(query: { collection: string; at: string; owners: string[] | "all"; afterId?: string; limit: number }): Promise<RecordAsAt[]> {
    if (query.owners !== "all" && query.owners.length === 0) return [];
    const params: unknown[] = [query.collection, query.at, query.afterId ?? "", query.limit];
    let owners = "";
    if (query.owners !== "all") {
      params.push(query.owners);
      owners = " AND r.owner_org = ANY($5)";
    }
    // The latest revision at or before the moment, found through (record_id, created_at).
    const rows = await this.db.query<{ id: string; collection: string; currentOwnerOrg: string; createdAt: string } & Revision>(
      `SELECT r.id, r.collection, r.owner_org AS "currentOwnerOrg", r.created_at AS "createdAt", ${REVISION_COLUMNS.replace(`v.created_at AS "createdAt"`, `v.created_at AS "revisionCreatedAt"`)}
       FROM records r CROSS JOIN LATERAL (SELECT * FROM revisions x WHERE x.record_id = r.id AND x.created_at <= $2 ORDER BY x.revision DESC LIMIT 1) v
       WHERE r.collection = $1 AND r.id > $3${owners} ORDER BY r.id LIMIT $4`,
      params,
    );
    return rows.map((row) => {
      const raw = row as unknown as Record<string, unknown>;
      return {
        id: row.id,
        collection: row.collection,
        currentOwnerOrg: row.currentOwnerOrg,
        createdAt: row.createdAt,
        revision: {
          recordId: row.recordId,
          revision: row.revision,
          version: row.version,
          ownerOrg: row.ownerOrg,
          data: row.data,
          changedItems: row.changedItems,
          createdAt: raw["revisionCreatedAt"] as string,
          createdBy: row.createdBy,
          reason: row.reason,
        },
      };
    });
  }

  scanRevisions(query: { collection: string; afterSeq: number; limit: number }): Promise<SequencedRevision[]> {
    return this.db.query<SequencedRevision>(
      `SELECT v.seq, v.record_id AS "recordId", v.revision, v.version, v.owner_org AS "ownerOrg", v.data, v.created_at AS "createdAt", v.created_by AS "createdBy", v.reason, r.review_flags AS "reviewFlags"
       FROM revisions v JOIN records r ON r.id = v.record_id WHERE v.seq > $1 AND r.collection = $2 ORDER BY v.seq LIMIT $3`,
      [query.afterSeq, query.collection, query.limit],
    );
  }

  async logExtract(entry: NewExtractLogEntry): Promise<ExtractLogEntry> {
    const { at, ...rest } = entry;
    const row: ExtractLogEntry = { id: randomUUID(), ...rest, createdAt: at ?? new Date().toISOString() };
    await this.db.exec("INSERT INTO extract_log (id, user_id, collection, as_at, quarter, format, scope, rows, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", [
      row.id,
      row.userId,
      row.collection,
      row.asAt,
      row.quarter,
      row.format,
      row.scope,
      row.rows,
      row.sha256,
      row.createdAt,
    ]);
    return row;
  }

  listExtractLog(options: { limit?: number } = {}): Promise<ExtractLogEntry[]> {
    return this.db.query<ExtractLogEntry>(
      `SELECT id, user_id AS "userId", collection, as_at AS "asAt", quarter, format, scope, rows, sha256, created_at AS "createdAt" FROM extract_log ORDER BY created_at DESC LIMIT $1`,
      [options.limit ?? 500],
    );
  }

  listOwnerPending(collection: string): Promise<StoredRecord[]> {
    return this.db.query<StoredRecord>(`SELECT ${PG_RECORD_COLUMNS} FROM records WHERE collection = $1 AND owner_pending IS NOT NULL AND owner_pending <> 'null'::jsonb ORDER BY id`, [collection]);
  }

  async uniqueKeyFormat(): Promise<number> {
    const row = await this.db.one<{ value: string }>("SELECT value FROM store_meta WHERE key = 'unique_key_format'");
    return Number(row?.value) || 1;
  }

  rekeyUniqueValues(rekey: UniqueRekey): Promise<UniqueRekeyReport> {
    type Row = { recordSeq: number; collection: string; scope: string; item: string; valueKey: string; recordId: string; version: string; value: string | null };
    const report: UniqueRekeyReport = { values: 0, changed: 0, clashes: [] };
    return this.db.transaction(async () => {
      // Keys are recomputed while no other writer can claim one (see sqlite-store.ts for the rest).
      await this.db.exec("LOCK TABLE record_unique_values IN EXCLUSIVE MODE");
      await this.db.exec(
        "CREATE TEMP TABLE rekeyed (collection text NOT NULL, scope text NOT NULL, item text NOT NULL, value_key text NOT NULL, record_id text NOT NULL, UNIQUE (collection, scope, item, value_key)) ON COMMIT DROP",
      );
      let after: [number, string, string, string] = [0, "", "", ""];
      for (;;) {
        const rows = await this.db.query<Row>(
          `SELECT r.seq AS "recordSeq", u.collection, u.scope, u.item, u.value_key AS "valueKey", u.record_id AS "recordId", r.version,
                  CASE WHEN json_typeof(r.data -> u.item) = 'string' THEN r.data ->> u.item END AS value
           FROM record_unique_values u JOIN records r ON r.id = u.record_id
           WHERE (r.seq, u.item, u.scope, u.value_key) > ($1, $2, $3, $4) ORDER BY r.seq, u.item, u.scope, u.value_key LIMIT 1000`,
          after,
        );
        if (!rows.length) break;
        for (const row of rows) {
          report.values++;
          const claim = { collection: row.collection, version: row.version, item: row.item };
          const value = row.value ?? row.valueKey;
          const ignoreCase = rekey.ignoreCaseOf(claim) ?? keyIgnoredCase(value, row.valueKey);
          const key = uniqueValueKey(value, ignoreCase);
          if (key !== row.valueKey) report.changed++;
          const inserted = await this.db.exec("INSERT INTO rekeyed VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", [row.collection, row.scope, row.item, key, row.recordId]);
          if (inserted === 1) continue;
          const heldBy = (await this.db.one<{ recordId: string }>(`SELECT record_id AS "recordId" FROM rekeyed WHERE collection = $1 AND scope = $2 AND item = $3 AND value_key = $4`, [row.collection, row.scope, row.item, key]))!.recordId;
          if (heldBy === row.recordId) continue;
          const text = rekey.flag(claim);
          await this.db.exec("UPDATE records SET review_flags = review_flags || jsonb_build_array($1::text) WHERE id = $2 AND NOT review_flags @> jsonb_build_array($1::text)", [text, row.recordId]);
          report.clashes.push({ collection: row.collection, item: row.item, recordId: row.recordId, heldBy });
        }
        const last = rows[rows.length - 1]!;
        after = [last.recordSeq, last.item, last.scope, last.valueKey];
      }
      await this.db.exec("DELETE FROM record_unique_values");
      await this.db.exec("INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) SELECT collection, scope, item, value_key, record_id FROM rekeyed");
      await this.db.exec("INSERT INTO store_meta (key, value) VALUES ('unique_key_format', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(UNIQUE_KEY_FORMAT)]);
      return report;
    });
  }

  bulkTransactionMs(): number {
    return BULK_TRANSACTION_MS;
  }

  async bulk<T>(work: () => Promise<T>): Promise<T> {
    if (this.bulkRunning || this.db.inTransaction) throw new Error("a bulk operation is already running on this database");
    this.bulkRunning = true;
    try {
      return await this.db.transaction(work);
    } finally {
      this.bulkRunning = false;
    }
  }
}

/**
 * ts_headline's passage with "…" where it was cut, as FTS5's snippet() marks it: at the start
 * when the passage does not begin the text, at the end when it does not end it.
 */
function withEllipses(headline: string, text: string): string {
  const plain = headline.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
  const start = text.startsWith(plain) ? "" : "…";
  const end = text.endsWith(plain) ? "" : "…";
  return `${start}${headline}${end}`;
}

