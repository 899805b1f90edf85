/**
 * The embedded SQLite implementation of the storage contract (types.ts), on better-sqlite3 and
 * Drizzle. better-sqlite3 is synchronous: every write is one synchronous BEGIN IMMEDIATE
 * transaction (check and write together, nothing awaited inside), so a record row, its revision
 * row and its unique values are stored together or not at all, and two writers can never both
 * apply an update from the same revision.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { and, asc, eq, gt, isNotNull, sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { makeDatabaseFilePrivate } from "./file-modes.ts";
import { pendingMigrations, type MigrationsNotice } from "./pending-migrations.ts";
import { tagsOf } from "./fts-query.ts";
import { extractLog, records, searchSettings } from "./schema.ts";
import { SqliteAccounts } from "./sqlite-accounts.ts";
import { SqliteCheckpointer } from "./sqlite-checkpointer.ts";
import { WriterYield } from "./sqlite-writer-yield.ts";
import { SqliteStatistics, type StatisticsCheck } from "./sqlite-statistics.ts";
import { SqliteDrafts } from "./sqlite-drafts.ts";
import { SqliteJobs } from "./sqlite-jobs.ts";
import { SqliteListIndexes } from "./sqlite-indexes.ts";
import { SqliteWriteGroup } from "./sqlite-write-group.ts";
import { ReadPoolUnavailable, SqliteReadPool } from "./sqlite-read-pool.ts";
import { fromRawRecord, SqliteReads, type RawRecordRow, type SqliteReadName, type SqliteReadOps } from "./sqlite-reads.ts";
import type { ListIndexProgress, ListIndexReport, ListIndexSettings } from "./list-index-plan.ts";
import { UNIQUE_KEY_FORMAT, uniqueValueKey } from "./unique-key.ts";
import { changedItems, createdRecord, firstRevisions, keyIgnoredCase, pageNumber, uniqueClaims, updatedRecord, uuidV7, type UniqueClaim } from "./record-helpers.ts";

export { changedItems, uuidV7 };
import { BULK_TRANSACTION_MS, LONE_BULK_TRANSACTION_MS } from "./types.ts";
import type {
  AuditEntry,
  JobOutcome,
  NewJob,
  StoredJob,
  AuditPage,
  Draft,
  DraftWrite,
  AuditQuery,
  NewAuditEntry,
  NewSession,
  UserChange,
  ExtractLogEntry,
  NewExtractLogEntry,
  NewRecord,
  RecordAsAt,
  NewUser,
  RecordData,
  RecordPage,
  RecordQuery,
  RecordText,
  RecordUpdate,
  SearchEntry,
  Revision,
  SequencedRevision,
  Session,
  Store,
  StoredRecord,
  TextRebuildBatch,
  TextSearch,
  TextSearchPage,
  UniqueConstraint,
  UniqueRekey,
  UniqueRekeyReport,
  User,
  WriteResult,
} from "./types.ts";

export interface SqliteStoreOptions {
  /** Path of the database file (its folder is created); ":memory:" only for quick unit tests. */
  file: string;
  /** Called with the text of every statement run (tests read the query plans with it); reads then all run in-process, where it sees them. */
  onStatement?: (sql: string) => void;
  /**
   * Worker threads answering the heavy reads (lists, search, history, counts, extract scans) on
   * read-only connections of their own, so that a slow read never holds up the event loop.
   * Default 0: every read runs in-process (as it must for ":memory:").
   */
  readWorkers?: number;
  /**
   * The connection's page cache, in MiB (better-sqlite3 builds SQLite with 16). Bulk writers (the
   * data commands) take more: each short transaction of an import or migration touches pages all
   * over the list indexes, and with the default cache most are read again from the file for
   * every transaction. The server keeps the default: a bigger cache made single creates slower.
   */
  pageCacheMiB?: number;
  /**
   * The log grows to BULK_LOG_PAGES before this connection checkpoints it, and a worker thread
   * copies committed pages into the database meanwhile (sqlite-checkpointer.ts). Default false:
   * SQLite's own checkpoints, every 1,000 pages on the committing thread.
   */
  backgroundCheckpoints?: boolean;
  /**
   * A bulk writer (a data command) pauses after each of its transactions while another
   * connection writes to the file (sqlite-writer-yield.ts), so that a server gets its turn.
   */
  yieldToOtherWriters?: boolean;
  /** Told, before they run, which migrations an existing file is about to have. */
  onMigrations?: MigrationsNotice;
}

