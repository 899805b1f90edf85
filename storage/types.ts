/**
 * The storage contract. Every data-access function is async so that a PostgreSQL
 * implementation can sit behind the same interface later; the SQLite one (sqlite-store.ts)
 * is the embedded default.
 */

import type { ListIndexProgress, ListIndexReport, ListIndexSettings } from "./list-index-plan.ts";

export const ROLES = ["icb_editor", "icb_viewer", "regional", "national", "standards_admin"] as const;
export type Role = (typeof ROLES)[number];

/** How an account came to be: seeded for development, created by a user administrator, or the system's own. */
export const USER_SOURCES = ["demo", "admin", "system"] as const;
export type UserSource = (typeof USER_SOURCES)[number];

/** How a session was made. */
export const SIGN_IN_METHODS = ["dev", "oidc"] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** ODS code of the user's organisation: an ICB for ICB users, a region (Y56...) for regional users, NHS England (X24) otherwise. */
  orgCode: string;
  /** Lower-cased email; a first OpenID Connect sign-in with this verified email links to the account. */
  email: string | null;
  source: UserSource;
  /** May administer accounts (national users only). */
  userAdmin: boolean;
  active: boolean;
  /** The identity provider's issuer and subject, set at the first OpenID Connect sign-in. */
  externalIssuer: string | null;
  externalSubject: string | null;
  createdAt: string;
  updatedAt: string | null;
  lastSignInAt: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  orgCode: string;
  email?: string | null;
  /** Default admin. */
  source?: UserSource;
  userAdmin?: boolean;
  externalIssuer?: string | null;
  externalSubject?: string | null;
}

/** What a user administrator may change; absent fields stay as they are. */
export interface UserChange {
  displayName?: string;
  role?: Role;
  orgCode?: string;
  userAdmin?: boolean;
  active?: boolean;
}

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  method: SignInMethod;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end, whatever the activity. */
  expiresAt: string;
  idToken: string | null;
}

export interface NewSession {
  userId: string;
  method: SignInMethod;
  /** Absolute lifetime. */
  lifetimeSeconds: number;
  idToken?: string | null;
}

export const AUDIT_ACTIONS = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "session_ended",
  "case_viewed",
  "case_history_viewed",
  "case_created",
  "case_changed",
  "extract_downloaded",
  "dashboard_viewed",
  "user_added",
  "user_changed",
  "user_deactivated",
  "user_reactivated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  seq: number;
  at: string;
  action: AuditAction;
  userId: string | null;
  actor: string;
  ip: string | null;
  collection: string | null;
  recordId: string | null;
  subjectUserId: string | null;
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, "seq" | "at" | "userId" | "ip" | "collection" | "recordId" | "subjectUserId" | "details"> &
  Partial<Pick<AuditEntry, "at" | "userId" | "ip" | "collection" | "recordId" | "subjectUserId" | "details">>;

export interface AuditQuery {
  userId?: string;
  recordId?: string;
  collection?: string;
  actions?: AuditAction[];
  /** ISO instants, from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Newest first; entries with seq below this (the previous page's last). */
  beforeSeq?: number;
  limit: number;
}

export interface AuditPage {
  items: AuditEntry[];
  /** The seq to pass as beforeSeq for the next page; null at the end. */
  next: number | null;
}

export type RecordData = Record<string, unknown>;

export interface StoredRecord {
  id: string;
  collection: string;
  version: string;
  ownerOrg: string;
  revision: number;
  data: RecordData;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** False when the data does not satisfy its version (e.g. after a migration added required items). */
  complete: boolean;
  /** JSON pointers of the items that keep the record incomplete. */
  missing: string[];
  /** Answers with no item in the record's version, carried over by a migration. */
  archive: RecordData;
  /** Reasons a person should review the record (set by migrations). */
  reviewFlags: string[];
  /** Set while a migration could not decide the owner: a national user must choose. */
  ownerPending: { candidates: string[]; reason: string } | null;
}

