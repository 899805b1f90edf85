/**
 * The query planner's statistics, kept in step with a file that grows while the tracker runs.
 * Each SQLite connection reads ANALYZE's figures when it loads the schema, and keeps them: a
 * tracker started on an empty or small file planned with those figures until it restarted (its
 * `close()` gathers them), and so did its read workers, whose read-only connections cannot
 * gather any.
 *
 * So the writer asks SQLite now and then whether the figures need gathering again (`PRAGMA
 * optimize`: nothing unless a table has grown or shrunk about tenfold, and bounded when it
 * does). When they changed, a schema change that leaves the schema as it was makes every other
 * connection (the read workers, another process on the file) load the schema again, and the new
 * figures with it, before its next statement.
 */
import type Database from "better-sqlite3";

/**
 * How often the writer asks. Asking costs under a millisecond when nothing changed; gathering,
 * which holds the writer, took 160 ms after 100,000 cases were imported into an empty file
 * (every list index sampled), and happens once for each tenfold growth.
 */
export const STATISTICS_CHECK_MS = 60_000;

/** 0x10000: every table, not only those this connection queried; 0x10: ANALYZE bounded; 0x02: ANALYZE where needed. */
const OPTIMIZE = "optimize = 0x10012";

export type StatisticsCheck = "unchanged" | "gathered" | "busy";

export class SqliteStatistics {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sqlite: Database.Database,
    everyMs: number = STATISTICS_CHECK_MS,
  ) {
    this.timer = setInterval(() => {
      if (!this.sqlite.open || this.sqlite.inTransaction) return;
      try {
        this.check();
      } catch {
        // Only planning is at stake; a file that cannot be written says so on the next write.
      }
    }, everyMs);
    this.timer.unref();
  }

  /**
   * Gathers the statistics where they are out of date, in one short transaction with the news
   * for other connections. A writer elsewhere holding the file (a data command) is not waited
   * for: the event loop must not stop for it, and the next check comes soon enough.
   */
  check(): StatisticsCheck {
    const timeout = this.sqlite.pragma("busy_timeout", { simple: true }) as number;
    this.sqlite.pragma("busy_timeout = 0");
    try {
      return this.sqlite.transaction((): StatisticsCheck => {
        const before = this.figures();
        this.sqlite.pragma(OPTIMIZE);
        if (this.figures() === before) return "unchanged";
        this.sqlite.exec("CREATE TABLE scrt_statistics_changed (x); DROP TABLE scrt_statistics_changed;");
        return "gathered";
      }).immediate();
    } catch (error) {
      if (error instanceof Error && "code" in error && (error.code === "SQLITE_BUSY" || error.code === "SQLITE_LOCKED")) return "busy";
      throw error;
    } finally {
      this.sqlite.pragma(`busy_timeout = ${timeout}`);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private figures(): string {
    const exists = this.sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get();
    return exists ? JSON.stringify(this.sqlite.prepare("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx").all()) : "";
  }
}
