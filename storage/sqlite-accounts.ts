/**
 * Accounts, sessions and the audit trail in SQLite: the part of the store every request touches
 * (its session and user, read by prepared statements) and the append-only audit trail.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { and, asc, count, desc, eq, gte, inArray, lt, lte, type SQL } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { auditLog, sessions, users } from "./schema.ts";
import { SqliteSessionCache } from "./sqlite-session-cache.ts";
import type { AuditEntry, AuditPage, AuditQuery, NewAuditEntry, NewSession, NewUser, Session, User, UserChange } from "./types.ts";

type Db = BetterSQLite3Database<Record<string, unknown>>;
type UserRow = typeof users.$inferSelect;
type SessionRow = Omit<Session, "method"> & { method: string };
type RawUserRow = Omit<User, "role" | "source" | "active" | "userAdmin"> & { role: string; source: string; active: number; userAdmin: number };
type SessionWithUserRow = { sessions: SessionRow; users: RawUserRow | { id: null } };

const SESSION_COLUMNS =
  "id, user_id AS userId, csrf_token AS csrfToken, method, created_at AS createdAt, last_seen_at AS lastSeenAt, expires_at AS expiresAt, id_token AS idToken";
const USER_COLUMNS =
  "id, username, display_name AS displayName, role, org_code AS orgCode, email, source, user_admin AS userAdmin, active, external_issuer AS externalIssuer, external_subject AS externalSubject, created_at AS createdAt, updated_at AS updatedAt, last_sign_in_at AS lastSignInAt";

export class SqliteAccounts {
  private readonly sessionById: Database.Statement<[string], SessionRow>;
  private readonly userById: Database.Statement<[string], RawUserRow>;
  private readonly sessionWithUser: Database.Statement<[string], SessionWithUserRow>;
  /** Told of every write below to sessions or users (the only place that writes them). */
  private readonly sessionCache: SqliteSessionCache<SessionWithUserRow>;
  private readonly touch: Database.Statement<[string, string]>;
  private readonly insertAudit: Database.Statement<unknown[]>;

  constructor(
    sqlite: Database.Database,
    private readonly db: Db,
  ) {
    this.sessionById = sqlite.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`);
    this.userById = sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
    // expand() gives each table's columns as its own object (both have an id).
    this.sessionWithUser = sqlite
      .prepare(`SELECT ${prefixed("s", SESSION_COLUMNS)}, ${prefixed("u", USER_COLUMNS)} FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.id = ?`)
      .expand() as typeof this.sessionWithUser;
    this.sessionCache = new SqliteSessionCache(sqlite);
    this.touch = sqlite.prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?");
    // Every write request appends an entry: prepared once rather than built by the query builder each time.
    this.insertAudit = sqlite.prepare(
      "INSERT INTO audit_log (at, action, user_id, actor, ip, collection, record_id, subject_user_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
  }

  // --- Users -----------------------------------------------------------------------------

  createUser(user: NewUser): User {
    this.sessionCache.forget();
    return this.db.transaction(
      (tx) => {
        const existing = tx.select({ id: users.id }).from(users).where(eq(users.username, user.username)).get();
        if (existing) throw new Error(`A user named "${user.username}" already exists.`);
        const email = normaliseEmail(user.email);
        if (email && tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw new Error(`A user with the email ${email} already exists.`);
        return insertUser(tx, user);
      },
      { behavior: "immediate" },
    );
  }

  ensureUser(user: NewUser): User {
    this.sessionCache.forget();
    return this.db.transaction(
      (tx) => {
        const existing = tx.select().from(users).where(eq(users.username, user.username)).get();
        return existing ? toUser(existing) : insertUser(tx, user);
      },
      { behavior: "immediate" },
    );
  }

  getUser(id: string): User | undefined {
    const row = this.userById.get(id);
    return row && fromRawUser(row);
  }

  getUserBy(where: SQL): User | undefined {
    const row = this.db.select().from(users).where(where).get();
    return row && toUser(row);
  }

  getUserByUsername(username: string): User | undefined {
    return this.getUserBy(eq(users.username, username));
  }

  getUserByEmail(email: string): User | undefined {
    const normalised = normaliseEmail(email);
    return normalised ? this.getUserBy(eq(users.email, normalised)) : undefined;
  }

  getUserByExternalId(issuer: string, subject: string): User | undefined {
    return this.getUserBy(and(eq(users.externalIssuer, issuer), eq(users.externalSubject, subject))!);
  }

  listUsers(): User[] {
    return this.db.select().from(users).orderBy(asc(users.username)).all().map(toUser);
  }

  updateUser(id: string, change: UserChange): User | undefined {
    this.sessionCache.forget();
    return this.db.transaction(
      (tx) => {
        const existing = tx.select().from(users).where(eq(users.id, id)).get();
        if (!existing) return undefined;
        const next: Partial<UserRow> = { updatedAt: new Date().toISOString() };
        if (change.displayName !== undefined) next.displayName = change.displayName;
        if (change.role !== undefined) next.role = change.role;
        if (change.orgCode !== undefined) next.orgCode = change.orgCode;
        if (change.active !== undefined) next.active = change.active;
        if (change.userAdmin !== undefined) next.userAdmin = change.userAdmin;
        tx.update(users).set(next).where(eq(users.id, id)).run();
        // A deactivated person, or one whose role or organisation changed, starts again: what
        // their open sessions were allowed is no longer what they may do.
        const ends = change.active === false || (change.role !== undefined && change.role !== existing.role) || (change.orgCode !== undefined && change.orgCode !== existing.orgCode);
        if (ends) tx.delete(sessions).where(eq(sessions.userId, id)).run();
        return toUser({ ...existing, ...next });
      },
      { behavior: "immediate" },
    );
  }

  recordSignIn(id: string, identity?: { issuer: string; subject: string }): void {
    const set: Partial<UserRow> = { lastSignInAt: new Date().toISOString() };
    if (identity) Object.assign(set, { externalIssuer: identity.issuer, externalSubject: identity.subject });
    this.sessionCache.forget();
    this.db.update(users).set(set).where(eq(users.id, id)).run();
  }

  countDevAccess(): { users: number; sessions: number } {
    const demo = this.db.select({ n: count() }).from(users).where(eq(users.source, "demo")).get()!.n;
    const dev = this.db.select({ n: count() }).from(sessions).where(eq(sessions.method, "dev")).get()!.n;
    return { users: demo, sessions: dev };
  }

  removeDevAccess(): { users: number; sessions: number } {
    this.sessionCache.forget();
    return this.db.transaction(
      (tx) => {
        const dev = tx.delete(sessions).where(eq(sessions.method, "dev")).run().changes;
        const demo = tx.delete(users).where(eq(users.source, "demo")).run().changes;
        return { users: demo, sessions: dev };
      },
      { behavior: "immediate" },
    );
  }

  // --- Sessions --------------------------------------------------------------------------

  createSession(input: NewSession): Session {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const session: Session = {
      id: randomBytes(32).toString("base64url"),
      userId: input.userId,
      csrfToken: randomBytes(32).toString("base64url"),
      method: input.method,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(now + input.lifetimeSeconds * 1000).toISOString(),
      idToken: input.idToken ?? null,
    };
    this.sessionCache.forget();
    this.db.transaction(
      (tx) => {
        // Housekeeping: sessions past their absolute end are of no further use.
        tx.delete(sessions).where(lte(sessions.expiresAt, at)).run();
        tx.insert(sessions).values(session).run();
      },
      { behavior: "immediate" },
    );
    return session;
  }

  getSession(id: string): Session | undefined {
    const row = this.sessionById.get(id);
    return row && this.unexpired(row);
  }

  getSessionWithUser(id: string): { session: Session; user: User | undefined } | undefined {
    const row = this.sessionCache.get(id, () => this.sessionWithUser.get(id));
    const session = row && this.unexpired(row.sessions);
    if (!session) return undefined;
    return { session, user: row.users.id === null ? undefined : fromRawUser(row.users) };
  }

  /** The session, or undefined (and the row gone) once it has reached its absolute end. */
  private unexpired(row: SessionRow): Session | undefined {
    if (!(Date.parse(row.expiresAt) > Date.now())) {
      this.deleteSession(row.id);
      return undefined;
    }
    return { ...row, method: row.method === "oidc" ? "oidc" : "dev" };
  }

  touchSession(id: string, at: string): void {
    this.touch.run(at, id);
    this.sessionCache.replace(id, (row) => ({ ...row, sessions: { ...row.sessions, lastSeenAt: at } }));
  }

  deleteSession(id: string): void {
    this.sessionCache.forget();
    this.db.delete(sessions).where(eq(sessions.id, id)).run();
  }

  deleteSessionsOf(userId: string): number {
    this.sessionCache.forget();
    return this.db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
  }

  // --- Audit trail -----------------------------------------------------------------------

  appendAudit(entry: NewAuditEntry): AuditEntry {
    const row = {
      at: entry.at ?? new Date().toISOString(),
      action: entry.action,
      userId: entry.userId ?? null,
      actor: entry.actor,
      ip: entry.ip ?? null,
      collection: entry.collection ?? null,
      recordId: entry.recordId ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      details: entry.details ?? {},
    };
    // Not INSERT … RETURNING: that opens a savepoint, at which FTS5 writes out the search
    // entries of the transaction so far (see migration 0012), once per case.
    const { lastInsertRowid } = this.insertAudit.run(row.at, row.action, row.userId, row.actor, row.ip, row.collection, row.recordId, row.subjectUserId, JSON.stringify(row.details));
    return { seq: Number(lastInsertRowid), ...row };
  }

  listAudit(query: AuditQuery): AuditPage {
    const where: SQL[] = [];
    if (query.userId) where.push(eq(auditLog.userId, query.userId));
    if (query.recordId) where.push(eq(auditLog.recordId, query.recordId));
    if (query.collection) where.push(eq(auditLog.collection, query.collection));
    if (query.actions?.length) where.push(inArray(auditLog.action, query.actions));
    if (query.from) where.push(gte(auditLog.at, query.from));
    if (query.to) where.push(lt(auditLog.at, query.to));
    if (query.beforeSeq !== undefined) where.push(lt(auditLog.seq, query.beforeSeq));
    const rows = this.db
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(desc(auditLog.seq))
      .limit(query.limit + 1)
      .all();
    const items = rows.slice(0, query.limit);
    return { items, next: rows.length > query.limit ? items[items.length - 1]!.seq : null };
  }
}

export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

function insertUser(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], user: NewUser): User {
  const row: UserRow = {
    id: randomUUID(),
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgCode: user.orgCode,
    email: normaliseEmail(user.email),
    source: user.source ?? "admin",
    userAdmin: user.userAdmin ?? false,
    active: true,
    externalIssuer: user.externalIssuer ?? null,
    externalSubject: user.externalSubject ?? null,
    createdAt: new Date().toISOString(),
    updatedAt: null,
    lastSignInAt: null,
  };
  tx.insert(users).values(row).run();
  return toUser(row);
}

function toUser(row: UserRow): User {
  return { ...row };
}

function fromRawUser(row: RawUserRow): User {
  return { ...row, active: row.active === 1, userAdmin: row.userAdmin === 1 } as User;
}

/** Each column of a list ("a, b AS c") qualified with a table alias ("t.a, t.b AS c"). */
function prefixed(alias: string, columns: string): string {
  return columns
    .split(", ")
    .map((column) => `${alias}.${column}`)
    .join(", ");
}
