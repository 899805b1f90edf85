/**
 * The SQLite schema (Drizzle). Migrations in ./migrations are generated from this file:
 *   npx drizzle-kit generate --config storage/drizzle.config.ts
 * Never edit a generated migration by hand; change this file and generate a new one.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { AuditAction, RecordData, Role, SignInMethod, UserSource } from "./types.ts";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    role: text("role").$type<Role>().notNull(),
    orgCode: text("org_code").notNull(),
    /** Lower-cased; links a first OpenID Connect sign-in (verified email only) to this account. */
    email: text("email"),
    /** How the account came to be: demo (seeded for development), admin (created by a user administrator), system. */
    source: text("source").$type<UserSource>().notNull().default("admin"),
    /** May add, change and deactivate accounts (national users only). */
    userAdmin: integer("user_admin", { mode: "boolean" }).notNull().default(false),
    /** A deactivated user cannot sign in and has no sessions. */
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    externalIssuer: text("external_issuer"),
    externalSubject: text("external_subject"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at"),
    lastSignInAt: text("last_sign_in_at"),
  },
  (t) => [uniqueIndex("users_email_idx").on(t.email), uniqueIndex("users_external_idx").on(t.externalIssuer, t.externalSubject)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    /** How the session was made (dev or oidc): a server never honours a method it does not offer. */
    method: text("method").$type<SignInMethod>().notNull().default("dev"),
    createdAt: text("created_at").notNull(),
    /** The last request seen (updated at most once a minute), for the idle timeout. */
    lastSeenAt: text("last_seen_at").notNull().default(""),
    /** The absolute end of the session, whatever the activity. */
    expiresAt: text("expires_at").notNull(),
    /** The provider's ID token, sent back as id_token_hint when signing out of the provider. */
    idToken: text("id_token"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const records = sqliteTable(
  "records",
  {
    id: text("id").primaryKey(),
    collection: text("collection").notNull(),
    version: text("version").notNull(),
    ownerOrg: text("owner_org").notNull(),
    revision: integer("revision").notNull(),
    data: text("data", { mode: "json" }).$type<RecordData>().notNull(),
    complete: integer("complete", { mode: "boolean" }).notNull(),
    /** JSON array of JSON pointers. */
    missing: text("missing", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
    /** Answers with no item in the record's current version (carried by a migration), JSON object. */
    archive: text("archive", { mode: "json" }).$type<RecordData>().notNull().default(sql`'{}'`),
    /** Reasons a person should review the record, JSON array of text. */
    reviewFlags: text("review_flags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** When a migration could not decide the owner: {candidates, reason}; null otherwise. */
    ownerPending: text("owner_pending", { mode: "json" }).$type<{ candidates: string[]; reason: string } | null>(),
  },
  // The list's default orders, each ending in id as the list's own order does, so that a page
  // is read off an index in order (and an ICB's list never looks at another ICB's rows). Indexes
  // on answers depend on the definitions: storage/sqlite-indexes.ts makes them at start-up.
  (t) => [
    index("records_collection_owner_updated_idx").on(t.collection, t.ownerOrg, t.updatedAt, t.id),
    index("records_collection_updated_idx").on(t.collection, t.updatedAt, t.id),
    index("records_collection_created_idx").on(t.collection, t.createdAt, t.id),
  ],
);

/**
 * Append-only: one row per revision of a record, never updated or deleted.
 *
 * Each revision holds its whole JSON, so the latest one repeats records.data. That is decided,
 * not overlooked (issue 13): records.data is what lists, filters, sorts and their expression
 * indexes read, and must sit in the row they index; a revision must stand on its own for as-at
 * extracts, the dashboard and history (no chain of differences to replay, and a damaged row
 * loses one revision, not every later one). Keeping the latest JSON in one place only would mean
 * updating the previous revision on every write (no longer append-only) or lists joining
 * revisions (which no index on records can serve). Measured on the real schema, the second copy
 * costs no CPU time a write can see (the revision row's index entries cost the same with an empty
 * object); it costs disk space, about the size of the current data once more.
 */
export const revisions = sqliteTable(
  "revisions",
  {
    recordId: text("record_id")
      .notNull()
      .references(() => records.id),
    revision: integer("revision").notNull(),
    version: text("version").notNull(),
    ownerOrg: text("owner_org").notNull(),
    data: text("data", { mode: "json" }).$type<RecordData>().notNull(),
    /** JSON array of top-level item keys. */
    changedItems: text("changed_items", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.revision] }), index("revisions_record_created_idx").on(t.recordId, t.createdAt)],
);

/**
 * Values that must not repeat: the UNIQUE index makes the database reject a duplicate in the
 * same transaction as the record write. scope is the owner organisation code, or "*" for
 * collection-wide constraints; value_key is the value, lower-cased when the constraint ignores case.
 */
export const recordUniqueValues = sqliteTable(
  "record_unique_values",
  {
    collection: text("collection").notNull(),
    scope: text("scope").notNull(),
    item: text("item").notNull(),
    valueKey: text("value_key").notNull(),
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
  },
  (t) => [
    uniqueIndex("record_unique_values_key_idx").on(t.collection, t.scope, t.item, t.valueKey),
    index("record_unique_values_record_idx").on(t.recordId),
  ],
);

/** Rows brought in by a legacy import, so that importing the same file again adds nothing. */
export const importKeys = sqliteTable(
  "import_keys",
  {
    collection: text("collection").notNull(),
    importKey: text("import_key").notNull(),
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.collection, t.importKey] })],
);

