/**
 * The stores the storage tests run against: SQLite always, and PostgreSQL when
 * TEST_POSTGRES_URL names a server (an admin URL whose role may CREATE DATABASE). Each test
 * gets a fresh database, made from scratch and dropped afterwards: nothing is mocked.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPostgresStore, PG_MIGRATIONS_FOLDER } from "./pg-store.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { MigrationsNotice } from "./pending-migrations.ts";
import type { NewRecord, Store } from "./types.ts";

export interface StoreTarget {
  dialect: "sqlite" | "postgres";
  /** A fresh, empty place to open stores on (a folder's file, or a new database). */
  create(): Promise<StorePlace>;
}

export interface StorePlace {
  /** Opens a store on it (as many as wanted: they share the data, as two processes would). */
  open(options?: { onStatement?: (sql: string, params?: readonly unknown[]) => void; onMigrations?: MigrationsNotice }): Promise<Store>;
  /** For SQLite, the file; for PostgreSQL, the database URL. */
  location: string;
  /** Runs SQL straight on the database, outside any store (tests read and try to change rows with it). */
  raw<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [{ dialect: "sqlite", create: sqlitePlace }];
  const url = process.env["TEST_POSTGRES_URL"];
  if (url) targets.push({ dialect: "postgres", create: () => postgresPlace(url) });
  return targets;
}

/** Runs SQL straight on a SQLite file, outside any store; parameters written `$1, $2`, as for PostgreSQL. */
export async function rawSqlite<Row>(file: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(file);
  try {
    const statement = db.prepare(sql.replace(/\$\d+/g, "?"));
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as Row[];
  } finally {
    db.close();
  }
}

async function sqlitePlace(): Promise<StorePlace> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-store-"));
  const file = join(dir, "nested", "scrt.db");
  return {
    location: file,
    open: (options) => openSqliteStore({ file, ...options }),
    raw: (sql, params) => rawSqlite(file, sql, params),
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let template: Promise<string> | undefined;

/**
 * A database with every migration applied, copied for each test (CREATE DATABASE ... TEMPLATE
 * takes a fraction of the time migrating takes). Its name carries a hash of the migrations, so a
 * changed migration makes a new one; an advisory lock keeps parallel test files from making it
 * twice.
 */
function migratedTemplate(adminUrl: string): Promise<string> {
  template ??= (async () => {
    const hash = createHash("sha256");
    for (const file of readdirSync(PG_MIGRATIONS_FOLDER).filter((f) => f.endsWith(".sql")).sort()) hash.update(file).update(readFileSync(`${PG_MIGRATIONS_FOLDER}/${file}`));
    const name = `scrt_tpl_${hash.digest("hex").slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query("SELECT pg_advisory_lock(5924)");
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (!exists.rowCount) {
        const building = `${name}_wip`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        const store = await openPostgresStore({ url: databaseUrl(adminUrl, building), poolSize: 1 });
        await store.close();
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
      await admin.query("SELECT pg_advisory_unlock(5924)");
    } finally {
      await admin.end();
    }
    return name;
  })();
  return template;
}

/** A fresh database with every migration applied, copied from the template (the server tests' trackers use it too). */
export async function postgresPlace(adminUrl: string): Promise<StorePlace> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const from = await migratedTemplate(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
  } finally {
    await admin.end();
  }
  const location = databaseUrl(adminUrl, name);
  return {
    location,
    open: (options) => openPostgresStore({ url: location, poolSize: 4, ...options }),
    async raw<Row>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as Row[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // An autovacuum worker on the database is ended by FORCE only for a role in
        // pg_signal_backend (test/pg/ensure-postgres.sh grants it); without, it finishes soon.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (error) {
            if (!(error instanceof pg.DatabaseError && error.code === "42501") || attempt === 20) throw error;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A record of the "case-review" test collection, unique by its STEIS number within its owner
 * and searchable by its summary (the write tests' fixture).
 */
export function caseReviewRecord(steis: string, extra: Partial<NewRecord> = {}): NewRecord {
  return {
    collection: "case-review",
    version: "1.0",
    ownerOrg: "QWE",
    data: { steis_number: steis, summary: `Case ${steis}` },
    userId: "user-1",
    complete: true,
    missing: [],
    unique: [{ item: "steis_number", value: steis, ignoreCase: true, within: "owner" }],
    search: { texts: [{ item: "summary", text: `Case ${steis}` }], facets: [] },
    ...extra,
  };
}
