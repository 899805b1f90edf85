/**
 * Group commit for the embedded store's single-row writes. A SQLite commit costs by the pages
 * it writes, and one case touches dozens (the record, its revision, every list index, the
 * search tables, the audit entry); writes that arrive together, as concurrent requests do, share
 * most of those pages. So the writes asked for in one turn of the event loop run one after
 * another, each complete before the next starts, inside one BEGIN IMMEDIATE transaction, and
 * every caller hears its own result only once that transaction has committed.
 *
 * A write whose body throws must not take the others with it: the group is rolled back and each
 * of its writes runs again in a transaction of its own, so the thrower fails alone and the rest
 * are stored as if they had come one at a time. (Bodies check before they write and read the
 * state they are run on, so running one again after a rollback is running it for the first time.)
 */
import type Database from "better-sqlite3";

interface Pending {
  body: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Writes in one group at most: a commit stays short however many requests are waiting. */
const MAX_GROUP = 64;

export class SqliteWriteGroup {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly inOne: Database.Transaction<(bodies: Pending[]) => unknown[]>;

  constructor(private readonly sqlite: Database.Database) {
    this.inOne = sqlite.transaction((group: Pending[]) => group.map((p) => p.body()));
  }

  /**
   * Runs `body` in the next group's transaction; resolves with its result after the commit.
   * Inside a transaction already open (a bulk run, which owns the database while it lasts) the
   * body runs at once, as part of it.
   */
  run<T>(body: () => T): Promise<T> {
    if (this.sqlite.inTransaction) {
      try {
        return Promise.resolve(body());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ body, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushAll());
      }
    });
  }

  /**
   * Commits everything waiting now: closing the store calls it, so nothing asked for is dropped,
   * and so does a bulk run before it begins, so no caller already told "stored" is in its rollback.
   */
  flushAll(): void {
    this.scheduled = false;
    while (this.pending.length > 0) this.flush(this.pending.splice(0, MAX_GROUP));
  }

  private flush(group: Pending[]): void {
    if (!this.sqlite.open) {
      for (const p of group) p.reject(new Error("The database is closed"));
      return;
    }
    if (group.length === 1) return this.alone(group[0]!);
    let results: unknown[];
    try {
      results = this.inOne.immediate(group);
    } catch {
      // Rolled back as a whole: each write on its own, so one failure is that write's alone.
      for (const p of group) this.alone(p);
      return;
    }
    group.forEach((p, i) => p.resolve(results[i]));
  }

  private alone(p: Pending): void {
    try {
      p.resolve(this.inOne.immediate([p])[0]);
    } catch (error) {
      p.reject(error);
    }
  }
}
