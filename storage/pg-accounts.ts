/**
 * Accounts, sessions, the audit trail and drafts in PostgreSQL: the same behaviour as
 * sqlite-accounts.ts and sqlite-drafts.ts, shared by every tracker instance on the database
 * (a session made through one instance is honoured by the others).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isUniqueViolation, type PgDb } from "./pg-db.ts";
import { normaliseEmail } from "./sqlite-accounts.ts";
import type { AuditEntry, AuditPage, AuditQuery, Draft, DraftWrite, NewAuditEntry, NewSession, NewUser, Session, User, UserChange } from "./types.ts";

const USER_COLUMNS = `id, username, display_name AS "displayName", role, org_code AS "orgCode", email, source, user_admin AS "userAdmin", active, external_issuer AS "externalIssuer", external_subject AS "externalSubject", created_at AS "createdAt", updated_at AS "updatedAt", last_sign_in_at AS "lastSignInAt"`;
const SESSION_COLUMNS = `id, user_id AS "userId", csrf_token AS "csrfToken", method, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", id_token AS "idToken"`;
const AUDIT_COLUMNS = `seq, at, action, user_id AS "userId", actor, ip, collection, record_id AS "recordId", subject_user_id AS "subjectUserId", details`;
const DRAFT_COLUMNS = `user_id AS "userId", collection, draft_key AS key, record_id AS "recordId", version, data, based_on_revision AS "basedOnRevision", updated_at AS "updatedAt", expires_at AS "expiresAt"`;

export class PgAccounts {
  constructor(private readonly db: PgDb) {}

  // --- Users -----------------------------------------------------------------------------

  async createUser(user: NewUser): Promise<User> {
    const email = normaliseEmail(user.email);
    try {
      return await this.insertUser(user);
    } catch (error) {
      // The unique indexes decide, so two instances adding the same person cannot both succeed.
      if (isUniqueViolation(error, "users_username_unique")) throw new Error(`A user named "${user.username}" already exists.`);
      if (isUniqueViolation(error, "users_email_idx")) throw new Error(`A user with the email ${email} already exists.`);
      throw error;
    }
  }

  async ensureUser(user: NewUser): Promise<User> {
    const existing = await this.getUserByUsername(user.username);
    if (existing) return existing;
    try {
      return await this.insertUser(user);
    } catch (error) {
      // Another instance made it meanwhile.
      if (!isUniqueViolation(error, "users_username_unique")) throw error;
      return (await this.getUserByUsername(user.username))!;
    }
  }

  private async insertUser(user: NewUser): Promise<User> {
    const row: User = {
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
    await this.db.exec(
      "INSERT INTO users (id, username, display_name, role, org_code, email, source, user_admin, active, external_issuer, external_subject, created_at, updated_at, last_sign_in_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      [row.id, row.username, row.displayName, row.role, row.orgCode, row.email, row.source, row.userAdmin, row.active, row.externalIssuer, row.externalSubject, row.createdAt, row.updatedAt, row.lastSignInAt],
    );
    return row;
  }

  getUser(id: string): Promise<User | undefined> {
    return this.db.one<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  }

  getUserByUsername(username: string): Promise<User | undefined> {
    return this.db.one<User>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
  }

  async getUserByEmail(email: string): Promise<User | undefined> {
    const normalised = normaliseEmail(email);
    return normalised ? this.db.one<User>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [normalised]) : undefined;
  }

  getUserByExternalId(issuer: string, subject: string): Promise<User | undefined> {
    return this.db.one<User>(`SELECT ${USER_COLUMNS} FROM users WHERE external_issuer = $1 AND external_subject = $2`, [issuer, subject]);
  }

  listUsers(): Promise<User[]> {
    // COLLATE "C": the order SQLite gives (by code point), whatever the database's collation.
    return this.db.query<User>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username COLLATE "C"`);
  }

  updateUser(id: string, change: UserChange): Promise<User | undefined> {
    return this.db.transaction(async () => {
      const existing = await this.db.one<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id]);
      if (!existing) return undefined;
      const next: User = { ...existing, updatedAt: new Date().toISOString() };
      if (change.displayName !== undefined) next.displayName = change.displayName;
      if (change.role !== undefined) next.role = change.role;
      if (change.orgCode !== undefined) next.orgCode = change.orgCode;
      if (change.active !== undefined) next.active = change.active;
      if (change.userAdmin !== undefined) next.userAdmin = change.userAdmin;
      await this.db.exec("UPDATE users SET display_name = $1, role = $2, org_code = $3, active = $4, user_admin = $5, updated_at = $6 WHERE id = $7", [
        next.displayName,
        next.role,
        next.orgCode,
        next.active,
        next.userAdmin,
        next.updatedAt,
        id,
      ]);
      // A deactivated person, or one whose role or organisation changed, starts again.
      const ends = change.active === false || (change.role !== undefined && change.role !== existing.role) || (change.orgCode !== undefined && change.orgCode !== existing.orgCode);
      if (ends) await this.db.exec("DELETE FROM sessions WHERE user_id = $1", [id]);
      return next;
    });
  }

  async recordSignIn(id: string, identity?: { issuer: string; subject: string }): Promise<void> {
    const at = new Date().toISOString();
    if (identity) await this.db.exec("UPDATE users SET last_sign_in_at = $1, external_issuer = $2, external_subject = $3 WHERE id = $4", [at, identity.issuer, identity.subject, id]);
    else await this.db.exec("UPDATE users SET last_sign_in_at = $1 WHERE id = $2", [at, id]);
  }

  async countDevAccess(): Promise<{ users: number; sessions: number }> {
    const row = await this.db.one<{ users: number; sessions: number }>(
      "SELECT (SELECT count(*) FROM users WHERE source = 'demo') AS users, (SELECT count(*) FROM sessions WHERE method = 'dev') AS sessions",
    );
    return { users: row!.users, sessions: row!.sessions };
  }

  removeDevAccess(): Promise<{ users: number; sessions: number }> {
    return this.db.transaction(async () => {
      const sessions = await this.db.exec("DELETE FROM sessions WHERE method = 'dev'");
      const users = await this.db.exec("DELETE FROM users WHERE source = 'demo'");
      return { users, sessions };
    });
  }

  // --- Sessions --------------------------------------------------------------------------

  async createSession(input: NewSession): Promise<Session> {
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
    await this.db.transaction(async () => {
      // Housekeeping: sessions past their absolute end are of no further use.
      await this.db.exec("DELETE FROM sessions WHERE expires_at <= $1", [at]);
      await this.db.exec("INSERT INTO sessions (id, user_id, csrf_token, method, created_at, last_seen_at, expires_at, id_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", [
        session.id,
        session.userId,
        session.csrfToken,
        session.method,
        session.createdAt,
        session.lastSeenAt,
        session.expiresAt,
        session.idToken,
      ]);
    });
    return session;
  }

  async getSession(id: string): Promise<Session | undefined> {
    const row = await this.db.one<Session>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`, [id]);
    return row && this.unexpired(row);
  }

  async getSessionWithUser(id: string): Promise<{ session: Session; user: User | undefined } | undefined> {
    // The user as one JSON value (every users column is text or boolean, which JSON keeps as they are).
    const row = await this.db.one<Session & { user: User | null }>(
      `SELECT ${SESSION_COLUMNS}, (SELECT row_to_json(u) FROM (SELECT ${USER_COLUMNS} FROM users WHERE users.id = sessions.user_id) u) AS "user" FROM sessions WHERE id = $1`,
      [id],
    );
    if (!row) return undefined;
    const { user, ...rest } = row;
    const session = await this.unexpired(rest);
    return session && { session, user: user ?? undefined };
  }

  /** The session, or undefined (and the row gone) once it has reached its absolute end. */
  private async unexpired(row: Session): Promise<Session | undefined> {
    if (!(Date.parse(row.expiresAt) > Date.now())) {
      await this.deleteSession(row.id);
      return undefined;
    }
    return { ...row, method: row.method === "oidc" ? "oidc" : "dev" };
  }

  async touchSession(id: string, at: string): Promise<void> {
    await this.db.exec("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", [at, id]);
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.exec("DELETE FROM sessions WHERE id = $1", [id]);
  }

  deleteSessionsOf(userId: string): Promise<number> {
    return this.db.exec("DELETE FROM sessions WHERE user_id = $1", [userId]);
  }

  // --- Audit trail -----------------------------------------------------------------------

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
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
    const inserted = await this.db.one<{ seq: number }>(
      "INSERT INTO audit_log (at, action, user_id, actor, ip, collection, record_id, subject_user_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
      [row.at, row.action, row.userId, row.actor, row.ip, row.collection, row.recordId, row.subjectUserId, JSON.stringify(row.details)],
    );
    return { seq: inserted!.seq, ...row };
  }

  async listAudit(query: AuditQuery): Promise<AuditPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (text: string, value: unknown) => {
      params.push(value);
      where.push(text.replace("?", `$${params.length}`));
    };
    if (query.userId) add("user_id = ?", query.userId);
    if (query.recordId) add("record_id = ?", query.recordId);
    if (query.collection) add("collection = ?", query.collection);
    if (query.actions?.length) add("action = ANY(?)", query.actions);
    if (query.from) add("at >= ?", query.from);
    if (query.to) add("at < ?", query.to);
    if (query.beforeSeq !== undefined) add("seq < ?", query.beforeSeq);
    params.push(query.limit + 1);
    const rows = await this.db.query<AuditEntry>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT $${params.length}`, params);
    const items = rows.slice(0, query.limit);
    return { items, next: rows.length > query.limit ? items[items.length - 1]!.seq : null };
  }

  // --- Drafts ----------------------------------------------------------------------------

  async saveDraft(input: DraftWrite): Promise<Draft> {
    const at = input.at ?? new Date().toISOString();
    const draft: Draft = {
      userId: input.userId,
      collection: input.collection,
      key: input.key,
      recordId: input.recordId,
      version: input.version,
      data: input.data,
      basedOnRevision: input.basedOnRevision,
      updatedAt: at,
      expiresAt: new Date(Date.parse(at) + input.retentionSeconds * 1000).toISOString(),
    };
    await this.db.transaction(async () => {
      await this.db.exec("DELETE FROM drafts WHERE expires_at <= $1", [at]);
      await this.db.exec(
        `INSERT INTO drafts (user_id, collection, draft_key, record_id, version, data, based_on_revision, updated_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (user_id, collection, draft_key) DO UPDATE SET record_id = excluded.record_id, version = excluded.version, data = excluded.data,
           based_on_revision = excluded.based_on_revision, updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
        [draft.userId, draft.collection, draft.key, draft.recordId, draft.version, JSON.stringify(draft.data), draft.basedOnRevision, draft.updatedAt, draft.expiresAt],
      );
    });
    return draft;
  }

  getDraft(userId: string, collection: string, key: string, now = new Date().toISOString()): Promise<Draft | undefined> {
    return this.db.one<Draft>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE user_id = $1 AND collection = $2 AND draft_key = $3 AND expires_at > $4`, [userId, collection, key, now]);
  }

  listDrafts(userId: string, now = new Date().toISOString()): Promise<Draft[]> {
    return this.db.query<Draft>(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE user_id = $1 AND expires_at > $2 ORDER BY updated_at DESC`, [userId, now]);
  }

  async countDrafts(userId: string, now = new Date().toISOString()): Promise<number> {
    return (await this.db.one<{ n: number }>("SELECT count(*) AS n FROM drafts WHERE user_id = $1 AND expires_at > $2", [userId, now]))!.n;
  }

  async deleteDraft(userId: string, collection: string, key: string): Promise<boolean> {
    return (await this.db.exec("DELETE FROM drafts WHERE user_id = $1 AND collection = $2 AND draft_key = $3", [userId, collection, key])) > 0;
  }

  purgeExpiredDrafts(now = new Date().toISOString()): Promise<number> {
    return this.db.exec("DELETE FROM drafts WHERE expires_at <= $1", [now]);
  }
}