/** Every extract made (who, when, what scope and as-at, how many rows, the checksum): append-only. */
export const extractLog = sqliteTable(
  "extract_log",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    collection: text("collection").notNull(),
    asAt: text("as_at").notNull(),
    quarter: text("quarter"),
    format: text("format").notNull(),
    scope: text("scope").notNull(),
    rows: integer("rows").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("extract_log_created_idx").on(t.createdAt)],
);

/**
 * The learning library's searchable texts: one row per record and text item, holding the
 * record's current answer. The full-text index over `text` and `tags` (record_texts_fts, FTS5
 * with this table as its external content) is a virtual table Drizzle cannot declare: the
 * custom migration 0005_learning_search creates it and the triggers that keep it in step with
 * every insert, update and delete here, in the same transaction. `tags` holds the collection,
 * the owner and the writer's facets as tokens (fts-query.ts), so that scope and filters are
 * answered by the index itself rather than by reading every matching record.
 */
export const recordTexts = sqliteTable(
  "record_texts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    ownerOrg: text("owner_org").notNull(),
    item: text("item").notNull(),
    text: text("text").notNull(),
    /** The writer's facets (JSON array of text), kept to rebuild `tags` when the owner changes. */
    facets: text("facets", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    tags: text("tags").notNull(),
  },
  (t) => [index("record_texts_record_idx").on(t.recordId)],
);

/** Which items a collection's texts were last built from, so that a change of items rebuilds them. */
export const searchSettings = sqliteTable("search_settings", {
  collection: text("collection").primaryKey(),
  /** What the writer's texts and facets were computed from (opaque to storage). */
  signature: text("signature").notNull(),
  builtAt: text("built_at").notNull(),
});

/**
 * The audit trail: who did what, when and from where. Append-only: the custom migration
 * 0007_audit_append_only adds triggers that refuse every UPDATE and DELETE, whoever asks.
 * user_id has no foreign key: an entry outlives the account it names.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    action: text("action").$type<AuditAction>().notNull(),
    /** The user who acted; null for an attempt by someone without an account. */
    userId: text("user_id"),
    /** Who, as they were known at the time (username or claimed email). */
    actor: text("actor").notNull(),
    ip: text("ip"),
    collection: text("collection"),
    recordId: text("record_id"),
    /** Whose account an administration action was about. */
    subjectUserId: text("subject_user_id"),
    /** What else is worth knowing (JSON object): never case contents. */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_record_idx").on(t.recordId, t.seq),
    index("audit_log_user_idx").on(t.userId, t.seq),
    index("audit_log_action_idx").on(t.action, t.seq),
  ],
);

/**
 * Unsaved answers, one row per author and case: the form as the author last left it, kept so
 * that a reload, a closed tab or an ended session loses nothing. Only the author ever reads
 * it. `draft_key` is the record's id, or `new-<uuid>` for a case not yet saved. Rows past
 * `expires_at` are never returned and are purged (DRAFT_RETENTION_DAYS).
 */
export const drafts = sqliteTable(
  "drafts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    draftKey: text("draft_key").notNull(),
    /** The record's id when the draft edits a stored case; null for a new case. */
    recordId: text("record_id"),
    version: text("version").notNull(),
    data: text("data", { mode: "json" }).$type<RecordData>().notNull(),
    /** The record's revision the author started from (null for a new case). */
    basedOnRevision: integer("based_on_revision"),
    updatedAt: text("updated_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.collection, t.draftKey] }), index("drafts_expires_idx").on(t.expiresAt), index("drafts_record_idx").on(t.collection, t.recordId)],
);

/**
 * The answers to the list's multiple-choice filter items, one row per record, item and code, so
 * that "themes includes neglect" is answered from an index rather than by reading every record's
 * JSON. Which items are kept is a collection's list settings (list_index_settings); storage keeps
 * the rows in step with every record write, in the same transaction.
 */
export const recordChoices = sqliteTable(
  "record_choices",
  {
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    item: text("item").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.collection, t.item, t.value, t.recordId] }), index("record_choices_record_idx").on(t.recordId, t.item)],
);

/**
 * The answers to the list's search items, one row per record and item. The trigram full-text
 * index over `text` (record_search_fts, custom migration 0010) finds the rows containing a
 * search's text without reading every record; its triggers keep it in step with this table.
 */
export const recordSearch = sqliteTable(
  "record_search",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    item: text("item").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("record_search_record_idx").on(t.recordId, t.item)],
);

/**
 * What each collection's list indexes and side tables were last made from (the list settings,
 * as JSON): read at every opening, so that every process writing records keeps the side tables
 * in step, and compared at start-up, so that a changed definition rebuilds them.
 */
export const listIndexSettings = sqliteTable("list_index_settings", {
  collection: text("collection").primaryKey(),
  settings: text("settings").notNull(),
  builtAt: text("built_at").notNull(),
});

/**
 * Long work a user starts and comes back to (server/jobs.ts), shared by every instance on the
 * database: the instance doing the work writes its progress and a heartbeat here, and any
 * instance answers a poll. The partial unique index is what keeps "one running job of a kind
 * per user", whichever instance the second request reaches.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    userId: text("user_id").notNull(),
    /** What the job is about (its collection, version...), as its routes need it. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"running" | "done" | "failed">().notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    /** Refreshed by the running instance; a running job whose heartbeat is old lost its instance. */
    heartbeatAt: text("heartbeat_at").notNull(),
    progressChecked: integer("progress_checked").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    message: text("message"),
    result: text("result", { mode: "json" }).$type<unknown>(),
  },
  (t) => [
    uniqueIndex("jobs_running_idx").on(t.userId, t.kind).where(sql`status = 'running'`),
    index("jobs_finished_idx").on(t.finishedAt),
  ],
);