/** The folder of the generated SQL migrations, next to this module. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

type Db = ReturnType<typeof drizzle>;
type RecordRow = typeof records.$inferSelect;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const file = options.file;
  if (file !== ":memory:" && !file.startsWith("file:")) {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    makeDatabaseFilePrivate(file);
  }
  const sqlite = new Database(file, options.onStatement ? { verbose: (message) => options.onStatement!(String(message)) } : {});
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    if (options.pageCacheMiB !== undefined) {
      if (!(options.pageCacheMiB > 0 && options.pageCacheMiB <= 4096)) throw new RangeError(`pageCacheMiB must be more than 0 and at most 4096 (MiB), not ${options.pageCacheMiB}`);
      sqlite.pragma(`cache_size = ${-Math.round(options.pageCacheMiB * 1024)}`);
    }
    const db = drizzle({ client: sqlite });
    if (options.onMigrations) {
      const pending = pendingMigrations(MIGRATIONS_FOLDER, newestAppliedMigration(sqlite));
      if (pending.length) options.onMigrations(pending);
    }
    applyMigrations(db);
    markNewUniqueKeys(sqlite);
    const inMemory = file === ":memory:" || file.startsWith("file:");
    const workers = options.readWorkers ?? 0;
    const pool = workers > 0 && !inMemory && !options.onStatement ? new SqliteReadPool(resolve(file), workers) : undefined;
    let checkpointer: SqliteCheckpointer | undefined;
    if (options.backgroundCheckpoints && !inMemory) {
      SqliteCheckpointer.configureWriter(sqlite);
      checkpointer = new SqliteCheckpointer(resolve(file));
    }
    try {
      return new SqliteStore(sqlite, db, pool, checkpointer, options.yieldToOtherWriters ? new WriterYield(sqlite) : undefined);
    } catch (error) {
      await Promise.all([pool?.close(), checkpointer?.stop()]);
      throw error;
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/** The journal time of the newest migration the file has had (undefined: none, a new file). */
function newestAppliedMigration(sqlite: Database.Database): number | undefined {
  if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()) return undefined;
  const row = sqlite.prepare("SELECT max(created_at) AS at FROM __drizzle_migrations").get() as { at: number | null };
  return row.at === null ? undefined : Number(row.at);
}

function applyMigrations(db: Db): void {
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    // Two processes starting together can both decide a migration is pending (drizzle reads the
    // journal before it begins its transaction); the loser fails and, on a second look, finds
    // everything applied. A real failure fails again and is thrown.
    try {
      migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch {
      throw error;
    }
  }
}

/*
 * The format of record_unique_values.value_key (unique-key.ts) is kept in SQLite's user_version,
 * which nothing else uses: a number in the file's header, written in the same transaction as the
 * keys. 0, what every file starts with, means format 1 (no file recorded a format before 2).
 */

/** A file with no unique values holds no key of an older format: it is marked current. */
function markNewUniqueKeys(sqlite: Database.Database): void {
  if (sqlite.pragma("user_version", { simple: true }) !== 0) return;
  sqlite.transaction(() => {
    if (!sqlite.prepare("SELECT 1 FROM record_unique_values LIMIT 1").get()) sqlite.pragma(`user_version = ${UNIQUE_KEY_FORMAT}`);
  }).immediate();
}

/**
 * The statements of the hot paths (every request reads its session and user; every create
 * writes a record, a revision and its unique values), prepared once. Drizzle builds and
 * prepares SQL on each call, which costs more than the write itself at API rates; the cold
 * paths keep Drizzle's query builder.
 */
class HotStatements {
  readonly record: Database.Statement<[string, string], RawRecordRow>;
  readonly insertRecord: Database.Statement<unknown[]>;
  readonly insertRevision: Database.Statement<unknown[]>;
  readonly insertUnique: Database.Statement<unknown[]>;
  readonly uniqueHolder: Database.Statement<[string, string, string, string], { recordId: string }>;
  readonly currentRecord: Database.Statement<[string, string], CurrentRow>;
  readonly importKey: Database.Statement<[string, string], { recordId: string }>;
  readonly deleteUniques: Database.Statement<[string]>;
  readonly updateRecord: Database.Statement<unknown[]>;
  readonly insertImportKey: Database.Statement<unknown[]>;
  readonly insertText: Database.Statement<unknown[]>;
  readonly indexText: Database.Statement<[number | bigint, string, string]>;
  readonly textsOf: Database.Statement<[string], RecordText & { ownerOrg: string; facets: string }>;
  readonly deleteTexts: Database.Statement<[string]>;