export interface Revision {
  recordId: string;
  revision: number;
  version: string;
  ownerOrg: string;
  data: RecordData;
  /** Top-level item keys whose value differs from the previous revision (all keys for revision 1). */
  changedItems: string[];
  createdAt: string;
  createdBy: string;
  /** Why the revision was made: "create", "update", later "migration". */
  reason: string;
}

/** A value that must not be repeated among an owner's records (e.g. the StEIS number). */
export interface UniqueConstraint {
  item: string;
  value: string;
  ignoreCase: boolean;
  /** "owner": among records of the same owner organisation; "collection": among all records. */
  within: "owner" | "collection";
}

/** A stored unique value, as a key recomputation sees it. */
export interface UniqueClaim {
  collection: string;
  /** The version of the record that holds the value. */
  version: string;
  item: string;
}

/** How to recompute stored unique-value keys: what the definitions say of each claim. */
export interface UniqueRekey {
  /** Whether the record's version compares the item's values ignoring case; undefined when it names no such item. */
  ignoreCaseOf(claim: UniqueClaim): boolean | undefined;
  /** The review flag of a record whose value now has the same key as an older record's. */
  flag(claim: UniqueClaim): string;
}

export interface UniqueRekeyReport {
  /** Unique values stored before. */
  values: number;
  /** How many of them have a new key. */
  changed: number;
  /** Records that lost their value's claim to an older record with a look-alike value (and were flagged). */
  clashes: { collection: string; item: string; recordId: string; heldBy: string }[];
}

/**
 * The audit entry of a record write, made from the record as written (its id and revision are
 * known only then) and stored in the same transaction: no change without its entry, and no
 * entry for a write that was refused or rolled back.
 */
export type RecordAudit = (written: StoredRecord) => NewAuditEntry;

export interface NewRecord {
  collection: string;
  version: string;
  ownerOrg: string;
  data: RecordData;
  userId: string;
  complete: boolean;
  missing: string[];
  unique: UniqueConstraint[];
  archive?: RecordData;
  reviewFlags?: string[];
  /** Identity of a legacy import row: a second import of the same row adds nothing. */
  importKey?: string;
  /** Why the first revision was made (default "create"; "import" for legacy rows). */
  reason?: string;
  /** When a migration could not decide the owner (see RecordUpdate). */
  ownerPending?: StoredRecord["ownerPending"];
  /**
   * The record as it arrived, when the writer carried it to another version before storing it
   * (an import that migrates as it stores): kept as revision 1 with its own reason, and the
   * record as given becomes revision 2. Its history is then that of a record stored as it
   * arrived and migrated at once.
   */
  arrived?: ArrivedRecord;
  /** Defaults to now; tests pass a fixed time. */
  at?: string;
  /** The record's searchable texts and facets (see SearchEntry); absent: none. */
  search?: SearchEntry;
  audit?: RecordAudit;
}

/**
 * A long write's transaction while others may be waiting for the database (Store.bulkTransactionMs):
 * what a server's request waiting for the lock may have to wait, so it is kept short.
 */
export const BULK_TRANSACTION_MS = 50;
/**
 * A data command's transaction while nobody else writes to the database. A server that starts
 * to write waits for one such transaction at most; the command then sees it and drops to
 * BULK_TRANSACTION_MS.
 */
export const LONE_BULK_TRANSACTION_MS = 500;

export interface ArrivedRecord {
  version: string;
  ownerOrg: string;
  data: RecordData;
  /** Why revision 1 was made ("import"). */
  reason: string;
}

/**
 * What a record contributes to full-text search: its searchable texts (answers to the items
 * its collection's learning library searches) and facets (opaque strings, like
 * "themes=neglect", that a search may require). Storage does not know which items those are:
 * writers say, and storage keeps the index in step with them in the same transaction.
 */
export interface SearchEntry {
  texts: RecordText[];
  facets: string[];
}

export interface RecordText {
  item: string;
  text: string;
}

