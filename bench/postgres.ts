/**
 * The PostgreSQL server the benchmarks run on with `--store postgres`: its admin URL, and
 * databases of their own made afresh on it.
 */
import pg from "pg";

export function postgresAdminUrl(): string {
  const url = process.env["BENCH_POSTGRES_URL"] ?? process.env["TEST_POSTGRES_URL"];
  if (!url) throw new Error("--store postgres needs BENCH_POSTGRES_URL (or TEST_POSTGRES_URL): an admin URL of a PostgreSQL server whose role may create databases");
  return url;
}

/** The URL of database `name` on the benchmarks' server. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Drops database `name` if it is there (ending its connections) and makes it again, empty. */
export async function recreatePostgresDatabase(name: string): Promise<void> {
  await dropPostgresDatabase(name);
  await asAdmin(`CREATE DATABASE ${name}`);
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