  constructor(sqlite: Database.Database) {
    this.record = sqlite.prepare(
      "SELECT id, collection, version, owner_org AS ownerOrg, revision, data, complete, missing, created_at AS createdAt, created_by AS createdBy, updated_at AS updatedAt, updated_by AS updatedBy, archive, review_flags AS reviewFlags, owner_pending AS ownerPending FROM records WHERE collection = ? AND id = ?",
    );
    this.insertRecord = sqlite.prepare(
      "INSERT INTO records (id, collection, version, owner_org, revision, data, complete, missing, created_at, created_by, updated_at, updated_by, archive, review_flags, owner_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.importKey = sqlite.prepare("SELECT record_id AS recordId FROM import_keys WHERE collection = ? AND import_key = ?");
    this.insertImportKey = sqlite.prepare("INSERT INTO import_keys (collection, import_key, record_id) VALUES (?, ?, ?)");
    this.deleteUniques = sqlite.prepare("DELETE FROM record_unique_values WHERE record_id = ?");
    this.updateRecord = sqlite.prepare(
      "UPDATE records SET version = ?, revision = ?, data = ?, complete = ?, missing = ?, updated_at = ?, updated_by = ?, owner_org = ?, archive = ?, review_flags = ?, owner_pending = ? WHERE id = ? AND revision = ?",
    );
    this.insertRevision = sqlite.prepare(
      "INSERT INTO revisions (record_id, revision, version, owner_org, data, changed_items, created_at, created_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.insertUnique = sqlite.prepare("INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) VALUES (?, ?, ?, ?, ?)");
    this.uniqueHolder = sqlite.prepare("SELECT record_id AS recordId FROM record_unique_values WHERE collection = ? AND scope = ? AND item = ? AND value_key = ?");
    this.currentRecord = sqlite.prepare("SELECT revision, data, owner_org AS ownerOrg, created_at AS createdAt, created_by AS createdBy, archive, review_flags AS reviewFlags, owner_pending AS ownerPending FROM records WHERE collection = ? AND id = ?");
    // The triggers of migration 0005 carry deletes and updates of record_texts into
    // record_texts_fts; a new row's entry is written by the store (indexText, migration 0012).
    this.insertText = sqlite.prepare("INSERT INTO record_texts (record_id, collection, owner_org, item, text, facets, tags) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.indexText = sqlite.prepare("INSERT INTO record_texts_fts (rowid, text, tags) VALUES (?, ?, ?)");
    this.textsOf = sqlite.prepare("SELECT item, text, owner_org AS ownerOrg, facets FROM record_texts WHERE record_id = ? ORDER BY id");
    this.deleteTexts = sqlite.prepare("DELETE FROM record_texts WHERE record_id = ?");
  }
}

/** What an update reads of the record it changes. */
type CurrentRow = Pick<RawRecordRow, "revision" | "data" | "ownerOrg" | "createdAt" | "createdBy" | "archive" | "reviewFlags" | "ownerPending">;

export class SqliteStore implements Store {
  private readonly hot: HotStatements;
  /** One transaction function, made once: better-sqlite3 wraps a call of it in BEGIN/COMMIT. */
  private readonly transaction: Database.Transaction<(body: () => WriteResult | undefined) => WriteResult | undefined>;
  private readonly accounts: SqliteAccounts;
  private readonly drafts: SqliteDrafts;
  private readonly jobs: SqliteJobs;
  private readonly listIndexes: SqliteListIndexes;
  private readonly reads: SqliteReads;
  /** Single-row writes asked for together share one commit (sqlite-write-group.ts). */
  private readonly group: SqliteWriteGroup;
  private readonly statistics: SqliteStatistics;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly db: Db,
    private readonly pool: SqliteReadPool | undefined,
    private readonly checkpointer?: SqliteCheckpointer,
    /** A bulk writer's pauses between its transactions while others write (sqlite-writer-yield.ts). */
    private readonly writerYield?: WriterYield,
  ) {
    this.reads = new SqliteReads(sqlite);
    this.hot = new HotStatements(sqlite);
    this.transaction = sqlite.transaction((body: () => WriteResult | undefined) => body());
    this.accounts = new SqliteAccounts(sqlite, db);
    this.drafts = new SqliteDrafts(db);
    this.jobs = new SqliteJobs(db);
    this.listIndexes = new SqliteListIndexes(sqlite);
    this.group = new SqliteWriteGroup(sqlite);
    this.statistics = new SqliteStatistics(sqlite);
  }

  /** The connection's page cache in KiB, as SQLite has it. */
  pageCacheKiB(): number {
    const size = Number(this.sqlite.pragma("cache_size", { simple: true }));
    // Positive: a number of pages; negative: KiB.
    return size < 0 ? -size : (size * Number(this.sqlite.pragma("page_size", { simple: true }))) / 1024;
  }

  /** How many pages the log may hold before this connection checkpoints it (SQLite's wal_autocheckpoint). */
  logPagesBeforeCheckpoint(): number {
    return Number(this.sqlite.pragma("wal_autocheckpoint", { simple: true }));
  }

  /** Brings the planner's statistics up to date if the tables changed enough (sqlite-statistics.ts; a timer does it every minute). */
  checkStatistics(): StatisticsCheck {
    return this.statistics.check();
  }

  async close(): Promise<void> {
    this.statistics.close();
    this.group.flushAll();
    await this.pool?.close();
    if (!this.sqlite.open) return;
    try {
      // The last look at the planner's statistics, the same one the timer takes (bounded, and
      // skipped rather than waited for when another process holds the file).
      this.statistics.check();
    } finally {
      // After the writer's last write: the thread's last checkpoint empties the log.
      await this.checkpointer?.stop();
      this.sqlite.close();
    }
  }

  // --- Organisations ---------------------------------------------------------------------

  // --- Users, sessions and the audit trail (sqlite-accounts.ts) ---------------------------

  async createUser(user: NewUser): Promise<User> {
    return this.accounts.createUser(user);
  }
  async ensureUser(user: NewUser): Promise<User> {
    return this.accounts.ensureUser(user);
  }
  async getUser(id: string): Promise<User | undefined> {
    return this.accounts.getUser(id);
  }
  async getUserByUsername(username: string): Promise<User | undefined> {
    return this.accounts.getUserByUsername(username);
  }
  async getUserByEmail(email: string): Promise<User | undefined> {
    return this.accounts.getUserByEmail(email);
  }
  async getUserByExternalId(issuer: string, subject: string): Promise<User | undefined> {
    return this.accounts.getUserByExternalId(issuer, subject);
  }
  async listUsers(): Promise<User[]> {
    return this.accounts.listUsers();
  }
  async updateUser(id: string, change: UserChange): Promise<User | undefined> {
    return this.accounts.updateUser(id, change);
  }
  async recordSignIn(id: string, identity?: { issuer: string; subject: string }): Promise<void> {
    this.accounts.recordSignIn(id, identity);
  }
  async countDevAccess(): Promise<{ users: number; sessions: number }> {
    return this.accounts.countDevAccess();
  }
  async removeDevAccess(): Promise<{ users: number; sessions: number }> {
    return this.accounts.removeDevAccess();
  }
  async createSession(session: NewSession): Promise<Session> {
    return this.accounts.createSession(session);
  }
  async getSession(id: string): Promise<Session | undefined> {
    return this.accounts.getSession(id);
  }
  async getSessionWithUser(id: string): Promise<{ session: Session; user: User | undefined } | undefined> {
    return this.accounts.getSessionWithUser(id);
  }
  async touchSession(id: string, at: string): Promise<void> {
    this.accounts.touchSession(id, at);
  }
  async deleteSession(id: string): Promise<void> {
    this.accounts.deleteSession(id);
  }
  async deleteSessionsOf(userId: string): Promise<number> {
    return this.accounts.deleteSessionsOf(userId);
  }
  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.group.run(() => this.accounts.appendAudit(entry));
  }
  async listAudit(query: AuditQuery): Promise<AuditPage> {
    return this.accounts.listAudit(query);
  }

