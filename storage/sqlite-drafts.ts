/**
 * Drafts in SQLite: each author's unsaved answers, one row per case. Expiry is checked on every
 * read (an expired draft is never returned, even before it is purged) and expired rows are
 * purged whenever a draft is written and at start-up.
 */
import { and, count, desc, eq, gt, lte } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { drafts } from "./schema.ts";
import type { Draft, DraftWrite } from "./types.ts";

type Db = BetterSQLite3Database<Record<string, unknown>>;
type DraftRow = typeof drafts.$inferSelect;

export class SqliteDrafts {
  constructor(private readonly db: Db) {}

  save(input: DraftWrite): Draft {
    const at = input.at ?? new Date().toISOString();
    const row: DraftRow = {
      userId: input.userId,
      collection: input.collection,
      draftKey: input.key,
      recordId: input.recordId,
      version: input.version,
      data: input.data,
      basedOnRevision: input.basedOnRevision,
      updatedAt: at,
      expiresAt: new Date(Date.parse(at) + input.retentionSeconds * 1000).toISOString(),
    };
    this.db.transaction(
      (tx) => {
        tx.delete(drafts).where(lte(drafts.expiresAt, at)).run();
        tx.insert(drafts)
          .values(row)
          .onConflictDoUpdate({
            target: [drafts.userId, drafts.collection, drafts.draftKey],
            set: { recordId: row.recordId, version: row.version, data: row.data, basedOnRevision: row.basedOnRevision, updatedAt: row.updatedAt, expiresAt: row.expiresAt },
          })
          .run();
      },
      { behavior: "immediate" },
    );
    return toDraft(row);
  }

  get(userId: string, collection: string, key: string, now = new Date().toISOString()): Draft | undefined {
    const row = this.db
      .select()
      .from(drafts)
      .where(and(eq(drafts.userId, userId), eq(drafts.collection, collection), eq(drafts.draftKey, key), gt(drafts.expiresAt, now)))
      .get();
    return row && toDraft(row);
  }

  list(userId: string, now = new Date().toISOString()): Draft[] {
    return this.db
      .select()
      .from(drafts)
      .where(and(eq(drafts.userId, userId), gt(drafts.expiresAt, now)))
      .orderBy(desc(drafts.updatedAt))
      .all()
      .map(toDraft);
  }

  count(userId: string, now = new Date().toISOString()): number {
    return this.db
      .select({ n: count() })
      .from(drafts)
      .where(and(eq(drafts.userId, userId), gt(drafts.expiresAt, now)))
      .get()!.n;
  }

  delete(userId: string, collection: string, key: string): boolean {
    return this.db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.collection, collection), eq(drafts.draftKey, key))).run().changes > 0;
  }

  purgeExpired(now = new Date().toISOString()): number {
    return this.db.delete(drafts).where(lte(drafts.expiresAt, now)).run().changes;
  }
}

function toDraft(row: DraftRow): Draft {
  const { draftKey, ...rest } = row;
  return { ...rest, key: draftKey };
}
