/**
 * The PostgreSQL connection pool of the store, and its transactions. A transaction holds one
 * pool client; the store's calls made while it runs (inside `bulk()`'s work, or a write's body)
 * reach that client through AsyncLocalStorage, so code written against the Store interface
 * needs no transaction handle to take part in one.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

export type Params = readonly unknown[];

/** PostgreSQL's error code for a unique index refusing a row. */
export const UNIQUE_VIOLATION = "23505";

export function isUniqueViolation(error: unknown, constraint?: string): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError && error.code === UNIQUE_VIOLATION && (constraint === undefined || error.constraint === constraint);
}

// bigint (int8: sequences and counts) as a JavaScript number: sequences stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

export class PgDb {
  readonly pool: pg.Pool;
  private readonly current = new AsyncLocalStorage<pg.PoolClient>();

  constructor(
    url: string,
    private readonly onStatement?: (sql: string, params: Params) => void,
    max = 10,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max, types });
    // An idle client losing its connection (a server restart) must not crash the process: the
    // pool drops it and the next query opens another.
    this.pool.on("error", () => undefined);
  }

  /** Whether a transaction of this store is open in the calling async context. */
  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async query<Row>(text: string, params: Params = []): Promise<Row[]> {
    return (await this.run<Row>(text, params)).rows;
  }

  async one<Row>(text: string, params: Params = []): Promise<Row | undefined> {
    return (await this.run<Row>(text, params)).rows[0];
  }

  /** Rows changed by an INSERT, UPDATE or DELETE. */
  async exec(text: string, params: Params = []): Promise<number> {
    return (await this.run(text, params)).rowCount ?? 0;
  }

  private run<Row>(text: string, params: Params): Promise<pg.QueryResult<Row & pg.QueryResultRow>> {
    this.onStatement?.(text, params);
    const client = this.current.getStore();
    return (client ?? this.pool).query<Row & pg.QueryResultRow>(text, params as unknown[]);
  }

  /**
   * Runs `work` in a transaction, or as part of the one already open in this async context
   * (a write inside bulk(): a refusal is found before anything is written, so none needs a
   * savepoint). `begin` may ask for an isolation level.
   */
  async transaction<T>(work: () => Promise<T>, begin = "BEGIN"): Promise<T> {
    if (this.current.getStore()) return work();
    const client = await this.pool.connect();
    try {
      await client.query(begin);
      const result = await this.current.run(client, work);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Runs `work` on a client of its own while holding a session advisory lock (start-up steps two processes must not run together). */
  async withAdvisoryLock<T>(key: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [key]);
      try {
        return await this.current.run(client, () => work(client));
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [key]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Turns `?` placeholders into PostgreSQL's `$1, $2, …` (the list's SQL is built with `?`, as SQLite's is; none of it holds a literal `?`). */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}