  // --- Drafts (sqlite-drafts.ts) ------------------------------------------------------------

  async saveDraft(draft: DraftWrite): Promise<Draft> {
    return this.drafts.save(draft);
  }
  async getDraft(userId: string, collection: string, key: string, now?: string): Promise<Draft | undefined> {
    return this.drafts.get(userId, collection, key, now);
  }
  async listDrafts(userId: string, now?: string): Promise<Draft[]> {
    return this.drafts.list(userId, now);
  }
  async countDrafts(userId: string, now?: string): Promise<number> {
    return this.drafts.count(userId, now);
  }
  async deleteDraft(userId: string, collection: string, key: string): Promise<boolean> {
    return this.drafts.delete(userId, collection, key);
  }
  async purgeExpiredDrafts(now?: string): Promise<number> {
    return this.drafts.purgeExpired(now);
  }

  // --- Jobs (sqlite-jobs.ts) ----------------------------------------------------------------

  async startJob(job: NewJob): Promise<{ job: StoredJob; started: boolean }> {
    return this.jobs.start(job);
  }
  async updateJobProgress(id: string, progress: { checked: number; total: number }, at?: string): Promise<void> {
    this.jobs.updateProgress(id, progress, at);
  }
  async finishJob(id: string, outcome: JobOutcome, at?: string): Promise<void> {
    this.jobs.finish(id, outcome, at);
  }
  async getJob(id: string, userId: string): Promise<StoredJob | undefined> {
    return this.jobs.get(id, userId);
  }
  async purgeJobs(finishedBefore: string): Promise<number> {
    return this.jobs.purge(finishedBefore);
  }

