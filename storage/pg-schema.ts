/**
 * The PostgreSQL schema (Drizzle pg-core), the same tables and columns as schema.ts so that
 * both stores return identical values. Migrations in ./migrations-pg are generated from this
 * file:
 *   npx drizzle-kit generate --config storage/drizzle-pg.config.ts
 * Never edit a generated migration by hand; change this file and generate a new one. What
 * Drizzle cannot declare (the pg_trgm extension, the trigram and tsvector indexes, the triggers
 * that make revisions and the audit trail append-only) is in custom migrations beside them.
 *
 * Choices that differ from SQLite, and why:
 * - Times stay ISO text (as SQLite keeps them), so every returned value has the same format
 *   and precision, and text order is time order.
 * - Record answers are `json`, not `jsonb`: json keeps the writer's text (key order included),
 *   as SQLite does, and the round trip is exact; the list's expression indexes read single
 *   answers out of it (`data->>'item'`), which json serves as well as jsonb.
 * - Sequences (revisions.seq, audit_log.seq, records.seq) stand in for SQLite's rowids: they
 *   grow with every insert and are never reused.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, json, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { AuditAction, RecordData, Role, SignInMethod, UserSource } from "./types.ts";

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    role: text("role").$type<Role>().notNull(),
    orgCode: text("org_code").notNull(),
    email: text("email"),
    source: text("source").$type<UserSource>().notNull().default("admin"),
    userAdmin: boolean("user_admin").notNull().default(false),
    active: boolean("active").notNull().default(true),
    externalIssuer: text("external_issuer"),
    externalSubject: text("external_subject"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at"),
    lastSignInAt: text("last_sign_in_at"),
  },
  (t) => [uniqueIndex("users_email_idx").on(t.email), uniqueIndex("users_external_idx").on(t.externalIssuer, t.externalSubject)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    method: text("method").$type<SignInMethod>().notNull().default("dev"),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull().default(""),
    expiresAt: text("expires_at").notNull(),
    idToken: text("id_token"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const records = pgTable(
  "records",
  {
    id: text("id").primaryKey(),
    /** The order records were stored in (SQLite's rowid): of two look-alike unique values, the older record keeps its claim. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    collection: text("collection").notNull(),
    version: text("version").notNull(),
    ownerOrg: text("owner_org").notNull(),
    revision: integer("revision").notNull(),
    data: json("data").$type<RecordData>().notNull(),
    complete: boolean("complete").notNull(),
    missing: jsonb("missing").$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
    archive: json("archive").$type<RecordData>().notNull().default(sql`'{}'`),
    reviewFlags: jsonb("review_flags").$type<string[]>().notNull().default(sql`'[]'`),
    ownerPending: jsonb("owner_pending").$type<{ candidates: string[]; reason: string } | null>(),
  },
  (t) => [
    index("records_collection_owner_updated_idx").on(t.collection, t.ownerOrg, t.updatedAt, t.id),
    index("records_collection_updated_idx").on(t.collection, t.updatedAt, t.id),
    index("records_collection_created_idx").on(t.collection, t.createdAt, t.id),
    index("records_collection_id_idx").on(t.collection, t.id),
    uniqueIndex("records_seq_idx").on(t.seq),
  ],
);

/** Append-only (custom migration 0001 refuses UPDATE and DELETE); see schema.ts for why each revision holds its whole JSON. */
export const revisions = pgTable(
  "revisions",
  {
    recordId: text("record_id")
      .notNull()
      .references(() => records.id),
    revision: integer("revision").notNull(),
    /** The order revisions were written in (scanRevisions reads on from the last one seen). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    version: text("version").notNull(),
    ownerOrg: text("owner_org").notNull(),
    data: json("data").$type<RecordData>().notNull(),
    changedItems: jsonb("changed_items").$type<string[]>().notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.revision] }), index("revisions_record_created_idx").on(t.recordId, t.createdAt), uniqueIndex("revisions_seq_idx").on(t.seq)],
);

export const recordUniqueValues = pgTable(
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

export const importKeys = pgTable(
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

export const extractLog = pgTable(
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
 * The learning library's searchable texts. Scope and facets are columns here (SQLite folds them
 * into FTS5 tokens); the full-text index is a GIN index over to_tsvector('english', text) made
 * by custom migration 0001, which the searches' expression matches.
 */
export const recordTexts = pgTable(
  "record_texts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    ownerOrg: text("owner_org").notNull(),
    item: text("item").notNull(),
    text: text("text").notNull(),
    facets: jsonb("facets").$type<string[]>().notNull().default(sql`'[]'`),
  },
  (t) => [index("record_texts_record_idx").on(t.recordId)],
);

export const searchSettings = pgTable("search_settings", {
  collection: text("collection").primaryKey(),
  signature: text("signature").notNull(),
  builtAt: text("built_at").notNull(),
});

/** Append-only: custom migration 0001 adds triggers that refuse every UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: text("at").notNull(),
    action: text("action").$type<AuditAction>().notNull(),
    userId: text("user_id"),
    actor: text("actor").notNull(),
    ip: text("ip"),
    collection: text("collection"),
    recordId: text("record_id"),
    subjectUserId: text("subject_user_id"),
    details: json("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_record_idx").on(t.recordId, t.seq),
    index("audit_log_user_idx").on(t.userId, t.seq),
    index("audit_log_action_idx").on(t.action, t.seq),
  ],
);

export const drafts = pgTable(
  "drafts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    draftKey: text("draft_key").notNull(),
    recordId: text("record_id"),
    version: text("version").notNull(),
    data: json("data").$type<RecordData>().notNull(),
    basedOnRevision: integer("based_on_revision"),
    updatedAt: text("updated_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.collection, t.draftKey] }), index("drafts_expires_idx").on(t.expiresAt), index("drafts_record_idx").on(t.collection, t.recordId)],
);

export const recordChoices = pgTable(
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
 * The list's search answers. Custom migrations add what drizzle does not declare: the column
 * `folded` (the text with ASCII letters in lower case, generated and stored, migration 0003)
 * and the pg_trgm GIN index over it (migration 0003).
 */
export const recordSearch = pgTable(
  "record_search",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    recordId: text("record_id")
      .notNull()
      .references(() => records.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    item: text("item").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("record_search_record_idx").on(t.recordId, t.item)],
);

export const listIndexSettings = pgTable("list_index_settings", {
  collection: text("collection").primaryKey(),
  settings: text("settings").notNull(),
  builtAt: text("built_at").notNull(),
});

/** Facts about the database itself, by name: "unique_key_format" (SQLite keeps it in user_version). */
export const storeMeta = pgTable("store_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Long work shared by every instance (see schema.ts's jobs). */
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    userId: text("user_id").notNull(),
    detail: json("detail").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"running" | "done" | "failed">().notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    heartbeatAt: text("heartbeat_at").notNull(),
    progressChecked: integer("progress_checked").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    message: text("message"),
    result: json("result").$type<unknown>(),
  },
  (t) => [
    uniqueIndex("jobs_running_idx").on(t.userId, t.kind).where(sql`status = 'running'`),
    index("jobs_finished_idx").on(t.finishedAt),
  ],
);
