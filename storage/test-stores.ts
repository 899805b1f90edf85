/**
 * The stores the storage tests run against: SQLite always, and PostgreSQL when
 * TEST_POSTGRES_URL names a server (an admin URL whose role may CREATE DATABASE). Each test
 * gets a fresh database, made from scratch and dropped afterwards: nothing is mocked.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openPostgresStore } from "./pg-store.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./types.ts";

export interface StoreTarget {
  dialect: "sqlite" | "postgres";
  /** A fresh, empty place to open stores on (a folder's file, or a new database). */
  create(): Promise<StorePlace>;
}

export interface StorePlace {
  /** Opens a store on it (as many as wanted: they share the data, as two processes would). */
  open(options?: { onStatement?: (sql: string) => void }): Promise<Store>;
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

async function sqlitePlace(): Promise<StorePlace> {
  const dir = mkdtempSync(join(tmpdir(), "scrt-store-"));
  const file = join(dir, "nested", "scrt.db");
  return {
    location: file,
    open: (options) => openSqliteStore({ file, ...options }),
    async raw<Row>(sql: string, params: unknown[] = []) {
      const { default: Database } = await import("better-sqlite3");
      const db = new Database(file);
      try {
        const statement = db.prepare(sql.replace(/\$\d+/g, "?"));
        return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as Row[];
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresPlace(adminUrl: string): Promise<StorePlace> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const location = url.toString();
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
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