  // --- Records ---------------------------------------------------------------------------

  async createRecord(input: NewRecord): Promise<WriteResult> {
    return this.group.run(() => this.createRecordSync(input));
  }

  /**
   * Every refusal (already imported, a duplicate value) is found before anything is written, so
   * a refused record leaves nothing to undo: inside a batch's transaction no record needs a
   * savepoint of its own. The record returned is the one written, made from the input rather
   * than read back (its data is the caller's object, stored as its JSON).
   */
  private createRecordSync(input: NewRecord): WriteResult {
    const at = input.at ?? new Date().toISOString();
    return this.write(() => {
      if (input.importKey) {
        const existing = this.hot.importKey.get(input.collection, input.importKey);
        if (existing) return { kind: "already_imported", id: existing.recordId };
      }
      const claims = uniqueClaims(input.ownerOrg, input.unique);
      const held = this.heldByAnother(input.collection, claims, undefined);
      if (held) return held;
      const id = uuidV7();
      const data = JSON.stringify(input.data);
      const archive = input.archive ?? {};
      const reviewFlags = input.reviewFlags ?? [];
      const revisions = firstRevisions(input);
      this.hot.insertRecord.run(id, input.collection, input.version, input.ownerOrg, revisions.length, data, input.complete ? 1 : 0, JSON.stringify(input.missing), at, input.userId, at, input.userId, JSON.stringify(archive), JSON.stringify(reviewFlags), input.ownerPending ? JSON.stringify(input.ownerPending) : null);
      for (const c of claims) this.hot.insertUnique.run(input.collection, c.scope, c.item, c.valueKey, id);
      for (const r of revisions) this.hot.insertRevision.run(id, r.revision, r.version, r.ownerOrg, r.data === input.data ? data : JSON.stringify(r.data), JSON.stringify(r.changedItems), at, input.userId, r.reason);
      if (input.search) this.insertTexts(input.collection, id, input.ownerOrg, input.search);
      this.listIndexes.created(input.collection, id, input.data);
      if (input.importKey) this.hot.insertImportKey.run(input.collection, input.importKey, id);
      const record = createdRecord(input, { id, createdAt: at, archive, reviewFlags });
      if (input.audit) this.accounts.appendAudit(input.audit(record));
      return { kind: "ok", record };
    });
  }

  async createRecords(input: NewRecord[]): Promise<WriteResult[]> {
    // Synchronous inside: nothing else can interleave with the batch's transaction, and each
    // record's checks come before its writes, so one transaction serves the whole batch.
    const results: WriteResult[] = [];
    const began = performance.now();
    this.transaction.immediate(() => {
      for (const record of input) results.push(this.createRecordSync(record));
      return undefined;
    });
    await this.writerYield?.after(performance.now() - began);
    return results;
  }

  async getRecord(collection: string, id: string): Promise<StoredRecord | undefined> {
    const row = this.hot.record.get(collection, id);
    return row && fromRawRecord(row);
  }

