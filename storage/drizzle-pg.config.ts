/**
 * drizzle-kit configuration of the PostgreSQL schema. Run from the repository root:
 *   npx drizzle-kit generate --config storage/drizzle-pg.config.ts
 * The generated SQL and meta/ journal in storage/migrations-pg are committed; the PostgreSQL
 * store applies them at start-up with drizzle's migrator, under an advisory lock.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./storage/pg-schema.ts",
  out: "./storage/migrations-pg",
  strict: true,
  verbose: true,
});