export interface RecordUpdate {
  collection: string;
  id: string;
  /** The revision the writer last read: the update applies only if it is still current. */
  expectedRevision: number;
  version: string;
  data: RecordData;
  userId: string;
  complete: boolean;
  missing: string[];
  unique: UniqueConstraint[];
  reason?: string;
  at?: string;
  /** Migrations may move a record to another owner, and set its archive, flags and owner queue entry. */
  ownerOrg?: string;
  archive?: RecordData;
  reviewFlags?: string[];
  ownerPending?: { candidates: string[]; reason: string } | null;
  /** Absent: the record's search entry stays as it is (following a change of owner); present: it is replaced. */
  search?: SearchEntry;
  audit?: RecordAudit;
}

export type WriteResult =
  | { kind: "ok"; record: StoredRecord }
  | { kind: "conflict"; currentRevision: number }
  | { kind: "duplicate"; item: string; otherId: string }
  | { kind: "not_found" }
  | { kind: "already_imported"; id: string };

export interface RecordFilter {
  item: string;
  /** "equals" for single choice items, "includes" for multiple choice items. */
  match: "equals" | "includes";
  /** A record matches when its answer equals (or includes) any one of these. */
  values: string[];
}

/** Records whose date item falls within these days (ISO dates, both included; either end may be open). */
export interface DateRange {
  item: string;
  from?: string;
  to?: string;
}

/**
 * A test of a record's answers, in the shape of the definition language's conditions (the
 * storage knows nothing of the engine, so the shape is repeated here): blank answers are
 * never stored, so an answer is present when the record has it.
 */
export type RecordCondition =
  | { item: string; equals: string }
  | { item: string; in: string[] }
  | { item: string; includes: string }
  | { item: string; present: boolean }
  | { all: RecordCondition[] }
  | { any: RecordCondition[] }
  | { not: RecordCondition };

export interface RecordQuery {
  collection: string;
  /** Owner organisations the caller may see; "all" for national users. An empty list matches nothing. */
  owners: string[] | "all";
  filters?: RecordFilter[];
  dateRanges?: DateRange[];
  /** Only records whose answers meet this condition. */
  where?: RecordCondition;
  /** Only records brought in by a legacy import or changed by a version migration (true), or never (false). */
  migrated?: boolean;
  /** Only records last changed before this instant (ISO). */
  updatedBefore?: string;
  /** Only records that do (true) or do not (false) satisfy their version. */
  complete?: boolean;
  /** Only records with (true) or without (false) reasons for review. */
  flagged?: boolean;
  /** Case-insensitive substring search over these items. */
  search?: { items: string[]; text: string };
  /** "updatedAt" (default), "createdAt", or a top-level item key. */
  sortBy?: string;
  sortDir?: "asc" | "desc";
  page: number;
  pageSize: number;
  /** A previous page's `next`: the page after it (page is then ignored). Must come from a list in the same order. */
  cursor?: string;
}

/** Past this many matching records a list is not counted further: the total says "at least". */
export const COUNT_LIMIT = 10_000;
/**
 * A list with a search stops counting at this many matches: each match costs a text
 * comparison, and "at least 2,000" says enough.
 */
export const SEARCH_COUNT_LIMIT = 2_000;
/**
 * A count made by walking a few owners' records and testing a side condition on each (a search
 * or a multiple-choice filter, which would otherwise be read across every owner) tests at most
 * this many records: past them, the count is a lower bound. At 1,000,000 records a search's
 * test of one record costs about 30 µs on SQLite.
 */
export const WALK_COUNT_LIMIT = 2_000;

export interface RecordPage {
  items: StoredRecord[];
  /** Matching records, at most COUNT_LIMIT (a store may stop sooner where counting costs more: a search, or a list tested record by record). */
  total: number;
  /** True when the count stopped early: at least `total` records match. */
  totalCapped: boolean;
  /** The cursor of the page after this one; null when this is the last. */
  next: string | null;
}