  async updateRecord(update: RecordUpdate): Promise<WriteResult> {
    const at = update.at ?? new Date().toISOString();
    return this.group.run(() => this.write(() => {
      const current = this.hot.currentRecord.get(update.collection, update.id);
      if (!current) return { kind: "not_found" };
      if (current.revision !== update.expectedRevision) return { kind: "conflict", currentRevision: current.revision };

      const ownerOrg = update.ownerOrg ?? current.ownerOrg;
      const claims = uniqueClaims(ownerOrg, update.unique);
      const held = this.heldByAnother(update.collection, claims, update.id);
      if (held) return held;

      const revision = current.revision + 1;
      const before = JSON.parse(current.data) as RecordData;
      const data = JSON.stringify(update.data);
      const archive = update.archive ?? (JSON.parse(current.archive) as RecordData);
      const reviewFlags = update.reviewFlags ?? (JSON.parse(current.reviewFlags) as string[]);
      const ownerPending = update.ownerPending === undefined ? (current.ownerPending ? (JSON.parse(current.ownerPending) as StoredRecord["ownerPending"]) : null) : update.ownerPending;
      // The revision was read in this same synchronous step, so the guard cannot fail; it stays
      // so that a write can never go to a revision other than the one checked.
      const changed = this.hot.updateRecord.run(
        update.version,
        revision,
        data,
        update.complete ? 1 : 0,
        JSON.stringify(update.missing),
        at,
        update.userId,
        ownerOrg,
        update.archive ? JSON.stringify(archive) : current.archive,
        update.reviewFlags ? JSON.stringify(reviewFlags) : current.reviewFlags,
        update.ownerPending === undefined ? current.ownerPending : update.ownerPending === null ? null : JSON.stringify(update.ownerPending),
        update.id,
        update.expectedRevision,
      );
      if (changed.changes !== 1) return { kind: "conflict", currentRevision: current.revision };
      this.hot.deleteUniques.run(update.id);
      for (const c of claims) this.hot.insertUnique.run(update.collection, c.scope, c.item, c.valueKey, update.id);
      this.hot.insertRevision.run(update.id, revision, update.version, ownerOrg, data, JSON.stringify(changedItems(before, update.data)), at, update.userId, update.reason ?? "update");
      this.replaceTexts(update.collection, update.id, ownerOrg, update.search);
      this.listIndexes.updated(update.collection, update.id, before, update.data);
      const record = updatedRecord(update, current, { ownerOrg, revision, updatedAt: at, archive, reviewFlags, ownerPending });
      if (update.audit) this.accounts.appendAudit(update.audit(record));
      return { kind: "ok", record };
    }));
  }

  /**
   * The first of a record's unique values that another record already holds, as the write's
   * result. The UNIQUE index stays the last word: a value claimed between this check and the
   * insert (impossible while writes are synchronous on one connection) would make the insert
   * throw rather than be stored twice.
   */
  private heldByAnother(collection: string, claims: UniqueClaim[], self: string | undefined): WriteResult | undefined {
    for (const c of claims) {
      const holder = this.hot.uniqueHolder.get(collection, c.scope, c.item, c.valueKey);
      if (holder && holder.recordId !== self) return { kind: "duplicate", item: c.item, otherId: holder.recordId };
    }
    return undefined;
  }

  /**
   * Keeps a record's search entry in step with a write: replaced when the writer gives one
   * (left alone when nothing would change, so the index is not churned), and re-tagged with
   * the new owner when only the owner changes.
   */
  private replaceTexts(collection: string, recordId: string, ownerOrg: string, entry: SearchEntry | undefined): void {
    const stored = this.hot.textsOf.all(recordId);
    const wanted = entry ?? (stored.length ? { texts: stored.map((t) => ({ item: t.item, text: t.text })), facets: JSON.parse(stored[0]!.facets) as string[] } : undefined);
    if (!wanted) return;
    const facets = JSON.stringify(wanted.facets);
    const same = stored.length === wanted.texts.length && stored.every((t, i) => t.ownerOrg === ownerOrg && t.facets === facets && t.item === wanted.texts[i]!.item && t.text === wanted.texts[i]!.text);
    if (same) return;
    this.hot.deleteTexts.run(recordId);
    this.insertTexts(collection, recordId, ownerOrg, wanted);
  }

  private insertTexts(collection: string, recordId: string, ownerOrg: string, entry: SearchEntry): void {
    const facets = JSON.stringify(entry.facets);
    const tags = tagsOf(collection, ownerOrg, entry.facets);
    for (const t of entry.texts) this.hot.indexText.run(this.hot.insertText.run(recordId, collection, ownerOrg, t.item, t.text, facets, tags).lastInsertRowid, t.text, tags);
  }

  async searchTexts(search: TextSearch): Promise<TextSearchPage> {
    return this.read("searchTexts", [search]);
  }

  async rebuildTexts(batch: TextRebuildBatch): Promise<{ lastId: string | undefined; records: number }> {
    return this.sqlite.transaction(() => {
      const conditions = [inIdOrder(batch.collection)];
      if (batch.afterId) conditions.push(gt(records.id, batch.afterId));
      const rows = this.db.select().from(records).where(and(...conditions)).orderBy(asc(records.id)).limit(batch.limit).all().map(toRecord);
      for (const record of rows) this.replaceTexts(record.collection, record.id, record.ownerOrg, batch.entryOf(record));
      return { lastId: rows.at(-1)?.id, records: rows.length };
    }).immediate();
  }

