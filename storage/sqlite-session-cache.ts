/**
 * Sessions with their users as last read from SQLite, kept only while nothing can have changed
 * them. Every signed-in request reads its session and user; in WAL mode that read cost 15–30 µs
 * (more just after a write), against about 4 µs to ask whether any other connection has
 * committed since (`PRAGMA data_version`, which this connection's own commits leave alone). So
 * the rows are kept until another connection writes anything (a data command, another process,
 * a job's own connection), and this connection's writes to sessions and users tell the cache
 * themselves (sqlite-accounts.ts, the only place that writes those tables).
 *
 * Nothing here decides whether a session is still good: its expiry and idle time are checked on
 * every use, from the row, as before.
 */
import type Database from "better-sqlite3";

/** Bounded, as the server's cookie cache is: emptied when full rather than tracking use. */
const MAX_ENTRIES = 10_000;

export class SqliteSessionCache<Row> {
  private readonly rows = new Map<string, Row>();
  private readonly dataVersion: Database.Statement<[], number>;
  private version: number | undefined;

  constructor(sqlite: Database.Database) {
    this.dataVersion = sqlite.prepare("PRAGMA data_version").pluck() as Database.Statement<[], number>;
  }

  /** The row kept for a session id, or `read()`'s (kept for next time); undefined rows are not kept. */
  get(id: string, read: () => Row | undefined): Row | undefined {
    const version = this.dataVersion.get();
    if (version !== this.version) {
      this.rows.clear();
      this.version = version;
    }
    const kept = this.rows.get(id);
    if (kept !== undefined) return kept;
    const row = read();
    if (row === undefined) return undefined;
    if (this.rows.size >= MAX_ENTRIES) this.rows.clear();
    this.rows.set(id, row);
    return row;
  }

  /** A session's row as this connection has just written it. */
  replace(id: string, change: (row: Row) => Row): void {
    const kept = this.rows.get(id);
    if (kept !== undefined) this.rows.set(id, change(kept));
  }

  /** After any other write to sessions or users: which rows it touched is not worth working out. */
  forget(): void {
    this.rows.clear();
  }
}