/** A full-text search over records' texts (RecordText), within a collection and the caller's scope. */
export interface TextSearch {
  collection: string;
  /**
   * What a person typed: words, and "phrases in double quotes". Every word must appear (in any
   * form the stemmer relates: "neglected" finds "neglect"); nothing in it is query syntax.
   */
  query: string;
  /** Owner organisations the caller may see; "all" for national users. An empty list matches nothing. */
  owners: string[] | "all";
  /** Facets (SearchEntry) every matching record must have. */
  facets?: string[];
  page: number;
  pageSize: number;
}

/** Part of a passage: the matched words have match true. */
export interface PassageSegment {
  text: string;
  match: boolean;
}

/** One matching text, best matches first. */
export interface TextHit {
  recordId: string;
  ownerOrg: string;
  item: string;
  /** The text around the best match (cut with "…"), as plain text in segments: never markup. */
  passage: PassageSegment[];
}

/** Past this many matching texts a search is not counted further, and ranks only the most recently written this many. */
export const TEXT_SEARCH_LIMIT = 10_000;

export interface TextSearchPage {
  items: TextHit[];
  /** Matching texts (a record matching in two items counts twice), at most TEXT_SEARCH_LIMIT. */
  total: number;
  /** True when more than TEXT_SEARCH_LIMIT texts match: total is a lower bound. */
  capped: boolean;
}

/** One batch of a rebuild of a collection's texts. */
export interface TextRebuildBatch {
  collection: string;
  afterId?: string;
  limit: number;
  /** The search entry of a record as it should be; called inside the batch's transaction. */
  entryOf(record: StoredRecord): SearchEntry;
}

/** A record as it stood at a moment: its latest revision at or before then. */
export interface RecordAsAt {
  id: string;
  collection: string;
  /** The record's owner now (scope is decided by today's owner, as for every other read). */
  currentOwnerOrg: string;
  createdAt: string;
  /** The revision in force at the moment. */
  revision: Revision;
}

/** A revision with its place in the order revisions were written, for projections kept up to date by reading on from the last one seen. */
export interface SequencedRevision extends Omit<Revision, "changedItems"> {
  /** Increases with every revision written; never reused. */
  seq: number;
  /** The record's reasons for review now. */
  reviewFlags: string[];
}

/** One extract, as recorded for audit. */
export interface ExtractLogEntry {
  id: string;
  userId: string;
  collection: string;
  /** The day whose end the extract describes (YYYY-MM-DD), and the quarter when one was asked for. */
  asAt: string;
  quarter: string | null;
  format: string;
  /** "all", a region code or an organisation code. */
  scope: string;
  rows: number;
  sha256: string;
  createdAt: string;
}

export type NewExtractLogEntry = Omit<ExtractLogEntry, "id" | "createdAt"> & { at?: string };

/** Unsaved answers kept for their author (see schema.ts drafts). */
export interface Draft {
  userId: string;
  collection: string;
  /** The record's id, or `new-<uuid>` for a case not yet saved. */
  key: string;
  recordId: string | null;
  version: string;
  data: RecordData;
  basedOnRevision: number | null;
  updatedAt: string;
  expiresAt: string;
}

export interface DraftWrite {
  userId: string;
  collection: string;
  key: string;
  recordId: string | null;
  version: string;
  data: RecordData;
  basedOnRevision: number | null;
  /** How long the draft is kept after this write. */
  retentionSeconds: number;
  at?: string;
}

export type JobStatus = "running" | "done" | "failed";

/** A long job's shared state (server/jobs.ts): written by the instance running it, read by any. */
export interface StoredJob {
  id: string;
  kind: string;
  userId: string;
  detail: Record<string, unknown>;
  status: JobStatus;
  startedAt: string;
  finishedAt: string | null;
  /** When the running instance last said it is still at work. */
  heartbeatAt: string;
  progress: { checked: number; total: number };
  message: string | null;
  result: unknown;
}

export interface NewJob {
  id: string;
  kind: string;
  userId: string;
  detail: Record<string, unknown>;
  total: number;
  /** A running job of the user's of this kind whose heartbeat is older than this instant lost its instance: it is marked failed first. */
  staleBefore: string;
  at?: string;
}