  async textsSignature(collection: string): Promise<string | undefined> {
    return this.db.select({ signature: searchSettings.signature }).from(searchSettings).where(eq(searchSettings.collection, collection)).get()?.signature;
  }

  async markTextsBuilt(collection: string, signature: string): Promise<void> {
    const builtAt = new Date().toISOString();
    this.db
      .insert(searchSettings)
      .values({ collection, signature, builtAt })
      .onConflictDoUpdate({ target: searchSettings.collection, set: { signature, builtAt } })
      .run();
  }

  async listRecords(query: RecordQuery): Promise<RecordPage> {
    // The settings travel with the query: a worker's connection does not see this process's
    // memory of what the index step built.
    return this.read("listRecords", [query, this.listIndexes.settingsOf(query.collection)]);
  }

  async prepareListIndexes(settings: ListIndexSettings[], onProgress?: (progress: ListIndexProgress) => void): Promise<ListIndexReport> {
    return this.listIndexes.prepare(settings, onProgress);
  }

  async history(collection: string, id: string): Promise<Revision[]> {
    return this.read("history", [collection, id]);
  }

  async countRecords(collection?: string): Promise<number> {
    return this.read("countRecords", [collection]);
  }

  async scanRecords(query: { collection: string; version?: string; afterId?: string; limit: number }): Promise<StoredRecord[]> {
    const conditions = [inIdOrder(query.collection)];
    if (query.version) conditions.push(eq(records.version, query.version));
    if (query.afterId) conditions.push(gt(records.id, query.afterId));
    return this.db.select().from(records).where(and(...conditions)).orderBy(asc(records.id)).limit(query.limit).all().map(toRecord);
  }

  async scanRecordsAsAt(query: { collection: string; at: string; owners: string[] | "all"; afterId?: string; limit: number }): Promise<RecordAsAt[]> {
    return this.read("scanRecordsAsAt", [query]);
  }

  async scanRevisions(query: { collection: string; afterSeq: number; limit: number }): Promise<SequencedRevision[]> {
    return this.read("scanRevisions", [query]);
  }

  async logExtract(entry: NewExtractLogEntry): Promise<ExtractLogEntry> {
    const { at, ...rest } = entry;
    const row: ExtractLogEntry = { id: randomUUID(), ...rest, createdAt: at ?? new Date().toISOString() };
    this.db.insert(extractLog).values(row).run();
    return row;
  }

  async listExtractLog(options: { limit?: number } = {}): Promise<ExtractLogEntry[]> {
    return this.db.select().from(extractLog).orderBy(sql`${extractLog.createdAt} DESC`).limit(options.limit ?? 500).all();
  }

  async listOwnerPending(collection: string): Promise<StoredRecord[]> {
    return this.db
      .select()
      .from(records)
      .where(and(eq(records.collection, collection), isNotNull(records.ownerPending)))
      .orderBy(asc(records.id))
      .all()
      .map(toRecord);
  }

  async uniqueKeyFormat(): Promise<number> {
    return Number(this.sqlite.pragma("user_version", { simple: true })) || 1;
  }