/** Why a job whose instance stopped beating is marked failed (the same words from both stores). */
export const STALE_JOB_MESSAGE = "The server running this job stopped before it finished. Start it again; whatever it stored before stopping is kept.";

export type JobOutcome = { status: "done"; result: unknown } | { status: "failed"; message: string };

export interface Store {
  close(): Promise<void>;

  /** Creates or replaces the author's draft; purges expired drafts on the way. */
  saveDraft(draft: DraftWrite): Promise<Draft>;
  /** The author's draft, unless it has expired (at `now`, default the current time). */
  getDraft(userId: string, collection: string, key: string, now?: string): Promise<Draft | undefined>;
  /** The author's drafts that have not expired, newest first. */
  listDrafts(userId: string, now?: string): Promise<Draft[]>;
  /** How many unexpired drafts the author has. */
  countDrafts(userId: string, now?: string): Promise<number>;
  /** Returns whether there was one. */
  deleteDraft(userId: string, collection: string, key: string): Promise<boolean>;
  /** Deletes every draft past its expiry; returns how many. */
  purgeExpiredDrafts(now?: string): Promise<number>;

  /**
   * Stores a new running job, or returns the user's running job of that kind (started: false);
   * one short transaction. A running one whose heartbeat is older than `staleBefore` is first
   * marked failed (STALE_JOB_MESSAGE), so a crashed instance does not block its user.
   */
  startJob(job: NewJob): Promise<{ job: StoredJob; started: boolean }>;
  /** Notes a running job's progress and refreshes its heartbeat; a finished job is left as it is. */
  updateJobProgress(id: string, progress: { checked: number; total: number }, at?: string): Promise<void>;
  /** Ends a running job: done with its result (progress set to checked of checked), or failed with a message. */
  finishJob(id: string, outcome: JobOutcome, at?: string): Promise<void>;
  /** The job, if it exists and the user started it. */
  getJob(id: string, userId: string): Promise<StoredJob | undefined>;
  /** Deletes jobs that finished before `finishedBefore`; returns how many. */
  purgeJobs(finishedBefore: string): Promise<number>;


  createUser(user: NewUser): Promise<User>;
  /** Creates the user unless one with that username exists; returns the stored user. */
  ensureUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  getUserByUsername(username: string): Promise<User | undefined>;
  /** By lower-cased email. */
  getUserByEmail(email: string): Promise<User | undefined>;
  getUserByExternalId(issuer: string, subject: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  /** Applies the change; deactivating ends every session of the user in the same transaction. */
  updateUser(id: string, change: UserChange): Promise<User | undefined>;
  /** Links the account to the provider's identity and notes the sign-in. */
  recordSignIn(id: string, identity?: { issuer: string; subject: string }): Promise<void>;
  /**
   * Removes the demo users and every dev session (what production refuses to start with).
   * Records they wrote keep their ids as authors. Returns what was removed.
   */
  removeDevAccess(): Promise<{ users: number; sessions: number }>;
  /** How many demo users and dev sessions are stored. */
  countDevAccess(): Promise<{ users: number; sessions: number }>;

  createSession(session: NewSession): Promise<Session>;
  /** The session if it exists and has not reached its absolute end. */
  getSession(id: string): Promise<Session | undefined>;
  /**
   * As getSession, with the session's user read in the same statement (undefined if the user
   * no longer exists): what every request with a session cookie needs, for one read, not two.
   */
  getSessionWithUser(id: string): Promise<{ session: Session; user: User | undefined } | undefined>;
  /** Notes activity (for the idle timeout). */
  touchSession(id: string, at: string): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of a user; returns how many. */
  deleteSessionsOf(userId: string): Promise<number>;

  /** Appends to the audit trail (which nothing can change or delete). */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first, a page at a time. */
  listAudit(query: AuditQuery): Promise<AuditPage>;

  createRecord(record: NewRecord): Promise<WriteResult>;
  /** Several records in one transaction: all are stored, or (on an unexpected error) none. */
  createRecords(records: NewRecord[]): Promise<WriteResult[]>;
  getRecord(collection: string, id: string): Promise<StoredRecord | undefined>;
  updateRecord(update: RecordUpdate): Promise<WriteResult>;
  listRecords(query: RecordQuery): Promise<RecordPage>;
  /** Every revision of a record, oldest first. */
  history(collection: string, id: string): Promise<Revision[]>;
  countRecords(collection?: string): Promise<number>;
  /** Records in id order, a batch at a time (for migrations and data checks over every record). */
  scanRecords(query: { collection: string; version?: string; afterId?: string; limit: number }): Promise<StoredRecord[]>;
  /**
   * Records as they stood at `at` (an ISO instant), in id order, a batch at a time: each with its
   * latest revision created at or before `at`. Records created later are absent. Read from the
   * append-only revisions, so the same `at` always gives the same answer.
   */
  scanRecordsAsAt(query: { collection: string; at: string; owners: string[] | "all"; afterId?: string; limit: number }): Promise<RecordAsAt[]>;
  /**
   * A collection's revisions in the order they were written, after `afterSeq`, a batch at a
   * time. Revisions are append-only, so a reader that remembers the last `seq` it saw has seen
   * every revision up to it, whoever wrote them.
   */
  scanRevisions(query: { collection: string; afterSeq: number; limit: number }): Promise<SequencedRevision[]>;
  logExtract(entry: NewExtractLogEntry): Promise<ExtractLogEntry>;
  /** Newest first. */
  listExtractLog(options?: { limit?: number }): Promise<ExtractLogEntry[]>;
  /** Texts matching a search, best first (bm25), a page at a time, with the total. */
  searchTexts(search: TextSearch): Promise<TextSearchPage>;
  /**
   * Replaces the search entries of the next `limit` records (in id order, after `afterId`)
   * with `entryOf(record)`, in one short transaction. Returns the last record's id, or undefined
   * when there were no more records.
   */
  rebuildTexts(batch: TextRebuildBatch): Promise<{ lastId: string | undefined; records: number }>;
  /** What the collection's texts were last built from (see markTextsBuilt); undefined if never. */
  textsSignature(collection: string): Promise<string | undefined>;
  markTextsBuilt(collection: string, signature: string): Promise<void>;
  /** Records waiting for a person to choose their owner. */
  listOwnerPending(collection: string): Promise<StoredRecord[]>;
  /** The format of the stored unique-value keys (see unique-key.ts); older than UNIQUE_KEY_FORMAT until rekeyUniqueValues runs. */
  uniqueKeyFormat(): Promise<number>;
  /**
   * Recomputes every stored unique value's key from its record's current answer, in one
   * transaction, and records that the keys are of the current format. When two records' values
   * now have one key, the older record keeps it and the other loses its claim and is flagged for
   * review: both stay as they were otherwise, and a person gives one a new value.
   */
  rekeyUniqueValues(rekey: UniqueRekey): Promise<UniqueRekeyReport>;
  /**
   * Runs `work` inside one transaction: every write it makes lands, or none does. Meant for
   * maintenance commands (import, migrate) that own the database while they run.
   */
  bulk<T>(work: () => Promise<T>): Promise<T>;
  /**
   * How long one transaction of a long write (an import's chunk, a migration's slice) should
   * last now, in ms. Each commit writes every page the transaction changed, and an import's
   * rows land all over the list indexes, so fewer, longer transactions write far less; but
   * anyone else writing waits for each one. So: BULK_TRANSACTION_MS, or longer
   * (LONE_BULK_TRANSACTION_MS) while this connection is a data command alone on the database.
   */
  bulkTransactionMs(): number;
  /**
   * Makes what the collections' lists need to be answered from indexes (list-index-plan.ts),
   * drops what they no longer need, and fills side tables for answers kept apart; idempotent.
   * Until it has run for a collection, its lists are answered by reading the records.
   * A refill of many records can take minutes: `onProgress` hears after each batch.
   */
  prepareListIndexes(settings: ListIndexSettings[], onProgress?: (progress: ListIndexProgress) => void): Promise<ListIndexReport>;
}