  async rekeyUniqueValues(rekey: UniqueRekey): Promise<UniqueRekeyReport> {
    type Row = { rowid: number; recordSeq: number; collection: string; scope: string; item: string; valueKey: string; recordId: string; version: string; value: unknown };
    const report: UniqueRekeyReport = { values: 0, changed: 0, clashes: [] };
    const batch = this.sqlite.prepare(
      `SELECT u.rowid, r.rowid AS recordSeq, u.collection, u.scope, u.item, u.value_key AS valueKey, u.record_id AS recordId, r.version,
              json_extract(r.data, '$.' || json_quote(u.item)) AS value
       FROM record_unique_values u JOIN records r ON r.id = u.record_id
       WHERE (r.rowid, u.item, u.rowid) > (?, ?, ?) ORDER BY r.rowid, u.item, u.rowid LIMIT 1000`,
    );
    this.sqlite.transaction(() => {
      // The new keys are collected apart from the old ones, so that an old key that happens to
      // equal a new one is never mistaken for a clash. Records are taken in the order they were
      // stored (records' rowids: ids made in one millisecond are in no order): of two look-alike values, the
      // one stored first keeps its claim.
      this.sqlite.exec("CREATE TEMP TABLE rekeyed (collection TEXT NOT NULL, scope TEXT NOT NULL, item TEXT NOT NULL, value_key TEXT NOT NULL, record_id TEXT NOT NULL, UNIQUE (collection, scope, item, value_key))");
      try {
        const insert = this.sqlite.prepare("INSERT INTO temp.rekeyed VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        const holder = this.sqlite.prepare<[string, string, string, string], { recordId: string }>("SELECT record_id AS recordId FROM temp.rekeyed WHERE collection = ? AND scope = ? AND item = ? AND value_key = ?");
        const flag = this.sqlite.prepare("UPDATE records SET review_flags = json_insert(review_flags, '$[#]', ?) WHERE id = ? AND NOT EXISTS (SELECT 1 FROM json_each(review_flags) WHERE value = ?)");
        let after: [number, string, number] = [0, "", 0];
        for (;;) {
          const rows = batch.all(...after) as Row[];
          if (!rows.length) break;
          for (const row of rows) {
            report.values++;
            const claim = { collection: row.collection, version: row.version, item: row.item };
            // A value the record no longer holds as text keeps what its old key says.
            const value = typeof row.value === "string" ? row.value : row.valueKey;
            const ignoreCase = rekey.ignoreCaseOf(claim) ?? keyIgnoredCase(value, row.valueKey);
            const key = uniqueValueKey(value, ignoreCase);
            if (key !== row.valueKey) report.changed++;
            if (insert.run(row.collection, row.scope, row.item, key, row.recordId).changes === 1) continue;
            const heldBy = holder.get(row.collection, row.scope, row.item, key)!.recordId;
            if (heldBy === row.recordId) continue;
            const text = rekey.flag(claim);
            flag.run(text, row.recordId, text);
            report.clashes.push({ collection: row.collection, item: row.item, recordId: row.recordId, heldBy });
          }
          const last = rows[rows.length - 1]!;
          after = [last.recordSeq, last.item, last.rowid];
        }
        this.sqlite.exec("DELETE FROM record_unique_values");
        this.sqlite.exec("INSERT INTO record_unique_values (collection, scope, item, value_key, record_id) SELECT collection, scope, item, value_key, record_id FROM temp.rekeyed");
        this.sqlite.pragma(`user_version = ${UNIQUE_KEY_FORMAT}`);
      } finally {
        this.sqlite.exec("DROP TABLE temp.rekeyed");
      }
    }).immediate();
    return report;
  }

  bulkTransactionMs(): number {
    // Only a data command's connection (yieldToOtherWriters) takes longer transactions, and only
    // while no one else writes: a server's connection has its own requests waiting.
    return this.writerYield && !this.writerYield.othersWriting() ? LONE_BULK_TRANSACTION_MS : BULK_TRANSACTION_MS;
  }

  async bulk<T>(work: () => Promise<T>): Promise<T> {
    if (this.sqlite.inTransaction) throw new Error("a bulk operation is already running on this database");
    this.group.flushAll();
    this.sqlite.exec("BEGIN IMMEDIATE");
    const began = performance.now();
    try {
      const result = await work();
      this.sqlite.exec("COMMIT");
      await this.writerYield?.after(performance.now() - began);
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * A heavy read, in a worker when there are any; in-process inside an open transaction (a
   * bulk run must see its own writes, which no other connection can) or when the workers could
   * not start.
   */
  private async read<K extends SqliteReadName>(name: K, args: Parameters<SqliteReadOps[K]>): Promise<ReturnType<SqliteReadOps[K]>> {
    const inProcess = () => (this.reads[name] as (...a: unknown[]) => ReturnType<SqliteReadOps[K]>).apply(this.reads, args);
    if (!this.pool?.usable || this.sqlite.inTransaction) return inProcess();
    try {
      return await this.pool.run(name, args);
    } catch (error) {
      if (error instanceof ReadPoolUnavailable && this.sqlite.open) return inProcess();
      throw error;
    }
  }

  /**
   * Runs a record write in one immediate transaction, or as part of the transaction already
   * open (a batch, or bulk()). Writes check before they write, so none needs a savepoint to
   * undo a refusal; an error thrown part way ends the enclosing transaction, as before.
   */
  private write(body: () => WriteResult): WriteResult {
    if (this.sqlite.inTransaction) return body();
    return this.transaction.immediate(body) as WriteResult;
  }
}

// --- Helpers -----------------------------------------------------------------------------


function toRecord(row: RecordRow): StoredRecord {
  return { ...row };
}



/**
 * `collection = ?` for scans in id order. The unary plus keeps SQLite from answering it with a
 * (collection, ...) index, which would sort the whole collection for every batch; walking the
 * id index instead makes each batch cost the same however many records there are.
 */
function inIdOrder(collection: string): SQL {
  return sql`+${records.collection} = ${collection}`;
}


